"""The commands: each takes the parsed arguments, talks to the API, writes its result, returns 0.

Errors are raised, not printed: the caller (main) turns them into one line and an exit status.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _render
from ._errors import UsageError

if TYPE_CHECKING:
    from ..compositions_client import CompositionsClient
    from ..models import Composition

GRID_LAYOUT = {"grid": {"video_sources": ["*"]}}

# The table of `list`: (header, width, right-aligned). Every SID has 34 characters.
TABLE_COLUMNS = (
    ("SID", 34, False),
    ("STATUS", 10, False),
    ("ROOM", 34, False),
    ("CREATED", 20, False),
    ("DURATION", 8, True),
    ("SIZE", 10, True),
)


def open_client(args: argparse.Namespace) -> CompositionsClient:
    """A client with the environment's credentials and --base-url (when given)."""
    from ..compositions_client import CompositionsClient

    if args.base_url is None:
        return CompositionsClient()
    return CompositionsClient(base_url=args.base_url)


def _value(value: Any) -> str:
    return str(getattr(value, "value", value))


def read_layout(args: argparse.Namespace) -> dict[str, Any] | None:
    """The layout of --layout JSON, --layout-file PATH or --grid; None without any."""
    if args.grid:
        return GRID_LAYOUT
    if args.layout is not None:
        name, text = "--layout", args.layout
    elif args.layout_file is not None:
        name = "--layout-file"
        try:
            text = Path(args.layout_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(
                name, f"cannot read {args.layout_file}: {getattr(error, 'strerror', error)}"
            ) from None
    else:
        return None
    try:
        layout = json.loads(text)
    except ValueError as error:
        raise UsageError(name, f"is not valid JSON: {error}") from None
    if not isinstance(layout, dict):
        raise UsageError(name, "must be a JSON object of regions, such as " + json.dumps(GRID_LAYOUT))
    return layout


def create(args: argparse.Namespace) -> int:
    layout = read_layout(args)
    if args.no_audio:
        if layout is None:
            raise UsageError("--no-audio", "needs a video layout: --layout, --layout-file or --grid")
        audio_sources: list[str] | None = None
    else:
        audio_sources = args.audio_sources or ["*"]
    with open_client(args) as client:
        composition = client.create(
            room_sid=args.room_sid,
            video_layout=layout,
            audio_sources=audio_sources,
            audio_sources_excluded=args.audio_sources_excluded,
            resolution=args.resolution,
            format=args.format,
            status_callback=args.status_callback,
            status_callback_method=args.status_callback_method,
            trim=False if args.no_trim else None,
        )
    print(composition.sid)
    return 0


def get(args: argparse.Namespace) -> int:
    with open_client(args) as client:
        composition = client.fetch(args.sid)
    print(json.dumps(composition.to_dict(), indent=2))
    return 0


def table_row(values: list[str]) -> str:
    cells = [
        value.rjust(width) if right else value.ljust(width)
        for value, (_, width, right) in zip(values, TABLE_COLUMNS, strict=True)
    ]
    return "  ".join(cells).rstrip()


def table_values(composition: Composition) -> list[str]:
    created = composition.date_created
    size = composition.size
    return [
        composition.sid,
        _value(composition.status),
        composition.room_sid or "-",
        "-" if created is None else created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        _render.format_duration(composition.duration),
        "-" if size is None else _render.format_bytes(size),
    ]


def list_(args: argparse.Namespace) -> int:
    page_size = args.page_size
    if page_size is None and args.limit is not None:
        page_size = min(args.limit, 100)  # no more than needed in the first page
    with open_client(args) as client:
        pager = client.list(
            status=args.status,
            room_sid=args.room_sid,
            date_created_after=args.created_after,
            date_created_before=args.created_before,
            page_size=page_size,
        )
        if not args.json:
            print(table_row([header for header, _, _ in TABLE_COLUMNS]))
        for composition in itertools.islice(pager, args.limit):
            if args.json:
                print(json.dumps(composition.to_dict()))
            else:
                print(table_row(table_values(composition)))
    return 0


def wait(args: argparse.Namespace) -> int:
    display = _render.StatusDisplay(sys.stdout, tty=sys.stdout.isatty(), sid=args.sid)
    try:
        with open_client(args) as client:
            client.wait(
                args.sid,
                timeout=args.timeout,
                poll_interval=args.poll_interval,
                on_update=lambda composition: display.update(_value(composition.status)),
            )
    finally:
        display.close()
    return 0


def download(args: argparse.Namespace) -> int:
    progress = _render.DownloadProgress(sys.stderr, tty=sys.stderr.isatty(), label=args.sid)
    started = time.monotonic()
    try:
        with open_client(args) as client:
            size = client.download(args.sid, args.path, ttl=args.ttl, on_progress=progress)
    finally:
        progress.close()
    elapsed = time.monotonic() - started
    print(f"{args.path}: {size} bytes ({_render.format_bytes(size)}) in {elapsed:.1f} s")
    return 0


def delete(args: argparse.Namespace) -> int:
    with open_client(args) as client:
        client.delete(args.sid)
    print(f"deleted {args.sid}")
    return 0


def sandbox(argv: list[str]) -> int:
    """`twilio-compositions sandbox ...`: python -m twilio_compositions.sandbox's options and run()."""
    from ..sandbox.__main__ import DESCRIPTION, add_arguments, run

    parser = argparse.ArgumentParser(
        prog="twilio-compositions sandbox",
        description=DESCRIPTION,
        epilog="example:\n  twilio-compositions sandbox --port 8080 --processing-seconds 2",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))
