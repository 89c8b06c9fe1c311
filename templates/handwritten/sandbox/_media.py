"""The sandbox's media origin: a second loopback server that plays the storage host media lives on.

The API's media route answers with a redirect to a pre-signed URL here,
/media/<sid>.<ext>?Expires=<epoch>&Signature=<hmac>, as Twilio's answers point at a storage host. The
signature (HMAC-SHA256 with a key made per sandbox) covers the path, the expiry and the disposition;
the expiry is on the store's clock, so a test moves its fake clock past the Ttl instead of waiting.

The origin refuses (403, recorded in requests_seen) any request carrying an Authorization header or a
Cookie: the URL carries its own signature, and a client that sends account credentials to a storage
host leaks them. That refusal comes first, before anything else is looked at.

A file is `size` bytes of a pattern drawn from its SID, made while it is sent, so that a 200 MB file
costs no memory; media_chunks() gives the same bytes, for tests to compare with. `Range: bytes=N-`
(and N-M, -N) gets 206 with Content-Range, for resumable downloads. Each file has a strong ETag, and a
Range with an If-Range naming another ETag gets the whole file (200), as RFC 9110 says.

To test a client's download retries end to end, faults (MediaFault, queued by
Sandbox.inject_media_fault) spoil the next GETs that get past the credentials check, one each: an
error status instead of the file, a body cut after some bytes (the connection is closed with the
answer's Content-Length not reached), a Range ignored (200 and the whole file), or the file replaced
(from that answer on, it has a new ETag: the same bytes, as a file encoded again would have others).
requests_seen records each request's Range and If-Range headers, and the fault it met.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

from ._loopback import Answer, Headers, LoopbackHandler, LoopbackServer
from ._spec import COMPOSITION_SID_PATTERN, MEDIA_FORMATS
from ._store import CompositionStore, Record

# /media/<sid>.<format>, with the SID pattern and the formats of the spec.
_FORMATS = "|".join(map(re.escape, MEDIA_FORMATS))
_PATH = re.compile(rf"/media/(?P<sid>{COMPOSITION_SID_PATTERN.strip('^$')})\.(?P<ext>{_FORMATS})")
_RANGE = re.compile(r"bytes=([0-9]*)-([0-9]*)")
CONTENT_TYPES = {name: f"video/{name}" for name in MEDIA_FORMATS}
# The pattern's length: a prime, so that a download resumed at a wrong offset does not line up by luck.
_PERIOD = 65521
MAX_REQUESTS_KEPT = 10_000


def media_chunks(sid: str, start: int, stop: int) -> Iterator[bytes]:
    """Bytes start..stop (stop excluded) of the media file of composition `sid`, a piece at a time."""
    block = hashlib.shake_256(sid.encode()).digest(_PERIOD)
    doubled = block + block  # any _PERIOD bytes from any offset are one slice of it
    position = start
    while position < stop:
        length = min(_PERIOD, stop - position)
        offset = position % _PERIOD
        yield doubled[offset : offset + length]
        position += length


@dataclass(frozen=True)
class MediaRequest:
    """One request the media origin received (the path without its query, which holds the signature)."""

    method: str
    path: str
    status: int
    refused: str | None  # "credentials", "signature", "expired", "fault" (a status), or None: served
    credentials: bool  # it carried an Authorization header or a Cookie
    range: str | None = None  # its Range header
    fault: MediaFault | None = None  # the injected fault that spoiled its answer
    if_range: str | None = None  # its If-Range header


@dataclass(frozen=True)
class MediaFault:
    """What to do to one answer of the media origin instead of serving it as it should."""

    status: int | None = None  # answer this status (a text body), with `headers`, instead of the file
    headers: dict[str, str] = field(default_factory=dict)
    cut_after: int | None = None  # send the answer's headers, then this many body bytes, then close
    ignore_range: bool = False  # answer 200 with the whole file, whatever Range asks for
    replace_file: bool = False  # the file gets a new ETag before this answer (and keeps it)


class MediaFaultQueue:
    """Faults waiting for a media GET, oldest first; thread-safe."""

    def __init__(self) -> None:
        self._faults: deque[MediaFault] = deque()
        self._lock = threading.Lock()

    def add(self, fault: MediaFault, times: int) -> None:
        with self._lock:
            self._faults.extend([fault] * times)

    def take(self) -> MediaFault | None:
        with self._lock:
            return self._faults.popleft() if self._faults else None

    def __len__(self) -> int:
        with self._lock:
            return len(self._faults)


class MediaSigner:
    """Makes and checks the media origin's pre-signed URLs."""

    def __init__(self, store: CompositionStore) -> None:
        self.store = store
        self._key = secrets.token_bytes(32)

    def _signature(self, path: str, expires: str, disposition: str) -> str:
        message = f"{path}\n{expires}\n{disposition}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def url(self, base_url: str, record: Record, ttl: int, disposition: str | None) -> str:
        path = f"/media/{record.sid}.{record.format}"
        expires = str(int(self.store.now_epoch()) + ttl)
        params = {"Expires": expires}
        if disposition:
            params["ContentDisposition"] = disposition
        params["Signature"] = self._signature(path, expires, disposition or "")
        return f"{base_url}{path}?{urlencode(params)}"

    def refusal(self, path: str, query: str) -> str | None:
        """Why the URL is refused ("signature" or "expired"), or None when it is good."""
        params = parse_qs(query, keep_blank_values=True)
        if any(len(values) != 1 for values in params.values()):
            return "signature"
        expires = params.get("Expires", [""])[0]
        disposition = params.get("ContentDisposition", [""])[0]
        given = params.get("Signature", [""])[0]
        if not hmac.compare_digest(given.encode(), self._signature(path, expires, disposition).encode()):
            return "signature"
        if not expires.isdigit() or self.store.now_epoch() > int(expires):
            return "expired"
        return None


