"""The whole resource through the clients against the sandbox: list across pages, download, delete;
sync and async alike (each step through tests/modes.py, on one client per test), on a fake clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from twilio_compositions import ApiError, CompositionDeletedError, NotFoundError
from twilio_compositions.sandbox import FAILING_ROOM_SID, Sandbox

from .conftest import ROOM_SID, FakeClock
from .modes import collect, mode_client

LIFETIME = 11  # the sandbox fixture: 1 s enqueued, 10 s processing


def test_list_follows_the_pages_on_the_sandbox(mode: str, sandbox: Sandbox, clock: FakeClock) -> None:
    with mode_client(mode, sandbox=sandbox, clock=clock) as api:
        created = [api.run(lambda c: c.create(room_sid=ROOM_SID, audio_sources=["*"])).sid for _ in range(5)]
        listed = [c.sid for c in api.run(lambda c: collect(c.list(page_size=2)))]
    assert listed == list(reversed(created))  # every page, newest first
    lists = [path for method, path in sandbox.requests_seen if method == "GET"]
    # The sandbox writes next_page_url on Twilio's host; the client asked the sandbox for it.
    assert len(lists) == 3 and all("PageToken=" in path for path in lists[1:])


def test_create_wait_download_delete(mode: str, sandbox: Sandbox, clock: FakeClock, tmp_path: Path) -> None:
    target = tmp_path / "out.mp4"
    progress: list[tuple[int, int | None]] = []

    with mode_client(mode, sandbox=sandbox, clock=clock) as api:
        created = api.run(lambda c: c.create(room_sid=ROOM_SID, audio_sources=["*"], format="mp4"))
        done = api.run(lambda c: c.wait(created.sid))
        size = api.run(
            lambda c: c.download(done.sid, target, on_progress=lambda d, t: progress.append((d, t)))
        )
        api.run(lambda c: c.delete(done.sid))
        with pytest.raises(CompositionDeletedError):
            api.run(lambda c: c.wait(done.sid))
        assert [c.sid for c in api.run(lambda c: collect(c.list()))] == []
        assert [c.sid for c in api.run(lambda c: collect(c.list(status="deleted")))] == [done.sid]
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

    with mode_client(mode, sandbox=sandbox, clock=clock) as api:
        created = api.run(lambda c: c.create(room_sid=ROOM_SID, audio_sources=["*"]))
        with pytest.raises(NotFoundError):
            api.run(lambda c: c.download(created.sid, target))
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.webm"]
    assert sandbox.media_requests_seen == []


def test_a_failed_composition_cannot_be_deleted(mode: str, sandbox: Sandbox, clock: FakeClock) -> None:
    with mode_client(mode, sandbox=sandbox, clock=clock) as api:
        created = api.run(lambda c: c.create(room_sid=FAILING_ROOM_SID, audio_sources=["*"]))
        clock.advance(LIFETIME)
        with pytest.raises(ApiError) as caught:
            api.run(lambda c: c.delete(created.sid))
    assert caught.value.status == 409 and "failed" in caught.value.message


def test_a_loopback_media_host_is_not_reached_through_an_environment_proxy(
    mode: str, sandbox: Sandbox, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # nothing listens there: a proxied request fails

    with mode_client(mode, sandbox=sandbox, clock=clock) as api:
        created = api.run(lambda c: c.create(room_sid=ROOM_SID, audio_sources=["*"]))
        done = api.run(lambda c: c.wait(created.sid))
        assert api.run(lambda c: c.download(done.sid, tmp_path / "out.webm")) == sandbox.store.media_bytes
