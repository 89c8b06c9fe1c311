"""Checks that a response body has the shape the spec gives, before the models parse it.

Lenient where the API may grow, strict where a value could not mean what the spec says:
- allowed: unknown properties (kept by the models), enum values the spec does not list (kept as their
  raw string), and null or a missing property anywhere (parsed as None, or UNSET for an optional one):
  a server that leaves out one field must not cost the caller the whole composition;
- but not for a property marked x-identifier (a composition's `sid`): an answer without it is not the
  resource at all, and the type hint promises a value;
- refused: a value of the wrong JSON type (a string where the spec has an object, a number where it
  has a list) and a date-time that is not ISO 8601. Without this check the generated parsers would
  keep such a value as it came, under a type hint that says otherwise.
Patterns, lengths and bounds are request rules and are not applied to answers.

Every fetch runs this, and a listing runs it for every item of every page, so each schema is compiled
once into the source of one Python function: a straight line of the checks that schema asks for, the
nested schemas inlined, nothing decided again per value. The path of a bad value is only put into
words when there is one. The spec's response schemas are compiled ahead, by scripts/generate.py, into
_shape_checks.py (module_source below): compiling them here on a first fetch cost more than the rest of
that fetch's own work, and the bytecode of a module costs next to nothing to load.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from ._datetimes import iso_datetime
from ._exceptions import ValidationError
from ._validation import JSON_TYPES, Schema

Checker = Callable[[Any], None]

# Loops (and the try of a date-time) nest Python blocks, of which a function may hold 20: a schema
# nested deeper than this goes into a function of its own.
_MAX_INLINE_LOOPS = 8
# The class json.loads gives for each JSON type.
_EXACT = {
    "string": str,
    "integer": int,
    "number": float,
    "boolean": bool,
    "array": list,
    "object": dict,
    "null": type(None),
}


class _Mismatch(Exception):
    def __init__(self, rule: str, *path: str) -> None:
        self.rule = rule
        self.path = list(path)  # innermost first


def _any_of(value: Any, alternatives: tuple[Checker, ...]) -> None:
    """Pass if one alternative takes the value; else raise the first one's mismatch."""
    first: _Mismatch | None = None
    for alternative in alternatives:
        try:
            alternative(value)
            return
        except _Mismatch as mismatch:
            first = first or mismatch
    raise first or _Mismatch("matches none of its forms")


def _index(items: list[Any], item: Any) -> int:
    """Where the failing item is. The first item that is this very object: had an earlier one been, it
    would have failed first."""
    return next(index for index, each in enumerate(items) if each is item)


def _type_names(schema: Schema) -> list[str]:
    declared = schema.get("type")
    return [declared] if isinstance(declared, str) else list(declared or ())


