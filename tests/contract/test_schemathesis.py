"""Contract layer 3: Schemathesis generates requests from spec/ and sends them to the sandbox.

Positive cases (valid by the schemas) and negative ones (each breaking a rule of the spec) for every
operation of the spec, plus Schemathesis's examples and coverage phases (boundary values, missing
parameters, wrong types and auth, undeclared methods), bounded: a fixed seed, derandomized, MAX_EXAMPLES
per operation and mode; then a stateful run following the spec's links from create to fetch, delete and
media. Each answer must pass:
- not_a_server_error: no 5xx;
- status_code_conformance: a status the operation documents;
- content_type_conformance: the documented content type (application/json);
- response_schema_conformance: the body follows the documented schema (Composition, CompositionPage,
  MediaRedirect, TwilioErrorBody);
- response_headers_conformance: documented headers (CORS, the redirect's Location) follow their schemas;
- negative_data_rejection: a request breaking the spec gets a 4xx (any 4xx);
- ignored_auth: a successful request sent again without credentials, or with wrong ones, is refused;
- unsupported_method: a method the spec does not declare on a path is 405 with an Allow header;
- ours, below: redirect_needs_auth (ignored_auth for a 302, which Schemathesis leaves out),
  twilio_error_body (every 4xx carries a Twilio error body whose `status` is the answer's), and
  operation_is_implemented (no 405/501 for a documented operation, no 404 where there is no path
  parameter: the spec's `default: Error` would let a missing route pass everything else).
And each operation must have answered its EXPECTED_STATUSES in the run, so that none is "exercised" by
requests that all fail the same way.
Not checked: positive_data_acceptance (a request valid by the schemas may still break the API's prose
rules, such as "VideoLayout or AudioSources", which the sandbox rightly refuses with 400).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import hypothesis
import pytest
import schemathesis
import yaml
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import AcceptedNegativeData
from schemathesis.core.parameters import ParameterLocation
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)
from twilio_compositions.sandbox import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, Sandbox

from ..conftest import SPEC_PATH, FakeClock
from .wire_checks import component_validator, read_create_form

# Prism and Schemathesis reach the sandbox over TCP.
pytestmark = pytest.mark.socket_only

SEED = 20240601
STATEFUL_SCENARIOS = 50  # each up to 4 steps
MAX_EXAMPLES = 200  # per operation and mode for the fuzzing phase: about 10 s for the whole run, 2 cores

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "generation": {
            "mode": "all",  # positive and negative
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",  # no .hypothesis/ example store: every run is the same run
        },
        "auth": {"basic": {"username": DEFAULT_ACCOUNT_SID, "password": DEFAULT_AUTH_TOKEN}},
        # Any 4xx refuses bad data (its default list leaves out 411 and 413, which the sandbox gives a
        # body it will not read, and lets a 5xx pass, which not_a_server_error forbids anyway).
        "checks": {"negative_data_rejection": {"expected-statuses": ["4XX"]}},
    }
)
schema = schemathesis.openapi.from_path(SPEC_PATH, config=CONFIG)

_FORM = "application/x-www-form-urlencoded"
SPEC = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
_CREATE_FORM = SPEC["paths"]["/v1/Compositions"]["post"]["requestBody"]["content"][_FORM]
REQUEST_VALIDATOR = component_validator(SPEC, "CreateCompositionRequest")
JSON_FIELDS = {
    name for name, how in _CREATE_FORM["encoding"].items() if how.get("contentType") == "application/json"
}


def _form_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)  # true/false, numbers, null, JSON


@schemathesis.serializer(_FORM)
def form_as_the_spec_encodes_it(ctx: schemathesis.SerializationContext, value: Any) -> bytes | None:
    """Schemathesis 4.32 ignores a form field's `encoding` (contentType: application/json): it hands
    serializers the body with VideoLayout already spread into bracketed keys of its own
    (grid[video_sources][0]=*, the name VideoLayout gone), which the API does not read, so no case
    would carry a layout. This encodes the generated body (ctx.case.body) as spec/ says: JSON for
    VideoLayout, repeated keys for arrays (explode), JSON text for every other non-string value."""
    body = ctx.case.body
    if not isinstance(body, dict):  # no body, or a negative case's body that is no form at all
        return value if value is None or isinstance(value, bytes) else _form_text(value).encode()
    pairs: list[tuple[str, str]] = []
    for name, field in body.items():
        if name in JSON_FIELDS:
            pairs.append((name, json.dumps(field)))
        elif isinstance(field, list):
            pairs += [(name, _form_text(item)) for item in field]
        else:
            pairs.append((name, _form_text(field)))
    return urlencode(pairs).encode("ascii")


@schemathesis.check
def twilio_error_body(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool:
    """Every 4xx answer is a Twilio error: JSON with its own status, a message, and code/more_info keys."""
    if 400 <= response.status_code < 500:
        body = response.json()
        assert isinstance(body, dict), (
            f"a {response.status_code} without a JSON object body: {response.text!r}"
        )
        assert body.get("status") == response.status_code, body
        assert isinstance(body.get("message"), str) and body["message"], body
        assert {"code", "more_info"} <= body.keys(), body
    return True


def _has_path_parameters(operation: Any) -> bool:
    return any(parameter.location is ParameterLocation.PATH for parameter in operation.iter_parameters())


@schemathesis.check
def operation_is_implemented(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """The sandbox has a route and a handler for every operation the spec documents.

    The spec's `default: Error` makes any Twilio-shaped error a documented answer, so a route the sandbox
    lacks would pass status_code_conformance: 405 (the path is known, not the method) and 501 (no
    handler) are failures here, and so is 404 for an operation without path parameters (list, create:
    nothing there can be "not found", so a 404 means no route). Only for the operation's own method:
    a case sent with another one (the coverage phase's unspecified methods) is rightly 405."""
    if case.method.upper() != case.operation.method.upper():
        return None
    status = response.status_code
    what = f"{case.operation.method.upper()} {case.operation.path}"
    assert status not in (405, 501), f"the sandbox does not implement {what}: {status} {response.text}"
    if status == 404 and not _has_path_parameters(case.operation):
        raise AssertionError(f"the sandbox has no route for {what}: 404 {response.text}")
    return True


_REDIRECT_AUTH_PROBED: set[str] = set()


@schemathesis.check
def redirect_needs_auth(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """ignored_auth, for a redirect: Schemathesis probes only 2xx answers, so the media route's 302 (a
    pre-signed URL: a credential of its own) is sent again here without credentials and with wrong
    ones, once per operation, and must be a 401, never followed."""
    label = case.operation.label
    if not 300 <= response.status_code < 400 or label in _REDIRECT_AUTH_PROBED:
        return None
    sent = response.request
    for auth in (None, (DEFAULT_ACCOUNT_SID, "not-the-token")):
        probe = httpx.request(
            sent.method or "GET", sent.url or "", auth=auth, follow_redirects=False, trust_env=False
        )
        assert probe.status_code == 401, (
            f"{label} answered {probe.status_code} to {'no' if auth is None else 'wrong'} credentials"
        )
    _REDIRECT_AUTH_PROBED.add(label)
    return True


@schemathesis.check
def negative_data_rejection_on_the_wire(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """negative_data_rejection, except where the negation did not survive the form encoding.

    Schemathesis 4.32 reads a sent form field as one value, not as the items of an exploded array:
    a negative case that makes AudioSources the string "a" sends AudioSources=a, which is exactly the
    one-item array ["a"] on the wire, and the sandbox rightly accepts it. So a negative case accepted
    with only its body mutated is a failure only if the body as the API reads it (wire_checks) breaks
    the schema."""
    try:
        return negative_data_rejection(ctx, response, case)
    except AcceptedNegativeData:
        only_the_body = case.meta is not None and not any(
            component.mode.is_negative
            for location, component in case.meta.components.items()
            if location is not ParameterLocation.BODY
        )
        body = response.request.body
        if only_the_body and case.media_type == _FORM and isinstance(body, (bytes, str)):
            sent = body.encode() if isinstance(body, str) else body
            if not list(REQUEST_VALIDATOR.iter_errors(read_create_form(SPEC, sent))):
                return None
        raise


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection_on_the_wire,
    ignored_auth,
    redirect_needs_auth,
    twilio_error_body,
    operation_is_implemented,
    unsupported_method,
]


@pytest.fixture(scope="module")
def schemathesis_sandbox() -> Iterator[Sandbox]:
    """One sandbox for all of Schemathesis's requests, on a clock that never moves, where a composition
    is completed as soon as it is created (queue and processing of 0 s): the media route answers a
    composition the stateful run created with its 302, not only with 404."""
    with Sandbox(clock=FakeClock(), queue_seconds=0, processing_seconds=0) as sandbox:
        yield sandbox


# What each operation must have answered in the run of test_the_sandbox_follows_the_spec: its success
# where generated SIDs can reach it, its documented refusals. An operation the run sends only requests
# the sandbox refuses for one same reason is not exercised, whatever the checks say.
EXPECTED_STATUSES = {
    "ListComposition": {200, 400, 401},
    "CreateComposition": {201, 400, 401},
    "FetchComposition": {401, 404},  # 200: the stateful test, which fetches what it created
    "DeleteComposition": {401, 404},  # 204: the stateful test
    "FetchCompositionMedia": {400, 401, 404},  # 302: the stateful test
}


def test_every_operation_has_expected_statuses() -> None:
    assert set(EXPECTED_STATUSES) == {operation.definition.raw["operationId"] for operation in _operations()}


def _operations() -> list[Any]:
    operations = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()  # the spec has an operation Schemathesis cannot read
        operations.append(result.ok())
    return operations


@pytest.fixture(scope="module")
def statuses_seen() -> Iterator[dict[str, set[int]]]:
    """operationId -> the statuses the sandbox answered it in this module's run; checked at the end, for
    the operations that ran (pytest -k may select some only)."""
    seen: dict[str, set[int]] = {}
    yield seen
    missing = {op: EXPECTED_STATUSES[op] - statuses for op, statuses in seen.items()}
    assert not any(missing.values()), f"statuses never answered, by operation: {missing}"


@schema.parametrize()
def test_the_sandbox_follows_the_spec(
    case: schemathesis.Case, schemathesis_sandbox: Sandbox, statuses_seen: dict[str, set[int]]
) -> None:
    response = case.call_and_validate(base_url=schemathesis_sandbox.url, checks=CHECKS)
    statuses_seen.setdefault(case.operation.definition.raw["operationId"], set()).add(response.status_code)


def test_create_then_use_what_was_created(schemathesis_sandbox: Sandbox) -> None:
    """Stateful: create, then fetch, delete and get the media of the SID the answer gave (the spec's
    links from create), so that those answer 200, 204 and 302 for compositions made from generated
    parameters, not only 404; the same checks apply to every step (so ignored_auth covers them too).

    Schemathesis does not follow the media's 302 (its transport leaves a documented redirect alone), so
    the pre-signed URL never gets the Basic credentials: the media origin saw no request at all."""
    sandbox_url = schemathesis_sandbox.url
    answered: Counter[tuple[str, int]] = Counter()

    class CreateThenUse(schema.as_state_machine()):  # type: ignore[misc]  # a base made at run time
        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            return {"base_url": sandbox_url}

        def after_call(self, response: schemathesis.Response, case: schemathesis.Case) -> None:
            answered[case.method, response.status_code] += 1

        def validate_response(
            self, response: schemathesis.Response, case: schemathesis.Case, *args: Any, **kwargs: Any
        ) -> None:
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs)

    CreateThenUse.run(
        settings=hypothesis.settings(
            max_examples=STATEFUL_SCENARIOS,
            stateful_step_count=4,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )
    for expected in [("POST", 201), ("GET", 200), ("DELETE", 204), ("GET", 302)]:
        assert answered[expected], (expected, answered)
    assert schemathesis_sandbox.media_requests_seen == []
