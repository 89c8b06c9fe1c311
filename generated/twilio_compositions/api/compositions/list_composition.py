from __future__ import annotations

import datetime
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

import httpx

from ..._coerce import query_value
from ..._exceptions import UnexpectedResponseError, error_from_response
from ..._response_shape import check_shape
from ..._spec_rules import OPERATIONS
from ...models.composition_page import CompositionPage
from ...models.composition_status import CompositionStatus
from ...types import UNSET, Unset

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client
    from ...types import Response

_RULES = OPERATIONS["list_composition"]


def _get_kwargs(
    *,
    status: CompositionStatus | Unset = UNSET,
    date_created_after: datetime.datetime | Unset = UNSET,
    date_created_before: datetime.datetime | Unset = UNSET,
    room_sid: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if status is not UNSET and status is not None:
        params["Status"] = query_value(_RULES.query["Status"], status, "status")
    if date_created_after is not UNSET and date_created_after is not None:
        params["DateCreatedAfter"] = query_value(
            _RULES.query["DateCreatedAfter"], date_created_after, "date_created_after"
        )
    if date_created_before is not UNSET and date_created_before is not None:
        params["DateCreatedBefore"] = query_value(
            _RULES.query["DateCreatedBefore"], date_created_before, "date_created_before"
        )
    if room_sid is not UNSET and room_sid is not None:
        params["RoomSid"] = query_value(_RULES.query["RoomSid"], room_sid, "room_sid")
    if page_size is not UNSET and page_size is not None:
        params["PageSize"] = query_value(_RULES.query["PageSize"], page_size, "page_size")
    if page is not UNSET and page is not None:
        params["Page"] = query_value(_RULES.query["Page"], page, "page")
    if page_token is not UNSET and page_token is not None:
        params["PageToken"] = query_value(_RULES.query["PageToken"], page_token, "page_token")
    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/Compositions",
        "params": params,
    }
    return _kwargs


def _parse_response(*, response: httpx.Response) -> CompositionPage:
    if response.status_code == 200:
        try:
            data = response.json()
            check_shape(_RULES.responses[200], data, "composition_page")
            return CompositionPage._from_checked(data)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            raise error_from_response(
                response,
                error_class=UnexpectedResponseError,
                reason=f"the body does not parse as CompositionPage ({exc})",
            ) from exc
    raise error_from_response(response)


def _build_response(*, response: httpx.Response) -> Response[CompositionPage]:
    parsed = _parse_response(response=response)  # first: it raises for any status HTTPStatus may not know
    from ...types import Response  # here: CompositionsClient never builds one

    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: CompositionStatus | Unset = UNSET,
    date_created_after: datetime.datetime | Unset = UNSET,
    date_created_before: datetime.datetime | Unset = UNSET,
    room_sid: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[CompositionPage]:
    """List compositions

    Read the account's compositions, newest first, a page at a time. `deleted` compositions are listed
    only when `Status=deleted` is asked for.

    Args:
        status (CompositionStatus | Unset): Where the composition is in its life. `enqueued`:
            received and waiting to be processed (the first state). `processing`: being composed.
            `completed`: done, and the media can be downloaded. `deleted`: the media was deleted; the
            metadata stays available for 30 days. `failed`: the media processing did not succeed.
        date_created_after (datetime.datetime | Unset):
        date_created_before (datetime.datetime | Unset):
        room_sid (str | Unset): A room SID.
        page_size (int | Unset):
        page (int | Unset):
        page_token (str | Unset):

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        Response[CompositionPage]
    """

    kwargs = _get_kwargs(
        status=status,
        date_created_after=date_created_after,
        date_created_before=date_created_before,
        room_sid=room_sid,
        page_size=page_size,
        page=page,
        page_token=page_token,
    )
    response = client._send(kwargs, idempotent=True)
    return _build_response(response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    status: CompositionStatus | Unset = UNSET,
    date_created_after: datetime.datetime | Unset = UNSET,
    date_created_before: datetime.datetime | Unset = UNSET,
    room_sid: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> CompositionPage:
    """List compositions

    Read the account's compositions, newest first, a page at a time. `deleted` compositions are listed
    only when `Status=deleted` is asked for.

    Args:
        status (CompositionStatus | Unset): Where the composition is in its life. `enqueued`:
            received and waiting to be processed (the first state). `processing`: being composed.
            `completed`: done, and the media can be downloaded. `deleted`: the media was deleted; the
            metadata stays available for 30 days. `failed`: the media processing did not succeed.
        date_created_after (datetime.datetime | Unset):
        date_created_before (datetime.datetime | Unset):
        room_sid (str | Unset): A room SID.
        page_size (int | Unset):
        page (int | Unset):
        page_token (str | Unset):

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        CompositionPage
    """

    kwargs = _get_kwargs(
        status=status,
        date_created_after=date_created_after,
        date_created_before=date_created_before,
        room_sid=room_sid,
        page_size=page_size,
        page=page,
        page_token=page_token,
    )
    response = client._send(kwargs, idempotent=True)
    return _parse_response(response=response)


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: CompositionStatus | Unset = UNSET,
    date_created_after: datetime.datetime | Unset = UNSET,
    date_created_before: datetime.datetime | Unset = UNSET,
    room_sid: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[CompositionPage]:
    """List compositions

    Read the account's compositions, newest first, a page at a time. `deleted` compositions are listed
    only when `Status=deleted` is asked for.

    Args:
        status (CompositionStatus | Unset): Where the composition is in its life. `enqueued`:
            received and waiting to be processed (the first state). `processing`: being composed.
            `completed`: done, and the media can be downloaded. `deleted`: the media was deleted; the
            metadata stays available for 30 days. `failed`: the media processing did not succeed.
        date_created_after (datetime.datetime | Unset):
        date_created_before (datetime.datetime | Unset):
        room_sid (str | Unset): A room SID.
        page_size (int | Unset):
        page (int | Unset):
        page_token (str | Unset):

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        Response[CompositionPage]
    """

    kwargs = _get_kwargs(
        status=status,
        date_created_after=date_created_after,
        date_created_before=date_created_before,
        room_sid=room_sid,
        page_size=page_size,
        page=page,
        page_token=page_token,
    )
    response = await client._send_async(kwargs, idempotent=True)
    return _build_response(response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    status: CompositionStatus | Unset = UNSET,
    date_created_after: datetime.datetime | Unset = UNSET,
    date_created_before: datetime.datetime | Unset = UNSET,
    room_sid: str | Unset = UNSET,
    page_size: int | Unset = UNSET,
    page: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> CompositionPage:
    """List compositions

    Read the account's compositions, newest first, a page at a time. `deleted` compositions are listed
    only when `Status=deleted` is asked for.

    Args:
        status (CompositionStatus | Unset): Where the composition is in its life. `enqueued`:
            received and waiting to be processed (the first state). `processing`: being composed.
            `completed`: done, and the media can be downloaded. `deleted`: the media was deleted; the
            metadata stays available for 30 days. `failed`: the media processing did not succeed.
        date_created_after (datetime.datetime | Unset):
        date_created_before (datetime.datetime | Unset):
        room_sid (str | Unset): A room SID.
        page_size (int | Unset):
        page (int | Unset):
        page_token (str | Unset):

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        CompositionPage
    """

    kwargs = _get_kwargs(
        status=status,
        date_created_after=date_created_after,
        date_created_before=date_created_before,
        room_sid=room_sid,
        page_size=page_size,
        page=page,
        page_token=page_token,
    )
    response = await client._send_async(kwargs, idempotent=True)
    return _parse_response(response=response)
