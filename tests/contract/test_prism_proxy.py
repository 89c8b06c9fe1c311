"""Contract layer 2: the client and the sandbox talk through `prism proxy --errors`.

Prism validates each request as in the mock tests (a request breaking the spec gets 422 and never
reaches the sandbox) and each answer of the sandbox against the spec: status code documented, content
type, body schema (Composition or TwilioErrorBody) and the documented headers (CORS); an answer
breaking it becomes a 500 with the violations. On top, sl-violations must be absent: Prism also
reports warnings there without failing the request.

Every operation of the spec goes through the proxy (FLOW_COVERS): list follows next_page_url (written on
the real API's host) by asking the proxy; the media 302 is validated and handed over unfollowed (see
prism_no_redirects.cjs), and the file is downloaded from the sandbox's media origin directly.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from twilio_compositions import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    Composition,
    CompositionsClient,
    CompositionStatus,
    NotFoundError,
)
from twilio_compositions._spec_rules import OPERATIONS
from twilio_compositions.sandbox import FAILING_ROOM_SID, Sandbox

from ..conftest import COMPOSITION_SID, ROOM_SID, FakeClock
from ._prism import Prism
from .conftest import Exchanges
from .test_prism_mock import FULL
from .wire_checks import create_form_problems

# Prism and Schemathesis reach the sandbox over TCP.
pytestmark = pytest.mark.socket_only

MakeHttp = Callable[..., tuple[httpx.Client, Exchanges]]


def proxied_client(
    prism: Prism, sandbox: Sandbox, make_http: MakeHttp, auth_token: str | None = None
) -> tuple[CompositionsClient, Exchanges]:
    http, exchanges = make_http()
    client = CompositionsClient(
        account_sid=sandbox.account_sid,
        auth_token=auth_token or sandbox.auth_token,
        base_url=prism.url,
        http_client=http,
    )
    return client, exchanges


def assert_all_valid(exchanges: Exchanges) -> None:
    """Prism found nothing to say about any request or answer."""
    for response in exchanges.responses:
        violations = response.headers.get("sl-violations")
        assert violations is None, f"{response.request.method} {response.request.url.path}: {violations}"
        if response.status_code == 204:  # no content, and no content type
            assert response.content == b"" and "content-type" not in response.headers, response.headers
        else:
            assert response.headers["content-type"] == "application/json", response.text


def checked(call: Callable[[], Composition], exchanges: Exchanges) -> Composition:
    try:
        return call()
    except ApiError as error:
        violations = exchanges.responses[-1].headers.get("sl-violations", "(none given)")
        pytest.fail(f"refused through Prism: {error}; violations: {violations}")


def test_create_fetch_completed_through_the_proxy(
    prism_proxy: Prism,
    sandbox: Sandbox,
    clock: FakeClock,
    recording_http: MakeHttp,
    spec: dict[str, Any],
) -> None:
    client, exchanges = proxied_client(prism_proxy, sandbox, recording_http)
    created = checked(lambda: client.create(**FULL), exchanges)
    assert created.status is CompositionStatus.ENQUEUED
    assert created.sid is not None and sandbox.store.get(created.sid) is not None  # it did reach the sandbox

    sid = created.sid
    seen: list[CompositionStatus] = [created.status]
    for step in (1, 10):  # the sandbox fixture: queue_seconds=1, processing_seconds=10
        clock.advance(step)
        seen.append(checked(lambda: client.fetch(sid), exchanges).status)
    assert seen == [CompositionStatus.ENQUEUED, CompositionStatus.PROCESSING, CompositionStatus.COMPLETED]

    done = client.fetch(created.sid)
    assert done.duration > 0 and done.size and done.links and done.links.media
    assert (done.format, done.resolution, done.trim) == ("mp4", "1280x720", False)

    assert [r.status_code for r in exchanges.responses] == [201, 200, 200, 200]
    assert_all_valid(exchanges)
    assert create_form_problems(spec, exchanges.requests[0].content) == []


def test_an_audio_only_composition_through_the_proxy(
    prism_proxy: Prism, sandbox: Sandbox, recording_http: MakeHttp
) -> None:
    """The smallest request; the sandbox fills in the spec's defaults, which Prism checks in the answer."""
    client, exchanges = proxied_client(prism_proxy, sandbox, recording_http)
    created = checked(lambda: client.create(room_sid=ROOM_SID, audio_sources=["*"]), exchanges)
    assert created.video_layout is None and created.resolution == "640x480"
    assert_all_valid(exchanges)


