"""What the sandbox's two HTTP servers (the API, the media origin) share: a threaded server on
loopback that can end its keep-alive connections when it stops, and the Answer their logic gives, which
LoopbackHandler writes on the socket (and _transport.py turns into an httpx.Response)."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import socket
import threading
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

logger = logging.getLogger("twilio_compositions.sandbox")


@dataclasses.dataclass(frozen=True)
class Answer:
    """What the sandbox answers to one request, whatever carries it."""

    status: int
    headers: list[tuple[str, str]]
    body: Iterable[bytes] = ()
    close: bool = False  # the connection ends after this answer
    disconnect: bool = False  # no answer at all: the connection is dropped
    # The body stops short of its Content-Length (a media fault): the connection is cut after it.
    short_by: int = 0

    def closing(self) -> Answer:
        return dataclasses.replace(self, close=True)


class Headers:
    """A request's headers, by name in any case (the first of a repeated one)."""

    def __init__(self, items: Iterable[tuple[str, str]]) -> None:
        self._values: dict[str, str] = {}
        for name, value in items:
            self._values.setdefault(name.lower(), str(value))

    def get(self, name: str) -> str | None:
        return self._values.get(name.lower())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._values


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True  # a stuck connection never keeps the process alive
    block_on_close = False  # also: ThreadingMixIn keeps no list of its handler threads
    # The listen backlog. socketserver's default is 5: with dozens of clients connecting at once, the
    # kernel's accept queue overflows and the connections beyond it are reset (ECONNRESET on the
    # client's first request). The kernel caps it at net.core.somaxconn.
    request_queue_size = socket.SOMAXCONN

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self.connections_accepted = 0  # tells a test whether a client reused its connections

    # Open connections are tracked so that close_connections() can end the keep-alive ones, whose
    # handler threads would otherwise go on answering after the server was shut down.
    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
            self.connections_accepted += 1
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._connections_lock:
            connections, self._connections = self._connections, set()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        self.shutdown()
        self.close_connections()
        self.server_close()

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


class LoopbackHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real API does
    timeout = 30  # seconds a silent connection may hold a thread
    # Headers and body leave in two writes; with Nagle's algorithm the body waits for the client's
    # delayed ACK of the headers, about 40 ms per response on Linux loopback.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s - %s", self.address_string(), format % args)

    _connection_announced = False

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "connection":
            self._connection_announced = True
        super().send_header(keyword, value)

    def end_headers(self) -> None:
        # A connection that closes after this answer says so: a keep-alive client would otherwise send
        # its next request on it, and race the close (RemoteProtocolError: Server disconnected).
        if self.close_connection and not self._connection_announced:
            super().send_header("Connection", "close")
        self._connection_announced = False
        super().end_headers()

    def write_answer(self, answer: Answer) -> None:
        if answer.close or answer.short_by:
            self.close_connection = True  # never set back to False: it holds the client's Connection: close
        if answer.disconnect:
            return
        self.send_response(answer.status)
        for name, value in answer.headers:
            self.send_header(name, value)
        self.end_headers()
        try:
            for chunk in answer.body:
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client stopped reading: normal for a cancelled download
