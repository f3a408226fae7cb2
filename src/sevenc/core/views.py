"""The dashboard and the health check."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from sevenc.core import selectors as core_selectors
from sevenc.core.access import staff_required
from sevenc.core.domain.roles import Capability
from sevenc.tenancy import selectors as tenancy_selectors


@staff_required(Capability.VIEW)
def _dashboard(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    context = {
        "counts": tenancy_selectors.client_count(workspace=workspace),
        "activity": core_selectors.activity_list(workspace=workspace, limit=10),
        "recent_clients": tenancy_selectors.client_recent_list(workspace=workspace, limit=5),
    }
    return render(request, "core/dashboard.html", context)


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """Staff see the workspace dashboard; client portal users go to the portal; anyone else is told why not."""
    if request.user.is_authenticated and getattr(request, "membership", None) is None:
        if tenancy_selectors.portal_membership_list(user=request.user).exists():
            return redirect("portal:portal_home")
        return render(request, "core/no_workspace.html", status=403)
    return _dashboard(request)


dashboard.required_capability = Capability.VIEW  # type: ignore[attr-defined]


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")
