"""What scripts/generate.py compiles ahead: the response shape checks (_shape_checks.py) and the
argument validation (_validation_checks.py) of the spec's schemas. The client uses them, so that a first
call compiles nothing; they answer as what is compiled at run time would; nothing the modules cannot
write is left out silently. (test_fast_validation.py's properties run through them too.)"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from twilio_compositions import _fast_validation, _response_shape, _shape_checks, _validation_checks
from twilio_compositions._response_shape import _compile, _Mismatch, module_source
from twilio_compositions._spec_rules import OPERATIONS, SCHEMAS

from .conftest import ROOT
from .test_fast_validation import EDGES
from .test_lazy_import import run_python


def test_every_schema_an_operation_answers_with_is_compiled_ahead_and_used() -> None:
    answered = {id(schema) for rules in OPERATIONS.values() for schema in rules.responses.values()}

    assert {id(SCHEMAS[name]) for name in _shape_checks.CHECKERS} == answered
    for name, checker in _shape_checks.CHECKERS.items():
        assert _response_shape._compiled[id(SCHEMAS[name])] == (SCHEMAS[name], checker)


def test_every_parameter_schema_is_compiled_ahead_and_used() -> None:
    ahead = {(op, place, name): function for op, place, name, function in _validation_checks.AHEAD}
    schemas = _fast_validation.parameter_schemas(OPERATIONS)

    assert len(schemas) > 15 and set(ahead) == {(op, place, name) for op, place, name, _ in schemas}
    for op, place, name, schema in schemas:
        assert _fast_validation.accepts(schema, object()) is False
        assert _fast_validation._compiled[id(schema)] == (schema, ahead[op, place, name])


def test_the_validation_compiled_ahead_answers_as_that_compiled_at_run_time() -> None:
    ahead = {(op, place, name): function for op, place, name, function in _validation_checks.AHEAD}
    said_no = 0
    for op, place, name, schema in _fast_validation.parameter_schemas(OPERATIONS):
        compiler = _fast_validation._Compiler()
        now = compiler.namespace[compiler.function(schema)]
        for value in EDGES:
            assert ahead[op, place, name](value) == now(value), (op, name, value)
            said_no += not now(value)
    assert said_no > 100


def test_a_first_fetch_or_create_compiles_nothing() -> None:
    example = (ROOT / "spec" / "compositions.yaml").read_text(encoding="utf-8")
    found = run_python(
        """
        import builtins, json, sys
        import httpx, yaml
        from twilio_compositions import CompositionsClient

        completed = yaml.safe_load(sys.argv[1])["components"]["examples"]["CompositionCompleted"]["value"]
        answer = httpx.MockTransport(
            lambda request: httpx.Response(201 if request.method == "POST" else 200, json=completed)
        )
        http = httpx.Client(transport=answer)
        client = CompositionsClient(account_sid="AC" + "0" * 32, auth_token="token", http_client=http)
        compiled, compile = [], builtins.compile
        def counting(source, filename, *args, **kwargs):
            compiled.append(filename)
            return compile(source, filename, *args, **kwargs)
        builtins.compile = counting
        status = client.fetch("CJ" + "a" * 32).status
        client.create(room_sid="RM" + "a" * 32, video_layout={"g": {"video_sources": ["*"]}}, trim=True)
        client.list(status="completed", page_size=5)
        from twilio_compositions._fast_validation import accepts
        accepts({"type": "string", "minLength": 2}, "ab")  # a schema of no spec: compiled, and counted
        builtins.compile = compile
        print(json.dumps({"status": status, "compiled": compiled}))
        """,
        example,
    )

    # Nor a first create, nor the arguments of a first list.
    assert found["status"] == "completed"
    compiled = [name for name in found["compiled"] if name.startswith(("<validation", "<response shape"))]
    assert compiled == ["<validation _accepts1>"]  # the one schema of no spec


def mutations(body: dict[str, Any]) -> list[Any]:
    """The body as it came, and with one value of each kind made wrong, missing or null."""
    out: list[Any] = [body, [], "text", None]
    for key in body:
        for replacement in (None, 1.5, "x", [1], {"a": 1}, True):
            changed = copy.deepcopy(body)
            changed[key] = replacement
            out.append(changed)
        removed = copy.deepcopy(body)
        del removed[key]
        out.append(removed)
    layout = copy.deepcopy(body)
    layout["video_layout"] = {"grid": {"video_sources": ["*", 3], "width": "wide"}}
    links = copy.deepcopy(body)
    links["links"] = {"media": 5}
    dates = copy.deepcopy(body)
    dates["date_created"] = "yesterday"
    return [*out, layout, links, dates]


def verdict(checker: Any, value: Any) -> tuple[str, list[str]] | None:
    try:
        checker(value)
    except _Mismatch as mismatch:
        return mismatch.rule, mismatch.path
    return None


def test_the_checks_compiled_ahead_judge_as_those_compiled_at_run_time(fetch_example: dict[str, Any]) -> None:
    page = {"compositions": [fetch_example, fetch_example], "meta": {"page": 0, "key": "compositions"}}
    cases = {
        "Composition": mutations(fetch_example),
        "CompositionPage": [page, *({**page, "compositions": [m]} for m in mutations(fetch_example))],
        "MediaRedirect": [{"redirect_to": "https://x.example/f"}, {"redirect_to": 3}, {}, []],
    }
    refused = 0
    for name, values in cases.items():
        ahead, now = _shape_checks.CHECKERS[name], _compile(SCHEMAS[name])
        assert ahead is not now
        for value in values:
            expected = verdict(now, value)
            assert verdict(ahead, value) == expected, (name, json.dumps(value)[:200])
            refused += expected is not None
    assert refused > 20  # the cases do reach the checks that refuse


def test_the_module_is_what_the_run_time_compiler_writes_now() -> None:
    # As scripts/generate.py writes it; `generate.py --check` holds the whole file to it as well.
    answered = {id(s) for rules in OPERATIONS.values() for s in rules.responses.values()}
    body = module_source({name: s for name, s in SCHEMAS.items() if id(s) in answered})
    text = (ROOT / "generated" / "twilio_compositions" / "_shape_checks.py").read_text(encoding="utf-8")

    defined = [line for line in body.splitlines() if line.startswith("def ")]
    assert len(defined) == len(_shape_checks.CHECKERS) and all(
        line.endswith("(value: Any) -> None:") for line in defined
    )
    assert [line for line in text.splitlines() if line.startswith("def ")] == defined


def test_a_constant_the_module_cannot_write_stops_it() -> None:
    with pytest.raises(TypeError, match="no literal for the constant"):
        _response_shape._literal(object())
    assert _response_shape._literal((str, type(None))) == "(str, type(None))"
    assert _response_shape._literal((int,)) == "(int,)"
    assert _response_shape._literal(frozenset({"b", "a"})) == "frozenset(['a', 'b'])"
