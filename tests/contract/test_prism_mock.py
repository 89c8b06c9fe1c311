"""Contract layer 1: every client operation against `prism mock` of spec/.

Prism checks each request against the spec (path and its SID pattern, Basic auth present, form body:
required RoomSid, SID patterns, Resolution pattern, Format and StatusCallbackMethod enums, StatusCallback
as a URI, Trim as a boolean, AudioSources / AudioSourcesExcluded as exploded form arrays) and answers 400
or 422 naming the broken rule; the client must be accepted, and must parse what Prism answers: the
spec's examples, and (Prefer: dynamic=true) data generated from the response schemas. What Prism
leaves unchecked is checked by wire_checks.py on the same requests.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import yaml
from twilio_compositions import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    Composition,
    CompositionsClient,
    CompositionStatus,
    NotFoundError,
)
from twilio_compositions._spec_rules import OPERATIONS

from ..conftest import ACCOUNT_SID, AUTH_TOKEN, COMPOSITION_SID, ROOM_SID, SPEC_PATH
from ._prism import Prism
from .conftest import Exchanges
from .wire_checks import component_validator, create_form_problems, form_fields

MINIMAL_AUDIO: dict[str, Any] = {"room_sid": ROOM_SID, "audio_sources": ["*"]}
MINIMAL_VIDEO: dict[str, Any] = {"room_sid": ROOM_SID, "video_layout": {"grid": {"video_sources": ["*"]}}}
FULL: dict[str, Any] = {
    "room_sid": ROOM_SID,
    "video_layout": {
        "main": {"z_pos": 1, "video_sources": ["screen-presentation"]},
        "pip": {
            "x_pos": 1000,
            "y_pos": 30,
            "z_pos": 2,
            "width": 240,
            "height": 180,
            "max_columns": 1,
            "max_rows": 1,
            "cells_excluded": [],
            "reuse": "show_newest",
            "video_sources": ["RT" + "b" * 32, "teacher-*"],
            "video_sources_excluded": ["MT" + "c" * 32],
        },
    },
    "audio_sources": ["teacher*", "student*"],
    "audio_sources_excluded": ["student-muted"],
    "resolution": "1280x720",
    "format": "mp4",
    "status_callback": "https://example.com/callbacks/compositions?tenant=7",
    "status_callback_method": "GET",
    "trim": False,
}
WIRE_NAMES = {
    "room_sid": "RoomSid",
    "video_layout": "VideoLayout",
    "audio_sources": "AudioSources",
    "audio_sources_excluded": "AudioSourcesExcluded",
    "resolution": "Resolution",
    "format": "Format",
    "status_callback": "StatusCallback",
    "status_callback_method": "StatusCallbackMethod",
    "trim": "Trim",
}
CREATE_SETS = {"minimal-audio": MINIMAL_AUDIO, "minimal-video": MINIMAL_VIDEO, "full": FULL}
# Prism's default: the spec's examples. dynamic=true: json-schema-faker data from the schemas (seeded).
PRISM_MODES = {"examples": {}, "dynamic": {"Prefer": "dynamic=true"}}

MakeHttp = Callable[..., tuple[httpx.Client, Exchanges]]


def mock_client(
    prism: Prism, make_http: MakeHttp, headers: dict[str, str]
) -> tuple[CompositionsClient, Exchanges]:
    http, exchanges = make_http(headers=headers)
    client = CompositionsClient(
        account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=prism.url, http_client=http
    )
    return client, exchanges


def accepted(call: Callable[[], Composition], exchanges: Exchanges) -> Composition:
    """The call's result; a refusal by Prism fails the test with the rules Prism says were broken."""
    try:
        return call()
    except ApiError as error:
        violations = exchanges.responses[-1].headers.get("sl-violations", "(none given)")
        pytest.fail(f"Prism refused the request: {error}; violations: {violations}")


