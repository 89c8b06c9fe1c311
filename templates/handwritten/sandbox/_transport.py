"""The sandbox in-process: httpx transports that hand each request to the sandbox's logic directly.

    http = httpx.Client(transport=sandbox.transport())
    http = httpx.AsyncClient(transport=sandbox.async_transport())

No socket, no thread: SandboxApi.answer() and MediaOrigin.answer() (the very code the servers run)
answer each request, and the Answer becomes an httpx.Response. One transport answers two hosts, the
API's (IN_PROCESS_URL) and the media origin's (IN_PROCESS_MEDIA_URL), so the same httpx client serves a
CompositionsClient's http_client= and media_http_client=. Both hosts end in .localhost: the clients
take them for this machine (plain http is allowed there), though nothing listens on them. Any other
host is an httpx.ConnectError, as an unreachable host would be.

What a socket would do shows the same way: a dropped connection (inject_fault(disconnect=True)) and a
body cut short of its Content-Length (inject_media_fault(cut_after=N)) raise httpx.RemoteProtocolError,
as httpx raises it for a real server.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterable, Iterator

import httpx

from ._loopback import Answer, Headers
from ._media import MediaOrigin
from ._server import ApiRequest, SandboxApi

IN_PROCESS_URL = "http://api.sandbox.localhost"
IN_PROCESS_MEDIA_URL = "http://media.sandbox.localhost"


class _Hosts:
    def __init__(self, api: SandboxApi, media: MediaOrigin) -> None:
        self.api = api
        self.media = media
        self._api_host = httpx.URL(IN_PROCESS_URL).netloc
        self._media_host = httpx.URL(IN_PROCESS_MEDIA_URL).netloc

    def answer(self, request: httpx.Request, body: bytes) -> httpx.Response:
        target = request.url.raw_path.decode("ascii")
        headers = Headers(request.headers.multi_items())
        host = request.url.netloc
        if host == self._api_host:
            api_request = ApiRequest(request.method, target, headers, io.BytesIO(body).read)
            answer = self.api.answer(api_request, base_url=IN_PROCESS_URL, media_url=IN_PROCESS_MEDIA_URL)
        elif host == self._media_host:
            answer = self.media.answer(request.method, target, headers)
        else:
            raise httpx.ConnectError(
                f"the in-process sandbox answers {IN_PROCESS_URL} and {IN_PROCESS_MEDIA_URL} only, "
                f"not {request.url.scheme}://{host.decode('ascii', 'replace')}",
                request=request,
            )
        if answer.disconnect:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        return httpx.Response(answer.status, headers=answer.headers, stream=_Body(answer, request))


def _cut(answer: Answer, request: httpx.Request, received: int) -> httpx.RemoteProtocolError:
    expected = received + answer.short_by
    return httpx.RemoteProtocolError(
        f"peer closed connection without sending complete message body "
        f"(received {received} bytes, expected {expected})",
        request=request,
    )


class _Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __init__(self, answer: Answer, request: httpx.Request) -> None:
        self._chunks: Iterable[bytes] = answer.body
        self._answer = answer
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        received = 0
        for chunk in self._chunks:
            received += len(chunk)
            yield chunk
        if self._answer.short_by:
            raise _cut(self._answer, self._request, received)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self:
            yield chunk


class SandboxTransport(httpx.BaseTransport):
    """An httpx transport answered by a sandbox, in this thread."""

    def __init__(self, api: SandboxApi, media: MediaOrigin) -> None:
        self._hosts = _Hosts(api, media)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._hosts.answer(request, request.read())


class AsyncSandboxTransport(httpx.AsyncBaseTransport):
    """An httpx async transport answered by a sandbox, in the event loop's thread (it never waits)."""

    def __init__(self, api: SandboxApi, media: MediaOrigin) -> None:
        self._hosts = _Hosts(api, media)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self._hosts.answer(request, await request.aread())
