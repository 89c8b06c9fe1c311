"""Run one scenario with the sync and with the async client alike.

    result = run(mode, lambda client: client.fetch(SID), handler=answer, clock=clock)

`op` gets a CompositionsClient or an AsyncCompositionsClient; for the async one it returns a coroutine,
which run() awaits. The client's requests go to `handler` (an httpx.MockTransport handler), to a
`sandbox=` (in-process or on its socket, as it runs) or, with `base_url=`, to a real server; its retries
and waits sleep on `clock`.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import Callable
from typing import Any

import httpx
from twilio_compositions import AsyncCompositionsClient, CompositionsClient
from twilio_compositions.sandbox import Sandbox

from .conftest import ACCOUNT_SID, AUTH_TOKEN, FakeClock

MODES = ["sync", "async"]
Handler = Callable[[httpx.Request], httpx.Response]


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


def _run_on(
    sandbox: Sandbox, mode: str, op: Callable[[Any], Any], clock: FakeClock, kwargs: dict[str, Any]
) -> Any:
    if mode == "sync":
        with sandbox.client(clock=clock, **kwargs) as client:
            return op(client)

    async def main() -> Any:
        async with sandbox.async_client(clock=clock, **kwargs) as client:
            return await op(client)

    return asyncio.run(main())
