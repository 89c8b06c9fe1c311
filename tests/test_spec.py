"""The OpenAPI document: valid, and saying everything the two reference pages say.

The expectations below are copied from the reference pages (../shared/api-docs) and facts.md, not from
the spec, so that a field lost or retyped in the spec fails here.
"""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pytest
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry
from referencing.jsonschema import DRAFT202012

# Create page, "Body": name -> (JSON type, format or None).
CREATE_PARAMETERS = {
    "RoomSid": ("string", None),
    "VideoLayout": ("object", None),
    "AudioSources": ("array", None),
    "AudioSourcesExcluded": ("array", None),
    "Resolution": ("string", None),
    "Format": ("string", None),
    "StatusCallback": ("string", "uri"),
    "StatusCallbackMethod": ("string", None),
    "Trim": ("boolean", None),
}
# Fetch page, response attributes: name -> (JSON type, format or None, nullable).
COMPOSITION_FIELDS = {
    "account_sid": ("string", None, True),
    "status": ("string", None, False),
    "date_created": ("string", "date-time", True),
    "date_completed": ("string", "date-time", True),
    "date_deleted": ("string", "date-time", True),
    "sid": ("string", None, True),
    "room_sid": ("string", None, True),
    "audio_sources": ("array", None, True),
    "audio_sources_excluded": ("array", None, True),
    "video_layout": ("object", None, True),
    "resolution": ("string", None, True),
    "trim": ("boolean", None, True),
    "format": ("string", None, False),
    "bitrate": ("integer", None, False),
    "size": ("integer", "int64", True),
    "duration": ("integer", None, False),
    "media_external_location": ("string", "uri", True),
    "status_callback": ("string", "uri", True),
    "status_callback_method": ("string", None, True),
    "url": ("string", "uri", True),
    "links": ("object", None, True),
}
SID_PATTERNS = {
    "AccountSid": "^AC[0-9a-fA-F]{32}$",
    "CompositionSid": "^CJ[0-9a-fA-F]{32}$",
    "RoomSid": "^RM[0-9a-fA-F]{32}$",
}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "string",
    "Access-Control-Allow-Methods": "string",
    "Access-Control-Allow-Headers": "string",
    "Access-Control-Allow-Credentials": "boolean",
    "Access-Control-Expose-Headers": "string",
}


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def flatten(spec: dict[str, Any], schema: dict[str, Any]) -> tuple[set[str], str | None]:
    """The JSON types a (possibly anyOf / $ref) schema admits, and its format."""
    schema = resolve(spec, schema)
    if "anyOf" in schema:
        types: set[str] = set()
        fmt = None
        for alternative in schema["anyOf"]:
            sub_types, sub_fmt = flatten(spec, alternative)
            types |= sub_types
            fmt = fmt or sub_fmt
        return types, fmt
    declared = schema.get("type")
    types = {declared} if isinstance(declared, str) else set(declared or ())
    return types, schema.get("format")


def schema_validator(spec: dict[str, Any], name: str) -> jsonschema.Draft202012Validator:
    """A validator for a component schema, resolving the spec's $refs (an independent implementation)."""
    registry: Registry[Any] = Registry().with_resource("urn:spec", DRAFT202012.create_resource(spec))
    schema = {"$ref": f"urn:spec#/components/schemas/{name}"}
    return jsonschema.Draft202012Validator(schema, registry=registry)


