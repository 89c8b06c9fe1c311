from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

T = TypeVar("T", bound="CompositionPage")


class CompositionPage:
    """One page of a list of compositions, with where the next page is.

    Attributes:
        compositions (list[Composition]): The compositions of this page, newest first.
        meta (PageMeta): Where a page stands in the list.
    """

    __slots__ = ("compositions", "meta", "additional_properties", "__weakref__")
    __match_args__ = (
        "compositions",
        "meta",
    )

    compositions: list[Composition]
    meta: PageMeta
    additional_properties: dict[str, Any]

    def __init__(
        self,
        compositions: list[Composition],
        meta: PageMeta,
    ) -> None:
        self.compositions = compositions
        self.meta = meta
        self.additional_properties = {}

    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}("
            f"compositions={self.compositions!r}, "
            f"meta={self.meta!r}, "
            f"additional_properties={self.additional_properties!r}"
            ")"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CompositionPage) or other.__class__ is not self.__class__:
            return NotImplemented
        return (
            self.compositions,
            self.meta,
            self.additional_properties,
        ) == (
            other.compositions,
            other.meta,
            other.additional_properties,
        )

    def to_dict(self) -> dict[str, Any]:
        compositions = []
        for compositions_item_data in self.compositions:
            compositions_item = compositions_item_data.to_dict()
            compositions.append(compositions_item)

        meta = self.meta.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "compositions": compositions,
                "meta": meta,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        compositions_raw = d.pop("compositions", None)
        if compositions_raw is None:
            compositions = cast(list[Composition], None)
        else:
            compositions = []
            _compositions = compositions_raw
            for compositions_item_data in _compositions:
                compositions_item = Composition.from_dict(compositions_item_data)

                compositions.append(compositions_item)

        meta_raw = d.pop("meta", None)
        if meta_raw is None:
            meta = cast(PageMeta, None)
        else:
            meta = PageMeta.from_dict(meta_raw)

        composition_page = cls(
            compositions=compositions,
            meta=meta,
        )

        composition_page.additional_properties = d
        return composition_page

    @classmethod
    def _wire_dict(cls, src_dict: Mapping[str, Any]) -> dict[str, Any]:
        """What cls.from_dict(src_dict).to_dict() returns, for valid request data, without the model."""
        return cls.from_dict(src_dict).to_dict()

    @classmethod
    def _from_checked(cls: type[T], d: dict[str, Any]) -> T:
        """from_dict of an answer that check_shape passed, the endpoint's own dict (see the template)."""
        if d.__class__ is not dict:  # null, or a Mapping: from_dict's answer, or its very error
            return cls.from_dict(d)
        composition_page = cls.__new__(cls)
        compositions_raw = d.pop("compositions", None)
        if compositions_raw is None:
            compositions = cast(list[Composition], None)
        else:
            compositions = [Composition._from_checked(item) for item in compositions_raw]

        meta_raw = d.pop("meta", None)
        if meta_raw is None:
            meta = cast(PageMeta, None)
        else:
            meta = PageMeta._from_checked(meta_raw)

        composition_page.compositions = compositions
        composition_page.meta = meta
        composition_page.additional_properties = d
        return composition_page

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
from ..models.composition import Composition  # noqa: E402
from ..models.page_meta import PageMeta  # noqa: E402
