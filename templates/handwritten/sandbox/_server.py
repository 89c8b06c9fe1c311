"""The sandbox's API side: routes read from the spec, Basic authentication, Twilio-style errors.

Two front ends answer with the same logic: SandboxApi.answer() takes a request (method, target,
headers, a way to read the body) and gives an Answer (status, headers, body, and whether the connection
is to end), knowing nothing of sockets. SandboxHandler serves it on a socket (SandboxServer, a
ThreadingHTTPServer), _transport.py through an httpx transport, in-process.

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
from urllib.parse import parse_qsl

from .._api_rules import check_operation
from .._exceptions import ValidationError
from .._form import decode_form
from .._spec_rules import OPERATIONS
from .._validation import OperationRules, is_valid, validate_params
from ._answers import build_answer
from ._faults import FaultQueue
from ._listing import list_page
from ._loopback import Answer, Headers, LoopbackHandler, LoopbackServer
from ._media import MediaSigner
from ._query import parse_query
from ._spec import FAILED
from ._store import CompositionStore

MAX_BODY_BYTES = 1 << 20
_FORM_KEPT = 1 << 16  # the largest body whose fields `requests` keeps
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
        rules.operation_id for rules in operations.values() if rules.operation_id not in ApiExchange.HANDLERS
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


@dataclass(frozen=True)
class ApiRequest:
    """A request as the API sees it, from a socket or from an httpx transport."""

    method: str
    target: str  # the path and query, as on the request line
    headers: Headers
    read_body: Callable[[int], bytes]  # reads that many bytes of the body


@dataclass(frozen=True)
class SeenRequest:
    """One request the sandbox received (faults included), decoded: what a test checks its code sent.

    `query` has each parameter once (the last, if repeated); `form` is the body's fields as the sandbox
    decodes them with the spec's encoding (VideoLayout a dict, AudioSources a list, Trim a bool), empty
    when the body is not a form it could decode or is over 64 KiB (the log stays small).
    """

    method: str
    path: str
    query: dict[str, str]
    form: dict[str, Any]


class SandboxApi:
    """The API's state and logic, whatever carries the requests: routes, credentials, faults, logs."""

    def __init__(
        self,
        *,
        store: CompositionStore,
        account_sid: str,
        auth_token: str,
        signer: MediaSigner | None = None,
        operations: Mapping[str, OperationRules] = OPERATIONS,
        faults: FaultQueue | None = None,
    ) -> None:
        self.store = store
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.signer = signer or MediaSigner(store)
        self.operations = operations
        self.routes = build_routes(operations)
        self.cors_headers = cors_headers(operations)
        self.faults = faults if faults is not None else FaultQueue()
        # (method, path) of the latest requests, in order; `requests` has them decoded
        self.requests_seen: deque[tuple[str, str]] = deque(maxlen=MAX_REQUESTS_KEPT)
        self.requests: deque[SeenRequest] = deque(maxlen=MAX_REQUESTS_KEPT)

    def match(self, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            found = route.pattern.fullmatch(path)
            if found is not None:
                return route, found.groupdict()
        return None

    def answer(self, request: ApiRequest, *, base_url: str, media_url: str) -> Answer:
        """The answer to one request; `base_url` and `media_url` are what its URLs are written with."""
        return ApiExchange(self, request, base_url, media_url).answer()

    def error(self, status: int, message: str, code: int | None, **headers: str) -> Answer:
        body: dict[str, Any] = {"code": code, "message": message, "more_info": None, "status": status}
        if code is not None:
            body["more_info"] = f"{_ERROR_DOCS}{code}"
        return self.json(status, body, {k.replace("_", "-"): v for k, v in headers.items()})

    def json(self, status: int, body: Any, headers: Mapping[str, str] | None = None) -> Answer:
        payload = json.dumps(body).encode()
        extra = {**self.cors_headers, **(headers or {})}
        return Answer(
            status,
            [("Content-Type", "application/json"), ("Content-Length", str(len(payload))), *extra.items()],
            [payload],
        )


def _seen(method: str, target: str, rules: OperationRules | None, body: bytes) -> SeenRequest:
    path, _, query = target.partition("?")
    form: dict[str, Any] = {}
    if rules is not None and rules.body is not None and 0 < len(body) <= _FORM_KEPT:
        try:
            form = decode_form(body, rules.body, rules.body_encoding)
        except ValidationError:
            form = {}
    return SeenRequest(method, path, dict(parse_qsl(query, keep_blank_values=True)), form)


@dataclass(frozen=True)
class Call:
    """A request matched to its operation: the path parameters and the raw query string."""

    rules: OperationRules
    path_params: Mapping[str, str]
    query: str
    body: bytes


class ApiExchange:
    """One request being answered: the handlers of the operations, each returning the Answer."""

    # operationId -> the method answering it; filled in below the methods.
    HANDLERS: ClassVar[dict[str, Callable[[ApiExchange, Call], Answer]]]

    def __init__(self, api: SandboxApi, request: ApiRequest, base_url: str, media_url: str) -> None:
        self.api = api
        self.request = request
        self.command = request.method
        self.path = request.target
        self.headers = request.headers
        self.base_url = base_url
        self.media_url = media_url

    # -- answers ------------------------------------------------------------------------------------

    def _send_error(self, status: int, message: str, code: int | None, **headers: str) -> Answer:
        return self.api.error(status, message, code, **headers)

    def _send_empty(self, status: int) -> Answer:
        return Answer(status, [*self.api.cors_headers.items(), ("Content-Length", "0")])

    def _not_found(self) -> Answer:
        return self._send_error(404, f"The requested resource {self.path} was not found", CODE_NOT_FOUND)

    def _invalid(self, error: ValidationError) -> Answer:
        return self._send_error(400, f"Invalid parameter {error.param}: {error.rule}", CODE_INVALID_PARAMETER)

    # -- request handling ---------------------------------------------------------------------------

    def answer(self) -> Answer:
        if self.command in ("GET", "POST", "DELETE", "PUT", "PATCH"):
            return self._dispatch()
        if self.command == "OPTIONS":
            # A CORS preflight: no credentials needed, as browsers send none with it.
            return self._send_empty(204)
        if self.command == "HEAD":
            # The API has no HEAD: 405, with no body, as a HEAD answer has none.
            allow = self._allow(self.path.split("?", 1)[0])
            return Answer(405, [("Allow", allow), ("Content-Length", "0")])
        return self._method_not_allowed()  # TRACE, PROPFIND ...: a method the API does not have

    def _read_body(self, required: bool) -> bytes | Answer:
        """The request body, or the error answer (after which the connection is to be closed).

        An operation without a body takes none, but one that was sent is read (or the connection
        closed after the answer), so that it is not taken for the next request on a keep-alive line.
        """
        declared = self.headers.get("Content-Length")
        if declared is None or "Transfer-Encoding" in self.headers:
            if not required:
                # A chunked body this operation does not take is not read: the line cannot be reused.
                return Answer(0, [], close="Transfer-Encoding" in self.headers)
            answer = self._send_error(
                411, "A Content-Length header is required (chunked bodies are not accepted)", None
            )
            return answer.closing()
        if not declared.isdigit() or int(declared) > MAX_BODY_BYTES:
            answer = self._send_error(
                413 if declared.isdigit() else 400, f"Content-Length must be at most {MAX_BODY_BYTES}", None
            )
            return answer.closing()
        return self.request.read_body(int(declared))

    def _authenticated(self) -> bool:
        scheme, _, encoded = (self.headers.get("Authorization") or "").partition(" ")
        try:
            user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            user, password = "", ""
        # compare_digest on both parts, always: no early exit that would time the account SID
        ok_user = hmac.compare_digest(user.encode(), self.api.account_sid.encode())
        ok_password = hmac.compare_digest(password.encode(), self.api.auth_token.encode())
        return scheme.lower() == "basic" and ok_user and ok_password

    def _start(self, rules: OperationRules | None, body: bytes) -> Answer | None:
        """Answer an injected fault, or authenticate; the answer when one is due already."""
        self.api.requests_seen.append((self.command, self.path))
        self.api.requests.append(_seen(self.command, self.path, rules, body))
        fault = self.api.faults.take(self.command)
        if fault is not None:
            if fault.disconnect:
                return Answer(0, [], close=True, disconnect=True)
            return self._send_error(fault.status, fault.message, fault.code, **fault.headers)
        if self._authenticated():
            return None
        return self._send_error(
            401, "Authenticate", CODE_AUTHENTICATE, WWW_Authenticate='Basic realm="Twilio API"'
        )

    def _allow(self, path: str) -> str:
        matched = self.api.match(path)
        if matched is not None:
            return matched[0].allow
        return ", ".join([*spec_methods(self.api.operations), "OPTIONS"])

    def _method_not_allowed(self) -> Answer:
        allow = self._allow(self.path.split("?", 1)[0])
        # closing: the body, if any, was not read
        return self._send_error(405, f"Method {self.command} not allowed", None, Allow=allow).closing()

    def _dispatch(self) -> Answer:
        path, _, query = self.path.partition("?")
        matched = self.api.match(path)
        rules = matched[0].operations.get(self.command) if matched else None
        if matched is not None and rules is None:
            return self._method_not_allowed()
        body = self._read_body(required=rules is not None and rules.body is not None)
        if isinstance(body, Answer):
            if body.status:
                return body
            close, body = body.close, b""
        else:
            close = False
        answer = self._start(rules, body) or self._operation(matched, rules, query, body)
        return answer.closing() if close else answer

    def _operation(
        self,
        matched: tuple[Route, dict[str, str]] | None,
        rules: OperationRules | None,
        query: str,
        body: bytes,
    ) -> Answer:
        if matched is None or rules is None:
            return self._not_found()
        path_params = matched[1]
        if not all(is_valid(rules.path.get(name, {}), value) for name, value in path_params.items()):
            return self._not_found()  # /v1/Compositions/../Rooms: no such resource, as Twilio answers
        handler = self.HANDLERS.get(rules.operation_id)
        if handler is None:
            message = f"The sandbox does not implement {rules.operation_id} ({rules.method} {rules.route})"
            return self._send_error(501, message, None)
        return handler(self, Call(rules, path_params, query, body))

    # -- the operations -----------------------------------------------------------------------------

    def _query(self, call: Call) -> tuple[dict[str, Any], dict[str, str]] | Answer:
        try:
            return parse_query(call.rules, call.query)
        except ValidationError as error:
            return self._invalid(error)

    def _composition(self, call: Call, status: int, sid: str) -> Answer:
        store = self.api.store
        record = store.get(sid)
        if record is None:
            return self._not_found()
        known = store.known_values(record, self.base_url)
        return self.api.json(status, build_answer(call.rules.responses[status], known))

    def _list(self, call: Call) -> Answer:
        parsed = self._query(call)
        if isinstance(parsed, Answer):
            return parsed
        try:
            page = list_page(self.api.store, parsed[0], parsed[1], self.base_url)
        except ValidationError as error:
            return self._invalid(error)
        return self.api.json(200, page)

    def _create(self, call: Call) -> Answer:
        rules = call.rules
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded":
            return self._send_error(400, "Content-Type must be application/x-www-form-urlencoded", None)
        try:
            fields = decode_form(call.body, rules.body or {}, rules.body_encoding)
            validate_params(rules.body or {}, fields, {})
            check_operation(rules, fields, {})
        except ValidationError as error:
            return self._invalid(error)
        record = self.api.store.create(fields)
        return self._composition(call, next(iter(rules.success)), record.sid)

    def _fetch(self, call: Call) -> Answer:
        return self._composition(call, next(iter(call.rules.success)), call.path_params["Sid"])

    def _delete(self, call: Call) -> Answer:
        store = self.api.store
        record = store.get(call.path_params["Sid"])
        if record is None:
            return self._not_found()
        if store.status(record) == FAILED:
            # The spec's 409, with the message of its example.
            return self._send_error(409, "A failed composition cannot be deleted", None)
        store.delete(record)
        return self._send_empty(next(iter(call.rules.success)))

    def _media(self, call: Call) -> Answer:
        parsed = self._query(call)
        if isinstance(parsed, Answer):
            return parsed
        store, query = self.api.store, parsed[0]
        record = store.get(call.path_params["Sid"])
        if record is None or not store.media_available(record):
            return self._not_found()  # not completed yet, failed, or deleted: no media (the spec's 404)
        url = self.api.signer.url(self.media_url, record, query["Ttl"], query.get("ContentDisposition"))
        status = next(iter(call.rules.success))
        field = (call.rules.download or {})["url"]
        answer = build_answer(call.rules.responses[status], {field: url})
        return self.api.json(status, answer, {"Location": url})

    HANDLERS = {  # noqa: RUF012 - a ClassVar, annotated above
        "ListComposition": _list,
        "CreateComposition": _create,
        "FetchComposition": _fetch,
        "DeleteComposition": _delete,
        "FetchCompositionMedia": _media,
    }


class SandboxServer(LoopbackServer):
    """The API on a socket: a threaded HTTP server on loopback in front of a SandboxApi."""

    def __init__(
        self,
        address: tuple[str, int],
        *,
        api: SandboxApi | None = None,
        store: CompositionStore | None = None,
        account_sid: str = "",
        auth_token: str = "",
        media_url: str = "",
        operations: Mapping[str, OperationRules] = OPERATIONS,
    ) -> None:
        super().__init__(address, SandboxHandler)
        if api is None:
            if store is None:
                raise TypeError("SandboxServer needs an api, or a store and credentials to make one")
            api = SandboxApi(
                store=store, account_sid=account_sid, auth_token=auth_token, operations=operations
            )
        self.api = api
        self.media_url = media_url  # the media origin's base URL, where the media route redirects

    @staticmethod
    def unimplemented_operations(operations: Mapping[str, OperationRules] = OPERATIONS) -> list[str]:
        return unimplemented_operations(operations)


class SandboxHandler(LoopbackHandler):
    """Reads a request off the socket, has the SandboxApi answer it, writes the answer."""

    server: SandboxServer

    def _serve(self) -> None:
        request = ApiRequest(self.command, self.path, Headers(self.headers.items()), self.rfile.read)
        self.write_answer(
            self.server.api.answer(request, base_url=self.server.base_url, media_url=self.server.media_url)
        )

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = do_OPTIONS = do_HEAD = _serve

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (a method with no do_ handler, such as TRACE; a malformed
        request line; headers too long) as Twilio JSON errors instead of its HTML page, and an
        unknown method as 405 like the other methods the API does not have, not 501."""
        if code == HTTPStatus.NOT_IMPLEMENTED:
            self._serve()  # the API answers 405 to a method it does not have
            return
        self.write_answer(
            self.server.api.error(int(code), message or HTTPStatus(code).phrase, None).closing()
        )
