"""What create puts on the wire, read back byte by byte from the recorded request."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from twilio_compositions import (
    CompositionFormat,
    CompositionsClient,
    StatusCallbackMethod,
    ValidationError,
    VideoLayout,
    VideoLayoutRegion,
    VideoLayoutRegionReuse,
)
from twilio_compositions._form import decode_form, encode_form
from twilio_compositions._spec_rules import OPERATIONS

from .conftest import ACCOUNT_SID, AUTH_TOKEN, PIP_LAYOUT, ROOM_SID, Recorder

MakeClient = Callable[..., tuple[CompositionsClient, Recorder]]


@pytest.fixture
def created(make_client: MakeClient, fetch_example: dict[str, Any]) -> tuple[CompositionsClient, Recorder]:
    return make_client(lambda request: httpx.Response(201, json=fetch_example))


def sent_pairs(recorder: Recorder) -> list[tuple[str, str]]:
    (request,) = recorder.requests
    return parse_qsl(request.content.decode("ascii"), keep_blank_values=True, strict_parsing=True)


def test_every_parameter_on_the_wire(created: tuple[CompositionsClient, Recorder]) -> None:
    client, recorder = created
    client.create(
        room_sid=ROOM_SID,
        video_layout={"grid": {"video_sources": ["*"]}},
        audio_sources=["student*", "teacher"],
        audio_sources_excluded=["student-muted"],
        resolution="1280x720",
        format="mp4",
        status_callback="https://example.com/callbacks?x=1&y=2",
        status_callback_method="POST",
        trim=False,
    )
    (request,) = recorder.requests
    assert request.method == "POST"
    assert request.url == "https://video.twilio.com/v1/Compositions"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.headers["Authorization"] == httpx.BasicAuth(ACCOUNT_SID, AUTH_TOKEN)._auth_header
    assert sent_pairs(recorder) == [
        ("RoomSid", ROOM_SID),
        ("VideoLayout", '{"grid":{"video_sources":["*"]}}'),
        ("AudioSources", "student*"),
        ("AudioSources", "teacher"),
        ("AudioSourcesExcluded", "student-muted"),
        ("Resolution", "1280x720"),
        ("Format", "mp4"),
        ("StatusCallback", "https://example.com/callbacks?x=1&y=2"),
        ("StatusCallbackMethod", "POST"),
        ("Trim", "false"),
    ]
    assert request.content == (
        b"RoomSid=RMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        b"&VideoLayout=%7B%22grid%22%3A%7B%22video_sources%22%3A%5B%22%2A%22%5D%7D%7D"
        b"&AudioSources=student%2A&AudioSources=teacher&AudioSourcesExcluded=student-muted"
        b"&Resolution=1280x720&Format=mp4"
        b"&StatusCallback=https%3A%2F%2Fexample.com%2Fcallbacks%3Fx%3D1%26y%3D2"
        b"&StatusCallbackMethod=POST&Trim=false"
    )


def test_unset_parameters_are_absent(created: tuple[CompositionsClient, Recorder]) -> None:
    client, recorder = created
    client.create(room_sid=ROOM_SID, audio_sources=["*"])
    assert sent_pairs(recorder) == [("RoomSid", ROOM_SID), ("AudioSources", "*")]


def test_video_layout_is_json_not_python_repr(created: tuple[CompositionsClient, Recorder]) -> None:
    client, recorder = created
    client.create(room_sid=ROOM_SID, video_layout=PIP_LAYOUT, resolution="1280x720")
    (value,) = [v for k, v in sent_pairs(recorder) if k == "VideoLayout"]
    assert "'" not in value  # str(dict) would use single quotes
    assert json.loads(value) == PIP_LAYOUT


def test_a_layout_model_and_a_dict_send_the_same_bytes(
    make_client: MakeClient, fetch_example: dict[str, Any]
) -> None:
    bodies = []
    for layout in (
        {"grid": {"video_sources": ["*"], "max_rows": 1, "reuse": "show_newest"}},
        VideoLayout(
            {
                "grid": VideoLayoutRegion(
                    video_sources=["*"], max_rows=1, reuse=VideoLayoutRegionReuse.SHOW_NEWEST
                )
            }
        ),
        {
            "grid": VideoLayoutRegion.from_dict(
                {"video_sources": ["*"], "max_rows": 1, "reuse": "show_newest"}
            )
        },
    ):
        client, recorder = make_client(lambda request: httpx.Response(201, json=fetch_example))
        client.create(room_sid=ROOM_SID, video_layout=layout)
        bodies.append(recorder.requests[0].content)
    assert bodies[0] == bodies[1] == bodies[2]


@pytest.mark.parametrize(("value", "wire"), [(True, "true"), (False, "false")])
def test_booleans_are_lowercase(created: tuple[CompositionsClient, Recorder], value: bool, wire: str) -> None:
    client, recorder = created
    client.create(room_sid=ROOM_SID, audio_sources=["*"], trim=value)
    assert ("Trim", wire) in sent_pairs(recorder)


def test_enums_and_their_strings_send_the_same(
    make_client: MakeClient, fetch_example: dict[str, Any]
) -> None:
    bodies = []
    for fmt, method in [("webm", "GET"), (CompositionFormat.WEBM, StatusCallbackMethod.GET)]:
        client, recorder = make_client(lambda request: httpx.Response(201, json=fetch_example))
        client.create(
            room_sid=ROOM_SID,
            audio_sources=["*"],
            format=fmt,
            status_callback="https://example.com/cb",
            status_callback_method=method,
        )
        bodies.append(recorder.requests[0].content)
    assert bodies[0] == bodies[1]
    assert b"Format=webm" in bodies[0] and b"StatusCallbackMethod=GET" in bodies[0]


def test_an_empty_list_sends_no_key(created: tuple[CompositionsClient, Recorder]) -> None:
    # Repeated keys cannot say "empty list"; AudioSourcesExcluded may be empty, so nothing is sent.
    client, recorder = created
    client.create(room_sid=ROOM_SID, audio_sources=["*"], audio_sources_excluded=[])
    assert [k for k, _ in sent_pairs(recorder)] == ["RoomSid", "AudioSources"]


def test_non_ascii_track_names_travel_as_utf8(created: tuple[CompositionsClient, Recorder]) -> None:
    client, recorder = created
    client.create(
        room_sid=ROOM_SID, audio_sources=["élève*"], video_layout={"g": {"video_sources": ["café"]}}
    )
    pairs = sent_pairs(recorder)
    assert ("AudioSources", "élève*") in pairs
    assert ("VideoLayout", '{"g":{"video_sources":["café"]}}') in pairs


def test_encode_and_decode_are_inverse() -> None:
    rules = OPERATIONS["create_composition"]
    fields = {
        "RoomSid": ROOM_SID,
        "VideoLayout": PIP_LAYOUT,
        "AudioSources": ["a", "b*"],
        "Trim": True,
        "Resolution": "640x480",
    }
    body = encode_form(fields, rules.body_encoding)
    assert decode_form(body, rules.body or {}, rules.body_encoding) == fields


def test_decoding_rejects_a_python_repr_of_the_layout() -> None:
    rules = OPERATIONS["create_composition"]
    body = f"RoomSid={ROOM_SID}&VideoLayout={{'grid': {{'video_sources': ['*']}}}}".encode()
    with pytest.raises(ValidationError) as caught:
        decode_form(body, rules.body or {}, rules.body_encoding)
    assert caught.value.param == "VideoLayout"
