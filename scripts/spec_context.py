"""What the templates need from the OpenAPI document that openapi-python-client does not hand them.

The stock generator keeps names and types but drops the validation keywords (pattern, lengths, bounds),
the servers and the form `encoding`. This module reads them from the document itself and returns them
as extra template globals, so that the generated client validates and encodes exactly what the spec says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# The JSON Schema keywords the runtime validator (templates/runtime/_validation.py) understands.
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


def with_siblings(document: dict[str, Any], node: Any) -> Any:
    """The node a `$ref` names, with the annotations written beside the `$ref` (OpenAPI 3.1) on top."""
    if not (isinstance(node, dict) and "$ref" in node):
        return node
    siblings = {key: value for key, value in node.items() if key != "$ref"}
    unsupported = [key for key in siblings if key not in ANNOTATION_KEYWORDS]
    if unsupported:
        raise SpecError(f"keywords beside a $ref are not supported: {', '.join(unsupported)}")
    return {**resolve(document, node), **siblings}


def compact_schema(document: dict[str, Any], schema: Any, depth: int = 0) -> dict[str, Any]:
    """The schema with every `$ref` inlined and only the validation keywords kept."""
    if depth > 20:
        raise SpecError("schema nests too deeply (recursive schemas are not supported)")
    schema = with_siblings(document, schema)
    unknown = [
        key
        for key in schema
        if key not in VALIDATION_KEYWORDS + STRUCTURE_KEYWORDS + ANNOTATION_KEYWORDS
        and not key.startswith("x-")
    ]
    if unknown:
        raise SpecError(f"the client's validator does not implement: {', '.join(sorted(unknown))}")
    out: dict[str, Any] = {key: schema[key] for key in VALIDATION_KEYWORDS if key in schema}
    if "x-pattern-rule" in schema:  # a pattern's meaning in words, for error messages
        out["x-pattern-rule"] = schema["x-pattern-rule"]
    if "properties" in schema:
        out["properties"] = {
            name: compact_schema(document, sub, depth + 1) for name, sub in schema["properties"].items()
        }
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        out["additionalProperties"] = compact_schema(document, extra, depth + 1)
    elif extra is False:
        out["additionalProperties"] = False
    if "items" in schema:
        out["items"] = compact_schema(document, schema["items"], depth + 1)
    if "anyOf" in schema:
        out["anyOf"] = [compact_schema(document, sub, depth + 1) for sub in schema["anyOf"]]
    return out


def form_encoding(document: dict[str, Any], media_type: dict[str, Any]) -> dict[str, str]:
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
                raise SpecError(f"{name}: only exploded form arrays (repeated keys) are supported")
            result[name] = "repeat"
        elif types == "object" or "additionalProperties" in prop:
            raise SpecError(
                f"{name}: an object in a form body needs `encoding: contentType: application/json`"
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


def operation_rules(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Rules and documentation of every operation, by route_key().

    Each entry holds, by parameter location, the compact schemas (`path`, `query`, `body`), how the
    form body travels (`body_encoding`), the spec's defaults for body fields (`body_defaults`: what the
    server assumes when a field is absent), every parameter's description (`docs`, for docstrings:
    the stock generator loses a description written beside a `$ref`, or on a parameter itself) and the
    schemas of its JSON success responses by status (`responses`, for _response_shape.py; with
    `response_refs` and `body_ref` naming the component a response or body is, so that _spec_rules.py
    need not copy it).
    """
    rules: dict[str, dict[str, Any]] = {}
    for path, path_item in document.get("paths", {}).items():
        shared_params = path_item.get("parameters", [])
        for method in HTTP_METHODS:
            operation = path_item.get(method)
            if operation is None:
                continue
            entry: dict[str, Any] = {
                "path": {},
                "query": {},
                "body": None,
                "body_encoding": {},
                "body_defaults": {},
                "docs": {},
                "responses": {},
                "response_refs": {},
                "body_ref": None,
            }
            for param in [*shared_params, *operation.get("parameters", [])]:
                param = resolve(document, param)
                if param["in"] in ("path", "query"):
                    entry[param["in"]][param["name"]] = compact_schema(document, param["schema"])
                    schema = with_siblings(document, param["schema"])
                    entry["docs"][param["name"]] = param.get("description") or schema.get("description", "")
            body = resolve(document, operation.get("requestBody"))
            form = (body or {}).get("content", {}).get("application/x-www-form-urlencoded")
            if form is not None:
                entry["body"] = compact_schema(document, form["schema"])
                entry["body_ref"] = _component_name(form["schema"])
                entry["body_encoding"] = form_encoding(document, form)
                for name, prop in resolve(document, form["schema"]).get("properties", {}).items():
                    prop = with_siblings(document, prop)
                    entry["docs"][name] = prop.get("description", "")
                    if "default" in prop:
                        entry["body_defaults"][name] = prop["default"]
            for status, response in operation.get("responses", {}).items():
                content = (resolve(document, response) or {}).get("content", {})
                json_body = content.get("application/json")
                if str(status).isdigit() and str(status).startswith("2") and json_body is not None:
                    entry["responses"][int(status)] = compact_schema(document, json_body["schema"])
                    name = _component_name(json_body["schema"])
                    if name is not None:
                        entry["response_refs"][int(status)] = name
            rules[route_key(method, path)] = entry
    return rules


def component_rules(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Validation rules of every component schema, by component name."""
    schemas = document.get("components", {}).get("schemas", {})
    return {name: compact_schema(document, schema) for name, schema in schemas.items()}


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
