"""Download an assessment's answers as CSV or XLSX; upload a file of answers (validated, all or nothing)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from sevenc.assessments import selectors
from sevenc.assessments.transfer import services as transfer
from sevenc.assessments.views import _render_detail
from sevenc.core.access import request_workspace, staff_required
from sevenc.core.domain import spreadsheets
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.domain.roles import Capability


@require_safe
@staff_required(Capability.VIEW)
def answer_export(request: HttpRequest, assessment_id: int, fmt: str) -> HttpResponse:
    if fmt not in spreadsheets.FORMATS:
        raise Http404("Unknown format")
    assessment = selectors.assessment_get(workspace=request_workspace(request), pk=assessment_id)
    return transfer.answers_response(workspace=request_workspace(request), assessment=assessment, fmt=fmt)


@require_POST
@staff_required(Capability.ANSWER)
def answer_import(request: HttpRequest, assessment_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    assessment = selectors.assessment_get(workspace=workspace, pk=assessment_id)
    upload = request.FILES.get("file")
    try:
        content = spreadsheets.upload_content(upload)
        result = transfer.answers_import(
            workspace=workspace, actor=request.user, assessment=assessment, content=content, filename=upload.name or ""
        )
    except ApplicationError as exc:
        problems = [m for msgs in exc.fields.values() for m in msgs]
        detail = exc.message + ("\n" + "\n".join(problems) if problems else "")
        return _render_detail(request, assessment, status=exc.status if exc.status == 409 else 422, error=detail)
    messages.success(
        request,
        ngettext(
            "Imported: %(n)d answer changed, %(u)d unchanged.",
            "Imported: %(n)d answers changed, %(u)d unchanged.",
            result.changed,
        )
        % {"n": result.changed, "u": result.unchanged},
    )
    return redirect("assessments:assessment_detail", assessment_id=assessment.pk)
