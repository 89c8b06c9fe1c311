"""Download retries: a transfer cut mid-body resumes with `Range: bytes=N-` (or starts over when the
host ignores Range), connection failures, timeouts, 429 and 5xx are retried after the API's backoff on
the client's clock, 403/404 are not; end to end through the clients and the sandbox's media faults."""

from __future__ import annotations

import asyncio
import gzip
import http.server
import io
import logging
import random
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from twilio_compositions._download import (
    Destination,
    download_async,
    download_sync,
    media_http_client_async,
    media_http_client_sync,
)
from twilio_compositions._exceptions import MediaDownloadError
from twilio_compositions._retry import INITIAL_BACKOFF, JITTER
from twilio_compositions.sandbox import MediaFault, Sandbox

from .conftest import ROOM_SID, FakeClock, sandbox_http_client
from .modes import mode_client

SIGNATURE = "sig-0123456789abcdef-SECRET"
TIMEOUT = httpx.Timeout(5.0)
BODY = bytes(range(251)) * 80  # 20 080 bytes: a prime period, so that a wrong offset shows
OLD = b"the file that was there before"
CUT = 7000


# --- a loopback media host that does what each test scripts ---------------------------------------


@dataclass
class Act:
    """How the origin answers one request: honour Range (the default), or spoil the answer."""

    status: int = 200
    cut_after: int | None = None  # close the connection after this many body bytes
    ignore_range: bool = False  # 200 and the whole body, whatever Range asks
    content_range_start: int | None = None  # a 206 that says it starts here (and sends from here)
    content_range_total: int | None = None  # a 206 that names this total
    headers: dict[str, str] = field(default_factory=dict)


class Origin:
    def __init__(self) -> None:
        self.script: list[Act] = []
        self.ranges: list[str | None] = []  # the Range header of each request, in order
        self.if_ranges: list[str | None] = []  # and its If-Range header
        self.leaked: list[str] = []  # credential headers that reached it (none should)
        self.lock = threading.Lock()
        self.url = ""

    def next_act(self, range_header: str | None, headers: Any) -> Act:
        with self.lock:
            self.ranges.append(range_header)
            self.if_ranges.append(headers.get("If-Range"))
            self.leaked += [name for name in ("Authorization", "Cookie") if name in headers]
            return self.script.pop(0) if self.script else Act()


def handler_for(origin: Origin) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            asked = self.headers.get("Range")
            act = origin.next_act(asked, self.headers)
            if act.status != 200:
                self.send_response(act.status)
                for name, value in act.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "5")
                self.end_headers()
                self.wfile.write(b"error")
                return
            start = 0
            if asked and not act.ignore_range:
                start = int(asked.removeprefix("bytes=").rstrip("-"))
            if act.content_range_start is not None:
                start = act.content_range_start
            total = len(BODY) if act.content_range_total is None else act.content_range_total
            partial = bool(asked and not act.ignore_range) or act.content_range_start is not None
            self.send_response(206 if partial else 200)
            if partial:
                self.send_header("Content-Range", f"bytes {start}-{total - 1}/{total}")
            for name, value in act.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(BODY) - start))
            self.end_headers()
            stop = len(BODY) if act.cut_after is None else start + act.cut_after
            self.wfile.write(BODY[start:stop])
            if act.cut_after is not None:
                self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def origin() -> Iterator[Origin]:
    scripted = Origin()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_for(scripted))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    scripted.url = f"http://127.0.0.1:{server.server_address[1]}/media.mp4?Signature={SIGNATURE}"
    yield scripted
    server.shutdown()
    server.server_close()
    thread.join()


def fetch(
    mode: str,
    url: str,
    to: Destination,
    clock: FakeClock,
    *,
    max_retries: int = 2,
    on_progress: Callable[[int, int | None], object] | None = None,
    transport: httpx.MockTransport | None = None,
) -> int:
    """download_sync or download_async, on `clock`, through a media client (or `transport`)."""
    options: dict[str, Any] = {
        "timeout": TIMEOUT,
        "max_retries": max_retries,
        "clock": clock,
        "rng": random.Random(7),  # noqa: S311
        "on_progress": on_progress,
        "chunk_size": 1000,
    }
    if mode == "sync":
        with httpx.Client(transport=transport) if transport else media_http_client_sync() as http:
            return download_sync(http, url, to, **options)

    async def main() -> int:
        async with httpx.AsyncClient(transport=transport) if transport else media_http_client_async() as http:
            return await download_async(http, url, to, **options)

    return asyncio.run(main())