@pytest.mark.parametrize("prism_mode", PRISM_MODES)
@pytest.mark.parametrize("params", CREATE_SETS.values(), ids=CREATE_SETS.keys())
def test_create_is_accepted_and_parses(
    prism_mock: Prism, recording_http: MakeHttp, spec: dict[str, Any], params: dict[str, Any], prism_mode: str
) -> None:
    client, exchanges = mock_client(prism_mock, recording_http, PRISM_MODES[prism_mode])
    composition = accepted(lambda: client.create(**params), exchanges)

    assert isinstance(composition, Composition)
    assert composition.sid is not None and composition.sid.startswith("CJ")
    example = spec["components"]["examples"]["CompositionEnqueued"]["value"]
    if prism_mode == "examples":
        assert composition.to_dict() == example
        assert composition.status is CompositionStatus.ENQUEUED
    else:  # generated data, not the example: what parsed was Prism's own reading of the schema
        assert composition.to_dict() != example

    (request,) = exchanges.requests
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    # Rules Prism does not check (see wire_checks.py), on the very bytes Prism accepted.
    assert create_form_problems(spec, request.content) == []
    sent = form_fields(request.content)
    # Prism reads AudioSources=a,b as the one source "a,b", so only here is "repeated keys" checked.
    for param, name in [
        ("audio_sources", "AudioSources"),
        ("audio_sources_excluded", "AudioSourcesExcluded"),
    ]:
        assert sent.get(name, []) == params.get(param, [])
    if "video_layout" in params:  # Prism does not decode it (issue 1622): the document is what was given
        assert json.loads(sent["VideoLayout"][0]) == params["video_layout"]
    # Prism cannot tell a parameter the caller set from one the client filled in with its default.
    assert set(sent) == {WIRE_NAMES[param] for param in params}


CREATE_FORM = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))["paths"]["/v1/Compositions"]["post"][
    "requestBody"
]["content"]["application/x-www-form-urlencoded"]
REQUEST_EXAMPLES = {name: example["value"] for name, example in CREATE_FORM["examples"].items()}


@pytest.mark.parametrize("example", REQUEST_EXAMPLES.values(), ids=REQUEST_EXAMPLES.keys())
def test_the_spec_request_examples_are_valid_and_accepted(
    prism_mock: Prism, recording_http: MakeHttp, spec: dict[str, Any], example: dict[str, Any]
) -> None:
    """The examples Schemathesis starts from are requests the API takes, by every layer's rules."""
    assert list(component_validator(spec, "CreateCompositionRequest").iter_errors(example)) == []
    params = {param: example[name] for param, name in WIRE_NAMES.items() if name in example}
    assert len(params) == len(example)
    client, exchanges = mock_client(prism_mock, recording_http, {})
    accepted(lambda: client.create(**params), exchanges)
    assert create_form_problems(spec, exchanges.requests[0].content) == []


@pytest.mark.parametrize("prism_mode", PRISM_MODES)
def test_fetch_is_accepted_and_parses(
    prism_mock: Prism, recording_http: MakeHttp, fetch_example: dict[str, Any], prism_mode: str
) -> None:
    client, exchanges = mock_client(prism_mock, recording_http, PRISM_MODES[prism_mode])
    composition = accepted(lambda: client.fetch(COMPOSITION_SID), exchanges)

    assert isinstance(composition, Composition)
    if prism_mode == "examples":
        assert composition.to_dict() == fetch_example
        assert composition.status is CompositionStatus.COMPLETED
    else:
        assert composition.to_dict() != fetch_example
    (request,) = exchanges.requests
    assert request.url.path == f"/v1/Compositions/{COMPOSITION_SID}"


