"""The media download helper: streaming to a path (all-or-nothing) or a file object, progress, errors
that never show the pre-signed URL, and requests that carry no credentials."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import http.server
import io
import os
import pickle
import socket
import socketserver
import stat
import threading
import tracemalloc
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from twilio_compositions._download import (
    MAX_REDIRECTS,
    Destination,
    OnProgress,
    download_async,
    download_sync,
    media_http_client_async,
    media_http_client_sync,
)
from twilio_compositions._exceptions import MediaDownloadError, TwilioError

from .conftest import COMPOSITION_SID, Recorder

SIGNATURE = "sig-0123456789abcdef-SECRET"
URL = f"https://media.example.com/v1/{COMPOSITION_SID}.mp4?Expires=1700000000&Signature={SIGNATURE}"
TIMEOUT = httpx.Timeout(5.0)
BODY = bytes(range(256)) * 40  # 10 240 bytes
OLD = b"the file that was there before"

Handler = Callable[[httpx.Request], httpx.Response]


def download(
    mode: str,
    to: Destination,
    *,
    handler: Handler | None = None,
    url: str = URL,
    client_kwargs: dict[str, Any] | None = None,
    on_progress: OnProgress | None = None,
    chunk_size: int | None = None,
    timeout: httpx.Timeout = TIMEOUT,
) -> int:
    """Download with the sync or the async flavour: through `handler` (a MockTransport), or for real."""

    def make_sync() -> httpx.Client:
        if handler is None:
            return media_http_client_sync()
        return httpx.Client(transport=httpx.MockTransport(handler), **(client_kwargs or {}))

    def make_async() -> httpx.AsyncClient:
        if handler is None:
            return media_http_client_async()
        return httpx.AsyncClient(transport=httpx.MockTransport(handler), **(client_kwargs or {}))

    options: dict[str, Any] = {"timeout": timeout, "on_progress": on_progress, "chunk_size": chunk_size}
    if mode == "sync":
        with make_sync() as http:
            return download_sync(http, url, to, **options)

    async def main() -> int:
        async with make_async() as http:
            return await download_async(http, url, to, **options)

    return asyncio.run(main())


def serve(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Handler:
    return lambda request: httpx.Response(status, content=body, headers=headers)


def names_in(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir())


def assert_hides_the_url(error: BaseException) -> None:
    for text in (str(error), repr(error)):
        assert SIGNATURE not in text and "Signature" not in text and "?" not in text, text
    # Nothing chained either: an httpx exception's message may quote the URL.
    assert error.__cause__ is None


# --- success ------------------------------------------------------------------------------------


def test_a_download_to_a_path_writes_the_body_and_leaves_nothing_else(mode: str, tmp_path: Path) -> None:
    destination = tmp_path / "video.mp4"
    written = download(mode, destination, handler=serve(BODY), chunk_size=1000)
    assert written == len(BODY)
    assert destination.read_bytes() == BODY
    assert names_in(tmp_path) == ["video.mp4"]


def test_a_downloaded_file_has_the_mode_of_any_new_file(mode: str, tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        download(mode, tmp_path / "video.mp4", handler=serve(BODY))
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "video.mp4").stat().st_mode) == 0o644  # not a temporary file's 0600


def test_a_download_replaces_an_existing_file(mode: str, tmp_path: Path) -> None:
    destination = tmp_path / "video.mp4"
    destination.write_bytes(OLD * 1000)  # longer than the new body: nothing of it may remain
    assert download(mode, str(destination), handler=serve(BODY)) == len(BODY)
    assert destination.read_bytes() == BODY
    assert names_in(tmp_path) == ["video.mp4"]


def test_a_download_to_a_file_object_writes_to_it_and_leaves_it_open(mode: str) -> None:
    sink = io.BytesIO(b"header:")
    sink.seek(0, io.SEEK_END)
    assert download(mode, sink, handler=serve(BODY), chunk_size=1000) == len(BODY)
    assert not sink.closed
    assert sink.getvalue() == b"header:" + BODY


class ShortWriter(io.RawIOBase):
    """A raw, write-only destination: takes at most `most` bytes a call and says how many, as a pipe may;
    with `full`, none at all, as a non-blocking one that is full."""

    def __init__(self, most: int, full: bool = False) -> None:
        self.most = most
        self.full = full
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: Any, /) -> int | None:
        if self.full:
            return None
        taken = bytes(data[: self.most])
        self.data += taken
        return len(taken)


class Counter:
    """A writer of a user's own that returns something else than a count of bytes taken."""

    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, data: bytes, /) -> bool:
        self.data += data
        return True


