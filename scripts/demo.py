"""The README's demo, run by scripts/demo: a composition from request to completed, with no Twilio account.

It starts the package's local sandbox, creates a composition with a grid layout through
CompositionsClient, follows it with client.wait(), printing each status change, and prints the result.
"""

from __future__ import annotations

import argparse
import json
import time

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
            assert composition.sid is not None
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


if __name__ == "__main__":
    main()
