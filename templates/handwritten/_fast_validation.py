"""The quick yes of _validation.validate: is a value valid under a schema, compiled once per schema.

validate() runs for every argument of every call, and the interpreted rules ask each schema again for
each keyword on every value. Here a schema becomes the source of a Python function that only answers
whether the value passes: the checks of the keywords it has, in a straight line, and nothing else.
A False is never an error by itself: validate() then runs the interpreted rules, which name the broken
one, so the wording of errors lives in one place and this module only has to never say yes to a value
those rules refuse. Anything it does not know it answers with False, and leaves to them.

The schemas of the spec's parameters are compiled ahead, by scripts/generate.py, into
_validation_checks.py (module_source below): compiling them on a first call cost several times the
rest of that call (a create's body has a dozen schemas), and a module's bytecode loads for next to nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ._validation import _URI_SCHEME, Schema, _compile

Accepts = Callable[[Any], bool]

# Each JSON type as a test of `value`, as _validation._has_type answers it. Keywords the rules do not
# apply are ignored here too.
_TYPE_TESTS = {
    "string": "isinstance(value, str)",
    "integer": "(isinstance(value, int) and value.__class__ is not bool)",
    "number": "(isinstance(value, (int, float)) and value.__class__ is not bool)",
    "boolean": "isinstance(value, bool)",
    "array": "isinstance(value, (list, tuple))",
    "object": "(value.__class__ is dict or isinstance(value, Mapping))",
    "null": "value is None",
}
# Which branch of the checks (branches() below) each JSON type's values take; None: no branch.
_KIND_OF: dict[str, str | None] = {
    "string": "text",
    "integer": "number",
    "number": "number",
    "boolean": None,
    "array": "array",
    "object": "mapping",
    "null": None,
}


class _Compiler:
    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {"Mapping": Mapping, "_URI_SCHEME": _URI_SCHEME}
        self.count = 0
        # For module_source: each constant and function as a statement, in the order they were made
        # (a constant may name functions made before it).
        self.statements: list[str] = []

    def constant(self, value: object, source: str | None = None, annotation: str = "") -> str:
        """`source` writes the value in module_source, for what repr() does not (patterns, functions)."""
        self.count += 1
        name = f"_c{self.count}"
        self.namespace[name] = value
        self.statements.append(f"{name}{annotation} = {repr(value) if source is None else source}")
        return name

    def function(self, schema: Schema) -> str:
        self.count += 1
        name = f"_accepts{self.count}"
        lines = [f"def {name}(value):", *("    " + line for line in self.body(schema)), "    return True"]
        exec(compile("\n".join(lines), f"<validation {name}>", "exec"), self.namespace)  # noqa: S102
        lines[0] = f"def {name}(value: Any) -> bool:"  # typed for mypy, in module_source
        self.statements.append("\n".join(lines))
        return name

    def body(self, schema: Schema) -> list[str]:
        if not isinstance(schema, Mapping):
            return ["return False"]  # not a schema the rules know: theirs to say
        lines: list[str] = []
        alternatives = schema.get("anyOf")
        if alternatives is not None:
            candidates = [alt for alt in alternatives if alt.get("type") != "null"]
            if candidates:
                passes = " or ".join(f"{self.function(alt)}(value)" for alt in candidates)
                if any(alt.get("type") == "null" for alt in alternatives):
                    lines.append(f"if value is not None and not ({passes}):")
                else:
                    lines.append(f"if not ({passes}):")
                lines.append("    return False")
        declared = schema.get("type")
        if declared is not None:
            names = [declared] if isinstance(declared, str) else list(declared)
            if any(name not in _TYPE_TESTS for name in names):
                return ["return False"]
            lines += [f"if not ({' or '.join(_TYPE_TESTS[name] for name in names)}):", "    return False"]
        if "enum" in schema:
            lines += [f"if value not in {self.constant(schema['enum'])}:", "    return False"]
        kinds = None if declared is None else [_KIND_OF[name] for name in names]
        lines += self.branches(schema, kinds)
        return lines

    def branches(self, schema: Schema, kinds: list[str | None] | None = None) -> list[str]:
        """The checks that depend on what the value is, in the order the rules take them."""
        text, number, array, mapping = [], [], [], []
        pattern = schema.get("pattern")
        if pattern is not None:
            regex = self.constant(_compile(pattern), f"_compile({pattern!r})")
            text += [f"if not {regex}.search(value):", "    return False"]
        low, high = schema.get("minLength"), schema.get("maxLength")
        if low is not None:
            text += [f"if len(value) < {low!r}:", "    return False"]
        if high is not None:
            text += [f"if len(value) > {high!r}:", "    return False"]
        if schema.get("format") == "uri":
            text += [
                "if not _URI_SCHEME.match(value) or any(c.isspace() for c in value):",
                "    return False",
            ]
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None:
            number += [f"if value < {self.constant(low)}:", "    return False"]
        if high is not None:
            number += [f"if value > {self.constant(high)}:", "    return False"]
        array += self.sizes(schema, "minItems", "maxItems")
        items = schema.get("items")
        if items is not None:
            array += [
                "for item in value:",
                f"    if not {self.function(items)}(item):",
                "        return False",
            ]
        mapping += self.sizes(schema, "minProperties", "maxProperties")
        for key in schema.get("required", ()):
            mapping += [f"if {key!r} not in value:", "    return False"]
        mapping += self.entries(schema)
        chain = [
            ("text", "isinstance(value, str)", text),
            ("number", "isinstance(value, (int, float)) and not isinstance(value, bool)", number),
            ("array", "isinstance(value, (list, tuple))", array),
            ("mapping", "isinstance(value, Mapping)", mapping),
        ]
        # Only the kinds of value the declared type lets through (the test above has returned False
        # for the others), and no empty branch at the end, which nothing after it could take from.
        if kinds is not None:
            chain = [entry for entry in chain if entry[0] in kinds]
        while chain and not chain[-1][2]:
            chain.pop()
        if kinds is not None and len(chain) == 1 and set(kinds) == {chain[0][0]}:
            return chain[0][2]  # every value that got here is of this kind
        lines: list[str] = []
        for _, test, checks in chain:
            # An if/elif chain, as in the rules: a branch with nothing to check still takes its values.
            lines.append(f"{'elif' if lines else 'if'} {test}:")
            lines += ["    " + line for line in checks or ["pass"]]
        return lines

    def sizes(self, schema: Schema, least: str, most: str) -> list[str]:
        lines: list[str] = []
        if schema.get(least) is not None:
            lines += [f"if len(value) < {schema[least]!r}:", "    return False"]
        if schema.get(most) is not None:
            lines += [f"if len(value) > {schema[most]!r}:", "    return False"]
        return lines

    def entries(self, schema: Schema) -> list[str]:
        properties: Mapping[str, Schema] = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        if not properties and extra is None:
            return ["for key in value:", "    if not isinstance(key, str):", "        return False"]
        functions = {key: self.function(sub) for key, sub in properties.items()}
        by_key = self.constant(
            {key: self.namespace[function] for key, function in functions.items()},
            "{" + ", ".join(f"{key!r}: {function}" for key, function in functions.items()) + "}",
            ": dict[str, Accepts]",
        )
        lines = [
            "for key, item in value.items():",
            "    if not isinstance(key, str):",
            "        return False",
            f"    accepts = {by_key}.get(key)",
            "    if accepts is not None:",
            "        if not accepts(item):",
            "            return False",
        ]
        if extra is False:
            lines += ["    else:", "        return False"]
        elif isinstance(extra, Mapping):
            lines += ["    elif not " + f"{self.function(extra)}(item):", "        return False"]
        elif extra is not None:
            lines += ["    else:", "        return False"]  # not a schema: the rules' to judge
        return lines


def module_source(schemas: list[tuple[str, str, str, Schema]]) -> str:
    """The body of _validation_checks.py: the function of each (operation, place, name, schema), compiled
    ahead (the same source as at run time), and AHEAD, listing them as (operation, place, name, function)."""
    compiler = _Compiler()
    entries = [
        (operation, place, name, compiler.function(schema)) for operation, place, name, schema in schemas
    ]
    table = ", ".join(
        f"({operation!r}, {place!r}, {name!r}, {function})" for operation, place, name, function in entries
    )
    return "\n\n\n".join([*compiler.statements, f"AHEAD: list[tuple[str, str, str, Accepts]] = [{table}]"])


def parameter_schemas(operations: Mapping[str, Any]) -> list[tuple[str, str, str, Schema]]:
    """What validate() is given for each operation's arguments: each path and query parameter's schema,
    and each body field's (validate_params takes a body field by field); as `place` names them."""
    out: list[tuple[str, str, str, Schema]] = []
    for operation, rules in operations.items():
        out += [(operation, "path", name, schema) for name, schema in rules.path.items()]
        out += [(operation, "query", name, schema) for name, schema in rules.query.items()]
        body = rules.body or {}
        out += [(operation, "body", name, schema) for name, schema in body.get("properties", {}).items()]
    return out