class Collector:
    """A writer of a user's own that returns nothing: each call means all of it was taken."""

    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, data: bytes, /) -> None:
        self.data += data


def test_a_short_write_is_followed_by_the_rest(mode: str) -> None:
    writer = ShortWriter(most=7)
    assert download(mode, writer, handler=serve(BODY), chunk_size=1000) == len(BODY)
    assert bytes(writer.data) == BODY


def test_a_writer_that_returns_none_takes_every_chunk_once(mode: str) -> None:
    writer = Collector()
    assert download(mode, writer, handler=serve(BODY), chunk_size=1000) == len(BODY)
    assert bytes(writer.data) == BODY


def test_an_unbuffered_file_gets_the_whole_body(mode: str, tmp_path: Path) -> None:
    with open(tmp_path / "raw.mp4", "wb", buffering=0) as raw:
        download(mode, raw, handler=serve(BODY), chunk_size=1000)
    assert (tmp_path / "raw.mp4").read_bytes() == BODY


def test_a_writer_that_takes_nothing_is_an_error_not_a_hang(mode: str) -> None:
    with pytest.raises(OSError, match="took 0 of"):
        download(mode, ShortWriter(most=0), handler=serve(BODY), chunk_size=1000)


def test_a_full_non_blocking_raw_file_is_an_error_not_a_loss(mode: str) -> None:
    with pytest.raises(BlockingIOError, match="non-blocking"):
        download(mode, ShortWriter(most=10, full=True), handler=serve(BODY), chunk_size=1000)


def test_what_a_writer_of_a_users_own_returns_is_no_count_of_bytes(mode: str) -> None:
    writer = Counter()  # returns True: read as a count, 1, it would have the rest of each chunk again
    assert download(mode, writer, handler=serve(BODY), chunk_size=1000) == len(BODY)
    assert bytes(writer.data) == BODY


def test_progress_starts_at_zero_grows_and_ends_at_the_total(mode: str) -> None:
    calls: list[tuple[int, int | None]] = []
    download(mode, io.BytesIO(), handler=serve(BODY), chunk_size=1000, on_progress=lambda *a: calls.append(a))
    assert calls[0] == (0, len(BODY))
    assert len(calls) == 1 + 11  # the start, then 10 full chunks and one of 240 bytes
    done = [d for d, _ in calls]
    assert done == sorted(done) and len(set(done)) == len(done)
    assert calls[-1] == (len(BODY), len(BODY))
    assert {total for _, total in calls} == {len(BODY)}


