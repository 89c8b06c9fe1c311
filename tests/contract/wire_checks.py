"""Our own checks of a create request as it travelled, for the rules Prism does not check.

Written independently of the client (urllib.parse and the jsonschema package, not the client's form
encoder or validator), so that the client cannot pass by agreeing with itself. Each rule says why Prism
cannot check it.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any
from urllib.parse import parse_qs

import jsonschema
from referencing import Registry
from referencing.jsonschema import DRAFT202012

MAX_RESOLUTION_AREA = 921_600  # the create page: width * height <= 921,600


def form_fields(body: bytes) -> dict[str, list[str]]:
    """A form body as every value of every key, in the order sent; refuses anything not a clean form."""
    return parse_qs(body.decode("ascii"), keep_blank_values=True, strict_parsing=True)


def component_validator(spec: dict[str, Any], name: str) -> jsonschema.Draft202012Validator:
    registry: Registry[Any] = Registry().with_resource("urn:spec", DRAFT202012.create_resource(spec))
    return jsonschema.Draft202012Validator(
        {"$ref": f"urn:spec#/components/schemas/{name}"},
        registry=registry,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def create_form_problems(spec: dict[str, Any], body: bytes) -> list[str]:
    """What is wrong with a create request's form body, by the rules Prism leaves unchecked."""
    fields = form_fields(body)
    request_schema = spec["components"]["schemas"]["CreateCompositionRequest"]
    properties: dict[str, Any] = request_schema["properties"]
    problems: list[str] = []

    # Prism accepts form keys the spec does not name (the schema leaves additionalProperties open).
    problems += [f"{name}: not a parameter of the spec" for name in fields if name not in properties]

    # Prism takes the first of repeated scalar keys and ignores the rest.
    for name, values in fields.items():
        if name in properties and properties[name].get("type") != "array" and len(values) != 1:
            problems.append(f"{name}: a scalar parameter sent {len(values)} times")

    # Prism cannot decode a JSON-valued form field (prism issue 1622): it is given a string pattern
    # instead (conftest.py), and the document itself is checked here.
    for raw in fields.get("VideoLayout", [])[:1]:
        try:
            layout = json.loads(raw)
        except json.JSONDecodeError as error:
            problems.append(f"VideoLayout: not a JSON document ({error.msg}): {raw!r}")
        else:
            validator = component_validator(spec, "VideoLayout")
            problems += [f"VideoLayout: {error.message}" for error in validator.iter_errors(layout)]

    # Prose rules of the create page that JSON Schema cannot express, so no spec-driven tool checks them.
    if not fields.get("VideoLayout") and not fields.get("AudioSources"):
        problems.append("VideoLayout/AudioSources: neither was sent")
    for resolution in fields.get("Resolution", [])[:1]:
        match = re.fullmatch(r"([0-9]+)x([0-9]+)", resolution)
        if match and int(match[1]) * int(match[2]) > MAX_RESOLUTION_AREA:
            problems.append(f"Resolution: {resolution} is more than {MAX_RESOLUTION_AREA} pixels")
    return problems


def read_create_form(spec: dict[str, Any], body: bytes) -> dict[str, Any]:
    """A create request's form as the API reads it: repeated keys of an array property as its items,
    JSON-encoded fields (the spec's `encoding`) decoded, booleans from true/false, the rest as text.
    What does not decode stays text, so that the schema then rejects it."""
    content = spec["paths"]["/v1/Compositions"]["post"]["requestBody"]["content"]
    form = content["application/x-www-form-urlencoded"]
    properties: dict[str, Any] = spec["components"]["schemas"]["CreateCompositionRequest"]["properties"]
    json_fields = {
        name for name, how in form["encoding"].items() if how.get("contentType") == "application/json"
    }
    read: dict[str, Any] = {}
    for name, values in form_fields(body).items():
        declared = properties.get(name, {})
        if declared.get("type") == "array":
            read[name] = values
            continue
        value: Any = values[0]
        if name in json_fields:
            with contextlib.suppress(json.JSONDecodeError):
                value = json.loads(value)
        elif declared.get("type") == "boolean" and value in ("true", "false"):
            value = value == "true"
        read[name] = value
    return read
