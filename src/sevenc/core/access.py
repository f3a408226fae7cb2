"""The permission layer every view uses.

- Not logged in: redirect to the login page.
- Logged in but not staff of any workspace (e.g. a client portal user): 403 on staff pages.
- Staff whose role lacks the capability: 403.
Objects of another workspace are never found: selectors take ``workspace=`` first and raise 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from sevenc.core.domain.roles import Capability, role_can


def request_workspace(request: HttpRequest) -> Any:
    """The workspace the request acts in (set by the tenancy middleware from the session or the API token)."""
    return request.workspace  # type: ignore[attr-defined]


def request_can(request: HttpRequest, capability: Capability) -> bool:
    """Whether the caller is staff of the request's workspace with a role that allows ``capability``."""
    membership = getattr(request, "membership", None)
    return membership is not None and role_can(membership.role, capability)


def staff_required(capability: Capability = Capability.VIEW) -> Callable[..., Any]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = getattr(request, "membership", None)
            if membership is None or not role_can(membership.role, capability):
                raise PermissionDenied("Your role in this workspace does not allow this.")
            return view(request, *args, **kwargs)

        wrapped.required_capability = capability  # type: ignore[attr-defined]
        return wrapped

    return decorator


def login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped
