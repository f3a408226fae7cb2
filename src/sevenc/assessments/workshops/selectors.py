"""Reads for workshops: respondents, one respondent's own questionnaire, the consolidated view.

Every staff read takes ``workspace=`` first; the portal reads start from the user's own portal membership,
so a respondent that is not the caller's is a 404 (never a 403 that would confirm it exists).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from sevenc.assessments import selectors
from sevenc.assessments.domain import consolidate
from sevenc.assessments.models import Answer, AnswerState, Assessment, AssessmentStatus
from sevenc.assessments.selectors import answer_value
from sevenc.assessments.workshops.models import Respondent, Response
from sevenc.tenancy.models import ClientMembership, Membership, Workspace

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from sevenc.accounts.models import User


class _RespondentCounts(TypedDict):
    answered_count: int
    practice_count: int
    client_role: str | None  # a client respondent's portal role (ClientRole); None for staff


def _role_of_client_user() -> Subquery:
    return Subquery(
        ClientMembership.objects.filter(
            client_id=OuterRef("assessment__client_id"), user_id=OuterRef("user_id")
        ).values("role")[:1]
    )


def respondent_list(
    *, workspace: Workspace, assessment: Assessment
) -> QuerySet[WithAnnotations[Respondent, _RespondentCounts]]:
    """An assessment's respondents with their user, portal role (client respondents) and answered count."""
    return (
        Respondent.objects.for_workspace(workspace)
        .filter(assessment=assessment)
        .select_related("user", "invited_by")
        .annotate(
            answered_count=Count("responses", filter=~Q(responses__state=AnswerState.UNANSWERED)),
            practice_count=Count("responses"),
            client_role=_role_of_client_user(),
        )
        .order_by("kind", "user__email")
    )


def respondent_get(*, workspace: Workspace, assessment: Assessment, pk: int) -> Respondent:
    return get_object_or_404(respondent_list(workspace=workspace, assessment=assessment), pk=pk)


def respondent_get_own(*, workspace: Workspace, user: User, pk: int) -> Respondent:
    """The caller's own respondent row in ``workspace`` (404 for anyone else's)."""
    qs = (
        Respondent.objects.for_workspace(workspace)
        .filter(user=user)
        .select_related("assessment", "assessment__client", "user")
    )
    return get_object_or_404(qs, pk=pk)


def respondent_for_user(*, workspace: Workspace, assessment: Assessment, user: User) -> Respondent:
    """The caller's respondent row on ``assessment`` (404 when they were not invited)."""
    qs = (
        Respondent.objects.for_workspace(workspace)
        .filter(assessment=assessment, user=user)
        .select_related("assessment", "assessment__client", "user")
    )
    return get_object_or_404(qs)


def portal_respondent_list(*, membership: ClientMembership) -> QuerySet[Respondent]:
    """The questionnaires a portal user was invited to for this client (drafts only: a final assessment's
    questionnaire is closed)."""
    return (
        Respondent.objects.for_workspace(membership.workspace_id)
        .filter(
            user_id=membership.user_id,
            assessment__client_id=membership.client_id,
            assessment__status=AssessmentStatus.DRAFT,
        )
        .select_related("assessment")
        .annotate(
            answered_count=Count("responses", filter=~Q(responses__state=AnswerState.UNANSWERED)),
            practice_count=Count("responses"),
        )
        .order_by("-assessment__assessed_on", "-pk")
    )


def portal_respondent_get(*, membership: ClientMembership, pk: int) -> Respondent:
    qs = (
        Respondent.objects.for_workspace(membership.workspace_id).filter(
            user_id=membership.user_id, assessment__client_id=membership.client_id
        )
    ).select_related("assessment", "assessment__client", "user")
    return get_object_or_404(qs, pk=pk)


def response_list(*, workspace: Workspace, respondent: Respondent) -> QuerySet[Response]:
    """One respondent's responses in framework order, with practice, area and block: one query."""
    return (
        Response.objects.for_workspace(workspace)
        .filter(respondent=respondent)
        .select_related("practice", "practice__area", "practice__area__block")
        .order_by("practice__area__block__position", "practice__area__position", "practice__position")
    )


