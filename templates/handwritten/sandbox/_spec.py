"""What the sandbox reads from the spec's rule tables, gathered in one place.

The sandbox implements each operation by hand (what a list filter or a delete means cannot be read off
a schema), but every name it uses comes from here: operations by their operationId, the statuses of a
composition's life (x-wait on the fetch operation says which are final and what they mean; the two
before them are the enum's first two), the media formats (the answer's `format` enum), the list's
filters (its query parameters that are not about paging) and where its answer keeps the next page.
"""

from __future__ import annotations

from .._spec_rules import OPERATIONS
from .._validation import OperationRules, Schema


def operation(operation_id: str) -> OperationRules:
    """The rules of the spec's operation of this operationId."""
    for rules in OPERATIONS.values():
        if rules.operation_id == operation_id:
            return rules
    raise LookupError(f"the spec has no operation {operation_id}")


def _the_one(what: str) -> OperationRules:
    found = [rules for rules in OPERATIONS.values() if getattr(rules, what)]
    if len(found) != 1:
        raise LookupError(f"the sandbox needs exactly one operation with x-{what}, the spec has {len(found)}")
    return found[0]


_WAITED = _the_one("wait")
_WAIT = _WAITED.wait or {}
_ANSWER: Schema = _WAITED.responses[min(_WAITED.responses)]
STATUSES: tuple[str, ...] = tuple(_ANSWER["properties"][_WAIT["field"]]["enum"])
_FINAL: dict[str, str] = dict(_WAIT["final"])
COMPLETED = next(value for value, outcome in _FINAL.items() if outcome == "success")
FAILED = next(value for value, outcome in _FINAL.items() if outcome == "failure")
DELETED = next(value for value, outcome in _FINAL.items() if outcome == "gone")
# Before the end: received and waiting (the enum's first value), then being worked on (its second).
ENQUEUED, PROCESSING = (value for value in STATUSES[:2] if value not in _FINAL)

MEDIA_FORMATS: tuple[str, ...] = tuple(_ANSWER["properties"]["format"]["enum"])
COMPOSITION_SID_PATTERN: str = _WAITED.path["Sid"]["pattern"]

LIST = _the_one("pagination")
_PAGINATION = LIST.pagination or {}
ITEMS_KEY: str = _PAGINATION["items"]
META_KEY: str = _PAGINATION["next_page_url"][0]
# Twilio's paging parameters; every other query parameter of the list chooses what is listed.
PAGING_PARAMETERS = ("PageSize", "Page", "PageToken")
FILTERS: tuple[str, ...] = tuple(name for name in LIST.query if name not in PAGING_PARAMETERS)
