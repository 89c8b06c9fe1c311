"""The exceptions this package raises: one base class, and a class per way a call can fail.

    TwilioError
    ├── ValidationError (also a ValueError)   bad input, raised before anything is sent
    ├── ApiConnectionError                    no answer: refused, reset, DNS, TLS ...
    │   └── ApiTimeoutError                   no answer in time
    ├── ApiError                              the server answered with an error status
    │   ├── BadRequestError         400
    │   ├── AuthenticationError     401
    │   ├── PermissionDeniedError   403
    │   ├── NotFoundError           404
    │   ├── RateLimitError          429
    │   ├── ServerError             5xx
    │   └── UnexpectedResponseError a success status whose body does not parse
    └── MediaDownloadError                    a media download failed (see _download.py)

Errors never carry credentials: the request they describe is named by method and path only, and the
clients remove the Authorization header from the request an error's response points back to. A media
download error names the media host only: the media URL's query string is a signature.
wait() adds WaitTimeoutError and CompositionFailedError (see _wait.py).
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

# httpx only types the responses here: without it at import, the exceptions (and ValidationError, which
# _validation.py raises) load without httpx, so the command line's --help does not wait for it.
if TYPE_CHECKING:
    import httpx

_EXCERPT_LENGTH = 200


class TwilioError(Exception):
    """Base class of every error raised by this package."""


class ValidationError(TwilioError, ValueError):
    """An argument breaks a rule of the API; raised before any request is sent.

    `param` names the argument as the caller wrote it (`room_sid`, `video_layout['grid'].z_pos`), `rule`
    says what it must be.
    """

    def __init__(self, param: str, rule: str) -> None:
        self.param = param
        self.rule = rule
        super().__init__(f"{param}: {rule}")

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:  # picklable, for multiprocessing and xdist
        return type(self), (self.param, self.rule)


class ApiConnectionError(TwilioError):
    """The request got no answer: the connection failed or broke before a response arrived."""

    def __init__(self, message: str, *, method: str, path: str) -> None:
        self.reason = message
        self.method = method
        self.path = path
        super().__init__(f"{message} ({method} {path})")

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return functools.partial(type(self), method=self.method, path=self.path), (self.reason,)


class ApiTimeoutError(ApiConnectionError):
    """The request got no answer within the timeout."""


class ApiError(TwilioError):
    """The server answered with an error status.

    Attributes:
        status: the HTTP status.
        code: Twilio's error code (such as 20404), or None when the body has none.
        message: the server's explanation, or an excerpt of a body that is not a Twilio error.
        more_info: a documentation URL for `code`, or None.
        method, path: the request that failed (no query string, no credentials).
        response: the httpx.Response, for anything else.
    """

    def __init__(
        self,
        *,
        status: int,
        message: str,
        code: int | None,
        more_info: str | None,
        method: str,
        path: str,
        response: httpx.Response | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.more_info = more_info
        self.method = method
        self.path = path
        self.response = response
        super().__init__(self._describe())

    def _describe(self) -> str:
        text = f"HTTP {self.status} from {self.method} {self.path}: {self.message}"
        if self.code is not None:
            text += f" (Twilio error {self.code}"
            text += f", see {self.more_info})" if self.more_info else ")"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, message={self.message!r}, "
            f"method={self.method!r}, path={self.path!r})"
        )

    @property
    def request_id(self) -> str | None:
        """Twilio's ID of the request (the Twilio-Request-Id header), for a support ticket."""
        return None if self.response is None else self.response.headers.get("twilio-request-id")

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # The response stays behind: it is not picklable, and a copy in another process has no use for it.
        names = ("status", "message", "code", "more_info", "method", "path")
        return functools.partial(type(self), **{name: getattr(self, name) for name in names}), ()


class BadRequestError(ApiError):
    """400: a parameter is missing or invalid."""


class AuthenticationError(ApiError):
    """401: the credentials are missing or wrong."""


class PermissionDeniedError(ApiError):
    """403: the credentials may not do this."""


class NotFoundError(ApiError):
    """404: no such resource."""


class RateLimitError(ApiError):
    """429: too many requests; Twilio did not process this one, so it is safe to send again later."""

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked to wait (its Retry-After header, capped at a minute), or None."""
        from . import _retry  # loaded by then: the clients retry with it

        return None if self.response is None else _retry.retry_after(self.response.headers)


class ServerError(ApiError):
    """5xx: the server failed."""


class UnexpectedResponseError(ApiError):
    """A success status with a body that does not parse as the spec says it should."""


class MediaDownloadError(TwilioError):
    """A media download failed: the media host answered with an error status, or gave no answer in time,
    or the connection failed or ended before the body was complete.

    Attributes:
        status: the media host's HTTP status, or None when it gave no (complete) answer.
        host: the media host's name. Never the URL: its query string is a short-lived signature that
            grants access to the media, so it is kept out of every message, like a credential.
    """

    def __init__(self, message: str, *, status: int | None, host: str) -> None:
        self.reason = message
        self.status = status
        self.host = host
        super().__init__(message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.reason!r}, status={self.status!r}, host={self.host!r})"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return functools.partial(type(self), status=self.status, host=self.host), (self.reason,)


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}


def _excerpt(response: httpx.Response) -> str:
    text = " ".join(response.content[: _EXCERPT_LENGTH * 4].decode("utf-8", errors="replace").split())
    if not text:
        return f"empty body ({response.reason_phrase or 'no reason given'})"
    return text if len(text) <= _EXCERPT_LENGTH else text[: _EXCERPT_LENGTH - 1] + "…"


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def error_from_response(
    response: httpx.Response, *, error_class: type[ApiError] | None = None, reason: str | None = None
) -> ApiError:
    """The ApiError subclass for the response's status, filled from a Twilio error body when there is one.

    Never fails itself: a body that is not a Twilio error (an HTML page from a proxy, truncated JSON)
    still gives an error with the status and a short excerpt of the body as its message. `reason`, when
    given, says why a response is an error although its status is not (see UnexpectedResponseError).
    """
    status = response.status_code
    if error_class is None:
        error_class = ServerError if status >= 500 else _BY_STATUS.get(status, ApiError)
    try:
        body = json.loads(response.content)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
        body = None
    if reason is None and isinstance(body, dict) and isinstance(body.get("message"), str):
        message: str = body["message"]
        code = _int_or_none(body.get("code"))
        more_info = body.get("more_info") if isinstance(body.get("more_info"), str) else None
    else:
        message, code, more_info = _excerpt(response), None, None
        if reason is not None:
            message = f"{reason}; the body was: {message}"
    try:
        method, path = response.request.method, response.request.url.path
    except RuntimeError:  # a response built by hand, without a request
        method, path = "?", "?"
    return error_class(
        status=status,
        message=message,
        code=code,
        more_info=more_info,
        method=method,
        path=path,
        response=response,
    )
