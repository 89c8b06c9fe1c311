"""The README's demo, run by scripts/demo: a composition from request to completed, with no Twilio account.

It starts the package's local sandbox, creates a composition with a grid layout through
CompositionsClient, polls it until it is done, printing each status change, and prints the result.
"""

from __future__ import annotations

import argparse
import json
import time

from twilio_compositions import CompositionsClient, CompositionStatus
from twilio_compositions.sandbox import Sandbox

ROOM_SID = "RM" + "0123456789abcdef" * 2
FINAL = {CompositionStatus.COMPLETED, CompositionStatus.FAILED, CompositionStatus.DELETED}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--processing-seconds", type=float, default=3.0)
    parser.add_argument("--poll-interval", type=float, default=0.25)
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
            print(f"created {composition.sid}: {composition.status}")
            started = time.monotonic()
            while composition.status not in FINAL:
                if time.monotonic() - started > args.timeout:
                    raise SystemExit(
                        f"{composition.sid} is still {composition.status} after {args.timeout} s"
                    )
                time.sleep(args.poll_interval)
                previous, composition = composition.status, client.fetch(composition.sid)
                if composition.status != previous:
                    print(f"  {time.monotonic() - started:5.2f} s  {previous} -> {composition.status}")
            print(json.dumps(composition.to_dict(), indent=2))


if __name__ == "__main__":
    main()
