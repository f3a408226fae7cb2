"""The responsibility matrix as files: download a client's matrix (CSV, XLSX) and the workspace's PSA mapping
(CSV); upload a CSV or XLSX file into a client's matrix (every row checked; all or nothing)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from sevenc.core.access import request_workspace, staff_required
from sevenc.core.domain import spreadsheets
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.domain.roles import Capability
from sevenc.responsibility.transfer import services as transfer
from sevenc.tenancy import selectors as tenancy_selectors


@require_safe
@staff_required(Capability.VIEW)
def matrix_export(request: HttpRequest, client_id: int, fmt: str) -> HttpResponse:
    if fmt not in transfer.FORMATS:
        raise Http404("Unknown format")
    client = tenancy_selectors.client_get(workspace=request_workspace(request), pk=client_id)
    return transfer.matrix_response(workspace=request_workspace(request), client=client, fmt=fmt)


def _render_import(
    request: HttpRequest, client: Any, *, status: int = 200, error: str = "", problems: list[str] | None = None
) -> HttpResponse:
    return render(
        request,
        "responsibility/matrix_import.html",
        {"client": client, "error": error, "problems": problems or [], "max_rows": transfer.MAX_ROWS},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required(Capability.MANAGE_RESPONSIBILITIES)
def matrix_import(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    if request.method != "POST":
        return _render_import(request, client)
    upload = request.FILES.get("file")
    try:
        content = spreadsheets.upload_content(upload)
        result = transfer.matrix_import(
            workspace=workspace, actor=request.user, client=client, content=content, filename=upload.name or ""
        )
    except ApplicationError as exc:
        problems = [m for msgs in exc.fields.values() for m in msgs]
        return _render_import(
            request, client, status=409 if exc.status == 409 else 422, error=exc.message, problems=problems
        )
    messages.success(
        request,
        ngettext(
            "Imported: %(n)d cell changed, %(u)d unchanged.",
            "Imported: %(n)d cells changed, %(u)d unchanged.",
            result.changed,
        )
        % {"n": result.changed, "u": result.unchanged},
    )
    return redirect("responsibility:matrix", client_id=client.pk)


@require_safe
@staff_required(Capability.VIEW)
def psa_export(request: HttpRequest) -> HttpResponse:
    return transfer.psa_response(workspace=request_workspace(request))
