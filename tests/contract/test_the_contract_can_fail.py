"""The contract layers are not rubber stamps: deliberately broken requests and answers are refused.

Broken requests are sent with raw httpx, since the client refuses to send them. Prism answers a request
breaking the spec with the spec's 400 example when the operation documents a 400 (create), else with its
own 422 (fetch); either way the header sl-violations names the rule. A sandbox lacking an operation
(its handler, or its route) fails Schemathesis's operation_is_implemented check, one request each.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
import yaml
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance
from twilio_compositions._spec_rules import OPERATIONS
from twilio_compositions.sandbox import (
    DEFAULT_ACCOUNT_SID,
    DEFAULT_AUTH_TOKEN,
    Sandbox,
    unimplemented_operations,
)
from twilio_compositions.sandbox._server import ApiExchange, Route, build_routes

from ..conftest import COMPOSITION_SID as SID
from ..conftest import ROOM_SID
from ._prism import Prism, running_prism
from .conftest import Exchanges, prism_spec
from .test_schemathesis import operation_is_implemented, twilio_error_body
from .test_schemathesis import schema as schemathesis_schema
from .wire_checks import create_form_problems

# Prism and Schemathesis reach the sandbox over TCP.
pytestmark = pytest.mark.socket_only

MakeHttp = Callable[..., tuple[httpx.Client, Exchanges]]
LAYOUT = {"grid": {"video_sources": ["*"]}}
# The classic mistake of a form encoder: str(dict) is Python's repr, single quotes, not JSON.
PYTHON_REPR_FORM = {"RoomSid": ROOM_SID, "VideoLayout": str(LAYOUT)}
BAD_SIDS = ["CJ" + "g" * 32, "CJ123", "RM" + "a" * 32]


def violations(response: httpx.Response) -> list[dict[str, Any]]:
    """What Prism says was broken: in the sl-violations header, or in its own problem+json body."""
    found: list[dict[str, Any]] = []
    if "sl-violations" in response.headers:
        found = json.loads(response.headers["sl-violations"])
    elif response.headers.get("content-type") == "application/problem+json":
        found = response.json()["validation"]
    return found


def test_a_python_repr_layout_is_flagged_by_our_own_check(spec: dict[str, Any]) -> None:
    body = httpx.Request("POST", "http://127.0.0.1/", data=PYTHON_REPR_FORM).content
    problems = create_form_problems(spec, body)
    assert len(problems) == 1 and problems[0].startswith("VideoLayout: not a JSON document"), problems
    # ... and a JSON layout that breaks the VideoLayout schema (no video_sources) is flagged too.
    body = httpx.Request("POST", "http://127.0.0.1/", data={"RoomSid": ROOM_SID, "VideoLayout": "{}"}).content
    assert create_form_problems(spec, body) == ["VideoLayout: {} should be non-empty"]


def test_a_python_repr_layout_is_refused_by_prism_mock(prism_mock: Prism, recording_http: MakeHttp) -> None:
    http, _ = recording_http(auth=("AC" + "0" * 32, "token"))
    response = http.post(f"{prism_mock.url}/v1/Compositions", data=PYTHON_REPR_FORM)
    assert response.status_code in (400, 422)
    assert [(v["location"], v["code"]) for v in violations(response)] == [
        (["request", "body", "VideoLayout"], "pattern")
    ]


def test_a_python_repr_layout_is_refused_by_the_proxy_and_the_sandbox(
    prism_proxy: Prism, sandbox: Sandbox, recording_http: MakeHttp
) -> None:
    http, _ = recording_http(auth=(sandbox.account_sid, sandbox.auth_token))
    through_prism = http.post(f"{prism_proxy.url}/v1/Compositions", data=PYTHON_REPR_FORM)
    assert through_prism.status_code == 422
    assert [v["code"] for v in violations(through_prism)] == ["pattern"]
    assert len(sandbox.store) == 0  # Prism did not forward it

    direct = http.post(f"{sandbox.url}/v1/Compositions", data=PYTHON_REPR_FORM)
    assert direct.status_code == 400
    assert direct.json()["code"] == 21201 and "VideoLayout" in direct.json()["message"]
    assert len(sandbox.store) == 0


def test_a_bad_sid_is_refused_by_prism_and_the_sandbox(
    prism_mock: Prism, prism_proxy: Prism, sandbox: Sandbox, recording_http: MakeHttp
) -> None:
    http, _ = recording_http(auth=(sandbox.account_sid, sandbox.auth_token))
    for sid in BAD_SIDS:
        for prism in (prism_mock, prism_proxy):
            response = http.get(f"{prism.url}/v1/Compositions/{sid}")
            assert response.status_code == 422, (sid, prism.args[0], response.text)
            assert "pattern" in {v["code"] for v in violations(response)}, (sid, prism.args[0])
        direct = http.get(f"{sandbox.url}/v1/Compositions/{sid}")
        assert direct.status_code == 404 and direct.json()["status"] == 404, sid


def test_the_proxy_refuses_an_answer_that_breaks_the_spec(
    spec: dict[str, Any], sandbox: Sandbox, recording_http: MakeHttp, tmp_path: Path
) -> None:
    """Answer validation is live: against a spec whose Composition wants a resolution the sandbox never
    answers, the sandbox's answer (valid by the true spec) becomes Prism's 500 naming the field."""
    stricter = prism_spec(spec)
    stricter["components"]["schemas"]["Composition"]["properties"]["resolution"]["pattern"] = "^1x1$"
    path = tmp_path / "stricter.yaml"
    path.write_text(yaml.safe_dump(stricter, sort_keys=False), encoding="utf-8")
    http, _ = recording_http(auth=(sandbox.account_sid, sandbox.auth_token))
    with running_prism(["proxy", str(path), sandbox.url, "--errors"], tmp_path / "prism.log") as prism:
        response = http.post(f"{prism.url}/v1/Compositions", data={"RoomSid": ROOM_SID, "AudioSources": "*"})
    assert response.status_code == 500
    assert [(v["location"], v["code"]) for v in violations(response)] == [
        (["response", "body", "resolution"], "pattern")
    ]
    assert len(sandbox.store) == 1  # the request was valid and reached the sandbox


# -- a sandbox lacking an operation fails Schemathesis ----------------------------------------------
# Each case is one request, judged by each check alone: the spec's `default: Error` makes every
# Twilio-shaped error "documented", so only operation_is_implemented tells a missing operation.
AUTH = (DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN)
ALWAYS_PASSED = [not_a_server_error, status_code_conformance, content_type_conformance, twilio_error_body]


def _failing_checks(case: schemathesis.Case[Any], response: schemathesis.Response) -> set[str]:
    failed = set()
    for check in [*ALWAYS_PASSED, operation_is_implemented]:
        try:
            case.validate_response(response, checks=[check])
        except FailureGroup:
            failed.add(check.__name__)
    return failed


def _without(*operation_ids: str) -> list[Route]:
    return build_routes({k: r for k, r in OPERATIONS.items() if r.operation_id not in operation_ids})


def test_a_sandbox_without_a_handler_fails_schemathesis(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing handler answers 501: not_a_server_error refuses it too, operation_is_implemented names it."""
    monkeypatch.delitem(ApiExchange.HANDLERS, "DeleteComposition")
    assert unimplemented_operations() == ["DeleteComposition"]
    case = schemathesis_schema["/v1/Compositions/{Sid}"]["DELETE"].Case(path_parameters={"Sid": SID})
    response = case.call(base_url=sandbox.url, auth=AUTH)
    assert response.status_code == 501
    assert _failing_checks(case, response) == {"not_a_server_error", "operation_is_implemented"}