class _Compiler:
    """Writes the source of the checking function of a schema, and the namespace it runs in."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = {
            "_Mismatch": _Mismatch,
            "_any_of": _any_of,
            "_index": _index,
            "iso_datetime": iso_datetime,
        }
        self.count = 0
        self.sources: list[str] = []  # of every function, in the order they were made
        # The last type check written: its line's index, the class comparison, the rest of the test.
        self.type_check: tuple[int, str, str] = (-1, "", "")

    def name(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def constant(self, value: object) -> str:
        name = self.name("_c")
        self.namespace[name] = value
        return name

    def function(self, schema: Schema) -> str:
        """Add a function that checks one value against schema; its name in the namespace."""
        name = self.name("_check")
        # A function of its own: the type check value() may rewrite must be one of its lines.
        saved, self.lines = self.lines, []
        saved_check, self.type_check = self.type_check, (-1, "", "")
        self.value(schema, "value", [], 1, 0)
        body = self.lines or ["    pass"]
        self.lines, self.type_check = saved, saved_check
        source = "\n".join([f"def {name}(value):", *body])
        self.sources.append(source)
        exec(compile(source, f"<response shape {name}>", "exec"), self.namespace)  # noqa: S102
        return name

    def emit(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def fail(self, depth: int, rule: str, path: list[str], cause: str = "") -> None:
        """Raise a mismatch; `rule` and the path entries are expressions, the path outermost first."""
        self.emit(depth, f"raise _Mismatch({', '.join([rule, *reversed(path)])}){cause}")

    def call(self, depth: int, call: str, path: list[str]) -> None:
        """A call that may raise a mismatch of its own, its path then continued with ours."""
        self.emit(depth, "try:")
        self.emit(depth + 1, call)
        self.emit(depth, "except _Mismatch as mismatch:")
        if path:
            self.emit(depth + 1, f"mismatch.path.extend(({', '.join(reversed(path))},))")
        self.emit(depth + 1, "raise")

    def value(self, schema: Schema, var: str, path: list[str], depth: int, loops: int) -> None:
        """The checks of schema on the value in the local `var`, which may be None (always allowed)."""
        alternatives = [alt for alt in schema.get("anyOf", ()) if alt.get("type") != "null"]
        if len(alternatives) == 1 and set(schema) == {"anyOf"}:
            # "X or null": X's check is the whole check (None passes every check).
            self.value(alternatives[0], var, path, depth, loops)
            return
        mark = len(self.lines)
        self.emit(depth, f"if {var} is not None:")
        self.checks(schema, alternatives, var, path, depth + 1, loops)
        if len(self.lines) == mark + 1:  # nothing to check: take the `if` back
            del self.lines[mark:]
        elif len(self.lines) == mark + 3 and self.type_check[0] == mark + 1:
            # Only the type check: one test for a value of the usual class, None asked about after it.
            _, usual, rest = self.type_check
            raise_line = self.lines[mark + 2]
            del self.lines[mark:]
            self.emit(depth, f"if {usual} and {var} is not None and {rest}:")
            self.lines.append(raise_line[len("    ") :])

    def checks(
        self, schema: Schema, alternatives: list[Schema], var: str, path: list[str], depth: int, loops: int
    ) -> None:
        properties: Mapping[str, Schema] = schema.get("properties", {})
        identifiers = [key for key, sub in properties.items() if sub.get("x-identifier")]
        names = _type_names(schema)
        # When only an object passes the type check, a dict is sure to reach the dict branch below,
        # and the identifier is asked for first thing there: one isinstance less.
        late_ids = bool(names) and set(names) <= {"object", "null"} and not alternatives
        if identifiers and not late_ids:
            self.emit(depth, f"if isinstance({var}, dict):")
            for key in identifiers:
                self.emit(depth + 1, f"if {var}.get({key!r}) is None:")
                missing = self.constant("is missing: an answer without it is not this resource")
                self.fail(depth + 2, missing, [*path, repr(f".{key}")])
        if alternatives:
            checkers = ", ".join(self.function(alt) for alt in alternatives)
            self.call(depth, f"_any_of({var}, ({checkers},))", path)
        if names:
            # The value is not None here (see value()): null's class would never match.
            real = [name for name in names if name != "null"]
            python_types = self.constant(tuple(t for name in real for t in JSON_TYPES[name]))
            wrong = f"not isinstance({var}, {python_types})"
            if "boolean" not in names and ({"integer", "number"} & set(names)):
                wrong = f"({wrong} or {var}.__class__ is bool)"  # True is an int to Python, not to JSON
            # Most values are of the class json.loads gives for the first type: they pass on that
            # comparison alone, without an isinstance (slow to ask of Mapping, an ABC).
            exact = self.constant(_EXACT[next((name for name in names if name != "null"), "null")])
            self.type_check = (len(self.lines), f"{var}.__class__ is not {exact}", wrong)
            wrong = f"{var}.__class__ is not {exact} and {wrong}"
            words = " or ".join(name for name in names if name != "null")
            self.emit(depth, f"if {wrong}:")
            should = self.constant(f"should be {words} but is ")
            self.fail(depth + 1, f"{should} + type({var}).__name__", path)
        branch = "if"
        if schema.get("format") == "date-time":
            inner = depth
            only_string = bool(names) and set(names) <= {"string", "null"}
            if not only_string:  # the type check above leaves only a str otherwise
                self.emit(depth, f"if isinstance({var}, str):")
                inner = depth + 1
            self.emit(inner, "try:")
            self.emit(inner + 1, f"iso_datetime({var})")
            self.emit(inner, "except ValueError:")
            not_iso = self.constant("should be an ISO 8601 date-time but is ")
            self.fail(inner + 1, f"{not_iso} + repr({var}[:40])", path, " from None")
            branch = "elif" if inner > depth else "if"
        if "items" in schema:
            self.emit(depth, f"{branch} isinstance({var}, list):")
            item = self.name("item")
            self.emit(depth + 1, f"for {item} in {var}:")
            # No enumerate: the index is only worked out for the item that fails.
            self.nested(
                schema["items"], item, [*path, f'f"[{{_index({var}, {item})}}]"'], depth + 2, loops + 1
            )
            self._drop_empty_loop(depth + 1)
            branch = "elif"
        extra = schema.get("additionalProperties")
        entries = extra if isinstance(extra, Mapping) else None
        if properties or entries is not None:
            self.emit(depth, f"{branch} isinstance({var}, dict):")
            if identifiers and late_ids:
                for key in identifiers:
                    self.emit(depth + 1, f"if {var}.get({key!r}) is None:")
                    missing = self.constant("is missing: an answer without it is not this resource")
                    self.fail(depth + 2, missing, [*path, repr(f".{key}")])
            for key, sub in properties.items():
                item = self.name("item")
                self.emit(depth + 1, f"{item} = {var}.get({key!r})")
                self.value(sub, item, [*path, repr(f".{key}")], depth + 1, loops)
            if entries is not None:
                key_var, item = self.name("key"), self.name("item")
                self.emit(depth + 1, f"for {key_var}, {item} in {var}.items():")
                inner = depth + 2
                if properties:
                    self.emit(inner, f"if {key_var} in {self.constant(frozenset(properties))}:")
                    self.emit(inner + 1, "continue")
                self.nested(entries, item, [*path, f'f"[{{{key_var}!r}}]"'], inner, loops + 1)
                self._drop_empty_loop(depth + 1)
            self.emit(depth + 1, "pass")  # a dict branch with nothing to check is still a branch

    def _drop_empty_loop(self, depth: int) -> None:
        # Items that may be anything (`items: {}`) leave the loop just written without a body.
        if self.lines[-1].lstrip().startswith("for "):
            self.lines[-1] = "    " * depth + "pass"

    def nested(self, schema: Schema, var: str, path: list[str], depth: int, loops: int) -> None:
        """Check schema inline, or by a call to its own function once the loops nest deep."""
        if loops < _MAX_INLINE_LOOPS:
            self.value(schema, var, path, depth, loops)
            return
        self.call(depth, f"{self.function(schema)}({var})", path)


# How module_source writes each kind of constant the compiler makes: strings, frozensets of them, the
# classes of JSON_TYPES and _EXACT, and tuples of those.
_CLASS_NAMES = {cls: cls.__name__ for cls in (str, int, float, bool, list, tuple, dict)} | {
    type(None): "type(None)",
    Mapping: "Mapping",
}


def _literal(value: object) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, frozenset) and all(isinstance(item, str) for item in value):
        return f"frozenset({sorted(value)!r})"
    if isinstance(value, tuple):
        return "(" + ", ".join(_literal(item) for item in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, type) and value in _CLASS_NAMES:
        return _CLASS_NAMES[value]
    raise TypeError(f"no literal for the constant {value!r}")  # a new kind of constant: teach _literal


def module_source(schemas: Mapping[str, Schema]) -> str:
    """The body of _shape_checks.py: the checker of each named schema, compiled ahead (the same source
    as at run time), and CHECKERS, mapping each name to its checker."""
    compiler = _Compiler()
    entries = {name: compiler.function(schema) for name, schema in schemas.items()}
    constants = []
    for name, value in compiler.namespace.items():
        if re.fullmatch(r"_c[0-9]+", name):
            constants.append(f"{name} = {_literal(value)}")
        elif not re.fullmatch(r"_check[0-9]+|_Mismatch|_any_of|_index|iso_datetime|__builtins__", name):
            raise TypeError(f"the compiler's namespace holds {name!r}: teach module_source to write it")
    checkers = ", ".join(f"{name!r}: {function}" for name, function in entries.items())
    table = f"CHECKERS: dict[str, Checker] = {{{checkers}}}"
    # Each function as at run time, its signature typed for mypy.
    functions = [source.replace("(value):", "(value: Any) -> None:", 1) for source in compiler.sources]
    return "\n\n\n".join(["\n".join(constants), *functions, table])


def _compile(schema: Schema) -> Checker:
    compiler = _Compiler()
    checker: Checker = compiler.namespace[compiler.function(schema)]
    return checker


_compiled: dict[int, tuple[Schema, Checker]] = {}


def _precompiled() -> None:
    """Take the checkers compiled ahead for the spec's schemas (by identity, as check_shape looks them up)."""
    for name, checker in CHECKERS.items():
        schema = SCHEMAS[name]
        _compiled[id(schema)] = (schema, checker)


def check_shape(schema: Schema, value: Any, name: str) -> None:
    """Raise ValidationError naming the path (`composition.video_layout['grid']`) of a wrongly typed value."""
    entry = _compiled.get(id(schema))
    if entry is None or entry[0] is not schema:  # keyed by identity: the spec's schemas live for good
        entry = _compiled[id(schema)] = (schema, _compile(schema))
    try:
        entry[1](value)
    except _Mismatch as mismatch:
        raise ValidationError(name + "".join(reversed(mismatch.path)), mismatch.rule) from None


# Last: _shape_checks uses this module's helpers, and the schemas come from _spec_rules.
from ._shape_checks import CHECKERS  # noqa: E402
from ._spec_rules import SCHEMAS  # noqa: E402

_precompiled()
