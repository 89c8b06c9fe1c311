"""wait(): poll a resource until a field of it is final, on the client's clock.

Which operation is polled, which field is watched and what each of its final values means come from
the spec (x-wait, in OperationRules.wait): "success" returns the answer, "failure" raises
CompositionFailedError, "gone" raises CompositionDeletedError; any value the spec does not list as
final (a status Twilio adds later, say) keeps polling until the timeout.

The polling interval grows (by half each time, up to MAX_POLL_INTERVAL): a composition takes about as
long as the room lasted, so the first answers come quickly and a long one is not polled every second.

A wait lasts minutes to hours, so an outage on the way must not end it: a fetch that fails in a way
_retry.py calls transient (no answer, a timeout, 429, 500/502/503/504), after its own retries, is logged
at INFO and counted, and the next poll comes at the normal pace, until wait()'s own deadline. A
permanent answer (400, 401, 403, 404 ...) still raises at once. A deadline passed during an outage raises
WaitTimeoutError with the last composition seen and the last error as its __cause__.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any, TypeVar

from ._clock import Clock
from ._exceptions import ApiConnectionError, ApiError, TwilioError, ValidationError
from ._retry import TRANSIENT_STATUSES
from ._validation import OperationRules

logger = logging.getLogger("twilio_compositions")

DEFAULT_WAIT_TIMEOUT = 1800.0
DEFAULT_POLL_INTERVAL = 1.0
MAX_POLL_INTERVAL = 30.0
_GROWTH = 1.5

T = TypeVar("T")
OnUpdate = Callable[[T], object]


class CompositionFailedError(TwilioError):
    """wait() saw the composition end without media: its status is `failed`.

    `composition` is the last fetched Composition. Twilio states the reason in the status callback
    (composition-failed, ErrorMessage), not in the resource.
    """

    def __init__(self, composition: Any) -> None:
        self.composition = composition
        status = getattr(composition, "status", None)
        super().__init__(f"composition {getattr(composition, 'sid', '?')} ended {status}")

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return type(self), (self.composition,)


class CompositionDeletedError(CompositionFailedError):
    """wait() saw the composition `deleted`: its media is gone, so it will never be available."""


class WaitTimeoutError(TwilioError, TimeoutError):
    """wait() ran out of time before the composition was done.

    `composition` is the last fetched Composition (None if no fetch answered), `timeout` the seconds
    waited, `transient_errors` how many polls failed on the way (an outage: no answer, 429, 5xx); when
    the last poll failed, its error is the __cause__. The composition goes on: wait again, or follow it
    with a status callback.
    """

    def __init__(self, sid: str, timeout: float, composition: Any, transient_errors: int = 0) -> None:
        self.sid = sid
        self.timeout = timeout
        self.composition = composition
        self.transient_errors = transient_errors
        status = getattr(composition, "status", None) if composition is not None else "unknown"
        failed = f", {transient_errors} polls failed" if transient_errors else ""
        super().__init__(f"composition {sid} not done after {timeout:g} s (last status: {status}{failed})")

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return type(self), (self.sid, self.timeout, self.composition, self.transient_errors)


def is_transient(error: Exception) -> bool:
    """Whether a fetch's failure may pass by itself (_retry.py's transient failures)."""
    if isinstance(error, ApiConnectionError):
        return True
    return isinstance(error, ApiError) and error.status in TRANSIENT_STATUSES


def _checked(timeout: float, poll_interval: float) -> None:
    for name, value in (("timeout", timeout), ("poll_interval", poll_interval)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise ValidationError(name, f"must be a positive number of seconds, got {value!r}")


def _value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


class _Poll:
    """The state of one wait(): what to do with each answer, and how long to sleep next."""

    def __init__(
        self,
        sid: str,
        rules: OperationRules,
        clock: Clock,
        timeout: float,
        poll_interval: float,
        on_update: OnUpdate[Any] | None,
    ):
        _checked(timeout, poll_interval)
        if rules.wait is None:
            raise TypeError(f"{rules.operation_id} has no x-wait in the spec")
        self.sid = sid
        self.field: str = rules.wait["field"]
        self.final: dict[str, str] = dict(rules.wait["final"])
        self.clock = clock
        self.timeout = timeout
        self.deadline = clock.monotonic() + timeout
        self.interval = float(poll_interval)
        self.on_update = on_update
        self.last: Any = None
        self.last_value: Any = None
        self.transient_errors = 0
        self.last_error: Exception | None = None

    def outage(self, error: Exception) -> bool:
        """A poll failed: True (counted and logged) when the error is transient, to poll again."""
        if not is_transient(error):
            return False
        self.transient_errors += 1
        self.last_error = error
        logger.info(
            "wait %s: poll failed (%s: %s); polling on until the deadline (%d failed so far)",
            self.sid,
            type(error).__name__,
            error,
            self.transient_errors,
        )
        return True

    def seen(self, answer: Any) -> bool:
        """True when answer is final and a success; raises when it ended otherwise; False to poll again."""
        value = _value(getattr(answer, self.field, None))
        changed = self.last is None or value != self.last_value
        self.last, self.last_value, self.last_error = answer, value, None
        if changed and self.on_update is not None:
            self.on_update(answer)
        outcome = self.final.get(value) if isinstance(value, str) else None
        if outcome == "success":
            return True
        if outcome == "gone":
            raise CompositionDeletedError(answer)
        if outcome == "failure":
            raise CompositionFailedError(answer)
        return False

    def next_sleep(self) -> float:
        """Seconds to sleep before the next fetch; raises WaitTimeoutError once the deadline has passed."""
        remaining = self.deadline - self.clock.monotonic()
        if remaining <= 0:
            raise WaitTimeoutError(
                self.sid, self.timeout, self.last, self.transient_errors
            ) from self.last_error
        sleep = min(self.interval, remaining)  # the last fetch happens at the deadline, not after it
        self.interval = min(self.interval * _GROWTH, MAX_POLL_INTERVAL)
        return sleep


def wait_sync(
    fetch: Callable[[], T],
    sid: str,
    rules: OperationRules,
    *,
    clock: Clock,
    timeout: float,
    poll_interval: float,
    on_update: OnUpdate[T] | None,
) -> T:
    poll = _Poll(sid, rules, clock, timeout, poll_interval, on_update)
    while True:
        try:
            answer = fetch()
        except TwilioError as error:
            if not poll.outage(error):
                raise
        else:
            if poll.seen(answer):
                return answer
        clock.sleep(poll.next_sleep())


async def wait_async(
    fetch: Callable[[], Awaitable[T]],
    sid: str,
    rules: OperationRules,
    *,
    clock: Clock,
    timeout: float,
    poll_interval: float,
    on_update: OnUpdate[T] | None,
) -> T:
    poll = _Poll(sid, rules, clock, timeout, poll_interval, on_update)
    while True:
        try:
            answer = await fetch()
        except TwilioError as error:
            if not poll.outage(error):
                raise
        else:
            if poll.seen(answer):
                return answer
        await clock.async_sleep(poll.next_sleep())
