"""parse_status_callback: typed events from callback form parameters, forward compatible."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

import attrs
import pytest
from twilio_compositions import (
    StatusCallbackEvent,
    StatusCallbackEventType,
    ValidationError,
    parse_status_callback,
)

from .conftest import ACCOUNT_SID, COMPOSITION_SID, ROOM_SID

COMMON = {
    "AccountSid": ACCOUNT_SID,
    "RoomSid": ROOM_SID,
    "CompositionSid": COMPOSITION_SID,
    "CompositionUri": f"/v1/Compositions/{COMPOSITION_SID}",
    "Timestamp": "2024-05-06T07:08:09.250Z",
}


def test_composition_available() -> None:
    event = parse_status_callback(
        {
            **COMMON,
            "StatusCallbackEvent": "composition-available",
            "MediaUri": f"/v1/Compositions/{COMPOSITION_SID}/Media",
            "Size": "480000",
            "Duration": "60",
            "MediaExternalLocation": "",
        }
    )
    assert event.status_callback_event is StatusCallbackEventType.COMPOSITION_AVAILABLE
    as_str: str = event.status_callback_event  # a str enum: a plain string compares equal
    assert as_str == "composition-available"
    assert (event.account_sid, event.room_sid, event.composition_sid) == (
        ACCOUNT_SID,
        ROOM_SID,
        COMPOSITION_SID,
    )
    assert event.composition_uri == f"/v1/Compositions/{COMPOSITION_SID}"
    assert event.timestamp == datetime.datetime(2024, 5, 6, 7, 8, 9, 250000, tzinfo=datetime.UTC)
    assert (event.media_uri, event.size, event.duration) == (
        f"/v1/Compositions/{COMPOSITION_SID}/Media",
        480000,
        60,
    )
    assert event.media_external_location is None  # sent empty: nothing there
    assert (event.percentage_done, event.error_message) == (None, None)
    assert event.additional_properties == {}


def test_composition_progress_and_failed() -> None:
    progress = parse_status_callback(
        {
            **COMMON,
            "StatusCallbackEvent": "composition-progress",
            "PercentageDone": "40",
            "SecondsRemaining": "6",
        }
    )
    assert progress.status_callback_event is StatusCallbackEventType.COMPOSITION_PROGRESS
    assert (progress.percentage_done, progress.seconds_remaining) == (40, 6)
    assert progress.size is None
    failed = parse_status_callback(
        {
            **COMMON,
            "StatusCallbackEvent": "composition-failed",
            "FailedOperation": "media_processing",
            "ErrorMessage": "Internal failure",
        }
    )
    assert failed.status_callback_event is StatusCallbackEventType.COMPOSITION_FAILED
    assert (failed.failed_operation, failed.error_message) == ("media_processing", "Internal failure")


def test_composition_enqueued_by_a_hook() -> None:
    event = parse_status_callback(
        {
            **COMMON,
            "StatusCallbackEvent": "composition-enqueued",
            "HookSid": "HK" + "1" * 32,
            "HookUri": "/v1/CompositionHooks/HK" + "1" * 32,
            "HookFriendlyName": "every room",
        }
    )
    assert event.status_callback_event is StatusCallbackEventType.COMPOSITION_ENQUEUED
    assert (event.hook_sid, event.hook_friendly_name) == ("HK" + "1" * 32, "every room")
    assert event.hook_uri == "/v1/CompositionHooks/HK" + "1" * 32


def test_an_unknown_event_and_unknown_parameters_are_kept_not_refused() -> None:
    event = parse_status_callback(
        {**COMMON, "StatusCallbackEvent": "composition-teleported", "Galaxy": "far", "PercentageDone": "5"}
    )
    assert event.status_callback_event == "composition-teleported"
    assert type(event.status_callback_event) is str
    assert event.additional_properties == {"Galaxy": "far"}
    assert event.percentage_done == 5


@pytest.mark.parametrize(
    "params",
    [
        {**COMMON, "StatusCallbackEvent": "composition-started"},
        [*COMMON.items(), ("StatusCallbackEvent", "composition-started")],
        {name: [value] for name, value in {**COMMON, "StatusCallbackEvent": "composition-started"}.items()},
        urlencode({**COMMON, "StatusCallbackEvent": "composition-started"}),
        urlencode({**COMMON, "StatusCallbackEvent": "composition-started"}).encode(),
    ],
    ids=["mapping", "pairs", "lists", "query-string", "body-bytes"],
)
def test_every_shape_of_form_parameters(params: Any) -> None:
    event = parse_status_callback(params)
    assert event.status_callback_event is StatusCallbackEventType.COMPOSITION_STARTED
    assert event.composition_sid == COMPOSITION_SID
    assert event.timestamp is not None and event.timestamp.tzinfo is not None


def test_the_first_value_of_a_repeated_parameter_wins() -> None:
    pairs = [*COMMON.items(), ("StatusCallbackEvent", "composition-started"), ("X", "1"), ("X", "2")]
    assert parse_status_callback(pairs).additional_properties == {"X": "1"}


@pytest.mark.parametrize("missing", ["StatusCallbackEvent", "AccountSid", "CompositionSid"])
def test_a_missing_or_empty_required_parameter_is_named(missing: str) -> None:
    params = {**COMMON, "StatusCallbackEvent": "composition-started"}
    for broken in ({k: v for k, v in params.items() if k != missing}, {**params, missing: ""}):
        with pytest.raises(ValidationError) as caught:
            parse_status_callback(broken)
        assert caught.value.param == missing
        assert "required" in caught.value.rule


def test_only_the_identity_is_required() -> None:
    event = parse_status_callback(
        {
            "StatusCallbackEvent": "composition-started",
            "AccountSid": ACCOUNT_SID,
            "CompositionSid": COMPOSITION_SID,
        }
    )
    assert (event.room_sid, event.timestamp, event.composition_uri) == (None, None, None)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PercentageDone", "12.5"),
        ("SecondsRemaining", "soon"),
        ("Size", " 7"),
        ("Duration", "1_000"),
        ("Size", "٣"),  # an Arabic-Indic digit, which int() would take
        ("Timestamp", "yesterday"),
    ],
)
def test_malformed_numbers_and_dates_are_named(name: str, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_status_callback({**COMMON, "StatusCallbackEvent": "composition-progress", name: value})
    assert caught.value.param == name
    assert repr(value) in caught.value.rule


@pytest.mark.parametrize("junk", [42, None, b"\xff\xfe", [("a",)], {"AccountSid": 7}])
def test_junk_is_a_validation_error(junk: Any) -> None:
    with pytest.raises(ValidationError):
        parse_status_callback(junk)


def test_events_are_frozen_and_compare_by_value() -> None:
    params = {**COMMON, "StatusCallbackEvent": "composition-started"}
    event = parse_status_callback(params)
    assert event == parse_status_callback(params)
    assert isinstance(event, StatusCallbackEvent)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.account_sid = "AC" + "0" * 32  # type: ignore[misc]  # frozen: the point of the test
    assert str(StatusCallbackEventType.COMPOSITION_STARTED) == "composition-started"
