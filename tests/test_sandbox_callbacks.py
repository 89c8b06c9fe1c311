"""Status callbacks end to end: the sandbox sends them to a receiver on 127.0.0.1, signed, in order."""

from __future__ import annotations

import datetime
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from twilio_compositions import (
    CompositionsClient,
    CompositionStatus,
    StatusCallbackEvent,
    StatusCallbackEventType,
    parse_status_callback,
    verify_signature,
)
from twilio_compositions.sandbox import FAILING_ROOM_SID, Sandbox

from .conftest import ROOM_SID, FakeClock, sandbox_http_client

PROGRESS = [f"composition-progress {percent}%" for percent in range(10, 100, 10)]


@dataclass(frozen=True)
class Received:
    method: str
    url: str  # as the sender addressed it: http://127.0.0.1:port/path?query
    headers: dict[str, str]
    body: bytes

    @property
    def form(self) -> bytes | str:
        """The callback's parameters: the body of a POST, the query string of a GET."""
        return self.body if self.method == "POST" else urlsplit(self.url).query

    def event(self) -> StatusCallbackEvent:
        return parse_status_callback(self.form)

    def verifies(self, auth_token: str) -> bool:
        params = self.body if self.method == "POST" else None
        return verify_signature(self.url, params, self.headers.get("X-Twilio-Signature"), auth_token)


class Receiver(ThreadingHTTPServer):
    """A status callback receiver that records every request and answers `answer_status`."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _ReceiverHandler)
        self.received: list[Received] = []
        self.answer_status = 204
        self.changed = threading.Condition()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def record(self, request: Received) -> None:
        with self.changed:
            self.received.append(request)
            self.changed.notify_all()

    def wait_for(self, count: int, timeout: float = 20) -> list[Received]:
        """The first `count` requests, once they arrived (for the background thread's deliveries)."""
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.received) >= count, timeout), self.received
            return self.received[:count]

    def events(self) -> list[str]:
        """What arrived, such as "composition-progress 40%"."""
        names = []
        for request in self.received:
            event = request.event()
            percent = f" {event.percentage_done}%" if event.percentage_done is not None else ""
            names.append(f"{event.status_callback_event}{percent}")
        return names


