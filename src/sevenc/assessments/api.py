"""Assessments and their answers. A final assessment refuses every change (409)."""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Status
from ninja.pagination import paginate

from sevenc.assessments import selectors, services
from sevenc.assessments.models import Answer, Assessment
from sevenc.assessments.schemas import (
    AnswerBulkIn,
    AnswerIn,
    AnswerOut,
    AssessmentIn,
    AssessmentOut,
    AssessmentPatch,
    ScoresOut,
    VersionIn,
)
from sevenc.catalog import selectors as catalog_selectors
from sevenc.core.api import Pagination, register_current, require
from sevenc.core.domain.roles import Capability
from sevenc.core.schemas import Id, Key, StrictSchema
from sevenc.tenancy import selectors as tenancy_selectors

router = Router(tags=["assessments"])
register_current(Assessment, AssessmentOut)
register_current(Answer, AnswerOut)


class AssessmentFilter(StrictSchema):
    client_id: int | None = Field(None, description="Only this client's assessments.")
    status: Literal["draft", "final"] | None = None


@router.get(
    "",
    response=list[AssessmentOut],
    operation_id="assessments_assessment_list",
    summary="Assessments of the workspace, newest first; filter by client and status",
)
@paginate(Pagination)
def assessment_list(request: HttpRequest, filters: Query[AssessmentFilter]) -> Any:
    m = require(request)
    client = (
        tenancy_selectors.client_get(workspace=m.workspace, pk=filters.client_id)
        if filters.client_id is not None
        else None
    )
    return selectors.assessment_list(workspace=m.workspace, client=client, status=filters.status)


@router.post(
    "",
    response={201: AssessmentOut},
    operation_id="assessments_assessment_create",
    summary="Start a draft assessment: one unanswered answer per practice, or copied from `copy_from_id`",
)
def assessment_create(request: HttpRequest, payload: AssessmentIn) -> Status[Any]:
    m = require(request, Capability.MANAGE_ASSESSMENTS)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=payload.client_id)
    if payload.framework_id is not None:
        framework = catalog_selectors.framework_get(workspace=m.workspace, pk=payload.framework_id)
    else:
        framework = catalog_selectors.framework_get(workspace=None, key="7c")
    copy_from = (
        selectors.assessment_get(workspace=m.workspace, pk=payload.copy_from_id)
        if payload.copy_from_id is not None
        else None
    )
    assessment = services.assessment_create(
        workspace=m.workspace,
        actor=m.user,
        client=client,
        framework=framework,
        title=payload.title,
        period=payload.period,
        assessed_on=payload.assessed_on,
        copy_from=copy_from,
    )
    return Status(201, selectors.assessment_get(workspace=m.workspace, pk=assessment.pk))


@router.get(
    "/{assessment_id}", response=AssessmentOut, operation_id="assessments_assessment_get", summary="One assessment"
)
def assessment_get(request: HttpRequest, assessment_id: Id) -> Any:
    m = require(request)
    return selectors.assessment_get(workspace=m.workspace, pk=assessment_id)


@router.patch(
    "/{assessment_id}",
    response=AssessmentOut,
    operation_id="assessments_assessment_update",
    summary="Change a draft's title, period or date; send the `version` you read",
)
def assessment_update(request: HttpRequest, assessment_id: Id, payload: AssessmentPatch) -> Any:
    m = require(request, Capability.MANAGE_ASSESSMENTS)
    assessment = selectors.assessment_get(workspace=m.workspace, pk=assessment_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return services.assessment_update(
        workspace=m.workspace, actor=m.user, assessment=assessment, version=version, **data
    )


@router.delete(
    "/{assessment_id}",
    response={204: None},
    operation_id="assessments_assessment_delete",
    summary="Delete a draft assessment (a final one is kept for ever)",
)
def assessment_delete(request: HttpRequest, assessment_id: Id) -> Status[None]:
    m = require(request, Capability.MANAGE_ASSESSMENTS)
    assessment = selectors.assessment_get(workspace=m.workspace, pk=assessment_id)
    services.assessment_delete(workspace=m.workspace, actor=m.user, assessment=assessment)
    return Status(204, None)


@router.post(
    "/{assessment_id}/finalise",
    response=AssessmentOut,
    operation_id="assessments_assessment_finalise",
    summary="Make a draft final: from then on nothing in it can change",
)
def assessment_finalise(request: HttpRequest, assessment_id: Id, payload: VersionIn) -> Any:
    m = require(request, Capability.MANAGE_ASSESSMENTS)
    assessment = selectors.assessment_get(workspace=m.workspace, pk=assessment_id)
    return services.assessment_finalise(
        workspace=m.workspace, actor=m.user, assessment=assessment, version=payload.version
    )


# --- answers ---------------------------------------------------------------------------------------------


@router.get(
    "/{assessment_id}/answers",
    response=list[AnswerOut],
    operation_id="assessments_answer_list",
    summary="Every answer of the assessment (one per practice, in framework order; not paged)",
)
def answer_list(request: HttpRequest, assessment_id: Id) -> Any:
    m = require(request)
    assessment = selectors.assessment_get(workspace=m.workspace, pk=assessment_id)
    return selectors.answer_list(workspace=m.workspace, assessment=assessment)


@router.put(
    "/{assessment_id}/answers/{practice_key}",
    response=AnswerOut,
    operation_id="assessments_answer_set",
    summary="Set one answer; send the answer's `version` (409 with the current answer when stale)",
)
def answer_set(request: HttpRequest, assessment_id: Id, practice_key: Key, payload: AnswerIn) -> Any:
    m = require(request, Capability.ANSWER)
    assessment = selectors.assessment_get(workspace=m.workspace, pk=assessment_id)
    change = services.AnswerChange(practice_key=practice_key, **payload.dict(exclude_unset=True))
    return services.answer_set(workspace=m.workspace, actor=m.user, assessment=assessment, change=change)


@router.patch(
    "/{assessment_id}/answers",
    response=list[AnswerOut],
    operation_id="assessments_answer_bulk_set",
    summary="Set many answers at once, all or nothing (one stale version refuses the whole batch)",
)
def answer_bulk_set(request: HttpRequest, assessment_id: Id, payload: AnswerBulkIn) -> Any:
    m = require(request, Capability.ANSWER)
    assessment = selectors.assessment_get(workspace=m.workspace, pk=assessment_id)
    changes = [services.AnswerChange(**item.dict(exclude_unset=True)) for item in payload.answers]
    return services.answers_bulk_set(workspace=m.workspace, actor=m.user, assessment=assessment, changes=changes)


@router.get(
    "/{assessment_id}/scores",
    response=ScoresOut,
    operation_id="assessments_assessment_scores",
    summary="The ITCq of the assessment: overall, per block and per area, with coverage and gated levels",
)
def assessment_scores(request: HttpRequest, assessment_id: Id) -> dict[str, Any]:
    m = require(request)
    assessment = selectors.assessment_get(workspace=m.workspace, pk=assessment_id)
    index = selectors.framework_index(framework_id=assessment.framework_id)
    scores = selectors.assessment_scores(workspace=m.workspace, assessment=assessment)
    return selectors.scores_document(assessment=assessment, scores=scores, index=index)
