"""AsyncCompositionsClient: the sync client's surface, one connection pool, the caller's own client kept."""

from __future__ import annotations

import asyncio
import inspect

import httpx
import pytest
from twilio_compositions import AsyncCompositionsClient, CompositionsClient, NotFoundError
from twilio_compositions.sandbox import Sandbox

from .conftest import ROOM_SID, FakeClock


def public_methods(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
    }


def test_both_clients_have_the_same_methods_and_signatures() -> None:
    sync, asynchronous = public_methods(CompositionsClient), public_methods(AsyncCompositionsClient)
    assert (
        set(sync) == set(asynchronous) >= {"create", "fetch", "wait", "close", "list", "delete", "download"}
    )
    for name, signature in sync.items():
        # A pager is returned at once by both (iterated with for / async for), so it differs in its type.
        assert str(signature).replace("SyncPager", "AsyncPager") == str(asynchronous[name]), name
        returns_pager = "Pager[" in str(signature.return_annotation)
        assert inspect.iscoroutinefunction(getattr(AsyncCompositionsClient, name)) != returns_pager, name
    assert inspect.signature(CompositionsClient) == inspect.signature(AsyncCompositionsClient)


def test_one_connection_for_many_calls(clock: FakeClock) -> None:
    async def main(sandbox: Sandbox) -> None:
        async with AsyncCompositionsClient(
            account_sid=sandbox.account_sid, auth_token=sandbox.auth_token, base_url=sandbox.url
        ) as client:
            created = await client.create(room_sid=ROOM_SID, audio_sources=["*"])
            for _ in range(5):
                await client.fetch(created.sid)
            with pytest.raises(NotFoundError):
                await client.fetch("CJ" + "0" * 32)

    with Sandbox(clock=clock) as sandbox:
        asyncio.run(main(sandbox))
        assert len(sandbox.requests_seen) == 7
        assert sandbox.connections_accepted == 1


def test_concurrent_calls_share_the_pool(clock: FakeClock) -> None:
    async def main(sandbox: Sandbox) -> set[str]:
        async with AsyncCompositionsClient(
            account_sid=sandbox.account_sid, auth_token=sandbox.auth_token, base_url=sandbox.url
        ) as client:
            created = await asyncio.gather(
                *(client.create(room_sid=ROOM_SID, audio_sources=["*"]) for _ in range(8))
            )
            fetched = await asyncio.gather(*(client.fetch(c.sid) for c in created))
            return {c.sid for c in fetched}

    with Sandbox(clock=clock) as sandbox:
        assert len(asyncio.run(main(sandbox))) == 8
        assert sandbox.connections_accepted <= 8  # reused across the two rounds, not one per call


def test_a_callers_http_client_is_used_and_left_open(clock: FakeClock) -> None:
    async def main(sandbox: Sandbox) -> None:
        async with httpx.AsyncClient() as own:
            async with AsyncCompositionsClient(
                account_sid=sandbox.account_sid,
                auth_token=sandbox.auth_token,
                base_url=sandbox.url,
                http_client=own,
            ) as client:
                await client.create(room_sid=ROOM_SID, audio_sources=["*"])
            assert not own.is_closed
            response = await own.get(sandbox.url + "/v1/Compositions/CJ" + "0" * 32)
            assert response.status_code == 401  # still usable, and our credentials did not stick to it

    with Sandbox(clock=clock) as sandbox:
        asyncio.run(main(sandbox))


def test_a_sync_http_client_is_refused_by_the_async_client_and_vice_versa() -> None:
    with httpx.Client() as sync_http, pytest.raises(ValueError, match="http_client"):
        # The wrong kind of httpx client, on purpose: the type hints refuse it too.
        AsyncCompositionsClient(account_sid="AC" + "0" * 32, auth_token="t", http_client=sync_http)  # type: ignore[arg-type]

    async def main() -> None:
        async with httpx.AsyncClient() as async_http:
            with pytest.raises(ValueError, match="http_client"):
                # The wrong kind, on purpose, as above.
                CompositionsClient(account_sid="AC" + "0" * 32, auth_token="t", http_client=async_http)  # type: ignore[arg-type]

    asyncio.run(main())
