from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

T = TypeVar("T", bound="MediaRedirect")


class MediaRedirect:
    """The body of the media redirect.

    Attributes:
        redirect_to (str): The short-lived URL of the media file, on a storage host; its query string carries its own
            signature and expiry. Never send account credentials there.
    """

    __slots__ = ("redirect_to", "additional_properties", "__weakref__")
    __match_args__ = ("redirect_to",)

    redirect_to: str
    additional_properties: dict[str, Any]

    def __init__(
        self,
        redirect_to: str,
    ) -> None:
        self.redirect_to = redirect_to
        self.additional_properties = {}

    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}("
            f"redirect_to={self.redirect_to!r}, "
            f"additional_properties={self.additional_properties!r}"
            ")"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MediaRedirect) or other.__class__ is not self.__class__:
            return NotImplemented
        return (
            self.redirect_to,
            self.additional_properties,
        ) == (
            other.redirect_to,
            other.additional_properties,
        )

    def to_dict(self) -> dict[str, Any]:
        redirect_to = self.redirect_to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "redirect_to": redirect_to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        redirect_to: str = d.pop("redirect_to", None)

        media_redirect = cls(
            redirect_to=redirect_to,
        )

        media_redirect.additional_properties = d
        return media_redirect

    @classmethod
    def _wire_dict(cls, src_dict: Mapping[str, Any]) -> dict[str, Any]:
        """What cls.from_dict(src_dict).to_dict() returns, for valid request data, without the model."""
        d = dict(src_dict)
        redirect_to_raw = d.pop("redirect_to", None)
        field_dict: dict[str, Any] = d
        field_dict["redirect_to"] = redirect_to_raw
        return field_dict

    @classmethod
    def _from_checked(cls: type[T], d: dict[str, Any]) -> T:
        """from_dict of an answer that check_shape passed, the endpoint's own dict (see the template)."""
        if d.__class__ is not dict:  # null, or a Mapping: from_dict's answer, or its very error
            return cls.from_dict(d)
        media_redirect = cls.__new__(cls)
        media_redirect.redirect_to = d.pop("redirect_to", None)

        media_redirect.additional_properties = d
        return media_redirect

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
