"""SID formats: the spec's patterns and the package's validation accept and reject the same strings.

The spec side is checked with jsonschema, an implementation independent of ours; the package side
through the public API, over a recording transport: a rejected SID must never have been sent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import jsonschema
import pytest
from twilio_compositions import CompositionsClient, ValidationError

from .conftest import AUTH_TOKEN, COMPOSITION_SID, ROOM_SID, Recorder

HEX = "0123456789abcdef0123456789ABCDEF"


def accepted(prefix: str) -> list[str]:
    return [prefix + HEX.lower(), prefix + HEX.upper(), prefix + HEX, prefix + "0" * 32]


def rejected(prefix: str) -> list[str]:
    wrong_prefix = {"CJ": "RM", "RM": "AC", "AC": "CJ"}[prefix]
    return [
        prefix + HEX[:31],  # 33 characters
        prefix + HEX + "a",  # 35 characters
        wrong_prefix + HEX,
        prefix.lower() + HEX,
        prefix + "g" + HEX[1:],  # not hex
        prefix + HEX[:-1] + "-",
        "",
        "../x",
        f"../{prefix}{HEX}",
        prefix + HEX[:16] + "/" + HEX[17:],
    ]


COMPONENT = {"AC": "AccountSid", "CJ": "CompositionSid", "RM": "RoomSid"}
CASES = [(p, sid, True) for p in COMPONENT for sid in accepted(p)] + [
    (p, sid, False) for p in COMPONENT for sid in rejected(p)
]


def spec_accepts(spec: dict[str, Any], prefix: str, sid: str) -> bool:
    schema = spec["components"]["schemas"][COMPONENT[prefix]]
    return jsonschema.Draft202012Validator(schema).is_valid(sid)


def package_accepts(prefix: str, sid: str, client: CompositionsClient, recorder: Recorder) -> bool:
    try:
        if prefix == "AC":
            CompositionsClient(account_sid=sid, auth_token=AUTH_TOKEN).close()
        elif prefix == "CJ":
            client.fetch(sid)
        else:
            client.create(room_sid=sid, audio_sources=["*"])
    except ValidationError as error:
        assert error.param in ("account_sid", "sid", "room_sid")
        assert isinstance(error, ValueError)
        assert recorder.requests == [], "a rejected SID must not be sent"
        return False
    return True


@pytest.mark.parametrize(("prefix", "sid", "valid"), CASES)
def test_spec_and_package_agree(
    spec: dict[str, Any],
    make_client: Callable[..., Any],
    fetch_example: dict[str, Any],
    prefix: str,
    sid: str,
    valid: bool,
) -> None:
    client, recorder = make_client(
        lambda request: httpx.Response(201 if request.method == "POST" else 200, json=fetch_example)
    )
    assert spec_accepts(spec, prefix, sid) is valid
    assert package_accepts(prefix, sid, client, recorder) is valid


@pytest.mark.parametrize("sid", rejected("CJ"))
def test_fetch_rejects_a_bad_sid_before_sending(make_client: Callable[..., Any], sid: str) -> None:
    client, recorder = make_client()
    with pytest.raises(ValidationError) as caught:
        client.fetch(sid)
    assert caught.value.param == "sid"
    assert recorder.requests == []


@pytest.mark.parametrize("sid", rejected("RM"))
def test_create_rejects_a_bad_room_sid_before_sending(make_client: Callable[..., Any], sid: str) -> None:
    client, recorder = make_client()
    with pytest.raises(ValidationError) as caught:
        client.create(room_sid=sid, audio_sources=["*"])
    assert caught.value.param == "room_sid"
    assert "^RM[0-9a-fA-F]{32}$" in str(caught.value)
    assert recorder.requests == []


@pytest.mark.parametrize("sid", rejected("AC"))
def test_client_rejects_a_bad_account_sid_at_construction(sid: str) -> None:
    with pytest.raises(ValidationError) as caught:
        CompositionsClient(account_sid=sid, auth_token=AUTH_TOKEN)
    assert caught.value.param == "account_sid"


def test_a_trailing_newline_is_not_a_valid_sid(make_client: Callable[..., Any]) -> None:
    # JSON Schema patterns are ECMA-262 regexes, whose `$` matches only at the end. Python's `$` also
    # matches before a final newline, so a naive re.search would let "CJ...\n" through (jsonschema does).
    client, recorder = make_client()
    with pytest.raises(ValidationError, match="must match"):
        client.fetch(COMPOSITION_SID + "\n")
    with pytest.raises(ValidationError):
        client.create(room_sid=ROOM_SID + "\n", audio_sources=["*"])
    assert recorder.requests == []


def test_valid_sids_reach_the_server(make_client: Callable[..., Any], fetch_example: dict[str, Any]) -> None:
    client, recorder = make_client(lambda request: httpx.Response(200, json=fetch_example))
    for sid in accepted("CJ"):
        client.fetch(sid)
    assert [r.url.path for r in recorder.requests] == [f"/v1/Compositions/{sid}" for sid in accepted("CJ")]
