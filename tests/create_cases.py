"""Random create() arguments, valid and not, for comparing two ways of building the same request.

Used by tests/test_create_fields.py. Each case is a dict of keyword arguments; the layouts come as
dicts (keys in any order, nulls, unknown keys, models inside), as VideoLayout models, or as something
that is neither, so that every branch of the argument coercion and of the checks gets its share.
"""

from __future__ import annotations

import contextlib
import random
from typing import Any

from twilio_compositions import (
    CompositionFormat,
    StatusCallbackMethod,
    VideoLayout,
    VideoLayoutRegion,
    VideoLayoutRegionReuse,
)

ROOM_SID = "RM" + "a" * 32
_SOURCES = ["*", "student*", "teacher", "screen", "", "a" * 3, "ß", "x&y=z", "50%"]
_REGION_INTS = ("x_pos", "y_pos", "z_pos", "width", "height", "max_columns", "max_rows")


_GOOD_INTS: dict[str, list[Any]] = {
    "x_pos": [0, 10, 100],
    "y_pos": [0, 10, 100],
    "z_pos": [-99, 0, 5, 99],
    "width": [16, 100, 320, None],
    "height": [16, 100, 240, None],
    "max_columns": [1, 3, 1000, None],
    "max_rows": [1, 2, None],
}
_ANY_INTS: list[Any] = [0, 1, 10, 16, 100, 320, 640, 1000, 1001, -1, -100, 99, 1280, None, True, 2.5, "16"]


def _int(rng: random.Random, key: str) -> Any:
    return rng.choice(_ANY_INTS if rng.random() < 0.08 else _GOOD_INTS[key])


def _sources(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.02:
        return "*"  # a string, not a list
    if roll < 0.05:
        return []
    items = [rng.choice(_SOURCES) for _ in range(rng.randint(1, 3))]
    return tuple(items) if roll < 0.2 else items


def _region(rng: random.Random) -> dict[str, Any]:
    region: dict[str, Any] = {}
    if rng.random() < 0.98:
        region["video_sources"] = _sources(rng)
    if rng.random() < 0.3:
        region["video_sources_excluded"] = _sources(rng)
    for key in _REGION_INTS:
        if rng.random() < 0.25:
            region[key] = _int(rng, key)
    if rng.random() < 0.15:
        region["cells_excluded"] = rng.choice(
            [[0, 1], [], [5], [0, 1, 2], [1000000], None, [True]] if rng.random() < 0.3 else [[0, 1], [], [5]]
        )
    if rng.random() < 0.2:
        region["reuse"] = rng.choice(
            ["none", "show_oldest", "show_newest"] + (["bogus", None, 1] if rng.random() < 0.3 else [])
        )
    if rng.random() < 0.01:
        region[rng.choice(["x_position", "size"])] = 1
    keys = list(region)
    rng.shuffle(keys)  # the order of a caller's keys is theirs; what is sent follows the model's
    return {key: region[key] for key in keys}


def _layout(rng: random.Random) -> Any:
    regions = {
        rng.choice(["grid", "pip", "main", "r1", "sidebar"]): _region(rng) for _ in range(rng.randint(1, 3))
    }
    roll = rng.random()
    if roll < 0.02:
        return {}
    if roll < 0.04:
        return "grid"  # neither a model nor a dict
    if roll < 0.2 and all(isinstance(r.get("video_sources"), list) for r in regions.values()):
        try:
            return VideoLayout.from_dict(regions)  # a model of the caller's own
        except (TypeError, ValueError, KeyError):
            return regions
    if roll < 0.3:
        name = next(iter(regions))
        with contextlib.suppress(TypeError, ValueError, KeyError):
            regions[name] = VideoLayoutRegion.from_dict(regions[name])  # type: ignore[assignment]
    if roll < 0.33:
        (first,) = list(regions.values())[:1]
        if isinstance(first, dict) and isinstance(first.get("reuse"), str):
            first["reuse"] = VideoLayoutRegionReuse(first["reuse"])
    return regions


def random_case(rng: random.Random) -> dict[str, Any]:
    """One set of create() keyword arguments."""
    case: dict[str, Any] = {
        "room_sid": ROOM_SID if rng.random() < 0.98 else rng.choice(["RM1", None, "CJ" + "a" * 32])
    }
    if rng.random() < 0.8:
        case["video_layout"] = _layout(rng)
    if rng.random() < 0.4:
        case["audio_sources"] = _sources(rng)
    if rng.random() < 0.2:
        case["audio_sources_excluded"] = _sources(rng)
    if rng.random() < 0.3:
        case["resolution"] = rng.choice(
            ["640x480", "1280x720", "1024x576", "320x240"]
            + (["1280x1280", "16x16", "15x16", "abc"] if rng.random() < 0.3 else [])
        )
    if rng.random() < 0.3:
        case["format"] = rng.choice(
            ["mp4", "webm", CompositionFormat.MP4, CompositionFormat.WEBM]
            + (["avi", 3] if rng.random() < 0.3 else [])
        )
    if rng.random() < 0.2:
        case["status_callback"] = rng.choice(
            ["https://example.com/cb?a=1&b=2", "http://h/", "https://ü.de/"]
            + (["ftp://h/", "https://", "not a url"] if rng.random() < 0.3 else [])
        )
    if rng.random() < 0.2:
        case["status_callback_method"] = rng.choice(
            ["GET", "POST", StatusCallbackMethod.GET] + (["PUT"] if rng.random() < 0.3 else [])
        )
    if rng.random() < 0.3:
        case["trim"] = rng.choice([True, False] + (["false", 0] if rng.random() < 0.3 else []))
    return case
