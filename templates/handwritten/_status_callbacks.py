"""The status callbacks Twilio sends to a composition's StatusCallback URL, parsed into a typed event.

    from twilio_compositions import StatusCallbackEventType, parse_status_callback, verify_signature

    if not verify_signature(url, form, request.headers.get("X-Twilio-Signature"), auth_token):
        return 403
    event = parse_status_callback(form)
    if event.status_callback_event == StatusCallbackEventType.COMPOSITION_AVAILABLE:
        download(event.media_uri)

A callback is a form (POST body, or the query string of a GET) of PascalCase parameters. Every event
carries AccountSid, RoomSid, StatusCallbackEvent, Timestamp, CompositionSid and CompositionUri; each kind
of event adds its own (see StatusCallbackEvent). Parsing is forward compatible: an event name this
package does not know stays a plain string, and parameters it does not know are kept in
`additional_properties`, so a new kind of callback never makes a receiver fail.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any
from urllib.parse import parse_qsl

import attrs

from ._datetimes import parse_datetime
from ._exceptions import ValidationError

__all__ = ["StatusCallbackEvent", "StatusCallbackEventType", "parse_status_callback"]


class StatusCallbackEventType(StrEnum):
    """The composition events Twilio reports (the `StatusCallbackEvent` parameter)."""

    COMPOSITION_ENQUEUED = "composition-enqueued"  # only for compositions created by a composition hook
    COMPOSITION_STARTED = "composition-started"
    COMPOSITION_PROGRESS = "composition-progress"  # about every 10%
    COMPOSITION_AVAILABLE = "composition-available"
    COMPOSITION_FAILED = "composition-failed"

    def __str__(self) -> str:
        return str(self.value)


# Form parameter -> attribute, for the parameters other than the required ones.
_TEXT_PARAMS = {
    "RoomSid": "room_sid",
    "CompositionUri": "composition_uri",
    "MediaUri": "media_uri",
    "MediaExternalLocation": "media_external_location",
    "FailedOperation": "failed_operation",
    "ErrorMessage": "error_message",
    "HookSid": "hook_sid",
    "HookUri": "hook_uri",
    "HookFriendlyName": "hook_friendly_name",
}
_INTEGER_PARAMS = {
    "PercentageDone": "percentage_done",
    "SecondsRemaining": "seconds_remaining",
    "Size": "size",
    "Duration": "duration",
}
# Without these the event cannot be acted on: which kind, for which account, about which composition.
_REQUIRED_PARAMS = {
    "StatusCallbackEvent": "status_callback_event",
    "AccountSid": "account_sid",
    "CompositionSid": "composition_sid",
}
_KNOWN_PARAMS = {*_TEXT_PARAMS, *_INTEGER_PARAMS, *_REQUIRED_PARAMS, "Timestamp"}
_INTEGER = re.compile(r"-?[0-9]+")
_KNOWN_EVENTS = {event.value for event in StatusCallbackEventType}


@attrs.frozen(kw_only=True)
class StatusCallbackEvent:
    """One status callback about a composition.

    Attributes that an event does not carry are None: `percentage_done` and `seconds_remaining` come
    with composition-progress; `media_uri`, `size` (bytes), `duration` (seconds) and
    `media_external_location` with composition-available; `failed_operation` and `error_message` with
    composition-failed; the hook attributes with composition-enqueued.
    """

    status_callback_event: StatusCallbackEventType | str
    """The kind of event; a plain string when this package does not know the name."""
    account_sid: str
    composition_sid: str
    room_sid: str | None = None
    composition_uri: str | None = None
    timestamp: datetime.datetime | None = None
    """When the event happened, timezone-aware."""
    percentage_done: int | None = None
    seconds_remaining: int | None = None
    media_uri: str | None = None
    size: int | None = None
    duration: int | None = None
    media_external_location: str | None = None
    failed_operation: str | None = None
    error_message: str | None = None
    hook_sid: str | None = None
    hook_uri: str | None = None
    hook_friendly_name: str | None = None
    additional_properties: Mapping[str, str] = attrs.field(factory=dict)
    """The parameters this package does not know, as sent."""


CallbackParams = Mapping[str, str | Sequence[str]] | Sequence[tuple[str, str]] | bytes | str


def _first_values(params: CallbackParams) -> dict[str, str]:
    """Each parameter's first value: a status callback never repeats one."""
    if isinstance(params, bytes):
        params = params.decode("utf-8")
    if isinstance(params, str):
        params = parse_qsl(params, keep_blank_values=True)
    values: dict[str, str] = {}
    pairs = params.items() if isinstance(params, Mapping) else params
    for name, value in pairs:
        if not isinstance(value, str):  # a list of values, as parse_qs and some frameworks give
            value = next(iter(value), "")
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError("names and values must be strings")
        values.setdefault(name, value)
    return values


def _integer(name: str, text: str) -> int:
    # Stricter than int(), which would also take " 7", "1_000" and non-ASCII digits.
    if not _INTEGER.fullmatch(text):
        raise ValidationError(name, f"must be an integer, got {text[:40]!r}")
    return int(text)


def parse_status_callback(params: CallbackParams) -> StatusCallbackEvent:
    """The status callback that these form parameters make.

    params: the callback's form parameters, as a mapping (a value, or a list of values, per name; what
        web frameworks give for a form), as (name, value) pairs, or as the raw form body or query
        string (bytes or str).

    Raises ValidationError (a ValueError) naming the parameter when StatusCallbackEvent, AccountSid or
    CompositionSid is missing or empty, when an integer parameter (PercentageDone, SecondsRemaining,
    Size, Duration) is not an integer, or when Timestamp is not an ISO 8601 date. Other parameters are
    optional: absent or empty, they are None. An unknown event name is kept as a plain string and
    unknown parameters go to `additional_properties`; neither raises.
    """
    try:
        values = _first_values(params)
    except (TypeError, ValueError):  # not pairs of strings, or a body that is not UTF-8
        raise ValidationError("params", "must be form parameters or a form-encoded body") from None
    found: dict[str, Any] = {}
    for name, attribute in _REQUIRED_PARAMS.items():
        if not values.get(name):
            raise ValidationError(name, "is required in a status callback")
        found[attribute] = values[name]
    if found["status_callback_event"] in _KNOWN_EVENTS:
        found["status_callback_event"] = StatusCallbackEventType(found["status_callback_event"])
    for name, attribute in _TEXT_PARAMS.items():
        found[attribute] = values.get(name) or None
    for name, attribute in _INTEGER_PARAMS.items():
        found[attribute] = _integer(name, values[name]) if values.get(name) else None
    if timestamp := values.get("Timestamp"):
        try:
            found["timestamp"] = parse_datetime(timestamp)
        except ValueError:
            raise ValidationError("Timestamp", f"must be an ISO 8601 date, got {timestamp[:40]!r}") from None
    extra = {name: value for name, value in values.items() if name not in _KNOWN_PARAMS}
    return StatusCallbackEvent(**found, additional_properties=extra)
