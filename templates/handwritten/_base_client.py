"""What every CompositionsClient method shares: credentials, the base URL, the connection pool, sending.

The per-operation methods are generated (compositions_client.py); each builds its request with the
operation's `_get_kwargs` (which validates), sends it through `_request` (which retries as
_retry.py says), and parses the answer with the operation's `_parse_response` (which raises a typed
error for an error status). SyncBaseClient and AsyncBaseClient differ only in how they wait for I/O;
everything they decide is in _ClientCore.
"""

from __future__ import annotations

import datetime
import logging
import random
import sys
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import httpx

from . import _bounded, _retry
from ._clock import SYSTEM_CLOCK, Clock
from ._credentials import Credentials, resolve_credentials
from ._exceptions import ApiConnectionError, ApiTimeoutError, ValidationError
from ._http import (
    DEFAULT_TIMEOUT,
    POOL_LIMITS,
    checked_base_url,
    own_pool_transport,
    send_is_instrumented,
    trust_env_for,
)
from ._sentinels import CLIENT_DEFAULT, ClientDefault
from ._spec_rules import DEFAULT_BASE_URL
from ._version import __version__

if TYPE_CHECKING:
    from . import _download
    from ._concurrency import Bound, Slots

logger = logging.getLogger("twilio_compositions")

TimeoutArg = httpx.Timeout | float
HttpClientT = TypeVar("HttpClientT", httpx.Client, httpx.AsyncClient)
# What platform.python_version() answers ("3.12.1", "3.13.0rc1"), without importing platform for it.
_PYTHON_VERSION = sys.version.split(maxsplit=1)[0]


def _checked_timeout(timeout: object, name: str = "timeout") -> httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if timeout is None:  # as in httpx: no timeout at all
        return httpx.Timeout(None)
    if isinstance(timeout, (int, float)) and not isinstance(timeout, bool) and timeout > 0:
        return httpx.Timeout(float(timeout))
    raise ValidationError(
        name, f"must be a positive number of seconds, an httpx.Timeout or None, got {timeout!r}"
    )


def _checked_max_retries(max_retries: object) -> int:
    if isinstance(max_retries, int) and not isinstance(max_retries, bool) and max_retries >= 0:
        return max_retries
    raise ValidationError(
        "max_retries", f"must be an integer >= 0 (0 turns retries off), got {max_retries!r}"
    )


def _checked_max_response_bytes(max_response_bytes: object) -> int:
    if (
        isinstance(max_response_bytes, int)
        and not isinstance(max_response_bytes, bool)
        and max_response_bytes > 0
    ):
        return max_response_bytes
    raise ValidationError(
        "max_response_bytes", f"must be a positive number of bytes, got {max_response_bytes!r}"
    )


class _Call:
    """One method call: the request as _get_kwargs built it, its settings, and how many retries so far."""

    # A plain class: a dataclass would load the dataclasses module and build itself on import.
    __slots__ = ("idempotent", "max_retries", "method", "path", "retries", "sent_at", "spec", "timeout")

    def __init__(
        self,
        *,
        spec: dict[str, Any],
        method: str,
        path: str,
        idempotent: bool,
        max_retries: int,
        timeout: httpx.Timeout,
    ) -> None:
        self.spec = spec
        self.method = method
        self.path = path
        self.idempotent = idempotent
        self.max_retries = max_retries
        self.timeout = timeout
        self.retries = 0
        self.sent_at = 0.0


