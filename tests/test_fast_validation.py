"""The compiled yes of validation (_fast_validation.py) against the interpreted rules (_validation.py).

validate() asks the compiled function first and runs the interpreted rules only on a no, so a wrong
yes would let a bad argument leave the machine. The property: on every schema of the spec (and on
schemas of every keyword the rules apply), the compiled answer is the interpreted one, for values
drawn near the rules' edges (values of each JSON type, the spec's examples, and those with one part
changed). Hypothesis runs derandomized, without an example database.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twilio_compositions import ValidationError, _fast_validation, _validation
from twilio_compositions._fast_validation import accepts
from twilio_compositions._spec_rules import OPERATIONS, SCHEMAS

PROPERTY = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def sub_schemas(schema: Any) -> Iterator[Any]:
    yield schema
    if not isinstance(schema, dict):
        return
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from sub_schemas(schema[key])
    for sub in schema.get("properties", {}).values():
        yield from sub_schemas(sub)
    for sub in schema.get("anyOf", ()):
        yield from sub_schemas(sub)


def spec_schemas() -> list[Any]:
    found: dict[int, Any] = {}
    roots = list(SCHEMAS.values())
    for rules in OPERATIONS.values():
        roots += [*rules.path.values(), *rules.query.values(), *([rules.body] if rules.body else [])]
    for root in roots:
        for schema in sub_schemas(root):
            found[id(schema)] = schema
    return list(found.values())


# Schemas of every keyword the rules apply, alone and together, beyond those of the spec.
KEYWORD_SCHEMAS: list[dict[str, Any]] = [
    {},
    {"type": ["integer", "null"], "minimum": -2, "maximum": 5},
    {"type": "number", "minimum": 0.5},
    {"type": ["boolean", "string"], "enum": [True, "yes", 1]},
    {"minLength": 2, "maxLength": 3, "pattern": "^a"},
    {"format": "uri"},
    {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "integer", "maximum": 3}},
    {"anyOf": [{"type": "string", "maxLength": 2}, {"type": "integer"}]},
    {"anyOf": [{"type": "null"}, {"type": "array"}], "type": ["array", "null"], "maxItems": 1},
    {
        "type": "object",
        "minProperties": 1,
        "maxProperties": 2,
        "required": ["a"],
        "properties": {"a": {"type": "string"}},
        "additionalProperties": False,
    },
    {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
    {"properties": {"a": {"enum": ["x"]}}},
]

SCHEMA_LIST = spec_schemas() + KEYWORD_SCHEMAS

leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=2000),
    st.floats(allow_nan=False, min_value=-3, max_value=2000),
    st.sampled_from(["", "a", "ab", "abc", "*", "yes", "x", "webm", "POST", "1280x720", "https://e.com/p"]),
    st.sampled_from(["CJ" + "a" * 32, "RM" + "0" * 32, "RM" + "0" * 32 + "\n", "AC" + "f" * 31]),
    st.sampled_from(["http://a b", "e.com"]),
)
json_values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["a", "b", "video_sources", "x_pos", "reuse", "grid", "RoomSid", "Trim"]),
            inner,
            max_size=3,
        ),
    ),
    max_leaves=8,
)
EXAMPLES = [
    {"grid": {"video_sources": ["*"], "x_pos": 0, "reuse": "none", "width": None}},
    {"video_sources": ["RT" + "a" * 32], "cells_excluded": [0, 999999], "z_pos": -99},
    {"RoomSid": "RM" + "a" * 32, "VideoLayout": {"grid": {"video_sources": ["*"]}}, "Trim": True},
]


def interpreted(schema: Any, value: Any) -> bool:
    """The rules' own verdict, without the compiled yes (which validate() asks first)."""
    with mock.patch.object(_fast_validation, "accepts", lambda schema, value: False):
        try:
            _validation.validate(schema, value, "value")
        except ValidationError:
            return False
    return True


def changed(value: Any, replacement: Any, index: int) -> Any:
    """value with one of its parts (chosen by index) replaced."""
    if isinstance(value, dict) and value:
        key = sorted(value)[index % len(value)]
        return {**value, key: changed(value[key], replacement, index // 7)}
    if isinstance(value, list) and value:
        at = index % len(value)
        return [*value[:at], changed(value[at], replacement, index // 7), *value[at + 1 :]]
    return replacement


@PROPERTY
@given(st.sampled_from(SCHEMA_LIST), json_values)
def test_the_compiled_answer_is_the_rules_answer(schema: Any, value: Any) -> None:
    assert accepts(schema, value) == interpreted(schema, value)


@PROPERTY
@given(
    st.sampled_from(SCHEMA_LIST), st.sampled_from(EXAMPLES), leaves, st.integers(min_value=0, max_value=99)
)
def test_the_same_on_examples_with_one_part_changed(schema: Any, example: Any, leaf: Any, index: int) -> None:
    for value in (example, changed(example, leaf, index)):
        assert accepts(schema, value) == interpreted(schema, value)


EDGES: list[Any] = [
    *[None, True, False, 0, 1, 2, 3, 5, 6, -2, -3, -99, -100, 99, 100, 999999, 1000000, 1280, 1281],
    *[0.5, 0.25, 2.5, "", "a", "ab", "abc", "abcd", "b", "x", "yes", "*", "webm", "mkv", "POST", "PUT"],
    *["https://e.com/p", "http://a b", "e.com", "1280x720", "CJ" + "a" * 32, "RM" + "0" * 32],
    *["RM" + "0" * 32 + "\n", "RM" + "0" * 31, "RM" + "0" * 33, (1, "a"), [], [1], [1, 2, 3], ["*"], [4]],
    *[{}, {1: "a"}, {"a": "x"}, {"a": 1}, {"a": "x", "b": 1}, {"a": "x", "b": 1, "c": 2}, {"b": -1}],
    *EXAMPLES,
]


@pytest.mark.parametrize("schema", SCHEMA_LIST, ids=lambda schema: repr(schema)[:60])
def test_every_edge_value_on_every_schema(schema: Any) -> None:
    for value in EDGES:
        assert accepts(schema, value) == interpreted(schema, value), value


@pytest.mark.parametrize(
    ("schema", "value", "wording"),
    [
        ({"type": "array", "minItems": 1}, [], "must have at least 1 item"),
        ({"type": "array", "minItems": 2}, [1], "must have at least 2 items"),
        ({"type": "array", "maxItems": 1}, [1, 2], "must have at most 1 item"),
        ({"type": "array", "maxItems": 2}, [1, 2, 3], "must have at most 2 items"),
    ],
)
def test_array_bounds_are_worded_in_the_right_number(schema: Any, value: Any, wording: str) -> None:
    with pytest.raises(ValidationError) as raised:
        _validation.validate(schema, value, "value")
    assert str(raised.value).endswith(wording), str(raised.value)


def test_either_half_of_validation_can_be_imported_first() -> None:
    for first in ("_fast_validation", "_validation"):
        code = f"import twilio_compositions.{first}; from twilio_compositions._validation import validate"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, (first, done.stderr)
