"""How the functions of api/ send: through the same core as CompositionsClient.

`fetch_composition.sync(sid, client=AuthenticatedClient(...))` and its siblings hand their request
(the operation's `_get_kwargs`) to `client._send()`, which sends it with SyncBaseClient._request (or
AsyncBaseClient's): the same retries (by HTTP method, as _retry.py says), per-attempt timeout,
User-Agent, logging, bounded reading and no redirects followed, and the Authorization header dropped
from each request once sent. One request path, so one set of tests holds for both APIs.

A sender is built on the first request from the low-level client's settings, and sends through that
client's httpx.Client / httpx.AsyncClient (the one get_httpx_client() returns or set_httpx_client()
gave), so its pool, transport, TLS and proxy settings and cookies are used; the base URL, credentials,
headers, timeout and retries are the low-level client's, whatever that httpx client says.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from ._base_client import AsyncBaseClient, SyncBaseClient, _checked_timeout


def timeout_setting(timeout: httpx.Timeout | float | None) -> httpx.Timeout:
    """A low-level client's timeout: seconds or an httpx.Timeout, None meaning none (as in httpx)."""
    return httpx.Timeout(None) if timeout is None else _checked_timeout(timeout)


class SyncSender(SyncBaseClient):
    """SyncBaseClient._request on a low-level client's settings and httpx.Client (which stays its own)."""

    def __init__(
        self,
        *,
        authorization: str | None,
        base_url: str,
        timeout: httpx.Timeout,
        max_retries: int,
        max_response_bytes: int,
        http_client: httpx.Client,
        headers: Mapping[str, str],
    ) -> None:
        self._setup(
            authorization,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            media_http_client=None,
            max_response_bytes=max_response_bytes,
            extra_headers=headers,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def send(self, request: dict[str, Any], *, idempotent: bool) -> httpx.Response:
        return self._request(request, idempotent=idempotent)


class AsyncSender(AsyncBaseClient):
    """AsyncBaseClient._request on a low-level client's settings and httpx.AsyncClient."""

    def __init__(
        self,
        *,
        authorization: str | None,
        base_url: str,
        timeout: httpx.Timeout,
        max_retries: int,
        max_response_bytes: int,
        http_client: httpx.AsyncClient,
        headers: Mapping[str, str],
    ) -> None:
        self._setup(
            authorization,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            media_http_client=None,
            max_response_bytes=max_response_bytes,
            extra_headers=headers,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    async def send(self, request: dict[str, Any], *, idempotent: bool) -> httpx.Response:
        return await self._request(request, idempotent=idempotent)
