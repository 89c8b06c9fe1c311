"""Checks that a response body has the shape the spec gives, before the models parse it.

Lenient where the API may grow, strict where a value could not mean what the spec says:
- allowed: unknown properties (kept by the models), enum values the spec does not list (kept as their
  raw string), and null or a missing property anywhere (parsed as None, or UNSET for an optional one):
  a server that leaves out one field must not cost the caller the whole composition;
- refused: a value of the wrong JSON type (a string where the spec has an object, a number where it
  has a list) and a date-time that is not ISO 8601. Without this check the generated parsers would
  keep such a value as it came, under a type hint that says otherwise.
Patterns, lengths and bounds are request rules and are not applied to answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._datetimes import parse_datetime
from ._exceptions import ValidationError
from ._validation import Schema

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


def _is(value: Any, type_name: str) -> bool:
    if isinstance(value, bool) and type_name in ("integer", "number"):
        return False
    return isinstance(value, _JSON_TYPES[type_name])


def check_shape(schema: Schema, value: Any, name: str) -> None:
    """Raise ValidationError naming the path (`composition.video_layout['grid']`) of a wrongly typed value."""
    if value is None:
        return
    alternatives = schema.get("anyOf")
    if alternatives is not None:
        candidates = [alt for alt in alternatives if alt.get("type") != "null"]
        errors: list[ValidationError] = []
        for alternative in candidates:
            try:
                check_shape(alternative, value, name)
                return
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise errors[0]
    declared = schema.get("type")
    if declared is not None:
        names = [declared] if isinstance(declared, str) else list(declared)
        if not any(_is(value, t) for t in names):
            wanted = " or ".join(t for t in names if t != "null")
            raise ValidationError(name, f"should be {wanted} but is {type(value).__name__}")
    if isinstance(value, str) and schema.get("format") == "date-time":
        try:
            parse_datetime(value)
        except ValueError:
            raise ValidationError(name, f"should be an ISO 8601 date-time but is {value[:40]!r}") from None
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            check_shape(schema["items"], item, f"{name}[{index}]")
    elif isinstance(value, dict):
        _check_object(schema, value, name)


def _check_object(schema: Schema, value: Mapping[str, Any], name: str) -> None:
    properties: Mapping[str, Schema] = schema.get("properties", {})
    extra = schema.get("additionalProperties")
    for key, item in value.items():
        if key in properties:
            check_shape(properties[key], item, f"{name}.{key}")
        elif isinstance(extra, Mapping):
            check_shape(extra, item, f"{name}[{key!r}]")
