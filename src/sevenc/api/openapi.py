"""Every operation's error statuses in the OpenAPI document, each with its schema (docs/api.md, "Errors").

Which statuses an operation can answer follows from its shape, by the rules of ``errors.STATUS_TABLE``:
every operation can answer 401, 403 and 500; one with parameters or a body 422; one that names an object
(a path parameter, a query parameter ``…_id``, or a body, which may name objects by id) 404; one with a body
400 (malformed) and 413 (too large); every unsafe method 409 (a stale version or a state that forbids it).
"""

from __future__ import annotations

from typing import Any

from sevenc.api.errors import STATUS_TABLE, ConflictOut, ErrorOut, ServerErrorOut

UNSAFE = {"post", "put", "patch", "delete"}
SCHEMAS = {"ErrorOut": ErrorOut, "ConflictOut": ConflictOut, "ServerErrorOut": ServerErrorOut}


def _response(status: int, schema: str) -> dict[str, Any]:
    return {
        "description": STATUS_TABLE[status],
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def error_statuses(method: str, operation: dict[str, Any]) -> list[int]:
    params = operation.get("parameters", [])
    has_body = "requestBody" in operation
    statuses = [401, 403, 500]
    if params or has_body:
        statuses.append(422)
    if has_body or any(p.get("in") == "path" or p.get("name", "").endswith("_id") for p in params):
        statuses.append(404)
    if has_body:
        statuses += [400, 413]
    if method in UNSAFE:
        statuses.append(409)
    return sorted(statuses)


def add_error_responses(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, model in SCHEMAS.items():
        components[name] = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for methods in schema.get("paths", {}).values():
        for method, operation in methods.items():
            if method not in UNSAFE | {"get"}:
                continue
            responses = operation.setdefault("responses", {})
            for status in error_statuses(method, operation):
                name = {409: "ConflictOut", 500: "ServerErrorOut"}.get(status, "ErrorOut")
                responses.setdefault(str(status), _response(status, name))
    return schema
