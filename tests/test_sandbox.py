"""End to end against the sandbox: a real HTTP server on 127.0.0.1, on a fake clock."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
from typing import Any

import httpx
import pytest
from twilio_compositions import (
    ApiConnectionError,
    AuthenticationError,
    BadRequestError,
    CompositionsClient,
    CompositionStatus,
    CreateCompositionRequest,
    NotFoundError,
    VideoLayout,
)
from twilio_compositions.sandbox import Sandbox

from .conftest import ROOM_SID, FakeClock, sandbox_http_client


def test_create_fetch_completed(
    sandbox: Sandbox, sandbox_client: CompositionsClient, clock: FakeClock
) -> None:
    created = sandbox_client.create(
        room_sid=ROOM_SID,
        video_layout={"grid": {"video_sources": ["*"]}},
        audio_sources=["student*"],
        resolution="1280x720",
        format="mp4",
        trim=False,
    )
    assert created.status is CompositionStatus.ENQUEUED
    assert created.sid and created.sid.startswith("CJ")
    assert created.account_sid == sandbox.account_sid
    assert created.room_sid == ROOM_SID
    assert created.date_completed is None
    assert created.url == f"{sandbox.url}/v1/Compositions/{created.sid}"

    clock.advance(1)  # queue_seconds=1
    assert sandbox_client.fetch(created.sid).status is CompositionStatus.PROCESSING
    clock.advance(10)  # processing_seconds=10
    done = sandbox_client.fetch(created.sid)
    assert done.status == "completed"
    assert done.date_created == created.date_created
    assert done.date_completed is not None and done.date_created is not None
    assert (done.date_completed - done.date_created).total_seconds() == 11
    assert done.duration > 0 and done.size and done.bitrate > 0
    assert done.links and done.links.media == f"{done.url}/Media"
    # What was asked for is echoed, layout regions with every property filled in as Twilio does.
    assert (done.format, done.resolution, done.trim, done.audio_sources) == (
        "mp4",
        "1280x720",
        False,
        ["student*"],
    )
    assert isinstance(done.video_layout, VideoLayout)
    grid = done.video_layout["grid"]
    assert (grid.video_sources, grid.z_pos, grid.max_rows, grid.reuse) == (["*"], 0, 0, "show_oldest")


def test_defaults_of_an_audio_only_composition(sandbox_client: CompositionsClient) -> None:
    created = sandbox_client.create(room_sid=ROOM_SID, audio_sources=["*"])
    assert (created.format, created.resolution, created.trim) == ("webm", "640x480", True)
    assert created.video_layout is None
    assert created.status_callback is None and created.status_callback_method is None


def test_the_sandbox_answers_follow_the_spec(
    sandbox: Sandbox, sandbox_client: CompositionsClient, sandbox_http: httpx.Client, spec: dict[str, Any]
) -> None:
    from .test_spec import schema_validator

    created = sandbox_client.create(
        room_sid=ROOM_SID,
        video_layout={"g": {"video_sources": ["*"]}},
        status_callback="https://example.com/cb",
    )
    raw = sandbox_http.get(
        f"{sandbox.url}/v1/Compositions/{created.sid}", auth=(sandbox.account_sid, sandbox.auth_token)
    )
    assert raw.status_code == 200
    schema_validator(spec, "Composition").validate(raw.json())
    for header in (
        "Access-Control-Allow-Origin",
        "Access-Control-Allow-Methods",
        "Access-Control-Allow-Headers",
    ):
        assert header in raw.headers


def test_wrong_credentials_get_401(sandbox: Sandbox, sandbox_http: httpx.Client) -> None:
    for auth in [(sandbox.account_sid, "wrong"), ("AC" + "0" * 32, sandbox.auth_token)]:
        with sandbox.client(account_sid=auth[0], auth_token=auth[1]) as client:
            with pytest.raises(AuthenticationError) as caught:
                client.fetch("CJ" + "0" * 32)
            assert (caught.value.status, caught.value.code) == (401, 20003)
    assert sandbox_http.get(f"{sandbox.url}/v1/Compositions/CJ{'0' * 32}").status_code == 401


def test_an_unknown_sid_gets_404(sandbox_client: CompositionsClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        sandbox_client.fetch("CJ" + "0" * 32)
    assert caught.value.code == 20404


@pytest.mark.parametrize(
    ("form", "param"),
    [
        ({"AudioSources": "*"}, "RoomSid"),
        ({"RoomSid": "RM123", "AudioSources": "*"}, "RoomSid"),
        ({"RoomSid": ROOM_SID}, "VideoLayout/AudioSources"),
        ({"RoomSid": ROOM_SID, "VideoLayout": "{'grid': {'video_sources': ['*']}}"}, "VideoLayout"),
        ({"RoomSid": ROOM_SID, "VideoLayout": '{"grid": {}}'}, "VideoLayout['grid'].video_sources"),
        ({"RoomSid": ROOM_SID, "AudioSources": "*", "Trim": "False!"}, "Trim"),
        ({"RoomSid": ROOM_SID, "AudioSources": "*", "Format": "avi"}, "Format"),
        ({"RoomSid": ROOM_SID, "AudioSources": "*", "Resolution": "1280x1280"}, "Resolution"),
    ],
)
def test_bad_requests_get_400_naming_the_parameter(
    sandbox: Sandbox, sandbox_http: httpx.Client, form: dict[str, str], param: str
) -> None:
    """Sent raw, past the client's own checks, as another client (or a broken encoder) would."""
    response = sandbox_http.post(
        f"{sandbox.url}/v1/Compositions", data=form, auth=(sandbox.account_sid, sandbox.auth_token)
    )
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["code"] == 21201
    assert body["more_info"] == "https://www.twilio.com/docs/errors/21201"
    assert body["message"].startswith(f"Invalid parameter {param}: ")
    assert len(sandbox.store) == 0


