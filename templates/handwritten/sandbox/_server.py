"""The sandbox's API side: routes read from the spec, Basic authentication, Twilio-style errors.

The route table is built from the spec's operations (OPERATIONS in _spec_rules.py): each route
template becomes a regular expression, and each operation is answered by the handler registered under
its operationId in SandboxHandler.HANDLERS. A path that matches a route but not its method is 405 with
the spec's methods in Allow; an operation of the spec with no handler is 501, and
unimplemented_operations() names them, so a test fails as soon as the spec outgrows the sandbox.

Requests are checked with the very rules the client uses (the spec's, and the API's prose rules in
_api_rules.py), but on the wire: form fields under their spec names, decoded as the spec's `encoding`
says, query parameters converted to their schema's type, so a client that encodes wrongly is answered
400 as Twilio would answer it.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import re
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, ClassVar

from .._api_rules import check_operation
from .._exceptions import ValidationError
from .._form import decode_form
from .._spec_rules import OPERATIONS
from .._validation import OperationRules, is_valid, validate_params
from ._answers import build_answer
from ._faults import FaultQueue
from ._listing import list_page
from ._loopback import LoopbackHandler, LoopbackServer
from ._media import MediaSigner
from ._query import parse_query
from ._spec import FAILED
from ._store import CompositionStore

MAX_BODY_BYTES = 1 << 20
MAX_REQUESTS_KEPT = 10_000  # requests_seen keeps the latest ones only: a long-running sandbox stays small
_ERROR_DOCS = "https://www.twilio.com/docs/errors/"
# Twilio error codes the sandbox answers with, as in Twilio's public error examples, each documented at
# _ERROR_DOCS + code: 21201 an invalid parameter, 20003 failed authentication, 20404 an unknown resource.
CODE_INVALID_PARAMETER = 21201
CODE_AUTHENTICATE = 20003
CODE_NOT_FOUND = 20404
_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")  # {Sid} in a route template


@dataclass(frozen=True)
class Route:
    """The operations of one path template, by method."""

    template: str
    pattern: re.Pattern[str]
    operations: Mapping[str, OperationRules]

    @property
    def allow(self) -> str:
        return ", ".join([*self.operations, "OPTIONS"])


def route_pattern(template: str) -> re.Pattern[str]:
    """ "/v1/Compositions/{Sid}" -> /v1/Compositions/(?P<Sid>[^/]+), matched against the whole path."""
    parts, end = [], 0
    for found in _PARAM.finditer(template):
        parts += [re.escape(template[end : found.start()]), f"(?P<{found[1]}>[^/]+)"]
        end = found.end()
    return re.compile("".join([*parts, re.escape(template[end:])]))


def build_routes(operations: Mapping[str, OperationRules]) -> list[Route]:
    by_template: dict[str, dict[str, OperationRules]] = {}
    for rules in operations.values():
        by_template.setdefault(rules.route, {})[rules.method.upper()] = rules
    return [Route(template, route_pattern(template), ops) for template, ops in by_template.items()]


def spec_methods(operations: Mapping[str, OperationRules]) -> list[str]:
    """Every method of the spec, in the spec's order, once."""
    return list(dict.fromkeys(rules.method.upper() for rules in operations.values()))


def unimplemented_operations(operations: Mapping[str, OperationRules] = OPERATIONS) -> list[str]:
    """The operationIds of the spec that no sandbox handler answers (they get 501)."""
    return [
        rules.operation_id
        for rules in operations.values()
        if rules.operation_id not in SandboxHandler.HANDLERS
    ]


def cors_headers(operations: Mapping[str, OperationRules]) -> dict[str, str]:
    return {
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Methods": ", ".join([*spec_methods(operations), "OPTIONS"]),
        "Access-Control-Allow-Headers": "Accept, Authorization, Content-Type, If-Match, If-Modified-Since, "
        "If-None-Match, If-Unmodified-Since",
        "Access-Control-Allow-Credentials": "true",
        "Access-Control-Expose-Headers": "ETag",
    }


