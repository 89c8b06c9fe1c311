"""verify_signature and compute_signature, on Twilio's published test vectors (facts.md)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from twilio_compositions import compute_signature, verify_signature

# The published vector: auth token, URL, parameters, and the signature Twilio computes for them.
TOKEN = "12345"
URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+14158675309",
    "Digits": "1234",
    "From": "+14158675309",
    "To": "+18005551212",
}
SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
BODY = '{"property": "value", "boolean": true}'
BODY_SHA256 = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"


class MultiDict:
    """What werkzeug, Django and Starlette hand out for a form: a mapping whose getlist() keeps repeats."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(name for name, _ in self.pairs))

    def __getitem__(self, name: str) -> str:
        return next(value for key, value in self.pairs if key == name)

    def getlist(self, name: str) -> list[str]:
        return [value for key, value in self.pairs if key == name]


def test_the_published_vector() -> None:
    assert compute_signature(URL, PARAMS, TOKEN) == SIGNATURE
    assert verify_signature(URL, PARAMS, SIGNATURE, TOKEN)


@pytest.mark.parametrize(
    "params",
    [
        PARAMS,
        list(reversed(PARAMS.items())),  # order does not matter
        {name: [value] for name, value in PARAMS.items()},
        MultiDict(list(PARAMS.items())),
        urlencode(PARAMS),  # a raw form body, as text or bytes
        urlencode(PARAMS).encode(),
    ],
    ids=["mapping", "pairs", "lists", "multidict", "body-str", "body-bytes"],
)
def test_every_shape_of_form_parameters(params: Any) -> None:
    assert verify_signature(URL, params, SIGNATURE, TOKEN)


def test_the_body_sha256_of_the_published_body() -> None:
    assert hashlib.sha256(BODY.encode()).hexdigest() == BODY_SHA256
    url = f"https://mycompany.com/myapp.php?bodySHA256={BODY_SHA256}"
    signature = compute_signature(url, None, TOKEN)  # a JSON body: the signature covers the URL alone
    assert verify_signature(url, BODY, signature, TOKEN)
    assert verify_signature(url, BODY.encode(), signature, TOKEN)
    assert verify_signature(
        url.replace("https://mycompany.com", "https://mycompany.com:443"), BODY, signature, TOKEN
    )
    assert not verify_signature(url, BODY.replace("true", "false"), signature, TOKEN)  # body changed
    assert not verify_signature(url, BODY, compute_signature(url, {"a": "b"}, TOKEN), TOKEN)
    # A body whose hash cannot be checked (already parsed, or missing) never passes.
    assert not verify_signature(url, {}, signature, TOKEN)
    assert not verify_signature(url, None, signature, TOKEN)


@pytest.mark.parametrize(
    ("signed_url", "given_url"),
    [
        ("https://mycompany.com/myapp.php?foo=1&bar=2", "https://mycompany.com:443/myapp.php?foo=1&bar=2"),
        ("https://mycompany.com:443/myapp.php?foo=1&bar=2", "https://mycompany.com/myapp.php?foo=1&bar=2"),
        ("http://mycompany.com/myapp.php", "http://mycompany.com:80/myapp.php"),
        ("http://mycompany.com:80/myapp.php", "http://mycompany.com/myapp.php"),
        ("https://user:pass@mycompany.com/cb", "https://user:pass@mycompany.com:443/cb"),
        ("https://[::1]/cb", "https://[::1]:443/cb"),
    ],
)
def test_the_default_port_may_be_given_or_not(signed_url: str, given_url: str) -> None:
    signature = compute_signature(signed_url, PARAMS, TOKEN)
    assert signature != compute_signature(given_url, PARAMS, TOKEN)  # the texts differ ...
    assert verify_signature(given_url, PARAMS, signature, TOKEN)  # ... and still match


@pytest.mark.parametrize(
    ("signed_url", "given_url"),
    [
        ("https://mycompany.com/myapp.php", "https://mycompany.com:80/myapp.php"),  # not https' port
        ("http://mycompany.com/myapp.php", "http://mycompany.com:443/myapp.php"),
        ("https://mycompany.com:8443/myapp.php", "https://mycompany.com/myapp.php"),  # other ports count
        ("http://127.0.0.1:8080/cb", "http://127.0.0.1/cb"),
    ],
)
def test_only_the_default_port_is_optional(signed_url: str, given_url: str) -> None:
    assert not verify_signature(given_url, PARAMS, compute_signature(signed_url, PARAMS, TOKEN), TOKEN)


