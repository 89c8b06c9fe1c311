"""Twilio's timestamps: ISO 8601 in GMT, written with a "Z" (2015-07-30T20:00:00Z).

Parsing always gives an aware datetime: a timestamp without an offset is GMT, as the API documents
all of its dates to be. Writing gives back Twilio's form, so a parsed response written back is the
very same text.
"""

from __future__ import annotations

import datetime

# Whether a text is a date-time parse_datetime takes (it raises ValueError alike): all that the response
# shape check asks, without parse_datetime's own call around it.
iso_datetime = datetime.datetime.fromisoformat


def parse_datetime(text: str) -> datetime.datetime:
    parsed = datetime.datetime.fromisoformat(text)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=datetime.UTC)


def format_datetime(value: datetime.datetime) -> str:
    text = value.isoformat()
    return text[: -len("+00:00")] + "Z" if text.endswith("+00:00") else text
