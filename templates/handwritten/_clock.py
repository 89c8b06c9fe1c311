"""The clock the clients wait on, for retries and for wait(): a seam that tests replace with a fake one.

A test of "waits a second after Retry-After: 1" should take no second: it gives the client a clock
whose sleep() only moves its own time forward.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...

    async def async_sleep(self, seconds: float) -> None: ...


class SystemClock:
    """Real time: time.monotonic, time.sleep and asyncio.sleep."""

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    async def async_sleep(self, seconds: float) -> None:
        import asyncio  # here, not at the top: a sync user need not pay its 10 ms of import time

        await asyncio.sleep(seconds)


SYSTEM_CLOCK = SystemClock()
