"""Writes for workshops and self-assessments: respondents answer one assessment blind; the vCIO consolidates.

- A respondent is a staff member of the workspace (kind staff) or a portal user of the assessment's client
  (kind client); nobody else can be invited. Only draft assessments take respondents and responses.
- A respondent's responses are theirs alone: only they may set them (versioned like answers) and submit;
  after submitting they are read-only.
- ``consolidated_apply`` writes the vCIO's chosen values into the assessment's answers through
  ``services.answers_bulk_set`` (same versions, same rules), with the rationale: all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from sevenc.assessments import services
from sevenc.assessments.models import Answer, AnswerState, Assessment
from sevenc.assessments.services import AnswerChange, FinalAssessmentError
from sevenc.assessments.workshops.models import Respondent, RespondentKind, Response
from sevenc.catalog.models import Practice
from sevenc.core.domain.bulk import refuse_duplicates
from sevenc.core.domain.errors import ApplicationError, ConflictError, PermissionDeniedError
from sevenc.core.guards import same_workspace
from sevenc.core.services import activity_record
from sevenc.core.versioning import versioned_update
from sevenc.tenancy.models import ClientMembership, Membership, Workspace

if TYPE_CHECKING:
    from sevenc.accounts.models import User

COMMENT_MAX = 10_000
RATIONALE_MAX = 10_000


class SubmittedError(ApplicationError):
    status = 409

    def __init__(self) -> None:
        super().__init__("You have submitted this questionnaire; it can no longer be changed.")


def _require_draft(assessment: Assessment) -> None:
    if assessment.is_final:
        raise FinalAssessmentError(assessment)


def _require_self(actor: User, respondent: Respondent) -> None:
    if getattr(actor, "pk", None) != respondent.user_id:
        raise PermissionDeniedError("Only the respondent may answer or submit their own questionnaire.")


# --- respondents ------------------------------------------------------------------------------------------


@transaction.atomic
def respondent_invite(*, workspace: Workspace, actor: User, assessment: Assessment, user: Any) -> Respondent:
    """Invite ``user`` to answer ``assessment`` blind: staff of the workspace answer as MSP staff, a portal
    user of the assessment's client answers through the portal. Creates one unanswered response per practice."""
    same_workspace(workspace, assessment)
    _require_draft(assessment)
    if Membership.objects.for_workspace(workspace).filter(user=user).exists():
        kind = RespondentKind.STAFF
    elif ClientMembership.objects.for_workspace(workspace).filter(client_id=assessment.client_id, user=user).exists():
        kind = RespondentKind.CLIENT
    else:
        raise ApplicationError(
            f"{user.email} is neither staff of this workspace nor a portal user of "
            f"{assessment.client.name}; invite them to the portal first.",
            fields={"user": ["Not staff and not a portal user of this client."]},
        )
    if Respondent.objects.filter(assessment=assessment, user=user).exists():
        raise ApplicationError(
            f"{user.email} is already a respondent of this assessment.", fields={"user": ["Already invited."]}
        )
    respondent = Respondent(
        workspace=workspace,
        assessment=assessment,
        user=user,
        kind=kind,
        invited_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    respondent.full_clean()
    respondent.save()
    practice_ids = Practice.objects.filter(framework_id=assessment.framework_id).values_list("pk", flat=True)
    Response.objects.bulk_create(
        Response(workspace=workspace, respondent=respondent, practice_id=pk) for pk in practice_ids
    )
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="invited",
        obj=respondent,
        summary=f"{user.email} invited to answer “{assessment.title}” of {assessment.client.name}",
    )
    return respondent


@transaction.atomic
def respondent_remove(*, workspace: Workspace, actor: User, respondent: Respondent) -> None:
    """Withdraw an invitation; the respondent's responses go with it."""
    same_workspace(workspace, respondent)
    assessment = respondent.assessment
    _require_draft(assessment)
    summary = f"{respondent.user.email} no longer a respondent of “{assessment.title}”"
    respondent.delete()
    activity_record(workspace=workspace, actor=actor, verb="removed", obj=None, summary=summary)


@transaction.atomic
def respondent_submit(*, workspace: Workspace, actor: User, respondent: Respondent) -> Respondent:
    """The respondent hands in their answers; from then on they are read-only."""
    same_workspace(workspace, respondent)
    _require_self(actor, respondent)
    _require_draft(respondent.assessment)
    services._lock_draft(respondent.assessment)
    now = timezone.now()
    if Respondent.objects.filter(pk=respondent.pk, submitted_at__isnull=True).update(submitted_at=now) == 0:
        raise SubmittedError()
    respondent.submitted_at = now
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="submitted",
        obj=respondent,
        summary=f"{respondent.user.email} submitted their answers to “{respondent.assessment.title}”",
    )
    return respondent