def test_a_sandbox_without_a_route_fails_schemathesis(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No route for DELETE on the path (405: GET is there), or none for the list's path (404): a 4xx
    with a Twilio error body, which every other check takes; operation_is_implemented does not."""
    api = sandbox.api
    monkeypatch.setattr(api, "routes", _without("DeleteComposition"))
    delete = schemathesis_schema["/v1/Compositions/{Sid}"]["DELETE"].Case(path_parameters={"Sid": SID})
    response = delete.call(base_url=sandbox.url, auth=AUTH)
    assert response.status_code == 405
    assert _failing_checks(delete, response) == {"operation_is_implemented"}

    monkeypatch.setattr(api, "routes", _without("ListComposition", "CreateComposition"))
    listing = schemathesis_schema["/v1/Compositions"]["GET"].Case()
    response = listing.call(base_url=sandbox.url, auth=AUTH)
    assert response.status_code == 404
    assert _failing_checks(listing, response) == {"operation_is_implemented"}
    # ... while a 404 where the path names a resource is an answer, not a missing route.
    monkeypatch.undo()
    fetch = schemathesis_schema["/v1/Compositions/{Sid}"]["GET"].Case(path_parameters={"Sid": SID})
    response = fetch.call(base_url=sandbox.url, auth=AUTH)
    assert response.status_code == 404
    assert _failing_checks(fetch, response) == set()
