"""How a failure reads on the command line: one line on stderr, and the exit status.

ApiError             1    error: HTTP 404: <message> (code 20404, more info: <url>)
ValidationError      2    error: <option or argument>: <rule>     (nothing was sent)
UsageError           2    error: <option>: <what is wrong>        (the command line's own checks)
CompositionFailed    1    error: composition CJ... ended failed   (wait; deleted too)
WaitTimeoutError   124    error: composition CJ... not done after 60 s (last status: processing)
other TwilioError    1    error: <the error's own message>        (no answer, a media download ...)
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .._exceptions import ApiError, TwilioError, ValidationError

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_TIMEOUT = 124  # as timeout(1): the composition goes on
EXIT_INTERRUPTED = 130  # 128 + SIGINT

# What the client calls a parameter, as the command line spells it; per command, for the positionals.
_OPTION_NAMES = {
    "video_layout": "--layout",
    "audio_sources": "--audio-source",
    "audio_sources_excluded": "--audio-source-excluded",
    "date_created_after": "--created-after",
    "date_created_before": "--created-before",
    "trim": "--no-trim",
}
_CREDENTIAL_NAMES = {
    "account_sid": "TWILIO_ACCOUNT_SID",
    "auth_token": "TWILIO_AUTH_TOKEN",
    "api_key": "TWILIO_API_KEY",
    "api_secret": "TWILIO_API_SECRET",
}
NO_CREDENTIALS = (
    "no credentials: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN "
    "(or TWILIO_ACCOUNT_SID, TWILIO_API_KEY and TWILIO_API_SECRET)"
)


class UsageError(Exception):
    """A command line the command cannot run, found before anything is sent."""

    def __init__(self, name: str, rule: str) -> None:
        self.name = name
        self.rule = rule
        super().__init__(f"{name}: {rule}")


def one_line(text: str) -> str:
    return " ".join(text.split())


def cli_name(param: str, positionals: Mapping[str, str]) -> str:
    """`room_sid` -> 'ROOM_SID' (create) or '--room-sid' (list); `video_layout['grid'].z_pos` ->
    "--layout['grid'].z_pos"; 'video_layout/audio_sources' -> '--layout/--audio-source'."""
    if "/" in param:
        return "/".join(cli_name(part, positionals) for part in param.split("/"))
    match = re.match(r"[A-Za-z_]\w*", param)
    if match is None:
        return param
    head = match.group()
    name = positionals.get(head) or _OPTION_NAMES.get(head) or "--" + head.replace("_", "-")
    return name + param[match.end() :]


def describe_api_error(error: ApiError) -> str:
    text = f"HTTP {error.status}: {error.message}"
    if error.code is not None:
        more = f", more info: {error.more_info}" if error.more_info else ""
        text += f" (code {error.code}{more})"
    return text


def credentials_problem(error: ValidationError) -> str | None:
    """The message for a client that could not be made from the environment's credentials, or None."""
    if error.param not in _CREDENTIAL_NAMES and error.param not in _CREDENTIAL_NAMES.values():
        return None
    if error.rule.startswith("is required:"):
        return NO_CREDENTIALS
    return f"{_CREDENTIAL_NAMES.get(error.param, error.param)}: {error.rule}"


def describe(error: BaseException, positionals: Mapping[str, str]) -> tuple[str, int]:
    """The one line (without 'error: ') and the exit status for an error a command raised."""
    # Here rather than at the top: _wait.py brings httpx (through _retry.py), which --help does not need.
    from .._wait import CompositionFailedError, WaitTimeoutError

    if isinstance(error, UsageError):
        return one_line(str(error)), EXIT_USAGE
    if isinstance(error, ValidationError):
        problem = credentials_problem(error)
        if problem is None:
            problem = f"{cli_name(error.param, positionals)}: {error.rule}"
        return one_line(problem), EXIT_USAGE
    if isinstance(error, ApiError):
        return one_line(describe_api_error(error)), EXIT_FAILURE
    if isinstance(error, WaitTimeoutError):
        return one_line(str(error)), EXIT_TIMEOUT
    if isinstance(error, (CompositionFailedError, TwilioError)):
        return one_line(str(error)), EXIT_FAILURE
    if isinstance(error, OSError):
        where = f": {error.filename}" if error.filename else ""
        return one_line(f"{error.strerror or error}{where}"), EXIT_FAILURE
    raise TypeError(f"not a command's error: {error!r}")
