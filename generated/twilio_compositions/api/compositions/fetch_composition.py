from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from ..._exceptions import UnexpectedResponseError, error_from_response
from ..._response_shape import check_shape
from ..._spec_rules import OPERATIONS
from ..._validation import validate
from ...models.composition import Composition

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client
    from ...types import Response

_RULES = OPERATIONS["fetch_composition"]


def _get_kwargs(
    sid: str,
) -> dict[str, Any]:
    validate(_RULES.path["Sid"], sid, "sid")
    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/Compositions/{sid}".format(
            sid=quote(str(sid), safe=""),
        ),
    }
    return _kwargs


def _parse_response(*, response: httpx.Response) -> Composition:
    if response.status_code == 200:
        try:
            data = response.json()
            check_shape(_RULES.responses[200], data, "composition")
            return Composition._from_checked(data)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            raise error_from_response(
                response,
                error_class=UnexpectedResponseError,
                reason=f"the body does not parse as Composition ({exc})",
            ) from exc
    raise error_from_response(response)


def _build_response(*, response: httpx.Response) -> Response[Composition]:
    parsed = _parse_response(response=response)  # first: it raises for any status HTTPStatus may not know
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
) -> Response[Composition]:
    """Fetch a composition

    Return one Composition resource, identified by its SID.

    Args:
        sid (str): The SID of the Composition resource.

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        Response[Composition]
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
) -> Composition:
    """Fetch a composition

    Return one Composition resource, identified by its SID.

    Args:
        sid (str): The SID of the Composition resource.

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        Composition
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
) -> Response[Composition]:
    """Fetch a composition

    Return one Composition resource, identified by its SID.

    Args:
        sid (str): The SID of the Composition resource.

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        Response[Composition]
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
) -> Composition:
    """Fetch a composition

    Return one Composition resource, identified by its SID.

    Args:
        sid (str): The SID of the Composition resource.

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        Composition
    """

    kwargs = _get_kwargs(
        sid=sid,
    )
    response = await client._send_async(kwargs, idempotent=True)
    return _parse_response(response=response)