@pytest.mark.parametrize(
    ("operation", "status", "error"),
    [
        ("create", 400, BadRequestError),
        ("create", 401, AuthenticationError),
        ("fetch", 401, AuthenticationError),
        ("fetch", 404, NotFoundError),
    ],
)
def test_documented_errors_parse(
    prism_mock: Prism,
    recording_http: MakeHttp,
    spec: dict[str, Any],
    operation: str,
    status: int,
    error: type[ApiError],
) -> None:
    """Each documented error answer, as the spec's example: a typed error carrying Twilio's fields.
    (429 is left out: how the client waits and retries is tested elsewhere, with a fake clock.)"""
    client, exchanges = mock_client(prism_mock, recording_http, {"Prefer": f"code={status}"})
    with pytest.raises(error) as raised:
        if operation == "create":
            client.create(**MINIMAL_AUDIO)
        else:
            client.fetch(COMPOSITION_SID)
    assert exchanges.responses[-1].status_code == status
    name = {400: "BadRequest", 401: "Unauthorized", 404: "NotFound"}[status]
    example = spec["components"]["responses"][name]["content"]["application/json"]["example"]
    assert (raised.value.status, raised.value.code, raised.value.message, raised.value.more_info) == (
        example["status"],
        example["code"],
        example["message"],
        example["more_info"],
    )


# -- every operation of the spec -------------------------------------------------------------------
# One call per operation, by its operationId. test_every_operation_has_a_call fails when the spec gains
# an operation that no call here exercises, so a new operation cannot go untested against Prism.

AFTER = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _first_page(client: CompositionsClient) -> Any:
    # One page only: with dynamic data, next_page_url is whatever URL Prism makes up.
    return next(iter(client.list(status="completed", room_sid=ROOM_SID, date_created_after=AFTER).pages()))


CALLS: dict[str, Callable[[CompositionsClient], Any]] = {
    "ListComposition": _first_page,
    "CreateComposition": lambda client: client.create(**MINIMAL_AUDIO),
    "FetchComposition": lambda client: client.fetch(COMPOSITION_SID),
    "DeleteComposition": lambda client: client.delete(COMPOSITION_SID),
    "FetchCompositionMedia": lambda client: client.media_url(
        COMPOSITION_SID, ttl=60, content_disposition="inline"
    ),
}


def test_every_operation_has_a_call() -> None:
    assert set(CALLS) == {rules.operation_id for rules in OPERATIONS.values()}


@pytest.mark.parametrize("prism_mode", PRISM_MODES)
@pytest.mark.parametrize("operation", CALLS)
def test_every_operation_is_accepted_and_parses(
    prism_mock: Prism, recording_http: MakeHttp, spec: dict[str, Any], operation: str, prism_mode: str
) -> None:
    rules = next(rules for rules in OPERATIONS.values() if rules.operation_id == operation)
    # Prism answers its lowest 2xx, else `default`; an operation whose success is a redirect asks for it.
    success = min(rules.success)
    prefer = ", ".join(
        filter(None, [PRISM_MODES[prism_mode].get("Prefer"), f"code={success}" if success >= 300 else ""])
    )
    client, exchanges = mock_client(prism_mock, recording_http, {"Prefer": prefer} if prefer else {})
    result = accepted(lambda: CALLS[operation](client), exchanges)
    response = exchanges.responses[-1]
    assert response.status_code in rules.success
    if rules.success[response.status_code] == "empty":
        assert result is None
    elif operation == "FetchCompositionMedia":
        if prism_mode == "examples":  # generated data: the header and the body are drawn apart
            assert result == response.json()["redirect_to"] == response.headers["Location"]
        assert isinstance(result, str) and result
    else:
        assert result is not None


@pytest.mark.parametrize(
    ("operation", "status", "error"),
    [
        ("ListComposition", 400, BadRequestError),
        ("ListComposition", 401, AuthenticationError),
        ("DeleteComposition", 404, NotFoundError),
        ("DeleteComposition", 409, ApiError),
        ("FetchCompositionMedia", 404, NotFoundError),
    ],
)
def test_documented_errors_of_the_new_operations_parse(
    prism_mock: Prism, recording_http: MakeHttp, operation: str, status: int, error: type[ApiError]
) -> None:
    client, exchanges = mock_client(prism_mock, recording_http, {"Prefer": f"code={status}"})
    with pytest.raises(error) as raised:
        CALLS[operation](client)
    assert exchanges.responses[-1].status_code == status
    assert raised.value.status == status and raised.value.message
