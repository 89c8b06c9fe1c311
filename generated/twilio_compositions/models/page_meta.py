from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PageMeta")


@_attrs_define
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

    page: int
    page_size: int
    first_page_url: None | str
    previous_page_url: None | str
    url: None | str
    next_page_url: None | str
    key: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

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
