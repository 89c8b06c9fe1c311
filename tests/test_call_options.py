"""Per-call timeout= and max_retries=: left out (CLIENT_DEFAULT), the client's; given, that value;
timeout=None, no timeout at all, as in httpx. Every method that takes them, sync and async alike.

What a request was given is what httpx hands the transport: `request.extensions["timeout"]`.
"""

from __future__ import annotations

import copy
import io
import pickle
from typing import Any

import httpx
import pytest
import twilio_compositions
from twilio_compositions import (
    CLIENT_DEFAULT,
    ClientDefault,
    ServerError,
    ValidationError,
)

from .conftest import COMPOSITION_SID, FakeClock, no_network
from .modes import collect, run

CLIENTS = {"connect": 7.0, "read": 7.0, "write": 7.0, "pool": 7.0}
GIVEN = {"connect": 1.0, "read": 3.0, "write": 3.0, "pool": 3.0}
NONE = {"connect": None, "read": None, "write": None, "pool": None}
MEDIA = "https://media.example.com/CJ.mp4?Expires=1&Signature=abc"

# (per-call kwargs, the timeout the request must carry), with a client made with timeout=7.
CASES = [
    ({}, CLIENTS),
    ({"timeout": CLIENT_DEFAULT}, CLIENTS),
    ({"timeout": httpx.Timeout(3, connect=1)}, GIVEN),
    ({"timeout": None}, NONE),
]


class Recorder:
    """Answers the API (a composition, a page, a media redirect) and the storage host, recording each."""

    def __init__(self, fetch_example: dict[str, Any], status: int = 200) -> None:
        self.fetch_example = fetch_example
        self.status = status
        self.requests: list[httpx.Request] = []

    @property
    def timeouts(self) -> list[Any]:
        return [request.extensions["timeout"] for request in self.requests]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.status != 200:
            return httpx.Response(self.status, json={"status": self.status, "message": "down"})
        if request.url.host == "media.example.com":
            return httpx.Response(200, content=b"video")
        if request.url.path.endswith("/Media"):
            return httpx.Response(302, headers={"Location": MEDIA}, json={"redirect_to": MEDIA})
        if request.url.path == "/v1/Compositions":
            url = "https://video.twilio.com/v1/Compositions"
            meta: dict[str, Any] = {"page": 0, "page_size": 50, "url": url, "key": "compositions"}
            meta |= dict.fromkeys(("first_page_url", "previous_page_url", "next_page_url"))
            return httpx.Response(200, json={"compositions": [self.fetch_example], "meta": meta})
        return httpx.Response(200, json=self.fetch_example)


@pytest.mark.parametrize(("kwargs", "expected"), CASES)
def test_fetch_delete_and_media_url_take_the_clients_timeout_unless_given_one(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any], kwargs: dict[str, Any], expected: Any
) -> None:
    handler = Recorder(fetch_example)
    for call in (
        lambda c: c.fetch(COMPOSITION_SID, **kwargs),
        lambda c: c.media_url(COMPOSITION_SID, **kwargs),
    ):
        run(mode, call, clock=clock, handler=handler, timeout=7)
    assert handler.timeouts == [expected, expected]


@pytest.mark.parametrize(("kwargs", "expected"), CASES)
def test_every_page_of_a_list_takes_the_lists_timeout(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any], kwargs: dict[str, Any], expected: Any
) -> None:
    handler = Recorder(fetch_example)
    items = run(mode, lambda c: collect(c.list(**kwargs)), clock=clock, handler=handler, timeout=7)
    assert len(items) == 1
    assert handler.timeouts == [expected]


@pytest.mark.parametrize(("kwargs", "expected"), CASES)
def test_a_download_takes_its_timeout_for_the_url_and_for_the_transfer(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any], kwargs: dict[str, Any], expected: Any
) -> None:
    handler = Recorder(fetch_example)
    size = run(
        mode,
        lambda c: c.download(COMPOSITION_SID, io.BytesIO(), **kwargs),
        clock=clock,
        handler=handler,
        media_handler=handler,  # the storage host too: downloads use a client of their own
        timeout=7,
    )
    assert size == len(b"video")
    assert [r.url.host for r in handler.requests] == ["video.twilio.com", "media.example.com"]
    assert handler.timeouts == [expected, expected]


def test_a_client_made_with_timeout_none_has_no_timeout(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any]
) -> None:
    handler = Recorder(fetch_example)
    run(mode, lambda c: c.fetch(COMPOSITION_SID), clock=clock, handler=handler, timeout=None)
    run(mode, lambda c: c.fetch(COMPOSITION_SID, timeout=7), clock=clock, handler=handler, timeout=None)
    assert handler.timeouts == [NONE, CLIENTS]


@pytest.mark.parametrize(
    ("kwargs", "attempts"), [({}, 3), ({"max_retries": CLIENT_DEFAULT}, 3), ({"max_retries": 0}, 1)]
)
def test_max_retries_is_the_clients_unless_given(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any], kwargs: dict[str, Any], attempts: int
) -> None:
    handler = Recorder(fetch_example, status=503)
    with pytest.raises(ServerError):
        run(mode, lambda c: c.fetch(COMPOSITION_SID, **kwargs), clock=clock, handler=handler, max_retries=2)
    assert len(handler.requests) == attempts


def test_max_retries_none_is_refused_before_sending(mode: str, clock: FakeClock) -> None:
    # None is no number of retries; "the client's" is CLIENT_DEFAULT, the default.
    with pytest.raises(ValidationError) as caught:
        run(mode, lambda c: c.fetch(COMPOSITION_SID, max_retries=None), clock=clock, handler=no_network)
    assert caught.value.param == "max_retries"


def test_client_default_is_one_value_exported_from_the_package() -> None:
    assert "CLIENT_DEFAULT" in twilio_compositions.__all__
    assert ClientDefault() is CLIENT_DEFAULT
    assert pickle.loads(pickle.dumps(CLIENT_DEFAULT)) is CLIENT_DEFAULT
    assert copy.deepcopy(CLIENT_DEFAULT) is CLIENT_DEFAULT
    assert repr(CLIENT_DEFAULT) == "CLIENT_DEFAULT"
