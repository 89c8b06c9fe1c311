"""The README's demo, run by scripts/demo: a composition from request to its file, with no Twilio account.

It starts the package's local sandbox, creates a composition with a grid layout through
CompositionsClient, follows it with client.wait(), printing each status change, prints the result,
lists the compositions of the room, and downloads the media file with a progress line.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from twilio_compositions import Composition, CompositionFailedError, CompositionsClient, WaitTimeoutError
from twilio_compositions.sandbox import Sandbox

ROOM_SID = "RM" + "0123456789abcdef" * 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--processing-seconds", type=float, default=3.0)
    parser.add_argument("--poll-interval", type=float, default=0.25, help="seconds before the second fetch")
    parser.add_argument("--timeout", type=float, default=60.0, help="give up after this many seconds")
    args = parser.parse_args()

    with Sandbox(queue_seconds=0.5, processing_seconds=args.processing_seconds) as sandbox:
        print(f"sandbox listening on {sandbox.url}")
        with CompositionsClient(
            account_sid=sandbox.account_sid, auth_token=sandbox.auth_token, base_url=sandbox.url
        ) as client:
            composition = client.create(
                room_sid=ROOM_SID,
                video_layout={"grid": {"video_sources": ["*"]}},
                audio_sources=["*"],
                resolution="1280x720",
                format="mp4",
            )
            print(f"created {composition.sid}")
            started = time.monotonic()

            def progress(update: Composition) -> None:
                print(f"  {time.monotonic() - started:5.2f} s  {update.status}")

            try:
                composition = client.wait(
                    composition.sid,
                    timeout=args.timeout,
                    poll_interval=args.poll_interval,
                    on_update=progress,
                )
            except (CompositionFailedError, WaitTimeoutError) as error:
                raise SystemExit(str(error)) from None
            print(json.dumps(composition.to_dict(), indent=2))

            listed = [c.sid for c in client.list(room_sid=ROOM_SID, status="completed")]
            print(f"compositions of {ROOM_SID} completed: {listed}")

            def show(done: int, total: int | None) -> None:
                of = f" of {total:,}" if total is not None else ""
                sys.stdout.write(f"\r  downloaded {done:,}{of} bytes")
                sys.stdout.flush()

            with tempfile.TemporaryDirectory() as folder:
                target = Path(folder) / f"{composition.sid}.{composition.format}"
                size = client.download(composition.sid, target, on_progress=show)
                print(
                    f"\n  {target.name}: {size:,} bytes, as the composition says: {size == composition.size}"
                )


if __name__ == "__main__":
    main()
