"""wait(): poll a composition until it is done, on the client's clock.

The polling interval grows (by half each time, up to MAX_POLL_INTERVAL): a composition takes about as
long as the room lasted, so the first answers come quickly and a long one is not polled every second.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from ._clock import Clock
from ._exceptions import TwilioError, ValidationError
from .models import Composition, CompositionStatus

DEFAULT_WAIT_TIMEOUT = 1800.0
DEFAULT_POLL_INTERVAL = 1.0
MAX_POLL_INTERVAL = 30.0
_GROWTH = 1.5

OnUpdate = Callable[[Composition], object]


class CompositionFailedError(TwilioError):
    """wait() saw the composition end without media: its status is `failed`.

    `composition` is the last fetched Composition. Twilio states the reason in the status callback
    (composition-failed, ErrorMessage), not in the resource.
    """

    def __init__(self, composition: Composition) -> None:
        self.composition = composition
        super().__init__(f"composition {composition.sid} ended {composition.status}")

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return type(self), (self.composition,)


class CompositionDeletedError(CompositionFailedError):
    """wait() saw the composition `deleted`: its media is gone, so it will never be available."""


class WaitTimeoutError(TwilioError, TimeoutError):
    """wait() ran out of time before the composition was done.

    `composition` is the last fetched Composition (None if no fetch answered), `timeout` the seconds
    waited. The composition goes on: wait again, or follow it with a status callback.
    """

    def __init__(self, sid: str, timeout: float, composition: Composition | None) -> None:
        self.sid = sid
        self.timeout = timeout
        self.composition = composition
        status = composition.status if composition is not None else "unknown"
        super().__init__(f"composition {sid} not done after {timeout:g} s (last status: {status})")

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return type(self), (self.sid, self.timeout, self.composition)


def _checked(timeout: float, poll_interval: float) -> None:
    for name, value in (("timeout", timeout), ("poll_interval", poll_interval)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise ValidationError(name, f"must be a positive number of seconds, got {value!r}")


class _Poll:
    """The state of one wait(): what to do with each fetched composition, and how long to sleep next."""

    def __init__(
        self, sid: str, clock: Clock, timeout: float, poll_interval: float, on_update: OnUpdate | None
    ):
        _checked(timeout, poll_interval)
        self.sid = sid
        self.clock = clock
        self.timeout = timeout
        self.deadline = clock.monotonic() + timeout
        self.interval = float(poll_interval)
        self.on_update = on_update
        self.last: Composition | None = None

    def seen(self, composition: Composition) -> Composition | None:
        """Composition when done; raises when it failed; None to poll again."""
        changed = self.last is None or composition.status != self.last.status
        self.last = composition
        if changed and self.on_update is not None:
            self.on_update(composition)
        if composition.status == CompositionStatus.COMPLETED:
            return composition
        if composition.status == CompositionStatus.FAILED:
            raise CompositionFailedError(composition)
        if composition.status == CompositionStatus.DELETED:
            raise CompositionDeletedError(composition)
        return None

    def next_sleep(self) -> float:
        """Seconds to sleep before the next fetch; raises WaitTimeoutError once the deadline has passed."""
        remaining = self.deadline - self.clock.monotonic()
        if remaining <= 0:
            raise WaitTimeoutError(self.sid, self.timeout, self.last)
        sleep = min(self.interval, remaining)  # the last fetch happens at the deadline, not after it
        self.interval = min(self.interval * _GROWTH, MAX_POLL_INTERVAL)
        return sleep


def wait_sync(
    fetch: Callable[[str], Composition],
    sid: str,
    *,
    clock: Clock,
    timeout: float,
    poll_interval: float,
    on_update: OnUpdate | None,
) -> Composition:
    poll = _Poll(sid, clock, timeout, poll_interval, on_update)
    while True:
        done = poll.seen(fetch(sid))
        if done is not None:
            return done
        clock.sleep(poll.next_sleep())


async def wait_async(
    fetch: Callable[[str], Awaitable[Composition]],
    sid: str,
    *,
    clock: Clock,
    timeout: float,
    poll_interval: float,
    on_update: OnUpdate | None,
) -> Composition:
    poll = _Poll(sid, clock, timeout, poll_interval, on_update)
    while True:
        done = poll.seen(await fetch(sid))
        if done is not None:
            return done
        await clock.async_sleep(poll.next_sleep())
