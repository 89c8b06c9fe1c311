"""Rules of the API that its documentation states in prose and JSON Schema cannot express.

Each check gets the fields of a request as the spec names them (JSON-ready values, as in
_get_kwargs) and `names`, which maps spec names to the names the caller used; it raises a
ValidationError naming the parameter. The client runs them before sending, the sandbox on what it
receives. CHECKS is keyed by operation (the generated module's name); a test keeps the keys honest.

The checks run after the spec's schema, so types and the bounds the schema does state are already
known good; a value of the wrong type is skipped here rather than reported twice.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from ._exceptions import ValidationError
from ._spec_rules import OPERATIONS

Check = Callable[[Mapping[str, Any], Mapping[str, str]], None]

MAX_RESOLUTION_AREA = 921_600
_RESOLUTION = re.compile(r"([0-9]+)x([0-9]+)")
_CREATE = OPERATIONS["create_composition"]
# The canvas of a request without Resolution: the server's default, from the spec.
DEFAULT_RESOLUTION: str = _CREATE.body_defaults["Resolution"]
# The region properties the spec knows; a request naming any other one is a typo (see _region_keys).
REGION_PROPERTIES: tuple[str, ...] = tuple(
    (_CREATE.body or {})["properties"]["VideoLayout"]["additionalProperties"]["properties"]
)
MIN_REGION_SIZE = 16
GRID_LIMITS = (1, 1000)  # max_rows, max_columns in a request
CALLBACK_SCHEMES = ("http", "https")


def _name(names: Mapping[str, str], spec_name: str) -> str:
    return names.get(spec_name, spec_name)


def _integer(value: Any) -> int | None:
    """value if it is a JSON integer, else None (True is an int to Python, not to JSON)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def layout_or_audio_sources(fields: Mapping[str, Any], names: Mapping[str, str]) -> None:
    """The create page: "either video_layout or audio_sources have to be provided".

    An empty AudioSources counts as not given: repeated keys cannot carry an empty list, so the
    server would see no AudioSources at all.
    """
    if not fields.get("VideoLayout") and not fields.get("AudioSources"):
        layout, audio = _name(names, "VideoLayout"), _name(names, "AudioSources")
        raise ValidationError(f"{layout}/{audio}", f"give {layout} or a non-empty {audio}; neither was given")


def _parse_resolution(value: Any) -> tuple[int, int] | None:
    match = _RESOLUTION.fullmatch(value) if isinstance(value, str) else None
    return (int(match[1]), int(match[2])) if match else None


def resolution_area(fields: Mapping[str, Any], names: Mapping[str, str]) -> None:
    """The create page: "{width} * {height} <= 921,600"; the spec's pattern checks each side alone."""
    value = fields.get("Resolution")
    size = _parse_resolution(value)
    if size is not None and size[0] * size[1] > MAX_RESOLUTION_AREA:
        area = size[0] * size[1]
        raise ValidationError(
            _name(names, "Resolution"),
            f"width * height must be at most {MAX_RESOLUTION_AREA:,}, got {value} = {area:,}",
        )


# -- VideoLayout --------------------------------------------------------------------------------------
#
# The region rules of facts.md ("VideoLayout") that the spec's VideoLayoutRegion cannot state, because
# that schema also reads responses, where the server echoes 0 and null for what the request left out:
#
# - max_rows, max_columns: 1 ..= 1000. 0 is a response's way of saying "automatic"; in a request it is
#   an error (leave the property out instead).
# - width: 16 ..= canvas width minus x_pos; x_pos: 0 ..= canvas width minus the region's width. Read
#   together, the two say one thing: the region lies inside the canvas. facts.md adds "16 is used when
#   width is absent" for x_pos: an absent width defaults to canvas width minus x_pos, which must itself
#   be at least 16, so without width x_pos may go up to canvas width minus 16. Same for height, y_pos.
#   Which parameter an overflow blames: width when it is wider than the canvas whatever x_pos is, else
#   x_pos (moving the region fixes it); the message gives both numbers.
# - null for width, height, max_rows or max_columns means "not given", as in a response: accepted and
#   sent as written, and checked as if absent (x_pos may then go up to canvas width minus 16).
# - The canvas is the request's Resolution, or the server's default (640x480) without one.
# - Unknown region properties are errors in a request (a typo such as x_position would otherwise be
#   dropped by the server without a word); responses keep them, for forward compatibility.
#
# z_pos (-99 ..= 99), reuse, cells_excluded (each 0 ..= 999999) and video_sources (required, non-empty)
# are stated by the spec's schema, which holds for requests and responses alike.


