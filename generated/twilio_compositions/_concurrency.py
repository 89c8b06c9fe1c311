"""How many requests an async client hands its httpx pool at once; the others wait here for a turn.

Why: httpcore's connection pool, each time a request arrives or a response is closed, walks every
queued request against every connection (AsyncConnectionPool._assign_requests_to_connections). Hand it
1,000 requests at once with 100 connections and each of those 2,000 walks costs up to 900 x 100 checks:
cProfile puts almost all of a cold burst's CPU time there (about 15 ms a call, against 1.6 ms when no
more than the pool's size are handed over at a time). Calls beyond the pool's size wait here instead,
in a first-come-first-served queue that costs the same whatever its length.

The bound is the pool's own max_connections, so it never sends fewer requests at once than httpx would
(a latency-bound burst to the real API goes as fast as before), and never more than a caller's own
httpx.AsyncClient allows. It is not taken on a sync client: there a burst is a pool of threads, as many
as the caller started (a ThreadPoolExecutor's default is at most 32), and each waits in httpcore's pool.

Only the async client imports this module (asyncio costs a sync user 10 ms of import time).
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections import deque

import httpx


def pool_size(http: httpx.AsyncClient, url: str) -> int | None:
    """How many requests `http` sends to `url` at once (its pool's max_connections), None when unknown.

    httpx does not say, so this reads its private attributes, guarded: a transport without a pool (a
    MockTransport, the sandbox's, a caller's own), an unlimited pool, or an httpx that keeps them
    elsewhere gives None, and then no bound is set beyond what httpx itself imposes.
    """
    try:
        transport = http._transport_for_url(httpx.URL(url))  # a proxy mount, if one covers url
    except Exception:  # any failure means: not knowable, so no bound
        return None
    size = getattr(getattr(transport, "_pool", None), "_max_connections", None)
    if isinstance(size, int) and not isinstance(size, bool) and 0 < size < sys.maxsize:
        return size
    return None


class SlotTimeout(Exception):
    """No slot came free within the time allowed."""


class Bound:
    """One client's bound: `size` slots per event loop.

    The slots hold futures of the loop that was running when they were made: a client used under a
    second asyncio.run() gets a fresh set, never one that a dead loop still counts as taken (a slot
    given back to an old set is simply forgotten with it).
    """

    __slots__ = ("_slots", "size")

    def __init__(self, size: int) -> None:
        self.size = size
        self._slots: Slots | None = None

    def __repr__(self) -> str:
        return f"Bound(size={self.size}, slots={self._slots!r})"

    def slots(self) -> Slots:
        """The slots of the running loop."""
        loop = asyncio.get_running_loop()
        slots = self._slots
        if slots is None or slots.loop is not loop:
            slots = self._slots = Slots(self.size, loop)
        return slots


class Slots:
    """At most `size` holders at once within one event loop, served in the order they came.

    A slot is handed from the leaver straight to the first waiter, so a call arriving later cannot take
    it first.
    """

    __slots__ = ("_free", "_waiters", "loop", "size")

    def __init__(self, size: int, loop: asyncio.AbstractEventLoop) -> None:
        self.size = size
        self.loop = loop
        self._free = size
        # The futures of the waiters, in order. One whose caller was cancelled stays until that caller
        # runs again (give_back() skips it meanwhile).
        self._waiters: deque[asyncio.Future[None]] = deque()

    def __repr__(self) -> str:
        return f"Slots(size={self.size}, in_use={self.in_use}, waiting={len(self._waiters)})"

    @property
    def in_use(self) -> int:
        return self.size - self._free

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    def try_take(self) -> bool:
        """Take a slot if one is free and nobody waits for one; False: wait() for it."""
        if self._free and not self._waiters:
            self._free -= 1
            return True
        return False

    async def wait(self, timeout: float | None) -> float:
        """After a try_take() that failed: wait for a slot, at most `timeout` seconds (None: no limit).

        Returns the seconds waited; raises SlotTimeout when none came in time. Cancelled while waiting,
        it takes no slot (and passes on one it was being handed).
        """
        loop = self.loop
        started = loop.time()
        turn: asyncio.Future[None] = loop.create_future()
        self._waiters.append(turn)
        timer = None if timeout is None else loop.call_at(started + timeout, self._expire, turn)
        try:
            await turn
        except BaseException:
            if turn.cancelled():  # the caller was cancelled while waiting: out of the queue
                with contextlib.suppress(ValueError):  # give_back() may have dropped it already
                    self._waiters.remove(turn)
            elif turn.exception() is None:  # handed a slot, but cancelled before it could use it
                self.give_back()
            raise  # SlotTimeout (_expire already took it out of the queue), or the cancellation
        finally:
            if timer is not None:
                timer.cancel()
        return loop.time() - started

    def _expire(self, turn: asyncio.Future[None]) -> None:
        if not turn.done():
            self._waiters.remove(turn)
            turn.set_exception(SlotTimeout())

    def give_back(self) -> None:
        """Leave a slot: to the first waiter, or free. Call it exactly once per slot taken."""
        waiters = self._waiters
        while waiters:
            turn = waiters.popleft()
            if not turn.done():  # not a cancelled one
                turn.set_result(None)
                return
        self._free += 1
