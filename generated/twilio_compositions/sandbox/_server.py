"""The sandbox's HTTP side: routing, Basic authentication, Twilio-style errors, JSON answers.

Requests are checked with the very rules the client uses (the spec's, in _spec_rules.py, and the API's
prose rules, in _api_rules.py), but on the wire: form fields under their spec names, decoded as the
spec's `encoding` says, so a client that encodes wrongly is answered 400 as Twilio would answer it.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hmac
import json
import logging
import re
import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .._api_rules import check_operation
from .._exceptions import ValidationError
from .._form import decode_form
from .._spec_rules import OPERATIONS
from .._validation import validate_params
from ._faults import FaultQueue
from ._store import CompositionStore

logger = logging.getLogger("twilio_compositions.sandbox")

MAX_BODY_BYTES = 1 << 20
_FETCH_PATH = re.compile(r"/v1/Compositions/([^/]+)")
_CREATE = OPERATIONS["create_composition"]
_ERROR_DOCS = "https://www.twilio.com/docs/errors/"
# Twilio error codes the sandbox answers with, as in the public error examples (facts.md).
CODE_INVALID_PARAMETER = 21201
CODE_AUTHENTICATE = 20003
CODE_NOT_FOUND = 20404
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Authorization, Content-Type, If-Match, If-Modified-Since, "
    "If-None-Match, If-Unmodified-Since",
    "Access-Control-Allow-Credentials": "true",
    "Access-Control-Expose-Headers": "ETag",
}


class SandboxServer(ThreadingHTTPServer):
    daemon_threads = True  # a stuck connection never keeps the process alive
    block_on_close = False

    def __init__(
        self, address: tuple[str, int], *, store: CompositionStore, account_sid: str, auth_token: str
    ) -> None:
        super().__init__(address, SandboxHandler)
        self.store = store
        self.account_sid = account_sid
        self.auth_token = auth_token
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self.faults = FaultQueue()
        self.requests_seen: list[tuple[str, str]] = []  # (method, path) of every request, in order
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

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


class SandboxHandler(BaseHTTPRequestHandler):
    server: SandboxServer
    protocol_version = "HTTP/1.1"  # keep-alive, as the real API does
    timeout = 30  # seconds a silent connection may hold a thread
    # Headers and body leave in two writes; with Nagle's algorithm the body waits for the client's
    # delayed ACK of the headers, about 40 ms per response on Linux loopback.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s - %s", self.address_string(), format % args)

    # -- answers ------------------------------------------------------------------------------------

    def _send_json(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in {**CORS_HEADERS, **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def _send_error(self, status: int, message: str, code: int | None, **headers: str) -> None:
        body: dict[str, Any] = {"code": code, "message": message, "more_info": None, "status": status}
        if code is not None:
            body["more_info"] = f"{_ERROR_DOCS}{code}"
        self._send_json(status, body, {k.replace("_", "-"): v for k, v in headers.items()})

    def _not_found(self) -> None:
        self._send_error(404, f"The requested resource {self.path} was not found", CODE_NOT_FOUND)

    # -- request handling ---------------------------------------------------------------------------

    def _read_body(self) -> bytes | None:
        """The request body, or None once an error was answered (and the connection is to be closed)."""
        declared = self.headers.get("Content-Length")
        if declared is None or "Transfer-Encoding" in self.headers:
            self.close_connection = True
            self._send_error(
                411, "A Content-Length header is required (chunked bodies are not accepted)", None
            )
            return None
        if not declared.isdigit() or int(declared) > MAX_BODY_BYTES:
            self.close_connection = True
            self._send_error(
                413 if declared.isdigit() else 400, f"Content-Length must be at most {MAX_BODY_BYTES}", None
            )
            return None
        return self.rfile.read(int(declared))

    def _authenticated(self) -> bool:
        scheme, _, encoded = self.headers.get("Authorization", "").partition(" ")
        try:
            user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            user, password = "", ""
        # compare_digest on both parts, always: no early exit that would time the account SID
        ok_user = hmac.compare_digest(user.encode(), self.server.account_sid.encode())
        ok_password = hmac.compare_digest(password.encode(), self.server.auth_token.encode())
        return scheme.lower() == "basic" and ok_user and ok_password

    def _start(self) -> bool:
        """Answer an injected fault, or authenticate; False when an answer was sent already."""
        self.server.requests_seen.append((self.command, self.path))
        fault = self.server.faults.take(self.command)
        if fault is not None:
            self.close_connection = fault.disconnect
            if not fault.disconnect:
                self._send_error(fault.status, fault.message, fault.code, **fault.headers)
            return False
        if self._authenticated():
            return True
        self._send_error(401, "Authenticate", CODE_AUTHENTICATE, WWW_Authenticate='Basic realm="Twilio API"')
        return False

    def do_GET(self) -> None:
        if not self._start():
            return
        match = _FETCH_PATH.fullmatch(self.path.split("?", 1)[0])
        record = self.server.store.get(match[1]) if match else None
        if record is None:
            self._not_found()
            return
        self._send_json(200, self.server.store.composition(record, self.server.base_url).to_dict())

    def do_POST(self) -> None:
        body = self._read_body()
        if body is None or not self._start():
            return
        if self.path.split("?", 1)[0] != "/v1/Compositions":
            self._not_found()
            return
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded":
            self._send_error(400, "Content-Type must be application/x-www-form-urlencoded", None)
            return
        try:
            fields = decode_form(body, _CREATE.body or {}, _CREATE.body_encoding)
            validate_params(_CREATE.body or {}, fields, {})
            check_operation(_CREATE, fields, {})
        except ValidationError as error:
            self._send_error(400, f"Invalid parameter {error.param}: {error.rule}", CODE_INVALID_PARAMETER)
            return
        record = self.server.store.create(fields)
        self._send_json(201, self.server.store.composition(record, self.server.base_url).to_dict())

    def do_OPTIONS(self) -> None:
        """A CORS preflight: no credentials needed, as browsers send none with it."""
        self.send_response(204)
        for name, value in CORS_HEADERS.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        self.send_response(405)
        self.send_header("Allow", "GET, POST, OPTIONS")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _method_not_allowed(self) -> None:
        self.close_connection = True  # the body, if any, was not read
        self._send_error(405, f"Method {self.command} not allowed", None, Allow="GET, POST, OPTIONS")

    do_PUT = do_DELETE = do_PATCH = _method_not_allowed

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (a method with no do_ handler, such as TRACE; a malformed
        request line; headers too long) as Twilio JSON errors instead of its HTML page, and an
        unknown method as 405 like the other methods the API does not have, not 501."""
        if code == HTTPStatus.NOT_IMPLEMENTED:
            self._method_not_allowed()
            return
        self.close_connection = True
        self._send_error(int(code), message or HTTPStatus(code).phrase, None)
