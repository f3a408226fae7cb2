"""Reads for action plans and roadmaps. Every read takes ``workspace=`` first (404 outside it); the numbers come
from the pure modules (proposals, prioritise, schedule, scoring). docs/planning.md describes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from sevenc.assessments import selectors as assessment_selectors
from sevenc.assessments.domain import scoring
from sevenc.assessments.models import Assessment, AssessmentStatus
from sevenc.assessments.targets import selectors as target_selectors
from sevenc.assessments.targets.models import Target
from sevenc.core.domain import quarters
from sevenc.planning.domain import prioritise, proposals, schedule
from sevenc.planning.models import (
    ActionItem,
    ItemComment,
    ItemDependency,
    ItemLift,
    ItemStatus,
    PlanApproval,
    PlanningSettings,
    QuarterLimit,
    Roadmap,
)
from sevenc.tenancy.models import Client, Workspace

LIBRARY_PATH = Path(__file__).parent / "data" / "recommendations.json"
OPEN_STATUSES = (ItemStatus.PROPOSED, ItemStatus.APPROVED, ItemStatus.IN_PROGRESS)


# --- settings and the recommendation library -----------------------------------------------------------------


def planning_settings_get(*, workspace: Workspace) -> PlanningSettings:
    """The workspace's planning settings; the defaults (unsaved) when none were set."""
    found = PlanningSettings.objects.for_workspace(workspace).first()
    return found if found is not None else PlanningSettings(workspace=workspace)


def rates_for(settings: PlanningSettings) -> prioritise.Rates:
    return prioritise.Rates(hourly_rate=settings.hourly_rate, urgency_boost=float(settings.urgency_boost))


@cache
def recommendation_library() -> proposals.Library:
    """The shipped recommendation library (planning/data/recommendations.json), read once per process."""
    if not LIBRARY_PATH.exists():
        return proposals.Library()
    data = json.loads(LIBRARY_PATH.read_text(encoding="utf-8"))
    areas = {
        key: proposals.AreaAdvice(
            title=a["title"],
            summary=a["summary"],
            steps=tuple(a.get("steps", ())),
            deliverables=tuple(a.get("deliverables", ())),
            effort_factor=float(a.get("effort_factor", 1.0)),
        )
        for key, a in data.get("areas", {}).items()
    }
    return proposals.Library(areas=areas, practices=dict(data.get("practices", {})))


# --- action items ------------------------------------------------------------------------------------------------


def _lifts_prefetch() -> Prefetch[str, QuerySet[ItemLift]]:
    return Prefetch(
        "lifts", queryset=ItemLift.objects.select_related("practice__area__block").order_by("practice__key")
    )


def is_critical(item: ActionItem) -> bool:
    """Whether the item lifts a critical practice or a practice of the Continuous block (prioritise.critical_work);
    reads the lifts loaded by item_list."""
    return prioritise.critical_work((lift.practice.critical, lift.practice.area.block.key) for lift in item.lifts.all())


def item_list(
    *,
    workspace: Workspace,
    client: Client,
    status: str | None = None,
    quarter: str | None = None,
    party_id: int | None = None,
    q: str = "",
) -> QuerySet[ActionItem]:
    """A client's action items with their party, initiative, lifts and dependencies loaded (4 queries)."""
    qs = (
        ActionItem.objects.for_workspace(workspace)
        .filter(client=client)
        .select_related("responsible_party", "initiative")
        .prefetch_related(
            _lifts_prefetch(), Prefetch("depends_on", queryset=ActionItem.objects.only("pk", "title", "status"))
        )
    )
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if quarter == "none":
        qs = qs.filter(quarter="")
    elif quarter:
        qs = qs.filter(quarter=quarter)
    if party_id:
        qs = qs.filter(responsible_party_id=party_id)
    if q.strip():
        qs = qs.filter(Q(title__icontains=q.strip()) | Q(description__icontains=q.strip()))
    return qs.order_by("status", "quarter", "priority", "pk")


