"""A clock that moves only when told to: for the sandbox (its `clock=`) and for the clients' waits alike.

    clock = FakeClock()
    sandbox = Sandbox(in_process=True, clock=clock, callback_interval=None)
    clock.on_advance.append(lambda: sandbox.deliver_due_callbacks())

Calling it (or monotonic()) reads it; advance(seconds) moves it; sleep() and async_sleep(), which a
client's retries and wait() call, move it too instead of waiting, and `sleeps` lists them. After every
move, each function in `on_advance` runs: the pytest plugin puts the sandbox's deliver_due_callbacks()
there, so that the status callbacks due by then have been sent when advance() returns.
"""

from __future__ import annotations

from collections.abc import Callable


class FakeClock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now
        self.sleeps: list[float] = []
        self.on_advance: list[Callable[[], object]] = []

    def __repr__(self) -> str:
        return f"FakeClock(now={self.now!r})"

    def __call__(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock `seconds` forward, then run `on_advance` (callbacks due are sent)."""
        if seconds < 0:
            raise ValueError(f"a clock does not go back: advance({seconds})")
        self.now += seconds
        for listener in list(self.on_advance):
            listener()

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(max(0.0, seconds))

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)
