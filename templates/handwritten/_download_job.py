"""One download's state and decisions, for both flavours of _download.py (which describes them).

DownloadJob checks each hop (https, no credentials, the redirect limit) and each answer, counts the bytes,
and decides after each attempt whether the file is complete, or whether and when to try again: each
`-> float | None` method returns None to go on, or the seconds to wait before the next attempt; it
raises MediaDownloadError when there is none.
"""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Callable

import httpx

from . import _retry
from ._exceptions import MediaDownloadError, ValidationError
from ._http import is_loopback
from ._media_sink import Destination, Sink

logger = logging.getLogger("twilio_compositions")

OnProgress = Callable[[int, int | None], object]

MAX_REDIRECTS = 5
# Headers that could carry someone's credentials; the storage host needs nothing but the URL.
_STRIPPED_HEADERS = ("Authorization", "Cookie")
_CONTENT_RANGE = re.compile(r"bytes ([0-9]+)-([0-9]+)/([0-9]+|\*)")


def _length(response: httpx.Response) -> int | None:
    """The Content-Length, when it counts the bytes written (no compression), else None."""
    length = response.headers.get("Content-Length", "")
    if length.isascii() and length.isdigit() and not _compressed(response):
        return int(length)
    return None


def _strong_etag(response: httpx.Response) -> str | None:
    """The answer's ETag when it is a strong one: If-Range allows no weak ETag (RFC 9110, 13.1.5)."""
    etag = response.headers.get("ETag")
    return etag if etag and etag.startswith('"') else None


def _compressed(response: httpx.Response) -> bool:
    encoding: str = response.headers.get("Content-Encoding", "identity")
    return encoding.lower() != "identity"


