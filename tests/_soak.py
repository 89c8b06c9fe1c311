"""A soak harness: call something many times and tell whether this process's memory or file descriptors
grew between the end of a warm-up and the end.

Memory is read from two cheap counters, which cost nothing per call: the memory blocks Python's object
allocator has handed out and not had back (sys.getallocatedblocks(), whatever their size: one per
object, roughly) and the bytes glibc's malloc has in use (mallinfo2: large objects, and what C code
allocates). tracemalloc would count bytes exactly but makes each call 3 to 5 times slower, which
20,000 HTTP requests in the suite cannot afford; SOAK_TRACEMALLOC=1 measures with it too, by hand
(traced memory after the warm-up against traced memory at the end).
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

TRACEMALLOC = os.environ.get("SOAK_TRACEMALLOC") == "1"


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


_libc = ctypes.CDLL(None)
_mallinfo2 = getattr(_libc, "mallinfo2", None)
if _mallinfo2 is not None:
    _mallinfo2.restype = _MallInfo2


def malloc_bytes() -> int:
    """Bytes glibc's malloc has handed out and not had back (0 where mallinfo2 is missing)."""
    if _mallinfo2 is None:
        return 0
    info = _mallinfo2()
    return int(info.uordblks + info.hblkhd)


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@dataclass(frozen=True)
class Reading:
    fds: int
    blocks: int
    malloc: int


def reading() -> Reading:
    gc.collect()
    return Reading(open_fds(), sys.getallocatedblocks(), malloc_bytes())


@dataclass(frozen=True)
class SoakResult:
    calls: int
    seconds: float
    start: Reading
    warm: Reading  # after the warm-up
    end: Reading
    traced_growth: int | None  # what tracemalloc counted from the warm-up to the end (SOAK_TRACEMALLOC=1)

    def __str__(self) -> str:
        traced = "" if self.traced_growth is None else f", traced growth {self.traced_growth} B"
        return (
            f"{self.calls} calls in {self.seconds:.1f} s ({self.seconds / self.calls * 1e3:.2f} ms each); "
            f"fds {self.start.fds} -> {self.warm.fds} (warm) -> {self.end.fds}; after the warm-up: "
            f"{self.end.blocks - self.warm.blocks:+} small blocks, "
            f"{self.end.malloc - self.warm.malloc:+} malloc bytes{traced}"
        )


# What "flat" allows after the warm-up: a few hundred small objects (caches settling, the gc's own
# lists), 256 KiB of malloc (one larger buffer resized), one file descriptor.
MAX_BLOCKS = 2_000
MAX_BYTES = 256 * 1024
MAX_FDS = 1


def soak(call: Callable[[int], object], calls: int, warmup: int) -> SoakResult:
    """Call call(0), call(1) ... call(calls - 1); readings before, after the first `warmup`, at the end."""
    if TRACEMALLOC:
        tracemalloc.start()
    try:
        start = reading()
        began = time.monotonic()
        for n in range(warmup):
            call(n)
        warm = reading()
        traced_warm = tracemalloc.get_traced_memory()[0]
        for n in range(warmup, calls):
            call(n)
        seconds = time.monotonic() - began
        end = reading()
        traced = tracemalloc.get_traced_memory()[0] - traced_warm if TRACEMALLOC else None
    finally:
        tracemalloc.stop()
    return SoakResult(calls, seconds, start, warm, end, traced)


def assert_flat(result: SoakResult) -> None:
    """Fail, naming every kind of growth found, unless the readings after the warm-up stayed flat."""
    problems = []
    if result.end.fds - result.warm.fds > MAX_FDS or result.warm.fds - result.start.fds > MAX_FDS + 1:
        problems.append("file descriptors grew")
    if result.end.blocks - result.warm.blocks >= MAX_BLOCKS:
        problems.append("objects accumulate")
    if result.end.malloc - result.warm.malloc >= MAX_BYTES:
        problems.append("memory grows")
    if result.traced_growth is not None and result.traced_growth >= MAX_BYTES:
        problems.append("traced memory grows")
    assert not problems, f"{', '.join(problems)}: {result}"
