"""Reads for goal setting and what follows from it: targets, the gap analysis, a client's ITCq trend and the
workspace benchmark. Every read takes ``workspace=`` first; the numbers come from the pure modules
(scoring, gaps, benchmark). docs/goals-and-gaps.md describes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from sevenc.assessments.domain import benchmark, gaps, scoring
from sevenc.assessments.models import Answer, AnswerState, Assessment, AssessmentStatus
from sevenc.assessments.selectors import (
    FrameworkIndex,
    answer_value,
    assessment_answers,
    assessment_list,
    framework_index,
    latest_final_assessments,
    peer_norms,
    portfolio_scores,
    practice_key_by_id,
)
from sevenc.assessments.targets.models import Target, TargetScope
from sevenc.core.domain import charts
from sevenc.tenancy.models import Client, Workspace
from sevenc.tenancy.selectors import OverviewPanel


def target_list(*, workspace: Workspace, assessment: Assessment, scope: str | None = None) -> QuerySet[Target]:
    qs = Target.objects.for_workspace(workspace).filter(assessment=assessment).select_related("set_by")
    if scope:
        qs = qs.filter(scope=scope)
    return qs.order_by("scope", "key")


def target_get(*, workspace: Workspace, assessment: Assessment, scope: str, key: str) -> Target:
    return get_object_or_404(target_list(workspace=workspace, assessment=assessment), scope=scope, key=key)


def _pure_inputs(
    rows: Iterable[tuple[str, str, float | None, float | None]],
) -> tuple[gaps.Targets, scoring.Weights | None]:
    levels: dict[str, dict[str, float]] = {s: {} for s in TargetScope.values}
    weights: dict[str, dict[str, float]] = {s: {} for s in TargetScope.values}
    for scope, key, level, importance in rows:
        if level is not None:
            levels[scope][key] = level
        if importance is not None:
            weights[scope][key] = importance
    targets = gaps.Targets(blocks=levels["block"], areas=levels["area"], practices=levels["practice"])
    if not any(weights.values()):
        return targets, None
    return targets, scoring.Weights(blocks=weights["block"], areas=weights["area"], practices=weights["practice"])


def targets_for_scoring(*, workspace: Workspace, assessment: Assessment) -> tuple[gaps.Targets, scoring.Weights | None]:
    """The assessment's targets as the pure modules take them: target levels, and the client's importance
    weights (None when no target carries one). One query."""
    rows = (
        Target.objects.for_workspace(workspace)
        .filter(assessment=assessment)
        .values_list("scope", "key", "level", "importance")
    )
    return _pure_inputs(rows)


@dataclass(frozen=True)
class GapAnalysis:
    """Everything the gap page shows: the scores (with the client's importance weights), the targets and
    the report, plus the framework's names."""

    index: FrameworkIndex
    scores: scoring.Scores
    targets: gaps.Targets
    weights: scoring.Weights | None
    report: gaps.GapReport

    @property
    def has_targets(self) -> bool:
        return bool(self.targets.blocks or self.targets.areas or self.targets.practices)

    def name(self, scope: str, key: str) -> str:
        names = {"block": self.index.block_names, "area": self.index.area_names, "practice": self.index.practice_names}[
            scope
        ]
        return names.get(key, key)

    def summary(self) -> gaps.GapSummary:
        """The worst blocks and areas, the largest weighted gaps and the ITCq points below target."""
        return gaps.gap_summary(self.report, self.scores)


def assessment_gap_analysis(*, workspace: Workspace, assessment: Assessment) -> GapAnalysis:
    """Two queries: the targets and the answers."""
    index = framework_index(framework_id=assessment.framework_id)
    targets, weights = targets_for_scoring(workspace=workspace, assessment=assessment)
    answers = assessment_answers(workspace=workspace, assessment=assessment)
    scores = scoring.score(tree=index.tree, answers=answers, weights=weights)
    report = gaps.gap_analysis(tree=index.tree, scores=scores, targets=targets, weights=weights)
    return GapAnalysis(index=index, scores=scores, targets=targets, weights=weights, report=report)


def proposals_source(*, workspace: Workspace, client: Client) -> Assessment | None:
    """The assessment the action plan's proposals come from: the client's latest assessment with targets, a
    final one before a draft; failing that, its latest final assessment. One query (two when no assessment has
    targets). The one place of this rule: planning.selectors.planning_assessment calls it."""
    assessments = assessment_list(workspace=workspace, client=client)
    with_targets = Target.objects.for_workspace(workspace).filter(assessment=OuterRef("pk"))
    targeted = assessments.filter(Exists(with_targets)).order_by("-status", "-assessed_on", "-pk")  # final first
    return targeted.first() or assessments.filter(status=AssessmentStatus.FINAL).first()


def assessment_gaps(*, workspace: Workspace, assessment: Assessment) -> gaps.GapReport:
    """The gap report of an assessment, its scores computed with the client's importance weights."""
    return assessment_gap_analysis(workspace=workspace, assessment=assessment).report


def assessment_previous_final(*, workspace: Workspace, assessment: Assessment) -> Assessment | None:
    """The client's latest final assessment before ``assessment`` (by date, then id), or None."""
    qs = assessment_list(workspace=workspace, client=assessment.client, status=AssessmentStatus.FINAL)
    earlier = Q(assessed_on__lt=assessment.assessed_on) | Q(assessed_on=assessment.assessed_on, pk__lt=assessment.pk)
    return qs.filter(earlier).order_by("-assessed_on", "-pk").first()


def assessment_scores_weighted(
    *, workspace: Workspace, assessment: Assessment, weights: scoring.Weights | None
) -> scoring.Scores:
    """Scores of ``assessment`` with another assessment's importance weights where they fit its framework
    (for comparing like with like on the radar); without them when they do not."""
    index = framework_index(framework_id=assessment.framework_id)
    answers = assessment_answers(workspace=workspace, assessment=assessment)
    try:
        return scoring.score(tree=index.tree, answers=answers, weights=weights)
    except ValueError:
        return scoring.score(tree=index.tree, answers=answers)


# --- the trend -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    assessment: Assessment
    scores: scoring.Scores
    is_draft: bool

    @property
    def provisional(self) -> bool:
        return self.is_draft or self.scores.overall.provisional

    @property
    def label(self) -> str:
        return self.assessment.period or self.assessment.assessed_on.isoformat()


def client_trend(*, workspace: Workspace, client: Client) -> list[TrendPoint]:
    """The client's final assessments oldest first, each with its scores (the framework's weights, so that
    every point is comparable), then its latest draft when it has one (``is_draft``). Two queries whatever
    the number of assessments (plus, once per process, a few per framework version)."""
    assessments = list(assessment_list(workspace=workspace, client=client).order_by("assessed_on", "pk"))
    finals = [a for a in assessments if a.status == AssessmentStatus.FINAL]
    drafts = [a for a in assessments if a.status != AssessmentStatus.FINAL]
    shown = finals + drafts[-1:]
    by_assessment: dict[int, dict[str, scoring.Answer]] = {a.pk: {} for a in shown}
    framework_of = {a.pk: a.framework_id for a in shown}
    keys = {fid: practice_key_by_id(framework_id=fid) for fid in set(framework_of.values())}
    if shown:
        rows = (
            Answer.objects.for_workspace(workspace)
            .filter(assessment_id__in=list(by_assessment))
            .exclude(state=AnswerState.UNANSWERED)
            .values_list("assessment_id", "practice_id", "state", "level")
        )
        for assessment_id, practice_id, state, level in rows.iterator(chunk_size=20_000):
            value = answer_value(state, level)
            if value is not None:
                by_assessment[assessment_id][keys[framework_of[assessment_id]][practice_id]] = value
    return [
        TrendPoint(
            a,
            scoring.score(tree=framework_index(framework_id=a.framework_id).tree, answers=by_assessment[a.pk]),
            a.status != AssessmentStatus.FINAL,
        )
        for a in shown
    ]


# --- the benchmark ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Benchmark:
    """Each client's percentile ranks among the workspace's clients' latest final assessments, and the frozen
    peer norms (services.peer_norm_freeze) by (framework version, year)."""

    scores: Mapping[int, scoring.Scores]
    percentiles: Mapping[int, benchmark.Percentiles]
    latest: Mapping[int, tuple[int, int, int]]  # client id → (assessment id, framework id, year)
    norms: Mapping[tuple[int, int], scoring.Norm]

    @property
    def peers(self) -> int:
        return len(self.scores)

    def norm_for(self, client_id: int) -> scoring.Norm | None:
        """The norm frozen for the framework version and year of the client's latest final assessment."""
        latest = self.latest.get(client_id)
        return self.norms.get((latest[1], latest[2])) if latest is not None else None

    def quotient(self, client_id: int) -> float | None:
        s = self.scores.get(client_id)
        norm = self.norm_for(client_id)
        if norm is None or s is None or s.overall.score is None:
            return None
        return scoring.quotient(s.overall.score, norm)


MIN_PEERS = 2  # below this, a percentile says nothing


def workspace_benchmark_summary(*, workspace: Workspace) -> Benchmark:
    latest = portfolio_scores(workspace=workspace)
    percentiles = benchmark.portfolio_percentiles(latest) if len(latest) >= MIN_PEERS else {}
    return Benchmark(
        scores=latest,
        percentiles=percentiles,
        latest=latest_final_assessments(workspace=workspace),
        norms=peer_norms(workspace=workspace),
    )


def workspace_benchmark(*, workspace: Workspace) -> Mapping[int, benchmark.Percentiles]:
    """client id → its percentile ranks (overall and per block) among the workspace's clients' latest final
    assessments; empty with fewer than 2 such clients."""
    return workspace_benchmark_summary(workspace=workspace).percentiles


# --- the client at a glance ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreGlance:
    """What the client overview shows of the client's scores: the latest final ITCq, its trend (the last
    ``TREND_POINTS`` finals) and the change since the final before it, the targets of that assessment met (blocks
    and areas at or above their target, an area's own target or else its block's), and the draft in progress."""

    latest: TrendPoint | None
    previous: TrendPoint | None
    trend: tuple[TrendPoint, ...]
    draft: TrendPoint | None
    blocks_met: int = 0
    blocks_total: int = 0
    areas_met: int = 0
    areas_total: int = 0

    @property
    def itcq(self) -> float | None:
        return self.latest.scores.overall.score if self.latest else None

    @property
    def change(self) -> int | None:
        """The change in whole points (as the ITCq is shown) since the final assessment before the latest."""
        if self.previous is None or self.itcq is None or self.previous.scores.overall.score is None:
            return None
        return round(self.itcq) - round(self.previous.scores.overall.score)

    @property
    def trend_svg(self) -> str:
        return charts.sparkline_svg(
            points=[charts.Point(p.label, p.scores.overall.score) for p in self.trend],
            title="ITCq trend",
            chart_id="glance-trend",
        )


TREND_POINTS = 8


def client_score_glance(*, workspace: Workspace, client: Client) -> ScoreGlance:
    """The client's scores at a glance: four queries at most, whatever the number of assessments (the trend's
    two, and the targets and answers of the latest final assessment)."""
    points = client_trend(workspace=workspace, client=client)
    finals = [p for p in points if not p.is_draft]
    draft = points[-1] if points and points[-1].is_draft else None
    latest = finals[-1] if finals else None
    counts: dict[str, int] = {}
    if latest is not None:
        report = assessment_gaps(workspace=workspace, assessment=latest.assessment)
        for scope in ("block", "area"):
            rows = report.rows(scope)
            counts[f"{scope}s_total"] = len(rows)
            counts[f"{scope}s_met"] = sum(1 for r in rows if r.gap <= 0)
    return ScoreGlance(
        latest=latest,
        previous=finals[-2] if len(finals) > 1 else None,
        trend=tuple(finals[-TREND_POINTS:]),
        draft=draft,
        **counts,
    )


def client_overview_panel(*, workspace: Workspace, client: Client) -> OverviewPanel:
    """The scores' part of the client overview (tenancy's CLIENT_OVERVIEW, registered by the app's ready())."""
    glance = client_score_glance(workspace=workspace, client=client)
    return OverviewPanel(order=10, template="assessments/partials/client_glance.html", glance=glance)
