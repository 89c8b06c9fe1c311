"""The sandbox's state: the compositions created so far, and where each is in its life.

A composition's status is not stored but read off the clock: `enqueued` for `queue_seconds` after it
was created, then `processing` for `processing_seconds`, then `completed` (or `failed`, for the room
FAILING_ROOM_SID); `deleted` from the moment it is deleted. Tests pass a fake clock and move it forward
instead of sleeping. The clock only measures time (time.monotonic by default, which never jumps); every
date is the wall-clock time the store was made plus what the clock measured since, so that dates
(date_created included) follow a fake clock too and the list's date filters can be tested.

The status callbacks a composition sends follow the same timeline (callback_schedule): composition-started
when processing begins, composition-progress at every 10% of the processing time, then
composition-available (or composition-failed) when processing ends; none after it was deleted.
"""

from __future__ import annotations

import datetime
import math
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ._spec import COMPLETED, DELETED, ENQUEUED, FAILED, PROCESSING, operation

# What the API assumes for a create parameter left out, from the spec.
DEFAULTS = operation("CreateComposition").body_defaults
# Where a composition and its media are, from the spec's routes.
_FETCH_ROUTE = operation("FetchComposition").route
_MEDIA_ROUTE = operation("FetchCompositionMedia").route

# What Twilio echoes for a region property the request left out (Twilio's public docs: a response echoes
# every property of every region, and zeros appear where the caller gave nothing). Not the spec's
# defaults (a request leaving width out means "automatic", which the answer writes as 0), so they stay
# here rather than in the spec.
_REGION_DEFAULTS: dict[str, Any] = {
    "video_sources_excluded": [],
    "x_pos": 0,
    "y_pos": 0,
    "z_pos": 0,
    "width": 0,
    "height": 0,
    "max_columns": 0,
    "max_rows": 0,
    "cells_excluded": [],
    "reuse": "show_oldest",
}
_BITRATE_KBPS = 64
MEDIA_SECONDS = 60
MEDIA_BYTES = _BITRATE_KBPS * 1000 // 8 * MEDIA_SECONDS

# A composition of this room goes enqueued -> processing -> failed (Twilio error 53626's message).
FAILING_ROOM_SID = "RM" + "fa11ed" * 5 + "fa"
FAILED_OPERATION = "media_processing"
FAILURE_MESSAGE = "Internal failure while processing media composition"
PROGRESS_STEPS = 10  # a composition-progress callback at every 10% of processing, as Twilio sends about


@dataclass(frozen=True)
class Record:
    sid: str
    index: int  # creation order, from 0: the list's order, and where a page token points
    created_at: float  # clock reading
    date_created: datetime.datetime
    fields: Mapping[str, Any]  # the create request's form fields, decoded and validated
    will_fail: bool = False  # arranged to fail (Sandbox.add_composition(fails=True))
    callbacks_from: float | None = None  # clock reading: callbacks due before it are not sent

    @property
    def fails(self) -> bool:
        return self.will_fail or str(self.fields["RoomSid"]).lower() == FAILING_ROOM_SID.lower()

    @property
    def format(self) -> str:
        return str(self.fields.get("Format", DEFAULTS["Format"]))


@dataclass(frozen=True)
class ScheduledCallback:
    """A status callback a composition sends once the clock reaches `due`."""

    due: float  # clock reading
    event: str
    params: tuple[tuple[str, str], ...]  # the form parameters, StatusCallbackEvent included


