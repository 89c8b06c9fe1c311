"""The sandbox's status callbacks: sent, signed as Twilio signs them, when the clock passes each one.

Nothing is sent on a timer of its own: deliver_due() sends every callback whose time has come (by the
store's clock) and that was not sent yet, oldest first, and returns what happened. The sandbox calls it
from a background thread every `callback_interval` seconds; tests with a fake clock call it after
moving the clock, and get the same result every time. A lock makes each callback go out exactly once,
in order, even when both call it at once; when deliver_due() returns, everything due has been sent.

The signature covers the URL without its user:password@, if any: the receiver never sees those in
the URL (they come as an Authorization header), so that is the URL it can check against.

Each callback is one attempt (Twilio's retry policy is not documented), with a short timeout, to the
StatusCallback URL exactly, redirects not followed. The sandbox is a local tool: it sends to http(s)
URLs on this machine only, unless it was started with allow_remote_callbacks, or with a
callback_transport (an httpx transport, such as httpx.WSGITransport(app=...)): then every callback goes
through that transport, whatever its host, and nothing leaves the process. A callback that cannot be
sent, or gets no answer, is logged and recorded, never raised.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections import deque
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

import httpx

from .._http import is_loopback
from .._signature import compute_signature
from ._store import DEFAULTS, CompositionStore, Record, ScheduledCallback

logger = logging.getLogger("twilio_compositions.sandbox")

USER_AGENT = "TwilioProxy/1.1 (twilio-compositions sandbox)"
# deliveries keeps the latest ones only: 11 callbacks per composition must not grow a long-running sandbox
MAX_DELIVERIES_KEPT = 10_000


@dataclasses.dataclass(frozen=True)
class CallbackDelivery:
    """One status callback the sandbox sent, or tried to send.

    `status` is the receiver's HTTP status, None when there was no answer; `error` says why. The URL,
    parameters and signature stay out of repr(): a callback URL may carry credentials.
    """

    composition_sid: str
    event: str
    method: str
    status: int | None
    error: str | None
    url: str = dataclasses.field(repr=False)  # as requested: for GET, with the parameters in the query
    params: tuple[tuple[str, str], ...] = dataclasses.field(repr=False)  # every parameter, GET or POST
    signature: str = dataclasses.field(repr=False)

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def _where(url: str) -> str:
    """The URL for a log line or an error: no user:password@, no query (it may hold a token)."""
    parts = urlsplit(url)
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return f"{parts.scheme}://{parts.hostname or ''}{port}{parts.path}"


def _without_credentials(url: str) -> str:
    """The URL as the receiver sees it: user:password@ travels as an Authorization header instead."""
    head, separator, rest = url.partition("//")
    userinfo, at, _ = rest.partition("/")[0].partition("?")[0].partition("#")[0].rpartition("@")
    if not separator or not at:
        return url
    return head + separator + rest[len(userinfo) + 1 :]


def _refusal(url: str, allow_remote: bool) -> str | None:
    """Why the sandbox will not send to this URL, or None when it will."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        return "not a valid http(s) URL"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "not an http(s) URL"
    if not allow_remote and not is_loopback(parts.hostname):
        return "not a loopback host; the sandbox sends elsewhere only with allow_remote_callbacks"
    return None


class _Borrowed(httpx.BaseTransport):
    """The caller's transport, used but not closed with each delivery's client: it is theirs."""

    def __init__(self, transport: httpx.BaseTransport) -> None:
        self._transport = transport

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._transport.handle_request(request)


