"""The client's own connection pool (no http_client given) carries the client's timeout and headers, so
a call with the defaults leaves them to the pool; what reaches the transport must be the same as when
each request carries them (test_call_options.py covers a caller's client).

The clients hand their own pool's requests to its transport directly, past httpx.Client.send(): what
send() would have done that matters here (the proxy from the environment, a closed client's refusal,
the request on errors and answers, elapsed) must still hold."""

from __future__ import annotations

import asyncio
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