def test_the_sandbox_errors_follow_the_spec_through_the_proxy(
    prism_proxy: Prism, sandbox: Sandbox, recording_http: MakeHttp
) -> None:
    """Requests valid by the schema that the sandbox refuses: its error answers are validated too."""
    client, exchanges = proxied_client(prism_proxy, sandbox, recording_http)
    with pytest.raises(NotFoundError) as not_found:
        client.fetch(COMPOSITION_SID)  # a well-formed SID nobody created
    assert not_found.value.code == 20404
    # The client would not send this one (it checks the API's prose rules too): raw httpx sends it.
    http, raw_exchanges = recording_http(auth=(sandbox.account_sid, sandbox.auth_token))
    refused = http.post(
        f"{prism_proxy.url}/v1/Compositions",
        data={"RoomSid": ROOM_SID, "Resolution": "1280x1280"},  # neither layout nor audio; too many pixels
    )
    assert refused.status_code == 400 and refused.json()["code"] == 21201

    wrong, wrong_exchanges = proxied_client(prism_proxy, sandbox, recording_http, auth_token="not-the-token")
    with pytest.raises(AuthenticationError):
        wrong.fetch(COMPOSITION_SID)

    everything = exchanges.responses + raw_exchanges.responses + wrong_exchanges.responses
    assert [r.status_code for r in everything] == [404, 400, 401]
    for answers in (exchanges, raw_exchanges, wrong_exchanges):
        assert_all_valid(answers)


# -- every operation of the spec, through the proxy --------------------------------------------------
# The operations the flows below exchange through Prism. test_the_flows_cover_every_operation fails when
# the spec gains an operation that is not in this set, and each flow asserts that the operations it
# really sent through the proxy are the ones it claims, so the set cannot say more than was done.
FLOW_COVERS = {
    "CreateComposition",
    "FetchComposition",
    "ListComposition",
    "FetchCompositionMedia",
    "DeleteComposition",
}
_ROUTES = [
    (re.compile(re.sub(r"\{[^/}]+\}", "[^/]+", rules.route)), rules.method.upper(), rules.operation_id)
    for rules in OPERATIONS.values()
]


def operations_sent(*exchanges: Exchanges) -> set[str]:
    """The operationIds of the requests sent (to Prism, or anywhere), by path template and method."""
    found = set()
    for recorded in exchanges:
        for request in recorded.requests:
            found |= {
                operation_id
                for pattern, method, operation_id in _ROUTES
                if method == request.method and pattern.fullmatch(request.url.path)
            }
    return found


def test_the_flows_cover_every_operation() -> None:
    assert {rules.operation_id for rules in OPERATIONS.values()} == FLOW_COVERS


def assert_all_through_prism(prism: Prism, *exchanges: Exchanges) -> None:
    for recorded in exchanges:
        for request in recorded.requests:
            assert (request.url.host, request.url.port) == ("127.0.0.1", prism.port), request.url


