"""Every answer that is not a documented success raises a typed error; nothing comes back as None."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from twilio_compositions import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticatedClient,
    AuthenticationError,
    BadRequestError,
    CompositionsClient,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TwilioError,
    UnexpectedResponseError,
    ValidationError,
    errors,
)
from twilio_compositions.api.compositions import fetch_composition

from .conftest import ACCOUNT_SID, AUTH_TOKEN, COMPOSITION_SID, FakeClock, Recorder
from .modes import run

MakeClient = Callable[..., tuple[CompositionsClient, Recorder]]


def twilio_error(status: int, code: int | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "message": f"message for {status}"}
    if code is not None:
        body |= {"code": code, "more_info": f"https://www.twilio.com/docs/errors/{code}"}
    return body


@pytest.mark.parametrize(
    ("status", "code", "error_class"),
    [
        (400, 21201, BadRequestError),
        (401, 20003, AuthenticationError),
        (403, 20403, PermissionDeniedError),
        (404, 20404, NotFoundError),
        (404, None, NotFoundError),
        (409, 12345, ApiError),
        (429, 20429, RateLimitError),
        (500, 20500, ServerError),
        (503, None, ServerError),
        (520, None, ServerError),
        (599, None, ServerError),
        (302, None, ApiError),
        (200, None, ApiError),  # create answers 201; any other status is not the documented success
    ],
)
def test_error_statuses_raise_typed_errors(
    make_client: MakeClient, status: int, code: int | None, error_class: type[ApiError]
) -> None:
    client, _ = make_client(lambda request: httpx.Response(status, json=twilio_error(status, code)))
    with pytest.raises(error_class) as caught:
        client.create(room_sid="RM" + "a" * 32, audio_sources=["*"])
    error = caught.value
    assert type(error) is error_class
    assert (error.status, error.code, error.message) == (status, code, f"message for {status}")
    assert error.more_info == (f"https://www.twilio.com/docs/errors/{code}" if code else None)
    assert (error.method, error.path) == ("POST", "/v1/Compositions")
    assert error.response is not None and error.response.status_code == status
    assert isinstance(error, TwilioError)
    assert str(status) in str(error) and f"message for {status}" in str(error)


def test_the_error_message_names_status_code_and_docs(make_client: MakeClient) -> None:
    client, _ = make_client(lambda request: httpx.Response(404, json=twilio_error(404, 20404)))
    with pytest.raises(NotFoundError) as caught:
        client.fetch(COMPOSITION_SID)
    assert str(caught.value) == (
        f"HTTP 404 from GET /v1/Compositions/{COMPOSITION_SID}: message for 404 "
        "(Twilio error 20404, see https://www.twilio.com/docs/errors/20404)"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            b"<html><body><h1>502 Bad Gateway</h1>\n</body></html>",
            "<html><body><h1>502 Bad Gateway</h1> </body></html>",
        ),
        (b'{"status": 502, "message": "trunc', '{"status": 502, "message": "trunc'),
        (b"", "empty body (Bad Gateway)"),
        (b'["not", "an", "object"]', '["not", "an", "object"]'),
    ],
)
def test_a_body_that_is_not_a_twilio_error_still_gives_a_typed_error(
    make_client: MakeClient, body: bytes, expected: str
) -> None:
    client, _ = make_client(lambda request: httpx.Response(502, content=body))
    with pytest.raises(ServerError) as caught:
        client.fetch(COMPOSITION_SID)
    assert caught.value.status == 502
    assert caught.value.code is None
    assert caught.value.message == expected


def test_a_long_error_page_is_cut_to_an_excerpt(make_client: MakeClient) -> None:
    client, _ = make_client(lambda request: httpx.Response(500, content=b"<p>" + b"x" * 10_000))
    with pytest.raises(ServerError) as caught:
        client.fetch(COMPOSITION_SID)
    assert len(caught.value.message) == 200
    assert caught.value.message.endswith("…")


def test_a_success_status_with_a_body_that_does_not_parse(make_client: MakeClient) -> None:
    client, _ = make_client(lambda request: httpx.Response(200, content=b"<html>maintenance</html>"))
    with pytest.raises(UnexpectedResponseError) as caught:
        client.fetch(COMPOSITION_SID)
    assert caught.value.status == 200
    assert "does not parse as Composition" in caught.value.message
    assert "<html>maintenance</html>" in caught.value.message


def test_connection_failures_are_typed(make_client: MakeClient) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    def stall(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    client, _ = make_client(refuse)
    with pytest.raises(ApiConnectionError) as refused:
        client.fetch(COMPOSITION_SID)
    assert not isinstance(refused.value, ApiTimeoutError)
    assert "Connection refused" in str(refused.value)
    client, _ = make_client(stall)
    with pytest.raises(ApiTimeoutError) as stalled:
        client.fetch(COMPOSITION_SID)
    assert (stalled.value.method, stalled.value.path) == ("GET", f"/v1/Compositions/{COMPOSITION_SID}")


def test_the_low_level_functions_raise_too(fetch_example: dict[str, Any]) -> None:
    answers = iter([httpx.Response(404, json=twilio_error(404)), httpx.Response(200, json=fetch_example)])
    low = AuthenticatedClient(ACCOUNT_SID, AUTH_TOKEN)
    low.set_httpx_client(
        httpx.Client(
            base_url="https://video.twilio.com", transport=httpx.MockTransport(lambda r: next(answers))
        )
    )
    with pytest.raises(NotFoundError):
        fetch_composition.sync(COMPOSITION_SID, client=low)
    detailed = fetch_composition.sync_detailed(COMPOSITION_SID, client=low)
    assert detailed.status_code == 200
    assert detailed.parsed is not None and detailed.parsed.sid == fetch_example["sid"]


def test_the_errors_module_re_exports_the_exceptions() -> None:
    assert errors.NotFoundError is NotFoundError
    assert issubclass(errors.ValidationError, ValueError)


@pytest.mark.parametrize(
    "error",
    [
        ValidationError("room_sid", "must match ^RM[0-9a-fA-F]{32}$"),
        ApiConnectionError("connection failed", method="GET", path="/v1/Compositions/CJ1"),
        ApiTimeoutError("no answer in time", method="POST", path="/v1/Compositions"),
        NotFoundError(status=404, message="gone", code=20404, more_info="https://x", method="GET", path="/p"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_errors_survive_pickling(error: TwilioError) -> None:
    # For multiprocessing pools and pytest-xdist, which send exceptions between processes.
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert vars(copy) == {**vars(error), "response": None} if isinstance(error, ApiError) else vars(error)


@pytest.mark.parametrize("status", [499, 520, 599])
def test_low_level_detailed_functions_raise_for_statuses_python_does_not_know(status: int) -> None:
    low = AuthenticatedClient(ACCOUNT_SID, AUTH_TOKEN)
    low.set_httpx_client(
        httpx.Client(
            base_url="https://video.twilio.com",
            transport=httpx.MockTransport(lambda request: httpx.Response(status, text="odd")),
        )
    )
    with pytest.raises(ApiError) as caught:
        fetch_composition.sync_detailed(COMPOSITION_SID, client=low)
    assert caught.value.status == status


def test_a_pathologically_nested_body_is_an_unexpected_response(make_client: MakeClient) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    client, _ = make_client(lambda request: httpx.Response(200, content=deep))
    with pytest.raises(UnexpectedResponseError):
        client.fetch(COMPOSITION_SID)


@pytest.mark.parametrize(
    ("status", "body", "error_class", "code", "message"),
    [
        (404, {"json": {"status": 404, "message": "gone", "code": 20404}}, NotFoundError, 20404, "gone"),
        (404, {"json": {"status": 404, "message": "gone"}}, NotFoundError, None, "gone"),
        (
            502,
            {"html": "<html><body><h1>502 Bad Gateway</h1></body></html>"},
            ServerError,
            None,
            "<html><body>",
        ),
        (400, {"text": '{"status": 400, "mess'}, BadRequestError, None, '{"status": 400, "mess'),
        (520, {"text": ""}, ServerError, None, "empty body"),
    ],
)
def test_error_bodies_with_both_clients(
    mode: str,
    clock: FakeClock,
    status: int,
    body: dict[str, Any],
    error_class: type[ApiError],
    code: int | None,
    message: str,
) -> None:
    with pytest.raises(error_class) as caught:
        run(
            mode,
            lambda c: c.fetch(COMPOSITION_SID),
            handler=lambda r: httpx.Response(status, **body),
            clock=clock,
            max_retries=0,
        )
    assert (caught.value.status, caught.value.code) == (status, code)
    assert caught.value.message.startswith(message)
    assert (caught.value.method, caught.value.path) == ("GET", f"/v1/Compositions/{COMPOSITION_SID}")


def test_an_error_carries_twilios_request_id(make_client: MakeClient) -> None:
    client, _ = make_client(
        lambda r: httpx.Response(404, json=twilio_error(404), headers={"Twilio-Request-Id": "RQ1"})
    )
    with pytest.raises(NotFoundError) as caught:
        client.fetch(COMPOSITION_SID)
    assert caught.value.request_id == "RQ1"