def names_in(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir())


def assert_backoffs(sleeps: list[float], count: int) -> None:
    assert len(sleeps) == count
    for retry, slept in enumerate(sleeps, start=1):
        full = INITIAL_BACKOFF * 2 ** (retry - 1)
        assert full * (1 - JITTER) <= slept <= full, sleeps


# --- resuming -------------------------------------------------------------------------------------


def test_a_cut_body_resumes_from_the_bytes_written(
    mode: str, origin: Origin, clock: FakeClock, tmp_path: Path
) -> None:
    origin.script = [Act(cut_after=CUT)]
    destination = tmp_path / "video.mp4"
    destination.write_bytes(OLD)
    progress: list[tuple[int, int | None]] = []
    written = fetch(mode, origin.url, destination, clock, on_progress=lambda *a: progress.append(a))
    assert written == len(BODY)
    assert destination.read_bytes() == BODY
    assert names_in(tmp_path) == ["video.mp4"]
    assert origin.ranges == [None, f"bytes={CUT}-"]
    assert_backoffs(clock.sleeps, 1)
    done = [d for d, _ in progress]
    assert done == sorted(done)  # it went on counting from where it was
    assert progress[0] == (0, len(BODY)) and progress[-1] == (len(BODY), len(BODY))
    assert CUT in done
    assert origin.leaked == []


def test_a_cut_body_resumes_into_a_file_object(mode: str, origin: Origin, clock: FakeClock) -> None:
    origin.script = [Act(cut_after=CUT)]
    sink = io.BytesIO(b"head:")
    sink.seek(0, io.SEEK_END)
    assert fetch(mode, origin.url, sink, clock) == len(BODY)
    assert sink.getvalue() == b"head:" + BODY
    assert origin.ranges == [None, f"bytes={CUT}-"]


def test_a_host_that_ignores_range_makes_it_start_over(
    mode: str, origin: Origin, clock: FakeClock, tmp_path: Path
) -> None:
    origin.script = [Act(cut_after=CUT), Act(ignore_range=True)]
    destination = tmp_path / "video.mp4"
    progress: list[tuple[int, int | None]] = []
    assert fetch(mode, origin.url, destination, clock, on_progress=lambda *a: progress.append(a)) == len(BODY)
    assert destination.read_bytes() == BODY  # not the first CUT bytes twice
    assert names_in(tmp_path) == ["video.mp4"]
    assert origin.ranges == [None, f"bytes={CUT}-"]
    assert [p for p in progress if p[0] == 0] == [(0, len(BODY))] * 2  # back to 0, as documented
    assert progress[-1] == (len(BODY), len(BODY))


def test_starting_over_rewinds_a_seekable_file_object_to_where_it_was(
    mode: str, origin: Origin, clock: FakeClock
) -> None:
    origin.script = [Act(cut_after=CUT), Act(ignore_range=True)]
    sink = io.BytesIO(b"head:" + OLD * 1000)  # what follows the start position is overwritten
    sink.seek(5)
    assert fetch(mode, origin.url, sink, clock) == len(BODY)
    assert sink.getvalue() == b"head:" + BODY


