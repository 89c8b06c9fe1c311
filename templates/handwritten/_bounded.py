"""Reading an API answer with a limit on its decoded size, whatever its compression.

An answer of the API is a few KiB; a server (or a proxy) that sends far more, or a small gzip body that
inflates to gigabytes, must not take the caller's memory with it. Every answer is therefore received as
a stream and read here: one whose Content-Length is over the limit is refused unread; a compressed one
is inflated piece by piece with zlib's max_length, so no more than the limit (and one piece) is ever
held. httpx's own decoders inflate each network chunk whole (a 64 KiB chunk of gzip may become 64 MiB),
so the two encodings the client asks for (ACCEPT_ENCODING) are inflated here; any other is refused.
Media downloads do not come here: they are streamed to their destination (_download.py).
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Iterator

import httpx

from ._exceptions import ApiError, UnexpectedResponseError, error_from_response

DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024
ACCEPT_ENCODING = "gzip, deflate"
_PIECE = 64 * 1024  # inflated bytes taken out of zlib at a time
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class _TooLarge(Exception):
    pass


class _Unsupported(Exception):
    pass


class _Inflater:
    """The decoded body, from the raw chunks, refusing to hold more than `limit` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        if encoding not in _WBITS and encoding not in ("", "identity"):
            raise _Unsupported(encoding)
        self.encoding = encoding
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0
        self._zlib = zlib.decompressobj(_WBITS[encoding]) if encoding in _WBITS else None
        self._first = True

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge
        self.parts.append(data)

    def feed(self, raw: bytes) -> None:
        if self._zlib is None:
            self._keep(raw)
            return
        data = raw
        while data:
            try:
                piece = self._zlib.decompress(data, _PIECE)
            except zlib.error:
                if not (self.encoding == "deflate" and self._first):
                    raise
                # Some servers send raw deflate without the zlib header (httpx accepts both, so do we).
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                piece = self._zlib.decompress(data, _PIECE)
            self._first = False
            self._keep(piece)
            data = self._zlib.unconsumed_tail

    def body(self) -> bytes:
        if self._zlib is not None:
            self._keep(self._zlib.flush())
        return b"".join(self.parts)


def _start(response: httpx.Response, limit: int) -> _Inflater | None:
    """None when the body can be read as httpx reads it: not compressed, and announced within the limit."""
    if response.is_stream_consumed:  # a body that was in memory already (a transport's canned answer)
        if len(response.content) > limit:
            raise _TooLarge
        return None
    encoding = response.headers.get("content-encoding", "").strip().lower()
    declared = response.headers.get("content-length", "")
    if encoding in ("", "identity") and declared.isdigit():
        if int(declared) > limit:
            raise _TooLarge
        return None
    return _Inflater(encoding, limit)


def _rebuilt(response: httpx.Response, body: bytes) -> httpx.Response:
    """The answer with its decoded body, so that .content, .json() and errors read it as usual."""
    headers = [
        (k, v) for k, v in response.headers.multi_items() if k not in ("content-encoding", "content-length")
    ]
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=body,
        request=response.request,
        extensions=response.extensions,
    )


def _refused(response: httpx.Response, why: str) -> ApiError:
    # The body is not read: the error carries the status and the headers, with an empty body.
    headers = [
        (k, v) for k, v in response.headers.multi_items() if k not in ("content-encoding", "content-length")
    ]
    stub = httpx.Response(response.status_code, headers=headers, request=response.request)
    return error_from_response(stub, error_class=UnexpectedResponseError, reason=why)


def _why(error: Exception, limit: int) -> str:
    if isinstance(error, _TooLarge):
        return f"the body is larger than max_response_bytes ({limit:,} bytes once decoded)"
    if isinstance(error, _Unsupported):
        return f"the body's Content-Encoding {error} is not one the client asked for ({ACCEPT_ENCODING})"
    return f"the body does not inflate ({error})"


def read_sync(response: httpx.Response, limit: int) -> httpx.Response:
    """The streamed response, read whole within `limit` decoded bytes; closed in any case."""
    try:
        inflater = _start(response, limit)
        if inflater is None:
            response.read()
            return response
        raw: Iterator[bytes] = response.iter_raw()
        for chunk in raw:
            inflater.feed(chunk)
        return _rebuilt(response, inflater.body())
    except (_TooLarge, _Unsupported, zlib.error) as error:
        raise _refused(response, _why(error, limit)) from None
    finally:
        response.close()


async def read_async(response: httpx.Response, limit: int) -> httpx.Response:
    """read_sync() for an httpx.AsyncClient's response."""
    try:
        inflater = _start(response, limit)
        if inflater is None:
            await response.aread()
            return response
        raw: AsyncIterator[bytes] = response.aiter_raw()
        async for chunk in raw:
            inflater.feed(chunk)
        return _rebuilt(response, inflater.body())
    except (_TooLarge, _Unsupported, zlib.error) as error:
        raise _refused(response, _why(error, limit)) from None
    finally:
        await response.aclose()
