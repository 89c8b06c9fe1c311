"""The sandbox's answers to requests outside the API, found by the Schemathesis contract run: each is
still a documented status with a Twilio JSON error body, never http.server's HTML page or a 5xx."""

from __future__ import annotations

import json
import socket

import httpx
import pytest
from twilio_compositions.sandbox import Sandbox


def raw_exchange(sandbox: Sandbox, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes, read the one answer (the sandbox closes the connection after these)."""
    with socket.create_connection(("127.0.0.1", sandbox.port), timeout=5) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (h.partition(":") for h in header_lines)}
    return int(status_line.split()[1]), headers, body


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND"])
def test_a_method_http_server_does_not_know_gets_405_json(
    sandbox: Sandbox, sandbox_http: httpx.Client, method: str
) -> None:
    response = sandbox_http.request(
        method, f"{sandbox.url}/v1/Compositions", auth=(sandbox.account_sid, sandbox.auth_token)
    )
    assert response.status_code == 405  # it was 501 with an HTML page
    assert response.headers["Allow"] == "GET, POST, OPTIONS"
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {
        "code": None,
        "message": f"Method {method} not allowed",
        "more_info": None,
        "status": 405,
    }


@pytest.mark.socket_only  # http.server's own limit
def test_too_many_headers_get_431_json(sandbox: Sandbox) -> None:
    headers = b"".join(b"X-Filler-%d: x\r\n" % number for number in range(101))  # http.server allows 100
    status, answer_headers, body = raw_exchange(
        sandbox, b"GET /v1/Compositions HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + b"\r\n"
    )
    assert status == 431
    assert answer_headers["content-type"] == "application/json"
    error = json.loads(body)
    assert error["status"] == 431 and error["message"] == "Too many headers"