class Pipe(io.RawIOBase):
    """A write-only file object that cannot seek, like a pipe or a socket."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, chunk: Any) -> int:
        self.data += chunk
        return len(chunk)


def test_a_file_object_that_cannot_seek_cannot_start_over(
    mode: str, origin: Origin, clock: FakeClock
) -> None:
    origin.script = [Act(cut_after=CUT), Act(ignore_range=True)]
    pipe = Pipe()
    with pytest.raises(MediaDownloadError) as caught:
        # A raw (unbuffered) file object: download() takes one (its hints now say so too).
        fetch(mode, origin.url, pipe, clock)
    assert "did not resume" in str(caught.value) and "not seekable" in str(caught.value)
    assert bytes(pipe.data) == BODY[:CUT]  # what was written stays, as for any failure
    assert len(origin.ranges) == 2


def test_a_file_object_that_cannot_seek_still_resumes(mode: str, origin: Origin, clock: FakeClock) -> None:
    origin.script = [Act(cut_after=CUT)]
    pipe = Pipe()
    assert fetch(mode, origin.url, pipe, clock) == len(BODY)  # raw, as above
    assert bytes(pipe.data) == BODY


def test_a_host_that_cuts_every_time_fails_after_the_retries_and_leaves_the_destination(
    mode: str, origin: Origin, clock: FakeClock, tmp_path: Path
) -> None:
    origin.script = [Act(cut_after=1000)] * 3
    destination = tmp_path / "video.mp4"
    destination.write_bytes(OLD)
    with pytest.raises(MediaDownloadError) as caught:
        fetch(mode, origin.url, destination, clock)
    error = caught.value
    assert (error.status, error.host) == (None, "127.0.0.1")
    assert str(error).endswith(", after 3 attempts")
    assert "Signature" not in str(error) and error.__cause__ is None
    assert origin.ranges == [None, "bytes=1000-", "bytes=2000-"]  # each resumed where the last broke
    assert_backoffs(clock.sleeps, 2)
    assert destination.read_bytes() == OLD
    assert names_in(tmp_path) == ["video.mp4"]  # no temporary file left


def test_max_retries_0_does_not_retry(mode: str, origin: Origin, clock: FakeClock, tmp_path: Path) -> None:
    origin.script = [Act(cut_after=CUT)]
    with pytest.raises(MediaDownloadError) as caught:
        fetch(mode, origin.url, tmp_path / "video.mp4", clock, max_retries=0)
    assert "after" not in str(caught.value).split("bytes", 1)[1]  # "... broke after N bytes from ..." only
    assert origin.ranges == [None]
    assert clock.sleeps == []
    assert names_in(tmp_path) == []


# --- a 206 that does not continue where we are -------------------------------------------------------


@pytest.mark.parametrize(
    "wrong",
    [Act(content_range_start=0), Act(content_range_total=len(BODY) + 1)],
    ids=["wrong start", "other total"],
)
def test_a_206_from_elsewhere_is_dropped_and_the_download_starts_over(
    mode: str, wrong: Act, origin: Origin, clock: FakeClock, tmp_path: Path
) -> None:
    origin.script = [Act(cut_after=CUT), wrong]
    destination = tmp_path / "video.mp4"
    assert fetch(mode, origin.url, destination, clock) == len(BODY)
    assert destination.read_bytes() == BODY
    # The third request asks for the whole file: the host's ranges are no longer trusted.
    assert origin.ranges == [None, f"bytes={CUT}-", None]
    assert_backoffs(clock.sleeps, 2)


def test_a_206_from_elsewhere_fails_when_no_retry_is_left(
    mode: str, origin: Origin, clock: FakeClock, tmp_path: Path
) -> None:
    origin.script = [Act(cut_after=CUT), Act(content_range_start=0)]
    with pytest.raises(MediaDownloadError) as caught:
        fetch(mode, origin.url, tmp_path / "video.mp4", clock, max_retries=1)
    assert str(caught.value) == (
        f"media host 127.0.0.1 answered 206 from byte 0, not {CUT}, after 2 attempts"
    )
    assert names_in(tmp_path) == []


# --- which version of the file a resume asks for ----------------------------------------------------


def test_a_resume_asks_for_the_rest_of_the_same_version(
    mode: str, origin: Origin, clock: FakeClock, tmp_path: Path
) -> None:
    tag = {"ETag": '"v1"'}
    origin.script = [Act(cut_after=CUT, headers=tag), Act(headers=tag)]
    destination = tmp_path / "video.mp4"
    assert fetch(mode, origin.url, destination, clock) == len(BODY)
    assert destination.read_bytes() == BODY
    assert origin.ranges == [None, f"bytes={CUT}-"]
    assert origin.if_ranges == [None, '"v1"']


@pytest.mark.parametrize("first", [{}, {"ETag": 'W/"v1"'}], ids=["no ETag", "weak ETag"])
def test_without_a_strong_etag_a_resume_sends_no_if_range(
    mode: str, first: dict[str, str], origin: Origin, clock: FakeClock, tmp_path: Path
) -> None:
    origin.script = [Act(cut_after=CUT, headers=first), Act()]
    destination = tmp_path / "video.mp4"
    assert fetch(mode, origin.url, destination, clock) == len(BODY)
    assert destination.read_bytes() == BODY
    assert origin.ranges == [None, f"bytes={CUT}-"]
    assert origin.if_ranges == [None, None]


def test_a_206_of_another_version_is_dropped_and_the_download_starts_over(
    mode: str, origin: Origin, clock: FakeClock, tmp_path: Path
) -> None:
    # A host that ignores If-Range: its 206 names another ETag, so its bytes belong to another file.
    origin.script = [Act(cut_after=CUT, headers={"ETag": '"v1"'}), Act(headers={"ETag": '"v2"'})]
    destination = tmp_path / "video.mp4"
    assert fetch(mode, origin.url, destination, clock) == len(BODY)
    assert destination.read_bytes() == BODY
    assert origin.ranges == [None, f"bytes={CUT}-", None]
    assert origin.if_ranges == [None, '"v1"', None]


# --- statuses ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504, 429])
def test_a_transient_status_is_retried(
    mode: str, status: int, origin: Origin, clock: FakeClock, tmp_path: Path
) -> None:
    origin.script = [Act(status=status)]
    destination = tmp_path / "video.mp4"
    assert fetch(mode, origin.url, destination, clock) == len(BODY)
    assert destination.read_bytes() == BODY
    assert origin.ranges == [None, None]
    assert_backoffs(clock.sleeps, 1)


def test_retry_after_is_honoured(mode: str, origin: Origin, clock: FakeClock) -> None:
    origin.script = [
        Act(status=503, headers={"Retry-After": "7"}),
        Act(status=429, headers={"Retry-After": "3"}),
    ]
    assert fetch(mode, origin.url, io.BytesIO(), clock) == len(BODY)
    assert clock.sleeps == [7.0, 3.0]


@pytest.mark.parametrize("status", [403, 404])
def test_an_expired_or_missing_url_fails_at_once(
    mode: str, status: int, origin: Origin, clock: FakeClock, tmp_path: Path
) -> None:
    origin.script = [Act(status=status)]
    with pytest.raises(MediaDownloadError) as caught:
        fetch(mode, origin.url, tmp_path / "video.mp4", clock)
    assert caught.value.status == status
    assert str(caught.value) == f"HTTP {status} from media host 127.0.0.1"
    assert origin.ranges == [None]
    assert clock.sleeps == []


def test_a_403_on_a_resume_ends_the_download(
    mode: str, origin: Origin, clock: FakeClock, tmp_path: Path
) -> None:
    origin.script = [Act(cut_after=CUT), Act(status=403)]  # the URL expired meanwhile
    destination = tmp_path / "video.mp4"
    destination.write_bytes(OLD)
    with pytest.raises(MediaDownloadError) as caught:
        fetch(mode, origin.url, destination, clock)
    assert str(caught.value) == "HTTP 403 from media host 127.0.0.1, after 2 attempts"
    assert origin.ranges == [None, f"bytes={CUT}-"]
    assert destination.read_bytes() == OLD and names_in(tmp_path) == ["video.mp4"]


def test_the_last_transient_status_is_the_error(mode: str, origin: Origin, clock: FakeClock) -> None:
    origin.script = [Act(status=503)] * 3
    with pytest.raises(MediaDownloadError) as caught:
        fetch(mode, origin.url, io.BytesIO(), clock)
    assert caught.value.status == 503
    assert str(caught.value) == "HTTP 503 from media host 127.0.0.1, after 3 attempts"
    assert len(origin.ranges) == 3


# --- failures without an answer (through a mock transport) --------------------------------------------

MOCK_URL = f"https://media.example.com/v1/x.mp4?Expires=1&Signature={SIGNATURE}"


class Scripted:
    """A MockTransport handler answering request i with answers[i](request)."""

    def __init__(self, *answers: Callable[[httpx.Request], httpx.Response]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answers.pop(0)(request)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


def raises(exc_type: type[httpx.TransportError]) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        raise exc_type(f"failed for {request.url}", request=request)

    return answer


def whole(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=BODY)


class BreakingStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that breaks (ReadError) after `pieces`."""

    def __init__(self, *pieces: bytes) -> None:
        self.pieces = pieces

    def __iter__(self) -> Iterator[bytes]:
        yield from self.pieces
        raise httpx.ReadError("connection reset")

    async def __aiter__(self) -> Any:
        for piece in self.pieces:
            yield piece
        raise httpx.ReadError("connection reset")


