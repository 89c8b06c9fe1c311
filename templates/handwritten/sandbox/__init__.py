"""A local stand-in for the Compositions API: a real HTTP server on 127.0.0.1, for tests and demos.

    from twilio_compositions import CompositionsClient
    from twilio_compositions.sandbox import Sandbox

    with Sandbox(processing_seconds=2) as sandbox:
        client = CompositionsClient(
            account_sid=sandbox.account_sid, auth_token=sandbox.auth_token, base_url=sandbox.url
        )
        composition = client.create(room_sid="RM" + "0" * 32, audio_sources=["*"])

It implements every operation of the spec, routed from its rule tables (_spec_rules.OPERATIONS:
a path that matches but with another method is 405 with the spec's methods in Allow; an operation
without a handler would be 501, and unimplemented_operations() names them), with HTTP Basic
authentication on its own credentials (401 otherwise), and answers whose fields are the spec's
response schemas' properties:

- create and fetch: the spec's and the API's validation of create (400 with a Twilio error body
  naming the parameter), 404 for an unknown SID;
- list: newest first, filtered by Status, RoomSid, DateCreatedAfter (on or after) and
  DateCreatedBefore (before); a `deleted` composition only with Status=deleted; pages of PageSize
  (the spec's default, 50) with a PageToken that points after an item, so compositions created
  between two page requests shift nothing. The page's URLs are absolute on the real API's host, as
  Twilio writes them: a client must ask its own base URL for their path and query;
- delete: 204, then the composition stays fetchable as `deleted` with its date_deleted; 409 for a
  `failed` one, 404 for an unknown SID;
- media: 404 until the composition is completed (and once deleted), then 302 to a pre-signed URL
  (Location, and the body's redirect_to) on a second loopback server, the media origin (`media_url`),
  valid for Ttl seconds of the clock (the spec's default, 600). The origin serves `media_bytes` bytes
  of a pattern (media_content() gives them), honours `Range: bytes=N-`, and refuses with 403, recorded
  in media_requests_seen, a bad signature, an expired URL, and any request that carries an
  Authorization header or a Cookie.

Query parameters are read as the spec types them (Page=abc is a 400 naming Page); unknown ones are
ignored, as Twilio ignores them. A composition is `enqueued` for `queue_seconds`, `processing` for
`processing_seconds`, then `completed`, as measured by `clock` (seconds, time.monotonic by default):
tests pass a fake clock and move it instead of sleeping. A composition of the room FAILING_ROOM_SID
ends `failed` instead. Its dates are on the same clock.

When the create request gave a StatusCallback, the sandbox sends the status callbacks, signed with its
auth token, as the clock passes each: composition-started when processing begins, composition-progress
at every 10% of processing, then composition-available (or composition-failed). A background thread
looks for due callbacks every `callback_interval` seconds; deliver_due_callbacks() sends them at once,
which is what tests on a fake clock call after moving it: when it returns, every callback due has been
sent, once, in order (pass callback_interval=None for no thread, when a test also wants its return
value to list them all). One attempt each, `callback_timeout` seconds at most; failures are logged and
kept in callback_deliveries (the latest 10,000), never raised. Callbacks go to http(s) URLs on this
machine only, unless `allow_remote_callbacks`.

To test retries end to end, inject_fault() makes it answer the next requests with an error status
(503, 429 with Retry-After ...) or drop their connection; inject_media_fault() does the same to the
media origin's next downloads: an error status, a body cut after N bytes, a Range ignored.
requests_seen lists the latest 10,000 requests (a bounded deque underneath), connections_accepted how
many connections were opened.

Memory stays flat however many requests it answers: its logs (requests_seen, media_requests_seen,
callback_deliveries) keep the latest 10,000 each, an open connection is forgotten once closed, a
handler thread ends with its connection, and injected faults go once used. What grows is the store,
one record per composition created, for good (deleted ones stay fetchable): that is the API's state,
as with Twilio, and costs about 1 KB a composition (measured with tracemalloc; more with a layout).

In-process, with no socket and no thread: Sandbox(in_process=True) starts no server; its
transport() (an httpx.BaseTransport) and async_transport() (an httpx.AsyncBaseTransport) hand each
request to the same logic the servers run, and answer for its `url` (IN_PROCESS_URL) and its media
origin's `media_url` (IN_PROCESS_MEDIA_URL) alike, so one httpx client serves a CompositionsClient's
http_client= and media_http_client=. sandbox.client() and sandbox.async_client() make a client wired
to it either way (the in-process one, or the running server's). The status callbacks still go out over
HTTP (to loopback receivers), or through `callback_transport` when one is given (an httpx transport,
such as httpx.WSGITransport(app=your_app)). Faults, the fake clock, requests_seen and the logs are the
same in both modes; connections_accepted stays 0 in-process. The pytest plugin (pytest_plugin.py) gives
an in-process sandbox on a FakeClock as fixtures.

To arrange state without the API: add_composition(status="completed", ...) makes a composition that is
that far along already, and add_composition(fails=True) one that will end `failed`. `requests` lists
what was received, decoded (method, path, query, form fields).

From a shell: python -m twilio_compositions.sandbox --port 8080
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Self

import httpx

from .._api_rules import check_operation
from .._clock import Clock
from .._spec_rules import OPERATIONS
from .._validation import validate_params
from ..compositions_client import AsyncCompositionsClient, CompositionsClient
from ._callbacks import CallbackDelivery, CallbackDispatcher
from ._fake_clock import FakeClock
from ._faults import Fault, FaultQueue
from ._media import (
    MediaFault,
    MediaFaultQueue,
    MediaOrigin,
    MediaRequest,
    MediaServer,
    MediaSigner,
    media_chunks,
)
from ._server import SandboxApi, SandboxServer, SeenRequest, unimplemented_operations
from ._spec import COMPLETED, DELETED, ENQUEUED, FAILED, PROCESSING
from ._store import FAILING_ROOM_SID, MEDIA_BYTES, CompositionStore
from ._transport import IN_PROCESS_MEDIA_URL, IN_PROCESS_URL, AsyncSandboxTransport, SandboxTransport

__all__ = [
    "DEFAULT_ACCOUNT_SID",
    "DEFAULT_AUTH_TOKEN",
    "FAILING_ROOM_SID",
    "IN_PROCESS_MEDIA_URL",
    "IN_PROCESS_URL",
    "MEDIA_BYTES",
    "CallbackDelivery",
    "FakeClock",
    "MediaFault",
    "MediaRequest",
    "Sandbox",
    "SeenRequest",
    "unimplemented_operations",
]

logger = logging.getLogger("twilio_compositions.sandbox")

# Test credentials, valid only against a sandbox; not secrets.
DEFAULT_ACCOUNT_SID = "AC" + "c0ffee" * 5 + "c0"
DEFAULT_AUTH_TOKEN = "sandbox-auth-token"  # noqa: S105
DEFAULT_ROOM_SID = "RM" + "0" * 32  # add_composition()'s room when none is given
_CREATE = OPERATIONS["create_composition"]
_STATUSES = (ENQUEUED, PROCESSING, COMPLETED, FAILED, DELETED)


def _spec_name(name: str) -> str:
    """room_sid -> RoomSid, audio_sources_excluded -> AudioSourcesExcluded."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