class SandboxServer(LoopbackServer):
    def __init__(
        self,
        address: tuple[str, int],
        *,
        store: CompositionStore,
        account_sid: str,
        auth_token: str,
        signer: MediaSigner | None = None,
        media_url: str = "",
        operations: Mapping[str, OperationRules] = OPERATIONS,
    ) -> None:
        super().__init__(address, SandboxHandler)
        self.store = store
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.signer = signer or MediaSigner(store)
        self.media_url = media_url  # the media origin's base URL, where the media route redirects
        self.operations = operations
        self.routes = build_routes(operations)
        self.cors_headers = cors_headers(operations)
        self.faults = FaultQueue()
        # (method, path) of the latest requests, in order
        self.requests_seen: deque[tuple[str, str]] = deque(maxlen=MAX_REQUESTS_KEPT)

    @staticmethod
    def unimplemented_operations(operations: Mapping[str, OperationRules] = OPERATIONS) -> list[str]:
        return unimplemented_operations(operations)

    def match(self, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            found = route.pattern.fullmatch(path)
            if found is not None:
                return route, found.groupdict()
        return None


@dataclass(frozen=True)
class Call:
    """A request matched to its operation: the path parameters and the raw query string."""

    rules: OperationRules
    path_params: Mapping[str, str]
    query: str
    body: bytes


class SandboxHandler(LoopbackHandler):
    server: SandboxServer
    # operationId -> the method answering it; filled in below the methods.
    HANDLERS: ClassVar[dict[str, Callable[[SandboxHandler, Call], None]]]

    # -- answers ------------------------------------------------------------------------------------

    def _send_json(self, status: int, body: Any, headers: Mapping[str, str] | None = None) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in {**self.server.cors_headers, **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def _send_empty(self, status: int) -> None:
        self.send_response(status)
        for name, value in self.server.cors_headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send_error(self, status: int, message: str, code: int | None, **headers: str) -> None:
        body: dict[str, Any] = {"code": code, "message": message, "more_info": None, "status": status}
        if code is not None:
            body["more_info"] = f"{_ERROR_DOCS}{code}"
        self._send_json(status, body, {k.replace("_", "-"): v for k, v in headers.items()})

    def _not_found(self) -> None:
        self._send_error(404, f"The requested resource {self.path} was not found", CODE_NOT_FOUND)

    def _invalid(self, error: ValidationError) -> None:
        self._send_error(400, f"Invalid parameter {error.param}: {error.rule}", CODE_INVALID_PARAMETER)

    # -- request handling ---------------------------------------------------------------------------

    def _read_body(self, required: bool) -> bytes | None:
        """The request body, or None once an error was answered (and the connection is to be closed).

        An operation without a body takes none, but one that was sent is read (or the connection
        closed after the answer), so that it is not taken for the next request on a keep-alive line.
        """
        declared = self.headers.get("Content-Length")
        if declared is None or "Transfer-Encoding" in self.headers:
            if not required:
                # A chunked body this operation does not take is not read: the line cannot be reused.
                # (Never set close_connection to False here: it holds the client's "Connection: close".)
                if "Transfer-Encoding" in self.headers:
                    self.close_connection = True
                return b""
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

    def _allow(self, path: str) -> str:
        matched = self.server.match(path)
        if matched is not None:
            return matched[0].allow
        return ", ".join([*spec_methods(self.server.operations), "OPTIONS"])

    def _method_not_allowed(self) -> None:
        self.close_connection = True  # the body, if any, was not read
        allow = self._allow(self.path.split("?", 1)[0])
        self._send_error(405, f"Method {self.command} not allowed", None, Allow=allow)

    def _dispatch(self) -> None:
        path, _, query = self.path.partition("?")
        matched = self.server.match(path)
        rules = matched[0].operations.get(self.command) if matched else None
        if matched is not None and rules is None:
            self._method_not_allowed()
            return
        body = self._read_body(required=rules is not None and rules.body is not None)
        if body is None or not self._start():
            return
        if matched is None or rules is None:
            self._not_found()
            return
        path_params = matched[1]
        if not all(is_valid(rules.path.get(name, {}), value) for name, value in path_params.items()):
            self._not_found()  # /v1/Compositions/../Rooms: no such resource, as Twilio answers
            return
        handler = self.HANDLERS.get(rules.operation_id)
        if handler is None:
            message = f"The sandbox does not implement {rules.operation_id} ({rules.method} {rules.route})"
            self._send_error(501, message, None)
            return
        handler(self, Call(rules, path_params, query, body))

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _dispatch

    def do_OPTIONS(self) -> None:
        """A CORS preflight: no credentials needed, as browsers send none with it."""
        self._send_empty(204)

    def do_HEAD(self) -> None:
        """The API has no HEAD: 405, with no body, as a HEAD answer has none."""
        self.send_response(405)
        self.send_header("Allow", self._allow(self.path.split("?", 1)[0]))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (a method with no do_ handler, such as TRACE; a malformed
        request line; headers too long) as Twilio JSON errors instead of its HTML page, and an
        unknown method as 405 like the other methods the API does not have, not 501."""
        if code == HTTPStatus.NOT_IMPLEMENTED:
            self._method_not_allowed()
            return
        self.close_connection = True
        self._send_error(int(code), message or HTTPStatus(code).phrase, None)

    # -- the operations -----------------------------------------------------------------------------

    def _query(self, call: Call) -> tuple[dict[str, Any], dict[str, str]] | None:
        try:
            return parse_query(call.rules, call.query)
        except ValidationError as error:
            self._invalid(error)
            return None

    def _composition(self, call: Call, status: int, sid: str) -> None:
        store = self.server.store
        record = store.get(sid)
        if record is None:
            self._not_found()
            return
        known = store.known_values(record, self.server.base_url)
        self._send_json(status, build_answer(call.rules.responses[status], known))

    def _list(self, call: Call) -> None:
        parsed = self._query(call)
        if parsed is None:
            return
        try:
            page = list_page(self.server.store, parsed[0], parsed[1], self.server.base_url)
        except ValidationError as error:
            self._invalid(error)
            return
        self._send_json(200, page)

    def _create(self, call: Call) -> None:
        rules = call.rules
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded":
            self._send_error(400, "Content-Type must be application/x-www-form-urlencoded", None)
            return
        try:
            fields = decode_form(call.body, rules.body or {}, rules.body_encoding)
            validate_params(rules.body or {}, fields, {})
            check_operation(rules, fields, {})
        except ValidationError as error:
            self._invalid(error)
            return
        record = self.server.store.create(fields)
        self._composition(call, next(iter(rules.success)), record.sid)

    def _fetch(self, call: Call) -> None:
        self._composition(call, next(iter(call.rules.success)), call.path_params["Sid"])

    def _delete(self, call: Call) -> None:
        store = self.server.store
        record = store.get(call.path_params["Sid"])
        if record is None:
            self._not_found()
        elif store.status(record) == FAILED:
            # The spec's 409, with the message of its example.
            self._send_error(409, "A failed composition cannot be deleted", None)
        else:
            store.delete(record)
            self._send_empty(next(iter(call.rules.success)))

    def _media(self, call: Call) -> None:
        parsed = self._query(call)
        if parsed is None:
            return
        store, query = self.server.store, parsed[0]
        record = store.get(call.path_params["Sid"])
        if record is None or not store.media_available(record):
            self._not_found()  # not completed yet, failed, or deleted: no media (the spec's 404)
            return
        url = self.server.signer.url(
            self.server.media_url, record, query["Ttl"], query.get("ContentDisposition")
        )
        status = next(iter(call.rules.success))
        field = (call.rules.download or {})["url"]
        self._send_json(status, build_answer(call.rules.responses[status], {field: url}), {"Location": url})

    HANDLERS = {  # noqa: RUF012 - a ClassVar, annotated above
        "ListComposition": _list,
        "CreateComposition": _create,
        "FetchComposition": _fetch,
        "DeleteComposition": _delete,
        "FetchCompositionMedia": _media,
    }
