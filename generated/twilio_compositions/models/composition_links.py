from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from ..types import UNSET, Unset

T = TypeVar("T", bound="CompositionLinks")


class CompositionLinks:
    """URLs of resources related to the composition (Twilio's "uri-map"). `media` is the composition's media file, which
    answers with a redirect to a short-lived download URL.

        Attributes:
            media (str | Unset):
    """

    __slots__ = ("media", "additional_properties", "__weakref__")
    __match_args__ = ("media",)

    media: str | Unset
    additional_properties: dict[str, str]

    def __init__(
        self,
        media: str | Unset = UNSET,
    ) -> None:
        self.media = media
        self.additional_properties = {}

    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}("
            f"media={self.media!r}, "
            f"additional_properties={self.additional_properties!r}"
            ")"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CompositionLinks) or other.__class__ is not self.__class__:
            return NotImplemented
        return (
            self.media,
            self.additional_properties,
        ) == (
            other.media,
            other.additional_properties,
        )

    def to_dict(self) -> dict[str, Any]:
        media = self.media

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if media is not UNSET:
            field_dict["media"] = media

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        media: str | Unset = d.pop("media", UNSET)
        if media is None:
            media = UNSET

        composition_links = cls(
            media=media,
        )

        composition_links.additional_properties = d
        return composition_links

    @classmethod
    def _wire_dict(cls, src_dict: Mapping[str, Any]) -> dict[str, Any]:
        """What cls.from_dict(src_dict).to_dict() returns, for valid request data, without the model."""
        d = dict(src_dict)
        media_raw = d.pop("media", None)
        field_dict: dict[str, Any] = d
        if media_raw is not None:
            field_dict["media"] = media_raw
        return field_dict

    @classmethod
    def _from_checked(cls: type[T], d: dict[str, Any]) -> T:
        """from_dict of an answer that check_shape passed, the endpoint's own dict (see the template)."""
        if d.__class__ is not dict:  # null, or a Mapping: from_dict's answer, or its very error
            return cls.from_dict(d)
        composition_links = cls.__new__(cls)
        media: str | Unset = d.pop("media", UNSET)
        if media is None:
            media = UNSET

        composition_links.media = media
        composition_links.additional_properties = d
        return composition_links

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> str:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: str) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
