"""One error shape for the whole API: {"message": str, "fields": {field: [messages]}} (+ "current" on 409)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from sevenc.core.errors import ApplicationError, ConflictError

F = TypeVar("F", bound=Callable[..., Any])


class InvalidInputError(ApplicationError):
    """The input is not valid: 422, like a request that fails the schema."""

    status = 422


def invalid_as_422(func: F) -> F:
    """Answer a service's refusal that names fields (an ApplicationError of status 400 with ``fields``) with 422;
    other refusals keep their status (400, 403, 404, 409)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ApplicationError as exc:
            if exc.status != ApplicationError.status or not exc.fields:
                raise
            raise InvalidInputError(exc.message, fields=exc.fields) from None

    return wrapper  # type: ignore[return-value]

# Model class -> output schema, so that a 409 can carry the current value of the row.
CURRENT_SCHEMAS: dict[type, Any] = {}


def register_current(model: type, schema: Any) -> None:
    CURRENT_SCHEMAS[model] = schema


def _current(obj: Any) -> Any:
    schema = CURRENT_SCHEMAS.get(type(obj))
    if schema is None:
        return {"version": getattr(obj, "version", None)}
    return schema.from_orm(obj).model_dump(mode="json")


def _field_name(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path")]
    return ".".join(parts) or "__all__"


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        body: dict[str, Any] = {"message": exc.message, "fields": exc.fields}
        if isinstance(exc, ConflictError) and exc.current is not None:
            body["current"] = _current(exc.current)
        return api.create_response(request, body, status=exc.status)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            fields.setdefault(_field_name(list(err.get("loc", []))), []).append(str(err.get("msg", "invalid")))
        return api.create_response(request, {"message": "The request is not valid; nothing was changed.",
                                             "fields": fields}, status=422)

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(request, {"message": "Authentication required: send 'Authorization: Bearer "
                                             "<token>' or log in.", "fields": {}}, status=401)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"message": "Not found.", "fields": {}}, status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(request, {"message": str(exc) or "Forbidden.", "fields": {}}, status=403)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(request, {"message": str(exc), "fields": {}}, status=exc.status_code)
