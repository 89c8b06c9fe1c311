"""Rules of the API that its documentation states in prose and JSON Schema cannot express.

The spec says which rule applies to which operation, and to which fields (its `x-checks`, copied into
OperationRules.checks); this module implements each kind of rule once, knowing no field by name. Each
check gets the fields of a request as the spec names them (JSON-ready values, as in _get_kwargs),
`names`, which maps spec names to the names the caller used, its own arguments from the spec, and the
operation's body defaults; it raises a ValidationError naming the parameter. The client runs them
before sending, the sandbox on what it receives. Generation stops when the spec names a check that
CHECKS does not have.

The checks run after the spec's schema, so types and the bounds the schema does state are already
known good; a value of the wrong type is skipped here rather than reported twice.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeGuard
from urllib.parse import urlsplit

from ._exceptions import ValidationError
from ._validation import OperationRules

Check = Callable[[Mapping[str, Any], Mapping[str, str], Mapping[str, Any], OperationRules], None]

_RESOLUTION = re.compile(r"([0-9]+)x([0-9]+)")
CALLBACK_SCHEMES = ("http", "https")


def _name(names: Mapping[str, str], spec_name: str) -> str:
    return names.get(spec_name, spec_name)


def _integer(value: Any) -> int | None:
    """value if it is a JSON integer, else None (True is an int to Python, not to JSON)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def one_given(
    fields: Mapping[str, Any], names: Mapping[str, str], args: Mapping[str, Any], rules: OperationRules
) -> None:
    """At least one of args["fields"] is given ("either video_layout or audio_sources ...").

    An empty list counts as not given: repeated keys cannot carry an empty list, so the server would
    see nothing at all.
    """
    spec_names: list[str] = list(args["fields"])
    for name in spec_names:  # a loop rather than any() of a generator: this runs on every create
        if fields.get(name):
            return
    shown = [_name(names, name) for name in spec_names]
    wording = " or a non-empty ".join(shown)
    none = "neither" if len(shown) == 2 else "none"
    raise ValidationError("/".join(shown), f"give {wording}; {none} was given")


def _parse_resolution(value: Any) -> tuple[int, int] | None:
    match = _RESOLUTION.fullmatch(value) if isinstance(value, str) else None
    return (int(match[1]), int(match[2])) if match else None


def resolution_area(
    fields: Mapping[str, Any], names: Mapping[str, str], args: Mapping[str, Any], rules: OperationRules
) -> None:
    """A `{width}x{height}` field's area is at most args["max_area"]; the spec's pattern checks each side."""
    value = fields.get(args["field"])
    if value is None:
        return  # not given: the usual create
    size = _parse_resolution(value)
    limit: int = args["max_area"]
    if size is not None and size[0] * size[1] > limit:
        area = size[0] * size[1]
        raise ValidationError(
            _name(names, args["field"]), f"width * height must be at most {limit:,}, got {value} = {area:,}"
        )


# -- layout regions -----------------------------------------------------------------------------------
#
# The rules of a video layout's regions that the spec's region schema cannot state, because that schema
# also reads responses, where the server echoes 0 and null for what the request left out. The spec gives
# the layout field, the field holding the canvas size, the least region size and the grid bounds:
#
# - max_rows, max_columns: within `grid` (1 ..= 1000). 0 is a response's way of saying "automatic";
#   in a request it is an error (leave the property out instead).
# - width: min_size (16) ..= canvas width minus x_pos; x_pos: 0 ..= canvas width minus the region's
#   width. Read together, the two say one thing: the region lies inside the canvas. Twilio adds "16 is
#   used when width is absent" for x_pos: an absent width defaults to canvas width minus x_pos, which
#   must itself be at least 16, so without width x_pos may go up to canvas width minus 16. Same for
#   height, y_pos.
#   Which parameter an overflow blames: width when it is wider than the canvas whatever x_pos is, else
#   x_pos (moving the region fixes it); the message gives both numbers.
# - null for width, height, max_rows or max_columns means "not given", as in a response: accepted and
#   sent as written, and checked as if absent (x_pos may then go up to canvas width minus 16).
# - The canvas is the request's canvas field, or the server's default for it (640x480) without one.
# - Unknown region properties are errors in a request (a typo such as x_position would otherwise be
#   dropped by the server without a word); responses keep them, for forward compatibility.
#
# z_pos (-99 ..= 99), reuse, cells_excluded (each 0 ..= 999999) and video_sources (required, non-empty)
# are stated by the spec's schema, which holds for requests and responses alike.


