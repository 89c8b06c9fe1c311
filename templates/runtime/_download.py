"""Streams a pre-signed media URL to a file or a path, in constant memory.

The URL (from the API, on a storage host) carries a short-lived signature in its query string, which
grants access to the media on its own: it is handled like a credential. Errors name the host only, and
an httpx exception (whose message may hold the URL) is replaced, not chained (raise ... from None). The
requests carry no Authorization and no Cookie header, whatever client sends them; a URL with user info
is refused, and so is plain http except to this machine. Redirects (up to MAX_REDIRECTS) are followed
here rather than by httpx, so that every hop gets the same treatment.

on_progress(done, total) is called once with (0, total) when a success answer arrives, then after each
chunk is written; the last call has done == the return value. total is the Content-Length, or None when
the server sends none, or compresses the body (the length then counts other bytes than those written).

A path destination is all-or-nothing: the body goes into a temporary file next to it (".NAME.*.part",
created by tempfile, so with mode 0600), which replaces the destination only once complete and synced
to disk. On any failure, Ctrl-C and task cancellation included, the temporary file is removed and the
destination is left as it was. A file object gets each chunk as it comes: on a failure what was written
stays (pass a path for all-or-nothing); it is neither flushed nor closed here.

The async flavour writes the file with blocking calls (the final fsync included): a chunk at a time is
brief, and a thread per write would cost more than it saves.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from typing import BinaryIO

import httpx

from ._exceptions import MediaDownloadError, ValidationError
from ._http import is_loopback

Destination = str | os.PathLike[str] | BinaryIO
OnProgress = Callable[[int, int | None], object]

MAX_REDIRECTS = 5
# Headers that could carry someone's credentials; the storage host needs nothing but the URL.
_STRIPPED_HEADERS = ("Authorization", "Cookie")


def media_http_client_sync() -> httpx.Client:
    """A client for media hosts: no credentials and no headers of the API client's; proxies from the
    environment (media hosts are out on the internet)."""
    return httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, trust_env=True)


def media_http_client_async() -> httpx.AsyncClient:
    """The async twin of media_http_client_sync()."""
    return httpx.AsyncClient(follow_redirects=True, max_redirects=MAX_REDIRECTS, trust_env=True)


class _Download:
    """What the sync and async flavours share: the checks on each hop and answer, the byte counts."""

    def __init__(self, on_progress: OnProgress | None, chunk_size: int | None) -> None:
        if chunk_size is not None and chunk_size < 1:
            raise ValidationError("chunk_size", "must be at least 1")
        self.on_progress = on_progress
        self.host = ""
        self.redirects = 0
        self.done = 0
        self.total: int | None = None  # the bytes to write, when known

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
        return request

    def redirect(self, response: httpx.Response) -> httpx.Request | None:
        """The next hop when response is a redirect (sent with follow_redirects=False), else None."""
        if response.next_request is None:
            return None
        self.redirects += 1
        if self.redirects > MAX_REDIRECTS:
            raise MediaDownloadError(
                f"more than {MAX_REDIRECTS} redirects, the last from {self.host}", status=None, host=self.host
            )
        # httpx built it with the client's cookie jar: cleaned() takes the Cookie header off again.
        return self.cleaned(response.next_request)

    def started(self, response: httpx.Response) -> None:
        if not response.is_success:
            status = response.status_code
            raise MediaDownloadError(
                f"HTTP {status} from media host {self.host}", status=status, host=self.host
            )
        length = response.headers.get("Content-Length", "")
        encoded = response.headers.get("Content-Encoding", "identity").lower() != "identity"
        if length.isascii() and length.isdigit() and not encoded:
            self.total = int(length)
        self._report()

    def wrote(self, size: int) -> None:
        self.done += size
        self._report()

    def finished(self) -> None:
        # A transport need not notice a body that ends early (or runs long). A compressed body's length
        # counts other bytes than those written: it is left to the transport (h11 checks it on the wire).
        if self.total is not None and self.done != self.total:
            raise MediaDownloadError(
                f"got {self.done} of {self.total} bytes from media host {self.host}",
                status=None,
                host=self.host,
            )

    def failed(self, exc: httpx.HTTPError) -> MediaDownloadError:
        """The error for an httpx exception: its type name only, as its message may quote the URL."""
        if isinstance(exc, httpx.TimeoutException):
            what = "no answer in time from"
        elif self.done:
            what = f"connection broke after {self.done} bytes from"
        else:
            what = "connection failed to"
        return MediaDownloadError(
            f"{what} media host {self.host} ({type(exc).__name__})", status=None, host=self.host
        )

    def _report(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.done, self.total)


def _request(http: httpx.Client | httpx.AsyncClient, url: str, timeout: httpx.Timeout) -> httpx.Request:
    try:
        return http.build_request("GET", url, timeout=timeout)
    except httpx.InvalidURL:
        # The message would quote the URL.
        raise MediaDownloadError("the media URL is not a valid URL", status=None, host="") from None


@contextlib.contextmanager
def _writer(to: Destination) -> Iterator[Callable[[bytes], object]]:
    """A function that writes a chunk to `to`; for a path, the file appears only if the block succeeds."""
    if not isinstance(to, str | os.PathLike):
        yield to.write
        return
    path = os.path.abspath(os.fspath(to))
    directory, name = os.path.split(path)
    # Same directory: os.replace is then a rename on one file system, atomic. Not mkstemp: its 0600
    # would become the file's mode; os.open with 0666 gives the mode any new file gets (the umask's).
    temporary = os.path.join(directory, f".{name}.{secrets.token_hex(8)}.part")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as file:
            yield file.write
            file.flush()
            os.fsync(file.fileno())  # on disk before the rename, or a crash could leave an empty file
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def download_sync(
    http: httpx.Client,
    url: str,
    to: Destination,
    *,
    timeout: httpx.Timeout,
    on_progress: OnProgress | None = None,
    chunk_size: int | None = None,
) -> int:
    """Stream `url` to `to` (a path, or a binary file open for writing); return the bytes written.

    chunk_size None (the default) passes the body on as the transport reads it (httpcore: up to 64 KiB a
    read); a number re-chunks it to that size, at the cost of copying every byte twice more.

    Raises MediaDownloadError for an error status, no answer, an incomplete body, or a URL that is not
    https (to another machine) or has credentials in it; an exception from on_progress or an OSError
    from writing passes through as it is.
    """
    job = _Download(on_progress, chunk_size)
    try:
        # Each hop goes out with the client's auth off, and redirects left to job.redirect().
        request = job.cleaned(_request(http, url, timeout))
        response = http.send(request, stream=True, auth=None, follow_redirects=False)
        try:
            while (hop := job.redirect(response)) is not None:
                response.close()
                response = http.send(hop, stream=True, auth=None, follow_redirects=False)
            job.started(response)
            with _writer(to) as write:
                for chunk in response.iter_bytes(chunk_size):
                    write(chunk)
                    job.wrote(len(chunk))
                job.finished()
        finally:
            response.close()
    except httpx.HTTPError as exc:
        raise job.failed(exc) from None
    return job.done


async def download_async(
    http: httpx.AsyncClient,
    url: str,
    to: Destination,
    *,
    timeout: httpx.Timeout,
    on_progress: OnProgress | None = None,
    chunk_size: int | None = None,
) -> int:
    """The async twin of download_sync()."""
    job = _Download(on_progress, chunk_size)
    try:
        request = job.cleaned(_request(http, url, timeout))
        response = await http.send(request, stream=True, auth=None, follow_redirects=False)
        try:
            while (hop := job.redirect(response)) is not None:
                await response.aclose()
                response = await http.send(hop, stream=True, auth=None, follow_redirects=False)
            job.started(response)
            with _writer(to) as write:
                async for chunk in response.aiter_bytes(chunk_size):
                    write(chunk)
                    job.wrote(len(chunk))
                job.finished()
        finally:
            await response.aclose()
    except httpx.HTTPError as exc:
        raise job.failed(exc) from None
    return job.done
