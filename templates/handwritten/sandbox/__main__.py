"""python -m twilio_compositions.sandbox: run a sandbox until Ctrl+C (or SIGTERM)."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from typing import Any

from . import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, FAILING_ROOM_SID, MEDIA_BYTES, Sandbox

DESCRIPTION = "A local stand-in for the Twilio Video Compositions API, on 127.0.0.1."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m twilio_compositions.sandbox", description=DESCRIPTION)
    add_arguments(parser)
    return run(parser.parse_args(argv))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The sandbox's options, on a parser of the caller's (also `twilio-compositions sandbox`'s)."""
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: any free port)")
    parser.add_argument("--account-sid", default=DEFAULT_ACCOUNT_SID, help="account SID clients must use")
    parser.add_argument("--auth-token", default=DEFAULT_AUTH_TOKEN, help="auth token clients must use")
    parser.add_argument("--queue-seconds", type=float, default=0.5, help="time a composition stays enqueued")
    parser.add_argument(
        "--processing-seconds", type=float, default=5.0, help="time a composition stays processing"
    )
    parser.add_argument(
        "--media-bytes", type=int, default=MEDIA_BYTES, help="size of every composition's media file"
    )
    parser.add_argument(
        "--allow-remote-callbacks",
        action="store_true",
        help="send status callbacks to hosts other than this machine too",
    )


def run(args: argparse.Namespace) -> int:
    """Run a sandbox with the options add_arguments() defined until Ctrl+C (or SIGTERM)."""
    # Each status callback sent, or failed, is one line on stderr. Only the sandbox's own logger: httpx
    # logs every request's full URL at INFO, and a callback URL may carry a token.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    sandbox_logger = logging.getLogger("twilio_compositions.sandbox")
    sandbox_logger.addHandler(handler)
    sandbox_logger.setLevel(logging.INFO)

    stop = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    with Sandbox(
        port=args.port,
        account_sid=args.account_sid,
        auth_token=args.auth_token,
        queue_seconds=args.queue_seconds,
        processing_seconds=args.processing_seconds,
        allow_remote_callbacks=args.allow_remote_callbacks,
        media_bytes=args.media_bytes,
    ) as sandbox:
        # Sandbox credentials, printed on purpose: they are only good against this local server.
        print(f"Compositions sandbox listening on {sandbox.url}")
        print(f"TWILIO_ACCOUNT_SID={sandbox.account_sid}")
        print(f"TWILIO_AUTH_TOKEN={sandbox.auth_token}")
        print(f"base_url={sandbox.url}")
        print(f"Media files are served (pre-signed, no credentials) from {sandbox.media_url}")
        print(f"Compositions of room {FAILING_ROOM_SID} fail; status callbacks are logged on stderr.")
        print("Stop it with Ctrl+C.", flush=True)
        while not stop.wait(3600):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