def test_the_document_is_valid_openapi_3_1(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.1")
    validate_openapi(spec)


def test_server_and_basic_auth(spec: dict[str, Any]) -> None:
    assert [s["url"] for s in spec["servers"]] == ["https://video.twilio.com"]
    (requirement,) = spec["security"]
    (scheme_name,) = requirement
    scheme = spec["components"]["securitySchemes"][scheme_name]
    assert (scheme["type"], scheme["scheme"]) == ("http", "basic")


def test_the_operations(spec: dict[str, Any]) -> None:
    create = spec["paths"]["/v1/Compositions"]["post"]
    listing = spec["paths"]["/v1/Compositions"]["get"]
    fetch = spec["paths"]["/v1/Compositions/{Sid}"]["get"]
    delete = spec["paths"]["/v1/Compositions/{Sid}"]["delete"]
    media = spec["paths"]["/v1/Compositions/{Sid}/Media"]["get"]
    assert set(create["responses"]) >= {"201", "400", "401", "429", "default"}
    assert set(fetch["responses"]) >= {"200", "401", "404", "429", "default"}
    assert set(listing["responses"]) >= {"200", "400", "401", "429", "default"}
    assert set(delete["responses"]) >= {"204", "401", "404", "409", "429", "default"}
    assert set(media["responses"]) >= {"302", "401", "404", "429", "default"}
    assert "content" not in delete["responses"]["204"]
    assert media["responses"]["302"]["headers"]["Location"]["required"] is True
    assert list(create["requestBody"]["content"]) == ["application/x-www-form-urlencoded"]
    for operation in (fetch, delete, media):
        sid = resolve(spec, operation["parameters"][0])
        assert (sid["name"], sid["in"], sid["required"]) == ("Sid", "path", True)
        assert resolve(spec, sid["schema"])["pattern"] == SID_PATTERNS["CompositionSid"]
    query = {
        p["name"]: resolve(spec, p["schema"]) for p in map(lambda p: resolve(spec, p), listing["parameters"])
    }
    assert list(query) == [
        "Status",
        "DateCreatedAfter",
        "DateCreatedBefore",
        "RoomSid",
        "PageSize",
        "Page",
        "PageToken",
    ]
    assert (query["PageSize"]["minimum"], query["PageSize"]["maximum"], query["PageSize"]["default"]) == (
        1,
        100,
        50,
    )
    assert query["DateCreatedAfter"]["format"] == query["DateCreatedBefore"]["format"] == "date-time"
    ttl = resolve(spec, media["parameters"][1])["schema"]
    assert (ttl["minimum"], ttl["maximum"], ttl["default"]) == (1, 3600, 600)


def test_every_create_parameter_of_the_reference_page(spec: dict[str, Any]) -> None:
    body = resolve(spec, spec["paths"]["/v1/Compositions"]["post"]["requestBody"]["content"]
                   ["application/x-www-form-urlencoded"]["schema"])  # fmt: skip
    assert list(body["properties"]) == list(CREATE_PARAMETERS)
    assert body["required"] == ["RoomSid"]
    for name, (json_type, fmt) in CREATE_PARAMETERS.items():
        types, actual_fmt = flatten(spec, body["properties"][name])
        assert types == {json_type}, name
        assert actual_fmt == fmt, name
        assert (
            body["properties"][name].get("description")
            or resolve(spec, body["properties"][name])["description"]
        ), f"{name} has no description"
    props = body["properties"]
    assert props["RoomSid"]["pattern"] == SID_PATTERNS["RoomSid"]
    assert (props["RoomSid"]["minLength"], props["RoomSid"]["maxLength"]) == (34, 34)
    assert props["Resolution"]["default"] == "640x480"
    assert props["Trim"]["default"] is True
    assert resolve(spec, props["AudioSources"]["items"])["type"] == "string"


def test_every_response_field_of_the_reference_page(spec: dict[str, Any]) -> None:
    composition = spec["components"]["schemas"]["Composition"]
    for name, (json_type, fmt, nullable) in COMPOSITION_FIELDS.items():
        types, actual_fmt = flatten(spec, composition["properties"][name])
        if name == "sid":  # the one field the spec makes stricter than the pages (see its comment)
            assert composition["properties"]["sid"]["x-identifier"] is True
            nullable = False
        assert types == ({json_type, "null"} if nullable else {json_type}), name
        assert actual_fmt == fmt, name
        field = composition["properties"][name]
        assert field.get("description") or resolve(spec, field).get("description"), name
    assert set(composition["required"]) == set(COMPOSITION_FIELDS)
    assert composition["properties"]["bitrate"]["default"] == 0
    assert composition["properties"]["duration"]["default"] == 0
    for field, component in [
        ("account_sid", "AccountSid"),
        ("sid", "CompositionSid"),
        ("room_sid", "RoomSid"),
    ]:
        prop = composition["properties"][field]
        assert prop["pattern"] == SID_PATTERNS[component]
        assert (prop["minLength"], prop["maxLength"]) == (34, 34)


def test_sid_components(spec: dict[str, Any]) -> None:
    for name, pattern in SID_PATTERNS.items():
        schema = spec["components"]["schemas"][name]
        assert (schema["pattern"], schema["minLength"], schema["maxLength"]) == (pattern, 34, 34)


@pytest.mark.parametrize(
    ("schema", "values"),
    [
        ("CompositionStatus", ["enqueued", "processing", "completed", "deleted", "failed"]),
        ("CompositionFormat", ["mp4", "webm"]),
        ("StatusCallbackMethod", ["GET", "POST"]),
        ("VideoLayoutRegionReuse", ["none", "show_oldest", "show_newest"]),
    ],
)
def test_enums(spec: dict[str, Any], schema: str, values: list[str]) -> None:
    assert spec["components"]["schemas"][schema]["enum"] == values


def test_cors_headers_on_both_success_responses(spec: dict[str, Any]) -> None:
    for path, method, status in [
        ("/v1/Compositions", "post", "201"),
        ("/v1/Compositions/{Sid}", "get", "200"),
    ]:
        headers = spec["paths"][path][method]["responses"][status]["headers"]
        assert {name: resolve(spec, h)["schema"]["type"] for name, h in headers.items()} == CORS_HEADERS


def test_form_encoding_is_written_down(spec: dict[str, Any]) -> None:
    encoding = spec["paths"]["/v1/Compositions"]["post"]["requestBody"]["content"][
        "application/x-www-form-urlencoded"
    ]["encoding"]
    assert encoding["VideoLayout"] == {"contentType": "application/json"}
    for name in ("AudioSources", "AudioSourcesExcluded"):
        assert encoding[name] == {"style": "form", "explode": True}


def test_video_layout_is_a_typed_map_of_regions(spec: dict[str, Any]) -> None:
    layout = spec["components"]["schemas"]["VideoLayout"]
    assert layout["type"] == "object"
    assert layout["minProperties"] == 1
    assert layout["additionalProperties"] == {"$ref": "#/components/schemas/VideoLayoutRegion"}
    region = spec["components"]["schemas"]["VideoLayoutRegion"]
    assert region["required"] == ["video_sources"]
    assert set(region["properties"]) == {
        "video_sources", "video_sources_excluded", "x_pos", "y_pos", "z_pos", "width", "height",
        "max_columns", "max_rows", "cells_excluded", "reuse",
    }  # fmt: skip
    assert (region["properties"]["z_pos"]["minimum"], region["properties"]["z_pos"]["maximum"]) == (-99, 99)


def test_error_body_schema_on_every_error_response(spec: dict[str, Any]) -> None:
    error = spec["components"]["schemas"]["TwilioErrorBody"]
    assert set(error["properties"]) == {"status", "message", "code", "more_info"}
    for path_item in spec["paths"].values():
        for operation in path_item.values():
            for status, response in operation["responses"].items():
                if status[0] in "23":  # success answers, the redirect included
                    continue
                schema = resolve(spec, response)["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/TwilioErrorBody"}, status


@pytest.mark.parametrize("example", ["CompositionCompleted", "CompositionEnqueued"])
def test_response_examples_follow_the_schema(spec: dict[str, Any], example: str) -> None:
    schema_validator(spec, "Composition").validate(spec["components"]["examples"][example]["value"])


def test_error_examples_follow_the_schema(spec: dict[str, Any]) -> None:
    validator = schema_validator(spec, "TwilioErrorBody")
    examples = {
        name: response["content"]["application/json"]["example"]
        for name, response in spec["components"]["responses"].items()
        if "example" in response["content"]["application/json"]
    }
    # The check must not pass on no examples: these error answers carry one (Prism answers with it).
    assert set(examples) >= {"BadRequest", "Unauthorized", "NotFound", "TooManyRequests"}, sorted(examples)
    for example in examples.values():
        validator.validate(example)


def test_layout_examples_follow_the_schema(spec: dict[str, Any]) -> None:
    validator = schema_validator(spec, "VideoLayout")
    examples = spec["components"]["schemas"]["VideoLayout"]["examples"]
    assert examples, "VideoLayout has no examples to check"
    for example in examples:
        validator.validate(example)


@pytest.mark.parametrize(
    "value", ["1280x720", "1024x576", "640x480", "320x240", "16x16", "1280x1280", "999x100"]
)
def test_resolution_pattern_accepts_each_side_from_16_to_1280(spec: dict[str, Any], value: str) -> None:
    pattern = spec["components"]["schemas"]["CreateCompositionRequest"]["properties"]["Resolution"]["pattern"]
    assert re.fullmatch(pattern.strip("^$"), value)


@pytest.mark.parametrize(
    "value", ["15x16", "16x15", "1281x720", "0640x480", "640X480", "640x", "x480", "2000x10"]
)
def test_resolution_pattern_rejects_sides_out_of_bounds(spec: dict[str, Any], value: str) -> None:
    pattern = spec["components"]["schemas"]["CreateCompositionRequest"]["properties"]["Resolution"]["pattern"]
    assert not re.fullmatch(pattern.strip("^$"), value)
