"""Turns the friendly argument types of CompositionsClient into the generated models' types.

Callers may pass a plain string for an enum, a plain dict for a model, any sequence for a list, and
None for "not set". Anything that cannot be turned into the declared type is a ValidationError naming
the argument; the finer rules (patterns, bounds) are checked later against the spec, in _get_kwargs.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any, Protocol, Self, TypeVar, cast

from ._exceptions import ValidationError
from ._validation import Schema, validate
from .types import UNSET, Unset

E = TypeVar("E", bound=Enum)
T = TypeVar("T")


class _Model(Protocol):
    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self: ...

    def to_dict(self) -> dict[str, Any]: ...

    @classmethod
    def _wire_dict(cls, src_dict: Mapping[str, Any]) -> dict[str, Any]: ...


M = TypeVar("M", bound=_Model)


def plain_arg(value: T | None) -> T | Unset:
    return UNSET if value is None else value


def enum_arg(enum: type[E], value: E | str | None, name: str) -> E | Unset:
    if value is None:
        return UNSET
    # By value, not enum(value): the generated enums accept unknown strings, for responses.
    key = value.value if isinstance(value, enum) else value
    member = enum._value2member_map_.get(key) if isinstance(key, str) else None
    if member is None:
        allowed = ", ".join(repr(member.value) for member in enum)
        raise ValidationError(name, f"must be one of {allowed}, got {value!r}")
    return cast(E, member)  # the map holds members of `enum`


_PLAIN = frozenset((str, int, float, bool, type(None)))


def _jsonable(value: Any) -> Any:
    """Plain JSON-like data from a mix of dicts, lists, models and enums."""
    # Exact types first: the usual dict of strings and lists needs no ABC isinstance (the slow kind),
    # and a plain item no call of its own (loops, not comprehensions: each of those is a call too).
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict:
        entries = {}
        for key, item in value.items():
            entries[key] = item if type(item) in _PLAIN else _jsonable(item)
        return entries
    if kind is list:
        items = []
        for item in value:
            items.append(item if type(item) in _PLAIN else _jsonable(item))
        return items
    if isinstance(value, Mapping):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else value


def model_arg(model: type[M], value: M | Mapping[str, Any] | None, name: str, schema: Schema) -> M | Unset:
    if value is None:
        return UNSET
    if isinstance(value, model):
        return value
    if not isinstance(value, Mapping):
        raise ValidationError(name, f"must be a {model.__name__} or a dict, not {type(value).__name__}")
    data = _jsonable(value)
    validate(schema, data, name)  # so that a bad dict is reported by name, not as a KeyError in from_dict
    return model.from_dict(data)


def model_field(
    model: type[M],
    value: M | Mapping[str, Any] | None,
    name: str,
    schema: Schema,
    field: str,
    checked: set[str],
) -> M | dict[str, Any] | Unset:
    """model_arg for a body made without its model: a caller's model as it is (its to_dict() is taken
    with the other fields), a dict as the JSON-ready value the model would have sent, checked as
    model_arg checks it. Adds `field` to `checked` when that value needs no second check."""
    if value is None:
        return UNSET
    if isinstance(value, model):
        return value
    if type(value) is not dict and not isinstance(value, Mapping):
        raise ValidationError(name, f"must be a {model.__name__} or a dict, not {type(value).__name__}")
    data = _jsonable(value)
    validate(schema, data, name)
    wire = model._wire_dict(data)
    # Equal (in any order: JSON Schema does not see the order): then its check would be this one's.
    # Unequal (a null the model drops), the field is validated again, as a model's to_dict() would be.
    if wire == data:
        checked.add(field)
    return wire


def list_arg(value: Sequence[T] | None, name: str) -> list[T] | Unset:
    if value is None:
        return UNSET
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise ValidationError(name, f"must be a list, not {type(value).__name__} (for one item write [item])")
    return list(value)


def datetime_value(value: datetime.datetime, name: str) -> str:
    """An aware datetime as Twilio writes dates: ISO 8601 in UTC, with Z."""
    if value.tzinfo is None or value.utcoffset() is None:
        rule = (
            "must be a timezone-aware datetime (such as datetime.now(timezone.utc)); a naive one has no zone"
        )
        raise ValidationError(name, rule)
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def query_value(schema: Schema, value: Any, name: str) -> Any:
    """A query parameter as it is sent: enums by value, date-times as ISO 8601 UTC; checked against schema."""
    if isinstance(value, Enum):
        value = value.value
    elif isinstance(value, datetime.datetime):
        value = datetime_value(value, name)
    elif schema.get("format") == "date-time":
        raise ValidationError(name, f"must be a timezone-aware datetime, not {type(value).__name__}")
    validate(schema, value, name)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
