"""Shared fixtures: the spec, a fake clock, a sandbox on it, and clients that record what they send.

The `sandbox` fixture runs each test that uses it twice: on a socket ("socket": the servers on
127.0.0.1) and in-process ("in-process": the same logic through an httpx transport), so the sandbox's
tests show both modes behave alike. A test that looks at sockets or connections is marked
@pytest.mark.socket_only and runs on a socket only. Talk to the sandbox through `sandbox_client`,
`sandbox_http` or sandbox_http_client(sandbox), which pick the transport for the mode.

The `mode` fixture runs each test that uses it (itself or through a fixture) once per client mode:
"sync" and "async" (MODES), or the modes a @pytest.mark.modes(...) names, the closest marker winning (a
test's own over its module's `pytestmark`): EVERY_MODE adds the low-level functions of api/ ("low-sync",
"low-async"). tests/modes.py calls the client the same way in each.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from twilio_compositions import CompositionsClient
from twilio_compositions.sandbox import Sandbox

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "spec" / "compositions.yaml"

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "test-auth-token-0123456789"
ROOM_SID = "RM" + "a" * 32
COMPOSITION_SID = "CJ" + "b" * 32
# facts.md's picture-in-picture example layout (for a 1280x720 canvas).
PIP_LAYOUT = {
    "main": {"z_pos": 1, "video_sources": ["screen-presentation"]},
    "pip": {
        "z_pos": 2,
        "x_pos": 1000,
        "y_pos": 30,
        "width": 240,
        "height": 180,
        "video_sources": ["RT" + "b" * 32],
    },
}


@pytest.fixture(scope="session", autouse=True)
def _loopback_bypasses_proxies() -> Iterator[None]:
    """NO_PROXY covers 127.0.0.1 for the whole session, and is put back afterwards.

    Tests also talk to the sandbox with plain httpx calls, which honour HTTP(S)_PROXY; a CI machine that
    reaches its package registries through a proxy must not send 127.0.0.1 traffic there. A fixture,
    not a change at import time, so that importing conftest changes nothing.
    """
    no_proxy = ",".join(filter(None, [os.environ.get("NO_PROXY"), "127.0.0.1", "localhost"]))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NO_PROXY", no_proxy)
        patch.setenv("no_proxy", no_proxy)
        yield


@pytest.fixture
def untraced(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Coverage measurement (scripts/test runs the suite under `coverage run`) paused for the test.

    For the tests that count memory or do tens of thousands of calls: the tracer makes each call slower
    and allocates as it records lines, in this process and in the subprocesses it would measure too (the
    environment variable that starts it there is removed). Outside coverage it changes nothing.
    """
    monkeypatch.delenv("COVERAGE_PROCESS_CONFIG", raising=False)
    if "coverage" not in sys.modules:  # not measuring: coverage is imported before any test
        yield
        return
    import coverage
    from coverage.exceptions import CoverageWarning

    measuring = coverage.Coverage.current()
    if measuring is None:
        yield
        return
    measuring.stop()
    try:
        yield
    finally:
        with warnings.catch_warnings():
            # Restarting, coverage warns that the package was imported unmeasured: it was, by this test.
            warnings.simplefilter("ignore", CoverageWarning)
            measuring.start()


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return document


@pytest.fixture(scope="session")
def fetch_example(spec: dict[str, Any]) -> dict[str, Any]:
    """The fetch reference page's response example, as the spec holds it."""
    example: dict[str, Any] = spec["components"]["examples"]["CompositionCompleted"]["value"]
    return example


