"""Credentials: where they come from, and everywhere they must never show up.

The secret (auth token or API key secret), and the Basic header built from it, must not appear in a
repr, in str() or repr() of any error, in a log record at any level, or in the request an error's
response points back to. Sync and async alike, over every path a call can take.
"""

from __future__ import annotations

import base64
import logging
import pickle
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from twilio_compositions import AsyncCompositionsClient, CompositionsClient, TwilioError, ValidationError

from .conftest import ACCOUNT_SID, AUTH_TOKEN, COMPOSITION_SID, EVERY_MODE, MODES, ROOM_SID, FakeClock
from .modes import run

API_KEY = "SK" + "5" * 32
API_SECRET = "api-secret-do-not-leak-42"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET"):
        monkeypatch.delenv(name, raising=False)


pytestmark = pytest.mark.modes(*EVERY_MODE)  # the low-level functions too


def forms_of(username: str, secret: str) -> list[str]:
    """Every way a secret could leak: itself, and the Basic credentials built from it."""
    basic = base64.b64encode(f"{username}:{secret}".encode()).decode()
    return [secret, basic, basic[:24]]


def assert_absent(text: str, secrets: list[str]) -> None:
    for secret in secrets:
        assert secret not in text, f"a credential leaked into: {text[:200]!r}"


# -- where credentials come from ------------------------------------------------------------------------


def test_an_api_key_pair_signs_the_requests(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any]
) -> None:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        return httpx.Response(200, json=fetch_example)

    run(
        mode,
        lambda c: c.fetch(COMPOSITION_SID),
        handler=answer,
        clock=clock,
        auth_token=None,
        api_key=API_KEY,
        api_secret=API_SECRET,
    )
    assert seen == ["Basic " + base64.b64encode(f"{API_KEY}:{API_SECRET}".encode()).decode()]


def test_api_key_pair_from_the_environment_wins_over_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    monkeypatch.setenv("TWILIO_API_KEY", API_KEY)
    monkeypatch.setenv("TWILIO_API_SECRET", API_SECRET)
    with CompositionsClient() as client:
        assert client.api_key == API_KEY
        assert repr(client) == f"CompositionsClient(account_sid={ACCOUNT_SID!r}, api_key={API_KEY!r}, " + (
            "base_url='https://video.twilio.com')"
        )
    with CompositionsClient(auth_token=AUTH_TOKEN) as client:  # an argument wins over the environment
        assert client.api_key is None


