"""Call the client the same way in every mode: sync, async, and with the low-level functions of api/.

    with mode_client(mode, clock=clock, handler=answer) as api:
        created = api.run(lambda client: client.create(room_sid=ROOM_SID, audio_sources=["*"]))
        done = api.run(lambda client: client.wait(created.sid))

    composition = run(mode, lambda client: client.fetch(SID), clock=clock, handler=answer)  # one call

mode_client() opens the mode's client and closes it when the `with` ends. Its run(op) calls `op` on that
client and returns what `op` returns, awaited in the async modes: on an event loop of the `with`'s own,
so that its calls share one client. `op` gets a CompositionsClient ("sync"), an AsyncCompositionsClient
("async": `op` returns the coroutine) or a LowLevel ("low-sync", "low-async"): the same fetch, create,
delete and media_url calls, made with the generated functions of api/
(`fetch_composition.sync(sid, client=AuthenticatedClient(...))`, or their asyncio()) on an
AuthenticatedClient built from the same arguments. A test run in EVERY_MODE thus holds the low-level
functions to the promises of the high-level client. A pager comes back at once from either client:
collect() reads one the same way in both.

The client's requests go to `handler` (an httpx.MockTransport handler; `media_handler` answers the
storage host), to a `sandbox=` (in-process or on its socket, as it runs) or, with `base_url=`, to a real
server; its retries and waits sleep on `clock`. The other keywords are the client's.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import httpx
from twilio_compositions import AsyncCompositionsClient, CompositionsClient
from twilio_compositions._paging import AsyncPager, SyncPager
from twilio_compositions.api.compositions import (
    create_composition,
    delete_composition,
    fetch_composition,
    fetch_composition_media,
)
from twilio_compositions.client import AuthenticatedClient
from twilio_compositions.models import CreateCompositionRequest, VideoLayout
from twilio_compositions.sandbox import Sandbox

from .conftest import ACCOUNT_SID, AUTH_TOKEN, LOW_MODES, FakeClock

Handler = Callable[[httpx.Request], httpx.Response]
# What a test does with the mode's client: (client) -> a result, or in the async modes an awaitable of one.
# The client is Any: one `op` is written for the three kinds of client.
Op = Callable[[Any], Any]


class ModeClient:
    """An open client of one mode; run(op) calls `op` on it to the end."""

    def __init__(self, mode: str, client: Any, runner: asyncio.Runner | None) -> None:
        self.mode = mode
        self.client = client
        self._runner = runner

    def __repr__(self) -> str:
        return f"ModeClient({self.mode!r}, {self.client!r})"

    def run(self, op: Op) -> Any:
        if self._runner is None:
            return op(self.client)

        async def call() -> Any:
            # Called inside the loop, as `await client.fetch(...)` would be.
            result = op(self.client)
            assert inspect.isawaitable(result), f"a call in the {self.mode} mode must return an awaitable"
            return await result

        return self._runner.run(call())


@contextlib.contextmanager
def mode_client(
    mode: str,
    *,
    clock: FakeClock,
    handler: Handler | None = None,
    media_handler: Handler | None = None,
    sandbox: Sandbox | None = None,
    **client_kwargs: Any,
) -> Iterator[ModeClient]:
    """The client of `mode`, open for the `with`: see the module's docstring."""
    assert sandbox is None or (handler is None and media_handler is None), "a sandbox answers for itself"
    assert media_handler is None or mode not in LOW_MODES, "the low-level functions do not download"
    if mode in ("sync", "low-sync"):
        with contextlib.ExitStack() as stack:
            client = _open_sync(stack, mode, clock, handler, media_handler, sandbox, client_kwargs)
            yield ModeClient(mode, client, None)
        return
    assert mode in ("async", "low-async"), f"no mode {mode!r}"
    with asyncio.Runner() as runner:
        async_stack = contextlib.AsyncExitStack()
        try:
            # Opened and closed on the loop the calls run on, as `async with` would.
            opened = _open_async(async_stack, mode, clock, handler, media_handler, sandbox, client_kwargs)
            yield ModeClient(mode, runner.run(opened), runner)
        finally:
            runner.run(async_stack.aclose())


