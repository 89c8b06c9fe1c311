"""What the templates need from the OpenAPI document that openapi-python-client does not hand them.

The stock generator keeps names and types but drops the validation keywords (pattern, lengths, bounds),
the servers and the form `encoding`. This module reads them from the document itself and returns them
as extra template globals, so that the generated client validates and encodes exactly what the spec says.
"""

from __future__ import annotations

import ast
import copy
import keyword
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# The JSON Schema keywords the runtime validator (templates/handwritten/_validation.py) understands.
VALIDATION_KEYWORDS = (
    "type",
    "enum",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "required",
    "format",
)
# Keywords whose sub-schemas are compacted too.
STRUCTURE_KEYWORDS = ("properties", "additionalProperties", "items", "anyOf")
# Keywords that only document; they stay out of the rule tables. Anything not listed in one of these
# three tuples (oneOf, allOf, const, multipleOf ...) stops generation: the client would silently not
# check it.
ANNOTATION_KEYWORDS = (
    "description",
    "title",
    "default",
    "examples",
    "example",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$comment",
)
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# x- keys of a schema that the rule tables keep: they change what the client checks.
KEPT_EXTENSIONS = ("x-pattern-rule", "x-identifier")
# The operation extensions this generator implements (spec/compositions.yaml explains each). Any other
# x- key on an operation stops generation: a misspelt x-pagination would silently drop the paging.
OPERATION_EXTENSIONS = ("x-client-method", "x-checks", "x-pagination", "x-download", "x-wait")
# Python names a client method may not take: they are the clients' own.
RESERVED_METHODS = ("close", "wait", "download", "media_url")
_METHOD_NAME = re.compile(r"[a-z][a-z0-9_]*")
HANDWRITTEN_API_RULES = Path(__file__).resolve().parent.parent / "templates" / "handwritten" / "_api_rules.py"


class SpecError(Exception):
    """The document uses something the rule tables cannot express."""


def resolve(document: dict[str, Any], node: Any) -> Any:
    """Follow a local `$ref` (possibly a chain of them) to the node it names."""
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/") or ref in seen:
            raise SpecError(f"unsupported or circular $ref: {ref}")
        seen.add(ref)
        target: Any = document
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def with_siblings(document: dict[str, Any], node: Any, where: str = "") -> Any:
    """The node a `$ref` names, with the annotations written beside the `$ref` (OpenAPI 3.1) on top."""
    if not (isinstance(node, dict) and "$ref" in node):
        return node
    siblings = {key: value for key, value in node.items() if key != "$ref"}
    unsupported = [key for key in siblings if key not in ANNOTATION_KEYWORDS]
    if unsupported:
        raise SpecError(
            f"{where or node['$ref']}: keywords beside a $ref are not supported: {', '.join(unsupported)}"
        )
    return {**resolve(document, node), **siblings}


def compact_schema(document: dict[str, Any], schema: Any, where: str, depth: int = 0) -> dict[str, Any]:
    """The schema with every `$ref` inlined and only the validation keywords kept.

    `where` names the schema in errors (`#/components/schemas/Composition/properties/sid`); past a
    `$ref`, errors name the schema it refers to, which is where the fix goes.
    """
    if depth > 20:
        raise SpecError(f"{where}: schema nests too deeply (recursive schemas are not supported)")
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    schema = with_siblings(document, schema, where)
    if isinstance(ref, str):
        where = ref
    unknown = [
        key
        for key in schema
        if key not in VALIDATION_KEYWORDS + STRUCTURE_KEYWORDS + ANNOTATION_KEYWORDS
        and not key.startswith("x-")
    ]
    if unknown:
        hint = ' (OpenAPI 3.0\'s nullable: write type: [X, "null"] instead)' if "nullable" in unknown else ""
        raise SpecError(
            f"{where}: the client's validator does not implement: {', '.join(sorted(unknown))}{hint}"
        )
    out: dict[str, Any] = {key: schema[key] for key in VALIDATION_KEYWORDS if key in schema}
    for key in KEPT_EXTENSIONS:
        if key in schema:
            out[key] = schema[key]
    if "properties" in schema:
        out["properties"] = {
            name: compact_schema(document, sub, f"{where}/properties/{name}", depth + 1)
            for name, sub in schema["properties"].items()
        }
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        out["additionalProperties"] = compact_schema(
            document, extra, f"{where}/additionalProperties", depth + 1
        )
    elif extra is False:
        out["additionalProperties"] = False
    if "items" in schema:
        out["items"] = compact_schema(document, schema["items"], f"{where}/items", depth + 1)
    if "anyOf" in schema:
        out["anyOf"] = [
            compact_schema(document, sub, f"{where}/anyOf/{index}", depth + 1)
            for index, sub in enumerate(schema["anyOf"])
        ]
    return out