def item_get(*, workspace: Workspace, pk: int, client: Client | None = None) -> ActionItem:
    qs = (
        ActionItem.objects.for_workspace(workspace)
        .select_related("client", "responsible_party", "initiative")
        .prefetch_related(_lifts_prefetch(), "depends_on")
    )
    if client is not None:
        qs = qs.filter(client=client)
    return get_object_or_404(qs, pk=pk)


def item_comments(*, workspace: Workspace, item: ActionItem) -> QuerySet[ItemComment]:
    return ItemComment.objects.for_workspace(workspace).filter(item=item).select_related("author")


def item_counts(*, workspace: Workspace, client: Client) -> dict[str, int]:
    rows = ActionItem.objects.for_workspace(workspace).filter(client=client).values_list("status", flat=True)
    counts = {s: 0 for s in ItemStatus.values}
    for s in rows:
        counts[s] += 1
    return counts


def dependency_edges(*, workspace: Workspace, client: Client) -> list[tuple[int, int]]:
    return list(
        ItemDependency.objects.for_workspace(workspace)
        .filter(item__client=client)
        .values_list("item_id", "depends_on_id")
    )


# --- the assessment a plan is made from ------------------------------------------------------------------------


def planning_assessment(*, workspace: Workspace, client: Client) -> Assessment | None:
    """The assessment whose gaps and targets drive the plan: the client's latest assessment that has targets,
    a final one before a draft; failing that, the latest final assessment."""
    with_targets = Target.objects.for_workspace(workspace).filter(assessment=OuterRef("pk"))
    base = assessment_selectors.assessment_list(workspace=workspace, client=client)
    found = (
        base.filter(Exists(with_targets)).order_by("-status", "-assessed_on", "-pk").first()
    )  # "final" sorts after "draft": -status first
    if found is not None:
        return found
    return base.filter(status=AssessmentStatus.FINAL).first()


@dataclass(frozen=True)
class PlanBasis:
    """What values and projections are computed from: one assessment's answers, targets and weights."""

    assessment: Assessment | None
    index: assessment_selectors.FrameworkIndex | None = None
    answers: dict[str, scoring.Answer] = field(default_factory=dict)
    weights: scoring.Weights | None = None
    scores: scoring.Scores | None = None
    gaps: tuple[proposals.PracticeGap, ...] = ()

    @property
    def gap_by_practice(self) -> dict[str, proposals.PracticeGap]:
        return {g.practice_key: g for g in self.gaps}


def plan_basis(*, workspace: Workspace, client: Client, assessment: Assessment | None = None) -> PlanBasis:
    """The plan's basis (three queries at most): the practices below target with their weight shares."""
    assessment = assessment or planning_assessment(workspace=workspace, client=client)
    if assessment is None:
        return PlanBasis(assessment=None)
    analysis = target_selectors.assessment_gap_analysis(workspace=workspace, assessment=assessment)
    index = analysis.index
    area_block = {a.key: a.block_key for a in index.tree.areas}
    practice = {p.key: p for p in index.tree.practices}
    out: list[proposals.PracticeGap] = []
    for row in analysis.report.rows("practice"):
        if row.gap <= 0:
            continue
        spec = practice[row.key]
        current = analysis.scores.practices.get(row.key)
        out.append(
            proposals.PracticeGap(
                practice_key=row.key,
                practice_name=index.practice_names[row.key],
                area_key=spec.area_key,
                block_key=area_block[spec.area_key],
                current_level=None if current is None else current / 20,
                target_level=row.target / 20,
                weight_share=row.weight_share,
                critical=spec.critical,
            )
        )
    answers = assessment_selectors.assessment_answers(workspace=workspace, assessment=assessment)
    return PlanBasis(
        assessment=assessment,
        index=index,
        answers=answers,
        weights=analysis.weights,
        scores=analysis.scores,
        gaps=tuple(out),
    )


