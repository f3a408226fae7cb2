"""What every domain's API router uses, so that no domain imports the API assembly (``sevenc.api``): the role
check, the one paginator, the registry of 409 bodies, and the one error body (docs/api.md, "Errors").
``sevenc.api.errors`` installs the handlers that use them."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from sevenc.core.domain.errors import PermissionDeniedError
from sevenc.core.domain.roles import Capability, role_can

logger = logging.getLogger("sevenc.api")


def require(request: HttpRequest, capability: Capability = Capability.VIEW) -> Any:
    """The caller's staff membership if its role allows ``capability``; else 403."""
    membership = getattr(request, "membership", None)
    if membership is None:
        raise PermissionDeniedError("This API is for staff of a workspace; your account is not.")
    if not role_can(membership.role, capability):
        raise PermissionDeniedError(f"Your role ({membership.role}) does not allow this ({capability.value}).")
    return membership


# --- lists ------------------------------------------------------------------------------------------------------

PAGE_SIZE = 50
PAGE_SIZE_MAX = 200
PAGE_MAX = 1_000_000


class Pagination(PageNumberPagination):
    """Ninja's page-number paginator with documented limits: a page number past ``PAGE_MAX`` or a page size
    past ``PAGE_SIZE_MAX`` is refused (422) instead of reaching the database."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=PAGE_MAX, description=f"The page, from 1 (at most {PAGE_MAX:,}).")
        page_size: int | None = Field(
            None,
            ge=1,
            le=PAGE_SIZE_MAX,
            description=f"Items per page: {PAGE_SIZE} unless given, at most {PAGE_SIZE_MAX}.",
        )

    def __init__(self, **kwargs: object) -> None:
        super().__init__(page_size=PAGE_SIZE, max_page_size=PAGE_SIZE_MAX, **kwargs)


# --- errors -----------------------------------------------------------------------------------------------------
# Model class -> output schema, so that a 409 can carry the current value of the row.
CURRENT_SCHEMAS: dict[type, Any] = {}


def register_current(model: type, schema: Any) -> None:
    CURRENT_SCHEMAS[model] = schema


def current_of(obj: Any) -> Any:
    schema = CURRENT_SCHEMAS.get(type(obj))
    if schema is None:
        if isinstance(obj, dict):
            return obj
        return {"version": getattr(obj, "version", None)}
    return schema.from_orm(obj).model_dump(mode="json")


def error_body(message: str, fields: dict[str, list[str]] | None = None, **extra: Any) -> dict[str, Any]:
    return {"message": message, "fields": fields or {}, **extra}


def server_error_body(request: HttpRequest, exc: BaseException | None) -> dict[str, Any]:
    """Log an unexpected error under a new id and return the body that names only that id."""
    error_id = uuid.uuid4().hex[:12]
    logger.error("error_id=%s %s %s", error_id, request.method, request.path, exc_info=exc)
    return error_body(
        f"Something went wrong on our side; nothing was changed. Error id: {error_id}.", error_id=error_id
    )


def body_too_large_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return f"The request body is larger than the limit of {limit // (1024 * 1024)} MB; nothing was changed."


def json_error(request: HttpRequest, status: int, message: str, exc: BaseException | None = None) -> JsonResponse:
    """An error answered outside ninja (Django's handlers for /api/ paths) in the same shape."""
    body = server_error_body(request, exc) if status == 500 else error_body(message)
    return JsonResponse(body, status=status)