def response_get(*, workspace: Workspace, respondent: Respondent, practice_key: str) -> Response:
    return get_object_or_404(response_list(workspace=workspace, respondent=respondent), practice__key=practice_key)


def invite_candidates(*, workspace: Workspace, assessment: Assessment) -> dict[str, list[Any]]:
    """Who may still be invited: the workspace's staff and the client's portal users not yet respondents."""
    invited = Respondent.objects.filter(assessment=assessment).values("user_id")
    staff = [
        m.user
        for m in Membership.objects.for_workspace(workspace)
        .exclude(user_id__in=invited)
        .select_related("user")
        .order_by("user__email")
    ]
    staff_ids = set(Membership.objects.for_workspace(workspace).values_list("user_id", flat=True))
    client = [
        cm
        for cm in ClientMembership.objects.for_workspace(workspace)
        .filter(client_id=assessment.client_id)
        .exclude(user_id__in=invited)
        .select_related("user")
        .order_by("user__email")
        if cm.user_id not in staff_ids
    ]
    return {"staff": staff, "client": client}


def invite_candidate_get(*, workspace: Workspace, assessment: Assessment, user_id: int) -> Any:
    """A user that may be invited to ``assessment`` (staff of the workspace or portal user of its client), or
    None."""
    candidates = invite_candidates(workspace=workspace, assessment=assessment)
    for user in candidates["staff"] + [cm.user for cm in candidates["client"]]:
        if user.pk == user_id:
            return user
    return None


def invite_candidate_by_email(*, workspace: Workspace, assessment: Assessment, email: str) -> Any:
    """Like ``invite_candidate_get``, by e-mail address (case-insensitive), or None."""
    candidates = invite_candidates(workspace=workspace, assessment=assessment)
    wanted = email.strip().lower()
    for user in candidates["staff"] + [cm.user for cm in candidates["client"]]:
        if user.email.lower() == wanted:
            return user
    return None


# --- the consolidated view ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseCell:
    respondent_id: int
    value: consolidate.Value | None
    comment: str


@dataclass(frozen=True)
class ConsolidatedView:
    assessment: Assessment
    respondents: list[WithAnnotations[Respondent, _RespondentCounts]]
    answers: list[Answer]  # in framework order, with practice, area and block
    result: consolidate.Consolidation
    cells: dict[str, dict[int, ResponseCell]]  # practice key -> respondent id -> response

    @property
    def by_key(self) -> dict[str, consolidate.PracticeResult]:
        return {p.key: p for p in self.result.practices}


def consolidated_view(*, workspace: Workspace, assessment: Assessment) -> ConsolidatedView:
    """Every respondent's response to every practice (one query), consolidated per practice. Four queries in
    all, whatever the number of respondents and practices (plus, once per process, the framework index)."""
    respondents = list(respondent_list(workspace=workspace, assessment=assessment))
    # kind and role hold the model's choices (RespondentKind, ClientRole), which are consolidate's literals
    who = {
        r.pk: cast(
            "tuple[consolidate.Kind, consolidate.Role]",
            (r.kind, "staff" if r.kind == "staff" else (r.client_role or "")),
        )
        for r in respondents
    }
    rows = (
        Response.objects.for_workspace(workspace)
        .filter(respondent__assessment=assessment)
        .values_list("respondent_id", "practice__key", "state", "level", "comment")
    )
    cells: dict[str, dict[int, ResponseCell]] = {}
    votes: dict[str, list[consolidate.Vote]] = {}
    for respondent_id, key, state, level, comment in rows:
        value = answer_value(state, level)
        cells.setdefault(key, {})[respondent_id] = ResponseCell(respondent_id, value, comment)
        kind, role = who[respondent_id]
        votes.setdefault(key, []).append(consolidate.Vote(respondent_id, kind, role, value))
    index = selectors.framework_index(framework_id=assessment.framework_id)
    result = consolidate.consolidate(
        consolidate.PracticeVotes(p.key, tuple(votes.get(p.key, ())), p.critical) for p in index.tree.practices
    )
    answers = list(selectors.answer_list(workspace=workspace, assessment=assessment))
    return ConsolidatedView(assessment, respondents, answers, result, cells)
