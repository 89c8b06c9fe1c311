"""Answers drawn at random from the spec's response schemas, valid and broken, parsed as the client
parses them (each operation's _parse_response) and by the lenient from_dict on its own: every outcome
(the model's repr, which shows every attribute with its type, or the exception's class and message)
must be the one recorded in answer_parity.json, which holds a digest of each case's outcome.

Why recorded: the answer's path (the compiled shape check, the models' parsers) is rewritten for
speed, and "the same answers as before" is the rule; the record was made with the code before such a
rewrite. Only a change meant to alter what an answer parses to may record again:
`.venv/bin/python -m tests.test_answer_parity` (then say why in the commit).
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest
from twilio_compositions import ValidationError
from twilio_compositions._response_shape import check_shape
from twilio_compositions._spec_rules import OPERATIONS, SCHEMAS
from twilio_compositions.api.compositions import (
    create_composition,
    fetch_composition,
    fetch_composition_media,
    list_composition,
)
from twilio_compositions.models import Composition, CompositionPage, MediaRedirect

RECORD = Path(__file__).with_name("answer_parity.json")
SEED = 20261202
CASES = 300  # per operation

PARSERS: dict[str, tuple[Callable[..., Any], type[Any]]] = {
    "list_composition": (list_composition._parse_response, CompositionPage),
    "create_composition": (create_composition._parse_response, Composition),
    "fetch_composition": (fetch_composition._parse_response, Composition),
    "fetch_composition_media": (fetch_composition_media._parse_response, MediaRedirect),
}
DATE_TIMES = [
    "2015-07-30T20:00:00Z",
    "2015-07-30T20:00:00+00:00",
    "2015-07-30T20:00:00.123456Z",
    "2016-02-29T23:59:59-07:00",
    "2015-07-30T20:00:00",  # no offset: GMT
    "2015-07-30",
]
BAD_DATE_TIMES = [
    "",
    "yesterday",
    "2015-13-01T00:00:00Z",
    "2015-07-30T25:00:00Z",
    "Thu, 30 Jul 2015 20:00:00",
]
WRONG = [1, 1.5, True, "x", [], ["x"], {}, {"a": 1}]


def _types(schema: Mapping[str, Any]) -> list[str]:
    declared = schema.get("type")
    return [declared] if isinstance(declared, str) else list(declared or ["string"])


def draw(schema: Mapping[str, Any], rng: random.Random, depth: int = 0) -> Any:
    """A value the schema allows (as the client reads it: unknown enum values and properties too)."""
    if "anyOf" in schema:
        return draw(rng.choice(schema["anyOf"]), rng, depth)
    kind = rng.choice(_types(schema))
    if kind == "null":
        return None
    if kind == "string":
        if "enum" in schema:
            return rng.choice([*schema["enum"], "new_value"])
        if schema.get("format") == "date-time":
            return rng.choice(DATE_TIMES)
        return rng.choice(["", "a", "CJ" + "a" * 32, "https://example.com/x", "é"])
    if kind == "integer":
        return rng.choice([0, 1, -3, 2**40])
    if kind == "number":
        return rng.choice([0, 1.5, -2])
    if kind == "boolean":
        return rng.choice([True, False])
    if kind == "array":
        return [
            draw(schema.get("items", {}), rng, depth + 1) for _ in range(rng.randrange(3 if depth < 4 else 1))
        ]
    value: dict[str, Any] = {}
    for key, sub in schema.get("properties", {}).items():
        roll = rng.random()
        if roll < 0.1:
            continue  # missing
        value[key] = None if roll < 0.2 else draw(sub, rng, depth + 1)
    extra = schema.get("additionalProperties")
    for index in range(rng.randrange(3)):
        key = f"extra_{index}"
        value[key] = (
            draw(extra, rng, depth + 1) if isinstance(extra, dict) else copy.deepcopy(rng.choice(WRONG))
        )
    items = list(value.items())
    rng.shuffle(items)  # key order must not matter either
    return dict(items)


def _positions(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _positions(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _positions(item, (*path, index))
    return found


def break_one(value: Any, rng: random.Random) -> Any:
    """The value with one place made wrong: another JSON type, a bad date-time, or no sid."""
    positions = _positions(value)
    dates = [path for path in positions if path and str(path[-1]).startswith("date_")]
    path = rng.choice(dates if dates and rng.random() < 0.3 else positions)
    if not path:
        return rng.choice([[value], "composition", 3, None])
    parent = value
    for step in path[:-1]:
        parent = parent[step]
    old = parent[path[-1]]
    if isinstance(old, str) and rng.random() < 0.4:
        parent[path[-1]] = rng.choice(BAD_DATE_TIMES)
    elif path[-1] == "sid" and rng.random() < 0.5:
        del parent["sid"]
    else:
        parent[path[-1]] = copy.deepcopy(
            rng.choice([wrong for wrong in WRONG if type(wrong) is not type(old)])
        )
    return value


def _outcome(call: Callable[[], Any]) -> str:
    try:
        return re.sub(r" at 0x[0-9a-f]+", "", repr(call()))  # UNSET's repr holds its address
    except Exception as exc:  # what is raised, whatever it is, is the outcome
        return f"{type(exc).__module__}.{type(exc).__qualname__}: {exc}"


def outcomes() -> list[str]:
    """Each case's outcome through the client's parser, then through the model's from_dict alone."""
    rng = random.Random(SEED)  # noqa: S311  (not for secrets: the same cases on every run)
    found = []
    for operation, (parse, model) in PARSERS.items():
        ((status, schema),) = OPERATIONS[operation].responses.items()
        assert any(schema is named for named in SCHEMAS.values())
        for case in range(CASES):
            answer = draw(schema, rng)
            if case % 2:
                answer = break_one(answer, rng)
            response = httpx.Response(
                status,
                content=json.dumps(answer).encode(),
                headers={"Content-Type": "application/json"},
                request=httpx.Request("GET", "https://video.twilio.com/v1/Compositions"),
            )
            found.append(_outcome(lambda: parse(response=response)))  # noqa: B023  (called at once)
            found.append(_outcome(lambda: model.from_dict(copy.deepcopy(answer))))  # noqa: B023
    return found