class _ClientCore(Generic[HttpClientT]):
    """Settings and decisions shared by the sync and the async client."""

    _http_client_class: type[HttpClientT]
    # Replaced by tests with a fake clock, so that a retry's backoff takes no real time.
    _clock: Clock = SYSTEM_CLOCK

    def __init__(
        self,
        *,
        account_sid: str | None = None,
        auth_token: str | None = None,
        api_key: str | None = None,
        api_secret: str | None = None,
        base_url: str = DEFAULT_BASE_URL,
        timeout: TimeoutArg | None = DEFAULT_TIMEOUT,
        max_retries: int = _retry.DEFAULT_MAX_RETRIES,
        http_client: HttpClientT | None = None,
        media_http_client: HttpClientT | None = None,
        max_response_bytes: int = _bounded.DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._credentials: Credentials = resolve_credentials(
            account_sid=account_sid, auth_token=auth_token, api_key=api_key, api_secret=api_secret
        )
        self._setup(
            self._credentials.authorization,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            media_http_client=media_http_client,
            max_response_bytes=max_response_bytes,
        )

    def _setup(
        self,
        authorization: str | None,
        *,
        base_url: str,
        timeout: TimeoutArg | None,
        max_retries: int,
        http_client: HttpClientT | None,
        media_http_client: HttpClientT | None,
        max_response_bytes: int,
        extra_headers: Mapping[str, str] | None = None,
    ) -> None:
        """All but finding the credentials. The low-level clients (_low_level.py) come in here with
        their own Authorization header (None: none is sent) and headers of their own, which win."""
        self.base_url = checked_base_url(base_url)
        self.timeout = _checked_timeout(timeout)
        self.max_retries = _checked_max_retries(max_retries)
        self.max_response_bytes = _checked_max_response_bytes(max_response_bytes)
        self._rng = random.Random()  # noqa: S311  (backoff jitter, not a secret)
        fixed = {
            "User-Agent": f"twilio-compositions-python/{__version__} httpx/{httpx.__version__} "
            f"python/{_PYTHON_VERSION}",
            "Accept": "application/json",
            # What _bounded.py can inflate within max_response_bytes (httpx would also offer br, zstd).
            "Accept-Encoding": _bounded.ACCEPT_ENCODING,
        }
        if authorization is not None:
            fixed["Authorization"] = authorization
        headers = {**fixed, **(extra_headers or {})}
        for name, given in (("http_client", http_client), ("media_http_client", media_http_client)):
            if given is not None and not isinstance(given, self._http_client_class):
                raise ValidationError(
                    name, f"must be an httpx.{self._http_client_class.__name__}, not {type(given).__name__}"
                )
        self._owns_http_client = http_client is None
        # Our own pool carries the fixed headers itself: httpx then merges them pre-normalised instead of
        # parsing them again for every request. A caller's client is left as it is; they go per request.
        self._http: HttpClientT = (
            self._http_client_class(
                follow_redirects=False,
                trust_env=trust_env_for(self.base_url),
                headers=headers,
                timeout=self.timeout,
                limits=POOL_LIMITS,
            )
            if http_client is None
            else http_client
        )
        self._request_headers: dict[str, str] = {} if http_client is None else headers
        # A call with the client's timeout leaves it to our own pool, which has it: httpx would build a
        # copy of the Timeout for every request it is given. A caller's client gets it per request.
        self._pool_timeout: httpx.Timeout | None = self.timeout if http_client is None else None
        # Downloads go to storage hosts through a client of their own, which never carries the
        # credentials or the API headers above; made on the first download unless the caller gave one.
        self._media_http: HttpClientT | None = media_http_client
        self._owns_media_http_client = media_http_client is None

    @property
    def account_sid(self) -> str:
        return self._credentials.account_sid

    @property
    def api_key(self) -> str | None:
        """The API key SID (SK...) the client signs in with, or None when it uses the auth token."""
        return self._credentials.api_key

    def __repr__(self) -> str:
        key = f", api_key={self.api_key!r}" if self.api_key else ""
        return f"{type(self).__name__}(account_sid={self.account_sid!r}{key}, base_url={self.base_url!r})"

    def _start(
        self,
        spec: dict[str, Any],
        *,
        idempotent: bool,
        max_retries: int | ClientDefault,
        timeout: TimeoutArg | ClientDefault | None,
    ) -> _Call:
        # _call_max_retries and _call_timeout written out: two calls of Python less on every request.
        return _Call(
            spec=spec,
            method=spec["method"].upper(),
            path=spec["url"],
            idempotent=idempotent,
            max_retries=self.max_retries
            if isinstance(max_retries, ClientDefault)
            else _checked_max_retries(max_retries),
            timeout=self.timeout if isinstance(timeout, ClientDefault) else _checked_timeout(timeout),
        )

    def _call_timeout(self, timeout: TimeoutArg | ClientDefault | None) -> httpx.Timeout:
        return self.timeout if isinstance(timeout, ClientDefault) else _checked_timeout(timeout)

    def _call_max_retries(self, max_retries: int | ClientDefault) -> int:
        if isinstance(max_retries, ClientDefault):
            return self.max_retries
        return _checked_max_retries(max_retries)

    def _build_request(self, call: _Call) -> httpx.Request:
        call.sent_at = time.perf_counter()
        return self._http.build_request(
            call.method,
            self.base_url + call.path,
            params=call.spec.get("params"),
            content=call.spec.get("content"),
            headers={**self._request_headers, **call.spec["headers"]}
            if "headers" in call.spec
            else self._request_headers,
            timeout=httpx.USE_CLIENT_DEFAULT if call.timeout is self._pool_timeout else call.timeout,
        )

    def _delay_after_exception(self, exc: httpx.TransportError, call: _Call) -> float:
        """Seconds to wait before sending again; raises our error for exc when it is not retried."""
        if call.retries < call.max_retries and _retry.may_retry_exception(exc, idempotent=call.idempotent):
            call.retries += 1
            delay = _retry.backoff(call.retries, self._rng)
            self._log_retry(call, f"failed ({type(exc).__name__})", delay)
            return delay
        tries = f" after {call.retries + 1} attempts" if call.retries else ""
        if isinstance(exc, httpx.TimeoutException):
            raise ApiTimeoutError(
                f"no answer in time{tries}: {type(exc).__name__}", method=call.method, path=call.path
            ) from exc
        raise ApiConnectionError(
            f"connection failed{tries}: {exc or type(exc).__name__}", method=call.method, path=call.path
        ) from exc

    def _delay_after_response(self, response: httpx.Response, call: _Call) -> float | None:
        """Seconds to wait before sending again, or None when this response is the answer."""
        status = response.status_code
        if logger.isEnabledFor(logging.DEBUG):
            elapsed_ms = (time.perf_counter() - call.sent_at) * 1000
            logger.debug(
                "%s %s -> %d in %.1f ms (attempt %d)",
                call.method,
                call.path,
                status,
                elapsed_ms,
                call.retries + 1,
            )
        # A status outside TRANSIENT_STATUSES is never retried: asked first, it spares the call of Python.
        if (
            status in _retry.TRANSIENT_STATUSES
            and call.retries < call.max_retries
            and _retry.may_retry_status(status, idempotent=call.idempotent)
        ):
            call.retries += 1
            delay = _retry.delay_before_retry(call.retries, response, self._rng)
            self._log_retry(call, f"answered {status}", delay)
            return delay
        return None

    @staticmethod
    def _log_retry(call: _Call, what: str, delay: float) -> None:
        logger.info(
            "%s %s %s; retry %d of %d in %.2f s",
            call.method,
            call.path,
            what,
            call.retries,
            call.max_retries,
            delay,
        )


# What httpx's send() says of a closed client, for the requests that skip it.
_CLOSED = "Cannot send a request, as the client has been closed."


def _set_elapsed(response: httpx.Response, call: _Call) -> None:
    # httpx's send() sets it as the body is closed, but neither on a request handed to the transport
    # directly nor on a body _bounded.py rebuilt (a compressed one): set here for every answer, from the
    # moment the request was built (for the async client: waiting for a slot included, as httpx counts
    # waiting for a connection), so that an error's response always answers .elapsed.
    response.elapsed = datetime.timedelta(seconds=time.perf_counter() - call.sent_at)


def _forget_next_credentials(response: httpx.Response) -> None:
    # On a 3xx, httpx's send() builds the request it would send next, with a copy of the headers. It is
    # never sent (redirects are not followed), but it stays on the response an error keeps.
    if response.next_request is not None:
        _forget_credentials(response.next_request)


def _forget_credentials(request: httpx.Request) -> None:
    # The request outlives the call: errors keep the response, and the response points back here.
    # An error tracker that serialises attributes must not find the credentials in it.
    # del, not pop: pop reads the header first, another scan of them.
    try:  # noqa: SIM105  (contextlib.suppress's context manager costs three calls of Python per request)
        del request.headers["Authorization"]
    except KeyError:
        pass


class SyncBaseClient(_ClientCore[httpx.Client]):
    """Credentials, base URL, retries and connection pool of the synchronous client."""

    _http_client_class = httpx.Client

    def _setup(self, authorization: str | None, **settings: Any) -> None:
        super()._setup(authorization, **settings)
        # A caller's client keeps its mounts, hooks and cookies: its requests go through its send().
        self._transport: httpx.BaseTransport | None = (
            own_pool_transport(self._http, self.base_url) if self._owns_http_client else None
        )

    def _send(self, request: httpx.Request) -> httpx.Response:
        """The response to request, its body not read yet; straight to our own pool's transport."""
        transport = self._transport
        if transport is None or send_is_instrumented(httpx.Client):
            response = self._http.send(request, auth=None, stream=True, follow_redirects=False)
            _forget_next_credentials(response)
            return response
        if self._http.is_closed:
            raise RuntimeError(_CLOSED)
        try:
            response = transport.handle_request(request)
        except httpx.RequestError as exc:
            exc.request = request  # as httpx's send() does: the error names the request it was making
            raise
        response.request = request
        return response

    def close(self) -> None:
        """Close the connection pools (not one the caller passed in: that stays the caller's)."""
        if self._owns_http_client:
            self._http.close()
        if self._owns_media_http_client and self._media_http is not None:
            self._media_http.close()
            self._media_http = None

    def _download(
        self,
        url: str,
        to: _download.Destination,
        *,
        on_progress: _download.OnProgress | None,
        timeout: TimeoutArg | ClientDefault | None,
        max_retries: int | ClientDefault = CLIENT_DEFAULT,
    ) -> int:
        """Stream the media URL to `to`, retrying (and resuming) as _download.py says, on our clock."""
        from . import _download  # on the first download: a client that never downloads need not load it

        limit = self._call_timeout(timeout)
        retries = self._call_max_retries(max_retries)
        if self._media_http is None:
            self._media_http = _download.media_http_client_sync()
        return _download.download_sync(
            self._media_http,
            url,
            to,
            timeout=limit,
            on_progress=on_progress,
            max_retries=retries,
            clock=self._clock,
            rng=self._rng,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _request(
        self,
        spec: dict[str, Any],
        *,
        idempotent: bool,
        max_retries: int | ClientDefault = CLIENT_DEFAULT,
        timeout: TimeoutArg | ClientDefault | None = CLIENT_DEFAULT,
    ) -> httpx.Response:
        """Send a request built by an operation's _get_kwargs, retrying as _retry.py allows."""
        call = self._start(spec, idempotent=idempotent, max_retries=max_retries, timeout=timeout)
        while True:
            request = self._build_request(call)
            try:
                response = _bounded.read_sync(self._send(request), self.max_response_bytes)
            except httpx.TransportError as exc:
                self._clock.sleep(self._delay_after_exception(exc, call))
                continue
            finally:
                _forget_credentials(request)
            _set_elapsed(response, call)
            delay = self._delay_after_response(response, call)
            if delay is None:
                return response
            self._clock.sleep(delay)


class AsyncBaseClient(_ClientCore[httpx.AsyncClient]):
    """Credentials, base URL, retries and connection pool of the asynchronous client."""

    _http_client_class = httpx.AsyncClient

    def _setup(self, authorization: str | None, **settings: Any) -> None:
        super()._setup(authorization, **settings)
        from ._concurrency import Bound, pool_size  # asyncio with it: the async client's alone

        # Our own pool's size is known; a caller's client is asked (None: not knowable, no bound).
        size = POOL_LIMITS.max_connections if self._owns_http_client else pool_size(self._http, self.base_url)
        self._bound: Bound | None = None if size is None else Bound(size)
        # A caller's client keeps its mounts, hooks and cookies: its requests go through its send().
        self._transport: httpx.AsyncBaseTransport | None = (
            own_pool_transport(self._http, self.base_url) if self._owns_http_client else None
        )

    async def _send(self, request: httpx.Request) -> httpx.Response:
        """SyncBaseClient._send(), awaited."""
        transport = self._transport
        if transport is None or send_is_instrumented(httpx.AsyncClient):
            response = await self._http.send(request, auth=None, stream=True, follow_redirects=False)
            _forget_next_credentials(response)
            return response
        if self._http.is_closed:
            raise RuntimeError(_CLOSED)
        try:
            response = await transport.handle_async_request(request)
        except httpx.RequestError as exc:
            exc.request = request
            raise
        response.request = request
        return response

    async def close(self) -> None:
        """Close the connection pools (not one the caller passed in: that stays the caller's)."""
        if self._owns_http_client:
            await self._http.aclose()
        if self._owns_media_http_client and self._media_http is not None:
            await self._media_http.aclose()
            self._media_http = None

    async def _download(
        self,
        url: str,
        to: _download.Destination,
        *,
        on_progress: _download.OnProgress | None,
        timeout: TimeoutArg | ClientDefault | None,
        max_retries: int | ClientDefault = CLIENT_DEFAULT,
    ) -> int:
        """Stream the media URL to `to`, retrying (and resuming) as _download.py says, on our clock."""
        from . import _download  # on the first download: a client that never downloads need not load it

        limit = self._call_timeout(timeout)
        retries = self._call_max_retries(max_retries)
        if self._media_http is None:
            self._media_http = _download.media_http_client_async()
        return await _download.download_async(
            self._media_http,
            url,
            to,
            timeout=limit,
            on_progress=on_progress,
            max_retries=retries,
            clock=self._clock,
            rng=self._rng,
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _request(
        self,
        spec: dict[str, Any],
        *,
        idempotent: bool,
        max_retries: int | ClientDefault = CLIENT_DEFAULT,
        timeout: TimeoutArg | ClientDefault | None = CLIENT_DEFAULT,
    ) -> httpx.Response:
        """Send a request built by an operation's _get_kwargs, retrying as _retry.py allows.

        Each attempt holds one of the client's slots (_concurrency.py) from before it is handed to httpx
        until its body is read and the response closed; not while it sleeps before a retry.
        """
        call = self._start(spec, idempotent=idempotent, max_retries=max_retries, timeout=timeout)
        slots = None if self._bound is None else self._bound.slots()
        while True:
            request = self._build_request(call)
            try:
                if slots is not None and not slots.try_take():
                    await self._wait_for_slot(slots, request, call)
                try:
                    response = await _bounded.read_async(await self._send(request), self.max_response_bytes)
                finally:
                    if slots is not None:
                        slots.give_back()
            except httpx.TransportError as exc:
                await self._clock.async_sleep(self._delay_after_exception(exc, call))
                continue
            finally:
                _forget_credentials(request)
            _set_elapsed(response, call)
            delay = self._delay_after_response(response, call)
            if delay is None:
                return response
            await self._clock.async_sleep(delay)

    @staticmethod
    async def _wait_for_slot(slots: Slots, request: httpx.Request, call: _Call) -> None:
        """Wait for a slot as httpx waits for a pooled connection: both waits together within the
        timeout's `pool` part; past it, httpx.PoolTimeout (retried as httpx's own would be)."""
        from ._concurrency import SlotTimeout

        limit = call.timeout.pool
        try:
            waited = await slots.wait(limit)
        except SlotTimeout:
            raise httpx.PoolTimeout(
                f"no free connection slot within {limit:g} s ({slots.size} requests in flight)",
                request=request,
            ) from None
        if limit is not None:
            # httpx reads the pool timeout from the request; what is left of it is what it may wait.
            request.extensions["timeout"] = {**request.extensions["timeout"], "pool": limit - waited}
