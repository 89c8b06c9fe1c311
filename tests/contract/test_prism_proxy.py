"""Contract layer 2: the client and the sandbox talk through `prism proxy --errors`.

Prism validates each request as in the mock tests (a request breaking the spec gets 422 and never
reaches the sandbox) and each answer of the sandbox against the spec: status code documented, content
type, body schema (Composition or TwilioErrorBody) and the documented headers (CORS); an answer
breaking it becomes a 500 with the violations. On top, sl-violations must be absent: Prism also
reports warnings there without failing the request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from twilio_compositions import (
    ApiError,
    AuthenticationError,
    Composition,
    CompositionsClient,
    CompositionStatus,
    NotFoundError,
)
from twilio_compositions.sandbox import Sandbox

from ..conftest import COMPOSITION_SID, ROOM_SID, FakeClock
from ._prism import Prism
from .conftest import Exchanges
from .test_prism_mock import FULL
from .wire_checks import create_form_problems

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

    seen = [created.status]
    for step in (1, 10):  # the sandbox fixture: queue_seconds=1, processing_seconds=10
        clock.advance(step)
        seen.append(checked(lambda: client.fetch(created.sid), exchanges).status)  # type: ignore[arg-type]
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
