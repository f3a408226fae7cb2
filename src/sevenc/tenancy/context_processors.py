from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sevenc.core.domain.roles import Capability, role_can


def workspace(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    role = membership.role if membership else None
    return {
        "current_workspace": getattr(request, "workspace", None),
        "current_membership": membership,
        "user_memberships": getattr(request, "memberships", []),
        "perms7c": {cap.value: role_can(role, cap) for cap in Capability},
    }
