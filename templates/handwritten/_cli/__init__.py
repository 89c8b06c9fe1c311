"""`twilio-compositions` (also `python -m twilio_compositions`): the Compositions API from a shell.

    twilio-compositions create RM... --grid      prints the new SID
    twilio-compositions get|wait|delete CJ...
    twilio-compositions list [--status ...] [--json]
    twilio-compositions download CJ... out.webm
    twilio-compositions sandbox                  a local stand-in for the API

Standard library only (argparse) besides the package itself. Every failure is one line on stderr and an
exit status (see _errors.py); a traceback means a bug.
"""

from __future__ import annotations

import os
import sys

from ._errors import EXIT_INTERRUPTED, UsageError, describe
from ._parser import build_parser

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    try:
        return _run(argv)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `... | head`: the reader went away; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as a shell reports it


def _run(argv: list[str] | None) -> int:
    from .._exceptions import TwilioError
    from . import _commands

    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "sandbox":
        return _commands.sandbox(extra)
    if extra:
        args.parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        status: int = args.handler(args)
    except BrokenPipeError:
        raise
    except (TwilioError, UsageError, OSError) as error:
        message, status = describe(error, args.positionals)
        sys.stdout.flush()
        print(f"error: {message}", file=sys.stderr)
    return status