def _digest(outcome: str) -> str:
    return hashlib.sha256(outcome.encode()).hexdigest()[:16]


def test_every_answer_parses_as_recorded() -> None:
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))
    now = outcomes()

    assert len(now) == len(recorded) == 2 * CASES * len(PARSERS)
    differ = [(index, outcome) for index, outcome in enumerate(now) if _digest(outcome) != recorded[index]]
    assert not differ, f"{len(differ)} outcomes differ from the record, the first: {differ[0]}"


def test_the_cases_reach_every_kind_of_outcome() -> None:
    now = outcomes()
    parsed = [outcome for outcome in now[::2] if outcome.startswith(("Composition", "MediaRedirect"))]
    assert sum("UnexpectedResponseError" in outcome for outcome in now[::2]) > 100
    assert sum("should be an ISO 8601 date-time" in outcome for outcome in now) > 10
    assert sum("is missing" in outcome for outcome in now) > 5
    assert sum("tzinfo=datetime.timezone" in outcome for outcome in now[::2]) > 100
    assert sum("new_value" in outcome and "Error" not in outcome for outcome in now) > 50
    assert sum("extra_0" in outcome and "Error" not in outcome for outcome in now) > 50
    assert sum(outcome.startswith("builtins.") for outcome in now[1::2]) > 10  # from_dict's own errors
    assert len(parsed) > 300


if __name__ == "__main__":
    RECORD.write_text(json.dumps([_digest(outcome) for outcome in outcomes()]) + "\n", encoding="utf-8")


@pytest.mark.parametrize("types", [["object"], ["object", "null"], ["object", "string"], []])
def test_a_missing_identifier_is_reported_before_the_other_properties(types: list[str]) -> None:
    # Where only an object passes, the compiler asks for the sid inside the dict branch; elsewhere
    # before the type check. Either way it comes first, and a string passes or fails as before.
    schema: dict[str, Any] = {
        "properties": {"a": {"type": "integer"}, "sid": {"type": "string", "x-identifier": True}}
    }
    if types:
        schema["type"] = types
    with pytest.raises(ValidationError) as caught:
        check_shape(schema, {"a": "x"}, "body")
    assert (caught.value.param, caught.value.rule) == (
        "body.sid",
        "is missing: an answer without it is not this resource",
    )
    if "string" in types or not types:
        check_shape(schema, "text", "body")
    else:
        with pytest.raises(ValidationError, match="should be object but is str"):
            check_shape(schema, "text", "body")
