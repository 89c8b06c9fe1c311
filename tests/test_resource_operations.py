"""list, delete and media_url from the client's side: what is sent, what comes back; sync and async alike."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from twilio_compositions import (
    ApiError,
    Composition,
    CompositionsClient,
    CompositionStatus,
    NotFoundError,
    UnexpectedResponseError,
    ValidationError,
)

from .conftest import ACCOUNT_SID, AUTH_TOKEN, COMPOSITION_SID, EVERY_MODE, ROOM_SID, FakeClock, no_network
from .modes import collect, mode_client, run

REGIONAL = "https://video.dublin.ie1.twilio.com"
TWILIO_NEXT = "https://video.twilio.com/v1/Compositions?PageSize=2&Page=1&PageToken=PTabc"


def page(fetch_example: dict[str, Any], sids: list[str], next_page_url: str | None) -> dict[str, Any]:
    return {
        "compositions": [{**fetch_example, "sid": sid} for sid in sids],
        "meta": {
            "page": 0,
            "page_size": 2,
            "first_page_url": "https://video.twilio.com/v1/Compositions?PageSize=2&Page=0",
            "previous_page_url": None,
            "url": "https://video.twilio.com/v1/Compositions?PageSize=2&Page=0",
            "next_page_url": next_page_url,
            "key": "compositions",
        },
    }


def sid(n: int) -> str:
    return "CJ" + f"{n:032x}"


class Pages:
    """A handler answering the list with the pages given, in order, and recording the requests."""

    def __init__(self, *bodies: dict[str, Any]) -> None:
        self.bodies = list(bodies)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json=self.bodies[len(self.requests) - 1])


def test_list_yields_every_item_of_every_page_asking_its_own_base_url(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any]
) -> None:
    handler = Pages(page(fetch_example, [sid(1), sid(2)], TWILIO_NEXT), page(fetch_example, [sid(3)], None))
    items = run(mode, lambda c: collect(c.list(page_size=2)), clock=clock, handler=handler, base_url=REGIONAL)
    assert [item.sid for item in items] == [sid(1), sid(2), sid(3)]
    assert all(isinstance(item, Composition) for item in items)
    first, second = handler.requests
    assert str(first.url) == f"{REGIONAL}/v1/Compositions?PageSize=2"
    # The next page: Twilio's path and query, but the client's own host, with the credentials.
    assert second.url.host == "video.dublin.ie1.twilio.com"
    assert parse_qsl(second.url.query.decode()) == [("PageSize", "2"), ("Page", "1"), ("PageToken", "PTabc")]
    assert second.url.path == "/v1/Compositions"


def test_list_fetches_a_page_only_when_it_is_needed(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any]
) -> None:
    handler = Pages(page(fetch_example, [sid(1), sid(2)], TWILIO_NEXT), page(fetch_example, [sid(3)], None))
    items = run(mode, lambda c: collect(c.list(), first=2), clock=clock, handler=handler)
    assert len(items) == 2
    assert len(handler.requests) == 1


def test_pages_carry_their_meta(mode: str, clock: FakeClock, fetch_example: dict[str, Any]) -> None:
    handler = Pages(page(fetch_example, [sid(1)], TWILIO_NEXT), page(fetch_example, [], None))
    pages = run(mode, lambda c: collect(c.list(), pages=True), clock=clock, handler=handler)
    assert [p.meta.next_page_url for p in pages] == [TWILIO_NEXT, None]
    assert [len(p.compositions) for p in pages] == [1, 0]


def test_list_sends_the_filters_as_the_api_names_them(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any]
) -> None:
    handler = Pages(page(fetch_example, [], None))
    after = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    before = datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
    run(
        mode,
        lambda c: collect(
            c.list(
                status="completed", room_sid=ROOM_SID, date_created_after=after, date_created_before=before
            )
        ),
        clock=clock,
        handler=handler,
    )
    (request,) = handler.requests
    assert parse_qsl(request.url.query.decode()) == [
        ("Status", "completed"),
        ("DateCreatedAfter", "2026-01-02T01:04:05Z"),  # in UTC
        ("DateCreatedBefore", "2026-02-01T00:00:00Z"),
        ("RoomSid", ROOM_SID),
    ]


def test_an_enum_filter_takes_the_member_too(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any]
) -> None:
    handler = Pages(page(fetch_example, [], None))
    run(mode, lambda c: collect(c.list(status=CompositionStatus.DELETED)), clock=clock, handler=handler)
    assert handler.requests[0].url.params["Status"] == "deleted"


@pytest.mark.parametrize(
    ("kwargs", "param", "words"),
    [
        ({"date_created_after": datetime.datetime(2026, 1, 1)}, "date_created_after", "timezone-aware"),
        ({"date_created_before": "2026-01-01"}, "date_created_before", "datetime"),
        ({"status": "done"}, "status", "must be one of"),
        ({"page_size": 0}, "page_size", "between 1 and 100"),
        ({"page_size": 101}, "page_size", "between 1 and 100"),
        ({"page": -1}, "page", "at least 0"),
        ({"room_sid": "RM123"}, "room_sid", "RM"),
    ],
)
def test_bad_list_arguments_are_refused_when_list_is_called(
    mode: str, clock: FakeClock, kwargs: dict[str, Any], param: str, words: str
) -> None:
    with mode_client(mode, clock=clock, handler=no_network) as api, pytest.raises(ValidationError) as caught:
        api.client.list(**kwargs)  # not even iterated: the pager is never made
    assert caught.value.param == param
    assert words in caught.value.rule


@pytest.mark.parametrize(
    ("next_page_url", "words"),
    [
        ("https://video.twilio.com/v1/Rooms?Page=1", "not on the list's own"),
        ("https://video.twilio.com/v1/Compositions?PageSize=2", "already read"),
    ],
)
def test_a_next_page_elsewhere_or_the_same_is_not_followed(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any], next_page_url: str, words: str
) -> None:
    handler = Pages(page(fetch_example, [sid(1)], next_page_url), page(fetch_example, [], None))

    with (
        mode_client(mode, clock=clock, handler=handler) as api,
        pytest.raises(UnexpectedResponseError) as caught,
    ):
        api.run(lambda c: collect(c.list(page_size=2)))
    assert words in caught.value.message
    assert len(handler.requests) == 1


@pytest.mark.modes(*EVERY_MODE)  # the low-level functions too
def test_delete_sends_delete_and_returns_none(mode: str, clock: FakeClock) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    assert run(mode, lambda c: c.delete(COMPOSITION_SID), clock=clock, handler=handler) is None
    (request,) = seen
    assert (request.method, request.url.path) == ("DELETE", f"/v1/Compositions/{COMPOSITION_SID}")


@pytest.mark.modes(*EVERY_MODE)  # the low-level functions too
def test_deleting_a_failed_composition_is_a_typed_error(mode: str, clock: FakeClock) -> None:
    body = {
        "status": 409,
        "message": "A failed composition cannot be deleted",
        "code": None,
        "more_info": None,
    }

    def call(client: Any) -> Any:
        return client.delete(COMPOSITION_SID)

    with pytest.raises(ApiError) as caught:
        run(mode, call, clock=clock, handler=lambda r: httpx.Response(409, json=body))
    assert (caught.value.status, caught.value.message) == (409, body["message"])


def media_handler(seen: list[httpx.Request], url: str) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(302, headers={"Location": url}, json={"redirect_to": url})

    return handler


@pytest.mark.modes(*EVERY_MODE)  # the low-level functions too
def test_media_url_returns_the_redirect_without_following_it(mode: str, clock: FakeClock) -> None:
    seen: list[httpx.Request] = []
    target = "https://media.example.com/CJ.mp4?Expires=1&Signature=abc"
    url = run(mode, lambda c: c.media_url(COMPOSITION_SID), clock=clock, handler=media_handler(seen, target))
    assert url == target
    (request,) = seen  # not followed
    assert request.url.path == f"/v1/Compositions/{COMPOSITION_SID}/Media"
    assert request.url.query == b""  # Ttl's default (600) is the server's, not sent


def test_media_url_sends_ttl_and_disposition_when_set(mode: str, clock: FakeClock) -> None:
    seen: list[httpx.Request] = []
    run(
        mode,
        lambda c: c.media_url(COMPOSITION_SID, ttl=60, content_disposition="inline"),
        clock=clock,
        handler=media_handler(seen, "https://media.example.com/x"),
    )
    assert parse_qsl(seen[0].url.query.decode()) == [("Ttl", "60"), ("ContentDisposition", "inline")]


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [({"ttl": 0}, "ttl"), ({"ttl": 3601}, "ttl"), ({"content_disposition": "save"}, "content_disposition")],
)
def test_bad_media_arguments_are_refused(
    mode: str, clock: FakeClock, kwargs: dict[str, Any], param: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        run(mode, lambda c: c.media_url(COMPOSITION_SID, **kwargs), clock=clock, handler=no_network)
    assert caught.value.param == param


def test_media_not_yet_available_is_not_found(mode: str, clock: FakeClock) -> None:
    body = {
        "status": 404,
        "message": "not yet",
        "code": 20404,
        "more_info": "https://www.twilio.com/docs/errors/20404",
    }
    with pytest.raises(NotFoundError) as caught:
        run(
            mode,
            lambda c: c.media_url(COMPOSITION_SID),
            clock=clock,
            handler=lambda r: httpx.Response(404, json=body),
        )
    assert caught.value.code == 20404


@pytest.mark.parametrize("body", [{"sid": None}, {}], ids=["null", "missing"])
def test_a_composition_without_its_sid_is_unexpected(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any], body: dict[str, Any]
) -> None:
    answer = {key: value for key, value in fetch_example.items() if key != "sid"} | body
    with pytest.raises(UnexpectedResponseError) as caught:
        run(
            mode,
            lambda c: c.fetch(COMPOSITION_SID),
            clock=clock,
            handler=lambda r: httpx.Response(200, json=answer),
        )
    assert "composition.sid" in str(caught.value)


@pytest.mark.parametrize(
    ("to", "words"),
    [
        ("/nonexistent-dir/out.mp4", "directory that exists"),
        (".", "is a directory"),
        (io.StringIO(), "binary file object"),
        (123, "binary file object"),
    ],
    ids=["missing-dir", "a-dir", "text-file", "number"],
)
def test_download_checks_its_destination_before_anything_is_sent(
    mode: str, clock: FakeClock, to: Any, words: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        run(mode, lambda c: c.download(COMPOSITION_SID, to), clock=clock, handler=no_network)
    assert caught.value.param == "to" and words in caught.value.rule


def test_download_checks_on_progress_before_anything_is_sent(
    mode: str, clock: FakeClock, tmp_path: Any
) -> None:
    with pytest.raises(ValidationError) as caught:
        run(
            mode,
            lambda c: c.download(COMPOSITION_SID, tmp_path / "x", on_progress=5),
            clock=clock,
            handler=no_network,
        )
    assert caught.value.param == "on_progress"


def test_a_callers_client_that_follows_redirects_does_not_follow_the_media_one(
    fetch_example: dict[str, Any],
) -> None:
    seen: list[httpx.Request] = []
    target = "https://media.example.com/CJ.mp4?Expires=1&Signature=abc"
    transport = httpx.MockTransport(media_handler(seen, target))
    with (
        httpx.Client(transport=transport, follow_redirects=True) as http,
        CompositionsClient(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, http_client=http) as client,
    ):
        assert client.media_url(COMPOSITION_SID) == target
    assert [r.url.host for r in seen] == ["video.twilio.com"]  # the storage host was never asked


def test_pages_that_link_in_a_loop_are_refused(
    mode: str, clock: FakeClock, fetch_example: dict[str, Any]
) -> None:
    a = "https://video.twilio.com/v1/Compositions?PageSize=2&Page=0"
    b = "https://video.twilio.com/v1/Compositions?PageSize=2&Page=1&PageToken=PTb"
    handler = Pages(
        page(fetch_example, [sid(1)], b), page(fetch_example, [sid(2)], a), page(fetch_example, [], None)
    )

    with (
        mode_client(mode, clock=clock, handler=handler) as api,
        pytest.raises(UnexpectedResponseError) as caught,
    ):
        api.run(lambda c: collect(c.list(page_size=2, page=0)))
    assert "already read" in caught.value.message
    assert len(handler.requests) == 2


def test_list_checks_its_call_options_when_called(mode: str, clock: FakeClock) -> None:
    with mode_client(mode, clock=clock, handler=no_network) as api, pytest.raises(ValidationError) as caught:
        api.client.list(max_retries=-1)
    assert caught.value.param == "max_retries"


def test_a_page_is_retried_like_a_fetch(mode: str, clock: FakeClock, fetch_example: dict[str, Any]) -> None:
    answers = [
        httpx.Response(503, json={"status": 503, "message": "busy"}),
        httpx.Response(200, json=page(fetch_example, [sid(1)], None)),
    ]
    items = run(mode, lambda c: collect(c.list()), clock=clock, handler=lambda r: answers.pop(0))
    assert [item.sid for item in items] == [sid(1)]
    assert len(clock.sleeps) == 1