def test_every_operation_through_the_proxy(
    prism_proxy: Prism, sandbox: Sandbox, clock: FakeClock, recording_http: MakeHttp, tmp_path: Path
) -> None:
    """create -> completed -> fetch -> list (one page, then page by page) -> media URL -> download from
    the media origin -> delete -> fetch and list it as deleted, every answer validated by Prism."""
    client, exchanges = proxied_client(prism_proxy, sandbox, recording_http)
    created = checked(lambda: client.create(room_sid=ROOM_SID, audio_sources=["*"]), exchanges)
    sid = created.sid
    assert sid is not None
    clock.advance(11)  # the sandbox fixture: queue_seconds=1, processing_seconds=10
    assert checked(lambda: client.fetch(sid), exchanges).status is CompositionStatus.COMPLETED
    created_at = created.date_created
    assert created_at is not None
    listed = client.list(
        room_sid=ROOM_SID,
        status="completed",
        date_created_after=created_at,  # on or after
        date_created_before=created_at + datetime.timedelta(seconds=1),
    )
    assert [c.sid for c in listed] == [sid]
    assert [c.sid for c in client.list(date_created_before=created_at)] == []

    # Three more, then a page of one at a time: the client follows each next_page_url, which the
    # sandbox writes on https://video.twilio.com, by asking the proxy for its path and query.
    others = [client.create(room_sid=ROOM_SID, audio_sources=["*"]).sid for _ in range(3)]
    pages = list(client.list(room_sid=ROOM_SID, page_size=1).pages())
    assert [[c.sid for c in page.compositions] for page in pages] == [[s] for s in [*others[::-1], sid]]
    first_next = pages[0].meta.next_page_url
    assert first_next is not None and first_next.startswith("https://video.twilio.com/v1/Compositions?")
    assert pages[-1].meta.next_page_url is None
    page_requests = [r for r in exchanges.requests if r.url.params.get("PageSize") == "1"]
    assert [r.url.path for r in page_requests] == ["/v1/Compositions"] * 4
    assert ["PageToken" in r.url.params for r in page_requests] == [False, True, True, True]

    # The media URL: Prism validates the 302 (Location, body) and hands it over unfollowed.
    url = client.media_url(sid, ttl=60)
    media_answer = exchanges.responses[-1]
    assert media_answer.status_code == 302 and media_answer.headers["Location"] == url
    assert url.startswith(f"{sandbox.media_url}/media/{sid}.")
    assert sandbox.media_requests_seen == []  # nobody followed it yet: neither Prism nor the client
    # The download goes to the media origin itself, not through Prism, and carries no credentials.
    with client:  # the client's own pool for media hosts, closed with it
        size = client.download(sid, tmp_path / "media.webm")
    assert (tmp_path / "media.webm").read_bytes() == sandbox.media_content(sid)
    assert size == sandbox.store.media_bytes
    assert [(r.status, r.refused, r.credentials) for r in sandbox.media_requests_seen] == [(200, None, False)]

    client.delete(sid)
    assert exchanges.responses[-1].status_code == 204
    gone = checked(lambda: client.fetch(sid), exchanges)
    assert gone.status is CompositionStatus.DELETED and gone.date_deleted is not None
    assert sid not in {c.sid for c in client.list(room_sid=ROOM_SID)}
    assert [c.sid for c in client.list(status="deleted")] == [sid]
    with pytest.raises(NotFoundError):
        client.media_url(sid)  # its media is gone

    assert_all_valid(exchanges)
    assert_all_through_prism(prism_proxy, exchanges)
    assert operations_sent(exchanges) == FLOW_COVERS


def test_the_errors_of_the_new_operations_through_the_proxy(
    prism_proxy: Prism, sandbox: Sandbox, clock: FakeClock, recording_http: MakeHttp
) -> None:
    """A failed composition cannot be deleted (409); no media before completed (404); a list query
    valid by the schema but pointing nowhere (400); all as the spec documents them."""
    client, exchanges = proxied_client(prism_proxy, sandbox, recording_http)
    failing = checked(lambda: client.create(room_sid=FAILING_ROOM_SID, audio_sources=["*"]), exchanges)
    pending = checked(lambda: client.create(room_sid=ROOM_SID, audio_sources=["*"]), exchanges)
    assert failing.sid is not None and pending.sid is not None
    with pytest.raises(NotFoundError):
        client.media_url(pending.sid)  # enqueued: no media yet
    clock.advance(11)
    assert client.fetch(failing.sid).status is CompositionStatus.FAILED
    with pytest.raises(ApiError) as conflict:
        client.delete(failing.sid)
    assert (conflict.value.status, conflict.value.message) == (409, "A failed composition cannot be deleted")
    with pytest.raises(NotFoundError):
        client.media_url(failing.sid)  # failed: no media ever
    with pytest.raises(NotFoundError):
        client.delete(COMPOSITION_SID)
    with pytest.raises(BadRequestError) as bad_token:
        next(iter(client.list(page_token="PTnowhere").pages()))
    assert bad_token.value.code == 21201 and "PageToken" in bad_token.value.message

    statuses = [r.status_code for r in exchanges.responses]
    assert statuses == [201, 201, 404, 200, 409, 404, 404, 400]
    assert_all_valid(exchanges)
    assert operations_sent(exchanges) == {
        "CreateComposition",
        "FetchComposition",
        "FetchCompositionMedia",
        "DeleteComposition",
        "ListComposition",
    }