def form_encoding(document: dict[str, Any], media_type: dict[str, Any], where: str) -> dict[str, str]:
    """How each field of a form body travels: "json", "repeat" (one key per array item) or "plain".

    Read from the media type's `encoding` object, with the OpenAPI defaults where it says nothing:
    arrays are exploded into repeated keys, objects have no form representation but JSON.
    """
    schema = resolve(document, media_type.get("schema", {}))
    encodings = media_type.get("encoding", {})
    result: dict[str, str] = {}
    for name, prop in schema.get("properties", {}).items():
        prop = resolve(document, prop)
        enc = encodings.get(name, {})
        types = prop.get("type")
        is_array = types == "array" or (isinstance(types, list) and "array" in types)
        if enc.get("contentType", "").split(";")[0].strip() == "application/json":
            result[name] = "json"
        elif is_array:
            if enc.get("style", "form") != "form" or not enc.get("explode", True):
                raise SpecError(f"{where}: {name}: only exploded form arrays (repeated keys) are supported")
            result[name] = "repeat"
        elif types == "object" or "additionalProperties" in prop:
            raise SpecError(
                f"{where}: {name}: an object in a form body needs `encoding: contentType: application/json`"
            )
        else:
            result[name] = "plain"
    return result


def _raw(text: Any) -> str:
    """The plain string behind the generator's UntrustedString wrapper (or a plain string itself)."""
    return text.get_untrusted_value() if hasattr(text, "get_untrusted_value") else str(text)


def route_key(method: str, path: str) -> str:
    """ "get /v1/Compositions/{}": the generator renames path parameters, so match routes without them."""
    return f"{method.lower()} {re.sub(r'[{][^}]*[}]', '{}', _raw(path))}"


def _component_name(schema: Any) -> str | None:
    """The component a schema only refers to, so that _spec_rules.py writes SCHEMAS[name], not a copy."""
    ref = schema.get("$ref", "") if isinstance(schema, dict) and len(schema) == 1 else ""
    return ref.rsplit("/", 1)[1] if ref.startswith("#/components/schemas/") else None


def _first_word_snake(operation_id: str) -> str:
    """CreateComposition -> create; FetchCompositionMedia -> fetch (Twilio's operationId convention)."""
    match = re.match(r"[A-Za-z][a-z0-9]*", operation_id)
    return match[0].lower() if match else operation_id.lower()


def _known_checks() -> set[str]:
    """The names of the prose-rule checks that templates/handwritten/_api_rules.py implements (its CHECKS)."""
    tree = ast.parse(HANDWRITTEN_API_RULES.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == "CHECKS"
            and isinstance(node.value, ast.Dict)
        ):
            keys = node.value.keys
            return {key.value for key in keys if isinstance(key, ast.Constant) and isinstance(key.value, str)}
    raise SpecError(f"{HANDWRITTEN_API_RULES} has no CHECKS table")


def _schema_at(document: dict[str, Any], schema: Any, path: list[str], where: str) -> dict[str, Any]:
    """The (resolved) sub-schema of an object schema at a path of property names.

    The templates read these properties as attributes of the generated models, whose names are the
    JSON names only when those are snake_case already (compositionList would be composition_list).
    """
    node = with_siblings(document, schema, where)
    for name in path:
        if not _METHOD_NAME.fullmatch(name) or keyword.iskeyword(name):
            raise SpecError(
                f"{where}: the extension names {name!r}; only snake_case property names are supported"
            )
        node = with_siblings(document, node, where)
        properties = node.get("properties", {})
        if name not in properties:
            raise SpecError(f"{where}: the answer has no property {'.'.join(path)}")
        node = properties[name]
    answer: dict[str, Any] = with_siblings(document, node, where)
    return answer


def _checks(
    operation: dict[str, Any], body_schema: dict[str, Any] | None, where: str
) -> list[dict[str, Any]]:
    checks = operation.get("x-checks", [])
    if checks and body_schema is None:
        raise SpecError(f"{where}: x-checks needs a form body")
    known = _known_checks()
    fields = set((body_schema or {}).get("properties", {}))
    for check in checks:
        name = check.get("check")
        if name not in known:
            raise SpecError(
                f"{where}: x-checks names {name!r}, which templates/handwritten/_api_rules.py does not "
                f"implement (it has: {', '.join(sorted(known))})"
            )
        named = [*check.get("fields", []), *(check[k] for k in ("field", "canvas") if k in check)]
        missing = [field for field in named if field not in fields]
        if missing:
            raise SpecError(
                f"{where}: x-checks {name} reads {', '.join(missing)}, which the body does not have"
            )
    return [dict(check) for check in checks]


def _success_responses(document: dict[str, Any], operation: dict[str, Any], where: str) -> dict[int, Any]:
    """Documented 2xx and 3xx statuses -> their JSON schema, or None for an answer without a body."""
    out: dict[int, Any] = {}
    for status, response in operation.get("responses", {}).items():
        code = str(status)
        if not (code.isdigit() and code[0] in "23"):
            if code[0] in "23" or code.upper() in ("2XX", "3XX"):
                raise SpecError(f"{where}: the status range {code} is not supported; list the statuses")
            continue
        content = (resolve(document, response) or {}).get("content", {})
        if not content:
            out[int(code)] = None
        elif "application/json" in content:
            out[int(code)] = content["application/json"]["schema"]
        else:
            raise SpecError(
                f"{where}: the {code} answer is {', '.join(content)}; only JSON or no body is supported"
            )
    if not out:
        raise SpecError(f"{where}: documents no 2xx or 3xx answer, so the client cannot tell success")
    return out


