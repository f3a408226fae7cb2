"""One error shape for the whole API: ``{"message": str, "fields": {field: [messages]}}`` (+ ``current`` on 409,
``error_id`` on 500), for every status the API answers, including 413 and 500 (docs/api.md, "Errors").

The status table lives here, in :data:`STATUS_TABLE`; docs/api.md prints the same table and
``sevenc.api.openapi`` documents each status on every operation it applies to.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from sevenc.core.api import body_too_large_message, current_of, error_body, server_error_body
from sevenc.core.domain.errors import ApplicationError, ConflictError

logger = logging.getLogger("sevenc.api")

# status -> what it means; the one table (docs/api.md prints it, tests compare the two)
STATUS_TABLE: dict[int, str] = {
    400: "The request is malformed: the body is not JSON (or not the multipart form the operation takes).",
    401: "No valid credentials: no token or session, a revoked token, or one whose owner left the workspace.",
    403: "Your role does not allow this, or a browser session sent no CSRF token.",
    404: "No such object in your workspace (objects of other workspaces are never revealed), or no such path.",
    405: "The path exists but does not take this method.",
    409: "A conflict with the object as it is now: someone changed it since you read it (the body carries "
    "`current`), or its state forbids the change (a final assessment, a held meeting).",
    413: "The body is larger than the limit (`SEVENC_MAX_BODY_MB`, 10 MB unless set).",
    422: "The request is refused as it stands: wrong types, unknown fields, values out of range, text that cannot "
    "be stored, a key given twice in one object, a file whose rows do not validate, or a rule it would break "
    "(a duplicate name, the last owner, a dependency cycle, a bulk list that names the same thing twice: a "
    "matrix cell, a practice, an action item).",
    500: "An unexpected error. Nothing was changed; the body carries an `error_id` that is also in the server log.",
}


class ErrorOut(Schema):
    message: str
    fields: dict[str, list[str]]


class ConflictOut(ErrorOut):
    current: dict[str, Any] | None = None


class ServerErrorOut(ErrorOut):
    error_id: str


def _field_name(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path", "pagination", "filters")]
    return ".".join(parts) or "__all__"


def install(api: NinjaAPI) -> None:
    # Nothing to undo here: sevenc.core.middleware rolls back every unsafe request answered with an error.
    def respond(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        body = error_body(exc.message, exc.fields)
        if isinstance(exc, ConflictError) and exc.current is not None:
            body["current"] = current_of(exc.current)
        # A service's plain refusal (400 in the services' own terms) is "refused as it stands" here: 422.
        status = 422 if exc.status == ApplicationError.status else exc.status
        return respond(request, body, status)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            fields.setdefault(_field_name(list(err.get("loc", []))), []).append(str(err.get("msg", "invalid")))
        return respond(request, error_body("The request is not valid; nothing was changed.", fields), 422)

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(
            request, error_body("Authentication required: send 'Authorization: Bearer <token>' or log in."), 401
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, error_body("Not found."), 404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, error_body(str(exc) or "Forbidden."), 403)

    @api.exception_handler(RequestDataTooBig)
    def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, error_body(body_too_large_message()), 413)

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        return respond(request, error_body("The request is malformed."), 400)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return respond(request, error_body(str(exc)), exc.status_code)

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, server_error_body(request, exc), 500)
