"""Run one scenario with the sync and with the async client alike, and with the low-level functions.

    result = run(mode, lambda client: client.fetch(SID), handler=answer, clock=clock)

`op` gets a CompositionsClient or an AsyncCompositionsClient; for the async one it returns a coroutine,
which run() awaits. The client's requests go to `handler` (an httpx.MockTransport handler), to a
`sandbox=` (in-process or on its socket, as it runs) or, with `base_url=`, to a real server; its retries
and waits sleep on `clock`.

In the LOW_MODES, `op` gets a LowLevel instead: the same fetch/create/delete/media_url calls, made with
the generated functions of api/ (`fetch_composition.sync(sid, client=AuthenticatedClient(...))`, or
their asyncio()) on an AuthenticatedClient built from the same arguments. A test run over EVERY_MODE
thus holds the low-level functions to the promises of the high-level client.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import Callable
from typing import Any

import attrs
import httpx
from twilio_compositions import AsyncCompositionsClient, CompositionsClient
from twilio_compositions.api.compositions import (
    create_composition,
    delete_composition,
    fetch_composition,
    fetch_composition_media,
)
from twilio_compositions.client import AuthenticatedClient
from twilio_compositions.models import CreateCompositionRequest, VideoLayout
from twilio_compositions.sandbox import Sandbox

from .conftest import ACCOUNT_SID, AUTH_TOKEN, FakeClock

MODES = ["sync", "async"]
LOW_MODES = ["low-sync", "low-async"]
EVERY_MODE = MODES + LOW_MODES
Handler = Callable[[httpx.Request], httpx.Response]


class LowLevel:
    """CompositionsClient's calls made with the generated functions on an AuthenticatedClient.

    Per-call settings become a client of their own (with_timeout, or max_retries= through evolve), as the
    low-level functions take none; in the async mode every call returns a coroutine.
    """

    def __init__(self, low: AuthenticatedClient, *, is_async: bool, clock: FakeClock) -> None:
        self.low = low
        self.is_async = is_async
        self.clock = clock

    def __repr__(self) -> str:
        return repr(self.low)

    def _call(self, sync: Any, asyncio_: Any, *args: Any, max_retries: Any, timeout: Any) -> Any:
        low = self.low
        if timeout is not None:
            low = low.with_timeout(timeout)
        if max_retries is not None:
            low = attrs.evolve(low, max_retries=max_retries)
        derived = low is not self.low
        if not self.is_async:
            low._get_sender()._clock = self.clock
            try:
                return sync(*args, client=low)
            finally:
                if derived:
                    low.get_httpx_client().close()

        async def call() -> Any:
            low._get_async_sender()._clock = self.clock
            try:
                return await asyncio_(*args, client=low)
            finally:
                if derived:
                    await low.get_async_httpx_client().aclose()

        return call()

    def fetch(self, sid: str, *, max_retries: Any = None, timeout: Any = None) -> Any:
        ops = fetch_composition
        return self._call(ops.sync, ops.asyncio, sid, max_retries=max_retries, timeout=timeout)

    def delete(self, sid: str, *, max_retries: Any = None, timeout: Any = None) -> Any:
        ops = delete_composition
        return self._call(ops.sync, ops.asyncio, sid, max_retries=max_retries, timeout=timeout)

    def media_url(self, sid: str, *, max_retries: Any = None, timeout: Any = None) -> Any:
        ops = fetch_composition_media
        answer = self._call(ops.sync, ops.asyncio, sid, max_retries=max_retries, timeout=timeout)
        if not self.is_async:
            return answer.redirect_to

        async def url() -> Any:
            return (await answer).redirect_to

        return url()

    def create(self, *, max_retries: Any = None, timeout: Any = None, **fields: Any) -> Any:
        if "video_layout" in fields:
            fields["video_layout"] = VideoLayout.from_dict(fields["video_layout"])
        body = CreateCompositionRequest(**fields)
        ops = create_composition

        def sync(*, client: AuthenticatedClient) -> Any:
            return ops.sync(client=client, body=body)

        async def asyncio_(*, client: AuthenticatedClient) -> Any:
            return await ops.asyncio(client=client, body=body)

        return self._call(sync, asyncio_, max_retries=max_retries, timeout=timeout)


def low_level_client(transport: Any, **client_kwargs: Any) -> AuthenticatedClient:
    """The AuthenticatedClient a CompositionsClient with these arguments would be."""
    account_sid = client_kwargs.pop("account_sid")
    auth_token = client_kwargs.pop("auth_token")
    api_key = client_kwargs.pop("api_key", None)
    api_secret = client_kwargs.pop("api_secret", None)
    username, password = (api_key, api_secret) if api_key else (account_sid, auth_token)
    if transport is not None:
        client_kwargs["httpx_args"] = {"transport": transport}
    return AuthenticatedClient(username, password, **client_kwargs)


def run(
    mode: str,
    op: Callable[[Any], Any],
    *,
    clock: FakeClock,
    handler: Handler | None = None,
    sandbox: Sandbox | None = None,
    **client_kwargs: Any,
) -> Any:
    if sandbox is not None:
        return _run_on(sandbox, mode, op, clock, client_kwargs)
    client_kwargs.setdefault("account_sid", ACCOUNT_SID)
    client_kwargs.setdefault("auth_token", AUTH_TOKEN)
    transport = httpx.MockTransport(handler) if handler is not None else None
    if mode in LOW_MODES:
        return run_low_level(mode, op, clock=clock, transport=transport, **client_kwargs)
    if mode == "sync":
        with httpx.Client(transport=transport) if transport else contextlib.nullcontext() as http:
            if http is not None:
                client_kwargs["http_client"] = http
            with CompositionsClient(**client_kwargs) as client:
                client._clock = clock
                return op(client)

    async def main() -> Any:
        async with httpx.AsyncClient(transport=transport) if transport else contextlib.nullcontext() as http:
            if http is not None:
                client_kwargs["http_client"] = http
            async with AsyncCompositionsClient(**client_kwargs) as client:
                client._clock = clock
                result = op(client)
                assert inspect.isawaitable(result), "an async client method must return an awaitable"
                return await result

    return asyncio.run(main())


def run_low_level(
    mode: str, op: Callable[[Any], Any], *, clock: FakeClock, transport: Any, **client_kwargs: Any
) -> Any:
    low = low_level_client(transport, **client_kwargs)
    if mode == "low-sync":
        with low:
            return op(LowLevel(low, is_async=False, clock=clock))

    async def main() -> Any:
        async with low:
            result = op(LowLevel(low, is_async=True, clock=clock))
            assert inspect.isawaitable(result), "a low-level async call must return an awaitable"
            return await result

    return asyncio.run(main())


def _run_on(
    sandbox: Sandbox, mode: str, op: Callable[[Any], Any], clock: FakeClock, kwargs: dict[str, Any]
) -> Any:
    if mode in LOW_MODES:
        where = {
            "account_sid": sandbox.account_sid,
            "auth_token": sandbox.auth_token,
            "base_url": sandbox.url,
        }
        transport = None
        if sandbox.in_process:
            transport = sandbox.transport() if mode == "low-sync" else sandbox.async_transport()
        return run_low_level(mode, op, clock=clock, transport=transport, **where, **kwargs)
    if mode == "sync":
        with sandbox.client(clock=clock, **kwargs) as client:
            return op(client)

    async def main() -> Any:
        async with sandbox.async_client(clock=clock, **kwargs) as client:
            return await op(client)

    return asyncio.run(main())
