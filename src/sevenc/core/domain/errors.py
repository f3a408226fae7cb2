"""Errors that services raise; views and the API turn them into messages and status codes."""

from __future__ import annotations


class ApplicationError(Exception):
    """A request that cannot be carried out, with a message for the user.

    ``fields`` maps a field name to a list of messages about that field.
    """

    status = 400

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ConflictError(ApplicationError):
    """Someone else changed the row since the caller read it (a stale version)."""

    status = 409

    def __init__(self, message: str, *, current: object = None) -> None:
        super().__init__(message)
        self.current = current


class PermissionDeniedError(ApplicationError):
    status = 403


class NotFoundError(ApplicationError):
    status = 404


def validation_fields(exc: Exception) -> dict[str, list[str]]:
    """Flatten a Django ValidationError into {field: [messages]} (non-field errors under "__all__")."""
    message_dict = getattr(exc, "message_dict", None)
    if message_dict is not None:
        return {key: [str(m) for m in msgs] for key, msgs in message_dict.items()}
    messages = getattr(exc, "messages", None) or [str(exc)]
    return {"__all__": [str(m) for m in messages]}
