"""Pagers: the items of a list operation, across pages, each page fetched only when it is needed.

A list operation (x-pagination in the spec) returns a pager at once, its arguments checked. Iterating
it yields every item of every page; pages() yields the typed pages themselves (with their `meta`).
The next page is the answer's next_page_url, which Twilio writes as an absolute URL on its own host:
only its path and query are taken, and asked of the client's own base URL, so credentials never go to
a host the user did not choose, and the sandbox and regional base URLs keep working. A next page on
another path than the list's own is not followed: it is an UnexpectedResponseError.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import parse_qsl, urlsplit

import httpx

from ._exceptions import UnexpectedResponseError, error_from_response

if TYPE_CHECKING:
    from ._base_client import AsyncBaseClient, SyncBaseClient, TimeoutArg
    from ._sentinels import ClientDefault

PageT = TypeVar("PageT")
ItemT = TypeVar("ItemT")
ClientT = TypeVar("ClientT", bound="SyncBaseClient | AsyncBaseClient")


class _Pager(Generic[ClientT, PageT, ItemT]):
    """What both pagers share; `client` is the client whose _request sends each page."""

    def __init__(
        self,
        client: ClientT,
        first: dict[str, Any],
        *,
        parse: Callable[..., PageT],
        items: Callable[[PageT], Sequence[ItemT]],
        next_page_url: Callable[[PageT], str | None],
        route: str,
        max_retries: int | ClientDefault,
        timeout: TimeoutArg | ClientDefault | None,
    ) -> None:
        client._start(first, idempotent=True, max_retries=max_retries, timeout=timeout)  # checks them now
        self._client = client
        self._first = first
        self._parse = parse
        self._items = items
        self._next_page_url = next_page_url
        self._route = route
        self._options: dict[str, Any] = {"idempotent": True, "max_retries": max_retries, "timeout": timeout}

    def _next(
        self, page: PageT, response: httpx.Response, seen: set[tuple[str, ...]]
    ) -> dict[str, Any] | None:
        """The request for the page after `page`, or None when it is the last.

        `seen` holds the pages asked for so far: a server that links back to one of them (A -> B -> A)
        would otherwise keep the loop going for ever.
        """
        url = self._next_page_url(page)
        if not url:
            return None
        parts = urlsplit(str(url))
        if parts.path != self._route:
            reason = f"the next page is on {parts.path!r}, not on the list's own {self._route!r}"
            raise error_from_response(response, error_class=UnexpectedResponseError, reason=reason)
        params = parse_qsl(parts.query, keep_blank_values=True)
        sent = response.request.url
        seen.add(_page_key(sent.path, parse_qsl(sent.query.decode(), keep_blank_values=True)))
        if _page_key(parts.path, params) in seen:
            reason = "the next page is one already read (the pages link in a loop)"
            raise error_from_response(response, error_class=UnexpectedResponseError, reason=reason)
        return {"method": "GET", "url": parts.path, "params": params}


def _page_key(path: str, params: list[tuple[str, str]]) -> tuple[str, ...]:
    return (path, *(f"{name}={value}" for name, value in sorted(params)))


class SyncPager(_Pager["SyncBaseClient", PageT, ItemT]):
    """Iterate it for every item; pages() for the pages."""

    def pages(self) -> Iterator[PageT]:
        request: dict[str, Any] | None = self._first
        seen: set[tuple[str, ...]] = set()
        while request is not None:
            response = self._client._request(request, **self._options)
            page = self._parse(response=response)
            yield page
            request = self._next(page, response, seen)

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.pages():
            yield from self._items(page)


class AsyncPager(_Pager["AsyncBaseClient", PageT, ItemT]):
    """`async for` it for every item; `async for page in pager.pages()` for the pages."""

    async def pages(self) -> AsyncIterator[PageT]:
        request: dict[str, Any] | None = self._first
        seen: set[tuple[str, ...]] = set()
        while request is not None:
            response = await self._client._request(request, **self._options)
            page = self._parse(response=response)
            yield page
            request = self._next(page, response, seen)

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.pages():
            for item in self._items(page):
                yield item
