"""Checks that a response body has the shape the spec gives, before the models parse it.

Lenient where the API may grow, strict where a value could not mean what the spec says:
- allowed: unknown properties (kept by the models), enum values the spec does not list (kept as their
  raw string), and null or a missing property anywhere (parsed as None, or UNSET for an optional one):
  a server that leaves out one field must not cost the caller the whole composition;
- but not for a property marked x-identifier (a composition's `sid`): an answer without it is not the
  resource at all, and the type hint promises a value;
- refused: a value of the wrong JSON type (a string where the spec has an object, a number where it
  has a list) and a date-time that is not ISO 8601. Without this check the generated parsers would
  keep such a value as it came, under a type hint that says otherwise.
Patterns, lengths and bounds are request rules and are not applied to answers.

Every fetch runs this, so each schema is compiled once into nested closures, and the path of a bad
value is only put into words when there is one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ._datetimes import parse_datetime
from ._exceptions import ValidationError
from ._validation import JSON_TYPES, Schema

Checker = Callable[[Any], None]


class _Mismatch(Exception):
    def __init__(self, rule: str, *path: str) -> None:
        self.rule = rule
        self.path = list(path)  # innermost first


Leaf = tuple[tuple[type, ...], bool, str]  # the Python types, whether bool is one, the words for the error


def _type_names(schema: Schema) -> list[str]:
    declared = schema.get("type")
    return [declared] if isinstance(declared, str) else list(declared or ())


def _leaf(schema: Schema) -> Leaf | None:
    """A schema that only says `type` (and keywords answers are not checked against): its check, as data."""
    names = _type_names(schema)
    if not names or any(key in schema for key in ("anyOf", "items", "properties", "additionalProperties")):
        return None
    if schema.get("format") == "date-time" or "array" in names or "object" in names:
        return None
    python_types = tuple(t for name in names for t in JSON_TYPES[name])
    return python_types, "boolean" in names, " or ".join(name for name in names if name != "null")


def _compile(schema: Schema) -> Checker:
    alternatives = [_compile(alt) for alt in schema.get("anyOf", ()) if alt.get("type") != "null"]
    if len(alternatives) == 1 and set(schema) == {"anyOf"}:
        return alternatives[0]  # "X or null": X's check is the whole check (None passes every check)
    names = _type_names(schema)
    python_types = tuple(t for name in names for t in JSON_TYPES[name])
    bool_allowed = "boolean" in names  # True is an int to Python, not to JSON
    wanted = " or ".join(name for name in names if name != "null")
    is_date_time = schema.get("format") == "date-time"
    items = _compile(schema["items"]) if "items" in schema else None
    item_leaf = _leaf(schema["items"]) if "items" in schema else None
    properties = {key: _compile(sub) for key, sub in schema.get("properties", {}).items()}
    # Most properties are a bare type ([string, "null"]): checked inline below, without a call.
    leaves = {key: _leaf(sub) for key, sub in schema.get("properties", {}).items() if _leaf(sub) is not None}
    extra = schema.get("additionalProperties")
    entries = _compile(extra) if isinstance(extra, Mapping) else None
    identifiers = [key for key, sub in schema.get("properties", {}).items() if sub.get("x-identifier")]

    def check(value: Any) -> None:
        if value is None:
            return
        if identifiers and isinstance(value, dict):
            for key in identifiers:
                if value.get(key) is None:
                    raise _Mismatch("is missing: an answer without it is not this resource", f".{key}")
        if alternatives:
            first: _Mismatch | None = None
            for alternative in alternatives:
                try:
                    alternative(value)
                    break
                except _Mismatch as mismatch:
                    first = first or mismatch
            else:
                raise first or _Mismatch("matches none of its forms")
        if python_types and (
            not isinstance(value, python_types) or (isinstance(value, bool) and not bool_allowed)
        ):
            raise _Mismatch(f"should be {wanted} but is {type(value).__name__}")
        if is_date_time and isinstance(value, str):
            try:
                parse_datetime(value)
            except ValueError:
                raise _Mismatch(f"should be an ISO 8601 date-time but is {value[:40]!r}") from None
        elif item_leaf is not None and isinstance(value, list):
            types, bools, words = item_leaf
            for index, item in enumerate(value):
                if item is not None and (
                    not isinstance(item, types) or (item.__class__ is bool and not bools)
                ):
                    raise _Mismatch(f"should be {words} but is {type(item).__name__}", f"[{index}]")
        elif items is not None and isinstance(value, list):
            for index, item in enumerate(value):
                try:
                    items(item)
                except _Mismatch as mismatch:
                    mismatch.path.append(f"[{index}]")
                    raise
        elif isinstance(value, dict) and (properties or entries is not None):
            for key, item in value.items():
                leaf = leaves.get(key)
                if leaf is not None:
                    if item is not None and (
                        not isinstance(item, leaf[0]) or (item.__class__ is bool and not leaf[1])
                    ):
                        raise _Mismatch(f"should be {leaf[2]} but is {type(item).__name__}", f".{key}")
                    continue
                known = properties.get(key)
                checker = known or entries
                if checker is None:
                    continue
                try:
                    checker(item)
                except _Mismatch as mismatch:
                    mismatch.path.append(f".{key}" if known else f"[{key!r}]")
                    raise

    return check


_compiled: dict[int, tuple[Schema, Checker]] = {}


def check_shape(schema: Schema, value: Any, name: str) -> None:
    """Raise ValidationError naming the path (`composition.video_layout['grid']`) of a wrongly typed value."""
    entry = _compiled.get(id(schema))
    if entry is None or entry[0] is not schema:  # keyed by identity: the spec's schemas live for good
        entry = _compiled[id(schema)] = (schema, _compile(schema))
    try:
        entry[1](value)
    except _Mismatch as mismatch:
        raise ValidationError(name + "".join(reversed(mismatch.path)), mismatch.rule) from None
