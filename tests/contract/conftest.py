"""Fixtures of the contract tests: Prism as a mock of spec/, Prism as a validating proxy in front of the
sandbox, and the spec as Prism is given it.

Prism validates form bodies but does not decode a form field whose `encoding` says application/json
(stoplightio/prism issue 1622): given spec/ as it is, it refuses every VideoLayout ("must be object").
So Prism reads a copy of spec/ in which that one property of the create request is a string that must
open a JSON object (`{"`); everything else is spec/ unchanged. That the string is JSON, and that the
document follows the VideoLayout schema, is checked by our own tests (wire_checks.py).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from twilio_compositions.sandbox import Sandbox

from ._prism import Prism, running_prism

# What Prism checks of VideoLayout instead of the VideoLayout schema: a string opening a JSON object
# with at least one member. A Python repr ({'grid': ...}) fails it; the rest is for wire_checks.py.
PRISM_VIDEO_LAYOUT = {
    "description": "The video layout as one JSON document (Prism cannot decode it: prism issue 1622).",
    "type": "string",
    "contentMediaType": "application/json",
    "pattern": '^\\{\\s*"',
}


def prism_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """spec/ as Prism reads it: VideoLayout of the create request as a JSON string, nothing else changed."""
    document = copy.deepcopy(spec)
    create = document["paths"]["/v1/Compositions"]["post"]["requestBody"]["content"]
    form = create["application/x-www-form-urlencoded"]
    request_schema = document["components"]["schemas"]["CreateCompositionRequest"]
    layout = request_schema["properties"]["VideoLayout"]
    # Stop here rather than relax a rule that has changed meaning since this workaround was written.
    assert layout["$ref"] == "#/components/schemas/VideoLayout", layout
    assert form["encoding"]["VideoLayout"] == {"contentType": "application/json"}, form["encoding"]
    request_schema["properties"]["VideoLayout"] = dict(PRISM_VIDEO_LAYOUT)
    return document


@pytest.fixture(scope="session")
def prism_spec_path(spec: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("prism") / "compositions.prism.yaml"
    path.write_text(yaml.safe_dump(prism_spec(spec), sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def prism_mock(prism_spec_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prism]:
    """`prism mock --errors` of spec/: answers the spec's examples, or (Prefer: dynamic=true) data
    generated from its schemas with a fixed seed; answers 400/422 naming the rule a request breaks."""
    log = tmp_path_factory.mktemp("prism-mock-log") / "prism.log"
    args = ["mock", str(prism_spec_path), "--errors", "--seed", "20240601"]
    with running_prism(args, log) as prism:
        yield prism


@pytest.fixture
def prism_proxy(prism_spec_path: Path, sandbox: Sandbox, tmp_path: Path) -> Iterator[Prism]:
    """`prism proxy --errors` in front of the sandbox: requests and the sandbox's answers are validated;
    a request that breaks the spec gets 422 (never reaches the sandbox), an answer that breaks it 500.

    spec/'s server URL (https://video.twilio.com) has no path, and Prism ignores servers' base paths
    anyway: a request for /v1/Compositions is matched against the spec's path /v1/Compositions and
    forwarded to the sandbox's /v1/Compositions unchanged."""
    args = ["proxy", str(prism_spec_path), sandbox.url, "--errors"]
    with running_prism(args, tmp_path / "prism.log") as prism:
        yield prism


class Exchanges:
    """Every request an httpx client sent and every response it got, read in full."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.responses: list[httpx.Response] = []

    def on_request(self, request: httpx.Request) -> None:
        request.read()
        self.requests.append(request)

    def on_response(self, response: httpx.Response) -> None:
        response.read()
        self.responses.append(response)


@pytest.fixture
def recording_http() -> Iterator[Callable[..., tuple[httpx.Client, Exchanges]]]:
    """recording_http(**httpx.Client kwargs) -> an httpx client recording what it sends and gets."""
    clients: list[httpx.Client] = []

    def make(**kwargs: Any) -> tuple[httpx.Client, Exchanges]:
        exchanges = Exchanges()
        client = httpx.Client(
            event_hooks={"request": [exchanges.on_request], "response": [exchanges.on_response]},
            trust_env=False,  # loopback only: never through a proxy from the environment
            **kwargs,
        )
        clients.append(client)
        return client, exchanges

    yield make
    for client in clients:
        client.close()