def _region_keys(region: Mapping[str, Any], param: str, known_keys: tuple[str, ...]) -> None:
    for key in region:
        if key not in known_keys:
            import difflib  # only for this error's hint: not worth its import on the way to every create

            close = difflib.get_close_matches(str(key), known_keys, n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            known = ", ".join(known_keys)
            raise ValidationError(f"{param}.{key}", f"is not a region property; {hint}known: {known}")


def _region_grid(region: Mapping[str, Any], param: str, grid: tuple[int, int]) -> None:
    low, high = grid
    for key in ("max_rows", "max_columns"):
        value = _integer(region.get(key))
        if value is not None and not low <= value <= high:
            rule = f"must be between {low} and {high} (leave it out for an automatic grid), got {value}"
            raise ValidationError(f"{param}.{key}", rule)


def _region_axis(
    region: Mapping[str, Any],
    param: str,
    axis: tuple[str, str, str],
    canvas: int,
    resolution: str,
    min_size: int,
) -> None:
    """One axis of the rectangle: (position key, size key, canvas side name)."""
    pos_key, size_key, side = axis
    size = _integer(region.get(size_key))
    pos = _integer(region.get(pos_key))
    if size is not None and not min_size <= size <= canvas:
        room = f"{canvas} - {pos} = {canvas - pos}" if pos else str(canvas)
        rule = (
            f"must be between {min_size} and the canvas {side} minus {pos_key} "
            f"({room} at resolution {resolution}), got {size}"
        )
        raise ValidationError(f"{param}.{size_key}", rule)
    if pos is None:
        return
    limit = canvas - (size if size is not None else min_size)
    if not 0 <= pos <= limit:
        taken = f"{size_key} {size}" if size is not None else f"{min_size} ({size_key} is not given)"
        rule = (
            f"must be between 0 and the canvas {side} minus {taken}, so that the region fits the canvas "
            f"({canvas} at resolution {resolution}): at most {limit}, got {pos}"
        )
        raise ValidationError(f"{param}.{pos_key}", rule)


def region_properties(rules: OperationRules, layout_field: str) -> tuple[str, ...]:
    """The region properties the spec knows for a layout field; any other one is a typo."""
    key = (id(rules), layout_field)
    kept = _known_regions.get(key)
    if kept is None:  # keyed by identity: the rules are kept beside their answer, so the id stays theirs
        layout = (rules.body or {}).get("properties", {}).get(layout_field, {})
        kept = _known_regions[key] = (
            rules,
            tuple(layout.get("additionalProperties", {}).get("properties", {})),
        )
    return kept[1]


# Looked up on every create: the spec's region properties, and the canvas of each resolution seen.
_known_regions: dict[tuple[int, str], tuple[OperationRules, tuple[str, ...]]] = {}
_canvas_of = functools.lru_cache(maxsize=64)(_parse_resolution)


# The region properties _region_grid and _region_axis read; a region without any has only its keys checked.
_BOUNDED = frozenset(("max_rows", "max_columns", "x_pos", "width", "y_pos", "height"))


def _is_mapping(value: object) -> TypeGuard[Mapping[str, Any]]:
    # A dict, the usual case, without the ABC's isinstance (the slow kind).
    return type(value) is dict or isinstance(value, Mapping)


def layout_regions(
    fields: Mapping[str, Any], names: Mapping[str, str], args: Mapping[str, Any], rules: OperationRules
) -> None:
    """Each region of args["field"] known by its properties, bounded, and inside the canvas."""
    layout = fields.get(args["field"])
    if not _is_mapping(layout):
        return
    default: str = rules.body_defaults[args["canvas"]]
    known = region_properties(rules, args["field"])
    bounds: _Bounds | None = None  # made for the first region with something to check: a grid has none
    for region_name, region in layout.items():
        if not _is_mapping(region):
            continue
        if _BOUNDED.isdisjoint(region):
            for key in region:
                if key not in known:
                    break
            else:
                continue  # no key the rules below read, and no unknown one: nothing to say
        if bounds is None:
            bounds = _Bounds(fields, names, args, default)
        param = (
            f"{bounds.layout_param}[{region_name!r}]"  # as _validation names it: video_layout['pip'].width
        )
        _region_keys(region, param, known)
        _region_grid(region, param, args["grid"])
        if bounds.canvas is not None:
            canvas, shown, min_size = bounds.canvas, bounds.shown, bounds.min_size
            _region_axis(region, param, ("x_pos", "width", "width"), canvas[0], shown, min_size)
            _region_axis(region, param, ("y_pos", "height", "height"), canvas[1], shown, min_size)


class _Bounds:
    """What the region checks of one layout read: the canvas, as given or by default, and names."""

    __slots__ = ("canvas", "layout_param", "min_size", "shown")

    def __init__(
        self, fields: Mapping[str, Any], names: Mapping[str, str], args: Mapping[str, Any], default: str
    ) -> None:
        resolution = fields.get(args["canvas"])
        given = resolution if resolution is not None else default
        self.canvas = _canvas_of(given) if isinstance(given, str) else None
        self.shown: str = resolution if resolution is not None else f"{default}, the default"
        self.layout_param = _name(names, args["field"])
        self.min_size: int = args["min_size"]


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


def callback_url(
    fields: Mapping[str, Any], names: Mapping[str, str], args: Mapping[str, Any], rules: OperationRules
) -> None:
    """Twilio calls a callback over HTTP: args["field"] must be an absolute http(s) URL with a host."""
    value = fields.get(args["field"])
    if not isinstance(value, str):
        return
    problem = _callback_problem(value)
    if problem is not None:
        rule = "must be an absolute http:// or https:// URL with a host, such as https://example.com/cb"
        raise ValidationError(_name(names, args["field"]), f"{rule}; it {problem}")


# The kinds of check a spec's x-checks may name (scripts/spec_context.py reads these keys).
CHECKS: dict[str, Check] = {
    "one_given": one_given,
    "resolution_area": resolution_area,
    "layout_regions": layout_regions,
    "callback_url": callback_url,
}


def check_operation(rules: OperationRules, fields: Mapping[str, Any], names: Mapping[str, str]) -> None:
    """Run the operation's x-checks on the fields of a request."""
    for args in rules.checks:
        CHECKS[args["check"]](fields, names, args, rules)
