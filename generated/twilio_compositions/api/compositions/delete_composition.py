from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from ..._exceptions import error_from_response
from ..._spec_rules import OPERATIONS
from ..._validation import validate

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client
    from ...types import Response

_RULES = OPERATIONS["delete_composition"]


def _get_kwargs(
    sid: str,
) -> dict[str, Any]:
    validate(_RULES.path["Sid"], sid, "sid")
    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/Compositions/{sid}".format(
            sid=quote(str(sid), safe=""),
        ),
    }
    return _kwargs


def _parse_response(*, response: httpx.Response) -> None:
    if response.status_code == 204:
        return None
    raise error_from_response(response)


def _build_response(*, response: httpx.Response) -> Response[None]:
    _parse_response(response=response)  # first: it raises for any status HTTPStatus may not know
    parsed = None
    from ...types import Response  # here: CompositionsClient never builds one

    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def sync_detailed(
    sid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[None]:
    """Delete a composition's media

    Delete the composed media file. The composition stays readable for 30 days with the status `deleted`
    and its `date_deleted`. A `failed` composition cannot be deleted.

    Args:
        sid (str): The SID of the Composition resource.

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        Response[None]
    """

    kwargs = _get_kwargs(
        sid=sid,
    )
    response = client._send(kwargs, idempotent=True)
    return _build_response(response=response)


def sync(
    sid: str,
    *,
    client: AuthenticatedClient | Client,
) -> None:
    """Delete a composition's media

    Delete the composed media file. The composition stays readable for 30 days with the status `deleted`
    and its `date_deleted`. A `failed` composition cannot be deleted.

    Args:
        sid (str): The SID of the Composition resource.

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        None
    """

    kwargs = _get_kwargs(
        sid=sid,
    )
    response = client._send(kwargs, idempotent=True)
    return _parse_response(response=response)


async def asyncio_detailed(
    sid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[None]:
    """Delete a composition's media

    Delete the composed media file. The composition stays readable for 30 days with the status `deleted`
    and its `date_deleted`. A `failed` composition cannot be deleted.

    Args:
        sid (str): The SID of the Composition resource.

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        Response[None]
    """

    kwargs = _get_kwargs(
        sid=sid,
    )
    response = await client._send_async(kwargs, idempotent=True)
    return _build_response(response=response)


async def asyncio(
    sid: str,
    *,
    client: AuthenticatedClient | Client,
) -> None:
    """Delete a composition's media

    Delete the composed media file. The composition stays readable for 30 days with the status `deleted`
    and its `date_deleted`. A `failed` composition cannot be deleted.

    Args:
        sid (str): The SID of the Composition resource.

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        None
    """

    kwargs = _get_kwargs(
        sid=sid,
    )
    response = await client._send_async(kwargs, idempotent=True)
    return _parse_response(response=response)
