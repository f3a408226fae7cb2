"""Reads of assessments and answers; builds the pure scoring inputs. Every read takes ``workspace=`` first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from sevenc.assessments import scoring
from sevenc.assessments.models import Answer, AnswerState, Assessment, AssessmentStatus
from sevenc.catalog.models import Area, Block, Practice
from sevenc.tenancy.models import Client


def assessment_list(*, workspace: Any, client: Client | None = None, status: str | None = None) -> QuerySet[Assessment]:
    qs = Assessment.objects.for_workspace(workspace).select_related("client", "framework")
    if client is not None:
        qs = qs.filter(client=client)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-assessed_on", "-pk")


def assessment_list_with_progress(*, workspace: Any, client: Client) -> QuerySet[Assessment]:
    """A client's assessments with answered/total counts, in one query."""
    return assessment_list(workspace=workspace, client=client).annotate(
        answered_count=Count("answers", filter=~Q(answers__state=AnswerState.UNANSWERED)),
        practice_count=Count("answers"),
    )


def assessment_get(*, workspace: Any, pk: int) -> Assessment:
    return get_object_or_404(assessment_list(workspace=workspace), pk=pk)


def assessment_previous(*, workspace: Any, client: Client) -> Assessment | None:
    """The client's latest assessment (final ones first), to copy answers forward from."""
    qs = assessment_list(workspace=workspace, client=client)
    return qs.filter(status=AssessmentStatus.FINAL).first() or qs.first()


def answer_list(*, workspace: Any, assessment: Assessment) -> QuerySet[Answer]:
    """All answers of an assessment in framework order, with their practice, area and block: one query."""
    return (Answer.objects.filter(workspace=workspace, assessment=assessment)
            .select_related("practice", "practice__area", "practice__area__block", "answered_by")
            .order_by("practice__area__block__position", "practice__area__position", "practice__position"))


# --- scoring -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FrameworkIndex:
    """A framework version's scoring tree plus the names to show; frameworks never change once made, so
    one index per framework is built once per process."""

    tree: scoring.Tree
    block_names: dict[str, str]
    area_names: dict[str, str]
    practice_names: dict[str, str]


_INDEXES: dict[int, FrameworkIndex] = {}


def framework_index(*, framework_id: int) -> FrameworkIndex:
    index = _INDEXES.get(framework_id)
    if index is None:
        blocks = list(Block.objects.filter(framework_id=framework_id).order_by("position")
                      .values_list("key", "name", "weight"))
        areas = list(Area.objects.filter(framework_id=framework_id).order_by("block__position", "position")
                     .values_list("key", "name", "weight", "block__key"))
        practices = list(Practice.objects.filter(framework_id=framework_id)
                         .order_by("area__block__position", "area__position", "position")
                         .values_list("key", "name", "weight", "critical", "area__key"))
        tree = scoring.Tree(
            blocks=tuple(scoring.BlockSpec(k, w) for k, _, w in blocks),
            areas=tuple(scoring.AreaSpec(k, b, w) for k, _, w, b in areas),
            practices=tuple(scoring.PracticeSpec(k, a, w, c) for k, _, w, c, a in practices),
        )
        index = FrameworkIndex(tree, {k: n for k, n, _ in blocks}, {k: n for k, n, _, _ in areas},
                               {k: n for k, n, _, _, _ in practices})
        _INDEXES[framework_id] = index
    return index


def _scoring_answer(state: str, level: int | None) -> scoring.Answer | None:
    if state == AnswerState.LEVEL:
        return level
    if state == AnswerState.NA:
        return scoring.NA
    if state == AnswerState.UNKNOWN:
        return scoring.UNKNOWN
    return None


def assessment_answers(*, workspace: Any, assessment: Assessment) -> dict[str, scoring.Answer]:
    """The assessment's answers as the scoring engine takes them (unanswered practices left out): one query."""
    rows = (Answer.objects.filter(workspace=workspace, assessment=assessment)
            .exclude(state=AnswerState.UNANSWERED).values_list("practice__key", "state", "level"))
    out: dict[str, scoring.Answer] = {}
    for key, state, level in rows:
        value = _scoring_answer(state, level)
        if value is not None:
            out[key] = value
    return out


def assessment_scores(*, workspace: Any, assessment: Assessment) -> scoring.Scores:
    index = framework_index(framework_id=assessment.framework_id)
    return scoring.score(tree=index.tree, answers=assessment_answers(workspace=workspace, assessment=assessment))
