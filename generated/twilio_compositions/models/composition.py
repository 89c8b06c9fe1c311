from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from .._datetimes import format_datetime, parse_datetime
from ..models.composition_format import CompositionFormat
from ..models.composition_status import CompositionStatus
from ..models.status_callback_method import StatusCallbackMethod
from ..types import UNSET, Unset

T = TypeVar("T", bound="Composition")


class Composition:
    """A composition of a Group Room's recorded tracks into one media file.

    Attributes:
        account_sid (None | str): The SID of the Account that created the composition.
        status (CompositionStatus): Where the composition is in its life. `enqueued`: received and waiting to be
            processed (the first state). `processing`: being composed. `completed`: done, and the media can be downloaded.
            `deleted`: the media was deleted; the metadata stays available for 30 days. `failed`: the media processing did
            not succeed.
        date_created (datetime.datetime | None): When the resource was created, in GMT, ISO 8601.
        date_completed (datetime.datetime | None): When the media processing of the composition finished, in GMT, ISO
            8601.
        date_deleted (datetime.datetime | None): When the composed media was deleted, in GMT, ISO 8601.
        sid (str): The unique string Twilio created to identify the composition.
        room_sid (None | str): The SID of the Group Room whose tracks were composed. Every media source of a composition
            belongs to that one room.
        audio_sources (list[str] | None): Names of the audio tracks included, with `*` as a wild card (`student*` takes
            `student` and `studentTeam`); every one of them except those in `audio_sources_excluded`.
        audio_sources_excluded (list[str] | None): Names of the audio tracks left out, with the same wild card; may be
            empty.
        video_layout (None | VideoLayout): The video layout of the composition, as regions.
        resolution (None | str): The size of the video in pixels, `{width}x{height}`, for example `640x480`.
        trim (bool | None): Whether stretches with no media were removed, as asked for in the create request. Trimmed
            compositions are shorter when nobody joined the room for a while, or everyone left and came back.
        format (CompositionFormat): The container format of the composition's media file.
        bitrate (int): The average bit rate of the media. Default: 0.
        size (int | None): The size of the composed media file in bytes.
        duration (int): The length of the composed media file in seconds. Default: 0.
        media_external_location (None | str): Where the media file is stored when it is kept outside Twilio (external S3
            compositions).
        status_callback (None | str): The URL called with `status_callback_method` on every composition event.
        status_callback_method (None | StatusCallbackMethod): The HTTP method used to call `status_callback`; `POST`
            unless the request said `GET`.
        url (None | str): The absolute URL of this resource.
        links (CompositionLinks | None): URLs of related resources; `media` is the composed media file.
        encryption_key (None | str | Unset): Not documented by Twilio; null in every published example.
    """

    __slots__ = (
        "account_sid",
        "status",
        "date_created",
        "date_completed",
        "date_deleted",
        "sid",
        "room_sid",
        "audio_sources",
        "audio_sources_excluded",
        "video_layout",
        "resolution",
        "trim",
        "format",
        "size",
        "media_external_location",
        "status_callback",
        "status_callback_method",
        "url",
        "links",
        "bitrate",
        "duration",
        "encryption_key",
        "additional_properties",
        "__weakref__",
    )
    __match_args__ = (
        "account_sid",
        "status",
        "date_created",
        "date_completed",
        "date_deleted",
        "sid",
        "room_sid",
        "audio_sources",
        "audio_sources_excluded",
        "video_layout",
        "resolution",
        "trim",
        "format",
        "size",
        "media_external_location",
        "status_callback",
        "status_callback_method",
        "url",
        "links",
        "bitrate",
        "duration",
        "encryption_key",
    )

    account_sid: None | str
    status: CompositionStatus
    date_created: datetime.datetime | None
    date_completed: datetime.datetime | None
    date_deleted: datetime.datetime | None
    sid: str
    room_sid: None | str
    audio_sources: list[str] | None
    audio_sources_excluded: list[str] | None
    video_layout: None | VideoLayout
    resolution: None | str
    trim: bool | None
    format: CompositionFormat
    size: int | None
    media_external_location: None | str
    status_callback: None | str
    status_callback_method: None | StatusCallbackMethod
    url: None | str
    links: CompositionLinks | None
    bitrate: int
    duration: int
    encryption_key: None | str | Unset
    additional_properties: dict[str, Any]

    def __init__(
        self,
        account_sid: None | str,
        status: CompositionStatus,
        date_created: datetime.datetime | None,
        date_completed: datetime.datetime | None,
        date_deleted: datetime.datetime | None,
        sid: str,
        room_sid: None | str,
        audio_sources: list[str] | None,
        audio_sources_excluded: list[str] | None,
        video_layout: None | VideoLayout,
        resolution: None | str,
        trim: bool | None,
        format: CompositionFormat,
        size: int | None,
        media_external_location: None | str,
        status_callback: None | str,
        status_callback_method: None | StatusCallbackMethod,
        url: None | str,
        links: CompositionLinks | None,
        bitrate: int = 0,
        duration: int = 0,
        encryption_key: None | str | Unset = UNSET,
    ) -> None:
        self.account_sid = account_sid
        self.status = status
        self.date_created = date_created
        self.date_completed = date_completed
        self.date_deleted = date_deleted
        self.sid = sid
        self.room_sid = room_sid
        self.audio_sources = audio_sources
        self.audio_sources_excluded = audio_sources_excluded
        self.video_layout = video_layout
        self.resolution = resolution
        self.trim = trim
        self.format = format
        self.size = size
        self.media_external_location = media_external_location
        self.status_callback = status_callback
        self.status_callback_method = status_callback_method
        self.url = url
        self.links = links
        self.bitrate = bitrate
        self.duration = duration
        self.encryption_key = encryption_key
        self.additional_properties = {}

    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}("
            f"account_sid={self.account_sid!r}, "
            f"status={self.status!r}, "
            f"date_created={self.date_created!r}, "
            f"date_completed={self.date_completed!r}, "
            f"date_deleted={self.date_deleted!r}, "
            f"sid={self.sid!r}, "
            f"room_sid={self.room_sid!r}, "
            f"audio_sources={self.audio_sources!r}, "
            f"audio_sources_excluded={self.audio_sources_excluded!r}, "
            f"video_layout={self.video_layout!r}, "
            f"resolution={self.resolution!r}, "
            f"trim={self.trim!r}, "
            f"format={self.format!r}, "
            f"size={self.size!r}, "
            f"media_external_location={self.media_external_location!r}, "
            f"status_callback={self.status_callback!r}, "
            f"status_callback_method={self.status_callback_method!r}, "
            f"url={self.url!r}, "
            f"links={self.links!r}, "
            f"bitrate={self.bitrate!r}, "
            f"duration={self.duration!r}, "
            f"encryption_key={self.encryption_key!r}, "
            f"additional_properties={self.additional_properties!r}"
            ")"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Composition) or other.__class__ is not self.__class__:
            return NotImplemented
        return (
            self.account_sid,
            self.status,
            self.date_created,
            self.date_completed,
            self.date_deleted,
            self.sid,
            self.room_sid,
            self.audio_sources,
            self.audio_sources_excluded,
            self.video_layout,
            self.resolution,
            self.trim,
            self.format,
            self.size,
            self.media_external_location,
            self.status_callback,
            self.status_callback_method,
            self.url,
            self.links,
            self.bitrate,
            self.duration,
            self.encryption_key,
            self.additional_properties,
        ) == (
            other.account_sid,
            other.status,
            other.date_created,
            other.date_completed,
            other.date_deleted,
            other.sid,
            other.room_sid,
            other.audio_sources,
            other.audio_sources_excluded,
            other.video_layout,
            other.resolution,
            other.trim,
            other.format,
            other.size,
            other.media_external_location,
            other.status_callback,
            other.status_callback_method,
            other.url,
            other.links,
            other.bitrate,
            other.duration,
            other.encryption_key,
            other.additional_properties,
        )

    def to_dict(self) -> dict[str, Any]:
        account_sid: None | str
        account_sid = self.account_sid

        status = self.status.value

        date_created: None | str
        if isinstance(self.date_created, datetime.datetime):
            date_created = format_datetime(self.date_created)
        else:
            date_created = self.date_created

        date_completed: None | str
        if isinstance(self.date_completed, datetime.datetime):
            date_completed = format_datetime(self.date_completed)
        else:
            date_completed = self.date_completed

        date_deleted: None | str
        if isinstance(self.date_deleted, datetime.datetime):
            date_deleted = format_datetime(self.date_deleted)
        else:
            date_deleted = self.date_deleted

        sid = self.sid

        room_sid: None | str
        room_sid = self.room_sid

        audio_sources: list[str] | None
        if isinstance(self.audio_sources, list):
            audio_sources = self.audio_sources

        else:
            audio_sources = self.audio_sources

        audio_sources_excluded: list[str] | None
        if isinstance(self.audio_sources_excluded, list):
            audio_sources_excluded = self.audio_sources_excluded

        else:
            audio_sources_excluded = self.audio_sources_excluded

        video_layout: dict[str, Any] | None
        if isinstance(self.video_layout, VideoLayout):
            video_layout = self.video_layout.to_dict()
        else:
            video_layout = self.video_layout

        resolution: None | str
        resolution = self.resolution

        trim: bool | None
        trim = self.trim

        format = self.format.value

        bitrate = self.bitrate

        size: int | None
        size = self.size

        duration = self.duration

        media_external_location: None | str
        media_external_location = self.media_external_location

        status_callback: None | str
        status_callback = self.status_callback

        status_callback_method: None | str
        if isinstance(self.status_callback_method, StatusCallbackMethod):
            status_callback_method = self.status_callback_method.value
        else:
            status_callback_method = self.status_callback_method

        url: None | str
        url = self.url

        links: dict[str, Any] | None
        if isinstance(self.links, CompositionLinks):
            links = self.links.to_dict()
        else:
            links = self.links

        encryption_key: None | str | Unset
        if isinstance(self.encryption_key, Unset):
            encryption_key = UNSET
        else:
            encryption_key = self.encryption_key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_sid": account_sid,
                "status": status,
                "date_created": date_created,
                "date_completed": date_completed,
                "date_deleted": date_deleted,
                "sid": sid,
                "room_sid": room_sid,
                "audio_sources": audio_sources,
                "audio_sources_excluded": audio_sources_excluded,
                "video_layout": video_layout,
                "resolution": resolution,
                "trim": trim,
                "format": format,
                "bitrate": bitrate,
                "size": size,
                "duration": duration,
                "media_external_location": media_external_location,
                "status_callback": status_callback,
                "status_callback_method": status_callback_method,
                "url": url,
                "links": links,
            }
        )
        if encryption_key is not UNSET:
            field_dict["encryption_key"] = encryption_key

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_sid: None | str = d.pop("account_sid", None)

        status_raw = d.pop("status", None)
        if status_raw is None:
            status = cast(CompositionStatus, None)
        else:
            status = (
                _composition_status_members[status_raw]
                if status_raw in _composition_status_members
                else CompositionStatus(status_raw)
            )

        date_created_raw = d.pop("date_created", None)
        date_created: datetime.datetime | None
        if date_created_raw is None:
            date_created = date_created_raw
        else:
            date_created = parse_datetime(date_created_raw)

        date_completed_raw = d.pop("date_completed", None)
        date_completed: datetime.datetime | None
        if date_completed_raw is None:
            date_completed = date_completed_raw
        else:
            date_completed = parse_datetime(date_completed_raw)

        date_deleted_raw = d.pop("date_deleted", None)
        date_deleted: datetime.datetime | None
        if date_deleted_raw is None:
            date_deleted = date_deleted_raw
        else:
            date_deleted = parse_datetime(date_deleted_raw)

        sid: str = d.pop("sid", None)

        room_sid: None | str = d.pop("room_sid", None)

        audio_sources: list[str] | None = d.pop("audio_sources", None)

        audio_sources_excluded: list[str] | None = d.pop("audio_sources_excluded", None)

        video_layout_raw = d.pop("video_layout", None)
        video_layout: None | VideoLayout
        if video_layout_raw is None:
            video_layout = video_layout_raw
        else:
            video_layout = VideoLayout.from_dict(video_layout_raw)

        resolution: None | str = d.pop("resolution", None)

        trim: bool | None = d.pop("trim", None)

        format_raw = d.pop("format", None)
        if format_raw is None:
            format = cast(CompositionFormat, None)
        else:
            format = (
                _composition_format_members[format_raw]
                if format_raw in _composition_format_members
                else CompositionFormat(format_raw)
            )

        bitrate: int = d.pop("bitrate", None)

        size: int | None = d.pop("size", None)

        duration: int = d.pop("duration", None)

        media_external_location: None | str = d.pop("media_external_location", None)

        status_callback: None | str = d.pop("status_callback", None)

        status_callback_method_raw = d.pop("status_callback_method", None)
        status_callback_method: None | StatusCallbackMethod
        if status_callback_method_raw is None:
            status_callback_method = status_callback_method_raw
        else:
            status_callback_method = (
                _status_callback_method_members[status_callback_method_raw]
                if status_callback_method_raw in _status_callback_method_members
                else StatusCallbackMethod(status_callback_method_raw)
            )

        url: None | str = d.pop("url", None)

        links_raw = d.pop("links", None)
        links: CompositionLinks | None
        if links_raw is None:
            links = links_raw
        else:
            links = CompositionLinks.from_dict(links_raw)

        encryption_key: None | str | Unset = d.pop("encryption_key", UNSET)

        composition = cls(
            account_sid=account_sid,
            status=status,
            date_created=date_created,
            date_completed=date_completed,
            date_deleted=date_deleted,
            sid=sid,
            room_sid=room_sid,
            audio_sources=audio_sources,
            audio_sources_excluded=audio_sources_excluded,
            video_layout=video_layout,
            resolution=resolution,
            trim=trim,
            format=format,
            bitrate=bitrate,
            size=size,
            duration=duration,
            media_external_location=media_external_location,
            status_callback=status_callback,
            status_callback_method=status_callback_method,
            url=url,
            links=links,
            encryption_key=encryption_key,
        )

        composition.additional_properties = d
        return composition

    @classmethod
    def _wire_dict(cls, src_dict: Mapping[str, Any]) -> dict[str, Any]:
        """What cls.from_dict(src_dict).to_dict() returns, for valid request data, without the model."""
        return cls.from_dict(src_dict).to_dict()

    @classmethod
    def _from_checked(cls: type[T], d: dict[str, Any]) -> T:
        """from_dict of an answer that check_shape passed, the endpoint's own dict (see the template)."""
        if d.__class__ is not dict:  # null, or a Mapping: from_dict's answer, or its very error
            return cls.from_dict(d)
        composition = cls.__new__(cls)
        composition.account_sid = d.pop("account_sid", None)

        status_raw = d.pop("status", None)
        if status_raw is None:
            status = cast(CompositionStatus, None)
        else:
            status = (
                _composition_status_members[status_raw]
                if status_raw in _composition_status_members
                else CompositionStatus(status_raw)
            )

        date_created_raw = d.pop("date_created", None)
        date_created: datetime.datetime | None
        if date_created_raw is None:
            date_created = date_created_raw
        else:
            date_created = parse_datetime(date_created_raw)

        date_completed_raw = d.pop("date_completed", None)
        date_completed: datetime.datetime | None
        if date_completed_raw is None:
            date_completed = date_completed_raw
        else:
            date_completed = parse_datetime(date_completed_raw)

        date_deleted_raw = d.pop("date_deleted", None)
        date_deleted: datetime.datetime | None
        if date_deleted_raw is None:
            date_deleted = date_deleted_raw
        else:
            date_deleted = parse_datetime(date_deleted_raw)

        composition.sid = d.pop("sid", None)

        composition.room_sid = d.pop("room_sid", None)

        composition.audio_sources = d.pop("audio_sources", None)

        composition.audio_sources_excluded = d.pop("audio_sources_excluded", None)

        video_layout_raw = d.pop("video_layout", None)
        video_layout: None | VideoLayout
        if video_layout_raw is None:
            video_layout = video_layout_raw
        else:
            video_layout = VideoLayout._from_checked(video_layout_raw)

        composition.resolution = d.pop("resolution", None)

        composition.trim = d.pop("trim", None)

        format_raw = d.pop("format", None)
        if format_raw is None:
            format = cast(CompositionFormat, None)
        else:
            format = (
                _composition_format_members[format_raw]
                if format_raw in _composition_format_members
                else CompositionFormat(format_raw)
            )

        composition.bitrate = d.pop("bitrate", None)

        composition.size = d.pop("size", None)

        composition.duration = d.pop("duration", None)

        composition.media_external_location = d.pop("media_external_location", None)

        composition.status_callback = d.pop("status_callback", None)

        status_callback_method_raw = d.pop("status_callback_method", None)
        status_callback_method: None | StatusCallbackMethod
        if status_callback_method_raw is None:
            status_callback_method = status_callback_method_raw
        else:
            status_callback_method = (
                _status_callback_method_members[status_callback_method_raw]
                if status_callback_method_raw in _status_callback_method_members
                else StatusCallbackMethod(status_callback_method_raw)
            )

        composition.url = d.pop("url", None)

        links_raw = d.pop("links", None)
        links: CompositionLinks | None
        if links_raw is None:
            links = links_raw
        else:
            links = CompositionLinks._from_checked(links_raw)

        composition.encryption_key = d.pop("encryption_key", UNSET)

        composition.status = status
        composition.date_created = date_created
        composition.date_completed = date_completed
        composition.date_deleted = date_deleted
        composition.video_layout = video_layout
        composition.format = format
        composition.status_callback_method = status_callback_method
        composition.links = links
        composition.additional_properties = d
        return composition

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# Last, once the class above exists: models that refer to each other then import in any order.
from ..models.composition_links import CompositionLinks  # noqa: E402
from ..models.video_layout import VideoLayout  # noqa: E402

# For from_dict: each enum's members by value, found without the enum's own (slow) call.
_composition_status_members: dict[Any, CompositionStatus] = {
    member.value: member for member in CompositionStatus
}
_composition_format_members: dict[Any, CompositionFormat] = {
    member.value: member for member in CompositionFormat
}
_status_callback_method_members: dict[Any, StatusCallbackMethod] = {
    member.value: member for member in StatusCallbackMethod
}
