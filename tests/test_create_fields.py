"""create() builds its form fields without the body model: the same bytes and the same errors as the model.

CompositionsClient.create turns a layout dict straight into the JSON the VideoLayout model would send
(VideoLayout._wire_dict) and skips the model's second validation when it may. The reference here is
the way every create went before: the arguments coerced into a CreateCompositionRequest, whose
to_dict() create_composition._get_kwargs encodes (still the low-level API's path). Random arguments,
valid and not (tests/create_cases.py), must give byte-identical bodies, or the same exception with the
same message and nothing sent, and leave the caller's arguments as they were.
"""

from __future__ import annotations

import functools
import json
import random
from collections.abc import Callable
from typing import Any
from urllib.parse import quote_plus

import httpx
import pytest
from twilio_compositions import (
    CompositionFormat,
    CompositionsClient,
    CreateCompositionRequest,
    StatusCallbackMethod,
    VideoLayout,
    VideoLayoutRegion,
)
from twilio_compositions._coerce import enum_arg, list_arg, model_arg, model_field, plain_arg
from twilio_compositions._form import _quote_plus
from twilio_compositions._spec_rules import OPERATIONS
from twilio_compositions._validation import is_valid
from twilio_compositions.api.compositions import create_composition

from .conftest import Recorder
from .create_cases import random_case

MakeClient = Callable[..., tuple[CompositionsClient, Recorder]]
CASES = 400
_LAYOUT_RULE = (OPERATIONS["create_composition"].body or {})["properties"]["VideoLayout"]


def through_the_model(case: dict[str, Any]) -> bytes:
    """The body as create() built it through CreateCompositionRequest."""
    body = CreateCompositionRequest(
        room_sid=case["room_sid"],
        video_layout=model_arg(VideoLayout, case.get("video_layout"), "video_layout", _LAYOUT_RULE),
        audio_sources=list_arg(case.get("audio_sources"), "audio_sources"),
        audio_sources_excluded=list_arg(case.get("audio_sources_excluded"), "audio_sources_excluded"),
        resolution=plain_arg(case.get("resolution")),
        format=enum_arg(CompositionFormat, case.get("format"), "format"),
        status_callback=plain_arg(case.get("status_callback")),
        status_callback_method=enum_arg(
            StatusCallbackMethod, case.get("status_callback_method"), "status_callback_method"
        ),
        trim=plain_arg(case.get("trim")),
    )
    content: bytes = create_composition._get_kwargs(body=body)["content"]
    return content


def sent_by_create(client: CompositionsClient, recorder: Recorder, case: dict[str, Any]) -> bytes:
    client.create(**case)
    content: bytes = recorder.requests[-1].content
    return content


def outcome(call: Callable[[], bytes]) -> tuple[str, ...]:
    try:
        return ("sent", call().decode("ascii"))
    except Exception as error:  # any exception: both paths must raise the same one
        return ("error", type(error).__name__, str(error))


def test_random_creates_send_what_the_model_sent(
    make_client: MakeClient, fetch_example: dict[str, Any]
) -> None:
    client, recorder = make_client(lambda request: httpx.Response(201, json=fetch_example))
    rng = random.Random(20261202)  # noqa: S311 -- test data, seeded to repeat
    kinds: dict[str, int] = {"sent": 0, "error": 0}
    for _ in range(CASES):
        case = random_case(rng)
        before = repr(case)
        expected = outcome(functools.partial(through_the_model, case))
        sent_before = len(recorder.requests)
        got = outcome(functools.partial(sent_by_create, client, recorder, case))
        assert got == expected, case
        if got[0] == "error":
            assert len(recorder.requests) == sent_before, "an invalid create reached the transport"
        assert repr(case) == before, "create changed its arguments"
        kinds[got[0]] += 1
    # Both kinds in fair numbers, or the comparison says little.
    assert kinds["sent"] > CASES // 4 and kinds["error"] > CASES // 4, kinds


def test_a_dict_changed_after_the_call_changes_nothing_sent(
    make_client: MakeClient, fetch_example: dict[str, Any]
) -> None:
    client, recorder = make_client(lambda request: httpx.Response(201, json=fetch_example))
    layout: dict[str, Any] = {"grid": {"video_sources": ["a"]}}
    client.create(room_sid="RM" + "a" * 32, video_layout=layout)
    layout["grid"]["video_sources"].append("b")
    layout["pip"] = {"video_sources": ["c"]}
    client.create(room_sid="RM" + "a" * 32, video_layout={"grid": {"video_sources": ["a"]}})
    assert recorder.requests[0].content == recorder.requests[1].content


@pytest.mark.parametrize("model", [VideoLayoutRegion, VideoLayout, CreateCompositionRequest])
def test_wire_dict_is_the_round_trip_through_the_model(model: Any) -> None:
    """_wire_dict(data) == from_dict(data).to_dict(), keys in the same order, for valid request data."""
    rng = random.Random(7)  # noqa: S311 -- test data, seeded to repeat
    body = OPERATIONS["create_composition"].body or {}
    region_rule = _LAYOUT_RULE["additionalProperties"]
    compared = 0
    for _ in range(300):
        case = random_case(rng)
        layout = case.get("video_layout")
        if not isinstance(layout, dict) or not all(isinstance(r, dict) for r in layout.values()):
            continue
        if model is VideoLayoutRegion:
            data: Any = next(iter(layout.values()), None)
            rule = region_rule
        elif model is VideoLayout:
            data, rule = layout, _LAYOUT_RULE
        else:
            data = {"AudioSources": ["a"], "RoomSid": case["room_sid"], "VideoLayout": layout, "Extra": 1}
            rule = body
        if data is None or not is_valid(rule, data):
            continue
        wire = model._wire_dict(data)
        round_trip = model.from_dict(data).to_dict()
        assert json.dumps(wire) == json.dumps(round_trip)  # in the same order, at every level
        compared += 1
    assert compared > 30


def _quoted(quote: Callable[[str], str], text: str) -> bytes:
    return quote(text).encode()


def test_form_quoting_is_quote_plus() -> None:
    """_form's one-translate quoting gives what urllib's quote_plus gives, errors included."""
    rng = random.Random(3)  # noqa: S311 -- test data, seeded to repeat
    alphabet = [chr(i) for i in range(300)] + ["€", "😀", " ", "+", "%", "&", "=", "\ud800"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        ours = outcome(functools.partial(_quoted, _quote_plus, text))
        assert ours == outcome(functools.partial(_quoted, quote_plus, text)), text


class _DroppingModel:
    """A model whose to_dict() would drop a null, as a generated one does for a non-nullable property."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    @classmethod
    def from_dict(cls, src_dict: Any) -> _DroppingModel:
        return cls(dict(src_dict))

    def to_dict(self) -> dict[str, Any]:
        return {key: value for key, value in self.data.items() if value is not None}

    @classmethod
    def _wire_dict(cls, src_dict: Any) -> dict[str, Any]:
        return cls.from_dict(src_dict).to_dict()


def test_model_field_marks_checked_only_what_it_validated_as_sent() -> None:
    schema: dict[str, Any] = {"type": "object"}
    checked: set[str] = set()
    assert model_field(_DroppingModel, {"a": 1}, "arg", schema, "Arg", checked) == {"a": 1}
    assert checked == {"Arg"}  # sent as validated: no second check
    checked.clear()
    assert model_field(_DroppingModel, {"a": 1, "b": None}, "arg", schema, "Arg", checked) == {"a": 1}
    assert checked == set()  # what is sent is not what was validated: validate_params checks it again
