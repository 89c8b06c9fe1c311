"""The sandbox's JSON answers, built from the spec's response schemas rather than written out by hand.

build_answer() walks the properties of a response schema and takes, for each, the value the sandbox
knows, else the schema's `default`, else null when the schema allows it, else an empty value of its
type. So a property added to the spec is always sent, with a value of the right type, even before the
sandbox learns what to put there; a known value the schema does not have is not sent (the spec decides
what an answer holds).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._validation import Schema

_EMPTY: dict[str, Any] = {"string": "", "integer": 0, "number": 0, "boolean": False, "null": None}


def _types(schema: Schema) -> list[str]:
    declared = schema.get("type")
    if declared is None:
        return []
    return [declared] if isinstance(declared, str) else list(declared)


def allows_null(schema: Schema) -> bool:
    if "null" in _types(schema):
        return True
    return any(allows_null(alternative) for alternative in schema.get("anyOf", ()))


def empty_value(schema: Schema) -> Any:
    """A value of the schema's (first non-null) type that says "nothing": "", 0, False, [], {}.

    An enum gives its first value and a bounded number its minimum, so that the value stays valid.
    """
    if "enum" in schema:
        return schema["enum"][0]
    alternatives = [alt for alt in schema.get("anyOf", ()) if _types(alt) != ["null"]]
    if alternatives:
        return empty_value(alternatives[0])
    kinds = [kind for kind in _types(schema) if kind != "null"]
    kind = kinds[0] if kinds else "object"
    if kind == "array":
        return []
    if kind == "object":
        return build_answer(schema, {})
    if kind in ("integer", "number") and schema.get("minimum", 0) > 0:
        return schema["minimum"]
    return _EMPTY[kind]


def value_for(schema: Schema, known: Mapping[str, Any], name: str) -> Any:
    if name in known:
        return known[name]
    if "default" in schema:
        return schema["default"]
    if allows_null(schema):
        return None
    return empty_value(schema)


def build_answer(schema: Schema, known: Mapping[str, Any]) -> dict[str, Any]:
    """Every property of the object `schema`, in the schema's order, from `known` where it has them."""
    properties: Mapping[str, Schema] = schema.get("properties", {})
    return {name: value_for(prop, known, name) for name, prop in properties.items()}