class FakeClock:
    """A clock that only moves when a test moves it, or when someone sleeps on it.

    The sandbox calls it (clock=); the clients use it through monotonic/sleep/async_sleep (client._clock),
    so a retry's backoff or wait()'s polling takes no real time, and `sleeps` tells how long they waited.
    `on_sleep`, when set, runs after each sleep: a test's way to change the world while the client waits.
    """

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now
        self.sleeps: list[float] = []
        self.on_sleep: Callable[[float], None] | None = None

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0, f"slept {seconds} s"
        self.sleeps.append(seconds)
        self.now += seconds
        if self.on_sleep is not None:
            self.on_sleep(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


SANDBOX_MODES = ["socket", "in-process"]
MODES = ["sync", "async"]
LOW_MODES = ["low-sync", "low-async"]
EVERY_MODE = MODES + LOW_MODES


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that needs `mode` runs in each client mode (its `modes` marker's, or MODES), and one that
    needs `sandbox_mode` (the `sandbox` fixture does) in each sandbox mode."""
    if "mode" in metafunc.fixturenames:
        marker = metafunc.definition.get_closest_marker("modes")
        modes = list(marker.args) if marker is not None else MODES
        unknown = set(modes) - set(EVERY_MODE)
        assert modes and not unknown, f"{metafunc.definition.nodeid}: no client modes {sorted(unknown)}"
        # Module scope, so that a module-scoped fixture can build its client for the mode
        # (test_validation_properties' `wire`, which Hypothesis's examples share).
        metafunc.parametrize("mode", modes, indirect=True, scope="module")
    if "sandbox_mode" in metafunc.fixturenames:
        socket_only = metafunc.definition.get_closest_marker("socket_only") is not None
        metafunc.parametrize("sandbox_mode", ["socket"] if socket_only else SANDBOX_MODES)


@pytest.fixture(scope="module")
def mode(request: pytest.FixtureRequest) -> str:
    """The client mode this test runs in: "sync", "async", "low-sync" or "low-async" (see the top)."""
    return str(request.param)


def sandbox_http_client(sandbox: Sandbox, **kwargs: Any) -> httpx.Client:
    """Plain httpx to the sandbox: through its transport when it is in-process."""
    if sandbox.in_process:
        kwargs.setdefault("transport", sandbox.transport())
        kwargs["trust_env"] = False
    return httpx.Client(**kwargs)


@pytest.fixture
def sandbox(clock: FakeClock, sandbox_mode: str) -> Iterator[Sandbox]:
    in_process = sandbox_mode == "in-process"
    with Sandbox(queue_seconds=1, processing_seconds=10, clock=clock, in_process=in_process) as running:
        yield running


@pytest.fixture
def sandbox_client(sandbox: Sandbox, clock: FakeClock) -> Iterator[CompositionsClient]:
    with sandbox.client(clock=clock) as client:
        yield client


@pytest.fixture
def sandbox_http(sandbox: Sandbox) -> Iterator[httpx.Client]:
    """Plain httpx to the sandbox, no credentials, no redirects followed."""
    with sandbox_http_client(sandbox) as client:
        yield client


class Recorder:
    """An httpx transport that records every request and answers with a canned response."""

    def __init__(self, answer: Callable[[httpx.Request], httpx.Response]) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        # A copy: the client removes the Authorization header from its request once the call is over.
        copy = httpx.Request(
            request.method, request.url, headers=request.headers.copy(), content=request.read()
        )
        self.requests.append(copy)
        return self.answer(copy)


def json_answer(status: int, body: Any) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(status, json=body)


def no_network(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"a request was sent although validation should have stopped it: {request.url}")


@pytest.fixture
def make_client(clock: FakeClock) -> Iterator[Callable[..., tuple[CompositionsClient, Recorder]]]:
    """make_client(answer) -> a client whose requests go to a Recorder instead of the network.

    Its retries wait on the test's FakeClock.
    """
    clients: list[CompositionsClient] = []

    def make(
        answer: Callable[[httpx.Request], httpx.Response] = no_network,
    ) -> tuple[CompositionsClient, Recorder]:
        recorder = Recorder(answer)
        client = CompositionsClient(
            account_sid=ACCOUNT_SID,
            auth_token=AUTH_TOKEN,
            http_client=httpx.Client(transport=httpx.MockTransport(recorder)),
        )
        client._clock = clock
        clients.append(client)
        return client, recorder

    yield make
    for client in clients:
        client.close()