def operation_rules(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Rules and documentation of every operation, by route_key().

    Each entry holds, by parameter location, the compact schemas (`path`, `query`), the defaults the
    server assumes for absent query parameters (`query_defaults`), the form body (`body`), how it travels
    (`body_encoding`) and its defaults (`body_defaults`), every parameter's description (`docs`, for
    docstrings: the stock generator loses a description written beside a `$ref`, or on a parameter
    itself), the documented success statuses (`success`: "json" or "empty") with the schemas of the JSON
    ones (`responses`, for _response_shape.py; `response_refs` and `body_ref` name the component a
    response or body is, so that _spec_rules.py need not copy it), and what our extensions say
    (`client_method`, `checks`, `pagination`, `download`, `wait`).
    """
    rules: dict[str, dict[str, Any]] = {}
    for path, path_item in document.get("paths", {}).items():
        shared_params = path_item.get("parameters", [])
        for method in HTTP_METHODS:
            operation = path_item.get(method)
            if operation is None:
                continue
            operation_id = operation.get("operationId") or f"{method.upper()} {path}"
            where = f"operation {operation_id}"
            unknown = [k for k in operation if k.startswith("x-") and k not in OPERATION_EXTENSIONS]
            if unknown:
                raise SpecError(
                    f"{where}: unknown extension {', '.join(unknown)} "
                    f"(known: {', '.join(OPERATION_EXTENSIONS)})"
                )
            entry: dict[str, Any] = {
                "operation_id": operation_id,
                "method": method.upper(),
                "route": path,
                "client_method": operation.get("x-client-method") or _first_word_snake(operation_id),
                "path": {},
                "query": {},
                "query_defaults": {},
                "body": None,
                "body_encoding": {},
                "body_defaults": {},
                "docs": {},
                "success": {},
                "responses": {},
                "response_refs": {},
                "body_ref": None,
                "checks": [],
                "pagination": None,
                "download": None,
                "wait": None,
            }
            for param in [*shared_params, *operation.get("parameters", [])]:
                param = resolve(document, param)
                if param["in"] not in ("path", "query"):
                    raise SpecError(
                        f"{where}: {param['in']} parameter {param['name']} is not supported "
                        "by these templates "
                        "(only path and query parameters, and a form body)"
                    )
                at = f"{where} {param['in']} parameter {param['name']}"
                entry[param["in"]][param["name"]] = compact_schema(document, param["schema"], at)
                schema = with_siblings(document, param["schema"], at)
                entry["docs"][param["name"]] = param.get("description") or schema.get("description", "")
                if param["in"] == "query" and "default" in schema:
                    entry["query_defaults"][param["name"]] = schema["default"]
            body = resolve(document, operation.get("requestBody"))
            content = (body or {}).get("content", {})
            form = content.get("application/x-www-form-urlencoded")
            if content and form is None:
                raise SpecError(f"{where}: a {', '.join(content)} body is not supported; only forms are")
            body_schema = None
            if form is not None:
                body_schema = resolve(document, form["schema"])
                entry["body"] = compact_schema(document, form["schema"], f"{where} body")
                entry["body_ref"] = _component_name(form["schema"])
                entry["body_encoding"] = form_encoding(document, form, where)
                for name, prop in body_schema.get("properties", {}).items():
                    prop = with_siblings(document, prop, f"{where} body field {name}")
                    entry["docs"][name] = prop.get("description", "")
                    if "default" in prop:
                        entry["body_defaults"][name] = prop["default"]
            entry["checks"] = _checks(operation, body_schema, where)
            for status, schema in _success_responses(document, operation, where).items():
                entry["success"][status] = "empty" if schema is None else "json"
                if schema is not None:
                    entry["responses"][status] = compact_schema(document, schema, f"{where} {status} answer")
                    name = _component_name(schema)
                    if name is not None:
                        entry["response_refs"][status] = name
            _extensions(document, operation, entry, where)
            rules[route_key(method, path)] = entry
    _check_method_names(rules.values())
    return rules


def _extensions(
    document: dict[str, Any], operation: dict[str, Any], entry: dict[str, Any], where: str
) -> None:
    """x-pagination, x-download and x-wait, checked against the answer they describe."""
    json_answers = {
        s: schema for s, schema in _success_responses(document, operation, where).items() if schema
    }
    paging = operation.get("x-pagination")
    if paging is not None:
        ok = [s for s in json_answers if 200 <= s < 300]
        if len(ok) != 1 or entry["method"] != "GET":
            raise SpecError(f"{where}: x-pagination needs a GET with exactly one JSON 2xx answer")
        answer = json_answers[ok[0]]
        items = _schema_at(document, answer, [paging["items"]], where)
        if items.get("type") != "array":
            raise SpecError(f"{where}: x-pagination items {paging['items']} is not an array")
        _schema_at(document, answer, list(paging["next_page_url"]), where)
        item_ref = _component_name(items.get("items"))
        if item_ref is None:
            raise SpecError(f"{where}: x-pagination items must be a $ref to a component schema")
        entry["pagination"] = {
            "items": paging["items"],
            "next_page_url": list(paging["next_page_url"]),
            "item_model": item_ref,
            "page_status": ok[0],
        }
    download = operation.get("x-download")
    if download is not None:
        redirects = [s for s in json_answers if 300 <= s < 400]
        if len(redirects) != 1:
            raise SpecError(f"{where}: x-download needs exactly one JSON 3xx answer")
        _schema_at(document, json_answers[redirects[0]], [download["url"]], where)
        entry["download"] = {"url": download["url"], "status": redirects[0]}
    wait = operation.get("x-wait")
    if wait is not None:
        ok = [s for s in json_answers if 200 <= s < 300]
        if len(ok) != 1 or entry["method"] != "GET":
            raise SpecError(f"{where}: x-wait needs a GET with exactly one JSON 2xx answer")
        field = _schema_at(document, json_answers[ok[0]], [wait["field"]], where)
        values = field.get("enum", [])
        final = dict(wait.get("final", {}))
        outcomes = ("success", "failure", "gone")
        for value, outcome in final.items():
            if value not in values:
                raise SpecError(
                    f"{where}: x-wait final value {value!r} is not one of {wait['field']}'s {values}"
                )
            if outcome not in outcomes:
                raise SpecError(f"{where}: x-wait outcome {outcome!r} is not one of {', '.join(outcomes)}")
        if "success" not in final.values():
            raise SpecError(f"{where}: x-wait names no final value meaning success")
        entry["wait"] = {"field": wait["field"], "final": final}


def _check_method_names(entries: Iterable[dict[str, Any]]) -> None:
    taken: dict[str, str] = {}
    for entry in entries:
        name, operation_id = entry["client_method"], entry["operation_id"]
        where = f"operation {operation_id}"
        if not _METHOD_NAME.fullmatch(name):
            raise SpecError(f"{where}: x-client-method {name!r} is not a snake_case Python name")
        if name in RESERVED_METHODS or name.startswith("_"):
            raise SpecError(f"{where} would become CompositionsClient.{name}, which the client has already")
        if name in taken:
            raise SpecError(
                f"operations {taken[name]} and {operation_id} would both become CompositionsClient.{name}; "
                "give one of them another x-client-method"
            )
        taken[name] = operation_id


def component_rules(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Validation rules of every component schema, by component name."""
    schemas = document.get("components", {}).get("schemas", {})
    return {
        name: compact_schema(document, schema, f"#/components/schemas/{name}")
        for name, schema in schemas.items()
    }


