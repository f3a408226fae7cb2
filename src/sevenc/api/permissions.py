from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sevenc.core.domain.errors import PermissionDeniedError
from sevenc.core.domain.roles import Capability, role_can


def require(request: HttpRequest, capability: Capability = Capability.VIEW) -> Any:
    """The caller's staff membership if its role allows ``capability``; else 403."""
    membership = getattr(request, "membership", None)
    if membership is None:
        raise PermissionDeniedError("This API is for staff of a workspace; your account is not.")
    if not role_can(membership.role, capability):
        raise PermissionDeniedError(f"Your role ({membership.role}) does not allow this ({capability.value}).")
    return membership
