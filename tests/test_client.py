"""CompositionsClient construction: credentials, base URL, connection pool, and what it never shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from twilio_compositions import AuthenticatedClient, CompositionsClient, ValidationError

from .conftest import ACCOUNT_SID, AUTH_TOKEN, EVERY_MODE, ROOM_SID, FakeClock, Recorder
from .modes import run

MakeClient = Callable[..., tuple[CompositionsClient, Recorder]]


@pytest.fixture(autouse=True)
def no_credentials_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TWILIO_ACCOUNT_SID", raising=False)
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    monkeypatch.delenv("TWILIO_API_KEY", raising=False)
    monkeypatch.delenv("TWILIO_API_SECRET", raising=False)


def test_credentials_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, fetch_example: dict[str, Any]
) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        return httpx.Response(200, json=fetch_example)

    with CompositionsClient(http_client=httpx.Client(transport=httpx.MockTransport(answer))) as client:
        assert client.account_sid == ACCOUNT_SID
        client.fetch("CJ" + "a" * 32)
    assert seen == [httpx.BasicAuth(ACCOUNT_SID, AUTH_TOKEN)._auth_header]


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC" + "f" * 32)
    with CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as client:
        assert client.account_sid == ACCOUNT_SID


@pytest.mark.parametrize(
    ("kwargs", "param", "hint"),
    [
        ({"auth_token": AUTH_TOKEN}, "account_sid", "TWILIO_ACCOUNT_SID"),
        ({"account_sid": ACCOUNT_SID}, "auth_token", "TWILIO_AUTH_TOKEN"),
        ({"account_sid": ACCOUNT_SID, "auth_token": ""}, "auth_token", "TWILIO_AUTH_TOKEN"),
    ],
)
def test_a_missing_credential_is_a_clear_error_at_construction(
    kwargs: dict[str, Any], param: str, hint: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        CompositionsClient(**kwargs)
    assert caught.value.param == param
    assert hint in str(caught.value)


def test_a_token_passed_as_account_sid_is_not_echoed() -> None:
    with pytest.raises(ValidationError) as caught:
        CompositionsClient(account_sid=AUTH_TOKEN, auth_token=ACCOUNT_SID)
    assert AUTH_TOKEN not in str(caught.value) and AUTH_TOKEN not in repr(caught.value)
    assert caught.value.__context__ is None  # no chained error that would carry the value


def test_the_token_is_never_shown() -> None:
    client = CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
    low = AuthenticatedClient(ACCOUNT_SID, AUTH_TOKEN)
    low_with_header = AuthenticatedClient(
        ACCOUNT_SID,
        AUTH_TOKEN,
        headers={"X-Token": AUTH_TOKEN},
        httpx_args={"auth": (ACCOUNT_SID, AUTH_TOKEN)},
    )
    for text in (repr(client), str(client), repr(low), str(low), repr(low_with_header)):
        assert AUTH_TOKEN not in text
    assert ACCOUNT_SID in repr(client)
    client.close()


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://video.twilio.com", "https://video.twilio.com"),
        ("https://proxy.example.com/twilio/", "https://proxy.example.com/twilio"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://localhost:8080/", "http://localhost:8080"),
        ("http://[::1]:8080", "http://[::1]:8080"),
    ],
)
def test_accepted_base_urls(base_url: str, expected: str) -> None:
    with CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=base_url) as client:
        assert client.base_url == expected


@pytest.mark.parametrize(
    "base_url",
    [
        "http://video.twilio.com",  # credentials in clear text over the network
        "http://10.0.0.1:8080",
        "ftp://video.twilio.com",
        "video.twilio.com",
        "https://user:pass@video.twilio.com",
        "https://video.twilio.com?x=1",
    ],
)
def test_rejected_base_urls(base_url: str) -> None:
    with pytest.raises(ValidationError) as caught:
        CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, base_url=base_url)
    assert caught.value.param == "base_url"


@pytest.mark.modes(*EVERY_MODE)
def test_requests_go_to_the_base_url_with_a_user_agent(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any]
) -> None:
    recorder = Recorder(lambda request: httpx.Response(200, json=fetch_example))
    run(
        mode,
        lambda client: client.fetch("CJ" + "a" * 32),
        handler=recorder,
        clock=clock,
        base_url="https://proxy.example.com/twilio/",
    )
    (request,) = recorder.requests
    assert str(request.url) == "https://proxy.example.com/twilio/v1/Compositions/CJ" + "a" * 32
    assert request.headers["User-Agent"].startswith("twilio-compositions-python/")
    assert request.headers["Accept"] == "application/json"
    assert request.headers["Authorization"] == httpx.BasicAuth(ACCOUNT_SID, AUTH_TOKEN)._auth_header


def test_a_callers_http_client_stays_open_and_ours_is_closed() -> None:
    own = httpx.Client()
    with CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, http_client=own):
        pass
    assert not own.is_closed
    own.close()
    client = CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
    with client:
        pass
    assert client._http.is_closed


@pytest.mark.parametrize(
    ("kwargs", "param", "rule"),
    [
        ({"audio_sources": "student*"}, "audio_sources", "must be a list"),
        ({"audio_sources": [1]}, "audio_sources[0]", "must be a string"),
        ({"audio_sources": ["*"], "format": "avi"}, "format", "must be one of 'mp4', 'webm'"),
        (
            {"audio_sources": ["*"], "status_callback_method": "PUT"},
            "status_callback_method",
            "'GET', 'POST'",
        ),
        ({"audio_sources": ["*"], "trim": "yes"}, "trim", "must be a boolean"),
        ({"audio_sources": ["*"], "status_callback": "not a url"}, "status_callback", "absolute URI"),
        (
            {"audio_sources": ["*"], "resolution": "640 x 480"},
            "resolution",
            "must be {width}x{height} in pixels, each side 16 to 1280",
        ),
        ({"video_layout": {}}, "video_layout", "at least 1 entry"),
        ({"video_layout": "grid"}, "video_layout", "VideoLayout or a dict"),
        (
            {"video_layout": {"grid": {"video_sources": []}}},
            "video_layout['grid'].video_sources",
            "at least 1 item",
        ),
        (
            {"video_layout": {"grid": {"video_sources": ["*"], "z_pos": -100}}},
            "video_layout['grid'].z_pos",
            "-99",
        ),
        (
            {"video_layout": {"grid": {"video_sources": ["*"], "reuse": "oldest"}}},
            "video_layout['grid'].reuse",
            "show_oldest",
        ),
        (
            {"video_layout": {"g": {"video_sources": ["*"], "cells_excluded": [1_000_000]}}},
            "video_layout['g'].cells_excluded[0]",
            "999999",
        ),
        ({}, "video_layout/audio_sources", "neither was given"),
        ({"audio_sources": []}, "video_layout/audio_sources", "non-empty audio_sources"),
        ({"audio_sources": ["*"], "resolution": "1280x721"}, "resolution", "at most 921,600"),
    ],
)
def test_bad_arguments_name_the_parameter_and_the_rule(
    make_client: MakeClient, kwargs: dict[str, Any], param: str, rule: str
) -> None:
    client, recorder = make_client()
    with pytest.raises(ValidationError) as caught:
        client.create(room_sid=ROOM_SID, **kwargs)
    assert caught.value.param == param
    assert rule in caught.value.rule
    assert recorder.requests == []


def test_the_low_level_client_sends_basic_auth(fetch_example: dict[str, Any]) -> None:
    from twilio_compositions.api.compositions import fetch_composition

    recorder = Recorder(lambda request: httpx.Response(200, json=fetch_example))
    low = AuthenticatedClient(
        ACCOUNT_SID, AUTH_TOKEN, httpx_args={"transport": httpx.MockTransport(recorder)}
    )
    with low:
        composition = fetch_composition.sync("CJ" + "a" * 32, client=low)
    assert composition.sid == fetch_example["sid"]
    (request,) = recorder.requests
    assert str(request.url) == "https://video.twilio.com/v1/Compositions/CJ" + "a" * 32
    assert request.headers["Authorization"] == httpx.BasicAuth(ACCOUNT_SID, AUTH_TOKEN)._auth_header


def test_the_low_level_client_checks_its_base_url_and_has_a_timeout() -> None:
    with pytest.raises(ValidationError):
        AuthenticatedClient(ACCOUNT_SID, AUTH_TOKEN, base_url="http://video.twilio.com")
    low = AuthenticatedClient(ACCOUNT_SID, AUTH_TOKEN)
    timeout = low.get_httpx_client().timeout
    assert (timeout.connect, timeout.read) == (5.0, 30.0)
    low.get_httpx_client().close()


@pytest.mark.socket_only  # the client's own pool, to the sandbox's real loopback port
def test_loopback_is_never_reached_through_an_environment_proxy(
    monkeypatch: pytest.MonkeyPatch, sandbox: Any
) -> None:
    # A proxy that does not exist: a request that went through it would fail to connect.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    with CompositionsClient(
        account_sid=sandbox.account_sid, auth_token=sandbox.auth_token, base_url=sandbox.url
    ) as client:
        created = client.create(room_sid=ROOM_SID, audio_sources=["*"])
    low = AuthenticatedClient(sandbox.account_sid, sandbox.auth_token, base_url=sandbox.url)
    from twilio_compositions.api.compositions import fetch_composition

    with low:
        assert fetch_composition.sync(created.sid or "", client=low).sid == created.sid
    # Elsewhere the environment is honoured, as users of corporate proxies expect.
    with CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as remote:
        assert remote._http.trust_env