def run(mode: str, op: Op, *, clock: FakeClock, **kwargs: Any) -> Any:
    """op's result on a client of `mode` opened for it alone: mode_client()'s keywords."""
    with mode_client(mode, clock=clock, **kwargs) as api:
        return api.run(op)


def collect(pager: Any, *, pages: bool = False, first: int | None = None) -> Any:
    """The items (or pages) of a pager, as a list; for an async pager a coroutine, as run() wants."""
    source = pager.pages() if pages else pager
    if isinstance(pager, AsyncPager):

        async def gather() -> list[Any]:
            out = []
            async for item in source:
                out.append(item)
                if first is not None and len(out) == first:
                    break
            return out

        return gather()
    assert isinstance(pager, SyncPager)
    out = []
    for item in source:
        out.append(item)
        if first is not None and len(out) == first:
            break
    return out


def _client_kwargs(sandbox: Sandbox | None, kwargs: dict[str, Any]) -> dict[str, Any]:
    where = {"account_sid": ACCOUNT_SID, "auth_token": AUTH_TOKEN}
    if sandbox is not None:
        where = {
            "account_sid": sandbox.account_sid,
            "auth_token": sandbox.auth_token,
            "base_url": sandbox.url,
        }
    return where | kwargs


def _open_sync(
    stack: contextlib.ExitStack,
    mode: str,
    clock: FakeClock,
    handler: Handler | None,
    media_handler: Handler | None,
    sandbox: Sandbox | None,
    kwargs: dict[str, Any],
) -> Any:
    if mode == "low-sync":
        transport: httpx.BaseTransport | None = None
        if sandbox is not None and sandbox.in_process:
            transport = sandbox.transport()
        elif handler is not None:
            transport = httpx.MockTransport(handler)
        low = stack.enter_context(low_level_client(transport, **_client_kwargs(sandbox, kwargs)))
        return LowLevel(low, is_async=False, clock=clock)
    if sandbox is not None:
        return stack.enter_context(sandbox.client(clock=clock, **kwargs))
    kwargs = _client_kwargs(None, kwargs)
    if handler is not None:
        kwargs["http_client"] = stack.enter_context(httpx.Client(transport=httpx.MockTransport(handler)))
    if media_handler is not None:
        media = httpx.Client(transport=httpx.MockTransport(media_handler))
        kwargs["media_http_client"] = stack.enter_context(media)
    client = stack.enter_context(CompositionsClient(**kwargs))
    client._clock = clock
    return client


async def _open_async(
    stack: contextlib.AsyncExitStack,
    mode: str,
    clock: FakeClock,
    handler: Handler | None,
    media_handler: Handler | None,
    sandbox: Sandbox | None,
    kwargs: dict[str, Any],
) -> Any:
    if mode == "low-async":
        transport: httpx.AsyncBaseTransport | None = None
        if sandbox is not None and sandbox.in_process:
            transport = sandbox.async_transport()
        elif handler is not None:
            transport = httpx.MockTransport(handler)
        low = low_level_client(transport, **_client_kwargs(sandbox, kwargs))
        return LowLevel(await stack.enter_async_context(low), is_async=True, clock=clock)
    if sandbox is not None:
        return await stack.enter_async_context(sandbox.async_client(clock=clock, **kwargs))
    kwargs = _client_kwargs(None, kwargs)
    if handler is not None:
        api = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        kwargs["http_client"] = await stack.enter_async_context(api)
    if media_handler is not None:
        media = httpx.AsyncClient(transport=httpx.MockTransport(media_handler))
        kwargs["media_http_client"] = await stack.enter_async_context(media)
    client = await stack.enter_async_context(AsyncCompositionsClient(**kwargs))
    client._clock = clock
    return client


def low_level_client(
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None, **client_kwargs: Any
) -> AuthenticatedClient:
    """The AuthenticatedClient a CompositionsClient with these arguments would be."""
    account_sid = client_kwargs.pop("account_sid")
    auth_token = client_kwargs.pop("auth_token")
    api_key = client_kwargs.pop("api_key", None)
    api_secret = client_kwargs.pop("api_secret", None)
    username, password = (api_key, api_secret) if api_key else (account_sid, auth_token)
    if transport is not None:
        client_kwargs["httpx_args"] = {"transport": transport}
    return AuthenticatedClient(username, password, **client_kwargs)


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
