"""The sandbox implements every operation of the spec: list (filters, paging), delete, the media
redirect and its media origin, all routed from the spec's rule tables; answers built from its schemas."""

from __future__ import annotations

import copy
import datetime
import socket
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from twilio_compositions import CompositionsClient
from twilio_compositions._spec_rules import DEFAULT_BASE_URL, OPERATIONS, SCHEMAS
from twilio_compositions._validation import OperationRules
from twilio_compositions.models import Composition, CompositionPage
from twilio_compositions.sandbox import FAILING_ROOM_SID, Sandbox, unimplemented_operations
from twilio_compositions.sandbox._answers import build_answer
from twilio_compositions.sandbox._server import MAX_REQUESTS_KEPT, SandboxServer
from twilio_compositions.sandbox._store import CompositionStore

from .conftest import ROOM_SID, FakeClock, sandbox_http_client

OTHER_ROOM = "RM" + "c" * 32
LIFETIME = 11  # the sandbox fixture: 1 s enqueued, 10 s processing


@pytest.fixture
def api(sandbox: Sandbox) -> Iterator[httpx.Client]:
    """Plain httpx on the sandbox's API, with its credentials."""
    auth = (sandbox.account_sid, sandbox.auth_token)
    with sandbox_http_client(sandbox, base_url=sandbox.url, auth=auth) as client:
        yield client


@pytest.fixture
def plain(sandbox_http: httpx.Client) -> httpx.Client:
    """Plain httpx with no credentials and no redirects followed: what fetches a pre-signed URL."""
    return sandbox_http


def create(api: httpx.Client, room: str = ROOM_SID, **fields: str) -> dict[str, Any]:
    response = api.post("/v1/Compositions", data={"RoomSid": room, "AudioSources": "*", **fields})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def sids(page: dict[str, Any]) -> list[str]:
    return [item["sid"] for item in page["compositions"]]


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


# -- routing ----------------------------------------------------------------------------------------


def test_every_operation_of_the_spec_has_a_handler() -> None:
    assert unimplemented_operations() == []
    assert SandboxServer.unimplemented_operations() == []


