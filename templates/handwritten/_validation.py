"""Checks arguments against the rules of the OpenAPI document before anything is sent.

The rules are JSON Schema fragments copied from the spec at generation time (see _spec_rules.py), so
this module knows no API detail itself: it implements the handful of JSON Schema keywords the spec
uses, and turns the first broken one into a ValidationError that names the argument and the rule.
The sandbox server runs the same checks on the requests it receives.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from ._exceptions import ValidationError

Schema = Mapping[str, Any]

# The Python types of each JSON Schema type (bool aside: True is an int to Python, not to JSON).
JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list, tuple),
    "object": (Mapping,),
    "null": (type(None),),
}
_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "array": "a list",
    "object": "a mapping",
    "null": "None",
}
_URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_patterns: dict[str, re.Pattern[str]] = {}


class OperationRules:
    """What an operation is and accepts, from the spec: its route, schemas by parameter, how its form
    body travels, its answers, and what the spec's extensions say about it. Read-only.

    A plain class rather than a frozen dataclass: the client imports this module, and making a 17-field
    dataclass (with the dataclasses module itself) cost more than the rest of the module.
    """

    __slots__ = _RULE_FIELDS = (
        "operation_id",
        "method",
        "route",
        "client_method",
        "path",
        "query",
        "query_defaults",
        "body",
        "body_names",
        "body_encoding",
        "body_defaults",
        "success",
        "responses",
        "checks",
        "pagination",
        "download",
        "wait",
    )

    operation_id: str
    method: str
    route: str  # the path template, "/v1/Compositions/{Sid}"
    client_method: str  # the CompositionsClient method it is (x-client-method)
    path: Mapping[str, Schema]
    query: Mapping[str, Schema]
    # Spec names of query parameters -> what the server assumes when one is absent (never sent).
    query_defaults: Mapping[str, Any]
    body: Schema | None
    # Spec names of body fields -> the names the Python caller uses for them.
    body_names: Mapping[str, str]
    # Spec names of body fields -> "json", "repeat" or "plain" (see _form.py).
    body_encoding: Mapping[str, str]
    # Spec names of body fields -> what the server assumes when the field is absent (never sent).
    body_defaults: Mapping[str, Any]
    # Documented success status (2xx, 3xx) -> "json" or "empty".
    success: Mapping[int, str]
    # Status -> the schema of the JSON body of each success response (see _response_shape.py).
    responses: Mapping[int, Schema]
    # The API's prose rules (x-checks): each a check of _api_rules.py and the fields it reads.
    checks: tuple[Mapping[str, Any], ...]
    # x-pagination: "items" (the field of the page holding them), "next_page_url" (its path of names).
    pagination: Mapping[str, Any] | None
    # x-download: "url" (the field of the redirect body holding the file's URL), "status".
    download: Mapping[str, Any] | None
    # x-wait: "field" (what wait() polls), "final" (value -> "success", "failure" or "gone").
    wait: Mapping[str, Any] | None

    def __init__(
        self,
        *,
        operation_id: str = "",
        method: str = "GET",
        route: str = "",
        client_method: str = "",
        path: Mapping[str, Schema] | None = None,
        query: Mapping[str, Schema] | None = None,
        query_defaults: Mapping[str, Any] | None = None,
        body: Schema | None = None,
        body_names: Mapping[str, str] | None = None,
        body_encoding: Mapping[str, str] | None = None,
        body_defaults: Mapping[str, Any] | None = None,
        success: Mapping[int, str] | None = None,
        responses: Mapping[int, Schema] | None = None,
        checks: tuple[Mapping[str, Any], ...] = (),
        pagination: Mapping[str, Any] | None = None,
        download: Mapping[str, Any] | None = None,
        wait: Mapping[str, Any] | None = None,
    ) -> None:
        values = (
            operation_id,
            method,
            route,
            client_method,
            {} if path is None else path,
            {} if query is None else query,
            {} if query_defaults is None else query_defaults,
            body,
            {} if body_names is None else body_names,
            {} if body_encoding is None else body_encoding,
            {} if body_defaults is None else body_defaults,
            {} if success is None else success,
            {} if responses is None else responses,
            checks,
            pagination,
            download,
            wait,
        )
        for name, value in zip(self._RULE_FIELDS, values, strict=True):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"OperationRules are read-only: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"OperationRules are read-only: cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._RULE_FIELDS)

    __hash__ = None  # type: ignore[assignment]  # holds dicts, as the dataclass did: not hashable

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._RULE_FIELDS)
        return f"OperationRules({shown})"


def _compile(pattern: str) -> re.Pattern[str]:
    """Compile a JSON Schema (ECMA-262) pattern with Python's re, keeping its meaning.

    ECMA's `$` matches only at the very end, Python's also before a final newline; without the
    translation "CJ...\\n" would pass `^CJ[0-9a-fA-F]{32}$`.
    """
    compiled = _patterns.get(pattern)
    if compiled is None:
        out, escaped, in_class = [], False, False
        for char in pattern:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == "[":
                in_class = True
            elif char == "]":
                in_class = False
            elif char == "$" and not in_class:
                out.append(r"\Z")
                continue
            out.append(char)
        compiled = _patterns[pattern] = re.compile("".join(out))
    return compiled


def _has_type(value: Any, type_name: str) -> bool:
    if isinstance(value, bool) and type_name in ("integer", "number"):
        return False  # True is an int to Python, not to JSON
    return isinstance(value, JSON_TYPES[type_name])


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_type(schema: Schema, value: Any, name: str) -> None:
    declared = schema.get("type")
    if declared is None:
        return
    names = [declared] if isinstance(declared, str) else list(declared)
    if not any(_has_type(value, t) for t in names):
        wanted = " or ".join(_TYPE_WORDS[t] for t in names)
        raise ValidationError(name, f"must be {wanted}, not {type(value).__name__}")


def _check_string(schema: Schema, value: str, name: str) -> None:
    # The pattern first: "must match ^CJ[0-9a-fA-F]{32}$" says more than a length would.
    pattern = schema.get("pattern")
    if pattern is not None and not _compile(pattern).search(value):
        rule = schema.get("x-pattern-rule") or f"must match {pattern}"
        raise ValidationError(name, f"{rule}, got {_show(value)}")
    low, high = schema.get("minLength"), schema.get("maxLength")
    if low is not None and low == high and len(value) != low:
        rule = f"must be exactly {low} characters long, got {len(value)}: {_show(value)}"
        raise ValidationError(name, rule)
    if low is not None and len(value) < low:
        raise ValidationError(name, f"must be at least {low} characters long, got {_show(value)}")
    if high is not None and len(value) > high:
        raise ValidationError(name, f"must be at most {high} characters long, got {len(value)}")
    if schema.get("format") == "uri" and (not _URI_SCHEME.match(value) or any(c.isspace() for c in value)):
        raise ValidationError(name, "must be an absolute URI with a scheme, such as https://example.com/path")


def _check_number(schema: Schema, value: float, name: str) -> None:
    low, high = schema.get("minimum"), schema.get("maximum")
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            bounds = f"between {low} and {high}"
        else:
            bounds = f"at least {low}" if low is not None else f"at most {high}"
        raise ValidationError(name, f"must be {bounds}, got {value}")


def _check_array(schema: Schema, value: Any, name: str) -> None:
    low, high = schema.get("minItems"), schema.get("maxItems")
    if low is not None and len(value) < low:
        raise ValidationError(name, f"must have at least {low} item{'s' if low != 1 else ''}")
    if high is not None and len(value) > high:
        raise ValidationError(name, f"must have at most {high} item{'s' if high != 1 else ''}")
    items = schema.get("items")
    if items is not None:
        for index, item in enumerate(value):
            validate(items, item, f"{name}[{index}]")


def _check_object(schema: Schema, value: Mapping[str, Any], name: str) -> None:
    low, high = schema.get("minProperties"), schema.get("maxProperties")
    if low is not None and len(value) < low:
        raise ValidationError(name, f"must have at least {low} entr{'ies' if low != 1 else 'y'}")
    if high is not None and len(value) > high:
        raise ValidationError(name, f"must have at most {high} entr{'ies' if high != 1 else 'y'}")
    for key in schema.get("required", ()):
        if key not in value:
            raise ValidationError(f"{name}.{key}", "is required")
    properties: Mapping[str, Schema] = schema.get("properties", {})
    extra = schema.get("additionalProperties")
    for key, item in value.items():
        if not isinstance(key, str):
            raise ValidationError(name, f"keys must be strings, got {_show(key)}")
        if key in properties:
            validate(properties[key], item, f"{name}.{key}")
        elif extra is False:
            known = ", ".join(properties)
            raise ValidationError(f"{name}.{key}", f"is not a known property (known: {known})")
        elif extra is not None:
            validate(extra, item, f"{name}[{key!r}]")


def validate(schema: Schema, value: Any, name: str) -> None:
    """Raise ValidationError, naming `name`, if value breaks a rule of schema."""
    if _fast_validation.accepts(schema, value):  # compiled per schema: a valid value (the usual) is quick
        return
    alternatives = schema.get("anyOf")
    if alternatives is not None:
        _validate_any_of(alternatives, value, name)
    _check_type(schema, value, name)
    if "enum" in schema and value not in schema["enum"]:
        allowed = ", ".join(repr(v) for v in schema["enum"])
        raise ValidationError(name, f"must be one of {allowed}, got {_show(value)}")
    if isinstance(value, str):
        _check_string(schema, value, name)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        _check_number(schema, value, name)
    elif isinstance(value, (list, tuple)):
        _check_array(schema, value, name)
    elif isinstance(value, Mapping):
        _check_object(schema, value, name)


def _validate_any_of(alternatives: list[Schema], value: Any, name: str) -> None:
    # The spec uses anyOf for "X or null": report X's broken rule rather than a vague "no match".
    if value is None and any(alt.get("type") == "null" for alt in alternatives):
        return
    candidates = [alt for alt in alternatives if alt.get("type") != "null"]
    first_error: ValidationError | None = None
    for alternative in candidates:
        try:
            validate(alternative, value, name)
            return
        except ValidationError as error:
            first_error = first_error or error
    if first_error is not None:
        raise first_error


def is_valid(schema: Schema, value: Any) -> bool:
    try:
        validate(schema, value, "value")
    except ValidationError:
        return False
    return True


def validate_params(
    schema: Schema, params: Mapping[str, Any], names: Mapping[str, str], checked: Collection[str] = ()
) -> None:
    """Check a set of named parameters (a form body) against an object schema.

    `names` maps the spec's parameter names to the ones the caller used, so that errors name
    `room_sid` for a Python caller and `RoomSid` for a raw HTTP one (whose names map to themselves).
    `checked` names parameters already validated against their rule, whose second check could only pass.
    """
    for key in schema.get("required", ()):
        if key not in params:
            raise ValidationError(names.get(key, key), "is required")
    properties: Mapping[str, Schema] = schema.get("properties", {})
    for key, value in params.items():
        rule = properties.get(key)
        if rule is not None and key not in checked:
            validate(rule, value, names.get(key, key))


# Last, and the module rather than its function: _fast_validation reads this module's rules, and is read
# by validate only when it runs, so either module can be imported first.
from . import _fast_validation  # noqa: E402
