from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from ..models.composition_format import CompositionFormat
from ..models.status_callback_method import StatusCallbackMethod
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateCompositionRequest")


class CreateCompositionRequest:
    """The form parameters of a create request. Either `VideoLayout` or `AudioSources` must be given. Parameters the caller
    did not set are not sent.

        Attributes:
            room_sid (str): The SID of the Group Room whose recorded tracks are the sources of the composition.
            video_layout (VideoLayout | Unset): The video layout of a composition: named regions of the canvas (at least
                one; any names), each showing a set of video sources. In a create request it travels as one form field whose
                value is the layout as a JSON document.
            audio_sources (list[str] | Unset): Names of the audio tracks of the same Group Room to mix into the composition;
                zero or more. A `*` matches zero or more characters, so `student*` takes `student` and `studentTeam`. The
                composition takes every source in `AudioSources` except those in `AudioSourcesExcluded`. Either this or
                `VideoLayout` must be given.
            audio_sources_excluded (list[str] | Unset): Names of audio tracks to leave out, with the same `*` wild card:
                `student*` excludes `student` and `studentTeam`. May be empty.
            resolution (str | Unset): The size of the composed video, `{width}x{height}` in pixels, with 16 <= width <=
                1280, 16 <= height <= 1280 and width * height <= 921,600. Typical values: `1280x720` (HD), `1024x576` (PAL),
                `640x480` (VGA), `320x240` (CIF). The resolution fixes the aspect ratio of the result; video tracks of another
                aspect ratio are scaled to fit. Default: '640x480'.
            format (CompositionFormat | Unset): The container format of the composition's media file.
            status_callback (str | Unset): The absolute `http://` or `https://` URL called with the `StatusCallbackMethod`
                on every composition event. No status callbacks are sent when it is not given.
            status_callback_method (StatusCallbackMethod | Unset): The HTTP method used to call the status callback URL;
                `POST` unless a request says `GET`.
            trim (bool | Unset): Whether to cut the stretches with no active media (before anyone joined, or while everyone
                was away) from the composition. Default true. Default: True.
    """

    __slots__ = (
        "room_sid",
        "video_layout",
        "audio_sources",
        "audio_sources_excluded",
        "resolution",
        "format",
        "status_callback",
        "status_callback_method",
        "trim",
        "additional_properties",
        "__weakref__",
    )
    __match_args__ = (
        "room_sid",
        "video_layout",
        "audio_sources",
        "audio_sources_excluded",
        "resolution",
        "format",
        "status_callback",
        "status_callback_method",
        "trim",
    )

    room_sid: str
    video_layout: VideoLayout | Unset
    audio_sources: list[str] | Unset
    audio_sources_excluded: list[str] | Unset
    resolution: str | Unset
    format: CompositionFormat | Unset
    status_callback: str | Unset
    status_callback_method: StatusCallbackMethod | Unset
    trim: bool | Unset
    additional_properties: dict[str, Any]

    def __init__(
        self,
        room_sid: str,
        video_layout: VideoLayout | Unset = UNSET,
        audio_sources: list[str] | Unset = UNSET,
        audio_sources_excluded: list[str] | Unset = UNSET,
        resolution: str | Unset = UNSET,
        format: CompositionFormat | Unset = UNSET,
        status_callback: str | Unset = UNSET,
        status_callback_method: StatusCallbackMethod | Unset = UNSET,
        trim: bool | Unset = UNSET,
    ) -> None:
        self.room_sid = room_sid
        self.video_layout = video_layout
        self.audio_sources = audio_sources
        self.audio_sources_excluded = audio_sources_excluded
        self.resolution = resolution
        self.format = format
        self.status_callback = status_callback
        self.status_callback_method = status_callback_method
        self.trim = trim
        self.additional_properties = {}

    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}("
            f"room_sid={self.room_sid!r}, "
            f"video_layout={self.video_layout!r}, "
            f"audio_sources={self.audio_sources!r}, "
            f"audio_sources_excluded={self.audio_sources_excluded!r}, "
            f"resolution={self.resolution!r}, "
            f"format={self.format!r}, "
            f"status_callback={self.status_callback!r}, "
            f"status_callback_method={self.status_callback_method!r}, "
            f"trim={self.trim!r}, "
            f"additional_properties={self.additional_properties!r}"
            ")"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CreateCompositionRequest) or other.__class__ is not self.__class__:
            return NotImplemented
        return (
            self.room_sid,
            self.video_layout,
            self.audio_sources,
            self.audio_sources_excluded,
            self.resolution,
            self.format,
            self.status_callback,
            self.status_callback_method,
            self.trim,
            self.additional_properties,
        ) == (
            other.room_sid,
            other.video_layout,
            other.audio_sources,
            other.audio_sources_excluded,
            other.resolution,
            other.format,
            other.status_callback,
            other.status_callback_method,
            other.trim,
            other.additional_properties,
        )

    def to_dict(self) -> dict[str, Any]:
        room_sid = self.room_sid

        video_layout: dict[str, Any] | Unset = UNSET
        if not isinstance(self.video_layout, Unset):
            video_layout = self.video_layout.to_dict()

        audio_sources: list[str] | Unset = UNSET
        if not isinstance(self.audio_sources, Unset):
            audio_sources = self.audio_sources

        audio_sources_excluded: list[str] | Unset = UNSET
        if not isinstance(self.audio_sources_excluded, Unset):
            audio_sources_excluded = self.audio_sources_excluded

        resolution = self.resolution

        format: str | Unset = UNSET
        if not isinstance(self.format, Unset):
            format = self.format.value

        status_callback = self.status_callback

        status_callback_method: str | Unset = UNSET
        if not isinstance(self.status_callback_method, Unset):
            status_callback_method = self.status_callback_method.value

        trim = self.trim

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "RoomSid": room_sid,
            }
        )
        if video_layout is not UNSET:
            field_dict["VideoLayout"] = video_layout
        if audio_sources is not UNSET:
            field_dict["AudioSources"] = audio_sources
        if audio_sources_excluded is not UNSET:
            field_dict["AudioSourcesExcluded"] = audio_sources_excluded
        if resolution is not UNSET:
            field_dict["Resolution"] = resolution
        if format is not UNSET:
            field_dict["Format"] = format
        if status_callback is not UNSET:
            field_dict["StatusCallback"] = status_callback
        if status_callback_method is not UNSET:
            field_dict["StatusCallbackMethod"] = status_callback_method
        if trim is not UNSET:
            field_dict["Trim"] = trim

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        room_sid: str = d.pop("RoomSid", None)

        video_layout_raw = d.pop("VideoLayout", UNSET)
        video_layout: VideoLayout | Unset
        if video_layout_raw is None or video_layout_raw is UNSET:
            video_layout = UNSET
        else:
            video_layout = VideoLayout.from_dict(video_layout_raw)

        audio_sources: list[str] | Unset = d.pop("AudioSources", UNSET)
        if audio_sources is None:
            audio_sources = UNSET

        audio_sources_excluded: list[str] | Unset = d.pop("AudioSourcesExcluded", UNSET)
        if audio_sources_excluded is None:
            audio_sources_excluded = UNSET

        resolution: str | Unset = d.pop("Resolution", UNSET)
        if resolution is None:
            resolution = UNSET

        format_raw = d.pop("Format", UNSET)
        format: CompositionFormat | Unset
        if format_raw is None or format_raw is UNSET:
            format = UNSET
        else:
            format = (
                _composition_format_members[format_raw]
                if format_raw in _composition_format_members
                else CompositionFormat(format_raw)
            )

        status_callback: str | Unset = d.pop("StatusCallback", UNSET)
        if status_callback is None:
            status_callback = UNSET

        status_callback_method_raw = d.pop("StatusCallbackMethod", UNSET)
        status_callback_method: StatusCallbackMethod | Unset
        if status_callback_method_raw is None or status_callback_method_raw is UNSET:
            status_callback_method = UNSET
        else:
            status_callback_method = (
                _status_callback_method_members[status_callback_method_raw]
                if status_callback_method_raw in _status_callback_method_members
                else StatusCallbackMethod(status_callback_method_raw)
            )

        trim: bool | Unset = d.pop("Trim", UNSET)
        if trim is None:
            trim = UNSET

        create_composition_request = cls(
            room_sid=room_sid,
            video_layout=video_layout,
            audio_sources=audio_sources,
            audio_sources_excluded=audio_sources_excluded,
            resolution=resolution,
            format=format,
            status_callback=status_callback,
            status_callback_method=status_callback_method,
            trim=trim,
        )

        create_composition_request.additional_properties = d
        return create_composition_request

    @classmethod
    def _wire_dict(cls, src_dict: Mapping[str, Any]) -> dict[str, Any]:
        """What cls.from_dict(src_dict).to_dict() returns, for valid request data, without the model."""
        d = dict(src_dict)
        room_sid_raw = d.pop("RoomSid", None)
        video_layout_raw = d.pop("VideoLayout", None)
        audio_sources_raw = d.pop("AudioSources", None)
        audio_sources_excluded_raw = d.pop("AudioSourcesExcluded", None)
        resolution_raw = d.pop("Resolution", None)
        format_raw = d.pop("Format", None)
        status_callback_raw = d.pop("StatusCallback", None)
        status_callback_method_raw = d.pop("StatusCallbackMethod", None)
        trim_raw = d.pop("Trim", None)
        field_dict: dict[str, Any] = d
        field_dict["RoomSid"] = room_sid_raw
        if video_layout_raw is not None:
            field_dict["VideoLayout"] = VideoLayout._wire_dict(video_layout_raw)
        if audio_sources_raw is not None:
            field_dict["AudioSources"] = audio_sources_raw
        if audio_sources_excluded_raw is not None:
            field_dict["AudioSourcesExcluded"] = audio_sources_excluded_raw
        if resolution_raw is not None:
            field_dict["Resolution"] = resolution_raw
        if format_raw is not None:
            field_dict["Format"] = (
                _composition_format_members[format_raw]
                if format_raw in _composition_format_members
                else CompositionFormat(format_raw)
            ).value
        if status_callback_raw is not None:
            field_dict["StatusCallback"] = status_callback_raw
        if status_callback_method_raw is not None:
            field_dict["StatusCallbackMethod"] = (
                _status_callback_method_members[status_callback_method_raw]
                if status_callback_method_raw in _status_callback_method_members
                else StatusCallbackMethod(status_callback_method_raw)
            ).value
        if trim_raw is not None:
            field_dict["Trim"] = trim_raw
        return field_dict

    @classmethod
    def _from_checked(cls: type[T], d: dict[str, Any]) -> T:
        """from_dict of an answer that check_shape passed, the endpoint's own dict (see the template)."""
        if d.__class__ is not dict:  # null, or a Mapping: from_dict's answer, or its very error
            return cls.from_dict(d)
        create_composition_request = cls.__new__(cls)
        create_composition_request.room_sid = d.pop("RoomSid", None)

        video_layout_raw = d.pop("VideoLayout", UNSET)
        video_layout: VideoLayout | Unset
        if video_layout_raw is None or video_layout_raw is UNSET:
            video_layout = UNSET
        else:
            video_layout = VideoLayout._from_checked(video_layout_raw)

        audio_sources: list[str] | Unset = d.pop("AudioSources", UNSET)
        if audio_sources is None:
            audio_sources = UNSET

        audio_sources_excluded: list[str] | Unset = d.pop("AudioSourcesExcluded", UNSET)
        if audio_sources_excluded is None:
            audio_sources_excluded = UNSET

        resolution: str | Unset = d.pop("Resolution", UNSET)
        if resolution is None:
            resolution = UNSET

        format_raw = d.pop("Format", UNSET)
        format: CompositionFormat | Unset
        if format_raw is None or format_raw is UNSET:
            format = UNSET
        else:
            format = (
                _composition_format_members[format_raw]
                if format_raw in _composition_format_members
                else CompositionFormat(format_raw)
            )

        status_callback: str | Unset = d.pop("StatusCallback", UNSET)
        if status_callback is None:
            status_callback = UNSET

        status_callback_method_raw = d.pop("StatusCallbackMethod", UNSET)
        status_callback_method: StatusCallbackMethod | Unset
        if status_callback_method_raw is None or status_callback_method_raw is UNSET:
            status_callback_method = UNSET
        else:
            status_callback_method = (
                _status_callback_method_members[status_callback_method_raw]
                if status_callback_method_raw in _status_callback_method_members
                else StatusCallbackMethod(status_callback_method_raw)
            )

        trim: bool | Unset = d.pop("Trim", UNSET)
        if trim is None:
            trim = UNSET

        create_composition_request.video_layout = video_layout
        create_composition_request.audio_sources = audio_sources
        create_composition_request.audio_sources_excluded = audio_sources_excluded
        create_composition_request.resolution = resolution
        create_composition_request.format = format
        create_composition_request.status_callback = status_callback
        create_composition_request.status_callback_method = status_callback_method
        create_composition_request.trim = trim
        create_composition_request.additional_properties = d
        return create_composition_request

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
from ..models.video_layout import VideoLayout  # noqa: E402

# For from_dict: each enum's members by value, found without the enum's own (slow) call.
_composition_format_members: dict[Any, CompositionFormat] = {
    member.value: member for member in CompositionFormat
}
_status_callback_method_members: dict[Any, StatusCallbackMethod] = {
    member.value: member for member in StatusCallbackMethod
}