@pytest.mark.parametrize(
    ("kwargs", "env", "param"),
    [
        ({"api_key": API_KEY}, {}, "api_secret"),
        ({"api_secret": API_SECRET}, {}, "api_key"),
        ({"api_key": "SK123", "api_secret": API_SECRET}, {}, "api_key"),
        ({"api_key": API_KEY, "api_secret": API_SECRET, "auth_token": AUTH_TOKEN}, {}, "auth_token"),
        ({}, {"TWILIO_API_KEY": API_KEY}, "TWILIO_API_SECRET"),
        ({}, {}, "auth_token"),
    ],
)
@pytest.mark.modes(*MODES)  # the low-level client takes username and password as given
def test_incomplete_credentials_are_a_clear_error_at_construction(
    monkeypatch: pytest.MonkeyPatch, mode: str, kwargs: dict[str, Any], env: dict[str, str], param: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    cls = CompositionsClient if mode == "sync" else AsyncCompositionsClient
    with pytest.raises(ValidationError) as caught:
        cls(account_sid=ACCOUNT_SID, **kwargs)
    assert caught.value.param == param
    assert_absent(str(caught.value) + repr(caught.value), [API_SECRET, AUTH_TOKEN])


def test_a_secret_in_the_api_key_slot_is_not_echoed() -> None:
    with pytest.raises(ValidationError) as caught:
        CompositionsClient(account_sid=ACCOUNT_SID, api_key=API_SECRET, api_secret=API_SECRET)
    assert caught.value.param == "api_key"
    assert_absent(str(caught.value), [API_SECRET])
    assert caught.value.__context__ is None and caught.value.__cause__ is None


# -- where they must never show up -------------------------------------------------------------------


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    with caplog.at_level(logging.DEBUG):
        yield caplog


def everything_that_can_happen(
    fetch_example: dict[str, Any],
) -> list[httpx.Response | type[httpx.RequestError]]:
    return [
        httpx.Response(201, json={**fetch_example, "status": "enqueued"}),  # create
        httpx.Response(503),  # fetch: retried
        httpx.ReadTimeout,  # fetch: retried
        httpx.Response(200, json=fetch_example),
        httpx.Response(404, json={"status": 404, "message": "not found", "code": 20404}),  # fetch
        httpx.ConnectError,  # fetch, max_retries=0
        httpx.ReadTimeout,  # fetch, max_retries=0
        httpx.Response(200, text="<html>oops</html>"),  # fetch: not JSON
    ]


@pytest.mark.parametrize(
    ("credentials", "username", "secret"),
    [
        ({"auth_token": AUTH_TOKEN}, ACCOUNT_SID, AUTH_TOKEN),
        ({"auth_token": None, "api_key": API_KEY, "api_secret": API_SECRET}, API_KEY, API_SECRET),
    ],
)
def test_no_credential_in_any_repr_error_or_log_line(
    mode: str,
    clock: FakeClock,
    fetch_example: dict[str, Any],
    debug_logs: pytest.LogCaptureFixture,
    credentials: dict[str, Any],
    username: str,
    secret: str,
) -> None:
    answers = everything_that_can_happen(fetch_example)

    def answer(request: httpx.Request) -> httpx.Response:
        item = answers.pop(0)
        if isinstance(item, httpx.Response):
            return item
        raise item("injected", request=request)

    errors: list[TwilioError] = []
    reprs: list[str] = []
    calls: list[tuple[str, dict[str, Any]]] = [
        (COMPOSITION_SID, {}),  # 201 create happened before; 503, timeout, 200
        (COMPOSITION_SID, {}),  # 404
        (COMPOSITION_SID, {"max_retries": 0}),  # refused
        (COMPOSITION_SID, {"max_retries": 0}),  # timeout
        (COMPOSITION_SID, {}),  # HTML with a 200
        ("../Rooms", {}),  # refused before sending
    ]

    def sync_scenario(client: CompositionsClient) -> None:
        reprs.append(repr(client))
        client.create(room_sid=ROOM_SID, audio_sources=["*"])
        for sid, kwargs in calls:
            try:
                client.fetch(sid, **kwargs)
            except TwilioError as error:
                errors.append(error)

    async def async_scenario(client: AsyncCompositionsClient) -> None:
        reprs.append(repr(client))
        await client.create(room_sid=ROOM_SID, audio_sources=["*"])
        for sid, kwargs in calls:
            try:
                await client.fetch(sid, **kwargs)
            except TwilioError as error:
                errors.append(error)

    scenario = async_scenario if mode.endswith("async") else sync_scenario
    run(mode, scenario, handler=answer, clock=clock, **credentials)
    assert answers == [] and len(errors) == 5
    leaks = forms_of(username, secret)
    for error in errors:
        assert_absent(str(error) + repr(error) + repr(error.__cause__) + str(error.__cause__), leaks)
        assert_absent(repr(pickle.loads(pickle.dumps(error)).__dict__), leaks)
        response = getattr(error, "response", None)
        if response is not None:  # the request an error points back to has lost its credentials
            assert "authorization" not in response.request.headers
            assert_absent(repr(vars(response)) + repr(response.request.headers), leaks)
        cause = error.__cause__
        if isinstance(cause, httpx.RequestError):
            assert "authorization" not in cause.request.headers
    assert_absent(" ".join(reprs), leaks)
    records = debug_logs.records
    assert any(r.levelno == logging.DEBUG and "GET /v1/Compositions/" in r.getMessage() for r in records)
    assert any(r.levelno == logging.INFO and "retry 1 of 2" in r.getMessage() for r in records)
    assert_absent(debug_logs.text, leaks)
    for record in records:
        assert_absent(record.getMessage() + repr(record.args) + repr(record.__dict__), leaks)


@pytest.mark.modes("sync", "low-sync")
def test_the_logger_is_the_package_one_and_says_what_happened(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any], debug_logs: pytest.LogCaptureFixture
) -> None:
    answers = [httpx.Response(503), httpx.Response(200, json=fetch_example)]
    run(mode, lambda c: c.fetch(COMPOSITION_SID), handler=lambda r: answers.pop(0), clock=clock)
    lines = [(r.name, r.levelname, r.getMessage()) for r in debug_logs.records if r.name.startswith("twilio")]
    assert [(name, level) for name, level, _ in lines] == [
        ("twilio_compositions", "DEBUG"),
        ("twilio_compositions", "INFO"),
        ("twilio_compositions", "DEBUG"),
    ]
    assert lines[0][2].startswith(f"GET /v1/Compositions/{COMPOSITION_SID} -> 503 in ")
    assert "answered 503; retry 1 of 2 in " in lines[1][2]
    assert "-> 200 in " in lines[2][2] and "(attempt 2)" in lines[2][2]


def test_a_redirect_keeps_no_credentials_in_the_request_httpx_would_send_next() -> None:
    """On a 3xx, httpx's send() prepares the next request with a copy of the headers; an error keeps the
    response, and so that request: it must not hold the Authorization header."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "/v1/Other"})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, http_client=http)
    with client, pytest.raises(TwilioError) as failed:
        client.fetch(COMPOSITION_SID)
    http.close()
    response = getattr(failed.value, "response", None)
    assert response is not None and response.next_request is not None
    assert response.next_request.url.path == "/v1/Other"
    assert "Authorization" not in response.next_request.headers
    assert AUTH_TOKEN not in repr(vars(response.next_request))
