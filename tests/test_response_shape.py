"""The response shape check on schemas the committed spec does not have (its own are exercised through
the client in test_forward_compat.py): each schema is compiled into Python source once, so the rarer
forms (anyOf of several types, nesting deeper than one function inlines, repeated items) get a test of
their own here. The check is driven through check_shape, as the generated parsers call it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from twilio_compositions import ValidationError
from twilio_compositions._response_shape import _MAX_INLINE_LOOPS, check_shape


def failure(schema: Mapping[str, Any], value: Any) -> tuple[str, str]:
    with pytest.raises(ValidationError) as caught:
        check_shape(schema, value, "body")
    return caught.value.param, str(caught.value)


def test_any_of_several_forms_takes_each_and_names_the_first_forms_rule() -> None:
    schema = {"type": "object", "properties": {"v": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}}
    for good in ("text", 3, None):
        check_shape(schema, {"v": good}, "body")
    param, message = failure(schema, {"v": ["list"]})
    assert param == "body.v"
    assert "should be string but is list" in message


def test_nesting_deeper_than_one_function_inlines_keeps_the_whole_path() -> None:
    depth = _MAX_INLINE_LOOPS + 3
    schema: dict[str, Any] = {"type": "integer"}
    good: Any = 1
    bad: Any = "deep"
    for _ in range(depth):
        schema = {"type": "array", "items": schema}
        good, bad = [good], [good, bad]
    check_shape(schema, good, "body")
    param, message = failure(schema, bad)
    assert param == "body" + "[1]" * depth
    assert message.endswith(": should be integer but is str")


def test_the_index_is_the_first_item_that_fails_even_among_repeats() -> None:
    schema = {"type": "array", "items": {"type": "string"}}
    assert failure(schema, ["a", "a", 3, 3])[0] == "body[2]"
    region = {"type": "object", "properties": {"x": {"type": "integer"}}}
    listed = {"type": "array", "items": region}
    good = {"x": 1}
    bad = {"x": "one"}
    assert failure(listed, [good, good, bad, bad])[0] == "body[2].x"


def test_booleans_are_not_integers_nor_numbers() -> None:
    for kind in ("integer", "number"):
        schema = {"type": "object", "properties": {"n": {"type": kind}}}
        check_shape(schema, {"n": 2}, "body")
        assert failure(schema, {"n": True}) == ("body.n", f"body.n: should be {kind} but is bool")
    check_shape({"type": "number"}, 2.5, "body")
    check_shape({"type": ["boolean", "integer"]}, True, "body")


def test_a_date_time_in_a_map_of_lists() -> None:
    schema = {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string", "format": "date-time"}},
    }
    check_shape(schema, {"a": ["2015-07-30T20:00:00Z", None]}, "body")
    param, message = failure(schema, {"a": ["2015-07-30T20:00:00Z"], "b": ["soon"]})
    assert param == "body['b'][0]"
    assert "ISO 8601" in message and "'soon'" in message


class ReadOnly(Mapping[str, Any]):
    """A mapping that is not a dict: an object to JSON Schema, as to the check before it was compiled."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


def test_a_mapping_is_an_object_and_other_values_are_not() -> None:
    schema = {"type": "object", "properties": {"sid": {"type": "string", "x-identifier": True}}}
    check_shape(schema, ReadOnly({"sid": 1}), "body")  # a Mapping is not looked into, as before
    assert failure(schema, {"other": 1}) == (
        "body.sid",
        "body.sid: is missing: an answer without it is not this resource",
    )
    assert failure(schema, "text")[1] == "body: should be object but is str"


def test_a_schema_with_nothing_to_check_takes_anything() -> None:
    for value in ({"a": 1}, [1], "x", None):
        check_shape({}, value, "body")
        check_shape({"anyOf": [{"type": "null"}]}, value, "body")


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "array", "items": {}},
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {"type": "array", "items": {}}},
        {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": {}},
    ],
)
def test_items_that_may_be_anything_compile_to_a_check(schema: dict[str, Any]) -> None:
    """`items: {}` and `additionalProperties: {}` left a loop without a body (an IndentationError when
    the package was generated)."""
    check_shape(schema, [[1, "x"], [None]] if schema["type"] == "array" else {"a": "s", "b": [1]}, "answer")
    with pytest.raises(ValidationError, match="should be"):
        check_shape(schema, "not a container", "answer")
