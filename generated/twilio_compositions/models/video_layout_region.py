from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from ..models.video_layout_region_reuse import VideoLayoutRegionReuse
from ..types import UNSET, Unset

T = TypeVar("T", bound="VideoLayoutRegion")


class VideoLayoutRegion:
    """One region of a video layout: a rectangle of the canvas in which the matching video sources are tiled in a grid.
    Only `video_sources` is required. In a response the server echoes every property; `width`, `height`, `max_rows` and
    `max_columns` may come back null, and 0 stands where the request gave nothing, so the bounds below admit 0 and null.
    The stricter rules for a request are given in each description; the canvas is the request's resolution. In a
    request, null for `width`, `height`, `max_rows` or `max_columns` means "not given", and a property not listed here
    is an error.

        Attributes:
            video_sources (list[str]): The video tracks shown in the region: track SIDs (RT, MT or PA prefix) or track
                names. A `*` at the start or end of a name is a wild card; `["*"]` means every video track.
            video_sources_excluded (list[str] | Unset): Video tracks left out of the region, written like `video_sources`.
                Empty by default.
            x_pos (int | Unset): The horizontal position of the region's left edge on the canvas, in pixels. Default 0; in a
                request at most the canvas width minus the region width (minus 16 when width is not given).
            y_pos (int | Unset): The vertical position of the region's top edge on the canvas, in pixels. Default 0; in a
                request at most the canvas height minus the region height (minus 16 when height is not given).
            z_pos (int | Unset): The drawing order of the region; higher values are drawn on top. Default 0.
            width (int | None | Unset): The width of the region in pixels. By default the canvas width minus `x_pos`; in a
                request 16 ..= canvas width minus `x_pos`. A response may carry 0 or null for "not given".
            height (int | None | Unset): The height of the region in pixels. By default the canvas height minus `y_pos`; in
                a request 16 ..= canvas height minus `y_pos`. A response may carry 0 or null for "not given".
            max_columns (int | None | Unset): The most columns of the region's grid. Automatic by default (the grid stays as
                square as it can); in a request 1 ..= 1000. A response may carry 0 or null for "automatic".
            max_rows (int | None | Unset): The most rows of the region's grid. Automatic by default; in a request 1 ..=
                1000. A response may carry 0 or null for "automatic".
            cells_excluded (list[int] | Unset): Grid cells left empty, numbered from 0 at the upper left, row by row. Empty
                by default.
            reuse (VideoLayoutRegionReuse | Unset): What a region shows once it has more video sources than cells: `none`
                shows no further sources, `show_oldest` (the default) keeps the sources that arrived first, `show_newest` swaps
                in the latest ones.
    """

    __slots__ = (
        "video_sources",
        "video_sources_excluded",
        "x_pos",
        "y_pos",
        "z_pos",
        "width",
        "height",
        "max_columns",
        "max_rows",
        "cells_excluded",
        "reuse",
        "additional_properties",
        "__weakref__",
    )
    __match_args__ = (
        "video_sources",
        "video_sources_excluded",
        "x_pos",
        "y_pos",
        "z_pos",
        "width",
        "height",
        "max_columns",
        "max_rows",
        "cells_excluded",
        "reuse",
    )

    video_sources: list[str]
    video_sources_excluded: list[str] | Unset
    x_pos: int | Unset
    y_pos: int | Unset
    z_pos: int | Unset
    width: int | None | Unset
    height: int | None | Unset
    max_columns: int | None | Unset
    max_rows: int | None | Unset
    cells_excluded: list[int] | Unset
    reuse: VideoLayoutRegionReuse | Unset
    additional_properties: dict[str, Any]

    def __init__(
        self,
        video_sources: list[str],
        video_sources_excluded: list[str] | Unset = UNSET,
        x_pos: int | Unset = UNSET,
        y_pos: int | Unset = UNSET,
        z_pos: int | Unset = UNSET,
        width: int | None | Unset = UNSET,
        height: int | None | Unset = UNSET,
        max_columns: int | None | Unset = UNSET,
        max_rows: int | None | Unset = UNSET,
        cells_excluded: list[int] | Unset = UNSET,
        reuse: VideoLayoutRegionReuse | Unset = UNSET,
    ) -> None:
        self.video_sources = video_sources
        self.video_sources_excluded = video_sources_excluded
        self.x_pos = x_pos
        self.y_pos = y_pos
        self.z_pos = z_pos
        self.width = width
        self.height = height
        self.max_columns = max_columns
        self.max_rows = max_rows
        self.cells_excluded = cells_excluded
        self.reuse = reuse
        self.additional_properties = {}

    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}("
            f"video_sources={self.video_sources!r}, "
            f"video_sources_excluded={self.video_sources_excluded!r}, "
            f"x_pos={self.x_pos!r}, "
            f"y_pos={self.y_pos!r}, "
            f"z_pos={self.z_pos!r}, "
            f"width={self.width!r}, "
            f"height={self.height!r}, "
            f"max_columns={self.max_columns!r}, "
            f"max_rows={self.max_rows!r}, "
            f"cells_excluded={self.cells_excluded!r}, "
            f"reuse={self.reuse!r}, "
            f"additional_properties={self.additional_properties!r}"
            ")"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, VideoLayoutRegion) or other.__class__ is not self.__class__:
            return NotImplemented
        return (
            self.video_sources,
            self.video_sources_excluded,
            self.x_pos,
            self.y_pos,
            self.z_pos,
            self.width,
            self.height,
            self.max_columns,
            self.max_rows,
            self.cells_excluded,
            self.reuse,
            self.additional_properties,
        ) == (
            other.video_sources,
            other.video_sources_excluded,
            other.x_pos,
            other.y_pos,
            other.z_pos,
            other.width,
            other.height,
            other.max_columns,
            other.max_rows,
            other.cells_excluded,
            other.reuse,
            other.additional_properties,
        )

    def to_dict(self) -> dict[str, Any]:
        video_sources = self.video_sources

        video_sources_excluded: list[str] | Unset = UNSET
        if not isinstance(self.video_sources_excluded, Unset):
            video_sources_excluded = self.video_sources_excluded

        x_pos = self.x_pos

        y_pos = self.y_pos

        z_pos = self.z_pos

        width: int | None | Unset
        if isinstance(self.width, Unset):
            width = UNSET
        else:
            width = self.width

        height: int | None | Unset
        if isinstance(self.height, Unset):
            height = UNSET
        else:
            height = self.height

        max_columns: int | None | Unset
        if isinstance(self.max_columns, Unset):
            max_columns = UNSET
        else:
            max_columns = self.max_columns

        max_rows: int | None | Unset
        if isinstance(self.max_rows, Unset):
            max_rows = UNSET
        else:
            max_rows = self.max_rows

        cells_excluded: list[int] | Unset = UNSET
        if not isinstance(self.cells_excluded, Unset):
            cells_excluded = self.cells_excluded

        reuse: str | Unset = UNSET
        if not isinstance(self.reuse, Unset):
            reuse = self.reuse.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "video_sources": video_sources,
            }
        )
        if video_sources_excluded is not UNSET:
            field_dict["video_sources_excluded"] = video_sources_excluded
        if x_pos is not UNSET:
            field_dict["x_pos"] = x_pos
        if y_pos is not UNSET:
            field_dict["y_pos"] = y_pos
        if z_pos is not UNSET:
            field_dict["z_pos"] = z_pos
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if max_columns is not UNSET:
            field_dict["max_columns"] = max_columns
        if max_rows is not UNSET:
            field_dict["max_rows"] = max_rows
        if cells_excluded is not UNSET:
            field_dict["cells_excluded"] = cells_excluded
        if reuse is not UNSET:
            field_dict["reuse"] = reuse

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        video_sources: list[str] = d.pop("video_sources", None)

        video_sources_excluded: list[str] | Unset = d.pop("video_sources_excluded", UNSET)
        if video_sources_excluded is None:
            video_sources_excluded = UNSET

        x_pos: int | Unset = d.pop("x_pos", UNSET)
        if x_pos is None:
            x_pos = UNSET

        y_pos: int | Unset = d.pop("y_pos", UNSET)
        if y_pos is None:
            y_pos = UNSET

        z_pos: int | Unset = d.pop("z_pos", UNSET)
        if z_pos is None:
            z_pos = UNSET

        width: int | None | Unset = d.pop("width", UNSET)

        height: int | None | Unset = d.pop("height", UNSET)

        max_columns: int | None | Unset = d.pop("max_columns", UNSET)

        max_rows: int | None | Unset = d.pop("max_rows", UNSET)

        cells_excluded: list[int] | Unset = d.pop("cells_excluded", UNSET)
        if cells_excluded is None:
            cells_excluded = UNSET

        reuse_raw = d.pop("reuse", UNSET)
        reuse: VideoLayoutRegionReuse | Unset
        if reuse_raw is None or reuse_raw is UNSET:
            reuse = UNSET
        else:
            reuse = (
                _video_layout_region_reuse_members[reuse_raw]
                if reuse_raw in _video_layout_region_reuse_members
                else VideoLayoutRegionReuse(reuse_raw)
            )

        video_layout_region = cls(
            video_sources=video_sources,
            video_sources_excluded=video_sources_excluded,
            x_pos=x_pos,
            y_pos=y_pos,
            z_pos=z_pos,
            width=width,
            height=height,
            max_columns=max_columns,
            max_rows=max_rows,
            cells_excluded=cells_excluded,
            reuse=reuse,
        )

        video_layout_region.additional_properties = d
        return video_layout_region

    @classmethod
    def _wire_dict(cls, src_dict: Mapping[str, Any]) -> dict[str, Any]:
        """What cls.from_dict(src_dict).to_dict() returns, for valid request data, without the model."""
        d = dict(src_dict)
        video_sources_raw = d.pop("video_sources", None)
        video_sources_excluded_raw = d.pop("video_sources_excluded", None)
        x_pos_raw = d.pop("x_pos", None)
        y_pos_raw = d.pop("y_pos", None)
        z_pos_raw = d.pop("z_pos", None)
        width_raw = d.pop("width", UNSET)
        height_raw = d.pop("height", UNSET)
        max_columns_raw = d.pop("max_columns", UNSET)
        max_rows_raw = d.pop("max_rows", UNSET)
        cells_excluded_raw = d.pop("cells_excluded", None)
        reuse_raw = d.pop("reuse", None)
        field_dict: dict[str, Any] = d
        field_dict["video_sources"] = video_sources_raw
        if video_sources_excluded_raw is not None:
            field_dict["video_sources_excluded"] = video_sources_excluded_raw
        if x_pos_raw is not None:
            field_dict["x_pos"] = x_pos_raw
        if y_pos_raw is not None:
            field_dict["y_pos"] = y_pos_raw
        if z_pos_raw is not None:
            field_dict["z_pos"] = z_pos_raw
        if width_raw is not UNSET:
            field_dict["width"] = width_raw
        if height_raw is not UNSET:
            field_dict["height"] = height_raw
        if max_columns_raw is not UNSET:
            field_dict["max_columns"] = max_columns_raw
        if max_rows_raw is not UNSET:
            field_dict["max_rows"] = max_rows_raw
        if cells_excluded_raw is not None:
            field_dict["cells_excluded"] = cells_excluded_raw
        if reuse_raw is not None:
            field_dict["reuse"] = (
                _video_layout_region_reuse_members[reuse_raw]
                if reuse_raw in _video_layout_region_reuse_members
                else VideoLayoutRegionReuse(reuse_raw)
            ).value
        return field_dict

    @classmethod
    def _from_checked(cls: type[T], d: dict[str, Any]) -> T:
        """from_dict of an answer that check_shape passed, the endpoint's own dict (see the template)."""
        if d.__class__ is not dict:  # null, or a Mapping: from_dict's answer, or its very error
            return cls.from_dict(d)
        video_layout_region = cls.__new__(cls)
        video_layout_region.video_sources = d.pop("video_sources", None)

        video_sources_excluded: list[str] | Unset = d.pop("video_sources_excluded", UNSET)
        if video_sources_excluded is None:
            video_sources_excluded = UNSET

        x_pos: int | Unset = d.pop("x_pos", UNSET)
        if x_pos is None:
            x_pos = UNSET

        y_pos: int | Unset = d.pop("y_pos", UNSET)
        if y_pos is None:
            y_pos = UNSET

        z_pos: int | Unset = d.pop("z_pos", UNSET)
        if z_pos is None:
            z_pos = UNSET

        video_layout_region.width = d.pop("width", UNSET)

        video_layout_region.height = d.pop("height", UNSET)

        video_layout_region.max_columns = d.pop("max_columns", UNSET)

        video_layout_region.max_rows = d.pop("max_rows", UNSET)

        cells_excluded: list[int] | Unset = d.pop("cells_excluded", UNSET)
        if cells_excluded is None:
            cells_excluded = UNSET

        reuse_raw = d.pop("reuse", UNSET)
        reuse: VideoLayoutRegionReuse | Unset
        if reuse_raw is None or reuse_raw is UNSET:
            reuse = UNSET
        else:
            reuse = (
                _video_layout_region_reuse_members[reuse_raw]
                if reuse_raw in _video_layout_region_reuse_members
                else VideoLayoutRegionReuse(reuse_raw)
            )

        video_layout_region.video_sources_excluded = video_sources_excluded
        video_layout_region.x_pos = x_pos
        video_layout_region.y_pos = y_pos
        video_layout_region.z_pos = z_pos
        video_layout_region.cells_excluded = cells_excluded
        video_layout_region.reuse = reuse
        video_layout_region.additional_properties = d
        return video_layout_region

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


# For from_dict: each enum's members by value, found without the enum's own (slow) call.
_video_layout_region_reuse_members: dict[Any, VideoLayoutRegionReuse] = {
    member.value: member for member in VideoLayoutRegionReuse
}
