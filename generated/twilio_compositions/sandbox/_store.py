"""The sandbox's state: the compositions created so far, and where each is in its life.

A composition's status is not stored but read off the clock: `enqueued` for `queue_seconds` after it
was created, then `processing` for `processing_seconds`, then `completed` (or `failed`, for the room
FAILING_ROOM_SID). Tests pass a fake clock and move it forward instead of sleeping. The clock only
measures time (time.monotonic by default, which never jumps); dates are the wall-clock time of creation
plus what the clock measured.

The status callbacks a composition sends follow the same timeline (callback_schedule): composition-started
when processing begins, composition-progress at every 10% of the processing time, then
composition-available (or composition-failed) when processing ends.
"""

from __future__ import annotations

import datetime
import math
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .._spec_rules import OPERATIONS
from ..models import Composition

# What the API assumes for a create parameter left out, from the spec.
DEFAULTS = OPERATIONS["create_composition"].body_defaults

# What Twilio echoes for a region property the request left out (facts.md: "zeros appear where the
# caller gave nothing").
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
    created_at: float  # clock reading
    date_created: datetime.datetime
    fields: Mapping[str, Any]  # the create request's form fields, decoded and validated

    @property
    def fails(self) -> bool:
        return str(self.fields["RoomSid"]).lower() == FAILING_ROOM_SID.lower()


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


class CompositionStore:
    def __init__(
        self,
        *,
        account_sid: str,
        clock: Callable[[], float],
        queue_seconds: float,
        processing_seconds: float,
    ) -> None:
        self.account_sid = account_sid
        self.clock = clock
        self.queue_seconds = queue_seconds
        self.processing_seconds = processing_seconds
        self._records: dict[str, Record] = {}
        self._in_order: list[Record] = []
        self._lock = threading.Lock()

    def create(self, fields: Mapping[str, Any]) -> Record:
        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)  # Twilio's dates are in seconds
        record = Record(
            sid="CJ" + secrets.token_hex(16), created_at=self.clock(), date_created=now, fields=dict(fields)
        )
        with self._lock:
            self._records[record.sid] = record
            self._in_order.append(record)
        return record

    def created_since(self, count: int) -> list[Record]:
        """The records created after the first `count`, oldest first."""
        with self._lock:
            return self._in_order[count:]

    def get(self, sid: str) -> Record | None:
        with self._lock:
            return self._records.get(sid)

    def __len__(self) -> int:
        with self._lock:
            return len(self._records)

    def status(self, record: Record) -> str:
        elapsed = self.clock() - record.created_at
        if elapsed < self.queue_seconds:
            return "enqueued"
        if elapsed < self.queue_seconds + self.processing_seconds:
            return "processing"
        return "failed" if record.fails else "completed"

    def callback_schedule(self, record: Record) -> list[ScheduledCallback]:
        """Every status callback of the composition, in order (sent only if it has a StatusCallback)."""
        sid = record.sid
        common = {
            "AccountSid": self.account_sid,
            "RoomSid": str(record.fields["RoomSid"]),
            "CompositionSid": sid,
            "CompositionUri": f"/v1/Compositions/{sid}",
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
                    MediaUri=f"/v1/Compositions/{sid}/Media",
                    Size=str(MEDIA_BYTES),
                    Duration=str(MEDIA_SECONDS),
                )
            )
        return schedule

    def composition(self, record: Record, base_url: str) -> Composition:
        """The record as the API shows it, built with the generated model so that it follows the spec."""
        fields = record.fields
        status = self.status(record)
        done = status == "completed"
        url = f"{base_url}/v1/Compositions/{record.sid}"
        lifetime = datetime.timedelta(seconds=self.queue_seconds + self.processing_seconds)
        callback = fields.get("StatusCallback")
        return Composition.from_dict(
            {
                "account_sid": self.account_sid,
                "status": status,
                "date_created": record.date_created.isoformat(),
                # Whole seconds, as Twilio writes its dates (queue and processing times may be fractional).
                "date_completed": (record.date_created + lifetime).replace(microsecond=0).isoformat()
                if done
                else None,
                "date_deleted": None,
                "sid": record.sid,
                "room_sid": fields["RoomSid"],
                "audio_sources": list(fields.get("AudioSources", [])),
                "audio_sources_excluded": list(fields.get("AudioSourcesExcluded", [])),
                "video_layout": _echo_layout(fields.get("VideoLayout")),
                "resolution": fields.get("Resolution", DEFAULTS["Resolution"]),
                "trim": fields.get("Trim", DEFAULTS["Trim"]),
                "format": fields.get("Format", DEFAULTS["Format"]),
                "bitrate": _BITRATE_KBPS if done else 0,
                "size": MEDIA_BYTES if done else 0,
                "duration": MEDIA_SECONDS if done else 0,
                "media_external_location": None,
                "status_callback": callback,
                "status_callback_method": (
                    fields.get("StatusCallbackMethod", DEFAULTS["StatusCallbackMethod"]) if callback else None
                ),
                "url": url,
                "links": {"media": f"{url}/Media"},
                "encryption_key": None,
            }
        )
