from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._datetimes import format_datetime, parse_datetime
from ..models.composition_format import CompositionFormat
from ..models.composition_status import CompositionStatus
from ..models.status_callback_method import StatusCallbackMethod
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.composition_links import CompositionLinks
    from ..models.video_layout import VideoLayout


T = TypeVar("T", bound="Composition")


@_attrs_define
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
        sid (None | str): The unique string Twilio created to identify the composition.
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

    account_sid: None | str
    status: CompositionStatus
    date_created: datetime.datetime | None
    date_completed: datetime.datetime | None
    date_deleted: datetime.datetime | None
    sid: None | str
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
    bitrate: int = 0
    duration: int = 0
    encryption_key: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.composition_links import CompositionLinks  # noqa: PLC0415
        from ..models.video_layout import VideoLayout  # noqa: PLC0415

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

        sid: None | str
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
        from ..models.composition_links import CompositionLinks  # noqa: PLC0415
        from ..models.video_layout import VideoLayout  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_account_sid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account_sid = _parse_account_sid(d.pop("account_sid", None))

        status_raw = d.pop("status", None)
        if status_raw is None:
            status = cast(CompositionStatus, None)
        else:
            status = CompositionStatus(status_raw)

        def _parse_date_created(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_created_type_0 = parse_datetime(data)

                return date_created_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        date_created = _parse_date_created(d.pop("date_created", None))

        def _parse_date_completed(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_completed_type_0 = parse_datetime(data)

                return date_completed_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        date_completed = _parse_date_completed(d.pop("date_completed", None))

        def _parse_date_deleted(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_deleted_type_0 = parse_datetime(data)

                return date_deleted_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        date_deleted = _parse_date_deleted(d.pop("date_deleted", None))

        def _parse_sid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sid = _parse_sid(d.pop("sid", None))

        def _parse_room_sid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        room_sid = _parse_room_sid(d.pop("room_sid", None))

        def _parse_audio_sources(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                audio_sources_type_0 = cast(list[str], data)

                return audio_sources_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        audio_sources = _parse_audio_sources(d.pop("audio_sources", None))

        def _parse_audio_sources_excluded(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                audio_sources_excluded_type_0 = cast(list[str], data)

                return audio_sources_excluded_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        audio_sources_excluded = _parse_audio_sources_excluded(d.pop("audio_sources_excluded", None))

        def _parse_video_layout(data: object) -> None | VideoLayout:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                video_layout_type_0 = VideoLayout.from_dict(data)

                return video_layout_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | VideoLayout, data)

        video_layout = _parse_video_layout(d.pop("video_layout", None))

        def _parse_resolution(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resolution = _parse_resolution(d.pop("resolution", None))

        def _parse_trim(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        trim = _parse_trim(d.pop("trim", None))

        format_raw = d.pop("format", None)
        if format_raw is None:
            format = cast(CompositionFormat, None)
        else:
            format = CompositionFormat(format_raw)

        bitrate_raw = d.pop("bitrate", None)
        if bitrate_raw is None:
            bitrate = cast(int, None)
        else:
            bitrate = bitrate_raw

        def _parse_size(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        size = _parse_size(d.pop("size", None))

        duration_raw = d.pop("duration", None)
        if duration_raw is None:
            duration = cast(int, None)
        else:
            duration = duration_raw

        def _parse_media_external_location(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        media_external_location = _parse_media_external_location(d.pop("media_external_location", None))

        def _parse_status_callback(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        status_callback = _parse_status_callback(d.pop("status_callback", None))

        def _parse_status_callback_method(data: object) -> None | StatusCallbackMethod:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_callback_method_type_0 = StatusCallbackMethod(data)

                return status_callback_method_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StatusCallbackMethod, data)

        status_callback_method = _parse_status_callback_method(d.pop("status_callback_method", None))

        def _parse_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        url = _parse_url(d.pop("url", None))

        def _parse_links(data: object) -> CompositionLinks | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                links_type_0 = CompositionLinks.from_dict(data)

                return links_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CompositionLinks | None, data)

        links = _parse_links(d.pop("links", None))

        def _parse_encryption_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        encryption_key = _parse_encryption_key(d.pop("encryption_key", UNSET))

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
