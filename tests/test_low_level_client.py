"""The low-level clients of client.py: their settings, builders and httpx clients, as the functions use them.

Retries, User-Agent and credentials are tested with the high-level client's tests (conftest.LOW_MODES);
here is what only the low-level clients have: with_headers/with_cookies/with_timeout, set_httpx_client,
the unauthenticated Client, and the Response of the *_detailed functions.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from twilio_compositions import (
    AuthenticatedClient,
    Client,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
)
from twilio_compositions.api.compositions import (
    create_composition,
    delete_composition,
    fetch_composition,
    fetch_composition_media,
    list_composition,
)
from twilio_compositions.models import CompositionStatus, CreateCompositionRequest
from twilio_compositions.sandbox import Sandbox
from twilio_compositions.types import Response

from .conftest import ACCOUNT_SID, AUTH_TOKEN, COMPOSITION_SID, ROOM_SID, FakeClock, Recorder

BODY = CreateCompositionRequest(room_sid=ROOM_SID, audio_sources=["*"])
BASIC = httpx.BasicAuth(ACCOUNT_SID, AUTH_TOKEN)._auth_header


@pytest.fixture
def recorder(fetch_example: dict[str, Any]) -> Recorder:
    return Recorder(lambda request: httpx.Response(200, json=fetch_example))


def low(recorder: Recorder, clock: FakeClock | None = None, **kwargs: Any) -> AuthenticatedClient:
    client = AuthenticatedClient(
        ACCOUNT_SID, AUTH_TOKEN, httpx_args={"transport": httpx.MockTransport(recorder)}, **kwargs
    )
    if clock is not None:
        client._get_sender()._clock = clock
    return client


def test_with_headers_adds_headers_to_a_new_client_and_leaves_this_one(recorder: Recorder) -> None:
    original = low(recorder, headers={"X-One": "1"})
    fetch_composition.sync(COMPOSITION_SID, client=original)  # its httpx client exists now
    more = original.with_headers({"X-Two": "2", "User-Agent": "my-app/1.0"})
    fetch_composition.sync(COMPOSITION_SID, client=more)
    fetch_composition.sync(COMPOSITION_SID, client=original)
    first, second, third = recorder.requests
    assert second.headers["X-One"] == "1" and second.headers["X-Two"] == "2"
    assert second.headers["User-Agent"] == "my-app/1.0"  # the caller's header wins over ours
    assert second.headers["Authorization"] == BASIC
    for request in (first, third):
        assert "X-Two" not in request.headers and request.headers["X-One"] == "1"
        assert request.headers["User-Agent"].startswith("twilio-compositions-python/")
    assert original.get_httpx_client() is not more.get_httpx_client()
    original.get_httpx_client().close()
    more.get_httpx_client().close()


@pytest.mark.parametrize("cls", [AuthenticatedClient, Client])
def test_with_cookies_adds_cookies_to_a_new_client_and_leaves_this_one(
    recorder: Recorder, cls: type[Any]
) -> None:
    credentials = (ACCOUNT_SID, AUTH_TOKEN) if cls is AuthenticatedClient else ()
    transport = httpx.MockTransport(recorder)
    original = cls(*credentials, cookies={"a": "1"}, httpx_args={"transport": transport})
    with original, original.with_cookies({"b": "2"}).with_timeout(4) as more:
        fetch_composition.sync(COMPOSITION_SID, client=more)
        fetch_composition.sync(COMPOSITION_SID, client=original)
    sent_by_more, sent_by_original = (request.headers["Cookie"] for request in recorder.requests)
    assert sorted(sent_by_more.split("; ")) == ["a=1", "b=2"]
    assert sent_by_original == "a=1"


def test_with_timeout_sets_each_attempts_timeout(fetch_example: dict[str, Any]) -> None:
    seen: list[Any] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200, json=fetch_example)

    original = AuthenticatedClient(
        ACCOUNT_SID, AUTH_TOKEN, httpx_args={"transport": httpx.MockTransport(answer)}
    )
    clients = [
        original,
        original.with_timeout(7),
        original.with_timeout(httpx.Timeout(3, connect=1)),
        original.with_timeout(None),  # httpx's meaning: no timeout
    ]
    for client in clients:
        with client:
            fetch_composition.sync(COMPOSITION_SID, client=client)
    assert seen == [
        {"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 30.0},
        {"connect": 7.0, "read": 7.0, "write": 7.0, "pool": 7.0},
        {"connect": 1.0, "read": 3.0, "write": 3.0, "pool": 3.0},
        {"connect": None, "read": None, "write": None, "pool": None},
    ]
    for bad in (0, -1, "30", True):
        with pytest.raises(ValidationError) as caught:
            original.with_timeout(bad)  # type: ignore[arg-type]  # "30": a wrong type, on purpose
        assert caught.value.param == "timeout"


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": 1.5}, "max_retries"),
        ({"max_response_bytes": 0}, "max_response_bytes"),
        ({"timeout": 0}, "timeout"),
    ],
)
def test_bad_settings_are_refused_at_construction(kwargs: dict[str, Any], param: str) -> None:
    credentials: dict[str, Any] = {"username": ACCOUNT_SID, "password": AUTH_TOKEN}
    for cls in (AuthenticatedClient, Client):
        with pytest.raises(ValidationError) as caught:
            cls(**(credentials if cls is AuthenticatedClient else {}), **kwargs)
        assert caught.value.param == param


def test_the_builders_keep_every_other_setting(clock: FakeClock) -> None:
    script = Recorder(lambda request: httpx.Response(503))
    client = low(script, max_retries=1, base_url="https://proxy.example.com/twilio")
    derived = client.with_headers({"X": "1"}).with_cookies({"c": "1"}).with_timeout(9)
    derived._get_sender()._clock = clock
    with derived, pytest.raises(ServerError):
        fetch_composition.sync(COMPOSITION_SID, client=derived)
    assert len(script.requests) == 2  # max_retries=1 kept, and the transport of httpx_args
    assert all(str(r.url).startswith("https://proxy.example.com/twilio/v1/") for r in script.requests)
    assert AUTH_TOKEN not in repr(derived)


def test_the_unauthenticated_client_sends_no_credentials_through_the_same_core(
    clock: FakeClock, fetch_example: dict[str, Any]
) -> None:
    answers = [httpx.Response(503), httpx.Response(200, json=fetch_example)]
    recorder = Recorder(lambda request: answers.pop(0))
    client = Client(httpx_args={"transport": httpx.MockTransport(recorder)})
    client._get_sender()._clock = clock
    with client:
        assert fetch_composition.sync(COMPOSITION_SID, client=client).sid == fetch_example["sid"]
    assert len(recorder.requests) == 2 and len(clock.sleeps) == 1  # retried
    for request in recorder.requests:
        assert "Authorization" not in request.headers
        assert request.headers["User-Agent"].startswith("twilio-compositions-python/")


def test_set_httpx_client_sends_through_it_with_this_clients_settings(fetch_example: dict[str, Any]) -> None:
    before = Recorder(lambda request: httpx.Response(200, json=fetch_example))
    given = Recorder(lambda request: httpx.Response(200, json=fetch_example))
    client = low(before, base_url="https://proxy.example.com/twilio", headers={"X-Mine": "1"})
    fetch_composition.sync(COMPOSITION_SID, client=client)  # a sender on the first httpx client
    first = client.get_httpx_client()
    own = httpx.Client(base_url="https://elsewhere.example.com", transport=httpx.MockTransport(given))
    with own:
        client.set_httpx_client(own)  # replaces that sender too
        fetch_composition.sync(COMPOSITION_SID, client=client)
    first.close()
    assert len(before.requests) == 1
    (request,) = given.requests
    assert str(request.url) == f"https://proxy.example.com/twilio/v1/Compositions/{COMPOSITION_SID}"
    assert request.headers["Authorization"] == BASIC and request.headers["X-Mine"] == "1"
    assert AUTH_TOKEN not in repr(client._get_sender()) and ACCOUNT_SID not in repr(client._get_sender())


def test_the_async_functions_share_the_core_and_the_builders(fetch_example: dict[str, Any]) -> None:
    before = Recorder(lambda request: httpx.Response(200, json=fetch_example))
    given = Recorder(lambda request: httpx.Response(200, json=fetch_example))
    client = Client(httpx_args={"transport": httpx.MockTransport(before)}).with_headers({"X": "1"})

    async def main() -> Any:
        async with client:
            await fetch_composition.asyncio(COMPOSITION_SID, client=client)
        async with httpx.AsyncClient(transport=httpx.MockTransport(given)) as own:
            client.set_async_httpx_client(own)  # replaces the sender built on the first one
            return await fetch_composition.asyncio_detailed(COMPOSITION_SID, client=client)

    detailed = asyncio.run(main())
    assert detailed.status_code == 200 and detailed.parsed is not None
    (request,) = given.requests
    assert request.headers["X"] == "1" and "Authorization" not in request.headers
    assert len(before.requests) == 1
    assert repr(client._get_async_sender()) == "AsyncSender(base_url='https://video.twilio.com')"


def test_detailed_functions_return_the_answer_after_the_retries(
    clock: FakeClock, fetch_example: dict[str, Any]
) -> None:
    answers = [
        httpx.Response(502),
        httpx.Response(200, json=fetch_example, headers={"Twilio-Request-Id": "RQ1"}),
    ]
    client = low(Recorder(lambda request: answers.pop(0)), clock)
    with client:
        detailed = fetch_composition.sync_detailed(COMPOSITION_SID, client=client)
    assert detailed.status_code == 200
    assert json.loads(detailed.content) == fetch_example
    assert detailed.headers["Twilio-Request-Id"] == "RQ1"
    assert detailed.parsed is not None and detailed.parsed.sid == fetch_example["sid"]


def test_answers_are_read_within_max_response_bytes(fetch_example: dict[str, Any]) -> None:
    client = low(Recorder(lambda request: httpx.Response(200, json=fetch_example)), max_response_bytes=100)
    with client, pytest.raises(UnexpectedResponseError) as caught:
        fetch_composition.sync(COMPOSITION_SID, client=client)
    assert "max_response_bytes (100 bytes" in caught.value.message


def test_the_functions_never_follow_a_redirect(clock: FakeClock) -> None:
    target = "https://media.example.com/CJ.mp4?Signature=abc"
    recorder = Recorder(
        lambda request: httpx.Response(302, headers={"Location": target}, json={"redirect_to": target})
    )
    client = low(recorder, follow_redirects=True)  # for get_httpx_client()'s own use only
    with client:
        assert fetch_composition_media.sync(COMPOSITION_SID, client=client).redirect_to == target
    assert len(recorder.requests) == 1


def test_every_operation_s_detailed_functions_return_the_status_headers_and_parsed_answer(
    clock: FakeClock,
) -> None:
    # The sandbox's own answers, in-process: created, listed, its media's 302 (not followed), deleted.
    with Sandbox(queue_seconds=1, processing_seconds=1, clock=clock, in_process=True) as sandbox:

        def sync_calls() -> list[Response[Any]]:
            with AuthenticatedClient(
                sandbox.account_sid,
                sandbox.auth_token,
                base_url=sandbox.url,
                httpx_args={"transport": sandbox.transport()},
            ) as client:
                created = create_composition.sync_detailed(client=client, body=BODY)
                assert created.parsed is not None
                sid = created.parsed.sid
                clock.advance(5)  # completed: its media exists
                return [
                    created,
                    list_composition.sync_detailed(client=client, room_sid=ROOM_SID),
                    fetch_composition_media.sync_detailed(sid, client=client),
                    delete_composition.sync_detailed(sid, client=client),
                ]

        async def async_calls() -> list[Response[Any]]:
            async with AuthenticatedClient(
                sandbox.account_sid,
                sandbox.auth_token,
                base_url=sandbox.url,
                httpx_args={"transport": sandbox.async_transport()},
            ) as client:
                created = await create_composition.asyncio_detailed(client=client, body=BODY)
                assert created.parsed is not None
                sid = created.parsed.sid
                clock.advance(5)
                return [
                    created,
                    await list_composition.asyncio_detailed(client=client, room_sid=ROOM_SID),
                    await fetch_composition_media.asyncio_detailed(sid, client=client),
                    await delete_composition.asyncio_detailed(sid, client=client),
                ]

        for created, listed, media, deleted in (sync_calls(), asyncio.run(async_calls())):
            assert created.parsed is not None and listed.parsed is not None and media.parsed is not None
            assert created.status_code == 201 and created.headers["Content-Type"] == "application/json"
            assert created.parsed.status == CompositionStatus.ENQUEUED
            sid = created.parsed.sid
            assert listed.status_code == 200
            assert sid in [composition.sid for composition in listed.parsed.compositions]
            assert json.loads(listed.content)["meta"]["page_size"] == 50
            assert media.status_code == 302 and media.parsed.redirect_to == media.headers["Location"]
            assert media.parsed.redirect_to.startswith(sandbox.media_url)
            assert (deleted.status_code, deleted.parsed, deleted.content) == (204, None, b"")


@pytest.mark.parametrize("operation", ["create", "list", "media"])
def test_a_detailed_function_given_a_body_that_does_not_parse_raises_unexpected_response(
    operation: str,
) -> None:
    statuses = {"create": 201, "list": 200, "media": 302}
    recorder = Recorder(lambda request: httpx.Response(statuses[operation], text="{not json"))
    with low(recorder) as client, pytest.raises(UnexpectedResponseError) as caught:
        if operation == "create":
            create_composition.sync_detailed(client=client, body=BODY)
        elif operation == "list":
            list_composition.sync_detailed(client=client)
        else:
            fetch_composition_media.sync_detailed(COMPOSITION_SID, client=client)
    assert "does not parse as" in caught.value.message and len(recorder.requests) == 1