class DownloadJob:
    """What the sync and async flavours share, for one download (all its attempts)."""

    def __init__(
        self,
        to: Destination,
        on_progress: OnProgress | None,
        chunk_size: int | None,
        max_retries: int,
        rng: random.Random,
    ) -> None:
        # None: write the chunks as httpcore reads them (up to 64 KiB); a number makes httpx re-chunk,
        # which copies every byte twice more.
        if chunk_size is not None and chunk_size < 1:
            raise ValidationError("chunk_size", "must be at least 1")
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ValidationError("max_retries", f"must be an integer >= 0, got {max_retries!r}")
        self.sink = Sink(to)
        self.on_progress = on_progress
        self.chunk_size = chunk_size
        self.max_retries = max_retries
        self.rng = rng
        self.retries = 0
        self.host = ""
        self.redirects = 0
        self.done = 0  # bytes written since the download (re)started
        self.total: int | None = None  # the file's size, when known
        self.resumable = True  # False once an answer showed that ranges cannot be trusted
        # The strong ETag of the answer the bytes so far came from: a resume asks for the rest of that
        # version only (If-Range), so that a file replaced under the same URL is never spliced.
        self.etag: str | None = None

    def attempt(self) -> None:
        self.redirects = 0

    def cleaned(self, request: httpx.Request) -> httpx.Request:
        """The request, checked and stripped of credentials; it becomes the hop errors are about."""
        url = request.url
        self.host = url.host
        if url.scheme != "https" and not (url.scheme == "http" and is_loopback(url.host)):
            # Plain http would show the signature to anyone on the way.
            raise MediaDownloadError(
                f"refusing to fetch media from {url.host} over {url.scheme or 'no scheme'} (https only)",
                status=None,
                host=url.host,
            )
        if url.userinfo:  # httpx would turn it into an Authorization header as it sends
            raise MediaDownloadError(
                f"refusing a media URL with credentials in it (for {url.host})", status=None, host=url.host
            )
        for name in _STRIPPED_HEADERS:
            request.headers.pop(name, None)
        if self._resuming():
            request.headers["Range"] = f"bytes={self.done}-"
            if self.etag is not None:
                request.headers["If-Range"] = self.etag
        else:
            request.headers.pop("Range", None)
            request.headers.pop("If-Range", None)
        return request

    def redirect(self, response: httpx.Response) -> httpx.Request | None:
        """The next hop when response is a redirect (sent with follow_redirects=False), else None."""
        if response.next_request is None:
            return None
        self.redirects += 1
        if self.redirects > MAX_REDIRECTS:
            raise self._error(f"more than {MAX_REDIRECTS} redirects, the last from {self.host}")
        # httpx built it with the client's cookie jar: cleaned() takes the Cookie header off again.
        return self.cleaned(response.next_request)

    def answered(self, response: httpx.Response) -> float | None:
        """Check the answer to an attempt; None when its body is to be written."""
        status = response.status_code
        if not response.is_success:
            if status in _retry.TRANSIENT_STATUSES and self.retries < self.max_retries:
                return self._retry(
                    f"answered {status}", _retry.delay_before_retry(self.retries + 1, response, self.rng)
                )
            raise self._error(f"HTTP {status} from media host {self.host}", status)
        if status == 206:
            start, total = self._content_range(response)
            if start is None:
                wrong = "answered 206 without a usable Content-Range"
            elif start != self.done:
                wrong = f"answered 206 from byte {start}, not {self.done}"
            elif None not in (total, self.total) and total != self.total:
                wrong = f"answered 206 for {total} bytes in all, not {self.total}"  # the file changed
            elif self.done and _strong_etag(response) not in (None, self.etag):
                wrong = "answered 206 for another version of the file (its ETag changed)"
            else:
                wrong = None
            if wrong is not None:
                self.resumable = False  # from now on, the whole file each time
                if self.retries < self.max_retries:
                    return self._retry(wrong, _retry.backoff(self.retries + 1, self.rng))
                raise self._error(f"media host {self.host} {wrong}")
            if self.done:  # resumed
                if total is not None and total != self.total:
                    self.total = total
                    self._report()
                return None
            self.total = total
            self.etag = _strong_etag(response)
        else:
            if self.done and not self.sink.rewind():
                raise self._error(
                    f"media host {self.host} did not resume the download, and the file object to write "
                    "to cannot be rewound to start over (it is not seekable)"
                )
            self.done = 0
            self.total = _length(response)
            self.resumable = self.resumable and not _compressed(response)
            self.etag = _strong_etag(response)
        self.sink.open()
        self._report()
        return None

    def _content_range(self, response: httpx.Response) -> tuple[int | None, int | None]:
        """(start, total) of a 206's Content-Range; start None when there is no usable one."""
        match = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", "").strip())
        if match is None or int(match[2]) < int(match[1]) or _compressed(response):
            return None, None
        return int(match[1]), (None if match[3] == "*" else int(match[3]))

    def wrote(self, chunk: bytes) -> None:
        self.sink.write(chunk)
        self.done += len(chunk)
        self._report()

    def ended(self) -> float | None:
        """After the body; None when the file is complete."""
        # A transport need not notice a body that ends early (or runs long). A compressed body's length
        # counts other bytes than those written: it is left to the transport (h11 checks it on the wire).
        if self.total is None or self.done == self.total:
            return None
        what = f"got {self.done} of {self.total} bytes"
        if self.done < self.total and self.retries < self.max_retries:
            return self._retry(
                f"sent {self.done} of {self.total} bytes", _retry.backoff(self.retries + 1, self.rng)
            )
        raise self._error(f"{what} from media host {self.host}")

    def broke(self, exc: httpx.HTTPError) -> float:
        """After an httpx exception: the delay before trying again, or our error for it, which names
        its type only (its message may quote the URL)."""
        if isinstance(exc, httpx.TimeoutException):
            what = "no answer in time from"
        elif self.done:
            what = f"connection broke after {self.done} bytes from"
        else:
            what = "connection failed to"
        if (
            isinstance(exc, httpx.TransportError)
            and _retry.may_retry_exception(exc, idempotent=True)
            and self.retries < self.max_retries
        ):
            return self._retry(
                f"{what.rsplit(' ', 1)[0]} ({type(exc).__name__})", _retry.backoff(self.retries + 1, self.rng)
            )
        raise self._error(f"{what} media host {self.host} ({type(exc).__name__})")

    def _resuming(self) -> bool:
        return self.resumable and self.done > 0

    def _retry(self, what: str, delay: float) -> float:
        self.retries += 1
        where = f", asking for bytes {self.done}-" if self._resuming() else ""
        logger.info(
            "media download from %s: %s; retry %d of %d in %.2f s%s",
            self.host,
            what,
            self.retries,
            self.max_retries,
            delay,
            where,
        )
        return delay

    def _error(self, message: str, status: int | None = None) -> MediaDownloadError:
        if self.retries:
            message += f", after {self.retries + 1} attempts"
        return MediaDownloadError(message, status=status, host=self.host)

    def _report(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.done, self.total)