@pytest.mark.parametrize(
    ("url", "params", "token"),
    [
        (URL, PARAMS, "54321"),  # wrong token
        (URL, {**PARAMS, "Digits": "1235"}, TOKEN),  # a value changed
        (URL, {**PARAMS, "Extra": ""}, TOKEN),  # a parameter added
        (URL, {k: v for k, v in PARAMS.items() if k != "To"}, TOKEN),  # one left out
        (URL, {}, TOKEN),
        (URL.replace("foo=1", "foo=2"), PARAMS, TOKEN),  # query string changed
        (URL.replace("myapp", "other"), PARAMS, TOKEN),  # path changed
        (URL.replace("https", "http"), PARAMS, TOKEN),  # scheme changed
        (URL.replace("mycompany", "evil"), PARAMS, TOKEN),
    ],
)
def test_anything_changed_fails(url: str, params: dict[str, str], token: str) -> None:
    assert not verify_signature(url, params, SIGNATURE, token)


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "",
        " ",
        SIGNATURE[:-1],
        SIGNATURE + "=",
        SIGNATURE.lower(),
        "é" * 28,
        42,
        b"RSOYDt4T1cUTdK1PDd93/VVr8B8=",
    ],
)
def test_a_missing_or_malformed_signature_is_false_not_an_error(signature: Any) -> None:
    assert verify_signature(URL, PARAMS, signature, TOKEN) is False


@pytest.mark.parametrize(
    ("url", "params"),
    [
        (None, PARAMS),
        ("", PARAMS),
        ("https://mycompany.com:notaport/x", PARAMS),
        ("http://[::1/x", PARAMS),  # invalid IPv6 URL
        (URL, {"a": 1}),  # not strings
        (URL, [("a",)]),
        (URL, 42),
        (URL, b"\xff\xfe"),  # a body that is not UTF-8
        (f"https://x.com/?bodySHA256={BODY_SHA256}", 42),
    ],
)
def test_junk_requests_are_false_not_an_error(url: Any, params: Any) -> None:
    assert verify_signature(url, params, SIGNATURE, TOKEN) is False


@pytest.mark.parametrize("token", ["", None])
def test_an_empty_auth_token_is_a_set_up_error(token: Any) -> None:
    # Anyone could make signatures with an empty key: refusing loudly beats accepting them.
    with pytest.raises(ValueError, match="auth_token"):
        verify_signature(URL, PARAMS, SIGNATURE, token)


def test_repeated_keys_count_each_distinct_value_once_in_sorted_order() -> None:
    pairs = [("AudioSources", "b"), ("Room", "r"), ("AudioSources", "a"), ("AudioSources", "b")]
    # Worked out by hand: names sorted, each distinct value once, values sorted.
    payload = URL + "AudioSourcesa" + "AudioSourcesb" + "Roomr"
    expected = base64.b64encode(hmac.new(TOKEN.encode(), payload.encode(), hashlib.sha1).digest()).decode()
    assert compute_signature(URL, pairs, TOKEN) == expected
    for params in (pairs, {"AudioSources": ["b", "a"], "Room": "r"}, MultiDict(pairs), urlencode(pairs)):
        assert verify_signature(URL, params, expected, TOKEN)
    # A framework mapping that kept only one value of the repeated key gets a different signature.
    assert not verify_signature(URL, {"AudioSources": "b", "Room": "r"}, expected, TOKEN)


def test_a_get_request_signs_the_url_alone() -> None:
    url = f"https://example.com/callbacks?{urlencode(PARAMS)}"
    signature = compute_signature(url, None, TOKEN)
    assert signature == compute_signature(url, {}, TOKEN) == compute_signature(url, [], TOKEN)
    assert verify_signature(url, None, signature, TOKEN)
    assert verify_signature(url, {}, signature, TOKEN)
    assert not verify_signature(url, PARAMS, signature, TOKEN)


def test_non_ascii_values_are_signed_as_utf8() -> None:
    params = {"FriendlyName": "café ☕"}
    signature = compute_signature(URL, params, TOKEN)
    assert verify_signature(URL, params, signature, TOKEN)
    assert verify_signature(URL, urlencode(params).encode(), signature, TOKEN)
    assert not verify_signature(URL, {"FriendlyName": "cafe ☕"}, signature, TOKEN)
