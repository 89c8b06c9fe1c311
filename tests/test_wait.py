"""wait(): polls until done, with a growing interval, on a fake clock; sync and async alike."""

from __future__ import annotations

import pickle
from typing import Any

import httpx
import pytest
from twilio_compositions import (
    Composition,
    CompositionDeletedError,
    CompositionFailedError,
    NotFoundError,
    ValidationError,
    WaitTimeoutError,
)
from twilio_compositions.sandbox import Sandbox

from .conftest import COMPOSITION_SID, FakeClock
from .modes import run


def statuses(fetch_example: dict[str, Any], *names: str) -> list[httpx.Response]:
    return [httpx.Response(200, json={**fetch_example, "status": name}) for name in names]


def test_wait_follows_a_sandbox_composition_to_completed(mode: str, clock: FakeClock) -> None:
    seen: list[tuple[str, float]] = []
    with Sandbox(queue_seconds=2, processing_seconds=20, clock=clock) as sandbox:
        where = {
            "account_sid": sandbox.account_sid,
            "auth_token": sandbox.auth_token,
            "base_url": sandbox.url,
        }
        sid = run(
            mode, lambda c: c.create(room_sid="RM" + "1" * 32, audio_sources=["*"]), clock=clock, **where
        ).sid
        start = clock.now
        done = run(
            mode,
            lambda c: c.wait(sid, on_update=lambda comp: seen.append((str(comp.status), clock.now - start))),
            clock=clock,
            **where,
        )
    assert done.status == "completed" and done.sid == sid
    assert [status for status, _ in seen] == ["enqueued", "processing", "completed"]
    assert seen[1][1] >= 2 and seen[2][1] >= 22  # each change noticed once the sandbox made it
    assert seen[2][1] < 22 + 30  # and no later than one (capped) interval after


def test_the_interval_grows_and_is_capped(mode: str, clock: FakeClock, fetch_example: dict[str, Any]) -> None:
    answers = statuses(fetch_example, *["processing"] * 12, "completed")
    run(
        mode,
        lambda c: c.wait(COMPOSITION_SID, poll_interval=2),
        handler=lambda r: answers.pop(0),
        clock=clock,
    )
    assert clock.sleeps[:4] == [2.0, 3.0, 4.5, 6.75]
    assert max(clock.sleeps) == 30.0 and clock.sleeps[-1] == 30.0
    assert all(b >= a for a, b in zip(clock.sleeps, clock.sleeps[1:], strict=False))


def test_on_update_is_called_on_changes_only(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any]
) -> None:
    answers = statuses(fetch_example, "enqueued", "enqueued", "processing", "processing", "completed")
    updates: list[Composition] = []
    run(
        mode,
        lambda c: c.wait(COMPOSITION_SID, on_update=updates.append),
        handler=lambda r: answers.pop(0),
        clock=clock,
    )
    assert [u.status for u in updates] == ["enqueued", "processing", "completed"]


def test_failed_raises_with_the_composition(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any]
) -> None:
    answers = statuses(fetch_example, "processing", "failed")
    with pytest.raises(CompositionFailedError) as caught:
        run(mode, lambda c: c.wait(COMPOSITION_SID), handler=lambda r: answers.pop(0), clock=clock)
    assert not isinstance(caught.value, CompositionDeletedError)
    assert caught.value.composition.status == "failed"
    assert "failed" in str(caught.value) and fetch_example["sid"] in str(caught.value)
    assert pickle.loads(pickle.dumps(caught.value)).composition.status == "failed"


def test_deleted_raises_too(mode: str, clock: FakeClock, fetch_example: dict[str, Any]) -> None:
    answers = statuses(fetch_example, "deleted")
    with pytest.raises(CompositionDeletedError):
        run(mode, lambda c: c.wait(COMPOSITION_SID), handler=lambda r: answers.pop(0), clock=clock)


def test_timeout_raises_with_the_last_composition(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any]
) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={**fetch_example, "status": "processing"})

    start = clock.now
    with pytest.raises(WaitTimeoutError) as caught:
        run(mode, lambda c: c.wait(COMPOSITION_SID, timeout=12, poll_interval=4), handler=answer, clock=clock)
    # The last poll happens at the deadline, not after it: after 4 + 6 s the next interval (9 s) would
    # end past the deadline, so wait() sleeps only the 2 s left.
    assert clock.sleeps == [4.0, 6.0, 2.0]
    assert clock.now - start == 12
    assert isinstance(caught.value, TimeoutError)
    assert caught.value.composition is not None and caught.value.composition.status == "processing"
    assert caught.value.timeout == 12


def test_an_unknown_status_keeps_waiting(mode: str, clock: FakeClock, fetch_example: dict[str, Any]) -> None:
    answers = statuses(fetch_example, "transcoding", "completed")
    assert (
        run(mode, lambda c: c.wait(COMPOSITION_SID), handler=lambda r: answers.pop(0), clock=clock).status
        == "completed"
    )


def test_errors_of_fetch_come_through(mode: str, clock: FakeClock) -> None:
    missing = httpx.Response(404, json={"status": 404, "message": "not found", "code": 20404})
    with pytest.raises(NotFoundError):
        run(mode, lambda c: c.wait(COMPOSITION_SID), handler=lambda r: missing, clock=clock)


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [({"timeout": 0}, "timeout"), ({"poll_interval": -1}, "poll_interval"), ({"sid": "CJ1"}, "sid")],
)
def test_bad_arguments_are_refused_before_any_request(
    mode: str, clock: FakeClock, kwargs: dict[str, Any], param: str
) -> None:
    def never(request: httpx.Request) -> httpx.Response:
        raise AssertionError("sent")

    kwargs = {"sid": COMPOSITION_SID, **kwargs}
    with pytest.raises(ValidationError) as caught:
        run(mode, lambda c: c.wait(**kwargs), handler=never, clock=clock)
    assert caught.value.param == param
