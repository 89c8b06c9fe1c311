"""The whole resource through the clients against the sandbox: list across pages, download, delete;
sync and async alike (one async test body; the sync client is seen through awaitables), on a fake clock."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from twilio_compositions import (
    ApiError,
    AsyncPager,
    CompositionDeletedError,
    CompositionsClient,
    NotFoundError,
)
from twilio_compositions.sandbox import FAILING_ROOM_SID, Sandbox

from .conftest import ROOM_SID, FakeClock
from .modes import MODES

LIFETIME = 11  # the sandbox fixture: 1 s enqueued, 10 s processing


class Awaitables:
    """A sync client whose methods return awaitables, so that one async body tests both clients."""

    def __init__(self, client: CompositionsClient) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self._client, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            result = method(*args, **kwargs)
            if name == "list":  # a pager comes back at once from both clients
                return result

            async def done() -> Any:
                return result

            return done()

        return call


async def items(pager: Any) -> list[Any]:
    if isinstance(pager, AsyncPager):
        return [item async for item in pager]
    return list(pager)


def run(mode: str, sandbox: Sandbox, clock: FakeClock, body: Callable[[Any], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        if mode == "sync":
            with sandbox.client(clock=clock) as client:
                return await body(Awaitables(client))
        async with sandbox.async_client(clock=clock) as aclient:
            assert inspect.iscoroutinefunction(aclient.create)
            return await body(aclient)

    return asyncio.run(main())


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_list_follows_the_pages_on_the_sandbox(mode: str, sandbox: Sandbox, clock: FakeClock) -> None:
    async def body(client: Any) -> tuple[list[str], list[str]]:
        created = [(await client.create(room_sid=ROOM_SID, audio_sources=["*"])).sid for _ in range(5)]
        return created, [c.sid for c in await items(client.list(page_size=2))]

    created, listed = run(mode, sandbox, clock, body)
    assert listed == list(reversed(created))  # every page, newest first
    lists = [path for method, path in sandbox.requests_seen if method == "GET"]
    # The sandbox writes next_page_url on Twilio's host; the client asked the sandbox for it.
    assert len(lists) == 3 and all("PageToken=" in path for path in lists[1:])


def test_create_wait_download_delete(mode: str, sandbox: Sandbox, clock: FakeClock, tmp_path: Path) -> None:
    target = tmp_path / "out.mp4"
    progress: list[tuple[int, int | None]] = []

    async def body(client: Any) -> tuple[Any, int]:
        created = await client.create(room_sid=ROOM_SID, audio_sources=["*"], format="mp4")
        done = await client.wait(created.sid)
        size = await client.download(done.sid, target, on_progress=lambda d, t: progress.append((d, t)))
        await client.delete(done.sid)
        with pytest.raises(CompositionDeletedError):
            await client.wait(done.sid)
        assert [c.sid for c in await items(client.list())] == []
        assert [c.sid for c in await items(client.list(status="deleted"))] == [done.sid]
        return done, size

    done, size = run(mode, sandbox, clock, body)
    assert size == done.size == target.stat().st_size
    assert target.read_bytes() == sandbox.media_content(done.sid)
    assert progress[-1] == (size, size)
    (media,) = sandbox.media_requests_seen
    assert (media.status, media.refused) == (200, None)  # no credentials reached the storage host


def test_media_before_completed_is_not_found_and_leaves_the_destination(
    mode: str, sandbox: Sandbox, clock: FakeClock, tmp_path: Path
) -> None:
    target = tmp_path / "out.webm"
    target.write_bytes(b"old")

    async def body(client: Any) -> None:
        created = await client.create(room_sid=ROOM_SID, audio_sources=["*"])
        with pytest.raises(NotFoundError):
            await client.download(created.sid, target)

    run(mode, sandbox, clock, body)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.webm"]
    assert sandbox.media_requests_seen == []


def test_a_failed_composition_cannot_be_deleted(mode: str, sandbox: Sandbox, clock: FakeClock) -> None:
    async def body(client: Any) -> ApiError:
        created = await client.create(room_sid=FAILING_ROOM_SID, audio_sources=["*"])
        clock.advance(LIFETIME)
        with pytest.raises(ApiError) as caught:
            await client.delete(created.sid)
        return caught.value

    error = run(mode, sandbox, clock, body)
    assert error.status == 409 and "failed" in error.message


def test_a_loopback_media_host_is_not_reached_through_an_environment_proxy(
    mode: str, sandbox: Sandbox, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # nothing listens there: a proxied request fails

    async def body(client: Any) -> int:
        created = await client.create(room_sid=ROOM_SID, audio_sources=["*"])
        done = await client.wait(created.sid)
        return int(await client.download(done.sid, tmp_path / "out.webm"))

    assert run(mode, sandbox, clock, body) == sandbox.store.media_bytes
