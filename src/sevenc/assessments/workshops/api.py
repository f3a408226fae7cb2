"""Workshops through the API: respondents (staff manage them), the consolidated view and applying it, and a
staff respondent's own blind responses. Client respondents answer in the portal (the API is for staff).

Two routers: ``router`` under /assessments (per assessment), ``respondents_router`` under /respondents (the
caller's own questionnaire: anyone else's respondent is a 404).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from sevenc.assessments import selectors
from sevenc.assessments.schemas import StrictSchema
from sevenc.assessments.workshops import selectors as workshop_selectors
from sevenc.assessments.workshops import services as workshop
from sevenc.assessments.workshops.models import Response
from sevenc.assessments.workshops.services import Decision, ResponseChange
from sevenc.core.api import register_current, require
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.domain.roles import Capability
from sevenc.core.schemas import Id, Key

router = Router(tags=["workshops"])
respondents_router = Router(tags=["workshops"])


class RespondentIn(StrictSchema):
    email: str = Field(..., description="A staff member of the workspace, or a portal user of the assessment's client.")


class RespondentOut(Schema):
    id: int
    assessment_id: int
    email: str = Field(..., alias="user.email")
    name: str = Field(..., alias="user.display_name")
    kind: str = Field(..., description='"staff" (answers in the web UI or API) or "client" (answers in the portal)')
    client_role: str | None = Field(None, description='"executive" or "contributor" for a client respondent.')
    submitted_at: dt.datetime | None
    answered: int | None = Field(None, alias="answered_count")
    total: int | None = Field(None, alias="practice_count")


class ResponseIn(StrictSchema):
    version: int = Field(..., description="The response's version you read; a stale one gets 409.")
    state: str | None = Field(None, description='"level", "na", "unknown", or "" to clear.')
    level: int | None = Field(None, ge=0, le=5)
    comment: str | None = Field(None, max_length=workshop.COMMENT_MAX)


class ResponseOut(Schema):
    practice_key: str = Field(..., alias="practice.key")
    practice_name: str = Field(..., alias="practice.name")
    state: str
    level: int | None
    comment: str
    answered_at: dt.datetime | None
    version: int


register_current(Response, ResponseOut)


class ConsolidatedDecisionIn(StrictSchema):
    practice_key: str
    state: Literal["level", "na", "unknown", ""]
    level: int | None = Field(None, ge=0, le=5)
    rationale: str = Field("", max_length=workshop.RATIONALE_MAX)
    version: int = Field(..., description="The answer's version you read (from the consolidated view).")


class DecisionsIn(StrictSchema):
    decisions: list[ConsolidatedDecisionIn] = Field(..., min_length=1, max_length=1000)


class ConsolidatedCellOut(Schema):
    respondent_id: int
    value: int | str | None = Field(..., description='0–5, "na", "unknown", or null (not answered).')
    comment: str


class ConsolidatedPracticeOut(Schema):
    key: str
    name: str
    critical: bool
    responses: list[ConsolidatedCellOut]
    suggestion: int | str | None = Field(
        ...,
        description="The median of the levels (lower middle one for an even "
        'count), the minimum for a critical practice, "na" when '
        'most say N/A, "unknown" without a level.',
    )
    disagreement: bool = Field(..., description="The levels given span two levels or more.")
    spread: int | None
    executive_mean: float | None
    staff_mean: float | None
    answer_state: str
    answer_level: int | None
    answer_rationale: str
    answer_version: int


class PerceptionGapOut(Schema):
    key: str
    executive_mean: float
    staff_mean: float
    difference: float


class ConsolidatedOut(Schema):
    assessment_id: int
    respondents: list[RespondentOut]
    perception_gaps: list[PerceptionGapOut] = Field(
        ..., description="|executives' mean − staff's mean| ≥ 1.5, largest first."
    )
    practices: list[ConsolidatedPracticeOut]


class AnswerDecidedOut(Schema):
    practice_key: str = Field(..., alias="practice.key")
    state: str
    level: int | None
    rationale: str
    version: int


# --- respondents of an assessment ----------------------------------------------------------------------


@router.get(
    "/{assessment_id}/respondents",
    response=list[RespondentOut],
    operation_id="assessments_respondent_list",
    summary="Who answers this assessment, and how far they are",
)
def respondent_list(request: HttpRequest, assessment_id: Id) -> Any:
    m = require(request)
    assessment = selectors.assessment_get(workspace=m.workspace, pk=assessment_id)
    return workshop_selectors.respondent_list(workspace=m.workspace, assessment=assessment)


@router.post(
    "/{assessment_id}/respondents",
    response={201: RespondentOut},
    operation_id="assessments_respondent_invite",
    summary="Invite a staff member or a portal user of the client to answer blind (drafts only)",
)
def respondent_invite(request: HttpRequest, assessment_id: Id, payload: RespondentIn) -> Status[Any]:
    m = require(request, Capability.MANAGE_ASSESSMENTS)
    assessment = selectors.assessment_get(workspace=m.workspace, pk=assessment_id)
    user = workshop_selectors.invite_candidate_by_email(
        workspace=m.workspace, assessment=assessment, email=payload.email
    )
    if user is None:
        raise ApplicationError(
            f"{payload.email} cannot be invited: not staff of this workspace, not a portal user "
            f"of {assessment.client.name}, or already a respondent.",
            fields={"email": ["Cannot be invited."]},
        )
    respondent = workshop.respondent_invite(workspace=m.workspace, actor=m.user, assessment=assessment, user=user)
    return Status(
        201, workshop_selectors.respondent_get(workspace=m.workspace, assessment=assessment, pk=respondent.pk)
    )


@router.delete(
    "/{assessment_id}/respondents/{respondent_id}",
    response={204: None},
    operation_id="assessments_respondent_remove",
    summary="Withdraw an invitation, with its responses",
)
def respondent_remove(request: HttpRequest, assessment_id: Id, respondent_id: Id) -> Status[None]:
    m = require(request, Capability.MANAGE_ASSESSMENTS)
    assessment = selectors.assessment_get(workspace=m.workspace, pk=assessment_id)
    respondent = workshop_selectors.respondent_get(workspace=m.workspace, assessment=assessment, pk=respondent_id)
    workshop.respondent_remove(workspace=m.workspace, actor=m.user, respondent=respondent)
    return Status(204, None)


# --- the consolidated view --------------------------------------------------------------------------------


@router.get(
    "/{assessment_id}/consolidated",
    response=ConsolidatedOut,
    operation_id="assessments_consolidated_get",
    summary="Every respondent's answer per practice, the suggestion, disagreement and perception gaps",
)
def consolidated_get(request: HttpRequest, assessment_id: Id) -> dict[str, Any]:
    m = require(request)
    assessment = selectors.assessment_get(workspace=m.workspace, pk=assessment_id)
    view = workshop_selectors.consolidated_view(workspace=m.workspace, assessment=assessment)
    answers = {a.practice.key: a for a in view.answers}
    practices = []
    for p in view.result.practices:
        a = answers[p.key]
        cells = view.cells.get(p.key, {})
        practices.append(
            {
                "key": p.key,
                "name": a.practice.name,
                "critical": p.critical,
                "responses": [
                    {"respondent_id": c.respondent_id, "value": c.value, "comment": c.comment}
                    for c in sorted(cells.values(), key=lambda c: c.respondent_id)
                ],
                "suggestion": p.suggestion,
                "disagreement": p.disagreement,
                "spread": p.spread,
                "executive_mean": p.executive_mean,
                "staff_mean": p.staff_mean,
                "answer_state": a.state,
                "answer_level": a.level,
                "answer_rationale": a.rationale,
                "answer_version": a.version,
            }
        )
    gaps = [
        {"key": g.key, "executive_mean": g.executive_mean, "staff_mean": g.staff_mean, "difference": g.difference}
        for g in view.result.perception_gaps
    ]
    return {
        "assessment_id": assessment.pk,
        "respondents": view.respondents,
        "perception_gaps": gaps,
        "practices": practices,
    }


@router.post(
    "/{assessment_id}/consolidated",
    response=list[AnswerDecidedOut],
    operation_id="assessments_consolidated_apply",
    summary="Set the final answers with their rationale, all or nothing (send each answer's version)",
)
def consolidated_apply(request: HttpRequest, assessment_id: Id, payload: DecisionsIn) -> Any:
    m = require(request, Capability.MANAGE_ASSESSMENTS)
    assessment = selectors.assessment_get(workspace=m.workspace, pk=assessment_id)
    decisions = [Decision(d.practice_key, d.state, d.level, d.rationale, d.version) for d in payload.decisions]
    return workshop.consolidated_apply(workspace=m.workspace, actor=m.user, assessment=assessment, decisions=decisions)


# --- the caller's own questionnaire ---------------------------------------------------------------------------


@respondents_router.get(
    "/{respondent_id}/responses",
    response=list[ResponseOut],
    operation_id="assessments_response_list",
    summary="Your own responses (you must be this respondent), in framework order",
)
def response_list(request: HttpRequest, respondent_id: Id) -> Any:
    m = require(request)
    respondent = workshop_selectors.respondent_get_own(workspace=m.workspace, user=m.user, pk=respondent_id)
    return workshop_selectors.response_list(workspace=m.workspace, respondent=respondent)


@respondents_router.put(
    "/{respondent_id}/responses/{practice_key}",
    response=ResponseOut,
    operation_id="assessments_response_set",
    summary="Set one of your own responses; send its `version` (409 when stale)",
)
def response_set(request: HttpRequest, respondent_id: Id, practice_key: Key, payload: ResponseIn) -> Any:
    m = require(request)
    respondent = workshop_selectors.respondent_get_own(workspace=m.workspace, user=m.user, pk=respondent_id)
    change = ResponseChange(practice_key=practice_key, **payload.dict(exclude_unset=True))
    saved = workshop.response_set(workspace=m.workspace, actor=m.user, respondent=respondent, change=change)
    return workshop_selectors.response_get(
        workspace=m.workspace, respondent=respondent, practice_key=saved.practice.key
    )


@respondents_router.post(
    "/{respondent_id}/submit",
    response=RespondentOut,
    operation_id="assessments_respondent_submit",
    summary="Hand in your answers; afterwards they can no longer change",
)
def respondent_submit(request: HttpRequest, respondent_id: Id) -> Any:
    m = require(request)
    respondent = workshop_selectors.respondent_get_own(workspace=m.workspace, user=m.user, pk=respondent_id)
    workshop.respondent_submit(workspace=m.workspace, actor=m.user, respondent=respondent)
    return workshop_selectors.respondent_get(workspace=m.workspace, assessment=respondent.assessment, pk=respondent.pk)
