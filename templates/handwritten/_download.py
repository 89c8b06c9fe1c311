"""Streams a pre-signed media URL to a file or a path, in constant memory, resuming a cut transfer.

The URL (from the API, on a storage host) carries a short-lived signature in its query string, which
grants access to the media on its own: it is handled like a credential. Errors and logs name the host
only, and an httpx exception (whose message may hold the URL) is replaced, not chained (raise ... from
None). The requests carry no Authorization and no Cookie header, whatever client sends them; a URL with
user info is refused, and so is plain http except to this machine. Redirects (up to MAX_REDIRECTS per
attempt) are followed here rather than by httpx, so that every hop gets the same treatment.

Retries (up to max_retries; the clients pass theirs): a connection that fails or times out, before or
during the body, a body that ends short of its length, and 429/500/502/503/504 are tried again after
_retry.py's backoff (a Retry-After wins), slept on `clock`. Any other status (403: the URL expired or is
wrong; 404) fails at once; the same URL is asked again, never the API for a new one, so an expiry
between two attempts ends the download (download() again gets a fresh URL). A retry after some bytes
were written asks for the rest, `Range: bytes=<written>-`, with `If-Range: <ETag>` when the first answer
had a strong ETag (so that a file replaced under the same URL comes whole, 200, not as a spliced tail;
a Last-Modified date is not used: If-Range takes only a date the client knows to be strong), and:
- 206 whose Content-Range starts at the bytes written, with the total of the earlier answers (when one
  was known), not compressed: the body is appended; on_progress goes on counting from where it was.
- 200 (the host ignored Range): the download starts over from byte 0. A path's temporary file is
  emptied; a file object is seeked back to its position at the start and truncated there, which needs
  it to be seekable, else MediaDownloadError (a file object that is not seekable cannot start over).
  on_progress is then called with (0, total) again.
- any other 206 (wrong start, another total, another strong ETag, no valid Content-Range,
  compressed): discarded, and the
  next attempts (it counts as one) ask for the whole file, no Range, and start over as for a 200.
A first answer that is compressed (Content-Encoding) is never resumed, only started over: its ranges
count other bytes than those written. Retries are logged at INFO on the "twilio_compositions" logger.

on_progress(done, total) is called with (0, total) when a success answer arrives (again after a start
over), then after each chunk is written; the last call has done == the return value. total is the
Content-Length (a 206's Content-Range total), or None when the server sends none, or compresses the body.

A path destination is all-or-nothing: the body goes into a temporary file next to it (".NAME.*.part"),
which replaces the destination only once complete, of the announced size, and synced to disk. On any
failure, Ctrl-C and task cancellation included, the temporary file is removed and the destination is
left as it was. A file object gets each chunk as it comes: on a failure what was written stays (pass a
path for all-or-nothing); it is neither flushed nor closed here. See _media_sink.py.

The async flavour writes the file with blocking calls (the final fsync included): a chunk at a time is
brief, and a thread per write would cost more than it saves.
"""

from __future__ import annotations

import random

import httpx

from ._clock import SYSTEM_CLOCK, Clock
from ._download_job import MAX_REDIRECTS, DownloadJob, OnProgress
from ._exceptions import MediaDownloadError, ValidationError
from ._media_sink import Destination, check_destination

__all__ = [
    "MAX_REDIRECTS",
    "Destination",
    "OnProgress",
    "check_arguments",
    "download_async",
    "download_sync",
    "media_http_client_async",
    "media_http_client_sync",
]


# Loopback media hosts (the sandbox's) are reached directly, as the API's loopback base URLs are
# (_http.trust_env_for): a proxy from the environment would fail to reach them, and see the signed URL.
_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def check_arguments(to: object, on_progress: object) -> None:
    """download()'s own arguments, checked before the API is asked for the media URL."""
    check_destination(to)
    if on_progress is not None and not callable(on_progress):
        raise ValidationError("on_progress", f"must be callable, not {type(on_progress).__name__}")


def media_http_client_sync() -> httpx.Client:
    """A client for media hosts: no credentials and no headers of the API client's; proxies from the
    environment (media hosts are out on the internet), but not for this machine."""
    direct = {f"all://{host}": httpx.HTTPTransport() for host in _LOOPBACK_HOSTS}
    return httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, trust_env=True, mounts=direct)


