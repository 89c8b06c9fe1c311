"""The generator's promise, shape by shape: a new operation either becomes a working, typed method, or
generation stops (exit code 2, a short message naming the operation or the schema path, nothing written).

Each test changes a copy of the committed spec and runs scripts/generate.py on it. The shapes that
generate share one generation (one spec gaining them all); its package is type-checked once with
mypy --strict and exercised in subprocesses (PYTHONPATH on it: this process has the committed package
imported) against an httpx.MockTransport.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ACCOUNT_SID, AUTH_TOKEN, COMPOSITION_SID, ROOM_SID, SPEC_PATH
from .test_generate import generate

Spec = dict[str, Any]
SID_PARAM = {"$ref": "#/components/parameters/CompositionSid"}
NOT_FOUND = {"$ref": "#/components/responses/NotFound"}


def committed_spec() -> Spec:
    spec: Spec = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return spec


def json_response(schema_name: str, description: str = "OK.") -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}},
    }


def write_spec(document: Spec, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "changed.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def mypy(*args: str | Path, cwd: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


# --- the shapes that generate ------------------------------------------------------------------------


def add_positive_shapes(document: Spec) -> None:
    paths, schemas = document["paths"], document["components"]["schemas"]
    # 1. 204 without a body.
    paths["/v1/Compositions/{Sid}/Thumbnail"] = {
        "delete": {
            "operationId": "DeleteCompositionThumbnail",
            "x-client-method": "delete_thumbnail",
            "tags": ["Compositions"],
            "summary": "Delete a composition's thumbnail",
            "parameters": [SID_PARAM],
            "responses": {"204": {"description": "Deleted. The body is empty."}, "404": NOT_FOUND},
        }
    }
    # 2. A documented 3xx with a JSON body.
    schemas["PreviewRedirect"] = {
        "description": "Where the preview is.",
        "type": "object",
        "required": ["preview_url"],
        "properties": {"preview_url": {"type": "string"}},
    }
    paths["/v1/Compositions/{Sid}/Preview"] = {
        "get": {
            "operationId": "FetchCompositionPreview",
            "x-client-method": "preview",
            "tags": ["Compositions"],
            "summary": "Where a composition's preview is",
            "parameters": [SID_PARAM],
            "responses": {"303": json_response("PreviewRedirect", "See other."), "404": NOT_FOUND},
        }
    }
    # 3. New query parameters on the list operation: an enum, an integer with a default, a date-time.
    paths["/v1/Compositions"]["get"]["parameters"] += [
        {"name": "Format", "in": "query", "schema": {"$ref": "#/components/schemas/CompositionFormat"}},
        {"name": "MinDuration", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 10}},
        {"name": "DateCompletedAfter", "in": "query", "schema": {"type": "string", "format": "date-time"}},
    ]
    # 4. A status value Twilio may add; x-wait does not list it as final.
    schemas["CompositionStatus"]["enum"].append("canceled")
    # 5. No x-client-method: the operationId's first word.
    schemas["UpdateCompositionRequest"] = {
        "type": "object",
        "properties": {"StatusCallback": {"type": "string", "format": "uri"}},
    }
    paths["/v1/Compositions/{Sid}"]["post"] = {
        "operationId": "UpdateComposition",
        "tags": ["Compositions"],
        "summary": "Update a composition",
        "parameters": [SID_PARAM],
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {"$ref": "#/components/schemas/UpdateCompositionRequest"}
                }
            },
        },
        "responses": {"200": json_response("Composition"), "404": NOT_FOUND},
    }


@pytest.fixture(scope="module")
def shapes_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tmp/out holding the package generated from the spec with every positive shape added."""
    tmp = tmp_path_factory.mktemp("shapes")
    document = committed_spec()
    add_positive_shapes(document)
    out = tmp / "out"
    done = generate("--spec", write_spec(document, tmp), "--output", out)
    assert done.returncode == 0, done.stderr
    assert (out / "twilio_compositions" / "compositions_client.py").is_file()
    return out