def item_input(item: ActionItem, basis: PlanBasis) -> prioritise.ItemInput:
    """An item as prioritise takes it; lifts of practices that are not below target add no value."""
    gaps = basis.gap_by_practice
    lifts = []
    for lift in item.lifts.all():
        gap = gaps.get(lift.practice.key)
        if gap is not None:
            lifts.append(
                prioritise.Lift(
                    practice_key=gap.practice_key,
                    block_key=gap.block_key,
                    current_level=gap.current_level,
                    target_level=gap.target_level,
                    expected_level=float(lift.expected_level),
                    weight_share=gap.weight_share,
                )
            )
    return prioritise.ItemInput(
        key=str(item.pk),
        lifts=tuple(lifts),
        one_time_cost=item.one_time_cost,
        recurring_monthly_cost=item.recurring_monthly_cost,
        effort_hours=item.effort_hours,
    )


def item_priorities(
    *, items: Iterable[ActionItem], basis: PlanBasis, rates: prioritise.Rates
) -> dict[int, prioritise.Priority]:
    ranked = prioritise.prioritise([item_input(i, basis) for i in items], rates)
    return {int(p.key): p for p in ranked}


# --- the roadmap -------------------------------------------------------------------------------------------------


def default_first_quarter(today: Any = None) -> str:
    today = today or timezone.localdate()
    return quarters.add(quarters.of_date(today), 1)


def roadmap_get(*, workspace: Workspace, client: Client) -> Roadmap:
    """The client's roadmap settings; the defaults (unsaved, starting next quarter) when none were saved."""
    found = (
        Roadmap.objects.for_workspace(workspace)
        .filter(client=client)
        .select_related("approved_by")
        .prefetch_related("limits")
        .first()
    )
    if found is not None:
        return found
    return Roadmap(workspace=workspace, client=client, first_quarter=default_first_quarter())


def roadmap_limits(roadmap: Roadmap) -> list[tuple[str, Decimal, Decimal]]:
    """(quarter, budget, hours) for each quarter of the horizon, with the per-quarter overrides applied."""
    overrides = {lim.quarter: lim for lim in roadmap.limits.all()} if roadmap.pk else {}
    out = []
    for q in quarters.span(roadmap.first_quarter, roadmap.quarters):
        lim = overrides.get(q)
        out.append(
            (q, lim.budget if lim else roadmap.budget_per_quarter, lim.hours if lim else roadmap.hours_per_quarter)
        )
    return out


@dataclass
class Column:
    quarter: str
    budget: Decimal
    capacity: Decimal
    items: list[ActionItem] = field(default_factory=list)
    spend: Decimal = Decimal("0")
    hours: Decimal = Decimal("0")
    projected: scoring.Score | None = None

    @property
    def over_budget(self) -> bool:
        return self.spend > self.budget

    @property
    def over_hours(self) -> bool:
        return self.hours > self.capacity


@dataclass
class RoadmapView:
    client: Client
    roadmap: Roadmap
    columns: list[Column]
    backlog: list[ActionItem]  # open items with no quarter in the horizon
    earlier: list[ActionItem]  # open items planned before the horizon
    closed: int  # done or dropped
    basis: PlanBasis
    priorities: dict[int, prioritise.Priority]
    current: scoring.Score | None
    latest_approval: PlanApproval | None
    settings: PlanningSettings

    @property
    def quarters(self) -> list[str]:
        return [c.quarter for c in self.columns]

    @property
    def total_spend(self) -> Decimal:
        return sum((c.spend for c in self.columns), Decimal("0"))


def _spend(columns: list[Column], index: int, item: ActionItem) -> None:
    columns[index].spend += item.one_time_cost
    columns[index].hours += item.effort_hours
    for c in columns[index:]:
        c.spend += 3 * item.recurring_monthly_cost