def media_http_client_async() -> httpx.AsyncClient:
    """The async twin of media_http_client_sync()."""
    direct = {f"all://{host}": httpx.AsyncHTTPTransport() for host in _LOOPBACK_HOSTS}
    return httpx.AsyncClient(
        follow_redirects=True, max_redirects=MAX_REDIRECTS, trust_env=True, mounts=direct
    )


def _request(http: httpx.Client | httpx.AsyncClient, url: str, timeout: httpx.Timeout) -> httpx.Request:
    try:
        return http.build_request("GET", url, timeout=timeout)
    except httpx.InvalidURL:
        # The message would quote the URL.
        raise MediaDownloadError("the media URL is not a valid URL", status=None, host="") from None


def download_sync(
    http: httpx.Client,
    url: str,
    to: Destination,
    *,
    timeout: httpx.Timeout,
    on_progress: OnProgress | None = None,
    chunk_size: int | None = None,
    max_retries: int = 0,
    clock: Clock = SYSTEM_CLOCK,
    rng: random.Random | None = None,
) -> int:
    """Stream `url` to `to` (a path, or a binary file open for writing); return the bytes written.

    Tries again up to `max_retries` times (none by default here; the clients pass theirs), waiting on
    `clock` with jitter from `rng`, as the module's docstring says. Raises MediaDownloadError for an
    error status, no answer, an incomplete body (after the retries), or a URL that is not https (to
    another machine) or has credentials in it; an exception from on_progress or an OSError from writing
    passes through as it is.
    """
    job = DownloadJob(to, on_progress, chunk_size, max_retries, rng or random.Random())  # noqa: S311
    with job.sink:
        while (delay := _attempt_sync(http, url, timeout, job)) is not None:
            clock.sleep(delay)
    return job.done


def _attempt_sync(http: httpx.Client, url: str, timeout: httpx.Timeout, job: DownloadJob) -> float | None:
    """One request (and its redirects) and its body: None when the file is complete."""
    job.attempt()
    try:
        # Each hop goes out with the client's auth off, and redirects left to job.redirect().
        request = job.cleaned(_request(http, url, timeout))
        response = http.send(request, stream=True, auth=None, follow_redirects=False)
        try:
            while (hop := job.redirect(response)) is not None:
                response.close()
                response = http.send(hop, stream=True, auth=None, follow_redirects=False)
            if (delay := job.answered(response)) is not None:
                return delay
            for chunk in response.iter_bytes(job.chunk_size):
                job.wrote(chunk)
        finally:
            response.close()
    except httpx.HTTPError as exc:
        return job.broke(exc)
    return job.ended()


async def download_async(
    http: httpx.AsyncClient,
    url: str,
    to: Destination,
    *,
    timeout: httpx.Timeout,
    on_progress: OnProgress | None = None,
    chunk_size: int | None = None,
    max_retries: int = 0,
    clock: Clock = SYSTEM_CLOCK,
    rng: random.Random | None = None,
) -> int:
    """The async twin of download_sync()."""
    job = DownloadJob(to, on_progress, chunk_size, max_retries, rng or random.Random())  # noqa: S311
    with job.sink:
        while (delay := await _attempt_async(http, url, timeout, job)) is not None:
            await clock.async_sleep(delay)
    return job.done


async def _attempt_async(
    http: httpx.AsyncClient, url: str, timeout: httpx.Timeout, job: DownloadJob
) -> float | None:
    job.attempt()
    try:
        request = job.cleaned(_request(http, url, timeout))
        response = await http.send(request, stream=True, auth=None, follow_redirects=False)
        try:
            while (hop := job.redirect(response)) is not None:
                await response.aclose()
                response = await http.send(hop, stream=True, auth=None, follow_redirects=False)
            if (delay := job.answered(response)) is not None:
                return delay
            async for chunk in response.aiter_bytes(job.chunk_size):
                job.wrote(chunk)
        finally:
            await response.aclose()
    except httpx.HTTPError as exc:
        return job.broke(exc)
    return job.ended()