@pytest.mark.parametrize("failure", [httpx.ConnectError, httpx.ConnectTimeout, httpx.ReadTimeout])
def test_no_answer_is_retried(mode: str, failure: type[httpx.TransportError], clock: FakeClock) -> None:
    media = Scripted(raises(failure), raises(failure), whole)
    sink = io.BytesIO()
    assert fetch(mode, MOCK_URL, sink, clock, transport=media.transport) == len(BODY)
    assert sink.getvalue() == BODY
    assert len(media.requests) == 3
    assert_backoffs(clock.sleeps, 2)


def test_no_answer_after_the_retries_is_the_error(mode: str, clock: FakeClock) -> None:
    media = Scripted(*[raises(httpx.ReadTimeout)] * 3)
    with pytest.raises(MediaDownloadError) as caught:
        fetch(mode, MOCK_URL, io.BytesIO(), clock, transport=media.transport)
    assert str(caught.value) == (
        "no answer in time from media host media.example.com (ReadTimeout), after 3 attempts"
    )
    assert "Signature" not in repr(caught.value) and caught.value.__cause__ is None


def test_a_body_shorter_than_announced_is_resumed(mode: str, clock: FakeClock) -> None:
    # The transport does not notice (a MockTransport checks no lengths): the module's own check does.
    def partial(request: httpx.Request) -> httpx.Response:
        assert request.headers["Range"] == "bytes=4000-"
        rest = BODY[4000:]
        headers = {"Content-Range": f"bytes 4000-{len(BODY) - 1}/{len(BODY)}"}
        return httpx.Response(206, content=rest, headers=headers)

    short = httpx.Response(200, content=BODY[:4000], headers={"Content-Length": str(len(BODY))})
    media = Scripted(lambda request: short, partial)
    sink = io.BytesIO()
    assert fetch(mode, MOCK_URL, sink, clock, transport=media.transport) == len(BODY)
    assert sink.getvalue() == BODY