def projected_scores(basis: PlanBasis, items_by_quarter: list[list[ActionItem]]) -> list[scoring.Score | None]:
    """The overall ITCq after each quarter if every item planned up to then lifts its practices as expected."""
    if basis.index is None:
        return [None] * len(items_by_quarter)
    answers: dict[str, scoring.Answer] = dict(basis.answers)
    known = {p.key for p in basis.index.tree.practices}
    out: list[scoring.Score | None] = []
    for items in items_by_quarter:
        for item in items:
            for lift in item.lifts.all():
                key = lift.practice.key
                if key not in known:
                    continue
                now = answers.get(key)
                if now == scoring.NA:
                    continue
                level = now if isinstance(now, int) else 0
                answers[key] = max(level, lift.expected_level)
        out.append(scoring.score(tree=basis.index.tree, answers=answers, weights=basis.weights).overall)
    return out


def roadmap_view(*, workspace: Workspace, client: Client) -> RoadmapView:
    """Everything the roadmap page shows, in a constant number of queries whatever the number of items."""
    roadmap = roadmap_get(workspace=workspace, client=client)
    settings = planning_settings_get(workspace=workspace)
    columns = [Column(q, b, h) for q, b, h in roadmap_limits(roadmap)]
    position = {c.quarter: i for i, c in enumerate(columns)}
    items = list(item_list(workspace=workspace, client=client))
    basis = plan_basis(workspace=workspace, client=client)
    priorities = item_priorities(
        items=[i for i in items if i.status in OPEN_STATUSES], basis=basis, rates=rates_for(settings)
    )
    backlog: list[ActionItem] = []
    earlier: list[ActionItem] = []
    closed = 0
    for item in items:
        if item.status not in OPEN_STATUSES:
            closed += 1
            if item.status == ItemStatus.DONE and item.quarter in position:
                columns[position[item.quarter]].items.append(item)
                _spend(columns, position[item.quarter], item)
            continue
        if item.quarter in position:
            columns[position[item.quarter]].items.append(item)
            _spend(columns, position[item.quarter], item)
        elif item.quarter and quarters.index_in(item.quarter, roadmap.first_quarter) < 0:
            earlier.append(item)
        else:
            backlog.append(item)
    for c in columns:
        c.items.sort(
            key=lambda i: (
                i.status == ItemStatus.DONE,
                i.priority,
                -(priorities[i.pk].value_for_money if i.pk in priorities else 0),
                i.pk,
            )
        )
    backlog.sort(key=lambda i: (-(priorities[i.pk].value_for_money if i.pk in priorities else 0), i.pk))
    for c, projected in zip(columns, projected_scores(basis, [c.items for c in columns]), strict=True):
        c.projected = projected
    latest = PlanApproval.objects.for_workspace(workspace).filter(client=client).select_related("approved_by").first()
    return RoadmapView(
        client=client,
        roadmap=roadmap,
        columns=columns,
        backlog=backlog,
        earlier=earlier,
        closed=closed,
        basis=basis,
        priorities=priorities,
        current=basis.scores.overall if basis.scores else None,
        latest_approval=latest,
        settings=settings,
    )


def critical_unplaced(*, workspace: Workspace, client: Client) -> list[ActionItem]:
    """Open items that lift critical or Continuous practices but are not placed in the roadmap's horizon (no quarter,
    or a quarter after it), in item-list order. The warning on the roadmap, the plan and the next review's agenda."""
    roadmap = roadmap_get(workspace=workspace, client=client)
    horizon = set(quarters.span(roadmap.first_quarter, roadmap.quarters))
    return [
        item
        for item in item_list(workspace=workspace, client=client, status="open")
        if item.quarter not in horizon
        and not (item.quarter and quarters.index_in(item.quarter, roadmap.first_quarter) < 0)
        and is_critical(item)
    ]


# --- the scheduling problem --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchedulingInput:
    problem: schedule.Problem
    quarters: list[str]
    excluded: dict[int, str]  # item id → why it is left out of the problem