def test_an_operation_without_a_handler_is_named_and_answered_501(clock: FakeClock) -> None:
    fake = OperationRules(operation_id="UpdateComposition", method="POST", route="/v1/Compositions/{Sid}")
    operations = {**OPERATIONS, "update_composition": fake}
    assert unimplemented_operations(operations) == ["UpdateComposition"]
    store = CompositionStore(account_sid="AC" + "0" * 32, clock=clock, queue_seconds=1, processing_seconds=1)
    server = SandboxServer(
        ("127.0.0.1", 0), store=store, account_sid="AC" + "0" * 32, auth_token="t", operations=operations
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        response = httpx.post(f"{server.base_url}/v1/Compositions/CJ{'0' * 32}", auth=("AC" + "0" * 32, "t"))
    finally:
        server.stop()
        thread.join()
    assert response.status_code == 501
    assert response.json()["status"] == 501 and "UpdateComposition" in response.json()["message"]


def test_a_wrong_method_is_405_with_the_spec_methods_of_that_path(api: httpx.Client) -> None:
    response = api.put(f"/v1/Compositions/CJ{'0' * 32}")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, DELETE, OPTIONS"
    assert response.json() == {
        "code": None,
        "message": "Method PUT not allowed",
        "more_info": None,
        "status": 405,
    }
    assert api.post(f"/v1/Compositions/CJ{'0' * 32}/Media").headers["Allow"] == "GET, OPTIONS"
    assert api.get("/v1/Rooms").status_code == 404


def test_cors_lists_the_methods_of_the_spec(sandbox: Sandbox, plain: httpx.Client) -> None:
    response = plain.options(f"{sandbox.url}/v1/Compositions")
    assert response.headers["Access-Control-Allow-Methods"] == "GET, POST, DELETE, OPTIONS"


def test_requests_seen_is_bounded(sandbox: Sandbox, api: httpx.Client) -> None:
    assert sandbox.api.requests_seen.maxlen == sandbox.api.requests.maxlen == MAX_REQUESTS_KEPT
    sandbox.api.requests_seen.extend([("GET", "/old")] * MAX_REQUESTS_KEPT)
    api.get("/v1/Compositions")
    seen = sandbox.requests_seen
    assert len(seen) == MAX_REQUESTS_KEPT and seen[-1] == ("GET", "/v1/Compositions")


# -- list ---------------------------------------------------------------------------------------------


def test_paging_follows_next_page_url_path_on_the_sandbox(
    sandbox: Sandbox, api: httpx.Client, clock: FakeClock
) -> None:
    made = [create(api)["sid"] for _ in range(5)]
    page = api.get("/v1/Compositions", params={"PageSize": 2}).json()
    seen, pages = sids(page), [page]
    assert page["meta"]["previous_page_url"] is None
    while page["meta"]["next_page_url"] is not None:
        following = page["meta"]["next_page_url"]
        assert urlsplit(following).netloc == urlsplit(DEFAULT_BASE_URL).netloc
        assert urlsplit(following).netloc != urlsplit(sandbox.url).netloc
        if len(pages) == 1:
            create(api)  # a composition created between pages shifts nothing
        page = api.get(path_and_query(following)).json()
        pages.append(page)
        seen += sids(page)
    assert seen == made[::-1]
    assert [len(p["compositions"]) for p in pages] == [2, 2, 1]
    assert [p["meta"]["page"] for p in pages] == [0, 1, 2]
    last = pages[-1]["meta"]
    assert last["key"] == "compositions" and last["page_size"] == 2
    assert last["first_page_url"] == f"{DEFAULT_BASE_URL}/v1/Compositions?PageSize=2&Page=0"
    assert "PageToken=" in last["url"] and last["previous_page_url"] is not None
    back = api.get(path_and_query(last["previous_page_url"])).json()
    assert sids(back) == sids(pages[1])
    CompositionPage.from_dict(pages[0])  # the answer has the spec's shape


def test_the_client_pages_through_the_sandbox(sandbox_client: CompositionsClient) -> None:
    made = [sandbox_client.create(room_sid=ROOM_SID, audio_sources=["*"]).sid for _ in range(5)]
    assert [c.sid for c in sandbox_client.list(page_size=2)] == made[::-1]
    assert len(list(sandbox_client.list(page_size=2).pages())) == 3


def test_page_size_default_is_the_specs(api: httpx.Client) -> None:
    create(api)
    meta = api.get("/v1/Compositions").json()["meta"]
    assert meta["page_size"] == OPERATIONS["list_composition"].query_defaults["PageSize"]
    assert meta["next_page_url"] is None


def test_filters(api: httpx.Client, clock: FakeClock) -> None:
    first = create(api)
    clock.advance(5)
    second = create(api, OTHER_ROOM)
    clock.advance(LIFETIME)  # both completed now
    third = create(api)
    by_room = api.get("/v1/Compositions", params={"RoomSid": OTHER_ROOM}).json()
    assert sids(by_room) == [second["sid"]]
    by_status = api.get("/v1/Compositions", params={"Status": "completed"}).json()
    assert sids(by_status) == [second["sid"], first["sid"]]
    assert sids(api.get("/v1/Compositions", params={"Status": "enqueued"}).json()) == [third["sid"]]
    cut = second["date_created"]
    after = api.get("/v1/Compositions", params={"DateCreatedAfter": cut}).json()
    assert sids(after) == [third["sid"], second["sid"]]  # on or after
    before = api.get("/v1/Compositions", params={"DateCreatedBefore": cut}).json()
    assert sids(before) == [first["sid"]]  # strictly before
    paged = api.get("/v1/Compositions", params={"RoomSid": ROOM_SID, "PageSize": 1}).json()
    assert f"RoomSid={ROOM_SID}" in paged["meta"]["next_page_url"]  # a filter stays on every page


def test_deleted_compositions_are_listed_only_with_status_deleted(
    api: httpx.Client, clock: FakeClock
) -> None:
    kept, gone = create(api), create(api)
    clock.advance(LIFETIME)
    assert api.delete(f"/v1/Compositions/{gone['sid']}").status_code == 204
    assert sids(api.get("/v1/Compositions").json()) == [kept["sid"]]
    assert sids(api.get("/v1/Compositions", params={"Status": "deleted"}).json()) == [gone["sid"]]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"PageSize": "0"}, "PageSize"),
        ({"PageSize": "101"}, "PageSize"),
        ({"Page": "abc"}, "Page"),
        ({"Page": "-1"}, "Page"),
        ({"Status": "cancelled"}, "Status"),
        ({"RoomSid": "RM123"}, "RoomSid"),
        ({"DateCreatedAfter": "yesterday"}, "DateCreatedAfter"),
        ({"PageToken": "PTCJ" + "0" * 32}, "PageToken"),
    ],
)
def test_bad_query_parameters_are_400_naming_them(
    api: httpx.Client, params: dict[str, str], named: str
) -> None:
    response = api.get("/v1/Compositions", params=params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == 21201 and body["message"].startswith(f"Invalid parameter {named}: ")


def test_unknown_query_parameters_are_ignored(api: httpx.Client) -> None:
    assert api.get("/v1/Compositions", params={"Colour": "blue"}).status_code == 200


# -- delete ---------------------------------------------------------------------------------------------


def test_delete_then_fetch_shows_deleted(api: httpx.Client, clock: FakeClock) -> None:
    sid = create(api)["sid"]
    clock.advance(LIFETIME + 4)
    response = api.delete(f"/v1/Compositions/{sid}")
    assert response.status_code == 204 and response.content == b""
    fetched = api.get(f"/v1/Compositions/{sid}").json()
    assert fetched["status"] == "deleted"
    created = datetime.datetime.fromisoformat(fetched["date_created"])
    assert datetime.datetime.fromisoformat(fetched["date_deleted"]) == created + datetime.timedelta(
        seconds=15
    )
    assert fetched["date_completed"] is not None and fetched["size"] > 0  # its metadata stays
    assert Composition.from_dict(fetched).status == "deleted"


def test_delete_of_a_failed_composition_is_409(api: httpx.Client, clock: FakeClock) -> None:
    sid = create(api, FAILING_ROOM_SID)["sid"]
    clock.advance(LIFETIME)
    response = api.delete(f"/v1/Compositions/{sid}")
    assert response.status_code == 409
    assert response.json() == {
        "code": None,
        "message": "A failed composition cannot be deleted",
        "more_info": None,
        "status": 409,
    }


def test_delete_of_an_unknown_composition_is_404(api: httpx.Client) -> None:
    response = api.delete(f"/v1/Compositions/CJ{'0' * 32}")
    assert response.status_code == 404 and response.json()["code"] == 20404


# -- media ----------------------------------------------------------------------------------------------


def test_media_is_404_until_completed(api: httpx.Client, clock: FakeClock) -> None:
    sid = create(api)["sid"]
    clock.advance(LIFETIME - 1)
    response = api.get(f"/v1/Compositions/{sid}/Media")
    assert response.status_code == 404 and response.json()["status"] == 404


def completed_media(api: httpx.Client, clock: FakeClock, **params: Any) -> tuple[dict[str, Any], str]:
    composition = create(api, Format="mp4")
    clock.advance(LIFETIME)
    response = api.get(f"/v1/Compositions/{composition['sid']}/Media", params=params)
    assert response.status_code == 302, response.text
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Location"] == response.json()["redirect_to"]
    return api.get(f"/v1/Compositions/{composition['sid']}").json(), response.headers["Location"]


def test_media_redirects_to_the_file_on_the_media_origin(
    sandbox: Sandbox, api: httpx.Client, plain: httpx.Client, clock: FakeClock
) -> None:
    composition, url = completed_media(api, clock)
    assert url.startswith(f"{sandbox.media_url}/media/{composition['sid']}.mp4?")
    assert composition["links"]["media"] == f"{sandbox.url}/v1/Compositions/{composition['sid']}/Media"
    response = plain.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "video/mp4"
    assert int(response.headers["Content-Length"]) == composition["size"] == len(response.content)
    assert response.content == sandbox.media_content(composition["sid"])
    assert sandbox.media_requests_seen[-1].status == 200


def test_media_url_expires_after_the_specs_default_ttl(
    sandbox: Sandbox, api: httpx.Client, plain: httpx.Client, clock: FakeClock
) -> None:
    _, url = completed_media(api, clock)
    expires = int(parse_qs(urlsplit(url).query)["Expires"][0])
    ttl = OPERATIONS["fetch_composition_media"].query_defaults["Ttl"]
    assert expires == int(sandbox.store.now_epoch()) + ttl
    clock.advance(ttl - 1)
    assert plain.head(url).status_code == 200
    clock.advance(2)
    assert plain.get(url).status_code == 403
    assert sandbox.media_requests_seen[-1].refused == "expired"


def test_media_ttl_is_checked(api: httpx.Client, clock: FakeClock) -> None:
    sid = create(api)["sid"]
    clock.advance(LIFETIME)
    response = api.get(f"/v1/Compositions/{sid}/Media", params={"Ttl": 3601})
    assert response.status_code == 400 and "Ttl" in response.json()["message"]


def test_media_origin_refuses_credentials(
    sandbox: Sandbox, api: httpx.Client, plain: httpx.Client, clock: FakeClock
) -> None:
    _, url = completed_media(api, clock)
    assert plain.get(url, auth=(sandbox.account_sid, sandbox.auth_token)).status_code == 403
    assert plain.get(url, headers={"Cookie": "session=1"}).status_code == 403
    refused = [r for r in sandbox.media_requests_seen if r.refused == "credentials"]
    assert len(refused) == 2 and all(r.credentials and r.status == 403 for r in refused)


def test_media_origin_refuses_a_tampered_signature(
    sandbox: Sandbox, api: httpx.Client, plain: httpx.Client, clock: FakeClock
) -> None:
    _, url = completed_media(api, clock)
    signature = parse_qs(urlsplit(url).query)["Signature"][0]
    tampered = url.replace(signature, ("0" if signature[0] != "0" else "1") + signature[1:])
    assert plain.get(tampered).status_code == 403
    expires = parse_qs(urlsplit(url).query)["Expires"][0]
    assert plain.get(url.replace(f"Expires={expires}", f"Expires={int(expires) + 9999}")).status_code == 403
    assert [r.refused for r in sandbox.media_requests_seen] == ["signature", "signature"]


def test_media_of_a_deleted_composition_is_gone(
    api: httpx.Client, plain: httpx.Client, clock: FakeClock
) -> None:
    composition, url = completed_media(api, clock)
    assert api.delete(f"/v1/Compositions/{composition['sid']}").status_code == 204
    assert api.get(f"/v1/Compositions/{composition['sid']}/Media").status_code == 404
    assert plain.get(url).status_code == 404


def test_media_ranges(sandbox: Sandbox, api: httpx.Client, plain: httpx.Client, clock: FakeClock) -> None:
    composition, url = completed_media(api, clock)
    sid, size = composition["sid"], composition["size"]
    response = plain.get(url, headers={"Range": "bytes=1000-"})
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes 1000-{size - 1}/{size}"
    assert response.content == sandbox.media_content(sid, 1000)
    assert plain.get(url, headers={"Range": "bytes=10-19"}).content == sandbox.media_content(sid, 10, 20)
    assert plain.get(url, headers={"Range": f"bytes={size}-"}).status_code == 416


def test_media_size_is_configurable(clock: FakeClock, sandbox_mode: str) -> None:
    in_process = sandbox_mode == "in-process"
    with (
        Sandbox(
            queue_seconds=1, processing_seconds=1, clock=clock, media_bytes=200_000, in_process=in_process
        ) as sandbox,
        sandbox_http_client(
            sandbox, base_url=sandbox.url, auth=(sandbox.account_sid, sandbox.auth_token)
        ) as api,
        sandbox_http_client(sandbox) as plain,
    ):
        sid = create(api)["sid"]
        clock.advance(2)
        assert api.get(f"/v1/Compositions/{sid}").json()["size"] == 200_000
        url = api.get(f"/v1/Compositions/{sid}/Media").headers["Location"]
        with plain.stream("GET", url) as response:
            assert response.headers["Content-Type"] == "video/webm"
            assert sum(len(chunk) for chunk in response.iter_bytes()) == 200_000


def test_the_client_reads_the_media_url(sandbox_client: CompositionsClient, clock: FakeClock) -> None:
    sid = sandbox_client.create(room_sid=ROOM_SID, audio_sources=["*"]).sid
    clock.advance(LIFETIME)
    assert "/media/" in sandbox_client.media_url(sid, ttl=60)


# -- answers from the schemas -----------------------------------------------------------------------------


def test_the_answer_builder_sends_every_property_of_the_schema() -> None:
    schema = copy.deepcopy(SCHEMAS["Composition"])
    schema["properties"].update(
        {
            "new_string": {"type": "string"},
            "new_integer": {"type": "integer"},
            "new_bounded": {"type": "integer", "minimum": 5},
            "new_boolean": {"type": "boolean"},
            "new_array": {"type": "array", "items": {"type": "string"}},
            "new_object": {"type": "object", "properties": {"inner": {"type": "string"}}},
            "new_nullable": {"type": ["string", "null"]},
            "new_any_of": {"anyOf": [{"type": "object"}, {"type": "null"}]},
            "new_enum": {"type": "string", "enum": ["first", "second"]},
            "new_default": {"type": "integer", "default": 7},
        }
    )
    answer = build_answer(schema, {"sid": "CJ" + "1" * 32, "not_in_the_schema": 1})
    assert list(answer) == list(schema["properties"])
    assert answer["sid"] == "CJ" + "1" * 32 and "not_in_the_schema" not in answer
    assert {name: answer[name] for name in answer if name.startswith("new_")} == {
        "new_string": "",
        "new_integer": 0,
        "new_bounded": 5,
        "new_boolean": False,
        "new_array": [],
        "new_object": {"inner": ""},
        "new_nullable": None,
        "new_any_of": None,
        "new_enum": "first",
        "new_default": 7,
    }
    assert answer["bitrate"] == 0 and answer["status"] == "enqueued"  # not nullable: an empty value


def test_what_the_sandbox_knows_is_all_in_the_schema(sandbox: Sandbox, api: httpx.Client) -> None:
    record = sandbox.store.get(create(api)["sid"])
    assert record is not None
    known = sandbox.store.known_values(record, sandbox.url)
    assert set(known) <= set(SCHEMAS["Composition"]["properties"])  # a typo here would vanish otherwise


def test_a_property_added_to_the_spec_is_sent(monkeypatch: pytest.MonkeyPatch, api: httpx.Client) -> None:
    schema = OPERATIONS["create_composition"].responses[201]
    widened = {**schema, "properties": {**schema["properties"], "region_name": {"type": "string"}}}
    monkeypatch.setitem(OPERATIONS["create_composition"].responses, 201, widened)
    assert create(api)["region_name"] == ""


@pytest.mark.socket_only
def test_connection_close_is_honoured_on_a_get(sandbox: Sandbox) -> None:
    basic = httpx.BasicAuth(sandbox.account_sid, sandbox.auth_token)._auth_header
    request = (
        f"GET /v1/Compositions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {basic}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", sandbox.port), timeout=5) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):  # ends only when the sandbox closes the connection
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200 ")


def test_every_list_filter_of_the_spec_is_implemented() -> None:
    from twilio_compositions.sandbox._listing import IMPLEMENTED_FILTERS
    from twilio_compositions.sandbox._spec import FILTERS

    assert sorted(IMPLEMENTED_FILTERS) == sorted(FILTERS)