# --- responses --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseChange:
    """One response to write. ``state``: "level", "na", "unknown" or "" (clear); None keeps a field."""

    practice_key: str
    version: int
    state: str | None = None
    level: int | None = None
    comment: str | None = None


def _validate(change: ResponseChange) -> dict[str, list[str]]:
    problems = services.state_level_problems(change.state, change.level)
    if change.comment is not None and len(change.comment) > COMMENT_MAX:
        problems["comment"] = [f"At most {COMMENT_MAX} characters."]
    return problems


def _apply_response(response: Response | None, change: ResponseChange) -> Response:
    if response is None:
        raise ApplicationError(
            f"No practice {change.practice_key!r} in this questionnaire.",
            fields={"practice_key": ["Unknown practice key."]},
        )
    problems = _validate(change)
    if problems:
        raise ApplicationError(f"The answer to {change.practice_key} is not valid.", fields=problems)
    values: dict[str, Any] = {}
    if change.state is not None:
        values["state"] = change.state
        values["level"] = change.level if change.state == AnswerState.LEVEL else None
    if change.comment is not None:
        values["comment"] = change.comment.strip()
    values["answered_at"] = timezone.now()
    versioned_update(
        response,
        expected_version=change.version,
        values=values,
        current=lambda: Response.objects.select_related("practice").get(pk=response.pk),
        conflict=lambda current: ConflictError(
            f"Your answer to “{current.practice.name}” was changed elsewhere (another tab?) since you loaded it "
            f"(you had version {change.version}, it is now version {current.version}). Nothing was saved.",
            current=current,
        ),
    )
    return response


@transaction.atomic
def responses_bulk_set(
    *, workspace: Workspace, actor: User, respondent: Respondent, changes: list[ResponseChange]
) -> list[Response]:
    """Set several of the respondent's own responses, all or nothing."""
    same_workspace(workspace, respondent)
    _require_self(actor, respondent)
    _require_draft(respondent.assessment)
    services._lock_draft(respondent.assessment)
    submitted = Respondent.objects.select_for_update().filter(pk=respondent.pk).values_list("submitted_at", flat=True)
    if submitted.first() is not None:
        raise SubmittedError()
    keys = [c.practice_key for c in changes]
    refuse_duplicates(keys, field="practice_key", name=lambda key: f"Practice {key}")
    rows = Response.objects.filter(respondent=respondent, practice__key__in=keys).select_related("practice")
    by_key = {r.practice.key: r for r in rows}
    return [_apply_response(by_key.get(c.practice_key), c) for c in changes]


def response_set(*, workspace: Workspace, actor: User, respondent: Respondent, change: ResponseChange) -> Response:
    return responses_bulk_set(workspace=workspace, actor=actor, respondent=respondent, changes=[change])[0]


# --- consolidation ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """The vCIO's final value for one practice: ``state`` "level"/"na"/"unknown"/"" with ``level``; the
    ``version`` of the answer as read; why (shown next to the answer, kept with it)."""

    practice_key: str
    state: str
    level: int | None
    rationale: str
    version: int


@transaction.atomic
def consolidated_apply(
    *, workspace: Workspace, actor: User, assessment: Assessment, decisions: list[Decision]
) -> list[Answer]:
    """Write the chosen values into the assessment's answers with their rationale: every decision or none."""
    same_workspace(workspace, assessment)
    _require_draft(assessment)
    long = [d.practice_key for d in decisions if len(d.rationale) > RATIONALE_MAX]
    if long:
        raise ApplicationError(
            f"The rationale for {long[0]} is too long.", fields={"rationale": [f"At most {RATIONALE_MAX} characters."]}
        )
    changes = [
        AnswerChange(practice_key=d.practice_key, version=d.version, state=d.state, level=d.level) for d in decisions
    ]
    answers = services.answers_bulk_set(workspace=workspace, actor=actor, assessment=assessment, changes=changes)
    for answer, decision in zip(answers, decisions, strict=True):
        rationale = decision.rationale.replace("\r\n", "\n").strip()
        Answer.objects.filter(pk=answer.pk).update(rationale=rationale)
        answer.rationale = rationale
    if answers:
        activity_record(
            workspace=workspace,
            actor=actor,
            verb="consolidated",
            obj=assessment,
            summary=f"{len(answers)} consolidated answer(s) set in “{assessment.title}” of {assessment.client.name}",
        )
    return answers
