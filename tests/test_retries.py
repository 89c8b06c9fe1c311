"""Retries, backoff, Retry-After and per-call settings, with the sync and the async client, and with the
low-level functions of api/ (which send through the same core: conftest.LOW_MODES).

Faults come from an httpx.MockTransport here, and from the sandbox (real sockets) at the end. Every
wait happens on a FakeClock: `clock.sleeps` is what the client would have slept.
"""

from __future__ import annotations

import datetime
import email.utils
import random
import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from twilio_compositions import (
    ApiConnectionError,
    ApiTimeoutError,
    BadRequestError,
    NotFoundError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from twilio_compositions._retry import backoff, retry_after
from twilio_compositions.sandbox import Sandbox

from .conftest import COMPOSITION_SID, EVERY_MODE, ROOM_SID, FakeClock
from .modes import run

LAYOUT = {"grid": {"video_sources": ["*"]}}


pytestmark = pytest.mark.modes(*EVERY_MODE)  # the low-level functions too


def twilio_error(status: int, code: int | None = None) -> dict[str, Any]:
    return {"status": status, "message": f"message for {status}", "code": code, "more_info": None}


class Script:
    """A MockTransport handler that plays a list of answers (responses, or exceptions to raise) in order."""

    def __init__(self, *answers: httpx.Response | type[httpx.TransportError]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        assert self.answers, (
            f"one request more than the script has answers for: {request.method} {request.url}"
        )
        answer = self.answers.pop(0)
        if isinstance(answer, httpx.Response):
            return answer
        raise answer("injected", request=request)


def fetch(client: Any) -> Any:
    return client.fetch(COMPOSITION_SID)


def create(client: Any) -> Any:
    return client.create(room_sid=ROOM_SID, video_layout=LAYOUT)


@pytest.fixture
def completed(fetch_example: dict[str, Any]) -> httpx.Response:
    return httpx.Response(200, json=fetch_example)


@pytest.fixture
def created(fetch_example: dict[str, Any]) -> httpx.Response:
    return httpx.Response(201, json={**fetch_example, "status": "enqueued"})


# -- what is retried ---------------------------------------------------------------------------------


def test_503_503_200_succeeds_after_three_requests(
    mode: str, clock: FakeClock, completed: httpx.Response
) -> None:
    script = Script(httpx.Response(503, json=twilio_error(503)), httpx.Response(503), completed)
    composition = run(mode, fetch, handler=script, clock=clock)
    assert composition.status == "completed"
    assert len(script.requests) == 3
    first, second = clock.sleeps
    assert 0.375 <= first <= 0.5 and 0.75 <= second <= 1.0  # 0.5 s doubling, less up to 25% jitter


def test_429_with_retry_after_waits_that_long(mode: str, clock: FakeClock, completed: httpx.Response) -> None:
    limited = httpx.Response(429, json=twilio_error(429, 20429), headers={"Retry-After": "1"})
    script = Script(limited, completed)
    run(mode, fetch, handler=script, clock=clock)
    assert clock.sleeps == [1.0]
    assert len(script.requests) == 2


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_fetch_retries_every_transient_5xx(
    mode: str, clock: FakeClock, completed: httpx.Response, status: int
) -> None:
    script = Script(httpx.Response(status), completed)
    run(mode, fetch, handler=script, clock=clock)
    assert len(script.requests) == 2


@pytest.mark.parametrize(
    "failure",
    [httpx.ConnectError, httpx.ConnectTimeout, httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError],
)
def test_fetch_retries_every_network_failure(
    mode: str, clock: FakeClock, completed: httpx.Response, failure: type[httpx.TransportError]
) -> None:
    script = Script(failure, completed)
    run(mode, fetch, handler=script, clock=clock)
    assert len(script.requests) == 2


@pytest.mark.parametrize(
    ("status", "error"), [(400, BadRequestError), (404, NotFoundError), (501, ServerError)]
)
def test_statuses_that_would_fail_again_are_not_retried(
    mode: str, clock: FakeClock, status: int, error: type[Exception]
) -> None:
    script = Script(httpx.Response(status, json=twilio_error(status)))
    with pytest.raises(error):
        run(mode, fetch, handler=script, clock=clock)
    assert len(script.requests) == 1 and clock.sleeps == []


def test_retries_stop_after_max_retries_with_the_last_error(mode: str, clock: FakeClock) -> None:
    script = Script(*[httpx.Response(503, json=twilio_error(503, 20503))] * 3)
    with pytest.raises(ServerError) as caught:
        run(mode, fetch, handler=script, clock=clock)
    assert (caught.value.status, caught.value.code) == (503, 20503)
    assert len(script.requests) == 3  # the first try and max_retries=2


# -- create is not idempotent ------------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_create_after_a_5xx_is_not_repeated(mode: str, clock: FakeClock, status: int) -> None:
    script = Script(httpx.Response(status, json=twilio_error(status)))
    with pytest.raises(ServerError):
        run(mode, create, handler=script, clock=clock)
    assert len(script.requests) == 1


@pytest.mark.parametrize(
    "failure",
    [httpx.ReadTimeout, httpx.WriteTimeout, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError],
)
def test_create_is_not_repeated_once_it_may_have_reached_the_server(
    mode: str, clock: FakeClock, failure: type[httpx.TransportError]
) -> None:
    script = Script(failure)
    with pytest.raises(ApiConnectionError) as caught:
        run(mode, create, handler=script, clock=clock)
    assert len(script.requests) == 1
    assert isinstance(caught.value, ApiTimeoutError) == issubclass(failure, httpx.TimeoutException)


@pytest.mark.parametrize("failure", [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout])
def test_create_is_repeated_when_it_never_left(
    mode: str, clock: FakeClock, created: httpx.Response, failure: type[httpx.TransportError]
) -> None:
    script = Script(failure, created)
    assert run(mode, create, handler=script, clock=clock).status == "enqueued"
    assert len(script.requests) == 2
    assert script.requests[0].content == script.requests[1].content  # the same request, sent again


def test_create_is_repeated_after_429(mode: str, clock: FakeClock, created: httpx.Response) -> None:
    script = Script(httpx.Response(429, json=twilio_error(429, 20429)), created)
    run(mode, create, handler=script, clock=clock)
    assert len(script.requests) == 2


# -- settings per client and per call -----------------------------------------------------------------


def test_max_retries_per_client_and_per_call(mode: str, clock: FakeClock) -> None:
    script = Script(*[httpx.Response(503)] * 6)
    with pytest.raises(ServerError):
        run(mode, fetch, handler=script, clock=clock, max_retries=5)
    assert len(script.requests) == 6

    script = Script(httpx.Response(503))
    with pytest.raises(ServerError):
        run(
            mode,
            lambda c: c.fetch(COMPOSITION_SID, max_retries=0),
            handler=script,
            clock=clock,
            max_retries=5,
        )
    assert len(script.requests) == 1


def test_max_retries_zero_turns_retries_off(mode: str, clock: FakeClock) -> None:
    script = Script(httpx.ConnectError)
    with pytest.raises(ApiConnectionError):
        run(mode, fetch, handler=script, clock=clock, max_retries=0)
    assert len(script.requests) == 1 and clock.sleeps == []


def test_timeouts_per_client_and_per_call(mode: str, clock: FakeClock, completed: httpx.Response) -> None:
    seen: list[dict[str, Any]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return completed

    run(mode, fetch, handler=answer, clock=clock)
    run(mode, fetch, handler=answer, clock=clock, timeout=7)
    run(
        mode,
        lambda c: c.fetch(COMPOSITION_SID, timeout=httpx.Timeout(3, connect=1)),
        handler=answer,
        clock=clock,
    )
    assert seen == [
        {"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 30.0},
        {"connect": 7.0, "read": 7.0, "write": 7.0, "pool": 7.0},
        {"connect": 1.0, "read": 3.0, "write": 3.0, "pool": 3.0},
    ]


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": True}, "max_retries"),
        ({"max_retries": 1.5}, "max_retries"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": "30"}, "timeout"),
    ],
)
def test_bad_settings_are_refused_before_sending(
    mode: str, clock: FakeClock, kwargs: dict[str, Any], param: str
) -> None:
    script = Script()
    with pytest.raises(ValidationError) as per_call:
        run(mode, lambda c: c.fetch(COMPOSITION_SID, **kwargs), handler=script, clock=clock)
    with pytest.raises(ValidationError) as per_client:
        run(mode, fetch, handler=script, clock=clock, **kwargs)
    assert per_call.value.param == per_client.value.param == param
    assert script.requests == []


# -- Retry-After and backoff ---------------------------------------------------------------------------


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime.datetime(2026, 11, 22, 12, 0, 0, tzinfo=datetime.UTC)
    in_30_s = email.utils.format_datetime(now + datetime.timedelta(seconds=30), usegmt=True)
    assert retry_after({"retry-after": "2"}, now) == 2.0
    assert retry_after({"retry-after": "0.5"}, now) == 0.5
    assert retry_after({"retry-after": in_30_s}, now) == 30.0
    assert retry_after({"retry-after": "Sat, 21 Nov 2026 12:00:00 GMT"}, now) == 0.0  # in the past
    assert retry_after({"retry-after": "3600"}, now) == 60.0  # capped
    assert retry_after({"retry-after": "soon"}, now) is None
    assert retry_after({}, now) is None


@pytest.mark.parametrize(("value", "seconds"), [("nan", 0.0), ("NaN", 0.0), ("-5", 0.0), ("inf", 60.0)])
def test_retry_after_of_nan_inf_or_below_zero_is_a_sleepable_wait(value: str, seconds: float) -> None:
    # float() takes "nan" and "inf": NaN compares false with everything, so without its own guard it
    # would pass `< 0` and min() and reach sleep(); a negative number means "at once".
    assert retry_after({"retry-after": value}) == seconds


def test_a_nan_retry_after_retries_at_once(mode: str, clock: FakeClock, completed: httpx.Response) -> None:
    script = Script(httpx.Response(503, headers={"Retry-After": "nan"}), completed)
    run(mode, fetch, handler=script, clock=clock)
    assert clock.sleeps == [0.0]
    assert len(script.requests) == 2


def test_a_long_retry_after_is_capped(mode: str, clock: FakeClock, completed: httpx.Response) -> None:
    script = Script(httpx.Response(503, headers={"Retry-After": "86400"}), completed)
    run(mode, fetch, handler=script, clock=clock)
    assert clock.sleeps == [60.0]


def test_a_rate_limit_error_tells_how_long_to_wait(mode: str, clock: FakeClock) -> None:
    script = Script(httpx.Response(429, json=twilio_error(429, 20429), headers={"Retry-After": "7"}))
    with pytest.raises(RateLimitError) as caught:
        run(mode, fetch, handler=script, clock=clock, max_retries=0)
    assert caught.value.retry_after == 7.0 and caught.value.code == 20429


def test_backoff_doubles_up_to_the_cap_with_jitter() -> None:
    rng = random.Random(1)  # noqa: S311  (jitter, seeded for the test)
    for retry, full in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (5, 8.0), (9, 8.0)]:
        delays = [backoff(retry, rng) for _ in range(200)]
        assert all(0.75 * full <= d <= full for d in delays)
        assert len(set(delays)) > 100  # jittered, not one value


# -- end to end, against the sandbox ------------------------------------------------------------------


@pytest.fixture
def server(clock: FakeClock, sandbox_mode: str) -> Iterator[Sandbox]:
    in_process = sandbox_mode == "in-process"
    with Sandbox(queue_seconds=1, processing_seconds=10, clock=clock, in_process=in_process) as running:
        yield running


def on(server: Sandbox) -> dict[str, Any]:
    return {"sandbox": server}


def test_sandbox_503_503_then_success(mode: str, clock: FakeClock, server: Sandbox) -> None:
    sid = run(mode, create, clock=clock, **on(server)).sid
    server.inject_fault(503, times=2)
    assert run(mode, lambda c: c.fetch(sid), clock=clock, **on(server)).sid == sid
    assert [method for method, _ in server.requests_seen] == ["POST", "GET", "GET", "GET"]


def test_sandbox_429_retry_after_then_create(mode: str, clock: FakeClock, server: Sandbox) -> None:
    server.inject_fault(429, headers={"Retry-After": "1"}, code=20429, message="Too Many Requests")
    assert run(mode, create, clock=clock, **on(server)).status == "enqueued"
    assert clock.sleeps == [1.0]
    assert [method for method, _ in server.requests_seen] == ["POST", "POST"]


def test_sandbox_create_after_500_is_not_repeated(mode: str, clock: FakeClock, server: Sandbox) -> None:
    server.inject_fault(500, method="POST", code=20500, message="Internal Server Error")
    with pytest.raises(ServerError) as caught:
        run(mode, create, clock=clock, **on(server))
    assert (caught.value.status, caught.value.code) == (500, 20500)
    assert server.requests_seen == [("POST", "/v1/Compositions")]


def test_sandbox_dropped_connection(mode: str, clock: FakeClock, server: Sandbox) -> None:
    server.inject_fault(method="POST", disconnect=True)
    with pytest.raises(ApiConnectionError):
        run(mode, create, clock=clock, **on(server))
    assert len(server.requests_seen) == 1  # a create that may have arrived is not sent twice
    sid = run(mode, create, clock=clock, **on(server)).sid
    server.inject_fault(method="GET", disconnect=True)
    assert run(mode, lambda c: c.fetch(sid), clock=clock, **on(server)).sid == sid  # a fetch is


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_connection_refused_then_success(mode: str, clock: FakeClock) -> None:
    port = free_port()
    late = Sandbox(port=port, clock=clock)
    started: list[float] = []

    def start_the_server(seconds: float) -> None:  # while the client waits to retry
        if not started:
            started.append(seconds)
            late.start()

    clock.on_sleep = start_the_server
    try:
        composition = run(
            mode,
            create,
            clock=clock,
            account_sid=late.account_sid,
            auth_token=late.auth_token,
            base_url=f"http://127.0.0.1:{port}",
        )
    finally:
        late.stop()
    assert composition.status == "enqueued"
    assert len(clock.sleeps) == 1  # refused once (nothing listened), then the server was up
