#!/usr/bin/env python3
"""Instructions per call of our fetch/create (sync and async) against raw httpx, counted by valgrind.

    .venv/bin/python scripts/callcost.py                  every contender, 20 and 60 calls (about 2 min)
    .venv/bin/python scripts/callcost.py --only fetch --calls 50 150  (more calls: the same figure, slower)

Why: on a shared 2-core VM the CPU time of scripts/bench swings by several percent from run to run, so
a change of 1-2% in what a call costs cannot be told apart there. Valgrind's cachegrind counts the
instructions the client process executes, which do not depend on the machine's load: a process making
N calls and one making M calls (same start, same warm-up) differ by (M - N) calls' worth, and that
difference over M - N is the figure, repeatable to well under 1%. The loopback server is scripts/bench.py's
own, in a process of its own (not counted). Python's hash seed is fixed so that both runs hash alike.

Contenders are scripts/bench.py's: ours through CompositionsClient / AsyncCompositionsClient, raw httpx
doing the same by hand (`.json()` on the answer). Async calls are awaited one at a time. Instructions
are not time (a cache miss costs more than an add) but the two agree closely for a CPU-bound
interpreter: read the ratios, and check them against scripts/bench's CPU time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

import bench

WARMUP = 50
KINDS = ("fetch", "create", "async fetch")


def _sync_call(stack: ExitStack, base_url: str, client: str, operation: str) -> Callable[[], Any]:
    contenders = bench.ours(stack, base_url) if client == "ours" else bench.raw_httpx(stack, base_url)
    (contender,) = (c for c in contenders if c.operation == operation)
    return contender.call


def child(kind: str, client: str, base_url: str, calls: int) -> None:
    """Make WARMUP + calls calls of one contender, then exit (the parent counts the instructions)."""
    if kind != "async fetch":
        with ExitStack() as stack:
            call = _sync_call(stack, base_url, client, kind)
            for _ in range(WARMUP + calls):
                call()
        return

    async def run() -> None:
        clients = bench.AsyncClients(base_url)
        try:
            sid = bench.COMPOSITION_SID
            for _ in range(WARMUP + calls):
                if client == "ours":
                    await clients.warm_ours.fetch(sid)
                else:
                    await bench.raw_fetch(clients.warm_raw, sid)
        finally:
            await clients.aclose()

    asyncio.run(run())


def instructions(kind: str, client: str, base_url: str, calls: int) -> int:
    command = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--child",
        kind,
        client,
        base_url,
        str(calls),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"{kind} {client}: valgrind failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--child", nargs=4, metavar=("KIND", "CLIENT", "BASE_URL", "CALLS"), help=argparse.SUPPRESS
    )
    parser.add_argument("--only", choices=KINDS, action="append", help="one kind of call (repeatable)")
    parser.add_argument("--calls", type=int, nargs=2, default=[20, 60], metavar=("N", "M"))
    args = parser.parse_args()
    if args.child:
        kind, client, base_url, calls = args.child
        child(kind, client, base_url, int(calls))
        return 0
    few, many = args.calls
    with bench.server_process(pages=0, media_mib=0) as base_url:
        for kind in args.only or KINDS:
            per_call = {}
            for client in ("ours", "raw"):
                counts = [instructions(kind, client, base_url, n) for n in (few, many)]
                per_call[client] = (counts[1] - counts[0]) / (many - few)
            print(
                f"{kind:12} ours {per_call['ours'] / 1000:8.1f} k  raw httpx {per_call['raw'] / 1000:8.1f} k"
                f"  instructions/call   ratio {per_call['ours'] / per_call['raw']:.3f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