def test_progress_total_is_none_without_a_content_length(mode: str) -> None:
    calls: list[tuple[int, int | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=httpx.ByteStream(BODY))  # no Content-Length header

    sink = io.BytesIO()
    assert download(mode, sink, handler=handler, on_progress=lambda *a: calls.append(a)) == len(BODY)
    assert sink.getvalue() == BODY
    assert calls == [(0, None), (len(BODY), None)]


# --- error statuses, and what errors show -------------------------------------------------------


@pytest.mark.parametrize("status", [403, 404, 500])
def test_an_error_status_raises_with_status_and_host_and_leaves_the_file_alone(
    mode: str, status: int, tmp_path: Path
) -> None:
    destination = tmp_path / "video.mp4"
    destination.write_bytes(OLD)
    with pytest.raises(MediaDownloadError) as caught:
        download(mode, destination, handler=serve(b"<Error>AccessDenied</Error>", status))
    error = caught.value
    assert isinstance(error, TwilioError)
    assert (error.status, error.host) == (status, "media.example.com")
    assert str(error) == f"HTTP {status} from media host media.example.com"
    assert_hides_the_url(error)
    assert destination.read_bytes() == OLD
    assert names_in(tmp_path) == ["video.mp4"]


def test_a_missing_destination_stays_missing_after_a_failure(mode: str, tmp_path: Path) -> None:
    with pytest.raises(MediaDownloadError):
        download(mode, tmp_path / "video.mp4", handler=serve(b"", 404))
    assert names_in(tmp_path) == []


def test_a_timeout_hides_the_url_that_httpx_quotes(mode: str, tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout(f"timed out reading {request.url}", request=request)

    with pytest.raises(MediaDownloadError) as caught:
        download(mode, tmp_path / "video.mp4", handler=handler)
    assert caught.value.status is None
    assert str(caught.value) == "no answer in time from media host media.example.com (ReadTimeout)"
    assert_hides_the_url(caught.value)
    assert names_in(tmp_path) == []


def test_the_error_survives_pickling() -> None:
    error = MediaDownloadError("HTTP 404 from media host m.example.com", status=404, host="m.example.com")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is MediaDownloadError
    assert (str(copy), repr(copy)) == (str(error), repr(error))
    assert vars(copy) == vars(error)


# --- incomplete bodies --------------------------------------------------------------------------


def test_a_body_shorter_than_its_content_length_is_an_error(mode: str, tmp_path: Path) -> None:
    # httpx's MockTransport does not check the length itself: this is the module's own check.
    destination = tmp_path / "video.mp4"
    destination.write_bytes(OLD)
    handler = serve(BODY[:4000], headers={"Content-Length": str(len(BODY))})
    with pytest.raises(MediaDownloadError) as caught:
        download(mode, destination, handler=handler)
    assert caught.value.status is None
    assert str(caught.value) == f"got 4000 of {len(BODY)} bytes from media host media.example.com"
    assert destination.read_bytes() == OLD
    assert names_in(tmp_path) == ["video.mp4"]


@pytest.fixture
def raw_server() -> Iterator[Callable[[bytes], str]]:
    """raw_server(answer) -> the URL of a server that sends `answer` as it is, then closes."""
    servers: list[tuple[socketserver.TCPServer, threading.Thread]] = []

    def start(answer: bytes) -> str:
        class Answer(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                received = b""
                while b"\r\n\r\n" not in received and (chunk := self.request.recv(65536)):
                    received += chunk
                self.request.sendall(answer)

        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Answer)
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_address[1]}/media?Signature={SIGNATURE}"

    yield start
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_connection_closed_before_the_whole_body_is_an_error(
    mode: str, tmp_path: Path, raw_server: Callable[[bytes], str]
) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 100000\r\n\r\n"
    url = raw_server(head + BODY[:5000])
    destination = tmp_path / "video.mp4"
    destination.write_bytes(OLD)
    calls: list[tuple[int, int | None]] = []
    with pytest.raises(MediaDownloadError) as caught:
        download(mode, destination, url=url, on_progress=lambda *a: calls.append(a))
    assert (caught.value.status, caught.value.host) == (None, "127.0.0.1")
    assert "127.0.0.1" in str(caught.value)
    assert_hides_the_url(caught.value)
    assert calls[0] == (0, 100000) and calls[-1][0] <= 5000  # it did start: the failure is mid-body
    assert destination.read_bytes() == OLD
    assert names_in(tmp_path) == ["video.mp4"]


# --- failures of the caller's own -----------------------------------------------------------------


@pytest.mark.parametrize("existing", [True, False], ids=["existing", "absent"])
def test_an_exception_from_on_progress_passes_through_and_leaves_the_destination_alone(
    mode: str, existing: bool, tmp_path: Path
) -> None:
    destination = tmp_path / "video.mp4"
    if existing:
        destination.write_bytes(OLD)

    def on_progress(done: int, total: int | None) -> None:
        if done >= 3000:  # some chunks are in the temporary file by now
            assert len(names_in(tmp_path)) == 1 + existing
            raise RuntimeError("the progress bar broke")

    with pytest.raises(RuntimeError, match="the progress bar broke"):
        download(mode, destination, handler=serve(BODY), chunk_size=1000, on_progress=on_progress)
    assert names_in(tmp_path) == (["video.mp4"] if existing else [])
    if existing:
        assert destination.read_bytes() == OLD


def test_ctrl_c_during_a_download_leaves_the_destination_alone(tmp_path: Path) -> None:
    destination = tmp_path / "video.mp4"
    destination.write_bytes(OLD)

    def on_progress(done: int, total: int | None) -> None:
        if done:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        download("sync", destination, handler=serve(BODY), chunk_size=1000, on_progress=on_progress)
    assert destination.read_bytes() == OLD
    assert names_in(tmp_path) == ["video.mp4"]


class StallingStream(httpx.AsyncByteStream):
    """A body whose first chunk arrives, and the rest never."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield BODY[:1000]
        await asyncio.sleep(60)
        yield BODY[1000:]


def test_a_cancelled_download_leaves_the_destination_alone(tmp_path: Path) -> None:
    destination = tmp_path / "video.mp4"
    destination.write_bytes(OLD)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=StallingStream(), headers={"Content-Length": str(len(BODY))})

    async def main() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            task = asyncio.create_task(
                download_async(
                    http,
                    URL,
                    destination,
                    timeout=TIMEOUT,
                    on_progress=lambda done, _: done and task.cancel(),
                    chunk_size=1000,  # or the first chunk waits for 64 KiB, which never come
                )
            )
            with pytest.raises(asyncio.CancelledError):
                await task
            assert names_in(tmp_path) == ["video.mp4"]

    asyncio.run(main())
    assert destination.read_bytes() == OLD


# --- what the requests carry, and where they may go -----------------------------------------------


def test_no_credentials_go_to_the_media_host_even_when_the_client_has_some(mode: str) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "media.example.com":  # the storage host sends the download elsewhere
            location = f"https://cdn.example.net/x.mp4?Signature={SIGNATURE}"
            return httpx.Response(302, headers={"Location": location, "Set-Cookie": "a=b"})
        return httpx.Response(200, content=BODY)

    recorder = Recorder(answer)
    client_kwargs = {
        "headers": {"Authorization": "Basic c2VjcmV0", "Cookie": "session=secret", "X-Kept": "yes"},
        "cookies": {"session": "secret"},
        "auth": ("AC-user", "secret-password"),
    }
    sink = io.BytesIO()
    assert download(mode, sink, handler=recorder, client_kwargs=client_kwargs) == len(BODY)
    assert sink.getvalue() == BODY
    assert [request.url.host for request in recorder.requests] == ["media.example.com", "cdn.example.net"]
    for request in recorder.requests:
        assert "authorization" not in request.headers
        assert "cookie" not in request.headers
        assert request.headers["x-kept"] == "yes"  # headers are not dropped wholesale: these two only


def test_endless_redirects_stop(mode: str) -> None:
    recorder = Recorder(lambda request: httpx.Response(302, headers={"Location": str(request.url)}))
    with pytest.raises(MediaDownloadError) as caught:
        download(mode, io.BytesIO(), handler=recorder)
    assert f"more than {MAX_REDIRECTS} redirects" in str(caught.value)
    assert_hides_the_url(caught.value)
    assert len(recorder.requests) == 1 + MAX_REDIRECTS


@pytest.mark.parametrize("redirect", [False, True], ids=["first request", "after a redirect"])
def test_plain_http_is_refused_except_to_this_machine(mode: str, redirect: bool) -> None:
    plain = f"http://media.example.com/x.mp4?Signature={SIGNATURE}"
    recorder = Recorder(lambda request: httpx.Response(302, headers={"Location": plain}))
    with pytest.raises(MediaDownloadError) as caught:
        download(mode, io.BytesIO(), handler=recorder, url=URL if redirect else plain)
    assert str(caught.value) == "refusing to fetch media from media.example.com over http (https only)"
    assert len(recorder.requests) == (1 if redirect else 0)  # the signature never went out in clear text


def test_a_url_with_credentials_in_it_is_refused(mode: str) -> None:
    recorder = Recorder(serve(BODY))
    with pytest.raises(MediaDownloadError) as caught:
        download(mode, io.BytesIO(), handler=recorder, url="https://someone:pa55word@media.example.com/x")
    assert "pa55word" not in str(caught.value) and "someone" not in str(caught.value)
    assert caught.value.host == "media.example.com"
    assert recorder.requests == []


def test_a_refused_connection_raises_with_no_status(mode: str, tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on (once this closes)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(MediaDownloadError) as caught:
        download(mode, tmp_path / "video.mp4", url=f"http://127.0.0.1:{port}/x?Signature={SIGNATURE}")
    assert (caught.value.status, caught.value.host) == (None, "127.0.0.1")
    assert str(caught.value) == "connection failed to media host 127.0.0.1 (ConnectError)"
    assert_hides_the_url(caught.value)
    assert names_in(tmp_path) == []


def test_chunk_size_must_be_positive() -> None:
    with httpx.Client(transport=httpx.MockTransport(serve(BODY))) as http, pytest.raises(ValueError):
        download_sync(http, URL, io.BytesIO(), timeout=TIMEOUT, chunk_size=0)


# --- a real server, and a body larger than memory should hold -----------------------------------

BLOCK = bytes(range(256)) * 256  # 64 KiB
LARGE_SIZE = 320 * len(BLOCK)  # 20 MiB


class MediaHandler(http.server.BaseHTTPRequestHandler):
    """/media: 20 MiB made on the fly; /small: 64 KiB; /redirect: a 302 to /media."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", f"/media?Signature={SIGNATURE}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "video/mp4")
        blocks = 1 if self.path.startswith("/small") else LARGE_SIZE // len(BLOCK)
        self.send_header("Content-Length", str(blocks * len(BLOCK)))
        self.end_headers()
        try:
            for _ in range(blocks):
                self.wfile.write(BLOCK)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up: not the server's problem
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


@pytest.fixture
def media_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), MediaHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def sha256_of_large_body() -> str:
    digest = hashlib.sha256()
    for _ in range(LARGE_SIZE // len(BLOCK)):
        digest.update(BLOCK)
    return digest.hexdigest()


def sha256_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def tracing() -> Iterator[Callable[[], int]]:
    """Traces Python's allocations (in every thread) in the block; yields a function giving the peak."""
    tracemalloc.start()
    try:
        yield lambda: tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_large_body_streams_in_constant_memory(mode: str, media_server: str, tmp_path: Path) -> None:
    destination = tmp_path / "video.mp4"
    small, large = f"{media_server}/small", f"{media_server}/redirect?Signature={SIGNATURE}"
    calls: list[tuple[int, int | None]] = []

    def record(done: int, total: int | None) -> None:
        calls.append((done, total))

    # A small download first, untraced: the first one imports modules and sets up the event loop, which
    # takes memory too, but memory that does not grow with the body.
    if mode == "sync":
        with media_http_client_sync() as http:
            download_sync(http, small, io.BytesIO(), timeout=TIMEOUT)
            with tracing() as peak:
                written = download_sync(http, large, destination, timeout=TIMEOUT, on_progress=record)
                peak_bytes = peak()
    else:

        async def main() -> tuple[int, int]:
            async with media_http_client_async() as http:
                await download_async(http, small, io.BytesIO(), timeout=TIMEOUT)
                with tracing() as peak:
                    written = await download_async(
                        http, large, destination, timeout=TIMEOUT, on_progress=record
                    )
                    return written, peak()

        written, peak_bytes = asyncio.run(main())
    assert written == LARGE_SIZE
    assert peak_bytes < 2 * 1024 * 1024, f"peak {peak_bytes} bytes of Python memory for {LARGE_SIZE} bytes"
    assert calls[0] == (0, LARGE_SIZE) and calls[-1] == (LARGE_SIZE, LARGE_SIZE)
    assert sha256_of_file(destination) == sha256_of_large_body()
    assert names_in(tmp_path) == ["video.mp4"]


def test_the_media_clients_follow_redirects_with_no_credentials(mode: str) -> None:
    # The factories' own settings, for a caller that uses them for something else than download_*().
    client: httpx.Client | httpx.AsyncClient = (
        media_http_client_sync() if mode == "sync" else media_http_client_async()
    )
    try:
        assert client.follow_redirects and client.max_redirects == MAX_REDIRECTS
        assert client.trust_env
        assert client.auth is None
        assert "authorization" not in client.headers and "cookie" not in client.headers
        assert not client.cookies
    finally:
        if isinstance(client, httpx.Client):
            client.close()
        else:
            asyncio.run(client.aclose())
