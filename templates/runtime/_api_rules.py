"""Rules of the API that its documentation states in prose and JSON Schema cannot express.

Each check gets the fields of a request as the spec names them (JSON-ready values, as in
_get_kwargs) and `names`, which maps spec names to the names the caller used; it raises a
ValidationError naming the parameter. The client runs them before sending, the sandbox on what it
receives. CHECKS is keyed by operation (the generated module's name); a test keeps the keys honest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from ._exceptions import ValidationError

Check = Callable[[Mapping[str, Any], Mapping[str, str]], None]

MAX_RESOLUTION_AREA = 921_600
_RESOLUTION = re.compile(r"([0-9]+)x([0-9]+)")


def layout_or_audio_sources(fields: Mapping[str, Any], names: Mapping[str, str]) -> None:
    """The create page: "either video_layout or audio_sources have to be provided".

    An empty AudioSources counts as not given: repeated keys cannot carry an empty list, so the
    server would see no AudioSources at all.
    """
    if not fields.get("VideoLayout") and not fields.get("AudioSources"):
        layout, audio = names.get("VideoLayout", "VideoLayout"), names.get("AudioSources", "AudioSources")
        raise ValidationError(f"{layout}/{audio}", f"give {layout} or a non-empty {audio}; neither was given")


def resolution_area(fields: Mapping[str, Any], names: Mapping[str, str]) -> None:
    """The create page: "{width} * {height} <= 921,600"; the spec's pattern checks each side alone."""
    value = fields.get("Resolution")
    match = _RESOLUTION.fullmatch(value) if isinstance(value, str) else None
    if match is not None:
        width, height = int(match[1]), int(match[2])
        if width * height > MAX_RESOLUTION_AREA:
            raise ValidationError(
                names.get("Resolution", "Resolution"),
                f"width * height must be at most {MAX_RESOLUTION_AREA:,}, got {value} = {width * height:,}",
            )


CHECKS: dict[str, tuple[Check, ...]] = {
    "create_composition": (layout_or_audio_sources, resolution_area),
}


def check_operation(operation: str, fields: Mapping[str, Any], names: Mapping[str, str]) -> None:
    for check in CHECKS.get(operation, ()):
        check(fields, names)
