"""The generated models: public names, enums from the spec, and the reference example round trip."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import twilio_compositions
from twilio_compositions import (
    Composition,
    CompositionFormat,
    CompositionLinks,
    CompositionStatus,
    CreateCompositionRequest,
    StatusCallbackMethod,
    VideoLayout,
    VideoLayoutRegion,
    VideoLayoutRegionReuse,
)
from twilio_compositions.types import UNSET

UTC = datetime.UTC


def test_public_names_are_the_spec_names_not_path_derived_ones(spec: dict[str, Any]) -> None:
    for name in ("Composition", "CompositionStatus", "CompositionFormat", "VideoLayout", "VideoLayoutRegion"):
        assert name in twilio_compositions.__all__
        assert getattr(twilio_compositions, name).__name__ == name
    # Every model class is a named schema of the spec (objects and enums; plain strings such as
    # AccountSid need no class), and nothing else: no class named after a path or an operation.
    schemas = spec["components"]["schemas"]
    expected = {
        name for name, schema in schemas.items() if schema.get("type") == "object" or "enum" in schema
    }
    assert set(twilio_compositions.models.__all__) == expected


@pytest.mark.parametrize(
    ("enum", "schema"),
    [
        (CompositionStatus, "CompositionStatus"),
        (CompositionFormat, "CompositionFormat"),
        (StatusCallbackMethod, "StatusCallbackMethod"),
        (VideoLayoutRegionReuse, "VideoLayoutRegionReuse"),
    ],
)
def test_generated_enums_hold_exactly_the_spec_values(spec: dict[str, Any], enum: Any, schema: str) -> None:
    assert sorted(member.value for member in enum) == sorted(spec["components"]["schemas"][schema]["enum"])


def test_enum_sets_match_the_reference_pages() -> None:
    assert {s.value for s in CompositionStatus} == {
        "enqueued",
        "processing",
        "completed",
        "deleted",
        "failed",
    }
    assert {f.value for f in CompositionFormat} == {"mp4", "webm"}
    assert {m.value for m in StatusCallbackMethod} == {"GET", "POST"}


def test_the_fetch_example_parses_with_every_field(fetch_example: dict[str, Any]) -> None:
    comp = Composition.from_dict(fetch_example)
    assert comp.sid == "CJaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    assert comp.account_sid == "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    assert comp.room_sid == "RMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    assert comp.url == "https://video.twilio.com/v1/Compositions/CJaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    assert comp.status is CompositionStatus.COMPLETED
    as_str: str = comp.status  # a str enum: a plain string compares equal
    assert as_str == "completed"
    assert comp.format is CompositionFormat.WEBM
    assert comp.date_created == datetime.datetime(2015, 7, 30, 20, 0, 0, tzinfo=UTC)
    assert comp.date_completed == datetime.datetime(2015, 7, 30, 20, 1, 33, tzinfo=UTC)
    assert comp.date_deleted is None
    assert (comp.size, comp.bitrate, comp.duration) == (4, 64, 6)
    assert comp.trim is True
    assert comp.resolution == "1280x720"
    assert comp.audio_sources == ["PAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "user*"]
    assert comp.audio_sources_excluded == ["RTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]
    assert comp.status_callback == "https://mycallbackurl.com"
    assert comp.status_callback_method is StatusCallbackMethod.POST
    assert comp.media_external_location is None
    assert comp.encryption_key is None
    assert isinstance(comp.links, CompositionLinks)
    assert (
        comp.links.media
        == "https://video.twilio.com/v1/Compositions/CJaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Media"
    )

    layout = comp.video_layout
    assert isinstance(layout, VideoLayout)
    assert sorted(layout) == ["grid", "pip"]
    pip = layout["pip"]
    assert isinstance(pip, VideoLayoutRegion)
    assert (pip.x_pos, pip.y_pos, pip.z_pos, pip.width, pip.height) == (100, 600, 10, 0, 0)
    assert (pip.max_rows, pip.max_columns) == (0, 0)
    assert pip.reuse is VideoLayoutRegionReuse.NONE
    assert pip.video_sources == ["RTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"]
    assert pip.cells_excluded == []
    assert layout["grid"].reuse is VideoLayoutRegionReuse.SHOW_OLDEST
    assert layout["grid"].video_sources_excluded == ["MTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]


def test_the_fetch_example_round_trips_exactly(fetch_example: dict[str, Any]) -> None:
    assert Composition.from_dict(fetch_example).to_dict() == fetch_example


def test_utc_datetimes_are_written_the_way_twilio_writes_them(fetch_example: dict[str, Any]) -> None:
    data = Composition.from_dict(fetch_example).to_dict()
    assert data["date_created"] == "2015-07-30T20:00:00Z"


@pytest.mark.parametrize("text", ["2015-07-30T20:00:00Z", "2015-07-30T20:00:00+00:00", "2015-07-30T20:00:00"])
def test_dates_are_always_timezone_aware(fetch_example: dict[str, Any], text: str) -> None:
    comp = Composition.from_dict({**fetch_example, "date_created": text})
    assert comp.date_created == datetime.datetime(2015, 7, 30, 20, tzinfo=UTC)
    assert comp.to_dict()["date_created"] == "2015-07-30T20:00:00Z"


def test_other_offsets_are_kept(fetch_example: dict[str, Any]) -> None:
    comp = Composition.from_dict({**fetch_example, "date_created": "2015-07-30T22:00:00+02:00"})
    assert comp.date_created == datetime.datetime(2015, 7, 30, 20, tzinfo=UTC)
    assert comp.to_dict()["date_created"] == "2015-07-30T22:00:00+02:00"


def test_video_layout_takes_its_regions_in_the_constructor() -> None:
    layout = VideoLayout({"grid": VideoLayoutRegion(video_sources=["*"], max_rows=1)})
    assert len(layout) == 1
    assert "grid" in layout
    assert layout.to_dict() == {"grid": {"video_sources": ["*"], "max_rows": 1}}
    assert VideoLayout.from_dict(layout.to_dict()) == layout


def test_a_request_model_carries_only_what_was_set() -> None:
    request = CreateCompositionRequest(room_sid="RM" + "a" * 32)
    # The spec's defaults (Resolution 640x480, Trim true) are the server's business, not sent values.
    assert request.resolution is UNSET
    assert request.trim is UNSET
    assert request.to_dict() == {"RoomSid": "RM" + "a" * 32}