class MediaOrigin:
    """The media origin's state and logic, whatever carries the requests."""

    def __init__(
        self, *, store: CompositionStore, signer: MediaSigner, faults: MediaFaultQueue | None = None
    ) -> None:
        self.store = store
        self.signer = signer
        self.requests_seen: deque[MediaRequest] = deque(maxlen=MAX_REQUESTS_KEPT)
        self.faults = faults if faults is not None else MediaFaultQueue()
        self.versions: dict[str, int] = {}  # how many times each SID's file was replaced

    def etag(self, sid: str) -> str:
        return f'"{sid}-v{self.versions.get(sid, 0)}"'

    def answer(self, method: str, target: str, headers: Headers) -> Answer:
        return _MediaExchange(self, method, target, headers).answer()


class MediaServer(LoopbackServer):
    """The media origin on a socket."""

    def __init__(self, address: tuple[str, int], *, origin: MediaOrigin) -> None:
        super().__init__(address, MediaHandler)
        self.origin = origin


def _byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(start, stop) of a single `Range: bytes=...`, None to send the whole file; ValueError: 416."""
    match = _RANGE.fullmatch(header.strip()) if header else None
    if match is None or match[1] == match[2] == "":
        return None  # no Range, or one this origin does not do (several ranges): the whole file, 200
    if match[1] == "":
        start, stop = max(0, size - int(match[2])), size  # the last N bytes
    else:
        start = int(match[1])
        stop = min(size, int(match[2]) + 1) if match[2] else size
    if start >= size or start >= stop:
        raise ValueError("unsatisfiable range")
    return start, stop


class _MediaExchange:
    """One request to the media origin being answered."""

    def __init__(self, origin: MediaOrigin, method: str, target: str, headers: Headers) -> None:
        self.origin = origin
        self.command = method
        self.path = target
        self.headers = headers
        self.fault: MediaFault | None = None  # the fault taken for this request

    def _answer(self, status: int, text: str, refused: str | None = None, **headers: str) -> Answer:
        self._record(status, refused)
        payload = f"{text}\n".encode()
        fields = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(payload)))]
        fields += [(name.replace("_", "-"), value) for name, value in headers.items()]
        return Answer(status, fields, [] if self.command == "HEAD" else [payload])

    def _record(self, status: int, refused: str | None) -> None:
        credentials = "Authorization" in self.headers or "Cookie" in self.headers
        path = urlsplit(self.path).path
        self.origin.requests_seen.append(
            MediaRequest(
                self.command,
                path,
                status,
                refused,
                credentials,
                self.headers.get("Range"),
                self.fault,
                self.headers.get("If-Range"),
            )
        )

    def answer(self) -> Answer:
        if self.command not in ("GET", "HEAD"):
            # closing: the body, if any, was not read
            return self._answer(405, "Method Not Allowed", Allow="GET, HEAD").closing()
        if "Authorization" in self.headers or "Cookie" in self.headers:
            return self._answer(403, "Forbidden: a pre-signed URL takes no credentials", "credentials")
        self.fault = self.origin.faults.take() if self.command == "GET" else None
        if self.fault is not None and self.fault.status is not None:
            headers = {name.replace("-", "_"): value for name, value in self.fault.headers.items()}
            return self._answer(self.fault.status, "injected by the sandbox", "fault", **headers)
        parts = urlsplit(self.path)
        match = _PATH.fullmatch(parts.path)
        if match is None:
            return self._answer(404, "Not Found")
        refused = self.origin.signer.refusal(parts.path, parts.query)
        if refused is not None:
            message = "the URL has expired" if refused == "expired" else "the signature does not match"
            return self._answer(403, f"Forbidden: {message}", refused)
        store = self.origin.store
        record = store.get(match["sid"])
        if record is None or record.format != match["ext"] or not store.media_available(record):
            return self._answer(404, "Not Found")  # deleted since the URL was made
        return self._file(record, parse_qs(parts.query).get("ContentDisposition", [""])[0])

    def _file(self, record: Record, disposition: str) -> Answer:
        size = self.origin.store.media_bytes
        fault = self.fault or MediaFault()
        if fault.replace_file:
            self.origin.versions[record.sid] = self.origin.versions.get(record.sid, 0) + 1
        etag = self.origin.etag(record.sid)
        if_range = self.headers.get("If-Range")
        ranged = not fault.ignore_range and if_range in (None, etag)
        try:
            span = _byte_range(self.headers.get("Range"), size) if ranged else None
        except ValueError:
            return self._answer(416, "Range Not Satisfiable", Content_Range=f"bytes */{size}")
        start, stop = span or (0, size)
        status = 200 if span is None else 206
        self._record(status, None)
        headers = [
            ("Content-Type", CONTENT_TYPES[record.format]),
            ("Content-Length", str(stop - start)),
            ("Accept-Ranges", "bytes"),
            ("ETag", etag),
        ]
        if span is not None:
            headers.append(("Content-Range", f"bytes {start}-{stop - 1}/{size}"))
        if disposition:
            headers.append(("Content-Disposition", f'{disposition}; filename="{record.sid}.{record.format}"'))
        if self.command == "HEAD":
            return Answer(status, headers)
        short_by = 0
        if fault.cut_after is not None:
            cut = min(stop, start + fault.cut_after)
            short_by, stop = stop - cut, cut  # the body short of its Content-Length, then the cut
        body = media_chunks(record.sid, start, stop)
        return Answer(status, headers, body, close=fault.cut_after is not None, short_by=short_by)


class MediaHandler(LoopbackHandler):
    """Reads a request off the socket, has the MediaOrigin answer it, writes the answer."""

    server: MediaServer

    def _serve(self) -> None:
        self.write_answer(self.server.origin.answer(self.command, self.path, Headers(self.headers.items())))

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _serve
