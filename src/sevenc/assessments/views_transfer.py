"""Download an assessment's answers as CSV or XLSX; upload a file of answers (validated, all or nothing)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from sevenc.assessments import selectors, transfer
from sevenc.assessments.views import _render_detail, _workspace
from sevenc.core.access import staff_required
from sevenc.core.errors import ApplicationError
from sevenc.core.roles import Capability

MAX_UPLOAD = 5 * 1024 * 1024
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@require_safe
@staff_required(Capability.VIEW)
def answer_export(request: HttpRequest, assessment_id: int, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404("Unknown format")
    assessment = selectors.assessment_get(workspace=_workspace(request), pk=assessment_id)
    rows = transfer.answers_export_rows(workspace=_workspace(request), assessment=assessment)
    body: bytes | str = (transfer.answers_to_csv(rows) if fmt == "csv"
                         else transfer.answers_to_xlsx(rows, title=assessment.title))
    name = slugify(f"{assessment.client.name} {assessment.title}") or f"assessment-{assessment.pk}"
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_POST
@staff_required(Capability.ANSWER)
def answer_import(request: HttpRequest, assessment_id: int) -> HttpResponse:
    workspace = _workspace(request)
    assessment = selectors.assessment_get(workspace=workspace, pk=assessment_id)
    upload = request.FILES.get("file")
    if upload is None:
        return _render_detail(request, assessment, status=422, error=_("Choose a CSV or XLSX file to import."))
    if upload.size > MAX_UPLOAD:
        return _render_detail(request, assessment, status=422, error=_("The file is larger than 5 MB."))
    try:
        result = transfer.answers_import(workspace=workspace, actor=request.user, assessment=assessment,
                                         content=upload.read(), filename=upload.name or "")
    except ApplicationError as exc:
        problems = [m for msgs in exc.fields.values() for m in msgs]
        detail = exc.message + ("\n" + "\n".join(problems) if problems else "")
        return _render_detail(request, assessment, status=exc.status if exc.status == 409 else 422, error=detail)
    messages.success(request, ngettext("Imported: %(n)d answer changed, %(u)d unchanged.",
                                       "Imported: %(n)d answers changed, %(u)d unchanged.", result.changed)
                     % {"n": result.changed, "u": result.unchanged})
    return redirect("assessments:assessment_detail", assessment_id=assessment.pk)
