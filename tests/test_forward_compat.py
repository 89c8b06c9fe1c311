"""Answers from a newer (or sloppier) API still parse; answers of the wrong shape fail clearly.

Twilio adds enum values and fields without a new API version. A client that raises on them breaks in
production on the day Twilio ships, so: unknown values keep their string, unknown fields are kept,
nulls and missing fields parse. A value of the wrong type is not "newer", it is wrong: that is an
UnexpectedResponseError naming the field. Sync and async alike.
"""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest
from twilio_compositions import (
    Composition,
    CompositionFormat,
    CompositionStatus,
    UnexpectedResponseError,
    ValidationError,
    VideoLayoutRegionReuse,
)
from twilio_compositions.types import UNSET

from .conftest import COMPOSITION_SID, ROOM_SID, FakeClock
from .modes import run


def fetch_body(mode: str, clock: FakeClock, body: Any) -> Composition:
    result: Composition = run(
        mode,
        lambda client: client.fetch(COMPOSITION_SID),
        handler=lambda request: httpx.Response(200, json=body),
        clock=clock,
    )
    return result


def test_an_unknown_status_keeps_its_string(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any]
) -> None:
    composition = fetch_body(mode, clock, {**fetch_example, "status": "canceled"})
    assert composition.status == "canceled"
    assert isinstance(composition.status, CompositionStatus)
    assert not composition.status.is_known and CompositionStatus.COMPLETED.is_known
    assert composition.to_dict()["status"] == "canceled"  # and it round-trips


def test_unknown_values_in_every_enum(mode: str, clock: FakeClock, fetch_example: dict[str, Any]) -> None:
    body = copy.deepcopy(fetch_example)
    body |= {"format": "mkv", "status_callback_method": "PUT"}
    body["video_layout"]["pip"]["reuse"] = "show_random"
    composition = fetch_body(mode, clock, body)
    assert (composition.format, composition.status_callback_method) == ("mkv", "PUT")
    assert composition.video_layout is not None
    assert composition.video_layout["pip"].reuse == "show_random"


def test_unknown_fields_are_kept(mode: str, clock: FakeClock, fetch_example: dict[str, Any]) -> None:
    body = copy.deepcopy(fetch_example)
    body["media_region"] = "us1"
    body["links"]["preview"] = "https://video.twilio.com/v1/Compositions/CJ/Preview"
    body["video_layout"]["pip"]["opacity"] = 0.5
    composition = fetch_body(mode, clock, body)
    assert composition.additional_properties == {"media_region": "us1"}
    assert composition.links is not None and composition.links["preview"].endswith("/Preview")
    assert composition.video_layout is not None
    assert composition.video_layout["pip"].additional_properties == {"opacity": 0.5}
    assert composition.to_dict() == body


@pytest.mark.parametrize("field", ["status", "format", "bitrate", "duration"])
def test_null_where_the_spec_says_non_null(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any], field: str
) -> None:
    composition = fetch_body(mode, clock, {**fetch_example, field: None})
    assert getattr(composition, field) is None
    assert composition.sid == fetch_example["sid"]


def test_null_inside_a_region_and_missing_fields(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any]
) -> None:
    body = copy.deepcopy(fetch_example)
    body["video_layout"]["pip"] |= {"reuse": None, "x_pos": None, "video_sources": None}
    del body["bitrate"], body["links"]
    composition = fetch_body(mode, clock, body)
    assert composition.video_layout is not None
    region = composition.video_layout["pip"]
    assert region.reuse is UNSET and region.x_pos is UNSET and region.video_sources is None
    assert composition.bitrate is None and composition.links is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"video_layout": "grid"}, "composition.video_layout"),
        ({"status": 3}, "composition.status"),
        ({"size": "big"}, "composition.size"),
        ({"trim": "yes"}, "composition.trim"),
        ({"audio_sources": "*"}, "composition.audio_sources"),
        ({"audio_sources": ["*", 7]}, "composition.audio_sources[1]"),
        ({"bitrate": True}, "composition.bitrate"),
        ({"date_created": "last tuesday"}, "composition.date_created"),
        ({"video_layout": {"pip": {"video_sources": "*"}}}, "composition.video_layout['pip'].video_sources"),
        (
            {"video_layout": {"pip": {"video_sources": ["*"], "z_pos": "top"}}},
            "composition.video_layout['pip'].z_pos",
        ),
        ({"links": ["media"]}, "composition.links"),
    ],
)
def test_a_value_of_the_wrong_type_is_an_unexpected_response_naming_it(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any], change: dict[str, Any], field: str
) -> None:
    with pytest.raises(UnexpectedResponseError) as caught:
        fetch_body(mode, clock, {**fetch_example, **change})
    assert caught.value.status == 200
    assert field in caught.value.message


@pytest.mark.parametrize("body", [["a", "list"], "text", 42])
def test_a_body_that_is_not_an_object(mode: str, clock: FakeClock, body: Any) -> None:
    with pytest.raises(UnexpectedResponseError, match="should be object"):
        fetch_body(mode, clock, body)


def test_requests_still_accept_only_the_listed_values(mode: str, clock: FakeClock) -> None:
    def never(request: httpx.Request) -> httpx.Response:
        raise AssertionError("sent")

    cases: list[tuple[dict[str, Any], str]] = [
        ({"format": "mkv"}, "format"),
        ({"format": CompositionFormat("mkv")}, "format"),
        ({"status_callback_method": "PUT"}, "status_callback_method"),
    ]
    for kwargs, param in cases:

        def create(c: Any, kwargs: dict[str, Any] = kwargs) -> Any:
            return c.create(room_sid=ROOM_SID, audio_sources=["*"], **kwargs)

        with pytest.raises(ValidationError) as caught:
            run(mode, create, handler=never, clock=clock)
        assert caught.value.param == param
    region = {"video_sources": ["*"], "reuse": VideoLayoutRegionReuse("show_random")}
    with pytest.raises(ValidationError) as caught:
        run(
            mode,
            lambda c: c.create(room_sid=ROOM_SID, video_layout={"grid": region}),
            handler=never,
            clock=clock,
        )
    assert "reuse" in caught.value.param
