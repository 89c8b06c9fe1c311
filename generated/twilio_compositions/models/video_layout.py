from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

T = TypeVar("T", bound="VideoLayout")


class VideoLayout:
    """The video layout of a composition: named regions of the canvas (at least one; any names), each showing a set of
    video sources. In a create request it travels as one form field whose value is the layout as a JSON document.

    """

    __slots__ = ("additional_properties", "__weakref__")
    __match_args__ = ("additional_properties",)

    additional_properties: dict[str, VideoLayoutRegion]

    def __init__(
        self,
        additional_properties: dict[str, VideoLayoutRegion] | None = None,
    ) -> None:
        self.additional_properties = {} if additional_properties is None else additional_properties

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}(additional_properties={self.additional_properties!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, VideoLayout) or other.__class__ is not self.__class__:
            return NotImplemented
        return (self.additional_properties,) == (other.additional_properties,)

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        video_layout = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = VideoLayoutRegion.from_dict(prop_dict)

            additional_properties[prop_name] = additional_property

        video_layout.additional_properties = additional_properties
        return video_layout

    @classmethod
    def _wire_dict(cls, src_dict: Mapping[str, Any]) -> dict[str, Any]:
        """What cls.from_dict(src_dict).to_dict() returns, for valid request data, without the model."""
        field_dict: dict[str, Any] = {
            prop_name: VideoLayoutRegion._wire_dict(prop_dict) for prop_name, prop_dict in src_dict.items()
        }
        return field_dict

    @classmethod
    def _from_checked(cls: type[T], d: dict[str, Any]) -> T:
        """from_dict of an answer that check_shape passed, the endpoint's own dict (see the template)."""
        if d.__class__ is not dict:  # null, or a Mapping: from_dict's answer, or its very error
            return cls.from_dict(d)
        video_layout = cls.__new__(cls)
        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = VideoLayoutRegion._from_checked(prop_dict)

            additional_properties[prop_name] = additional_property

        video_layout.additional_properties = additional_properties
        return video_layout

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> VideoLayoutRegion:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: VideoLayoutRegion) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

    def __iter__(self) -> Iterator[str]:
        return iter(self.additional_properties)

    def __len__(self) -> int:
        return len(self.additional_properties)


# Last, once the class above exists: models that refer to each other then import in any order.
from ..models.video_layout_region import VideoLayoutRegion  # noqa: E402
