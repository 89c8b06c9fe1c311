"""The client's own connection pool (no http_client given) carries the client's timeout and headers, so
a call with the defaults leaves them to the pool; what reaches the transport must be the same as when
each request carries them (test_call_options.py covers a caller's client).

The clients hand their own pool's requests to its transport directly, past httpx.Client.send(): what
send() would have done that matters here (the proxy from the environment, a closed client's refusal,
the request on errors and answers, elapsed) must still hold."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from twilio_compositions import ApiConnectionError, AsyncCompositionsClient, CompositionsClient, NotFoundError

from .conftest import ACCOUNT_SID, AUTH_TOKEN, COMPOSITION_SID

CLIENTS = {"connect": 7.0, "read": 7.0, "write": 7.0, "pool": 7.0}
GIVEN = {"connect": 1.0, "read": 3.0, "write": 3.0, "pool": 3.0}
NONE = {"connect": None, "read": None, "write": None, "pool": None}


def test_the_own_pool_sends_the_clients_timeout_unless_a_call_gives_one(
    fetch_example: dict[str, Any],
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=fetch_example)

    with CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, timeout=7) as client:
        # The pool's own transport, in place of the network; the client hands its requests to it directly.
        client._transport = client._http._transport = httpx.MockTransport(handler)
        client.fetch(COMPOSITION_SID)
        client.fetch(COMPOSITION_SID, timeout=httpx.Timeout(3, connect=1))
        client.fetch(COMPOSITION_SID, timeout=None)
        client.fetch(COMPOSITION_SID)
    assert [request.extensions["timeout"] for request in seen] == [CLIENTS, GIVEN, NONE, CLIENTS]
    for request in seen:
        assert request.headers["Accept"] == "application/json"
        assert request.headers["User-Agent"].startswith("twilio-compositions-python/")
        assert "Authorization" not in request.headers  # dropped once the call is over


def _own(client: CompositionsClient | AsyncCompositionsClient, transport: Any) -> None:
    client._transport = client._http._transport = transport


def test_requests_go_to_the_proxy_the_environment_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    for name in ("NO_PROXY", "no_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    with CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as client:
        proxy = client._http._transport_for_url(httpx.URL(client.base_url))
        assert proxy is not client._http._transport  # the environment's proxy is mounted for the API host
        assert client._transport is proxy
    monkeypatch.delenv("HTTPS_PROXY")
    with CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as client:
        assert client._transport is client._http._transport


def test_a_closed_client_sends_nothing(fetch_example: dict[str, Any]) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=fetch_example)

    client = CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
    _own(client, httpx.MockTransport(handler))
    client.fetch(COMPOSITION_SID)
    client.close()
    with pytest.raises(RuntimeError, match="client has been closed"):
        client.fetch(COMPOSITION_SID)
    assert len(seen) == 1


def test_a_closed_async_client_sends_nothing(fetch_example: dict[str, Any]) -> None:
    seen: list[httpx.Request] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=fetch_example)

    async def main() -> None:
        client = AsyncCompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
        _own(client, httpx.MockTransport(handler))
        await client.fetch(COMPOSITION_SID)
        await client.close()
        with pytest.raises(RuntimeError, match="client has been closed"):
            await client.fetch(COMPOSITION_SID)

    asyncio.run(main())
    assert len(seen) == 1


def test_errors_and_answers_carry_their_request() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("CJ" + "0" * 32):
            raise httpx.ConnectError("refused")
        return httpx.Response(404, json={"code": 20404, "message": "not found", "status": 404})

    with CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, max_retries=0) as client:
        _own(client, httpx.MockTransport(handler))
        with pytest.raises(ApiConnectionError) as failed:
            client.fetch("CJ" + "0" * 32)
        with pytest.raises(NotFoundError) as missing:
            client.fetch(COMPOSITION_SID)
    cause = failed.value.__cause__
    assert isinstance(cause, httpx.ConnectError)
    assert cause.request.url.path == "/v1/Compositions/CJ" + "0" * 32
    response = missing.value.response
    assert response is not None
    assert response.request.url.path == f"/v1/Compositions/{COMPOSITION_SID}"
    assert response.elapsed.total_seconds() >= 0


def test_async_errors_carry_their_request() -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadError("reset")

    async def main() -> BaseException | None:
        async with AsyncCompositionsClient(
            account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, max_retries=0
        ) as client:
            _own(client, httpx.MockTransport(handler))
            with pytest.raises(ApiConnectionError) as failed:
                await client.fetch(COMPOSITION_SID)
        return failed.value.__cause__

    cause = asyncio.run(main())
    assert isinstance(cause, httpx.ReadError)
    assert cause.request.url.path == f"/v1/Compositions/{COMPOSITION_SID}"


def test_an_httpx_that_does_not_say_gets_its_requests_through_send(
    monkeypatch: pytest.MonkeyPatch, fetch_example: dict[str, Any]
) -> None:
    def unknown(*args: Any) -> Any:
        raise AttributeError("_transport_for_url")

    monkeypatch.setattr(httpx.Client, "_transport_for_url", unknown)
    with CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as client:
        assert client._transport is None
        client._http._transport = httpx.MockTransport(lambda request: httpx.Response(200, json=fetch_example))
        monkeypatch.undo()  # send() itself needs the method back
        assert client.fetch(COMPOSITION_SID).sid == fetch_example["sid"]


def test_the_own_pool_keeps_no_cookies(fetch_example: dict[str, Any]) -> None:
    """A cookie the API sets is not sent back: the client is stateless between calls (httpx's cookie jar
    is send()'s, which the own pool's requests skip)."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=fetch_example, headers={"Set-Cookie": "lb=1; Path=/"})

    with CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as client:
        _own(client, httpx.MockTransport(handler))
        client.fetch(COMPOSITION_SID)
        client.fetch(COMPOSITION_SID)
    assert [request.headers.get("Cookie") for request in seen] == [None, None]