def _echo_layout(layout: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if layout is None:
        return None
    return {name: {**_REGION_DEFAULTS, **region} for name, region in layout.items()}


def _iso(moment: datetime.datetime | None) -> str | None:
    # Whole seconds, as Twilio writes its dates (queue and processing times may be fractional).
    return None if moment is None else moment.replace(microsecond=0).isoformat()


class CompositionStore:
    def __init__(
        self,
        *,
        account_sid: str,
        clock: Callable[[], float],
        queue_seconds: float,
        processing_seconds: float,
        media_bytes: int = MEDIA_BYTES,
    ) -> None:
        self.account_sid = account_sid
        self.clock = clock
        self.queue_seconds = queue_seconds
        self.processing_seconds = processing_seconds
        self.media_bytes = media_bytes
        # The one link between the clock and the calendar: every date is this moment plus clock time.
        self._wall_start = datetime.datetime.now(datetime.UTC)
        self._clock_start = clock()
        self._records: dict[str, Record] = {}
        self._in_order: list[Record] = []
        self._deleted_at: dict[str, float] = {}  # sid -> clock reading
        self._lock = threading.Lock()

    def date_at(self, reading: float) -> datetime.datetime:
        """The wall-clock date of a clock reading."""
        return self._wall_start + datetime.timedelta(seconds=reading - self._clock_start)

    def now_epoch(self) -> float:
        """Seconds since 1970 on the store's timeline (the media URLs' Expires)."""
        return self.date_at(self.clock()).timestamp()

    def create(self, fields: Mapping[str, Any], *, age: float = 0.0, fails: bool = False) -> Record:
        """A new composition; `age` seconds old already (its past callbacks are not sent), when arranged."""
        with self._lock:
            now = self.clock()
            created = now - age
            record = Record(
                sid="CJ" + secrets.token_hex(16),
                index=len(self._in_order),
                created_at=created,
                date_created=self.date_at(created).replace(microsecond=0),  # Twilio's dates are in seconds
                fields=dict(fields),
                will_fail=fails,
                callbacks_from=now if age else None,
            )
            self._records[record.sid] = record
            self._in_order.append(record)
        return record

    def created_since(self, count: int) -> list[Record]:
        """The records created after the first `count`, oldest first."""
        with self._lock:
            return self._in_order[count:]

    def newest_first(self) -> list[Record]:
        with self._lock:
            return self._in_order[::-1]

    def get(self, sid: str) -> Record | None:
        with self._lock:
            return self._records.get(sid)

    def __len__(self) -> int:
        with self._lock:
            return len(self._records)

    def delete(self, record: Record) -> None:
        """Mark the composition deleted, now; deleting it again keeps the first date."""
        with self._lock:
            self._deleted_at.setdefault(record.sid, self.clock())

    def deleted_at(self, record: Record) -> float | None:
        with self._lock:
            return self._deleted_at.get(record.sid)

    def status(self, record: Record) -> str:
        if self.deleted_at(record) is not None:
            return DELETED
        elapsed = self.clock() - record.created_at
        if elapsed < self.queue_seconds:
            return ENQUEUED
        if elapsed < self.queue_seconds + self.processing_seconds:
            return PROCESSING
        return FAILED if record.fails else COMPLETED

    def _completed_at(self, record: Record) -> float | None:
        """When processing ended (a clock reading), None if it did not end well or not before deletion."""
        end = record.created_at + self.queue_seconds + self.processing_seconds
        deleted = self.deleted_at(record)
        if record.fails or self.clock() < end or (deleted is not None and deleted < end):
            return None
        return end

    @staticmethod
    def _date_of(record: Record, reading: float | None) -> datetime.datetime | None:
        """A moment of the composition's life as a date, counted from its date_created as the status
        callbacks' Timestamps are, so that the last callback's Timestamp is its date_completed."""
        if reading is None:
            return None
        return record.date_created + datetime.timedelta(seconds=reading - record.created_at)

    def media_available(self, record: Record) -> bool:
        return self.status(record) == COMPLETED

    def callback_schedule(self, record: Record) -> list[ScheduledCallback]:
        """Every status callback of the composition, in order (sent only if it has a StatusCallback)."""
        sid = record.sid
        common = {
            "AccountSid": self.account_sid,
            "RoomSid": str(record.fields["RoomSid"]),
            "CompositionSid": sid,
            "CompositionUri": _FETCH_ROUTE.format(Sid=sid),
        }

        def scheduled(after: float, event: str, **extra: str) -> ScheduledCallback:
            moment = record.date_created + datetime.timedelta(seconds=after)
            timestamp = moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
            params = {**common, "StatusCallbackEvent": event, "Timestamp": timestamp, **extra}
            return ScheduledCallback(record.created_at + after, event, tuple(params.items()))

        start, length = self.queue_seconds, self.processing_seconds
        schedule = [scheduled(start, "composition-started")]
        for step in range(1, PROGRESS_STEPS):
            # round() first: 10 * 3 / 10 must not become 3.0000000000000004 and then 4 seconds
            remaining = math.ceil(round(length * (PROGRESS_STEPS - step) / PROGRESS_STEPS, 6))
            schedule.append(
                scheduled(
                    start + length * step / PROGRESS_STEPS,
                    "composition-progress",
                    PercentageDone=str(100 * step // PROGRESS_STEPS),
                    SecondsRemaining=str(remaining),
                )
            )
        if record.fails:
            schedule.append(
                scheduled(
                    start + length,
                    "composition-failed",
                    FailedOperation=FAILED_OPERATION,
                    ErrorMessage=FAILURE_MESSAGE,
                )
            )
        else:
            schedule.append(
                scheduled(
                    start + length,
                    "composition-available",
                    MediaUri=_MEDIA_ROUTE.format(Sid=sid),
                    Size=str(self.media_bytes),
                    Duration=str(MEDIA_SECONDS),
                )
            )
        deleted = self.deleted_at(record)
        # A composition deleted while processing says nothing more (its processing was abandoned).
        since = record.callbacks_from
        return [
            callback
            for callback in schedule
            if (deleted is None or callback.due <= deleted) and (since is None or callback.due > since)
        ]

    def known_values(self, record: Record, base_url: str) -> dict[str, Any]:
        """What the sandbox knows of a composition, by response property name (see _answers.py).

        A composition deleted after it completed keeps its dates, size and links (its metadata stays
        readable); its media route answers 404 from then on.
        """
        fields = record.fields
        completed = self._completed_at(record)
        deleted = self.deleted_at(record)
        url = base_url + _FETCH_ROUTE.format(Sid=record.sid)
        callback = fields.get("StatusCallback")
        bitrate = round(self.media_bytes * 8 / 1000 / MEDIA_SECONDS)
        return {
            "account_sid": self.account_sid,
            "status": self.status(record),
            "date_created": _iso(record.date_created),
            "date_completed": _iso(self._date_of(record, completed)),
            "date_deleted": _iso(self._date_of(record, deleted)),
            "sid": record.sid,
            "room_sid": fields["RoomSid"],
            "audio_sources": list(fields.get("AudioSources", [])),
            "audio_sources_excluded": list(fields.get("AudioSourcesExcluded", [])),
            "video_layout": _echo_layout(fields.get("VideoLayout")),
            "resolution": fields.get("Resolution", DEFAULTS["Resolution"]),
            "trim": fields.get("Trim", DEFAULTS["Trim"]),
            "format": record.format,
            "bitrate": bitrate if completed is not None else 0,
            "size": self.media_bytes if completed is not None else 0,
            "duration": MEDIA_SECONDS if completed is not None else 0,
            "status_callback": callback,
            "status_callback_method": (
                fields.get("StatusCallbackMethod", DEFAULTS["StatusCallbackMethod"]) if callback else None
            ),
            "url": url,
            "links": {"media": base_url + _MEDIA_ROUTE.format(Sid=record.sid)},
        }
