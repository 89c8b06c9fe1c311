"""application/x-www-form-urlencoded bodies, both ways, as the spec's `encoding` object says.

Each field travels one of three ways ("how", from _spec_rules.py):
    json    the value as one compact JSON document     VideoLayout={"grid":{"video_sources":["*"]}}
    repeat  one key per array item                     AudioSources=a&AudioSources=b%2A
    plain   the value as text; booleans as true/false  Trim=false
Fields that are absent are not sent; nothing is ever sent as Python's str() of a dict or a list.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from ._exceptions import ValidationError
from ._validation import Schema


def _text(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise ValidationError(name, f"cannot be sent as a form value: {type(value).__name__}")


# json.dumps() with any argument builds a new JSONEncoder on every call; one made once encodes the same.
_COMPACT_JSON = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)

# quote_plus() as one str.translate of the UTF-8 bytes (read as Latin-1, a char per byte): quote_plus
# quotes byte by byte in a Python loop, which was most of what encoding a layout cost. The same output:
# the unreserved characters as they are, a space as +, any other byte as %XX (tests/test_create_fields).
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")
_QUOTED = {
    byte: chr(byte) if byte in _UNRESERVED else "+" if byte == 0x20 else f"%{byte:02X}" for byte in range(256)
}


def _quote_plus(text: str) -> str:
    return text.encode("utf-8").decode("latin-1").translate(_QUOTED)


# Each field name as it opens its pair, quoted once: the names are the spec's, a handful.
_keys: dict[str, str] = {}


def encode_form(fields: Mapping[str, Any], encoding: Mapping[str, str]) -> bytes:
    """The body bytes for fields (spec names -> JSON-ready values), in the order given.

    What urlencode() makes of (name, text) pairs, without its checks of types already known here.
    """
    pairs: list[str] = []
    for name, value in fields.items():
        how = encoding.get(name, "plain")
        key = _keys.get(name)
        if key is None:
            key = _quote_plus(name) + "="
            if len(_keys) < 256:  # names of no spec (a raw caller's) must not pile up
                _keys[name] = key
        if how == "json":
            pairs.append(key + _quote_plus(_COMPACT_JSON.encode(value)))
        elif how == "repeat":
            pairs.extend(key + _quote_plus(_text(name, item)) for item in value)
        else:
            pairs.append(key + _quote_plus(_text(name, value)))
    return "&".join(pairs).encode("ascii")


def _from_text(name: str, text: str, schema: Schema) -> Any:
    declared = schema.get("type")
    types = [declared] if isinstance(declared, str) else list(declared or ())
    if "boolean" in types:
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        raise ValidationError(name, f"must be true or false, got {text!r}")
    if "integer" in types:
        try:
            return int(text)
        except ValueError:
            raise ValidationError(name, f"must be an integer, got {text!r}") from None
    return text


def decode_form(body: bytes, schema: Schema, encoding: Mapping[str, str]) -> dict[str, Any]:
    """The fields of a form body, as JSON-ready values (the inverse of encode_form).

    Raises ValidationError, naming the field by its spec name, when a value cannot be decoded: a JSON
    field that is not JSON (such as Python's str() of a dict), a repeated plain field, a bad boolean.
    """
    properties: Mapping[str, Schema] = schema.get("properties", {})
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body))
    except (UnicodeDecodeError, ValueError):
        raise ValidationError("body", "is not a valid application/x-www-form-urlencoded document") from None
    fields: dict[str, Any] = {}
    for name, text in pairs:
        how = encoding.get(name, "plain")
        if how == "repeat":
            fields.setdefault(name, []).append(text)
        elif name in fields:
            raise ValidationError(name, "must be given once")
        elif how == "json":
            try:
                fields[name] = json.loads(text)
            except ValueError:
                raise ValidationError(name, f"must be a JSON document, got {text[:60]!r}") from None
        else:
            fields[name] = _from_text(name, text, properties.get(name, {}))
    return fields
