"""The models' dict forms: from_dict and to_dict of every model give back what they read, unknown keys
included, and every string enum takes a value the spec does not list (yet)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import pytest
from twilio_compositions.models import (
    CompositionFormat,
    CompositionPage,
    CompositionStatus,
    CreateCompositionRequest,
    MediaContentDisposition,
    MediaRedirect,
    PageMeta,
    StatusCallbackMethod,
    TwilioErrorBody,
    VideoLayout,
    VideoLayoutRegionReuse,
)

from .conftest import PIP_LAYOUT, ROOM_SID

ERROR_RESPONSES = ["BadRequest", "Unauthorized", "NotFound", "TooManyRequests"]


@pytest.mark.parametrize("name", ERROR_RESPONSES)
def test_the_error_examples_round_trip_exactly(spec: dict[str, Any], name: str) -> None:
    example = spec["components"]["responses"][name]["content"]["application/json"]["example"]
    body = TwilioErrorBody.from_dict(example)
    assert (body.status, body.message) == (example["status"], example["message"])
    assert body.to_dict() == example


def test_an_error_body_keeps_what_it_does_not_know_and_leaves_out_what_was_not_sent() -> None:
    body = TwilioErrorBody.from_dict({"status": 503, "message": "busy", "retry_hint": "later"})
    assert body.additional_keys == ["retry_hint"]
    assert "retry_hint" in body and body["retry_hint"] == "later"
    body["region"] = "us1"
    del body["retry_hint"]
    assert "retry_hint" not in body
    # code and more_info were absent: absent again, not null.
    assert body.to_dict() == {"status": 503, "message": "busy", "region": "us1"}


def test_the_page_example_round_trips_exactly(spec: dict[str, Any]) -> None:
    example = spec["components"]["examples"]["CompositionPageLast"]["value"]
    page = CompositionPage.from_dict(example)
    assert isinstance(page.meta, PageMeta) and page.meta.next_page_url is None
    assert [c.sid for c in page.compositions] == [c["sid"] for c in example["compositions"]]
    assert page.to_dict() == example


def test_a_page_and_its_meta_keep_unknown_keys(spec: dict[str, Any]) -> None:
    example = spec["components"]["examples"]["CompositionPageLast"]["value"]
    data = {**example, "cursor": "x", "meta": {**example["meta"], "total": 1}}
    page = CompositionPage.from_dict(data)
    assert page.additional_keys == ["cursor"] and page["cursor"] == "x" and "cursor" in page
    assert page.meta.additional_keys == ["total"] and page.meta["total"] == 1 and "total" in page.meta
    page["more"] = True
    page.meta["more"] = True
    del page["cursor"], page.meta["total"]
    assert page.to_dict() == {**example, "more": True, "meta": {**example["meta"], "more": True}}


def test_a_media_redirect_round_trips() -> None:
    data = {"redirect_to": "https://media.example.com/file.mp4?sig=abc", "expires": 600}
    redirect = MediaRedirect.from_dict(data)
    assert redirect.redirect_to == data["redirect_to"]
    assert redirect.additional_keys == ["expires"] and redirect["expires"] == 600 and "expires" in redirect
    redirect["expires"] = 60
    assert redirect.to_dict() == {**data, "expires": 60}
    del redirect["expires"]
    assert redirect.to_dict() == {"redirect_to": data["redirect_to"]}


def test_a_create_request_with_every_field_round_trips() -> None:
    request = CreateCompositionRequest(
        room_sid=ROOM_SID,
        video_layout=VideoLayout.from_dict(PIP_LAYOUT),
        audio_sources=["student*"],
        audio_sources_excluded=["studentTeam"],
        resolution="1280x720",
        format=CompositionFormat.MP4,
        status_callback="https://example.com/callbacks",
        status_callback_method=StatusCallbackMethod.GET,
        trim=False,
    )
    data = request.to_dict()
    assert set(data) == {
        "RoomSid",
        "VideoLayout",
        "AudioSources",
        "AudioSourcesExcluded",
        "Resolution",
        "Format",
        "StatusCallback",
        "StatusCallbackMethod",
        "Trim",
    }
    again = CreateCompositionRequest.from_dict({**data, "Future": 1})
    assert again.additional_keys == ["Future"] and again["Future"] == 1 and "Future" in again
    del again["Future"]
    assert again == request
    again["Future"] = 2
    assert again.to_dict() == {**data, "Future": 2}


def test_a_create_request_from_a_dict_leaves_unset_what_is_absent() -> None:
    request = CreateCompositionRequest.from_dict({"RoomSid": ROOM_SID})
    assert request.to_dict() == {"RoomSid": ROOM_SID}


STR_ENUMS: list[type[StrEnum]] = [
    CompositionFormat,
    CompositionStatus,
    MediaContentDisposition,
    StatusCallbackMethod,
    VideoLayoutRegionReuse,
]


@pytest.mark.parametrize("enum", STR_ENUMS, ids=lambda enum: enum.__name__)
def test_every_string_enum_takes_a_value_it_does_not_list(enum: type[StrEnum]) -> None:
    member = next(iter(enum))
    assert str(member) == member.value and getattr(member, "is_known") is True  # noqa: B009
    later = enum("added-later")
    assert str(later) == "added-later" and later == "added-later"
    assert getattr(later, "is_known") is False  # noqa: B009
    with pytest.raises(ValueError):
        enum(3)  # type: ignore[arg-type]  # not a string: no member for it