def template_globals(document: dict[str, Any], endpoints: Iterable[Any]) -> dict[str, Any]:
    """Extra globals for the templates; `endpoints` are the generator's, whose rules are keyed by name."""
    servers = [server["url"] for server in document.get("servers", [])]
    if not servers:
        raise SpecError("the document names no server; the client needs a default base URL")
    by_route = operation_rules(document)
    return {
        "spec_default_base_url": servers[0],
        "spec_operation_rules": {e.name: by_route[route_key(e.method, e.path)] for e in endpoints},
        "spec_component_rules": component_rules(document),
    }


def document_for_generator(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of the document without the defaults of parameters, for openapi-python-client.

    The stock generator turns a query parameter's default into the low-level function's default
    argument, so every call sent `PageSize=50` and `Ttl=600` although the caller set neither. A default
    is what the server assumes when the parameter is absent; the rule tables keep it (query_defaults).
    """
    out = copy.deepcopy(document)

    def strip(param: Any) -> None:
        if isinstance(param, dict) and "$ref" not in param and isinstance(param.get("schema"), dict):
            param["schema"].pop("default", None)

    for path_item in out.get("paths", {}).values():
        for param in path_item.get("parameters", []):
            strip(param)
        for method in HTTP_METHODS:
            for param in (path_item.get(method) or {}).get("parameters", []):
                strip(param)
    for param in out.get("components", {}).get("parameters", {}).values():
        strip(param)
    return out
