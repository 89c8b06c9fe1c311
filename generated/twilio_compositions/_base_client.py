"""What every CompositionsClient method shares: credentials, the base URL, the connection pool, sending.

The per-operation methods are generated (compositions_client.py); each builds its request with the
operation's `_get_kwargs` (which validates), sends it through `_send`, and parses the answer with the
operation's `_parse_response` (which raises a typed error for an error status).
"""

from __future__ import annotations

import os
import platform
from typing import Any, Self

import httpx

from ._exceptions import ApiConnectionError, ApiTimeoutError, ValidationError
from ._http import DEFAULT_TIMEOUT, checked_base_url, trust_env_for
from ._spec_rules import DEFAULT_BASE_URL, SCHEMAS
from ._validation import is_valid
from ._version import __version__

ACCOUNT_SID_ENV = "TWILIO_ACCOUNT_SID"
AUTH_TOKEN_ENV = "TWILIO_AUTH_TOKEN"  # noqa: S105  (the name of a variable, not a secret)


def _credential(value: str | None, env: str, name: str) -> str:
    value = value if value is not None else os.environ.get(env)
    if not value:
        raise ValidationError(name, f"is required: pass {name}=... or set the {env} environment variable")
    return value


class BaseClient:
    """Credentials, base URL and connection pool of a synchronous client."""

    def __init__(
        self,
        *,
        account_sid: str | None = None,
        auth_token: str | None = None,
        base_url: str = DEFAULT_BASE_URL,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        http_client: httpx.Client | None = None,
    ) -> None:
        self.account_sid = _credential(account_sid, ACCOUNT_SID_ENV, "account_sid")
        if not is_valid(SCHEMAS["AccountSid"], self.account_sid):
            # Raised without the value, and outside any except block so that no chained exception
            # carries it either: a token passed in the wrong argument must not end up in a log.
            raise ValidationError("account_sid", "must be an account SID, AC and 32 hex digits")
        self._auth = httpx.BasicAuth(self.account_sid, _credential(auth_token, AUTH_TOKEN_ENV, "auth_token"))
        self.base_url = checked_base_url(base_url)
        self._timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self._owns_http_client = http_client is None
        if http_client is None:
            http_client = httpx.Client(follow_redirects=False, trust_env=trust_env_for(self.base_url))
        self._http = http_client
        self._headers = {
            "User-Agent": f"twilio-compositions-python/{__version__} httpx/{httpx.__version__} "
            f"python/{platform.python_version()}",
            "Accept": "application/json",
        }

    def __repr__(self) -> str:
        return f"{type(self).__name__}(account_sid={self.account_sid!r}, base_url={self.base_url!r})"

    def close(self) -> None:
        """Close the connection pool (not one the caller passed in: that stays the caller's)."""
        if self._owns_http_client:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _send(self, request: dict[str, Any]) -> httpx.Response:
        """Send one request built by an operation's _get_kwargs; network failures become our errors."""
        method: str = request["method"].upper()
        path: str = request["url"]
        headers = {**self._headers, **request.get("headers", {})}
        try:
            return self._http.request(
                method,
                self.base_url + path,
                params=request.get("params"),
                content=request.get("content"),
                headers=headers,
                auth=self._auth,
                timeout=self._timeout,
            )
        except httpx.TimeoutException as exc:
            raise ApiTimeoutError(
                f"no answer in time: {type(exc).__name__}", method=method, path=path
            ) from exc
        except httpx.TransportError as exc:
            raise ApiConnectionError(f"connection failed: {exc}", method=method, path=path) from exc