PRELUDE = """
import asyncio, datetime, json, sys
from urllib.parse import parse_qsl
import httpx
import twilio_compositions as package
from twilio_compositions import (
    AsyncCompositionsClient, CompositionFormat, CompositionStatus, CompositionsClient, NotFoundError,
    ValidationError,
)

FIXTURES = json.loads(sys.argv[1])
result = {"package": package.__file__}
sent = []
answers = []  # (status, JSON body or None), one per request


def handler(request):
    sent.append({
        "method": request.method,
        "path": request.url.path,
        "query": parse_qsl(request.url.query.decode(), keep_blank_values=True),
        "body": request.content.decode(),
    })
    status, body = answers.pop(0)
    return httpx.Response(status) if body is None else httpx.Response(status, json=body)


class FakeClock:
    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds):
        self.sleep(seconds)


clock = FakeClock()
client = CompositionsClient(
    account_sid=FIXTURES["account_sid"],
    auth_token=FIXTURES["auth_token"],
    http_client=httpx.Client(transport=httpx.MockTransport(handler)),
)
client._clock = clock
"""


@pytest.fixture(scope="module")
def exercise(shapes_out: Path) -> Callable[[str], dict[str, Any]]:
    """exercise(code) runs code after PRELUDE against the generated package; returns its `result`."""
    spec = committed_spec()
    examples = spec["components"]["examples"]
    fixtures = json.dumps(
        {
            "account_sid": ACCOUNT_SID,
            "auth_token": AUTH_TOKEN,
            "sid": COMPOSITION_SID,
            "completed": {**examples["CompositionCompleted"]["value"], "sid": COMPOSITION_SID},
            "page": examples["CompositionPageLast"]["value"],
        }
    )

    def run(code: str) -> dict[str, Any]:
        script = PRELUDE + textwrap.dedent(code) + "\nresult['sent'] = sent\nprint(json.dumps(result))\n"
        env = {**os.environ, "PYTHONPATH": str(shapes_out)}
        done = subprocess.run(
            [sys.executable, "-c", script, fixtures],
            cwd=shapes_out,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        assert Path(result["package"]).is_relative_to(shapes_out), result["package"]
        return result

    return run


def test_the_generated_package_and_a_script_using_the_new_shapes_pass_mypy_strict(
    shapes_out: Path, tmp_path: Path
) -> None:
    script = shapes_out / "use_shapes.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import datetime
            from twilio_compositions import AsyncCompositionsClient, CompositionFormat, CompositionsClient

            SID = {COMPOSITION_SID!r}


            def use(client: CompositionsClient) -> None:
                reveal_type(client.delete_thumbnail(SID))  # line 9
                reveal_type(client.preview(SID))
                reveal_type(client.update(SID, status_callback="https://example.com/callbacks"))
                when = datetime.datetime.now(datetime.UTC)
                for item in client.list(format="mp4", min_duration=5, date_completed_after=when):
                    reveal_type(item)  # line 14
                client.list(format=CompositionFormat.MP4)


            async def use_async(client: AsyncCompositionsClient) -> None:
                reveal_type(await client.delete_thumbnail(SID))  # line 19
                reveal_type(await client.preview(SID))
                async for item in client.list(format="webm", min_duration=0):
                    reveal_type(item)
            """
        ),
        encoding="utf-8",
    )
    done = mypy("twilio_compositions", script.name, cwd=shapes_out, cache=tmp_path / "mypy-cache")
    assert done.returncode == 0, done.stdout + done.stderr
    revealed = dict(re.findall(r'use_shapes\.py:(\d+): note: Revealed type is "([^"]+)"', done.stdout))
    assert revealed == {
        "9": "None",
        "10": "twilio_compositions.models.preview_redirect.PreviewRedirect",
        "11": "twilio_compositions.models.composition.Composition",
        "14": "twilio_compositions.models.composition.Composition",
        "19": "None",
        "20": "twilio_compositions.models.preview_redirect.PreviewRedirect",
        "22": "twilio_compositions.models.composition.Composition",
    }


def test_a_204_without_body_returns_none_and_a_404_raises_not_found(
    exercise: Callable[[str], dict[str, Any]],
) -> None:
    result = exercise(
        """
        answers.append((204, None))
        result["returned"] = repr(client.delete_thumbnail(FIXTURES["sid"]))
        answers.append((404, {"status": 404, "message": "no thumbnail", "code": 20404, "more_info": None}))
        try:
            client.delete_thumbnail(FIXTURES["sid"])
        except NotFoundError as error:
            result["error"] = [type(error).__name__, error.status, error.code, error.message]

        async def delete_async():
            async with AsyncCompositionsClient(
                account_sid=FIXTURES["account_sid"],
                auth_token=FIXTURES["auth_token"],
                http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
            ) as async_client:
                return await async_client.delete_thumbnail(FIXTURES["sid"])

        answers.append((204, None))
        result["async_returned"] = repr(asyncio.run(delete_async()))
        """
    )
    path = f"/v1/Compositions/{COMPOSITION_SID}/Thumbnail"
    assert result["returned"] == "None"
    assert result["async_returned"] == "None"
    assert result["error"] == ["NotFoundError", 404, 20404, "no thumbnail"]
    assert [(r["method"], r["path"], r["query"], r["body"]) for r in result["sent"]] == [
        ("DELETE", path, [], ""),
    ] * 3


def test_a_documented_303_with_a_body_returns_the_typed_model(
    exercise: Callable[[str], dict[str, Any]],
) -> None:
    result = exercise(
        """
        answers.append((303, {"preview_url": "https://media.example.com/preview.jpg"}))
        answer = client.preview(FIXTURES["sid"])
        result["returned"] = [type(answer).__name__, answer.preview_url]
        """
    )
    assert result["returned"] == ["PreviewRedirect", "https://media.example.com/preview.jpg"]
    assert [(r["method"], r["path"]) for r in result["sent"]] == [
        ("GET", f"/v1/Compositions/{COMPOSITION_SID}/Preview")
    ]


def test_new_list_query_parameters_are_coerced_checked_and_sent_only_when_set(
    exercise: Callable[[str], dict[str, Any]],
) -> None:
    result = exercise(
        """
        from twilio_compositions.api.compositions import list_composition
        from twilio_compositions._spec_rules import OPERATIONS

        result["low_level_params"] = list_composition._get_kwargs()["params"]
        result["query_defaults"] = dict(OPERATIONS["list_composition"].query_defaults)
        plus_two = datetime.timezone(datetime.timedelta(hours=2))
        answers.append((200, FIXTURES["page"]))
        first = next(iter(client.list(
            format="mp4",
            min_duration=5,
            date_completed_after=datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=plus_two),
        )))
        result["first"] = [type(first).__name__, first.sid]
        answers.append((200, FIXTURES["page"]))
        result["by_member"] = len(list(client.list(format=CompositionFormat.WEBM)))
        answers.append((200, FIXTURES["page"]))
        list(client.list())
        try:
            list(client.list(date_completed_after=datetime.datetime(2024, 1, 2, 3, 4, 5)))
        except ValidationError as error:
            result["naive"] = [error.param, error.rule]
        try:
            list(client.list(format="mkv"))
        except ValidationError as error:
            result["unknown_format"] = error.param
        """
    )
    assert result["low_level_params"] == {}
    assert result["query_defaults"]["MinDuration"] == 10
    assert result["first"] == ["Composition", result["first"][1]]
    assert result["first"][1].startswith("CJ")
    assert result["by_member"] == 1
    assert [sorted(r["query"]) for r in result["sent"]] == [
        [["DateCompletedAfter", "2024-01-02T01:04:05Z"], ["Format", "mp4"], ["MinDuration", "5"]],
        [["Format", "webm"]],
        [],
    ]
    assert result["naive"][0] == "date_completed_after"
    assert "timezone-aware" in result["naive"][1]
    assert result["unknown_format"] == "format"


def test_a_new_status_value_exists_and_wait_keeps_polling_through_it(
    exercise: Callable[[str], dict[str, Any]],
) -> None:
    result = exercise(
        """
        result["member"] = [CompositionStatus("canceled").name, CompositionStatus.CANCELED.value]
        result["known"] = "canceled" in CompositionStatus._value2member_map_
        answers.append((200, {**FIXTURES["completed"], "status": "canceled"}))
        answers.append((200, FIXTURES["completed"]))
        done = client.wait(FIXTURES["sid"], poll_interval=2)
        result["returned"] = [done.sid, done.status.value]
        result["sleeps"] = clock.sleeps
        """
    )
    assert result["member"] == ["CANCELED", "canceled"]
    assert result["known"] is True
    assert result["returned"] == [COMPOSITION_SID, "completed"]
    assert result["sleeps"] == [2]
    assert [(r["method"], r["path"]) for r in result["sent"]] == [
        ("GET", f"/v1/Compositions/{COMPOSITION_SID}")
    ] * 2


def test_an_operation_without_x_client_method_is_named_by_its_operation_ids_first_word(
    exercise: Callable[[str], dict[str, Any]],
) -> None:
    result = exercise(
        """
        answers.append((200, FIXTURES["completed"]))
        answer = client.update(FIXTURES["sid"], status_callback="https://example.com/callbacks")
        result["returned"] = [type(answer).__name__, answer.sid]
        result["async_too"] = asyncio.iscoroutinefunction(AsyncCompositionsClient.update)
        """
    )
    assert result["returned"] == ["Composition", COMPOSITION_SID]
    assert result["async_too"] is True
    [request] = result["sent"]
    assert (request["method"], request["path"]) == ("POST", f"/v1/Compositions/{COMPOSITION_SID}")
    assert request["body"] == "StatusCallback=https%3A%2F%2Fexample.com%2Fcallbacks"


# --- a user's script, against the committed package -------------------------------------------------

USER_SCRIPT = f"""
from twilio_compositions import AsyncCompositionsClient, CompositionsClient