def test_a_compressed_body_is_never_resumed_only_started_over(mode: str, clock: FakeClock) -> None:
    packed = gzip.compress(BODY)
    gzipped = {"Content-Encoding": "gzip"}
    media = Scripted(
        lambda request: httpx.Response(
            200, headers=gzipped, stream=BreakingStream(packed[: len(packed) // 2])
        ),
        lambda request: httpx.Response(200, headers=gzipped, content=packed),
    )
    sink = io.BytesIO()
    assert fetch(mode, MOCK_URL, sink, clock, transport=media.transport) == len(BODY)
    assert sink.getvalue() == BODY
    assert [r.headers.get("Range") for r in media.requests] == [None, None]


def test_each_retry_is_logged_with_the_host_only(
    mode: str, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    media = Scripted(
        lambda request: httpx.Response(
            200, stream=BreakingStream(BODY[:3000]), headers={"Content-Length": str(len(BODY))}
        ),
        lambda request: httpx.Response(503),
        lambda request: httpx.Response(
            206, content=BODY[3000:], headers={"Content-Range": f"bytes 3000-{len(BODY) - 1}/{len(BODY)}"}
        ),
    )
    with caplog.at_level(logging.INFO, logger="twilio_compositions"):
        fetch(mode, MOCK_URL, io.BytesIO(), clock, transport=media.transport)
    retries = [r for r in caplog.records if r.name == "twilio_compositions" and r.levelno == logging.INFO]
    messages = [r.getMessage() for r in retries]
    assert len(messages) == 2, messages
    assert messages[0].startswith("media download from media.example.com: connection broke after 3000 bytes")
    assert "retry 1 of 2" in messages[0] and messages[0].endswith("asking for bytes 3000-")
    assert messages[1].startswith("media download from media.example.com: answered 503; retry 2 of 2")
    for message in messages:
        assert "Signature" not in message and "?" not in message and "/v1/" not in message
    assert [r.headers.get("Range") for r in media.requests] == [None, "bytes=3000-", "bytes=3000-"]


# --- end to end: the clients, the sandbox's media origin and its faults --------------------------------


def client_download(
    mode: str, sandbox: Sandbox, clock: FakeClock, to: Destination | Path, **kwargs: Any
) -> tuple[str, int]:
    """Create and wait for a composition with the sync or async client, then download() it."""
    with mode_client(mode, sandbox=sandbox, clock=clock) as api:
        created = api.run(lambda c: c.create(room_sid=ROOM_SID, audio_sources=["*"], format="mp4"))
        sid: str = api.run(lambda c: c.wait(created.sid)).sid
        size: int = api.run(lambda c: c.download(sid, to, **kwargs))
    return sid, size


# Two of download()'s 64 KiB chunks: what a cut leaves of a chunk short of 64 KiB never reaches the file,
# so the resume would ask from the last whole chunk instead.
SANDBOX_CUT = 2 * 65536


@pytest.fixture
def small_sandbox(clock: FakeClock, sandbox_mode: str) -> Iterator[Sandbox]:
    in_process = sandbox_mode == "in-process"
    with Sandbox(
        queue_seconds=1, processing_seconds=1, clock=clock, media_bytes=300_000, in_process=in_process
    ) as running:
        yield running


def test_download_resumes_a_cut_transfer_from_the_sandbox(
    mode: str, small_sandbox: Sandbox, clock: FakeClock, tmp_path: Path
) -> None:
    small_sandbox.inject_media_fault(cut_after=SANDBOX_CUT)
    destination = tmp_path / "out.mp4"
    sid, size = client_download(mode, small_sandbox, clock, destination)
    assert size == 300_000
    assert destination.read_bytes() == small_sandbox.media_content(sid)
    first, second = small_sandbox.media_requests_seen
    assert (first.status, first.range, first.fault) == (200, None, MediaFault(cut_after=SANDBOX_CUT))
    assert (second.status, second.range, second.fault) == (206, f"bytes={SANDBOX_CUT}-", None)
    assert second.if_range == f'"{sid}-v0"'  # the sandbox's ETag: the rest of that version only
    assert not first.credentials and not second.credentials
    assert len(clock.sleeps) >= 1  # the backoff went through the client's clock (wait() sleeps too)


def test_download_starts_over_when_the_sandbox_ignores_range(
    mode: str, small_sandbox: Sandbox, clock: FakeClock, tmp_path: Path
) -> None:
    small_sandbox.inject_media_fault(cut_after=SANDBOX_CUT)
    small_sandbox.inject_media_fault(ignore_range=True)
    destination = tmp_path / "out.mp4"
    sid, _ = client_download(mode, small_sandbox, clock, destination)
    assert destination.read_bytes() == small_sandbox.media_content(sid)
    assert [(r.status, r.range) for r in small_sandbox.media_requests_seen] == [
        (200, None),
        (200, f"bytes={SANDBOX_CUT}-"),
    ]


def test_download_starts_over_when_the_file_was_replaced_since_the_cut(
    mode: str, small_sandbox: Sandbox, clock: FakeClock, tmp_path: Path
) -> None:
    small_sandbox.inject_media_fault(cut_after=SANDBOX_CUT)
    small_sandbox.inject_media_fault(replace_file=True)
    destination = tmp_path / "out.mp4"
    sid, _ = client_download(mode, small_sandbox, clock, destination)
    assert destination.read_bytes() == small_sandbox.media_content(sid)
    first, second = small_sandbox.media_requests_seen
    assert (first.status, first.range, first.if_range) == (200, None, None)
    # The resume named the first answer's version; the file has another now, so it came whole.
    assert (second.status, second.range, second.if_range) == (200, f"bytes={SANDBOX_CUT}-", f'"{sid}-v0"')


def test_download_max_retries_holds_for_the_transfer(
    mode: str, small_sandbox: Sandbox, clock: FakeClock, tmp_path: Path
) -> None:
    small_sandbox.inject_media_fault(cut_after=SANDBOX_CUT)
    destination = tmp_path / "out.mp4"
    with pytest.raises(MediaDownloadError):
        client_download(mode, small_sandbox, clock, destination, max_retries=0)
    assert len(small_sandbox.media_requests_seen) == 1
    assert names_in(tmp_path) == []


def test_download_waits_out_a_503_with_retry_after_on_the_clock(
    mode: str, small_sandbox: Sandbox, clock: FakeClock, tmp_path: Path
) -> None:
    small_sandbox.inject_media_fault(status=503, headers={"Retry-After": "4"}, times=2)
    destination = tmp_path / "out.mp4"
    sid, _ = client_download(mode, small_sandbox, clock, destination)
    assert destination.read_bytes() == small_sandbox.media_content(sid)
    assert clock.sleeps[-2:] == [4.0, 4.0]
    assert [(r.status, r.refused) for r in small_sandbox.media_requests_seen] == [
        (503, "fault"),
        (503, "fault"),
        (200, None),
    ]


def test_a_url_that_expires_between_attempts_ends_the_download(
    mode: str, small_sandbox: Sandbox, clock: FakeClock, tmp_path: Path
) -> None:
    small_sandbox.inject_media_fault(cut_after=SANDBOX_CUT)
    destination = tmp_path / "out.mp4"
    destination.write_bytes(OLD)

    def after_the_cut(seconds: float) -> None:
        if small_sandbox.media_requests_seen:  # the download's backoff, not wait()'s polling
            clock.advance(3600)  # well past the URL's Ttl

    clock.on_sleep = after_the_cut
    with pytest.raises(MediaDownloadError) as caught:
        client_download(mode, small_sandbox, clock, destination)
    assert caught.value.status == 403
    assert [r.refused for r in small_sandbox.media_requests_seen] == [None, "expired"]
    assert destination.read_bytes() == OLD and names_in(tmp_path) == ["out.mp4"]


# --- the sandbox's media faults themselves -------------------------------------------------------


def test_inject_media_fault_checks_its_arguments(sandbox: Sandbox) -> None:
    bad_arguments: list[dict[str, Any]] = [
        {},
        {"status": 503, "cut_after": 10},
        {"status": 503, "ignore_range": True},
        {"status": 503, "replace_file": True},
        {"cut_after": -1},
    ]
    for bad in bad_arguments:
        with pytest.raises(ValueError):
            sandbox.inject_media_fault(**bad)
    with pytest.raises(ValueError):
        sandbox.inject_media_fault(cut_after=1, times=0)
    assert len(sandbox.media_faults) == 0


def test_a_cut_fault_closes_the_connection_short_of_the_length(
    small_sandbox: Sandbox, clock: FakeClock
) -> None:
    with small_sandbox.client(clock=clock) as client:
        sid = client.wait(client.create(room_sid=ROOM_SID, audio_sources=["*"]).sid).sid
        url = client.media_url(sid)
    small_sandbox.inject_media_fault(cut_after=1234, times=1)
    with sandbox_http_client(small_sandbox) as plain:
        with pytest.raises(httpx.RemoteProtocolError), plain.stream("GET", url) as response:
            assert response.headers["Content-Length"] == "300000"
            received = b""
            for chunk in response.iter_bytes():
                received += chunk
        assert received == small_sandbox.media_content(sid, 0, 1234)
        assert plain.get(url).content == small_sandbox.media_content(sid)  # one time only
    assert len(small_sandbox.media_faults) == 0


def test_a_head_does_not_take_a_media_fault(small_sandbox: Sandbox, clock: FakeClock) -> None:
    with small_sandbox.client(clock=clock) as client:
        sid = client.wait(client.create(room_sid=ROOM_SID, audio_sources=["*"]).sid).sid
        url = client.media_url(sid)
    small_sandbox.inject_media_fault(status=500)
    with sandbox_http_client(small_sandbox) as plain:
        assert plain.head(url).status_code == 200
        assert plain.get(url).status_code == 500
        assert plain.get(url, headers={"Range": "bytes=10-"}).status_code == 206