def _region_keys(region: Mapping[str, Any], param: str) -> None:
    for key in region:
        if key not in REGION_PROPERTIES:
            close = difflib.get_close_matches(str(key), REGION_PROPERTIES, n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            known = ", ".join(REGION_PROPERTIES)
            raise ValidationError(f"{param}.{key}", f"is not a region property; {hint}known: {known}")


def _region_grid(region: Mapping[str, Any], param: str) -> None:
    low, high = GRID_LIMITS
    for key in ("max_rows", "max_columns"):
        value = _integer(region.get(key))
        if value is not None and not low <= value <= high:
            rule = f"must be between {low} and {high} (leave it out for an automatic grid), got {value}"
            raise ValidationError(f"{param}.{key}", rule)


def _region_axis(
    region: Mapping[str, Any], param: str, axis: tuple[str, str, str], canvas: int, resolution: str
) -> None:
    """One axis of the rectangle: (position key, size key, canvas side name)."""
    pos_key, size_key, side = axis
    size = _integer(region.get(size_key))
    pos = _integer(region.get(pos_key))
    if size is not None and not MIN_REGION_SIZE <= size <= canvas:
        room = f"{canvas} - {pos} = {canvas - pos}" if pos else str(canvas)
        rule = (
            f"must be between {MIN_REGION_SIZE} and the canvas {side} minus {pos_key} "
            f"({room} at resolution {resolution}), got {size}"
        )
        raise ValidationError(f"{param}.{size_key}", rule)
    if pos is None:
        return
    limit = canvas - (size if size is not None else MIN_REGION_SIZE)
    if not 0 <= pos <= limit:
        taken = f"{size_key} {size}" if size is not None else f"{MIN_REGION_SIZE} ({size_key} is not given)"
        rule = (
            f"must be between 0 and the canvas {side} minus {taken}, so that the region fits the canvas "
            f"({canvas} at resolution {resolution}): at most {limit}, got {pos}"
        )
        raise ValidationError(f"{param}.{pos_key}", rule)


def video_layout_regions(fields: Mapping[str, Any], names: Mapping[str, str]) -> None:
    """facts.md, "VideoLayout": each region known by its properties, bounded, and inside the canvas."""
    layout = fields.get("VideoLayout")
    if not isinstance(layout, Mapping):
        return
    resolution = fields.get("Resolution")
    canvas = _parse_resolution(resolution if resolution is not None else DEFAULT_RESOLUTION)
    shown = resolution if resolution is not None else f"{DEFAULT_RESOLUTION}, the default"
    layout_param = _name(names, "VideoLayout")
    for region_name, region in layout.items():
        if not isinstance(region, Mapping):
            continue
        param = f"{layout_param}[{region_name!r}]"  # as _validation names it: video_layout['pip'].width
        _region_keys(region, param)
        _region_grid(region, param)
        if canvas is not None:
            _region_axis(region, param, ("x_pos", "width", "width"), canvas[0], shown)
            _region_axis(region, param, ("y_pos", "height", "height"), canvas[1], shown)


# -- StatusCallback -----------------------------------------------------------------------------------


def _callback_problem(url: str) -> str | None:
    """What keeps url from being an absolute http(s) URL with a host; None when nothing does.

    Never quotes the URL: it may carry credentials for the callback server (https://user:pass@host/).
    """
    if any(char.isspace() or ord(char) < 0x20 or ord(char) == 0x7F for char in url):
        return "contains a space or a control character (percent-encode it)"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number in 0..65535
    except ValueError as error:
        return f"does not parse as a URL ({error})"
    if parts.scheme.lower() not in CALLBACK_SCHEMES:
        return f"has the scheme {parts.scheme!r}" if parts.scheme else "has no scheme"
    if not parts.hostname:
        return "has no host"
    return None


def status_callback_url(fields: Mapping[str, Any], names: Mapping[str, str]) -> None:
    """Twilio calls the status callback over HTTP: it must be an absolute http(s) URL with a host."""
    value = fields.get("StatusCallback")
    if not isinstance(value, str):
        return
    problem = _callback_problem(value)
    if problem is not None:
        rule = "must be an absolute http:// or https:// URL with a host, such as https://example.com/cb"
        raise ValidationError(_name(names, "StatusCallback"), f"{rule}; it {problem}")


CHECKS: dict[str, tuple[Check, ...]] = {
    "create_composition": (
        layout_or_audio_sources,
        resolution_area,
        video_layout_regions,
        status_callback_url,
    ),
}


def check_operation(operation: str, fields: Mapping[str, Any], names: Mapping[str, str]) -> None:
    for check in CHECKS.get(operation, ()):
        check(fields, names)
