"""When a failed request is sent again, and after how long. Pure functions: the clients do the waiting.

Two questions decide a retry:
- Could sending again do harm? A GET can always be repeated. A create cannot, once the server may
  have seen it: after a timeout or a 5xx the composition may exist, and a second POST would make a
  duplicate. So a non-idempotent request is repeated only when it provably never reached the
  server (no connection was made) or the server said it did not process it (429, in Twilio's words).
- Is the failure transient? Connection failures, timeouts, 429 and 500/502/503/504 are; other
  statuses (400, 401, 404 ...) will fail the same way again.
"""

from __future__ import annotations

import datetime
import email.utils
import random
from collections.abc import Mapping

import httpx

DEFAULT_MAX_RETRIES = 2
INITIAL_BACKOFF = 0.5  # seconds before the first retry; doubled for each further one
MAX_BACKOFF = 8.0
MAX_RETRY_AFTER = 60.0  # a longer Retry-After is cut to this: a caller should not hang for an hour
JITTER = 0.25  # each backoff is shortened by up to this fraction, so that clients do not retry in step

TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})
# The failures after which a request has provably not left this machine: no connection was made.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def may_retry_status(status: int, *, idempotent: bool) -> bool:
    """Whether an answer with this status may be retried: 429 always (not processed), 5xx if idempotent."""
    if status == 429:
        return True
    return idempotent and status in TRANSIENT_STATUSES


def may_retry_exception(exc: httpx.TransportError, *, idempotent: bool) -> bool:
    """Whether a request that got no answer may be sent again."""
    if isinstance(exc, httpx.UnsupportedProtocol):
        return False  # not transient: the same URL fails the same way
    if idempotent:
        return True
    return isinstance(exc, _NEVER_SENT)


def backoff(retry: int, rng: random.Random) -> float:
    """Seconds to wait before retry number `retry` (1, 2, ...): 0.5, 1, 2, 4, 8, 8 ... less up to 25%."""
    delay: float = min(MAX_BACKOFF, INITIAL_BACKOFF * 2.0 ** (retry - 1))
    return delay * (1 - JITTER * rng.random())


def retry_after(headers: Mapping[str, str], now: datetime.datetime | None = None) -> float | None:
    """The Retry-After header in seconds (delta-seconds or an HTTP date), capped; None if absent or bad."""
    value = headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    seconds: float | None
    try:
        seconds = float(value)
    except ValueError:
        seconds = None
    if seconds is None:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:  # RFC 9110 dates are GMT; a date without a zone is read as such
            when = when.replace(tzinfo=datetime.UTC)
        seconds = (when - (now or datetime.datetime.now(datetime.UTC))).total_seconds()
    if seconds != seconds or seconds < 0:  # NaN, or a date in the past: retry at once
        return 0.0
    return min(seconds, MAX_RETRY_AFTER)


def delay_before_retry(retry: int, response: httpx.Response | None, rng: random.Random) -> float:
    """How long to wait before retry number `retry`: the server's Retry-After if it gave one."""
    if response is not None:
        asked = retry_after(response.headers)
        if asked is not None:
            return asked
    return backoff(retry, rng)