def test_a_400_from_the_server_is_a_bad_request_error(sandbox: Sandbox) -> None:
    # The client would refuse this itself; the low-level model lets it through to show the server's side.
    from twilio_compositions.api.compositions import create_composition
    from twilio_compositions.client import AuthenticatedClient

    transport = {"transport": sandbox.transport()} if sandbox.in_process else {}
    low = AuthenticatedClient(
        sandbox.account_sid, sandbox.auth_token, base_url=sandbox.url, httpx_args=transport
    )
    request = create_composition._get_kwargs(
        body=CreateCompositionRequest(room_sid=ROOM_SID, audio_sources=["*"])
    )
    request["content"] = request["content"].replace(b"AudioSources=%2A", b"Format=avi")
    with low:
        response = low.get_httpx_client().request(**request)
    with pytest.raises(BadRequestError) as caught:
        create_composition._parse_response(response=response)
    assert "Format" in caught.value.message


def test_json_bodies_are_refused(sandbox: Sandbox, sandbox_http: httpx.Client) -> None:
    response = sandbox_http.post(
        f"{sandbox.url}/v1/Compositions",
        json={"RoomSid": ROOM_SID, "AudioSources": ["*"]},
        auth=(sandbox.account_sid, sandbox.auth_token),
    )
    assert response.status_code == 400
    assert "x-www-form-urlencoded" in response.json()["message"]


def raw_request(sandbox: Sandbox, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> int:
    """Send bytes as they are: httpx would normalise the path (../) and add its own framing headers."""
    connection = http.client.HTTPConnection("127.0.0.1", sandbox.port, timeout=10)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders(body or None)
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.socket_only  # paths as sent, which httpx would normalise
def test_unknown_paths_sent_raw(sandbox: Sandbox) -> None:
    basic = {"Authorization": httpx.BasicAuth(sandbox.account_sid, sandbox.auth_token)._auth_header}
    assert raw_request(sandbox, "GET", f"/v1/Compositions/../Compositions/CJ{'0' * 32}", basic) == 404
    assert raw_request(sandbox, "GET", "/v1/Compositions/CJ%2F..%2FRooms", basic) == 404


def test_unknown_paths_and_methods(sandbox: Sandbox, sandbox_http: httpx.Client) -> None:
    auth = (sandbox.account_sid, sandbox.auth_token)
    http = sandbox_http
    assert http.get(f"{sandbox.url}/v1/Rooms", auth=auth).status_code == 404
    assert http.get(f"{sandbox.url}/v1/Compositions/CJ%2F..%2FRooms", auth=auth).status_code == 404
    # DELETE is an operation of the spec now (404 for an unknown SID); PUT is not one on any path
    assert http.delete(f"{sandbox.url}/v1/Compositions/CJ{'0' * 32}", auth=auth).status_code == 404
    assert http.put(f"{sandbox.url}/v1/Compositions/CJ{'0' * 32}", auth=auth).status_code == 405
    assert http.head(f"{sandbox.url}/v1/Compositions", auth=auth).status_code == 405


@pytest.mark.socket_only  # the framing as sent
def test_a_body_without_content_length_gets_411(sandbox: Sandbox) -> None:
    headers = {
        "Authorization": httpx.BasicAuth(sandbox.account_sid, sandbox.auth_token)._auth_header,
        "Content-Type": "application/x-www-form-urlencoded",
        "Transfer-Encoding": "chunked",
    }
    body = f"RoomSid={ROOM_SID}&AudioSources=*".encode()
    chunked = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    assert raw_request(sandbox, "POST", "/v1/Compositions", headers, chunked) == 411
    assert len(sandbox.store) == 0


def test_a_chunked_body_gets_411(sandbox: Sandbox, sandbox_http: httpx.Client) -> None:
    body = f"RoomSid={ROOM_SID}&AudioSources=*".encode()
    response = sandbox_http.post(
        f"{sandbox.url}/v1/Compositions",
        content=iter([body]),  # no length known: httpx sends it chunked
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        auth=(sandbox.account_sid, sandbox.auth_token),
    )
    assert response.status_code == 411 and response.json()["status"] == 411
    assert len(sandbox.store) == 0


def test_a_cors_preflight_is_answered(sandbox: Sandbox, sandbox_http: httpx.Client) -> None:
    response = sandbox_http.options(f"{sandbox.url}/v1/Compositions")
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]


