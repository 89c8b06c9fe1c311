"""The list operation: the filters, newest first, and pages whose tokens stay put.

A page token names the item it is next to: "PT" + a SID is the page after that composition (older
ones), "PB" + a SID the page before it (newer ones). A composition created between two page requests
is newer than every item listed so far, so it never shifts the pages that follow, which an offset
(Page * PageSize) would. Deleted compositions are listed only when Status=deleted is asked for.

The page's URLs are absolute and on the real API's host (DEFAULT_BASE_URL), as Twilio writes them on
its own: a client must take only their path and query and ask its own base URL, and one that followed
the host would not reach the sandbox, which tests prove.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from .._exceptions import ValidationError
from .._spec_rules import DEFAULT_BASE_URL
from .._validation import Schema
from ._answers import build_answer
from ._spec import DELETED, FILTERS, ITEMS_KEY, LIST, META_KEY
from ._store import CompositionStore, Record

_LIST = LIST
_PAGE_SCHEMA: Schema = _LIST.responses[(_LIST.pagination or {})["page_status"]]
_ITEM_SCHEMA: Schema = _PAGE_SCHEMA["properties"][ITEMS_KEY]["items"]
_META_SCHEMA: Schema = _PAGE_SCHEMA["properties"][META_KEY]
AFTER, BEFORE = "PT", "PB"


# The filters _selected() implements; a test keeps them equal to the spec's (FILTERS), so a filter the
# spec gains cannot be ignored silently.
IMPLEMENTED_FILTERS = ("Status", "RoomSid", "DateCreatedAfter", "DateCreatedBefore")


def _selected(store: CompositionStore, query: Mapping[str, Any]) -> list[Record]:
    wanted_status = query.get("Status")
    room = str(query.get("RoomSid", "")).lower()
    after, before = query.get("DateCreatedAfter"), query.get("DateCreatedBefore")
    selected = []
    for record in store.newest_first():
        status = store.status(record)
        if (wanted_status is None and status == DELETED) or (wanted_status not in (None, status)):
            continue
        if room and str(record.fields["RoomSid"]).lower() != room:
            continue
        if (after is not None and record.date_created < after) or (
            before is not None and record.date_created >= before
        ):
            continue
        selected.append(record)
    return selected


def _page_items(store: CompositionStore, selected: list[Record], query: Mapping[str, Any]) -> list[Record]:
    size, page, token = query["PageSize"], query.get("Page", 0), query.get("PageToken")
    if token is None:
        return selected[page * size : (page + 1) * size]
    anchor = store.get(token[2:])
    if token[:2] not in (AFTER, BEFORE) or anchor is None:
        raise ValidationError("PageToken", "is not a page token of this list")
    if token[:2] == AFTER:
        return [record for record in selected if record.index < anchor.index][:size]
    newer = [record for record in selected if record.index > anchor.index]
    return newer[-size:]


def list_page(
    store: CompositionStore, query: Mapping[str, Any], given: Mapping[str, str], base_url: str
) -> dict[str, Any]:
    """The answer to a list request: `query` as parse_query() read it, `given` the texts it was sent.

    Raises ValidationError for a page token that points nowhere.
    """
    selected = _selected(store, query)
    items = _page_items(store, selected, query)
    size, page = query["PageSize"], query.get("Page", 0)
    filters = [(name, given[name]) for name in FILTERS if name in given]  # kept in every page's URL

    def url(number: int, token: str | None = None) -> str:
        params = [*filters, ("PageSize", str(size)), ("Page", str(number))]
        if token is not None:
            params.append(("PageToken", token))
        return f"{DEFAULT_BASE_URL}{_LIST.route}?{urlencode(params)}"

    older = bool(items) and any(record.index < items[-1].index for record in selected)
    meta = {
        "page": page,
        "page_size": size,
        "first_page_url": url(0),
        "previous_page_url": (url(page - 1, BEFORE + items[0].sid) if items else url(page - 1))
        if page > 0
        else None,
        "url": url(page, given.get("PageToken")),
        "next_page_url": url(page + 1, AFTER + items[-1].sid) if older else None,
        "key": ITEMS_KEY,
    }
    compositions = [build_answer(_ITEM_SCHEMA, store.known_values(record, base_url)) for record in items]
    return build_answer(_PAGE_SCHEMA, {ITEMS_KEY: compositions, META_KEY: build_answer(_META_SCHEMA, meta)})