def main() -> None:
    with CompositionsClient() as client:
        c = client.create(room_sid={ROOM_SID!r}, audio_sources=["*"])
        done = client.wait(c.sid)
        client.download(done.sid, "out.mp4")
        client.delete(done.sid)
        for x in client.list(status="completed"):
            print(x.sid.upper())


async def main_async() -> None:
    async with AsyncCompositionsClient() as client:
        c = await client.create(room_sid={ROOM_SID!r}, audio_sources=["*"])
        done = await client.wait(c.sid)
        await client.download(done.sid, "out.mp4")
        await client.delete(done.sid)
        async for x in client.list(status="completed"):
            print(x.sid.upper())
"""

WRONG_SCRIPT = """
from twilio_compositions import CompositionsClient


def main() -> None:
    with CompositionsClient() as client:
        client.wait(123)
"""


def test_a_users_script_type_checks_without_casts_and_a_wrong_one_does_not(tmp_path: Path) -> None:
    (tmp_path / "user_script.py").write_text(USER_SCRIPT, encoding="utf-8")
    (tmp_path / "wrong_script.py").write_text(WRONG_SCRIPT, encoding="utf-8")
    done = mypy("user_script.py", "wrong_script.py", cwd=tmp_path, cache=tmp_path / "mypy-cache")
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert done.returncode == 1, done.stdout + done.stderr
    assert len(errors) == 1, done.stdout
    assert errors[0].startswith('wrong_script.py:7: error: Argument 1 to "wait"')
    assert "[arg-type]" in errors[0]


# --- the shapes that stop generation -----------------------------------------------------------------


def clash_by_x_client_method(document: Spec) -> None:
    operation = {
        "operationId": "FetchCompositionThumbnail",
        "x-client-method": "fetch",
        "tags": ["Compositions"],
        "parameters": [SID_PARAM],
        "responses": {"200": json_response("Composition"), "404": NOT_FOUND},
    }
    document["paths"]["/v1/Compositions/{Sid}/Thumbnail"] = {"get": operation}


def clash_by_first_word(document: Spec) -> None:
    clash_by_x_client_method(document)
    del document["paths"]["/v1/Compositions/{Sid}/Thumbnail"]["get"]["x-client-method"]
    del document["paths"]["/v1/Compositions/{Sid}"]["get"]["x-client-method"]


def header_parameter(document: Spec) -> None:
    parameter = {"name": "X-Trace-Id", "in": "header", "schema": {"type": "string"}}
    document["paths"]["/v1/Compositions/{Sid}"]["get"]["parameters"].append(parameter)


def cookie_parameter(document: Spec) -> None:
    parameter = {"name": "session", "in": "cookie", "schema": {"type": "string"}}
    document["paths"]["/v1/Compositions/{Sid}"]["get"]["parameters"].append(parameter)


def nullable_property(document: Spec) -> None:
    properties = document["components"]["schemas"]["Composition"]["properties"]
    properties["resolution"] = {"type": "string", "nullable": True}


def misspelt_extension(document: Spec) -> None:
    operation = document["paths"]["/v1/Compositions"]["get"]
    operation["x-paginaton"] = operation.pop("x-pagination")


def unknown_check(document: Spec) -> None:
    checks = document["paths"]["/v1/Compositions"]["post"]["x-checks"]
    checks.append({"check": "even_width", "field": "Resolution"})


def json_request_body(document: Spec) -> None:
    content = document["paths"]["/v1/Compositions"]["post"]["requestBody"]["content"]
    form = content.pop("application/x-www-form-urlencoded")
    content["application/json"] = {"schema": form["schema"]}


def status_range(document: Spec) -> None:
    responses = document["paths"]["/v1/Compositions/{Sid}"]["delete"]["responses"]
    responses["2XX"] = responses.pop("204")


def no_success_answer(document: Spec) -> None:
    del document["paths"]["/v1/Compositions/{Sid}"]["delete"]["responses"]["204"]


def wait_final_value_not_in_enum(document: Spec) -> None:
    document["paths"]["/v1/Compositions/{Sid}"]["get"]["x-wait"]["final"]["cancelled"] = "failure"


def camel_case_paging_field(document: Spec) -> None:
    page = document["components"]["schemas"]["CompositionPage"]
    page["properties"]["compositionList"] = page["properties"].pop("compositions")
    page["required"] = ["compositionList", "meta"]
    document["paths"]["/v1/Compositions"]["get"]["x-pagination"]["items"] = "compositionList"


STOPPING_SHAPES: list[tuple[Callable[[Spec], None], list[str]]] = [
    (clash_by_x_client_method, ["FetchComposition and FetchCompositionThumbnail", ".fetch"]),
    (clash_by_first_word, ["FetchComposition and FetchCompositionThumbnail", ".fetch"]),
    (header_parameter, ["operation FetchComposition:", "header", "X-Trace-Id"]),
    (cookie_parameter, ["operation FetchComposition:", "cookie", "session"]),
    (nullable_property, ["#/components/schemas/Composition/properties/resolution:", "nullable"]),
    (misspelt_extension, ["operation ListComposition:", "x-paginaton"]),
    (unknown_check, ["operation CreateComposition:", "'even_width'"]),
    (json_request_body, ["operation CreateComposition:", "application/json"]),
    (status_range, ["operation DeleteComposition:", "2XX"]),
    (no_success_answer, ["operation DeleteComposition:", "no 2xx or 3xx"]),
    (wait_final_value_not_in_enum, ["operation FetchComposition:", "x-wait", "'cancelled'"]),
    (camel_case_paging_field, ["operation ListComposition:", "'compositionList'", "snake_case"]),
]


@pytest.mark.parametrize(
    ("change", "named"),
    [pytest.param(change, named, id=change.__name__) for change, named in STOPPING_SHAPES],
)
def test_a_shape_the_templates_cannot_express_stops_generation(
    change: Callable[[Spec], None], named: list[str], tmp_path: Path
) -> None:
    document = committed_spec()
    change(document)
    out = tmp_path / "out"
    done = generate("--spec", write_spec(document, tmp_path), "--output", out)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    message = done.stderr.strip()
    assert message.startswith("generation failed: ")
    assert len(message.splitlines()) <= 2, message
    for word in named:
        assert word in message, f"{word!r} not in {message!r}"
    assert not out.exists()