def test_the_sandbox_stops_and_frees_its_port(clock: FakeClock) -> None:
    sandbox = Sandbox(clock=clock).start()
    url = sandbox.url
    sandbox.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=2)
    with pytest.raises(RuntimeError):
        _ = sandbox.url


def test_stop_also_ends_open_keep_alive_connections(clock: FakeClock) -> None:
    sandbox = Sandbox(clock=clock).start()
    with CompositionsClient(
        account_sid=sandbox.account_sid, auth_token=sandbox.auth_token, base_url=sandbox.url
    ) as client:
        client._clock = clock  # the retries' backoff sleeps on the fake clock, not for real
        created = client.create(room_sid=ROOM_SID, audio_sources=["*"])  # leaves a pooled connection open
        sandbox.stop()
        with pytest.raises(ApiConnectionError):
            client.fetch(created.sid or "")
    assert len(clock.sleeps) == client.max_retries  # a fetch is retried on a refused connection


def test_the_command_line_prints_url_and_credentials_and_serves() -> None:
    command = [sys.executable, "-m", "twilio_compositions.sandbox", "--port", "0", "--queue-seconds", "0"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            lines = [process.stdout.readline().strip() for _ in range(5)]
            settings = dict(line.split("=", 1) for line in lines[1:4])
            assert lines[0] == f"Compositions sandbox listening on {settings['base_url']}"
            assert settings["base_url"].startswith("http://127.0.0.1:")
            with CompositionsClient(
                account_sid=settings["TWILIO_ACCOUNT_SID"],
                auth_token=settings["TWILIO_AUTH_TOKEN"],
                base_url=settings["base_url"],
            ) as client:
                created = client.create(room_sid=ROOM_SID, audio_sources=["*"])
                assert client.fetch(created.sid or "").sid == created.sid
        finally:
            process.terminate()
            assert process.wait(timeout=10) == 0


def test_the_answer_is_plain_json_with_every_field(
    sandbox: Sandbox, sandbox_client: CompositionsClient, sandbox_http: httpx.Client, spec: dict[str, Any]
) -> None:
    created = sandbox_client.create(room_sid=ROOM_SID, audio_sources=["*"])
    raw = sandbox_http.get(
        f"{sandbox.url}/v1/Compositions/{created.sid}", auth=(sandbox.account_sid, sandbox.auth_token)
    )
    assert raw.headers["Content-Type"] == "application/json"
    fields = spec["components"]["schemas"]["Composition"]["properties"]
    assert set(json.loads(raw.content)) == set(fields)


def test_defaults_come_from_the_spec(sandbox_client: CompositionsClient, spec: dict[str, Any]) -> None:
    body = spec["components"]["schemas"]["CreateCompositionRequest"]["properties"]
    created = sandbox_client.create(
        room_sid=ROOM_SID, audio_sources=["*"], status_callback="https://example.com/cb"
    )
    assert created.resolution == body["Resolution"]["default"]
    assert created.trim is body["Trim"]["default"]
    assert created.format == body["Format"]["default"]
    assert created.status_callback_method == body["StatusCallbackMethod"]["default"]


def test_dates_are_whole_seconds_even_with_fractional_timings(clock: FakeClock, sandbox_mode: str) -> None:
    in_process = sandbox_mode == "in-process"
    with (
        Sandbox(queue_seconds=0.3, processing_seconds=0.4, clock=clock, in_process=in_process) as sandbox,
        sandbox.client() as client,
        sandbox_http_client(sandbox) as http,
    ):
        sid = client.create(room_sid="RM" + "2" * 32, audio_sources=["*"]).sid or ""
        clock.advance(1)
        response = http.get(
            f"{sandbox.url}/v1/Compositions/{sid}", auth=(sandbox.account_sid, sandbox.auth_token)
        )
        composition = client.fetch(sid)
    assert composition.status == "completed" and composition.date_completed is not None
    assert composition.date_completed.microsecond == 0
    assert "." not in response.json()["date_completed"]  # no fraction on the wire either
