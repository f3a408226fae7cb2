"""Answers as files: export CSV/XLSX, import a file (every row validated; all or nothing)."""

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import File, Query, Router, Schema, UploadedFile

from sevenc.assessments import selectors
from sevenc.assessments.transfer import services as transfer
from sevenc.core.api import require
from sevenc.core.domain import spreadsheets
from sevenc.core.domain.roles import Capability
from sevenc.core.downloads import openapi_file
from sevenc.core.schemas import Id, StrictSchema

router = Router(tags=["assessments"])


class ExportQuery(StrictSchema):
    format: Literal["csv", "xlsx"] = "csv"


class AnswerImportOut(Schema):
    changed: int
    unchanged: int


@router.get(
    "/{assessment_id}/export",
    operation_id="assessments_answer_export",
    summary="The answers as a CSV or XLSX file, one row per practice key (docs/assessments-import-export.md)",
    response={200: None},
    openapi_extra=openapi_file("csv", "xlsx"),
)
def answer_export(request: HttpRequest, assessment_id: Id, query: Query[ExportQuery]) -> HttpResponse:
    m = require(request)
    assessment = selectors.assessment_get(workspace=m.workspace, pk=assessment_id)
    return transfer.answers_response(workspace=m.workspace, assessment=assessment, fmt=query.format)


@router.post(
    "/{assessment_id}/import",
    response=AnswerImportOut,
    operation_id="assessments_answer_import",
    summary="Import answers from a CSV or XLSX file (multipart field `file`); every row is checked first "
    "and nothing is written unless all are valid; stale `version` cells give 409",
)
def answer_import(request: HttpRequest, assessment_id: Id, file: File[UploadedFile]) -> Any:
    m = require(request, Capability.ANSWER)
    assessment = selectors.assessment_get(workspace=m.workspace, pk=assessment_id)
    result = transfer.answers_import(
        workspace=m.workspace,
        actor=m.user,
        assessment=assessment,
        content=spreadsheets.upload_content(file),
        filename=file.name or "",
    )
    return {"changed": result.changed, "unchanged": result.unchanged}