_compiled: dict[int, tuple[Schema, Accepts]] = {}
_MAX_COMPILED = 4096  # schemas made on the fly (`{}` for an undeclared parameter) must not pile up
_ahead: dict[int, tuple[Schema, Accepts]] | None = None  # AHEAD by schema, once the rules are loaded


def _compiled_ahead(schema: Schema) -> Accepts | None:
    global _ahead
    if _ahead is None:
        from ._spec_rules import OPERATIONS  # loaded by then: _get_kwargs reads it to call validate

        functions = {(operation, place, name): function for operation, place, name, function in AHEAD}
        _ahead = {
            id(schema): (schema, functions[operation, place, name])
            for operation, place, name, schema in parameter_schemas(OPERATIONS)
            if (operation, place, name) in functions
        }
    entry = _ahead.get(id(schema))
    return entry[1] if entry is not None and entry[0] is schema else None


def accepts(schema: Schema, value: Any) -> bool:
    """True if the value breaks no rule of schema; False if it may (validate's rules then say which)."""
    entry = _compiled.get(id(schema))
    if entry is None or entry[0] is not schema:  # keyed by identity: the spec's schemas live for good
        if len(_compiled) >= _MAX_COMPILED:
            _compiled.clear()
        function = _compiled_ahead(schema)
        if function is None:
            compiler = _Compiler()
            function = compiler.namespace[compiler.function(schema)]
        entry = _compiled[id(schema)] = (schema, function)
    return entry[1](value)


# Last: the module compiled ahead uses this one's helpers.
from ._validation_checks import AHEAD  # noqa: E402