class _ReceiverHandler(BaseHTTPRequestHandler):
    server: Receiver

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.record(Received(self.command, self.server.url + self.path, dict(self.headers), body))
        self.send_response(self.server.answer_status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def quiet_sandbox(clock: FakeClock, sandbox_mode: str) -> Iterator[Sandbox]:
    """A sandbox without the background delivery thread: callbacks go out only in deliver_due_callbacks()."""
    in_process = sandbox_mode == "in-process"
    with Sandbox(
        queue_seconds=1, processing_seconds=10, clock=clock, callback_interval=None, in_process=in_process
    ) as running:
        yield running


@pytest.fixture
def client(quiet_sandbox: Sandbox) -> Iterator[CompositionsClient]:
    with quiet_sandbox.client() as made:
        yield made


@pytest.fixture
def http(quiet_sandbox: Sandbox) -> Iterator[httpx.Client]:
    with sandbox_http_client(
        quiet_sandbox, auth=(quiet_sandbox.account_sid, quiet_sandbox.auth_token)
    ) as made:
        yield made


def test_the_callbacks_of_a_composition_arrive_in_order_signed(
    quiet_sandbox: Sandbox, client: CompositionsClient, clock: FakeClock, receiver: Receiver
) -> None:
    callback_url = f"{receiver.url}/callbacks?tenant=42"
    created = client.create(room_sid=ROOM_SID, audio_sources=["*"], status_callback=callback_url)
    sid = created.sid
    assert quiet_sandbox.deliver_due_callbacks() == []  # enqueued: nothing yet

    clock.advance(1)  # processing begins (queue_seconds=1)
    assert [d.event for d in quiet_sandbox.deliver_due_callbacks()] == ["composition-started"]
    assert receiver.events() == ["composition-started"]
    clock.advance(4.99)
    quiet_sandbox.deliver_due_callbacks()
    assert receiver.events() == ["composition-started", *PROGRESS[:4]]
    clock.advance(5.01)  # processing_seconds=10: done
    assert client.fetch(sid or "").status is CompositionStatus.COMPLETED
    assert len(quiet_sandbox.deliver_due_callbacks()) == 6
    assert quiet_sandbox.deliver_due_callbacks() == []  # each one is sent once
    assert receiver.events() == ["composition-started", *PROGRESS, "composition-available"]

    events = []
    for request in receiver.received:
        assert request.method == "POST"
        assert request.url == callback_url  # to the URL given, query string kept
        assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
        assert request.verifies(quiet_sandbox.auth_token)
        assert not request.verifies("another-auth-token")
        events.append(request.event())
    for event in events:
        assert (event.account_sid, event.room_sid, event.composition_sid) == (
            quiet_sandbox.account_sid,
            ROOM_SID,
            sid,
        )
        assert event.composition_uri == f"/v1/Compositions/{sid}"
        assert event.additional_properties == {}
    assert [e.seconds_remaining for e in events[1:-1]] == [9, 8, 7, 6, 5, 4, 3, 2, 1]
    # Timestamps are when each happened, on the composition's own dates.
    done = client.fetch(sid or "")
    timestamps = [e.timestamp for e in events if e.timestamp is not None]
    assert len(timestamps) == len(events) and done.date_created is not None
    assert timestamps[0] == done.date_created + datetime.timedelta(seconds=1)
    assert timestamps[-1].replace(microsecond=0) == done.date_completed  # the resource has whole seconds
    assert timestamps == sorted(timestamps) and len(set(timestamps)) == len(timestamps)
    available = events[-1]
    assert available.status_callback_event is StatusCallbackEventType.COMPOSITION_AVAILABLE
    assert available.composition_sid == sid
    assert available.media_uri == f"/v1/Compositions/{sid}/Media"
    assert (available.size, available.duration) == (done.size, done.duration)
    assert all(delivery.ok for delivery in quiet_sandbox.callback_deliveries)


def test_the_failure_room_ends_composition_failed(
    quiet_sandbox: Sandbox, client: CompositionsClient, clock: FakeClock, receiver: Receiver
) -> None:
    created = client.create(
        room_sid=FAILING_ROOM_SID, audio_sources=["*"], status_callback=f"{receiver.url}/cb"
    )
    sid = created.sid or ""
    assert created.status is CompositionStatus.ENQUEUED
    clock.advance(1)
    assert client.fetch(sid).status is CompositionStatus.PROCESSING
    clock.advance(10)
    failed = client.fetch(sid)
    assert failed.status is CompositionStatus.FAILED
    assert (failed.date_completed, failed.size, failed.duration) == (None, 0, 0)

    quiet_sandbox.deliver_due_callbacks()  # all at once, still in order
    assert receiver.events() == ["composition-started", *PROGRESS, "composition-failed"]
    assert all(request.verifies(quiet_sandbox.auth_token) for request in receiver.received)
    last = receiver.received[-1].event()
    assert last.status_callback_event is StatusCallbackEventType.COMPOSITION_FAILED
    assert last.composition_sid == sid
    assert last.failed_operation and last.error_message
    assert last.media_uri is None


def test_the_get_method_puts_the_parameters_in_the_query_string(
    quiet_sandbox: Sandbox, client: CompositionsClient, clock: FakeClock, receiver: Receiver
) -> None:
    callback_url = f"{receiver.url}/hook?tenant=42"
    created = client.create(
        room_sid=ROOM_SID, audio_sources=["*"], status_callback=callback_url, status_callback_method="GET"
    )
    clock.advance(11)
    quiet_sandbox.deliver_due_callbacks()
    assert receiver.events() == ["composition-started", *PROGRESS, "composition-available"]
    for request in receiver.received:
        assert request.method == "GET" and request.body == b""
        assert request.url.startswith(callback_url + "&AccountSid=")
        assert request.verifies(quiet_sandbox.auth_token)
        # A GET is signed on its URL alone: the same parameters as a POST body do not verify.
        signature = request.headers["X-Twilio-Signature"]
        assert not verify_signature(callback_url, request.form, signature, quiet_sandbox.auth_token)
    last = receiver.received[-1].event()
    assert last.composition_sid == created.sid
    assert last.additional_properties == {"tenant": "42"}  # the URL's own query is part of the form


def test_no_status_callback_no_callbacks(
    quiet_sandbox: Sandbox, client: CompositionsClient, clock: FakeClock, receiver: Receiver
) -> None:
    client.create(room_sid=ROOM_SID, audio_sources=["*"])
    client.create(room_sid=FAILING_ROOM_SID, audio_sources=["*"])
    clock.advance(11)
    assert quiet_sandbox.deliver_due_callbacks() == []
    assert quiet_sandbox.callback_deliveries == []
    assert receiver.received == []


def test_callbacks_of_several_compositions_go_out_in_the_order_they_happened(
    quiet_sandbox: Sandbox, client: CompositionsClient, clock: FakeClock, receiver: Receiver
) -> None:
    first = client.create(room_sid=ROOM_SID, audio_sources=["*"], status_callback=f"{receiver.url}/cb")
    clock.advance(0.5)
    second = client.create(room_sid=ROOM_SID, audio_sources=["*"], status_callback=f"{receiver.url}/cb")
    clock.advance(20)
    sent = quiet_sandbox.deliver_due_callbacks()
    assert len(sent) == 22
    assert [d.composition_sid for d in sent[:4]] == [first.sid, second.sid, first.sid, second.sid]
    events = [request.event() for request in receiver.received]
    timestamps = [event.timestamp for event in events if event.timestamp is not None]
    assert len(timestamps) == len(events) and timestamps == sorted(timestamps)
    for sid in (first.sid, second.sid):
        own = [d.event for d in sent if d.composition_sid == sid]
        assert own[0] == "composition-started" and own[-1] == "composition-available"


def test_a_receiver_that_fails_is_recorded_and_the_sandbox_goes_on(
    quiet_sandbox: Sandbox, client: CompositionsClient, clock: FakeClock, receiver: Receiver
) -> None:
    with socket.socket() as probe:  # a loopback port with nobody listening
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    receiver.answer_status = 500
    erroring = client.create(room_sid=ROOM_SID, audio_sources=["*"], status_callback=f"{receiver.url}/cb")
    unreachable = client.create(
        room_sid=ROOM_SID, audio_sources=["*"], status_callback=f"http://127.0.0.1:{closed_port}/cb"
    )
    clock.advance(1)
    sent = quiet_sandbox.deliver_due_callbacks()
    by_sid = {delivery.composition_sid: delivery for delivery in sent}
    assert (by_sid[erroring.sid or ""].status, by_sid[erroring.sid or ""].ok) == (500, False)
    assert by_sid[unreachable.sid or ""].status is None
    assert "no answer" in (by_sid[unreachable.sid or ""].error or "")
    # One attempt each, no retry, and the next events still go out; the API still answers.
    receiver.answer_status = 200
    clock.advance(10)
    assert len(quiet_sandbox.deliver_due_callbacks()) == 20
    assert len(receiver.received) == 11
    assert client.fetch(erroring.sid or "").status is CompositionStatus.COMPLETED


@pytest.mark.parametrize(
    ("callback_url", "reason"),
    [
        ("https://example.com/cb", "not a loopback host"),
        ("http://10.0.0.1/cb", "not a loopback host"),
    ],
)
def test_callbacks_go_to_loopback_http_urls_only(
    quiet_sandbox: Sandbox, http: httpx.Client, clock: FakeClock, callback_url: str, reason: str
) -> None:
    # Sent raw: the sandbox takes any http(s) StatusCallback, as the API does, and refuses at delivery.
    response = http.post(
        f"{quiet_sandbox.url}/v1/Compositions",
        data={"RoomSid": ROOM_SID, "AudioSources": "*", "StatusCallback": callback_url},
    )
    assert response.status_code == 201
    clock.advance(1)
    (delivery,) = quiet_sandbox.deliver_due_callbacks()
    assert delivery.status is None
    assert delivery.error and reason in delivery.error


@pytest.mark.parametrize("callback_url", ["ftp://127.0.0.1/cb", "file:///etc/passwd"])
def test_a_callback_url_that_is_not_http_is_refused_at_create(
    quiet_sandbox: Sandbox, http: httpx.Client, callback_url: str
) -> None:
    response = http.post(
        f"{quiet_sandbox.url}/v1/Compositions",
        data={"RoomSid": ROOM_SID, "AudioSources": "*", "StatusCallback": callback_url},
    )
    assert response.status_code == 400
    assert response.json()["code"] == 21201 and "StatusCallback" in response.json()["message"]


def test_remote_callbacks_can_be_allowed(clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """With allow_remote_callbacks, a remote URL is attempted; a mock transport answers instead of it."""
    answered: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        answered.append(request)
        return httpx.Response(200)

    real_client = httpx.Client
    monkeypatch.setattr(
        httpx, "Client", lambda **kwargs: real_client(**{**kwargs, "transport": httpx.MockTransport(answer)})
    )
    # Not started: deliveries need no server, only the store and the clock.
    sandbox = Sandbox(clock=clock, queue_seconds=0, callback_interval=None, allow_remote_callbacks=True)
    sandbox.store.create(
        {"RoomSid": ROOM_SID, "AudioSources": ["*"], "StatusCallback": "https://example.com/cb"}
    )
    (delivery,) = sandbox.deliver_due_callbacks()
    assert delivery.ok
    assert [str(request.url) for request in answered] == ["https://example.com/cb"]
    assert verify_signature(
        "https://example.com/cb", answered[0].content, delivery.signature, sandbox.auth_token
    )


def test_the_delivery_record_keeps_credentials_out_of_its_repr(
    quiet_sandbox: Sandbox, client: CompositionsClient, clock: FakeClock, receiver: Receiver, caplog: Any
) -> None:
    secret_url = receiver.url.replace("http://", "http://user:s3cr3t@") + "/cb?token=t0k3n"
    client.create(room_sid=ROOM_SID, audio_sources=["*"], status_callback=secret_url)
    clock.advance(1)
    with caplog.at_level("INFO", logger="twilio_compositions.sandbox"):
        (delivery,) = quiet_sandbox.deliver_due_callbacks()
    assert delivery.ok
    received = receiver.received[0]
    assert received.headers["Authorization"] == httpx.BasicAuth("user", "s3cr3t")._auth_header
    # Signed on the URL the receiver sees, without user:password@.
    assert received.url == f"{receiver.url}/cb?token=t0k3n"
    assert received.verifies(quiet_sandbox.auth_token)
    for text in (repr(delivery), caplog.text):
        assert "s3cr3t" not in text and "t0k3n" not in text
    assert "composition-started" in caplog.text


def test_the_background_thread_delivers_as_the_clock_moves_and_stops_with_the_sandbox(
    clock: FakeClock, receiver: Receiver
) -> None:
    with Sandbox(queue_seconds=1, processing_seconds=10, clock=clock, callback_interval=0.01) as sandbox:
        with CompositionsClient(
            account_sid=sandbox.account_sid, auth_token=sandbox.auth_token, base_url=sandbox.url
        ) as client:
            client.create(room_sid=ROOM_SID, audio_sources=["*"], status_callback=f"{receiver.url}/cb")
        clock.advance(1)
        receiver.wait_for(1)  # nobody calls deliver_due_callbacks(): the thread sends it
        clock.advance(10)
        receiver.wait_for(11)
        assert sandbox.deliver_due_callbacks() == []  # already sent, and not twice
        assert receiver.events() == ["composition-started", *PROGRESS, "composition-available"]
        assert any(t.name == "sandbox-callbacks" for t in threading.enumerate())
    assert not any(t.name == "sandbox-callbacks" for t in threading.enumerate())


def test_the_command_line_sandbox_sends_callbacks(receiver: Receiver) -> None:
    """Real time, as a user runs it: the composition takes half a second."""
    command = [
        sys.executable,
        "-m",
        "twilio_compositions.sandbox",
        "--queue-seconds",
        "0",
        "--processing-seconds",
        "0.5",
    ]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as process:
        try:
            assert process.stdout is not None
            settings = {}
            while "base_url" not in settings:
                name, _, value = process.stdout.readline().strip().partition("=")
                settings[name] = value
            with CompositionsClient(
                account_sid=settings["TWILIO_ACCOUNT_SID"],
                auth_token=settings["TWILIO_AUTH_TOKEN"],
                base_url=settings["base_url"],
            ) as client:
                created = client.create(
                    room_sid=ROOM_SID, audio_sources=["*"], status_callback=f"{receiver.url}/cb"
                )
            received = receiver.wait_for(11)
        finally:
            process.terminate()
            assert process.wait(timeout=10) == 0
    assert receiver.events() == ["composition-started", *PROGRESS, "composition-available"]
    assert all(request.verifies(settings["TWILIO_AUTH_TOKEN"]) for request in received)
    assert received[-1].event().composition_sid == created.sid


def test_a_callback_transport_takes_every_callback(clock: FakeClock) -> None:
    """callback_transport: every callback goes through it, to a remote host too; none leaves the process."""
    answered: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        answered.append(request)
        return httpx.Response(204)

    sandbox = Sandbox(
        clock=clock,
        queue_seconds=0,
        processing_seconds=10,
        callback_interval=None,
        in_process=True,
        callback_transport=httpx.MockTransport(answer),
    )
    with sandbox.client() as client:
        client.create(room_sid=ROOM_SID, audio_sources=["*"], status_callback="https://app.example.com/cb")
    clock.advance(10)
    deliveries = sandbox.deliver_due_callbacks()
    assert (deliveries[0].event, deliveries[-1].event) == ("composition-started", "composition-available")
    assert len(deliveries) == 11 and all(d.ok for d in deliveries)
    assert {str(request.url) for request in answered} == {"https://app.example.com/cb"}
    assert verify_signature(
        "https://app.example.com/cb", answered[0].content, deliveries[0].signature, sandbox.auth_token
    )
