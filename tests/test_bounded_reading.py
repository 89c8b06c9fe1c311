"""API answers are read within max_response_bytes once decoded, whatever their compression."""

from __future__ import annotations

import gzip
import json
import threading
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from twilio_compositions import CompositionsClient, UnexpectedResponseError, ValidationError

from .conftest import ACCOUNT_SID, AUTH_TOKEN, COMPOSITION_SID, FakeClock
from .modes import run


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """256 MiB of zeros as gzip, about 250 KiB on the wire; made a MiB at a time."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * (1 << 20)
    return b"".join([packer.compress(zeros) for _ in range(256)]) + packer.flush()


class Answers:
    """What the loopback server sends next: the raw body and its headers."""

    body = b""
    headers: dict[str, str] = {}  # noqa: RUF012
    accept_encoding: list[str] = []  # noqa: RUF012


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that stops reading a bomb resets the connection: that is the point


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        Answers.accept_encoding.append(self.headers.get("Accept-Encoding", ""))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        for name, value in Answers.headers.items():
            self.send_header(name, value)
        if "Content-Length" not in Answers.headers:
            self.send_header("Content-Length", str(len(Answers.body)))
        self.end_headers()
        self.wfile.write(Answers.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    Answers.accept_encoding = []
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def fetch(mode: str, base_url: str, clock: FakeClock, **kwargs: Any) -> Any:
    return run(
        mode, lambda c: c.fetch(COMPOSITION_SID), clock=clock, base_url=base_url, max_retries=0, **kwargs
    )


def test_a_gzip_bomb_is_refused_in_bounded_memory(
    mode: str, server: str, clock: FakeClock, bomb: bytes
) -> None:
    Answers.body, Answers.headers = bomb, {"Content-Encoding": "gzip"}
    tracemalloc.start()
    try:
        with pytest.raises(UnexpectedResponseError) as caught:
            fetch(mode, server, clock)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "max_response_bytes (16,777,216 bytes once decoded)" in caught.value.message
    assert peak < 24 << 20, f"peak {peak / 2**20:.1f} MiB"  # the limit and a piece, not 256 MiB


def test_a_body_announced_over_the_limit_is_not_read(mode: str, server: str, clock: FakeClock) -> None:
    Answers.body, Answers.headers = b"{" + b" " * 5000 + b"}", {}
    with pytest.raises(UnexpectedResponseError) as caught:
        fetch(mode, server, clock, max_response_bytes=4096)
    assert "max_response_bytes (4,096 bytes" in caught.value.message
    assert caught.value.status == 200


@pytest.mark.parametrize(
    "encode",
    [gzip.compress, zlib.compress, lambda data: zlib.compress(data)[2:-4]],
    ids=["gzip", "deflate", "raw-deflate"],
)
def test_compressed_answers_within_the_limit_parse(
    mode: str, server: str, clock: FakeClock, fetch_example: dict[str, Any], encode: Any
) -> None:
    name = "gzip" if encode is gzip.compress else "deflate"
    Answers.body, Answers.headers = encode(json.dumps(fetch_example).encode()), {"Content-Encoding": name}
    composition = fetch(mode, server, clock, max_response_bytes=len(json.dumps(fetch_example)))
    assert composition.to_dict() == fetch_example
    assert Answers.accept_encoding == ["gzip, deflate"]  # only what the client can inflate within bounds


def test_a_compressed_answer_just_over_the_limit_is_refused(
    mode: str, server: str, clock: FakeClock, fetch_example: dict[str, Any]
) -> None:
    raw = json.dumps(fetch_example).encode()
    Answers.body, Answers.headers = gzip.compress(raw), {"Content-Encoding": "gzip"}
    with pytest.raises(UnexpectedResponseError):
        fetch(mode, server, clock, max_response_bytes=len(raw) - 1)


@pytest.mark.parametrize(
    ("encoding", "words"), [("br", "is not one the client asked for"), ("gzip", "does not inflate")]
)
def test_an_encoding_it_cannot_read_is_an_unexpected_response(
    mode: str, server: str, clock: FakeClock, encoding: str, words: str
) -> None:
    Answers.body, Answers.headers = b"not compressed at all", {"Content-Encoding": encoding}
    with pytest.raises(UnexpectedResponseError) as caught:
        fetch(mode, server, clock)
    assert words in caught.value.message


@pytest.mark.parametrize("value", [0, -1, 1.5, True, "16MiB"])
def test_max_response_bytes_must_be_a_positive_integer(value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, max_response_bytes=value)
    assert caught.value.param == "max_response_bytes"