def test_async_answers_carry_their_request_and_elapsed() -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"code": 20404, "message": "not found", "status": 404})

    async def main() -> httpx.Response | None:
        async with AsyncCompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as client:
            _own(client, httpx.MockTransport(handler))
            with pytest.raises(NotFoundError) as missing:
                await client.fetch(COMPOSITION_SID)
        return missing.value.response

    response = asyncio.run(main())
    assert response is not None
    assert response.request.url.path == f"/v1/Compositions/{COMPOSITION_SID}"
    assert response.elapsed.total_seconds() >= 0


def test_a_compressed_answer_on_a_callers_client_has_elapsed_too() -> None:
    """_bounded.py rebuilds a gzip body's response, which httpx's send() never timed."""
    import gzip
    import json

    body = gzip.compress(json.dumps({"code": 20404, "message": "not found", "status": 404}).encode())

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, content=body, headers={"Content-Encoding": "gzip"})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, http_client=http)
    with client, pytest.raises(NotFoundError) as missing:
        client.fetch(COMPOSITION_SID)
    http.close()
    assert missing.value.response is not None
    assert missing.value.response.elapsed.total_seconds() >= 0


def test_a_callers_client_keeps_its_hooks_and_cookies(fetch_example: dict[str, Any]) -> None:
    seen: list[httpx.Request] = []
    hooked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=fetch_example, headers={"Set-Cookie": "lb=1; Path=/"})

    http = httpx.Client(
        transport=httpx.MockTransport(handler),
        event_hooks={"request": [lambda request: hooked.append(request.url.path)]},
    )
    with CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, http_client=http) as client:
        assert client._transport is None
        client.fetch(COMPOSITION_SID)
        client.fetch(COMPOSITION_SID)
    http.close()
    assert hooked == [f"/v1/Compositions/{COMPOSITION_SID}"] * 2
    assert [request.headers.get("Cookie") for request in seen] == [None, "lb=1"]


@pytest.mark.parametrize("wrapped", ["send", "_send_single_request"])
def test_a_wrapped_send_sees_the_own_pools_requests(
    monkeypatch: pytest.MonkeyPatch, fetch_example: dict[str, Any], wrapped: str
) -> None:
    """A tracing library that wraps httpx's send() (as Sentry's and ddtrace's do) must see every request
    and have its headers sent; it may be installed after the client was made."""
    import functools

    traced: list[str] = []

    def trace(method: Callable[..., httpx.Response]) -> Callable[..., httpx.Response]:
        @functools.wraps(method)
        def traced_call(self: httpx.Client, request: httpx.Request, **kwargs: Any) -> httpx.Response:
            traced.append(request.url.path)
            request.headers["traceparent"] = "00-abc-def-01"
            return method(self, request, **kwargs)

        return traced_call

    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=fetch_example)

    with CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as client:
        _own(client, httpx.MockTransport(handler))
        client.fetch(COMPOSITION_SID)
        monkeypatch.setattr(httpx.Client, wrapped, trace(getattr(httpx.Client, wrapped)))
        client.fetch(COMPOSITION_SID)
    assert traced == [f"/v1/Compositions/{COMPOSITION_SID}"]
    assert [request.headers.get("traceparent") for request in seen] == [None, "00-abc-def-01"]


def test_a_wrapped_async_send_sees_the_own_pools_requests(
    monkeypatch: pytest.MonkeyPatch, fetch_example: dict[str, Any]
) -> None:
    import functools

    traced: list[str] = []
    original = httpx.AsyncClient.send

    @functools.wraps(original)
    async def traced_send(self: httpx.AsyncClient, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        traced.append(request.url.path)
        return await original(self, request, **kwargs)

    async def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=fetch_example)

    monkeypatch.setattr(httpx.AsyncClient, "send", traced_send)

    async def main() -> None:
        async with AsyncCompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as client:
            _own(client, httpx.MockTransport(handler))
            await client.fetch(COMPOSITION_SID)

    asyncio.run(main())
    assert traced == [f"/v1/Compositions/{COMPOSITION_SID}"]


def test_a_transport_of_an_unknown_kind_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(httpx.Client, "_transport_for_url", lambda self, url: object())
    with CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as client:
        assert client._transport is None


@pytest.mark.socket_only  # the own pool on a real loopback socket, not a MockTransport
def test_a_closed_client_opens_no_connection(sandbox: Any) -> None:
    client = CompositionsClient(
        account_sid=sandbox.account_sid, auth_token=sandbox.auth_token, base_url=sandbox.url
    )
    assert isinstance(client._transport, httpx.HTTPTransport)
    created = client.create(room_sid="RM" + "a" * 32, audio_sources=["*"])
    client.close()
    with pytest.raises(RuntimeError, match="client has been closed"):
        client.fetch(created.sid or "")
