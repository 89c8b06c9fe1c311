"""Twilio's request signature (the X-Twilio-Signature header), to check that a callback came from Twilio.

    from twilio_compositions import verify_signature

    ok = verify_signature(url, form_params, request.headers.get("X-Twilio-Signature"), auth_token)

The signature is the base64 HMAC-SHA1, keyed with the auth token, of the full URL the request was sent
to (query string included) followed by every form parameter: names in sorted order, and for each name
its distinct values in sorted order, each as name then value. A JSON body is not signed as parameters:
the URL then carries `bodySHA256=<hex SHA-256 of the body>`, and the signature covers the URL alone.

The URL counts with or without the scheme's default port (:443 for https, :80 for http), because the
URL Twilio signs and the one a proxy or framework shows the application may differ in just that.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol, TypeAlias, runtime_checkable
from urllib.parse import parse_qs, parse_qsl, urlsplit

__all__ = ["FormParams", "compute_signature", "verify_signature"]


@runtime_checkable
class _MultiValueMapping(Protocol):
    """What web frameworks hand out for forms (werkzeug's MultiDict, Django's QueryDict, Starlette's
    FormData): a mapping that keeps every value of a repeated key behind getlist()."""

    def __iter__(self) -> Iterator[str]: ...

    def getlist(self, key: str) -> list[str]: ...


FormParams: TypeAlias = Mapping[str, str | Sequence[str]] | Sequence[tuple[str, str]] | _MultiValueMapping
"""Form parameters: a mapping of names to a value or a list of values, or (name, value) pairs."""

_DEFAULT_PORTS = {"https": 443, "http": 80}


def _values_by_name(params: FormParams | None) -> dict[str, set[str]]:
    values: dict[str, set[str]] = {}
    if params is None:
        return values
    if isinstance(params, _MultiValueMapping):
        for name in params:
            values.setdefault(name, set()).update(params.getlist(name))
    elif isinstance(params, Mapping):
        for name, value in params.items():
            many = [value] if isinstance(value, str) else value
            values.setdefault(name, set()).update(many)
    else:
        for name, value in params:
            values.setdefault(name, set()).add(value)
    for name, texts in values.items():
        if not isinstance(name, str) or not all(isinstance(text, str) for text in texts):
            raise TypeError("form parameter names and values must be strings")
    return values


def compute_signature(url: str, params: FormParams | None, auth_token: str) -> str:
    """The X-Twilio-Signature Twilio sends with a request of these form parameters to this URL.

    `params` may be a mapping (a value or a list of values per name), a framework's multi-value form,
    or (name, value) pairs; pass None (or nothing-filled) for a GET request or a JSON body, whose
    signature covers the URL alone. Useful to sign requests in tests of your own callback receiver.
    """
    payload = url
    for name, texts in sorted(_values_by_name(params).items()):
        payload += "".join(name + text for text in sorted(texts))
    digest = hmac.new(auth_token.encode("utf-8"), payload.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def _url_forms(url: str) -> list[str]:
    """The URL as given, and the same URL with its scheme's default port added or removed.

    Only the authority changes; the rest stays byte for byte, as the signature covers the exact text.
    """
    parts = urlsplit(url)
    default = _DEFAULT_PORTS.get(parts.scheme.lower())
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: only the exact text can match
        return [url]
    head, separator, rest = url.partition("//")
    if default is None or not separator or not rest.startswith(parts.netloc):
        return [url]
    authority = parts.netloc
    if port is None:
        other = f"{authority}:{default}"
    elif port == default:
        other = authority[: authority.rindex(":")]
    else:
        return [url]
    return [url, head + separator + other + rest[len(authority) :]]


def _same(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def verify_signature(
    url: str,
    params: FormParams | bytes | str | None,
    signature: str | None,
    auth_token: str,
) -> bool:
    """Whether `signature` (the X-Twilio-Signature header) is Twilio's for this request.

    url: the full URL the request was sent to, query string included, as Twilio was told it (behind a
        proxy, the public URL, not the one the application sees).
    params: the form parameters of a POST (a mapping, a framework's multi-value form, or (name, value)
        pairs; a raw form body as bytes or str is decoded), or None for a GET, whose parameters are in
        the URL. When the URL's query has `bodySHA256`, params must be the raw body, bytes or str: its
        SHA-256 must match, and the signature covers the URL alone.
    auth_token: the auth token of the account the request is for.

    Compares in constant time. Never raises on what a request carries: a missing or malformed
    signature, URL or parameters give False. Raises ValueError for an empty auth token, which is a
    set-up mistake (anyone could sign with it), not a bad request.
    """
    if not isinstance(auth_token, str) or not auth_token:
        raise ValueError("auth_token must be a non-empty string")
    if not isinstance(signature, str) or not signature or not isinstance(url, str):
        return False
    try:
        query = parse_qs(urlsplit(url).query, keep_blank_values=True)
        if "bodySHA256" in query:
            if not isinstance(params, (bytes, str)):
                return False  # the body's hash cannot be checked from parsed parameters
            body = params.encode("utf-8") if isinstance(params, str) else params
            body_ok = _same(hashlib.sha256(body).hexdigest(), query["bodySHA256"][0].lower())
            form: FormParams | None = None
        else:
            body_ok = True
            if isinstance(params, bytes):
                params = params.decode("utf-8")
            form = parse_qsl(params, keep_blank_values=True) if isinstance(params, str) else params
        # Every form is computed and compared, so that the time taken does not tell which one matched.
        matches = [
            _same(compute_signature(form_url, form, auth_token), signature) for form_url in _url_forms(url)
        ]
    except (TypeError, ValueError):  # junk parameters, a URL or body that does not decode
        return False
    return body_ok and any(matches)