def scheduling_input(*, workspace: Workspace, client: Client) -> SchedulingInput:
    """The client's open items as a scheduling problem over the roadmap's horizon.

    In the problem: proposed and approved items, and in-progress items (kept in their quarter when it is in the
    horizon). Done items satisfy dependencies. Left out, with the reason: items depending on a dropped item,
    in-progress items planned outside the horizon, and pinned items whose quarter lies outside it."""
    view_roadmap = roadmap_get(workspace=workspace, client=client)
    limits = roadmap_limits(view_roadmap)
    labels = [q for q, _, _ in limits]
    position = {q: i for i, q in enumerate(labels)}
    settings = planning_settings_get(workspace=workspace)
    items = list(item_list(workspace=workspace, client=client))
    basis = plan_basis(workspace=workspace, client=client)
    by_id = {i.pk: i for i in items}
    excluded: dict[int, str] = {}
    done = {i.pk for i in items if i.status == ItemStatus.DONE}
    candidates = [i for i in items if i.status in OPEN_STATUSES]
    for item in candidates:
        if item.status == ItemStatus.IN_PROGRESS and item.quarter not in position:
            excluded[item.pk] = "in progress outside the roadmap's quarters"
        elif item.pinned and item.quarter not in position:
            excluded[item.pk] = f"pinned to {item.quarter or 'no quarter'}, outside the roadmap's quarters"
    changed = True
    while changed:  # an item depending on something that cannot be planned cannot be planned either
        changed = False
        for item in candidates:
            if item.pk in excluded:
                continue
            for dep in item.depends_on.all():
                if dep.pk in done:
                    continue
                target = by_id.get(dep.pk)
                if target is None or target.status == ItemStatus.DROPPED:
                    excluded[item.pk] = f"depends on “{dep.title}”, which was dropped"
                    changed = True
                    break
                if dep.pk in excluded:
                    excluded[item.pk] = f"depends on “{dep.title}”, which cannot be planned"
                    changed = True
                    break
    rates = rates_for(settings)
    tasks = []
    for item in candidates:
        if item.pk in excluded:
            continue
        value = prioritise.item_value(item_input(item, basis), rates)
        pinned = position[item.quarter] if (item.pinned or item.status == ItemStatus.IN_PROGRESS) else None
        tasks.append(
            schedule.Task(
                key=str(item.pk),
                value=value,
                one_time_cost=item.one_time_cost,
                recurring_monthly_cost=item.recurring_monthly_cost,
                hours=item.effort_hours,
                depends_on=tuple(str(d.pk) for d in item.depends_on.all() if d.pk not in done),
                pinned=pinned,
                title=item.title,
            )
        )
    problem = schedule.Problem(
        quarters=tuple(schedule.Quarter(budget=b, hours=h, label=q) for q, b, h in limits),
        tasks=tuple(tasks),
        done=frozenset(str(pk) for pk in done),
    )
    return SchedulingInput(problem=problem, quarters=labels, excluded=excluded)


def plan_rows(*, workspace: Workspace, client: Client) -> list[ActionItem]:
    """Every item of the client for exports, in plan order."""
    return list(item_list(workspace=workspace, client=client).order_by("quarter", "priority", "pk"))


def quarter_limit_list(*, workspace: Workspace, roadmap: Roadmap) -> QuerySet[QuarterLimit]:
    return QuarterLimit.objects.for_workspace(workspace).filter(roadmap=roadmap)


def plan_approval_list(*, workspace: Workspace, client: Client) -> QuerySet[PlanApproval]:
    return PlanApproval.objects.for_workspace(workspace).filter(client=client).select_related("approved_by")


def practice_choices(*, workspace: Workspace, client: Client) -> list[tuple[str, str]]:
    """(practice key, "Area — practice") of the framework the client's plan is based on, in framework order."""
    assessment = (
        planning_assessment(workspace=workspace, client=client)
        or assessment_selectors.assessment_list(workspace=workspace, client=client).first()
    )
    if assessment is None:
        return []
    index = assessment_selectors.framework_index(framework_id=assessment.framework_id)
    return [(p.key, f"{index.area_names[p.area_key]} — {index.practice_names[p.key]}") for p in index.tree.practices]
