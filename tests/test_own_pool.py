"""The client's own connection pool (no http_client given) carries the client's timeout and headers, so
a call with the defaults leaves them to the pool; what reaches the transport must be the same as when
each request carries them (test_call_options.py covers a caller's client)."""

from __future__ import annotations

from typing import Any

import httpx
from twilio_compositions import CompositionsClient

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
        client._http._transport = httpx.MockTransport(handler)  # the pool's own, in place of the network
        client.fetch(COMPOSITION_SID)
        client.fetch(COMPOSITION_SID, timeout=httpx.Timeout(3, connect=1))
        client.fetch(COMPOSITION_SID, timeout=None)
        client.fetch(COMPOSITION_SID)
    assert [request.extensions["timeout"] for request in seen] == [CLIENTS, GIVEN, NONE, CLIENTS]
    for request in seen:
        assert request.headers["Accept"] == "application/json"
        assert request.headers["User-Agent"].startswith("twilio-compositions-python/")
        assert "Authorization" not in request.headers  # dropped once the call is over
