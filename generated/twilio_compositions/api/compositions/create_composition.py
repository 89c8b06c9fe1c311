from __future__ import annotations

from collections.abc import Collection
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

import httpx

from ..._api_rules import check_operation
from ..._exceptions import UnexpectedResponseError, error_from_response
from ..._form import encode_form
from ..._response_shape import check_shape
from ..._spec_rules import OPERATIONS
from ..._validation import validate_params
from ...models.composition import Composition
from ...models.create_composition_request import CreateCompositionRequest

if TYPE_CHECKING:
    from ...client import AuthenticatedClient, Client
    from ...types import Response

_RULES = OPERATIONS["create_composition"]


def _get_kwargs(
    *,
    body: CreateCompositionRequest,
) -> dict[str, Any]:
    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/Compositions",
    }
    _kwargs.update(_body_kwargs(body.to_dict()))
    return _kwargs


def _body_kwargs(fields: dict[str, Any], checked: Collection[str] = ()) -> dict[str, Any]:
    """The content of a request with these body fields (spec names, as to_dict() gives them), checked.

    `checked`: fields the caller has validated already, on the very same value (see _coerce.model_field).
    """
    validate_params(_RULES.body or {}, fields, _RULES.body_names, checked)
    check_operation(_RULES, fields, _RULES.body_names)
    return {
        "content": encode_form(fields, _RULES.body_encoding),
        "headers": {"Content-Type": "application/x-www-form-urlencoded"},
    }


def _form_kwargs(fields: dict[str, Any], checked: Collection[str] = ()) -> dict[str, Any]:
    """What _get_kwargs(body=...) gives for a body whose to_dict() is `fields`, without the model
    (CompositionsClient builds the fields itself). _body_kwargs written out: a call less on every create."""
    validate_params(_RULES.body or {}, fields, _RULES.body_names, checked)
    check_operation(_RULES, fields, _RULES.body_names)
    return {
        "method": "post",
        "url": "/v1/Compositions",
        "content": encode_form(fields, _RULES.body_encoding),
        "headers": {"Content-Type": "application/x-www-form-urlencoded"},
    }


def _parse_response(*, response: httpx.Response) -> Composition:
    if response.status_code == 201:
        try:
            data = response.json()
            check_shape(_RULES.responses[201], data, "composition")
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
    *,
    client: AuthenticatedClient | Client,
    body: CreateCompositionRequest,
) -> Response[Composition]:
    """Create a composition

    Ask for the recorded tracks of a Group Room to be composed into one media file. The answer is the
    new composition, normally still `enqueued`; follow it with the fetch operation or a status callback.

    Args:
        body (CreateCompositionRequest): The form parameters of a create request. Either
            `VideoLayout` or `AudioSources` must be given. Parameters the caller did not set are not
            sent.

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        Response[Composition]
    """

    kwargs = _get_kwargs(
        body=body,
    )
    response = client._send(kwargs, idempotent=False)
    return _build_response(response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: CreateCompositionRequest,
) -> Composition:
    """Create a composition

    Ask for the recorded tracks of a Group Room to be composed into one media file. The answer is the
    new composition, normally still `enqueued`; follow it with the fetch operation or a status callback.

    Args:
        body (CreateCompositionRequest): The form parameters of a create request. Either
            `VideoLayout` or `AudioSources` must be given. Parameters the caller did not set are not
            sent.

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        Composition
    """

    kwargs = _get_kwargs(
        body=body,
    )
    response = client._send(kwargs, idempotent=False)
    return _parse_response(response=response)


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateCompositionRequest,
) -> Response[Composition]:
    """Create a composition

    Ask for the recorded tracks of a Group Room to be composed into one media file. The answer is the
    new composition, normally still `enqueued`; follow it with the fetch operation or a status callback.

    Args:
        body (CreateCompositionRequest): The form parameters of a create request. Either
            `VideoLayout` or `AudioSources` must be given. Parameters the caller did not set are not
            sent.

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        Response[Composition]
    """

    kwargs = _get_kwargs(
        body=body,
    )
    response = await client._send_async(kwargs, idempotent=False)
    return _build_response(response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateCompositionRequest,
) -> Composition:
    """Create a composition

    Ask for the recorded tracks of a Group Room to be composed into one media file. The answer is the
    new composition, normally still `enqueued`; follow it with the fetch operation or a status callback.

    Args:
        body (CreateCompositionRequest): The form parameters of a create request. Either
            `VideoLayout` or `AudioSources` must be given. Parameters the caller did not set are not
            sent.

    Raises:
        ValidationError: an argument breaks a rule of the spec; nothing was sent.
        ApiError: the server answered with an error status (a subclass per status: NotFoundError, ...).
        ApiConnectionError: the request got no answer, after the retries (ApiTimeoutError: not in time).

    Returns:
        Composition
    """

    kwargs = _get_kwargs(
        body=body,
    )
    response = await client._send_async(kwargs, idempotent=False)
    return _parse_response(response=response)
