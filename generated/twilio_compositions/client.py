"""Low-level clients for the functions in `api/`. Most callers want CompositionsClient instead.

The functions send through the same core as CompositionsClient (_low_level.py): the same retries,
timeouts, User-Agent, logging and bounded reading, and no credentials left in a request once sent.
"""

import base64
import ssl
from typing import Any, Self

import httpx
from attrs import define, evolve, field

from ._base_client import _checked_max_response_bytes, _checked_max_retries
from ._bounded import DEFAULT_MAX_RESPONSE_BYTES
from ._http import DEFAULT_TIMEOUT, checked_base_url, trust_env_for
from ._low_level import AsyncSender, SyncSender, timeout_setting
from ._retry import DEFAULT_MAX_RETRIES
from ._spec_rules import DEFAULT_BASE_URL


@define
class Client:
    """A client without credentials, for operations the spec marks as public.

    Keyword arguments:
        base_url: the API's root URL (default https://video.twilio.com); https, or http to loopback.
        cookies, headers: sent with every request (headers win over the client's own, User-Agent too).
        timeout: seconds or an httpx.Timeout, for each attempt (default 30 s, 5 s to connect; None: none).
        max_retries: how often a failed request is sent again, as by CompositionsClient (default 2; 0:
            never): connection failures, timeouts, 429 and 500/502/503/504, a POST only when it cannot
            have reached the server or after a 429.
        max_response_bytes: the most an answer may hold once decoded (default 16 MiB).
        verify_ssl: whether to check the server's TLS certificate (keep True outside tests).
        follow_redirects: whether the httpx clients of get_httpx_client() follow redirects (default
            False); the functions of api/ never do (a redirect is an answer: the media URL).
        httpx_args: more keyword arguments for httpx.Client / httpx.AsyncClient (transport, proxy, ...).

    """

    _base_url: str = field(
        default=DEFAULT_BASE_URL, kw_only=True, alias="base_url", converter=checked_base_url
    )
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies", repr=False)
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers", repr=False)
    _timeout: httpx.Timeout = field(
        default=DEFAULT_TIMEOUT, kw_only=True, alias="timeout", converter=timeout_setting
    )
    _max_retries: int = field(
        default=DEFAULT_MAX_RETRIES, kw_only=True, alias="max_retries", converter=_checked_max_retries
    )
    _max_response_bytes: int = field(
        default=DEFAULT_MAX_RESPONSE_BYTES,
        kw_only=True,
        alias="max_response_bytes",
        converter=_checked_max_response_bytes,
    )
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args", repr=False)
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)
    _sender: SyncSender | None = field(default=None, init=False, repr=False)
    _async_sender: AsyncSender | None = field(default=None, init=False, repr=False)

    def with_headers(self, headers: dict[str, str]) -> "Client":
        """A new client like this one, with more headers; this one is left as it is."""
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "Client":
        """A new client like this one, with more cookies; this one is left as it is."""
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout | float | None) -> "Client":
        """A new client like this one, with another timeout; this one is left as it is."""
        return evolve(self, timeout=timeout)

    def _authorization(self) -> str | None:
        return None

    def _httpx_kwargs(self) -> dict[str, Any]:
        return {
            "base_url": self._base_url,
            "cookies": self._cookies,
            "headers": self._headers,
            "timeout": self._timeout,
            "verify": self._verify_ssl,
            "follow_redirects": self._follow_redirects,
            "trust_env": trust_env_for(self._base_url),
            **self._httpx_args,
        }

    def _get_sender(self) -> SyncSender:
        """The core the sync functions send through, on get_httpx_client(); built on first use."""
        if self._sender is None:
            self._sender = SyncSender(
                authorization=self._authorization(),
                base_url=self._base_url,
                timeout=self._timeout,
                max_retries=self._max_retries,
                max_response_bytes=self._max_response_bytes,
                http_client=self.get_httpx_client(),
                headers=self._headers,
            )
        return self._sender

    def _get_async_sender(self) -> AsyncSender:
        """The core the async functions send through, on get_async_httpx_client(); built on first use."""
        if self._async_sender is None:
            self._async_sender = AsyncSender(
                authorization=self._authorization(),
                base_url=self._base_url,
                timeout=self._timeout,
                max_retries=self._max_retries,
                max_response_bytes=self._max_response_bytes,
                http_client=self.get_async_httpx_client(),
                headers=self._headers,
            )
        return self._async_sender

    def _send(self, request: dict[str, Any], *, idempotent: bool) -> httpx.Response:
        """Send a request built by an operation's _get_kwargs, as CompositionsClient would."""
        return self._get_sender().send(request, idempotent=idempotent)

    async def _send_async(self, request: dict[str, Any], *, idempotent: bool) -> httpx.Response:
        """Send a request built by an operation's _get_kwargs, as AsyncCompositionsClient would."""
        return await self._get_async_sender().send(request, idempotent=idempotent)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Send through this httpx.Client (its transport, pool, TLS and proxy settings and cookies).

        The functions of api/ still use this client's base URL, credentials, headers, timeout and
        retries. Direct calls on get_httpx_client() use only what the httpx.Client itself holds.
        """
        self._client = client
        self._sender = None
        return self

    def get_httpx_client(self) -> httpx.Client:
        """The httpx.Client requests go through, built on first use."""
        if self._client is None:
            self._client = httpx.Client(**self._httpx_kwargs())
        return self._client

    def __enter__(self) -> Self:
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Send async requests through this httpx.AsyncClient; otherwise as set_httpx_client()."""
        self._async_client = async_client
        self._async_sender = None
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The httpx.AsyncClient async requests go through, built on first use."""
        if self._async_client is None:
            self._async_client = httpx.AsyncClient(**self._httpx_kwargs())
        return self._async_client

    async def __aenter__(self) -> Self:
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)


@define
class AuthenticatedClient:
    """A client that signs every request with HTTP Basic credentials.

    Attributes:
        username: the account SID (AC...), or an API key SID (SK...).
        password: the auth token, or the API key's secret. Never shown by repr().

    Keyword arguments:
        base_url: the API's root URL (default https://video.twilio.com); https, or http to loopback.
        cookies, headers: sent with every request (headers win over the client's own, User-Agent too).
        timeout: seconds or an httpx.Timeout, for each attempt (default 30 s, 5 s to connect; None: none).
        max_retries: how often a failed request is sent again, as by CompositionsClient (default 2; 0:
            never): connection failures, timeouts, 429 and 500/502/503/504, a POST only when it cannot
            have reached the server or after a 429.
        max_response_bytes: the most an answer may hold once decoded (default 16 MiB).
        verify_ssl: whether to check the server's TLS certificate (keep True outside tests).
        follow_redirects: whether the httpx clients of get_httpx_client() follow redirects (default
            False); the functions of api/ never do (a redirect is an answer: the media URL).
        httpx_args: more keyword arguments for httpx.Client / httpx.AsyncClient (transport, proxy, ...).

    """

    username: str
    password: str = field(repr=False)
    _base_url: str = field(
        default=DEFAULT_BASE_URL, kw_only=True, alias="base_url", converter=checked_base_url
    )
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies", repr=False)
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers", repr=False)
    _timeout: httpx.Timeout = field(
        default=DEFAULT_TIMEOUT, kw_only=True, alias="timeout", converter=timeout_setting
    )
    _max_retries: int = field(
        default=DEFAULT_MAX_RETRIES, kw_only=True, alias="max_retries", converter=_checked_max_retries
    )
    _max_response_bytes: int = field(
        default=DEFAULT_MAX_RESPONSE_BYTES,
        kw_only=True,
        alias="max_response_bytes",
        converter=_checked_max_response_bytes,
    )
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args", repr=False)
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)
    _sender: SyncSender | None = field(default=None, init=False, repr=False)
    _async_sender: AsyncSender | None = field(default=None, init=False, repr=False)

    def with_headers(self, headers: dict[str, str]) -> "AuthenticatedClient":
        """A new client like this one, with more headers; this one is left as it is."""
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "AuthenticatedClient":
        """A new client like this one, with more cookies; this one is left as it is."""
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout | float | None) -> "AuthenticatedClient":
        """A new client like this one, with another timeout; this one is left as it is."""
        return evolve(self, timeout=timeout)

    def _authorization(self) -> str | None:
        return "Basic " + base64.b64encode(f"{self.username}:{self.password}".encode()).decode("ascii")

    def _httpx_kwargs(self) -> dict[str, Any]:
        return {
            "base_url": self._base_url,
            "cookies": self._cookies,
            "headers": self._headers,
            "timeout": self._timeout,
            "verify": self._verify_ssl,
            "follow_redirects": self._follow_redirects,
            "trust_env": trust_env_for(self._base_url),
            "auth": httpx.BasicAuth(self.username, self.password),
            **self._httpx_args,
        }

    def _get_sender(self) -> SyncSender:
        """The core the sync functions send through, on get_httpx_client(); built on first use."""
        if self._sender is None:
            self._sender = SyncSender(
                authorization=self._authorization(),
                base_url=self._base_url,
                timeout=self._timeout,
                max_retries=self._max_retries,
                max_response_bytes=self._max_response_bytes,
                http_client=self.get_httpx_client(),
                headers=self._headers,
            )
        return self._sender

    def _get_async_sender(self) -> AsyncSender:
        """The core the async functions send through, on get_async_httpx_client(); built on first use."""
        if self._async_sender is None:
            self._async_sender = AsyncSender(
                authorization=self._authorization(),
                base_url=self._base_url,
                timeout=self._timeout,
                max_retries=self._max_retries,
                max_response_bytes=self._max_response_bytes,
                http_client=self.get_async_httpx_client(),
                headers=self._headers,
            )
        return self._async_sender

    def _send(self, request: dict[str, Any], *, idempotent: bool) -> httpx.Response:
        """Send a request built by an operation's _get_kwargs, as CompositionsClient would."""
        return self._get_sender().send(request, idempotent=idempotent)

    async def _send_async(self, request: dict[str, Any], *, idempotent: bool) -> httpx.Response:
        """Send a request built by an operation's _get_kwargs, as AsyncCompositionsClient would."""
        return await self._get_async_sender().send(request, idempotent=idempotent)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Send through this httpx.Client (its transport, pool, TLS and proxy settings and cookies).

        The functions of api/ still use this client's base URL, credentials, headers, timeout and
        retries. Direct calls on get_httpx_client() use only what the httpx.Client itself holds.
        """
        self._client = client
        self._sender = None
        return self

    def get_httpx_client(self) -> httpx.Client:
        """The httpx.Client requests go through, built on first use."""
        if self._client is None:
            self._client = httpx.Client(**self._httpx_kwargs())
        return self._client

    def __enter__(self) -> Self:
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Send async requests through this httpx.AsyncClient; otherwise as set_httpx_client()."""
        self._async_client = async_client
        self._async_sender = None
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The httpx.AsyncClient async requests go through, built on first use."""
        if self._async_client is None:
            self._async_client = httpx.AsyncClient(**self._httpx_kwargs())
        return self._async_client

    async def __aenter__(self) -> Self:
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)