class Sandbox:
    """A sandbox server; a context manager that starts it on entry and stops it on exit.

    With in_process=True it starts no server (nor, with callback_interval=None, any thread): it is
    reached through transport() and async_transport(), or a client from client() / async_client().
    """

    def __init__(
        self,
        *,
        port: int = 0,
        account_sid: str = DEFAULT_ACCOUNT_SID,
        auth_token: str = DEFAULT_AUTH_TOKEN,
        queue_seconds: float = 0.5,
        processing_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        callback_interval: float | None = 0.1,
        callback_timeout: float = 5.0,
        allow_remote_callbacks: bool = False,
        media_bytes: int = MEDIA_BYTES,
        media_port: int = 0,
        in_process: bool = False,
        callback_transport: httpx.BaseTransport | None = None,
    ) -> None:
        if media_bytes < 0:
            raise ValueError(f"media_bytes must be at least 0, got {media_bytes}")
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.store = CompositionStore(
            account_sid=account_sid,
            clock=clock,
            queue_seconds=queue_seconds,
            processing_seconds=processing_seconds,
            media_bytes=media_bytes,
        )
        self.media_signer = MediaSigner(self.store)
        self.callbacks = CallbackDispatcher(
            self.store,
            auth_token=auth_token,
            allow_remote=allow_remote_callbacks,
            timeout=callback_timeout,
            transport=callback_transport,
        )
        self.callback_interval = callback_interval
        self.faults = FaultQueue()
        self.media_faults = MediaFaultQueue()
        self.in_process = in_process
        # The logic both modes run; the servers (started by start()) and the transports front it.
        self.api = SandboxApi(
            store=self.store,
            account_sid=account_sid,
            auth_token=auth_token,
            signer=self.media_signer,
            faults=self.faults,
        )
        self.media = MediaOrigin(store=self.store, signer=self.media_signer, faults=self.media_faults)
        self._clients: list[CompositionsClient] = []
        self._started = False
        self._port = port
        self._media_port = media_port
        self._server: SandboxServer | None = None
        self._media: MediaServer | None = None
        self._threads: list[threading.Thread] = []
        self._callback_thread: threading.Thread | None = None
        self._stopping = threading.Event()

    def __repr__(self) -> str:
        where = "in-process" if self.in_process else self.url if self._server else "not running"
        return f"Sandbox({where}, account_sid={self.account_sid!r})"

    @property
    def url(self) -> str:
        """The base URL to give CompositionsClient, such as http://127.0.0.1:54321 (in-process:
        IN_PROCESS_URL, answered by transport() only)."""
        if self.in_process:
            return IN_PROCESS_URL
        if self._server is None:
            raise RuntimeError("the sandbox is not running; use it as a context manager or call start()")
        return self._server.base_url

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the sandbox is not running")
        return int(self._server.server_address[1])

    @property
    def media_url(self) -> str:
        """The base URL of the media origin, the second server the media route redirects to."""
        if self.in_process:
            return IN_PROCESS_MEDIA_URL
        if self._media is None:
            raise RuntimeError("the sandbox is not running")
        return self._media.base_url

    @property
    def requests_seen(self) -> list[tuple[str, str]]:
        """(method, path) of the requests the running sandbox received, in order, faults included: the
        latest 10,000 (a copy; the sandbox keeps a bounded deque, so memory does not grow forever)."""
        return list(self.api.requests_seen)

    @property
    def requests(self) -> list[SeenRequest]:
        """The same requests, decoded: method, path, query (a dict), form (the body's fields as the
        spec encodes them: VideoLayout a dict, AudioSources a list, Trim a bool); the latest 10,000."""
        return list(self.api.requests)

    @property
    def media_requests_seen(self) -> list[MediaRequest]:
        """The requests the media origin received (the latest 10,000), each with its status and, when it
        was refused, why: `refused == "credentials"` is a client that sent an Authorization header or a
        Cookie to the storage host."""
        return list(self.media.requests_seen)

    def media_content(self, sid: str, start: int = 0, stop: int | None = None) -> bytes:
        """Bytes start..stop of the media file the origin serves for `sid` (for tests to compare)."""
        return b"".join(media_chunks(sid, start, self.store.media_bytes if stop is None else stop))

    @property
    def connections_accepted(self) -> int:
        """How many TCP connections the running sandbox accepted: clients with a pool reuse theirs."""
        return 0 if self._server is None else self._server.connections_accepted

    def inject_fault(
        self,
        status: int = 503,
        *,
        times: int = 1,
        method: str | None = None,
        headers: dict[str, str] | None = None,
        code: int | None = None,
        message: str = "Service Unavailable (injected by the sandbox)",
        disconnect: bool = False,
    ) -> None:
        """Answer the next `times` requests (of `method`, or any) with `status`, or drop their connection.

        sandbox.inject_fault(503, times=2)                       # two 503s, then normal answers
        sandbox.inject_fault(429, headers={"Retry-After": "1"}, code=20429)
        sandbox.inject_fault(method="POST", disconnect=True)     # the next create gets no answer
        """
        fault = Fault(
            status=status,
            method=method,
            headers=dict(headers or {}),
            message=message,
            code=code,
            disconnect=disconnect,
        )
        self.faults.add(fault, times)

    def inject_media_fault(
        self,
        *,
        times: int = 1,
        status: int | None = None,
        headers: dict[str, str] | None = None,
        cut_after: int | None = None,
        ignore_range: bool = False,
        replace_file: bool = False,
    ) -> None:
        """Spoil the media origin's answers to the next `times` GETs (that carry no credentials).

        sandbox.inject_media_fault(cut_after=1000)               # the body stops after 1000 bytes
        sandbox.inject_media_fault(cut_after=1000, ignore_range=True)  # ... and a Range gets 200
        sandbox.inject_media_fault(status=503, headers={"Retry-After": "2"}, times=2)
        sandbox.inject_media_fault(replace_file=True)  # a new ETag: an If-Range for the old one gets 200

        A cut sends the answer's headers (Content-Length included), `cut_after` bytes of the body, then
        closes the connection. Each spoiled request is in media_requests_seen with its `fault`.
        """
        if times < 1:
            raise ValueError(f"times must be at least 1, got {times}")
        if (status is None) == (cut_after is None) and not (ignore_range or replace_file):
            raise ValueError("give a status, or cut_after, ignore_range and/or replace_file")
        if status is not None and (cut_after is not None or ignore_range or replace_file):
            raise ValueError(
                "a status is answered instead of the file: it goes with none of cut_after, ignore_range "
                "and replace_file"
            )
        if cut_after is not None and cut_after < 0:
            raise ValueError(f"cut_after must be at least 0, got {cut_after}")
        fault = MediaFault(
            status=status,
            headers=dict(headers or {}),
            cut_after=cut_after,
            ignore_range=ignore_range,
            replace_file=replace_file,
        )
        self.media_faults.add(fault, times)

    # -- in-process ---------------------------------------------------------------------------------

    def transport(self) -> httpx.BaseTransport:
        """An httpx transport answered by this sandbox in-process: httpx.Client(transport=...) on
        IN_PROCESS_URL and IN_PROCESS_MEDIA_URL. Works whether or not the servers run (same state)."""
        return SandboxTransport(self.api, self.media)

    def async_transport(self) -> httpx.AsyncBaseTransport:
        """The same for httpx.AsyncClient(transport=...)."""
        return AsyncSandboxTransport(self.api, self.media)

    def _where(self, kwargs: dict[str, Any]) -> tuple[bool, bool]:
        kwargs.setdefault("account_sid", self.account_sid)
        kwargs.setdefault("auth_token", self.auth_token)
        kwargs.setdefault("base_url", self.url)
        # Which of the httpx clients the client is to own (those made here, and its own pools).
        return "http_client" not in kwargs, "media_http_client" not in kwargs

    def client(self, *, clock: Clock | None = None, **kwargs: Any) -> CompositionsClient:
        """A CompositionsClient on this sandbox (in-process, or on its running server), its retries and
        waits on `clock` when given (such as a FakeClock); the other keywords are the client's. Close it,
        or the sandbox's stop() does."""
        owned = self._where(kwargs)
        if self.in_process:
            # trust_env=False: a proxy from the environment would take the requests off the transport.
            for name in ("http_client", "media_http_client"):
                kwargs.setdefault(name, httpx.Client(transport=self.transport(), trust_env=False))
        client = CompositionsClient(**kwargs)
        client._owns_http_client, client._owns_media_http_client = owned
        if clock is not None:
            client._clock = clock
        self._clients.append(client)
        return client

    def async_client(self, *, clock: Clock | None = None, **kwargs: Any) -> AsyncCompositionsClient:
        """An AsyncCompositionsClient on this sandbox, as client(); close it (`async with`, or
        `await client.close()`): stop() cannot await."""
        owned = self._where(kwargs)
        if self.in_process:
            for name in ("http_client", "media_http_client"):
                kwargs.setdefault(name, httpx.AsyncClient(transport=self.async_transport(), trust_env=False))
        client = AsyncCompositionsClient(**kwargs)
        client._owns_http_client, client._owns_media_http_client = owned
        if clock is not None:
            client._clock = clock
        return client

    # -- arranging state ------------------------------------------------------------------------------

    def add_composition(
        self,
        *,
        status: str = COMPLETED,
        fails: bool = False,
        room_sid: str = DEFAULT_ROOM_SID,
        audio_sources: Sequence[str] | None = None,
        **fields: Any,
    ) -> str:
        """Make a composition as if created earlier, already `status` (enqueued, processing, completed,
        failed or deleted); its SID. `fails=True` (or status="failed"): it ends `failed`. The other
        keywords are create's (video_layout=, format=, status_callback= ...), checked as create checks
        them; without video_layout, audio_sources is ["*"]. Callbacks already due are not sent."""
        if status not in _STATUSES:
            raise ValueError(f"status must be one of {', '.join(_STATUSES)}, got {status!r}")
        if status == FAILED:
            fails = True
        elif status in (COMPLETED, DELETED) and fails:
            raise ValueError(f"a composition that fails is never {status}")
        if audio_sources is None and "video_layout" not in fields:
            audio_sources = ["*"]
        given = {"room_sid": room_sid, "audio_sources": audio_sources, **fields}
        form = {_spec_name(name): value for name, value in given.items() if value is not None}
        if "AudioSources" in form:
            form["AudioSources"] = list(form["AudioSources"])
        validate_params(_CREATE.body or {}, form, {})
        check_operation(_CREATE, form, {})
        queue, processing = self.store.queue_seconds, self.store.processing_seconds
        age = {ENQUEUED: 0.0, PROCESSING: queue}.get(status, queue + processing)
        record = self.store.create(form, age=age, fails=fails)
        if status == DELETED:
            self.store.delete(record)
        return record.sid

    # -- servers ----------------------------------------------------------------------------------------

    def start(self) -> Self:
        if self._started:
            raise RuntimeError("the sandbox is already running")
        self._started = True
        if not self.in_process:
            try:
                self._start_servers()
            except BaseException:
                self._started = False
                raise
        if self.callback_interval is not None:
            self._stopping.clear()
            self._callback_thread = threading.Thread(
                target=self._send_callbacks_until_stopped,
                args=(self.callback_interval,),
                name="sandbox-callbacks",
                daemon=True,
            )
            self._callback_thread.start()
        return self

    def _start_servers(self) -> None:
        self._media = MediaServer(("127.0.0.1", self._media_port), origin=self.media)
        try:
            self._server = SandboxServer(
                ("127.0.0.1", self._port), api=self.api, media_url=self._media.base_url
            )
        except BaseException:
            self._media.server_close()
            self._media = None
            raise
        for name, server in (("sandbox", self._server), ("sandbox-media", self._media)):
            thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=name, daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Stop the servers and the callback thread; close the sync clients client() made."""
        clients, self._clients = self._clients, []
        for client in clients:
            client.close()
        self._started = False
        servers = [server for server in (self._server, self._media) if server is not None]
        threads, callback_thread = self._threads, self._callback_thread
        self._server, self._media, self._threads, self._callback_thread = None, None, [], None
        self._stopping.set()
        if callback_thread is not None:
            callback_thread.join(timeout=10)  # at most one callback in flight, which has a timeout
        for server in servers:
            server.stop()
        for thread in threads:
            thread.join(timeout=5)

    def deliver_due_callbacks(self) -> list[CallbackDelivery]:
        """Send the status callbacks that are due by the clock and not sent yet; what was sent, in order.

        When it returns, every callback due was sent (by this call or by the background thread).
        """
        return self.callbacks.deliver_due()

    @property
    def callback_deliveries(self) -> list[CallbackDelivery]:
        """The status callbacks sent (or tried) so far, in order: the latest 10,000 (a copy; the
        sandbox keeps a bounded deque, as for requests_seen)."""
        return self.callbacks.deliveries

    def _send_callbacks_until_stopped(self, interval: float) -> None:
        while not self._stopping.wait(interval):
            try:
                self.callbacks.deliver_due(stopping=self._stopping.is_set)
            except Exception:
                # A bug here must not end the deliveries for good, nor take the server down.
                logger.exception("status callback delivery failed")

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
