from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from ..._coerce import query_value
from ..._exceptions import UnexpectedResponseError, error_from_response
from ..._response_shape import check_shape
from ..._spec_rules import OPERATIONS
from ..._validation import validate
from ...models.media_content_disposition import MediaContentDisposition
from ...models.media_redirect import MediaRedirect
from ...types import UNSET, Unset

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client
    from ...types import Response

_RULES = OPERATIONS["fetch_composition_media"]


def _get_kwargs(
    sid: str,
    *,
    ttl: int | Unset = UNSET,
    content_disposition: MediaContentDisposition | Unset = UNSET,
) -> dict[str, Any]:
    validate(_RULES.path["Sid"], sid, "sid")
    params: dict[str, Any] = {}
    if ttl is not UNSET and ttl is not None:
        params["Ttl"] = query_value(_RULES.query["Ttl"], ttl, "ttl")
    if content_disposition is not UNSET and content_disposition is not None:
        params["ContentDisposition"] = query_value(
            _RULES.query["ContentDisposition"], content_disposition, "content_disposition"
        )
    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/Compositions/{sid}/Media".format(
            sid=quote(str(sid), safe=""),
        ),
        "params": params,
    }
    return _kwargs


def _parse_response(*, response: httpx.Response) -> MediaRedirect:
    if response.status_code == 302:
        try:
            data = response.json()
            check_shape(_RULES.responses[302], data, "media_redirect")
            return MediaRedirect._from_checked(data)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            raise error_from_response(
                response,
                error_class=UnexpectedResponseError,
                reason=f"the body does not parse as MediaRedirect ({exc})",
            ) from exc
    raise error_from_response(response)


def _build_response(*, response: httpx.Response) -> Response[MediaRedirect]:
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
    ttl: int | Unset = UNSET,
    content_disposition: MediaContentDisposition | Unset = UNSET,
) -> Response[MediaRedirect]:
    """Get a composition's media URL

    Answer with a redirect to a short-lived URL of the composed media file, on a storage host whose URL
    carries its own signature: it needs (and must get) no account credentials. 404 while the media is
    not available yet.

    Args:
        sid (str): The SID of the Composition resource.
        ttl (int | Unset):
        content_disposition (MediaContentDisposition | Unset): How a browser should treat the
            media URL, `attachment` (save it) or `inline` (show it).

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        Response[MediaRedirect]
    """

    kwargs = _get_kwargs(
        sid=sid,
        ttl=ttl,
        content_disposition=content_disposition,
    )
    response = client._send(kwargs, idempotent=True)
    return _build_response(response=response)


def sync(
    sid: str,
    *,
    client: AuthenticatedClient | Client,
    ttl: int | Unset = UNSET,
    content_disposition: MediaContentDisposition | Unset = UNSET,
) -> MediaRedirect:
    """Get a composition's media URL

    Answer with a redirect to a short-lived URL of the composed media file, on a storage host whose URL
    carries its own signature: it needs (and must get) no account credentials. 404 while the media is
    not available yet.

    Args:
        sid (str): The SID of the Composition resource.
        ttl (int | Unset):
        content_disposition (MediaContentDisposition | Unset): How a browser should treat the
            media URL, `attachment` (save it) or `inline` (show it).

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        MediaRedirect
    """

    kwargs = _get_kwargs(
        sid=sid,
        ttl=ttl,
        content_disposition=content_disposition,
    )
    response = client._send(kwargs, idempotent=True)
    return _parse_response(response=response)


async def asyncio_detailed(
    sid: str,
    *,
    client: AuthenticatedClient | Client,
    ttl: int | Unset = UNSET,
    content_disposition: MediaContentDisposition | Unset = UNSET,
) -> Response[MediaRedirect]:
    """Get a composition's media URL

    Answer with a redirect to a short-lived URL of the composed media file, on a storage host whose URL
    carries its own signature: it needs (and must get) no account credentials. 404 while the media is
    not available yet.

    Args:
        sid (str): The SID of the Composition resource.
        ttl (int | Unset):
        content_disposition (MediaContentDisposition | Unset): How a browser should treat the
            media URL, `attachment` (save it) or `inline` (show it).

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        Response[MediaRedirect]
    """

    kwargs = _get_kwargs(
        sid=sid,
        ttl=ttl,
        content_disposition=content_disposition,
    )
    response = await client._send_async(kwargs, idempotent=True)
    return _build_response(response=response)


async def asyncio(
    sid: str,
    *,
    client: AuthenticatedClient | Client,
    ttl: int | Unset = UNSET,
    content_disposition: MediaContentDisposition | Unset = UNSET,
) -> MediaRedirect:
    """Get a composition's media URL

    Answer with a redirect to a short-lived URL of the composed media file, on a storage host whose URL
    carries its own signature: it needs (and must get) no account credentials. 404 while the media is
    not available yet.

    Args:
        sid (str): The SID of the Composition resource.
        ttl (int | Unset):
        content_disposition (MediaContentDisposition | Unset): How a browser should treat the
            media URL, `attachment` (save it) or `inline` (show it).

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        MediaRedirect
    """

    kwargs = _get_kwargs(
        sid=sid,
        ttl=ttl,
        content_disposition=content_disposition,
    )
    response = await client._send_async(kwargs, idempotent=True)
    return _parse_response(response=response)
