"""The argument parser of `twilio-compositions`: every command, its options, its help and an example."""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Callable

from .._spec_rules import DEFAULT_BASE_URL, SCHEMAS
from .._version import __version__
from . import _commands

PROG = "twilio-compositions"
ROOM = "RM" + "0123456789abcdef" * 2
SID = "CJ" + "0123456789abcdef" * 2

DESCRIPTION = """\
Create, follow, list, download and delete Twilio Video compositions.

Credentials come from the environment, as the Python clients take them: TWILIO_ACCOUNT_SID with
TWILIO_AUTH_TOKEN, or TWILIO_ACCOUNT_SID with TWILIO_API_KEY and TWILIO_API_SECRET (which win).
--base-url may come before or after the command."""

EPILOG = f"""\
examples:
  sid=$({PROG} create {ROOM} --grid)
  {PROG} wait "$sid" && {PROG} download "$sid" class.webm
  {PROG} list --status completed --limit 20
  {PROG} sandbox   # a local stand-in for the API, to try it all

exit status: 0 done; 1 the API or the composition failed; 2 a usage error (nothing was sent);
124 wait timed out; 130 interrupted."""


def aware_datetime(text: str) -> datetime.datetime:
    """An ISO 8601 moment with a time zone (2024-05-01T12:00:00Z, ...+02:00); a naive one is refused."""
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 date and time, such as 2024-05-01T12:00:00Z"
        ) from None
    if value.tzinfo is None:
        example = value.isoformat() + "Z"
        raise argparse.ArgumentTypeError(
            f"{text!r} has no time zone: add one, such as {example} (UTC) or an offset like +02:00"
        )
    return value


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, got {text!r}")
    return value


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text!r}")
    return value


def _enum(name: str) -> str:
    return ", ".join(SCHEMAS[name]["enum"])


def build_parser() -> argparse.ArgumentParser:
    base_url_help = f"the API's root URL (default: {DEFAULT_BASE_URL})"
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--base-url", metavar="URL", default=None, help=base_url_help)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # The same option on every command, SUPPRESSed there so that it does not undo one given before.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--base-url", metavar="URL", default=argparse.SUPPRESS, help=base_url_help)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(
        name: str,
        handler: Callable[[argparse.Namespace], int],
        summary: str,
        example: str,
        positionals: dict[str, str] | None = None,
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            parents=[common],
            help=summary,
            description=summary[0].upper() + summary[1:] + ".",
            epilog="example:\n  " + example.replace("\n", "\n  "),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler, positionals=positionals or {"sid": "SID"}, parser=sub)
        return sub

    create = command(
        "create",
        _commands.create,
        "create a composition of a room's recordings and print its SID",
        f"sid=$({PROG} create {ROOM} --grid --format mp4)\n"
        f'{PROG} create {ROOM} --layout \'{{"main": {{"video_sources": ["screen*"]}}}}\'',
        positionals={"room_sid": "ROOM_SID"},
    )
    create.add_argument("room_sid", metavar="ROOM_SID", help="the Group Room (RM...)")
    layout = create.add_mutually_exclusive_group()
    layout.add_argument("--layout", metavar="JSON", help="the video layout, a JSON object of regions")
    layout.add_argument("--layout-file", metavar="PATH", help="the video layout, from a JSON file")
    layout.add_argument(
        "--grid", action="store_true", help='everyone in a grid: {"grid": {"video_sources": ["*"]}}'
    )
    audio = create.add_mutually_exclusive_group()
    audio.add_argument(
        "--audio-source",
        dest="audio_sources",
        action="append",
        metavar="NAME",
        help="an audio track to mix in, * a wild card; repeat for more (default: *, every track)",
    )
    audio.add_argument("--no-audio", action="store_true", help="no audio at all (needs a layout)")
    create.add_argument(
        "--audio-source-excluded",
        dest="audio_sources_excluded",
        action="append",
        metavar="NAME",
        help="an audio track to leave out; repeat for more",
    )
    create.add_argument("--resolution", metavar="WxH", help="such as 1280x720 (default: the API's, 640x480)")
    create.add_argument("--format", help=f"{_enum('CompositionFormat')} (default: the API's, webm)")
    create.add_argument("--status-callback", metavar="URL", help="the URL told of every status change")
    create.add_argument(
        "--status-callback-method", metavar="METHOD", help=_enum("StatusCallbackMethod") + " (default POST)"
    )
    create.add_argument("--no-trim", action="store_true", help="keep the stretches without media")

    get = command("get", _commands.get, "print a composition as JSON", f"{PROG} get {SID} | jq .status")
    get.add_argument("sid", metavar="SID", help="the composition (CJ...)")

    listing = command(
        "list",
        _commands.list_,
        "list compositions, newest first, as a table or JSON lines",
        f"{PROG} list --room-sid {ROOM} --created-after 2024-05-01T00:00:00Z\n"
        f"{PROG} list --status completed --json | jq -r .sid",
        positionals={},
    )
    listing.add_argument("--status", help=f"only those with this status: {_enum('CompositionStatus')}")
    listing.add_argument("--room-sid", metavar="ROOM_SID", help="only those of this room")
    listing.add_argument(
        "--created-after",
        type=aware_datetime,
        metavar="WHEN",
        help="created on or after, ISO 8601 with a zone",
    )
    listing.add_argument(
        "--created-before", type=aware_datetime, metavar="WHEN", help="created before, ISO 8601 with a zone"
    )
    listing.add_argument("--page-size", type=int, metavar="N", help="compositions a request asks for, 1-100")
    listing.add_argument("--limit", type=positive_int, metavar="N", help="stop after N compositions")
    listing.add_argument("--json", action="store_true", help="one JSON object a line (JSON Lines)")

    wait = command(
        "wait",
        _commands.wait,
        "wait until a composition is completed (exit 0), failed or deleted (1), or the timeout (124)",
        f"{PROG} wait {SID} --timeout 3600",
    )
    wait.add_argument("sid", metavar="SID", help="the composition (CJ...)")
    wait.add_argument(
        "--timeout", type=positive_float, default=1800.0, metavar="SECONDS", help="default: 1800"
    )
    wait.add_argument(
        "--poll-interval",
        type=positive_float,
        default=1.0,
        metavar="SECONDS",
        help="before the second poll; each next is half as long again, up to 30 s (default: 1)",
    )

    download = command(
        "download",
        _commands.download,
        "download a completed composition's media file",
        f"{PROG} download {SID} class.webm",
        positionals={"sid": "SID", "to": "PATH"},
    )
    download.add_argument("sid", metavar="SID", help="the composition (CJ...)")
    download.add_argument("path", metavar="PATH", help="the file to write (replaced only once complete)")
    download.add_argument(
        "--ttl", type=int, metavar="SECONDS", help="how long the media URL stays valid, 1-3600 (default 600)"
    )

    delete = command(
        "delete",
        _commands.delete,
        "delete a composition's media (it stays readable as deleted for 30 days)",
        f"{PROG} delete {SID}",
    )
    delete.add_argument("sid", metavar="SID", help="the composition (CJ...)")

    # Its options are the sandbox's own (twilio_compositions.sandbox.__main__), parsed only when it runs.
    commands.add_parser(
        "sandbox", add_help=False, help="run a local stand-in for the API until Ctrl+C (sandbox --help)"
    )
    return parser
