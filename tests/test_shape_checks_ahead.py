"""The response shape checks compiled ahead (_shape_checks.py, written by scripts/generate.py): the
client uses them, they judge every body as the checks compiled at run time would, and nothing the
module cannot write is left out silently."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from twilio_compositions import _response_shape, _shape_checks
from twilio_compositions._response_shape import _compile, _Mismatch, module_source
from twilio_compositions._spec_rules import OPERATIONS, SCHEMAS

from .conftest import ROOT
from .test_lazy_import import run_python


def test_every_schema_an_operation_answers_with_is_compiled_ahead_and_used() -> None:
    answered = {id(schema) for rules in OPERATIONS.values() for schema in rules.responses.values()}

    assert {id(SCHEMAS[name]) for name in _shape_checks.CHECKERS} == answered
    for name, checker in _shape_checks.CHECKERS.items():
        assert _response_shape._compiled[id(SCHEMAS[name])] == (SCHEMAS[name], checker)


def test_a_first_fetch_compiles_nothing() -> None:
    example = (ROOT / "spec" / "compositions.yaml").read_text(encoding="utf-8")
    found = run_python(
        """
        import builtins, json, sys
        import httpx, yaml
        from twilio_compositions import CompositionsClient

        completed = yaml.safe_load(sys.argv[1])["components"]["examples"]["CompositionCompleted"]["value"]
        answer = httpx.MockTransport(lambda request: httpx.Response(200, json=completed))
        http = httpx.Client(transport=answer)
        client = CompositionsClient(account_sid="AC" + "0" * 32, auth_token="token", http_client=http)
        compiled, compile = [], builtins.compile
        def counting(source, filename, *args, **kwargs):
            compiled.append(filename)
            return compile(source, filename, *args, **kwargs)
        builtins.compile = counting
        status = client.fetch("CJ" + "a" * 32).status
        builtins.compile = compile
        print(json.dumps({"status": status, "compiled": compiled}))
        """,
        example,
    )

    # The SID's validation is still compiled on first use (_fast_validation.py); the shape check is not.
    assert found["status"] == "completed"
    assert [name for name in found["compiled"] if "response shape" in name] == []


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
