"""wait() through an outage: transient failures are polled through until the deadline; permanent ones
raise at once. On a fake clock, sync and async alike."""

from __future__ import annotations

import logging
import pickle
from typing import Any

import httpx
import pytest
from twilio_compositions import (
    ApiConnectionError,
    AuthenticationError,
    NotFoundError,
    ServerError,
    WaitTimeoutError,
)
from twilio_compositions.sandbox import Sandbox

from .conftest import COMPOSITION_SID, ROOM_SID, FakeClock
from .modes import run


def sequence(*answers: httpx.Response | type[httpx.RequestError]) -> Any:
    """A handler giving these answers in turn (an exception class: raised, as a dropped connection)."""
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, type):
            raise answer("dropped", request=request)
        # A fresh response each time: the last answer repeats, and a response is read only once.
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    return handler


def status(fetch_example: dict[str, Any], name: str) -> httpx.Response:
    return httpx.Response(200, json={**fetch_example, "status": name})


def unavailable() -> httpx.Response:
    return httpx.Response(503, json={"status": 503, "message": "Service Unavailable", "code": None})


@pytest.mark.parametrize(
    "fault", [{"status": 503}, {"method": "GET", "disconnect": True}], ids=["503", "dropped"]
)
def test_a_sandbox_outage_does_not_end_the_wait(
    mode: str, clock: FakeClock, fault: dict[str, Any], sandbox_mode: str
) -> None:
    in_process = sandbox_mode == "in-process"
    with Sandbox(queue_seconds=1, processing_seconds=10, clock=clock, in_process=in_process) as sandbox:
        where = {"sandbox": sandbox}
        created = run(mode, lambda c: c.create(room_sid=ROOM_SID, audio_sources=["*"]), clock=clock, **where)
        sandbox.inject_fault(**fault, times=12)  # four polls' worth: each fetch tries 3 times
        done = run(mode, lambda c: c.wait(created.sid, timeout=120), clock=clock, **where)
    assert done.status == "completed"


def test_transient_errors_are_logged_and_polled_through(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    handler = sequence(
        status(fetch_example, "processing"),
        *[unavailable()] * 3,  # one poll, with its two retries
        httpx.ConnectError,
        httpx.ConnectError,
        httpx.ConnectError,
        httpx.Response(429, json={"status": 429, "message": "Too Many Requests", "code": 20429}),
        httpx.Response(429, json={"status": 429, "message": "Too Many Requests", "code": 20429}),
        httpx.Response(429, json={"status": 429, "message": "Too Many Requests", "code": 20429}),
        status(fetch_example, "completed"),
    )
    with caplog.at_level(logging.INFO, logger="twilio_compositions"):
        done = run(mode, lambda c: c.wait(COMPOSITION_SID, timeout=600), handler=handler, clock=clock)
    assert done.status == "completed"
    outages = [r.getMessage() for r in caplog.records if "poll failed" in r.getMessage()]
    assert len(outages) == 3
    assert (
        "ServerError" in outages[0] and "ApiConnectionError" in outages[1] and "RateLimitError" in outages[2]
    )
    assert "(3 failed so far)" in outages[2]


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (httpx.Response(404, json={"status": 404, "message": "gone", "code": 20404}), NotFoundError),
        (
            httpx.Response(401, json={"status": 401, "message": "Authenticate", "code": 20003}),
            AuthenticationError,
        ),
    ],
)
def test_a_permanent_error_still_raises_at_once(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any], answer: httpx.Response, error: type
) -> None:
    handler = sequence(status(fetch_example, "processing"), answer)
    with pytest.raises(error):
        run(mode, lambda c: c.wait(COMPOSITION_SID), handler=handler, clock=clock)
    assert clock.sleeps == [1.0]  # one poll interval, no retry sleeps: raised on the second poll


@pytest.mark.parametrize("failure", [unavailable(), httpx.ReadTimeout], ids=["503", "timeout"])
def test_a_deadline_passed_in_an_outage_keeps_the_last_composition_and_error(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any], failure: Any
) -> None:
    handler = sequence(status(fetch_example, "processing"), failure)
    with pytest.raises(WaitTimeoutError) as caught:
        run(mode, lambda c: c.wait(COMPOSITION_SID, timeout=60), handler=handler, clock=clock)
    error = caught.value
    assert error.composition is not None and error.composition.status == "processing"
    assert isinstance(
        error.__cause__, ServerError if failure is not httpx.ReadTimeout else ApiConnectionError
    )
    assert error.transient_errors >= 3 and f"{error.transient_errors} polls failed" in str(error)
    assert pickle.loads(pickle.dumps(error)).transient_errors == error.transient_errors


def test_an_answer_after_an_outage_clears_the_cause(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any]
) -> None:
    handler = sequence(unavailable(), unavailable(), unavailable(), status(fetch_example, "processing"))
    with pytest.raises(WaitTimeoutError) as caught:
        run(mode, lambda c: c.wait(COMPOSITION_SID, timeout=30), handler=handler, clock=clock)
    assert caught.value.__cause__ is None  # the last poll answered: the timeout is not the outage's
    assert caught.value.transient_errors == 1
