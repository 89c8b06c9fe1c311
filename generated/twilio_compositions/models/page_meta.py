from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

T = TypeVar("T", bound="PageMeta")


class PageMeta:
    """Where a page stands in the list.

    Attributes:
        page (int): The number of this page, from 0.
        page_size (int): How many items a page holds.
        first_page_url (None | str): The absolute URL of the first page.
        previous_page_url (None | str): The absolute URL of the previous page; null on the first page.
        url (None | str): The absolute URL of this page.
        next_page_url (None | str): The absolute URL of the next page (with `Page`, `PageSize` and a `PageToken`); null
            on the last page. The client reads only its path and query, and asks its own base URL for them.
        key (str): The name of the field that holds the items, `compositions`.
    """

    __slots__ = (
        "page",
        "page_size",
        "first_page_url",
        "previous_page_url",
        "url",
        "next_page_url",
        "key",
        "additional_properties",
        "__weakref__",
    )
    __match_args__ = (
        "page",
        "page_size",
        "first_page_url",
        "previous_page_url",
        "url",
        "next_page_url",
        "key",
    )

    page: int
    page_size: int
    first_page_url: None | str
    previous_page_url: None | str
    url: None | str
    next_page_url: None | str
    key: str
    additional_properties: dict[str, Any]

    def __init__(
        self,
        page: int,
        page_size: int,
        first_page_url: None | str,
        previous_page_url: None | str,
        url: None | str,
        next_page_url: None | str,
        key: str,
    ) -> None:
        self.page = page
        self.page_size = page_size
        self.first_page_url = first_page_url
        self.previous_page_url = previous_page_url
        self.url = url
        self.next_page_url = next_page_url
        self.key = key
        self.additional_properties = {}

    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}("
            f"page={self.page!r}, "
            f"page_size={self.page_size!r}, "
            f"first_page_url={self.first_page_url!r}, "
            f"previous_page_url={self.previous_page_url!r}, "
            f"url={self.url!r}, "
            f"next_page_url={self.next_page_url!r}, "
            f"key={self.key!r}, "
            f"additional_properties={self.additional_properties!r}"
            ")"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PageMeta) or other.__class__ is not self.__class__:
            return NotImplemented
        return (
            self.page,
            self.page_size,
            self.first_page_url,
            self.previous_page_url,
            self.url,
            self.next_page_url,
            self.key,
            self.additional_properties,
        ) == (
            other.page,
            other.page_size,
            other.first_page_url,
            other.previous_page_url,
            other.url,
            other.next_page_url,
            other.key,
            other.additional_properties,
        )

    def to_dict(self) -> dict[str, Any]:
        page = self.page

        page_size = self.page_size

        first_page_url: None | str
        first_page_url = self.first_page_url

        previous_page_url: None | str
        previous_page_url = self.previous_page_url

        url: None | str
        url = self.url

        next_page_url: None | str
        next_page_url = self.next_page_url

        key = self.key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "page": page,
                "page_size": page_size,
                "first_page_url": first_page_url,
                "previous_page_url": previous_page_url,
                "url": url,
                "next_page_url": next_page_url,
                "key": key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        page: int = d.pop("page", None)

        page_size: int = d.pop("page_size", None)

        first_page_url: None | str = d.pop("first_page_url", None)

        previous_page_url: None | str = d.pop("previous_page_url", None)

        url: None | str = d.pop("url", None)

        next_page_url: None | str = d.pop("next_page_url", None)

        key: str = d.pop("key", None)

        page_meta = cls(
            page=page,
            page_size=page_size,
            first_page_url=first_page_url,
            previous_page_url=previous_page_url,
            url=url,
            next_page_url=next_page_url,
            key=key,
        )

        page_meta.additional_properties = d
        return page_meta

    @classmethod
    def _wire_dict(cls, src_dict: Mapping[str, Any]) -> dict[str, Any]:
        """What cls.from_dict(src_dict).to_dict() returns, for valid request data, without the model."""
        d = dict(src_dict)
        page_raw = d.pop("page", None)
        page_size_raw = d.pop("page_size", None)
        first_page_url_raw = d.pop("first_page_url", None)
        previous_page_url_raw = d.pop("previous_page_url", None)
        url_raw = d.pop("url", None)
        next_page_url_raw = d.pop("next_page_url", None)
        key_raw = d.pop("key", None)
        field_dict: dict[str, Any] = d
        field_dict["page"] = page_raw
        field_dict["page_size"] = page_size_raw
        field_dict["first_page_url"] = first_page_url_raw
        field_dict["previous_page_url"] = previous_page_url_raw
        field_dict["url"] = url_raw
        field_dict["next_page_url"] = next_page_url_raw
        field_dict["key"] = key_raw
        return field_dict

    @classmethod
    def _from_checked(cls: type[T], d: dict[str, Any]) -> T:
        """from_dict of an answer that check_shape passed, the endpoint's own dict (see the template)."""
        if d.__class__ is not dict:  # null, or a Mapping: from_dict's answer, or its very error
            return cls.from_dict(d)
        page_meta = cls.__new__(cls)
        page_meta.page = d.pop("page", None)

        page_meta.page_size = d.pop("page_size", None)

        page_meta.first_page_url = d.pop("first_page_url", None)

        page_meta.previous_page_url = d.pop("previous_page_url", None)

        page_meta.url = d.pop("url", None)

        page_meta.next_page_url = d.pop("next_page_url", None)

        page_meta.key = d.pop("key", None)

        page_meta.additional_properties = d
        return page_meta

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
