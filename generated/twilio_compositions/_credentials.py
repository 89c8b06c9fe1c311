"""Which credentials a client signs its requests with, from its arguments or the environment.

Twilio takes HTTP Basic credentials of two kinds: the account SID with its auth token, or an API key
(SK...) with its secret, the key belonging to the account. Arguments win over the environment; within
either, an API key pair wins over an auth token, because a key can be revoked on its own and is what
Twilio recommends for production. Secrets are never echoed: not in an error, not in a repr.
"""

from __future__ import annotations

import base64
import os
import re

from ._exceptions import ValidationError

ACCOUNT_SID_ENV = "TWILIO_ACCOUNT_SID"
AUTH_TOKEN_ENV = "TWILIO_AUTH_TOKEN"  # noqa: S105  (the names of variables, not secrets)
API_KEY_ENV = "TWILIO_API_KEY"
API_SECRET_ENV = "TWILIO_API_SECRET"  # noqa: S105

_ACCOUNT_SID = re.compile(r"AC[0-9a-fA-F]{32}")
_API_KEY = re.compile(r"SK[0-9a-fA-F]{32}")


class Credentials:
    """The account, the API key if any, and the Authorization header's value, which repr() leaves out."""

    __slots__ = ("account_sid", "api_key", "authorization")

    def __init__(self, *, account_sid: str, api_key: str | None, authorization: str) -> None:
        self.account_sid = account_sid
        self.api_key = api_key  # None: signed with the account's auth token
        self.authorization = authorization  # the Authorization header's value

    def __repr__(self) -> str:
        return f"Credentials(account_sid={self.account_sid!r}, api_key={self.api_key!r})"


def _basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode("ascii")


def _pick_pair(
    key: str | None, secret: str | None, key_name: str, secret_name: str
) -> tuple[str, str] | None:
    if not key and not secret:
        return None
    if not key:
        raise ValidationError(key_name, f"is required with {secret_name}: give both or neither")
    if not secret:
        raise ValidationError(secret_name, f"is required with {key_name}: give both or neither")
    # Outside any except block, and without the value: a secret passed in the wrong slot stays out of logs.
    if not _API_KEY.fullmatch(key):
        raise ValidationError(key_name, "must be an API key SID, SK and 32 hex digits")
    return key, secret


def resolve_credentials(
    *,
    account_sid: str | None,
    auth_token: str | None,
    api_key: str | None,
    api_secret: str | None,
) -> Credentials:
    """The credentials to use, or a ValidationError saying which one is missing and where it may come from."""
    account_sid = account_sid if account_sid is not None else os.environ.get(ACCOUNT_SID_ENV)
    if not account_sid:
        raise ValidationError(
            "account_sid",
            f"is required: pass account_sid=... or set the {ACCOUNT_SID_ENV} environment variable",
        )
    if not _ACCOUNT_SID.fullmatch(account_sid):
        raise ValidationError("account_sid", "must be an account SID, AC and 32 hex digits")

    if (api_key or api_secret) and auth_token:
        raise ValidationError("auth_token", "cannot be given together with api_key/api_secret: choose one")
    pair = _pick_pair(api_key, api_secret, "api_key", "api_secret")
    if pair is None and not auth_token:
        pair = _pick_pair(
            os.environ.get(API_KEY_ENV), os.environ.get(API_SECRET_ENV), API_KEY_ENV, API_SECRET_ENV
        )
        if pair is None:
            auth_token = os.environ.get(AUTH_TOKEN_ENV)
    if pair is not None:
        return Credentials(account_sid=account_sid, api_key=pair[0], authorization=_basic(*pair))
    if not auth_token:
        raise ValidationError(
            "auth_token",
            f"is required: pass auth_token=... (or api_key= and api_secret=), or set {AUTH_TOKEN_ENV} "
            f"(or {API_KEY_ENV} and {API_SECRET_ENV})",
        )
    return Credentials(account_sid=account_sid, api_key=None, authorization=_basic(account_sid, auth_token))