class CallbackDispatcher:
    def __init__(
        self,
        store: CompositionStore,
        *,
        auth_token: str,
        allow_remote: bool,
        timeout: float,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.store = store
        self.transport = None if transport is None else _Borrowed(transport)
        self.allow_remote = allow_remote or transport is not None
        self._auth_token = auth_token
        self._timeout = httpx.Timeout(timeout, connect=min(timeout, 2.0))
        self._lock = threading.Lock()
        self._records_seen = 0
        # Per composition with a StatusCallback: (creation order, record, callbacks not yet sent).
        self._pending: dict[str, tuple[int, Record, list[ScheduledCallback]]] = {}
        # What deliver_due() sent, the latest MAX_DELIVERIES_KEPT. _pending empties as callbacks go out.
        self._deliveries: deque[CallbackDelivery] = deque(maxlen=MAX_DELIVERIES_KEPT)

    @property
    def deliveries(self) -> list[CallbackDelivery]:
        with self._lock:
            return list(self._deliveries)

    def _due(self) -> list[tuple[float, int, Record, ScheduledCallback]]:
        for record in self.store.created_since(self._records_seen):
            if record.fields.get("StatusCallback"):
                self._pending[record.sid] = (
                    self._records_seen,
                    record,
                    self.store.callback_schedule(record),
                )
            self._records_seen += 1
        now = self.store.clock()
        due: list[tuple[float, int, Record, ScheduledCallback]] = []
        for order, record, schedule in self._pending.values():
            due.extend(
                (callback.due, order, record, callback) for callback in schedule if callback.due <= now
            )
        due.sort(key=lambda item: item[:2])  # by time, then by creation; sort() keeps each one's order
        return due

    def deliver_due(self, stopping: Callable[[], bool] = lambda: False) -> list[CallbackDelivery]:
        """Send every callback that is due and not sent yet; what was sent, in order.

        `stopping` is asked before each callback: when it answers True, the rest waits for a later call.
        """
        with self._lock:
            due = self._due()
            if not due:
                return []
            sent: list[CallbackDelivery] = []
            # trust_env=False: a proxy from the environment is meant for the outside world, not for
            # this machine, and the sandbox sends elsewhere only when told to.
            with httpx.Client(
                timeout=self._timeout, trust_env=False, follow_redirects=False, transport=self.transport
            ) as client:
                for _, _, record, callback in due:
                    if stopping():
                        break
                    _, _, schedule = self._pending[record.sid]
                    schedule.remove(callback)
                    if not schedule:
                        del self._pending[record.sid]
                    sent.append(self._send(client, record, callback))
            self._deliveries.extend(sent)
            return sent

    def _send(self, client: httpx.Client, record: Record, callback: ScheduledCallback) -> CallbackDelivery:
        url = str(record.fields["StatusCallback"])
        method = str(record.fields.get("StatusCallbackMethod", DEFAULTS["StatusCallbackMethod"])).upper()
        params = callback.params
        if method == "GET":
            # The parameters join the query string, and the signature covers that URL alone.
            separator = "" if url.endswith(("?", "&")) else "&" if "?" in url else "?"
            target, body = url + separator + urlencode(params), None
            signature = compute_signature(_without_credentials(target), None, self._auth_token)
        else:
            target, body = url, urlencode(params)
            signature = compute_signature(_without_credentials(url), params, self._auth_token)
        status: int | None = None
        error = _refusal(url, self.allow_remote)
        if error is None:
            headers = {"X-Twilio-Signature": signature, "User-Agent": USER_AGENT}
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            try:
                status = client.request(method, target, content=body, headers=headers).status_code
            except httpx.TransportError as failure:  # refused, reset, timed out ...: no answer
                error = f"no answer: {type(failure).__name__}: {failure}"
            except (httpx.HTTPError, httpx.InvalidURL) as failure:
                error = f"not sent: {type(failure).__name__}"
        delivery = CallbackDelivery(
            composition_sid=record.sid,
            event=callback.event,
            method=method,
            status=status,
            error=error,
            url=target,
            params=params,
            signature=signature,
        )
        if delivery.ok:
            logger.info(
                "status callback %s of %s: %s %s -> %s",
                callback.event,
                record.sid,
                method,
                _where(url),
                status,
            )
        else:
            logger.warning(
                "status callback %s of %s: %s %s failed: %s",
                callback.event,
                record.sid,
                method,
                _where(url),
                error or f"HTTP {status}",
            )
        return delivery
