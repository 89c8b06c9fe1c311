"""Query parameters, read as the spec types them and checked with the client's own validator.

A query string is all text: a parameter whose schema is an integer must be written as one (`Page=abc`
is a 400 naming Page, not a crash or a silent 0), a date-time must parse, then the value is checked
against its schema (bounds, enum, pattern). Parameters the operation does not have are ignored, as
Twilio ignores them; of a repeated parameter, the first is taken.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

from .._datetimes import parse_datetime
from .._exceptions import ValidationError
from .._validation import OperationRules, Schema, validate

_INTEGER = re.compile(r"[+-]?[0-9]+")


def _show(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:37]) + "..."


def _types(schema: Schema) -> set[str]:
    declared = schema.get("type", ())
    return {declared} if isinstance(declared, str) else set(declared)


def convert(schema: Schema, text: str, name: str) -> Any:
    """The query text as a value of the schema's type, validated; a date-time comes back a datetime."""
    kinds = _types(schema)
    value: Any = text
    if "integer" in kinds:
        if not _INTEGER.fullmatch(text):
            raise ValidationError(name, f"must be an integer, got {_show(text)}")
        value = int(text)
    elif "boolean" in kinds:
        if text not in ("true", "false"):
            raise ValidationError(name, f"must be true or false, got {_show(text)}")
        value = text == "true"
    validate(schema, value, name)
    if schema.get("format") == "date-time":
        try:
            return parse_datetime(text)
        except ValueError:
            raise ValidationError(name, f"must be an ISO 8601 date-time, got {_show(text)}") from None
    return value


def parse_query(rules: OperationRules, query: str) -> tuple[dict[str, Any], dict[str, str]]:
    """(the operation's parameters as values, the spec's defaults filled in; the texts given).

    Raises ValidationError naming the first parameter that breaks its schema.
    """
    given: dict[str, str] = {}
    for name, text in parse_qsl(query, keep_blank_values=True):
        if name in rules.query:
            given.setdefault(name, text)
    values: dict[str, Any] = dict(rules.query_defaults)
    for name, text in given.items():
        values[name] = convert(rules.query[name], text, name)
    return values, given
