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

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from sevenc.assessments import selectors as assessment_selectors
from sevenc.assessments.domain import scoring
from sevenc.assessments.models import Assessment
from sevenc.assessments.targets import selectors as target_selectors
from sevenc.core.domain import quarters
from sevenc.planning.domain import prioritise, proposals, schedule, staffing
from sevenc.planning.models import (
    ActionItem,
    ItemComment,
    ItemDependency,
    ItemLift,
    ItemOrigin,
    ItemStatus,
    PlanApproval,
    PlanningSettings,
    QuarterLimit,
    Roadmap,
)
from sevenc.responsibility.models import Assignment, HiddenArea, RaciRole
from sevenc.tenancy.models import Client, Party, Workspace

LIBRARY_PATH = Path(__file__).parent / "data" / "recommendations.json"
OPEN_STATUSES = (ItemStatus.PROPOSED, ItemStatus.APPROVED, ItemStatus.IN_PROGRESS)


# --- settings and the recommendation library -----------------------------------------------------------------


def planning_settings_get(*, workspace: Workspace) -> PlanningSettings:
    """The workspace's planning settings; the defaults (unsaved) when none were set."""
    found = PlanningSettings.objects.for_workspace(workspace).first()
    if found is None:
        return PlanningSettings(workspace=workspace)
    found.workspace = workspace  # its currency is the workspace's: no second query for it
    return found


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


def pending_proposals(*, workspace: Workspace, client: Client, block: str | None = None) -> QuerySet[ActionItem]:
    """The client's proposals from gaps nobody has decided on yet (generated, still proposed, not accepted): what
    "accept all" and "drop all" act on. With ``block``: those that lift a practice of that block of the framework."""
    qs = ActionItem.objects.for_workspace(workspace).filter(
        client=client, origin=ItemOrigin.GENERATED, status=ItemStatus.PROPOSED, accepted_at__isnull=True
    )
    if block is not None:
        qs = qs.filter(pk__in=ItemLift.objects.filter(practice__area__block__key=block).values("item_id"))
    return qs.order_by("pk")


@dataclass(frozen=True)
class ProposalBlock:
    key: str
    name: str
    item_ids: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.item_ids)


@dataclass(frozen=True)
class ProposalScope:
    """The undecided proposals of a client as the plan page offers them for accepting or dropping at once: their
    versions (posted back, so that a change since the page was loaded refuses the whole operation) and the
    blocks they lift, with how many proposals each."""

    versions: dict[int, int]
    blocks: list[ProposalBlock]

    @property
    def count(self) -> int:
        return len(self.versions)


def proposal_scope(*, workspace: Workspace, client: Client) -> ProposalScope:
    """Two queries, whatever the number of proposals."""
    versions = dict(pending_proposals(workspace=workspace, client=client).values_list("pk", "version"))
    rows = (
        ItemLift.objects.for_workspace(workspace)
        .filter(item_id__in=list(versions))
        .order_by()
        .values_list(
            "item_id", "practice__area__block__key", "practice__area__block__name", "practice__area__block__position"
        )
        .distinct()
    )
    names: dict[str, tuple[int, str]] = {}
    members: dict[str, set[int]] = {}
    for item_id, key, name, position in rows:
        names[key] = (position, name)
        members.setdefault(key, set()).add(item_id)
    blocks = [
        ProposalBlock(k, names[k][1], tuple(sorted(members[k]))) for k in sorted(names, key=lambda k: (names[k], k))
    ]
    return ProposalScope(versions=versions, blocks=blocks)


def staffing_input(*, workspace: Workspace, client: Client) -> tuple[list[staffing.Duty], dict[int, staffing.PartyRef]]:
    """The client's matrix as staffing takes it (two queries): every duty in use that someone holds R or A for,
    with those parties, and the client's parties."""
    parties = {
        pk: staffing.PartyRef(pk, name, contact)
        for pk, name, contact in Party.objects.for_workspace(workspace)
        .filter(client=client)
        .values_list("pk", "name", "contact_name")
    }
    hidden = HiddenArea.objects.for_workspace(workspace).values("area_id")
    rows = (
        Assignment.objects.for_workspace(workspace)
        .filter(client=client, role__in=(RaciRole.RESPONSIBLE, RaciRole.ACCOUNTABLE))
        .exclude(area_id__in=hidden)
        .values_list("area_id", "area__practice_key", "area__area_key", "party_id", "role")
        .order_by("area_id", "party_id")
    )
    by_area: dict[int, tuple[str, str, list[int], list[int]]] = {}
    for area_id, practice_key, area_key, party_id, role in rows:
        entry = by_area.setdefault(area_id, (practice_key, area_key, [], []))
        (entry[2] if role == RaciRole.RESPONSIBLE else entry[3]).append(party_id)
    duties = [
        staffing.Duty(practice_key=p, area_key=a, responsible=tuple(r), accountable=acc[0] if acc else None)
        for p, a, r, acc in by_area.values()
    ]
    return duties, parties


def dependency_edges(*, workspace: Workspace, client: Client) -> list[tuple[int, int]]:
    return list(
        ItemDependency.objects.for_workspace(workspace)
        .filter(item__client=client)
        .values_list("item_id", "depends_on_id")
    )


# --- the assessment a plan is made from ------------------------------------------------------------------------


def planning_assessment(*, workspace: Workspace, client: Client) -> Assessment | None:
    """The assessment whose gaps and targets drive the plan: the client's latest assessment that has targets,
    a final one before a draft; failing that, the latest final assessment. The rule lives with the targets
    (``targets.selectors.proposals_source``), where the gap analysis page uses it too."""
    return target_selectors.proposals_source(workspace=workspace, client=client)


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


def item_first_year_cost(item: ActionItem, rates: prioritise.Rates) -> Decimal:
    """The item's first-year cost as prioritise.item_cost counts it (one-time + 12 × monthly + hours × hourly rate),
    whatever its status: what the plan list, the roadmap, the portal and the export show (docs/planning.md)."""
    costs = prioritise.ItemInput(
        key=str(item.pk),
        lifts=(),
        one_time_cost=item.one_time_cost,
        recurring_monthly_cost=item.recurring_monthly_cost,
        effort_hours=item.effort_hours,
    )
    return prioritise.item_cost(costs, rates)


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
    items: list[ActionItem] = field(default_factory=list)  # items that start in this quarter
    continuing: list[ActionItem] = field(default_factory=list)  # multi-quarter items started in an earlier quarter
    spend: Decimal = Decimal("0")
    hours: Decimal = Decimal("0")
    projected: scoring.Score | None = None

    @property
    def over_budget(self) -> bool:
        return self.spend > self.budget

    @property
    def over_hours(self) -> bool:
        return self.hours > self.capacity


@dataclass(frozen=True)
class Unplaced:
    """Why an open item is not on the roadmap, and what would place it."""

    item: ActionItem
    reason: str
    remedies: tuple[schedule.Remedy, ...] = ()
    critical: bool = False
    limit: str = ""  # "budget", "hours", "dependency", "horizon"; "" when left out of scheduling or when it fits


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
    unplaced: dict[int, Unplaced] = field(default_factory=dict)  # backlog item id → why, in backlog order

    @property
    def quarters(self) -> list[str]:
        return [c.quarter for c in self.columns]

    @property
    def total_spend(self) -> Decimal:
        return sum((c.spend for c in self.columns), Decimal("0"))

    @property
    def critical_unplaced(self) -> list[Unplaced]:
        return [u for u in self.unplaced.values() if u.critical]

    @property
    def critical_spreadable(self) -> bool:
        """Some critical item left out would fit given more quarters (a "longer-duration" remedy)."""
        return any(r.kind == "longer-duration" for u in self.critical_unplaced for r in u.remedies)


def item_task(
    item: ActionItem, *, value: float = 0.0, depends_on: tuple[str, ...] = (), pinned: int | None = None
) -> schedule.Task:
    """An item as the scheduler sees it: its money, hours and duration (the one accounting of a quarter's load)."""
    return schedule.Task(
        key=str(item.pk),
        value=value,
        one_time_cost=item.one_time_cost,
        recurring_monthly_cost=item.recurring_monthly_cost,
        hours=item.effort_hours,
        depends_on=depends_on,
        pinned=pinned,
        title=item.title,
        duration=item.duration,
    )


def quarter_load(n: int, placed: Iterable[tuple[schedule.Task, int]]) -> tuple[list[Decimal], list[Decimal]]:
    """Spend and hours per quarter of tasks placed at a start quarter, by the scheduler's rules: one-time cost and
    hours spread over the task's quarters (schedule.spread), 3 × the monthly cost from its first quarter on. Quarters
    outside 0..n-1 are cut off."""
    spend = [Decimal("0")] * n
    hours = [Decimal("0")] * n
    for task, start in placed:
        for offset, (money, effort) in enumerate(
            zip(
                schedule.spread(task.one_time_cost, task.duration),
                schedule.spread(task.hours, task.duration),
                strict=True,
            )
        ):
            q = start + offset
            if 0 <= q < n:
                spend[q] += money
                hours[q] += effort
        for q in range(max(start, 0), n):
            spend[q] += schedule.MONTHS_PER_QUARTER * task.recurring_monthly_cost
    return spend, hours


@dataclass
class _PlanState:
    """The client's items against the roadmap's horizon: what counts in each quarter, and the scheduling problem.

    The roadmap's columns and the scheduler's limits come from this one accounting: items in the problem are the
    open items the scheduler may place; every other item counted in a quarter (done items, items left out of the
    problem) is the quarter's committed load."""

    roadmap: Roadmap
    settings: PlanningSettings
    limits: list[tuple[str, Decimal, Decimal]]
    position: dict[str, int]
    items: list[ActionItem]
    basis: PlanBasis
    excluded: dict[int, str]
    problem: schedule.Problem
    placed: dict[int, int]  # item id → start quarter index, for every item counted in the horizon

    @property
    def labels(self) -> list[str]:
        return [q for q, _, _ in self.limits]


def _plan_state(*, workspace: Workspace, client: Client) -> _PlanState:
    roadmap = roadmap_get(workspace=workspace, client=client)
    settings = planning_settings_get(workspace=workspace)
    limits = roadmap_limits(roadmap)
    position = {q: i for i, (q, _, _) in enumerate(limits)}
    n = len(limits)
    items = list(item_list(workspace=workspace, client=client))
    basis = plan_basis(workspace=workspace, client=client)
    by_id = {i.pk: i for i in items}
    placed = {
        i.pk: position[i.quarter]
        for i in items
        if i.quarter in position and (i.status in OPEN_STATUSES or i.status == ItemStatus.DONE)
    }
    excluded: dict[int, str] = {}
    done = {i.pk for i in items if i.status == ItemStatus.DONE}
    candidates = [i for i in items if i.status in OPEN_STATUSES]
    for item in candidates:
        if item.status == ItemStatus.IN_PROGRESS and item.quarter not in position:
            excluded[item.pk] = "in progress outside the roadmap's quarters"
        elif item.pinned and item.quarter not in position:
            excluded[item.pk] = f"pinned to {item.quarter or 'no quarter'}, outside the roadmap's quarters"
        elif (item.pinned or item.status == ItemStatus.IN_PROGRESS) and placed[item.pk] + item.duration > n:
            excluded[item.pk] = f"runs past the roadmap's last quarter ({limits[-1][0]}); it keeps its quarter"
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
        pinned = placed[item.pk] if (item.pinned or item.status == ItemStatus.IN_PROGRESS) else None
        value = prioritise.item_value(item_input(item, basis), rates)
        deps = tuple(str(d.pk) for d in item.depends_on.all() if d.pk not in done)
        tasks.append(item_task(item, value=value, depends_on=deps, pinned=pinned))
    in_problem = {int(t.key) for t in tasks}
    committed = quarter_load(n, ((item_task(by_id[pk]), q) for pk, q in placed.items() if pk not in in_problem))
    problem = schedule.Problem(
        quarters=tuple(
            schedule.Quarter(budget=b, hours=h, label=q, committed_spend=cs, committed_hours=ch)
            for (q, b, h), cs, ch in zip(limits, *committed, strict=True)
        ),
        tasks=tuple(tasks),
        done=frozenset(str(pk) for pk in done),
    )
    return _PlanState(
        roadmap=roadmap,
        settings=settings,
        limits=limits,
        position=position,
        items=items,
        basis=basis,
        excluded=excluded,
        problem=problem,
        placed=placed,
    )


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


def _unplaced(state: _PlanState, backlog: list[ActionItem]) -> dict[int, Unplaced]:
    in_problem = {t.key for t in state.problem.tasks}
    current = {str(pk): q for pk, q in state.placed.items() if str(pk) in in_problem}
    blocked = ""
    try:
        explained = schedule.explain(state.problem, current) if backlog else {}
    except schedule.Infeasible as exc:  # e.g. pinned items over a quarter's limit: nothing can be explained yet
        explained, blocked = {}, f"Scheduling cannot run as the plan stands: {exc}."
    out: dict[int, Unplaced] = {}
    for item in backlog:
        critical = is_critical(item)
        if blocked and item.pk not in state.excluded:
            out[item.pk] = Unplaced(item, blocked, (), critical)
        elif item.pk in state.excluded:
            out[item.pk] = Unplaced(item, f"Left out of scheduling: {state.excluded[item.pk]}.", (), critical)
        elif (why := explained.get(str(item.pk))) is not None:
            out[item.pk] = Unplaced(item, why.reason, why.remedies, critical, why.limit)
        else:  # it would fit as things stand: the next scheduling run can place it
            out[item.pk] = Unplaced(item, "It fits: schedule the open items to place it.", (), critical)
    return out


def roadmap_view(*, workspace: Workspace, client: Client) -> RoadmapView:
    """Everything the roadmap page shows, in a constant number of queries whatever the number of items."""
    state = _plan_state(workspace=workspace, client=client)
    roadmap, settings, basis = state.roadmap, state.settings, state.basis
    columns = [Column(q, b, h) for q, b, h in state.limits]
    items = state.items
    priorities = item_priorities(
        items=[i for i in items if i.status in OPEN_STATUSES], basis=basis, rates=rates_for(settings)
    )
    backlog: list[ActionItem] = []
    earlier: list[ActionItem] = []
    closed = 0
    for item in items:
        if item.pk in state.placed:
            start = state.placed[item.pk]
            columns[start].items.append(item)
            for c in columns[start + 1 : start + item.duration]:
                c.continuing.append(item)
        if item.status not in OPEN_STATUSES:
            closed += 1
        elif item.pk in state.placed:
            pass
        elif item.quarter and quarters.index_in(item.quarter, roadmap.first_quarter) < 0:
            earlier.append(item)
        else:
            backlog.append(item)
    spend, hours = quarter_load(
        len(columns), ((item_task(i), state.placed[i.pk]) for i in items if i.pk in state.placed)
    )
    for c, money, effort in zip(columns, spend, hours, strict=True):
        c.spend, c.hours = money, effort
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
    finished: list[list[ActionItem]] = [[] for _ in columns]  # an item lifts its practices in its last quarter
    for item in items:
        if item.pk in state.placed:
            finished[min(state.placed[item.pk] + item.duration, len(columns)) - 1].append(item)
    for c, projected in zip(columns, projected_scores(basis, finished), strict=True):
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
        unplaced=_unplaced(state, backlog),
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
    titles: dict[int, str]  # item id → title, for messages
    critical: frozenset[int]  # ids of open items that lift critical or Continuous practices


def scheduling_input(*, workspace: Workspace, client: Client) -> SchedulingInput:
    """The client's open items as a scheduling problem over the roadmap's horizon.

    In the problem: proposed and approved items, and in-progress items (kept in their quarter when it is in the
    horizon). Done items satisfy dependencies. Left out, with the reason: items depending on a dropped item,
    in-progress items planned outside the horizon, pinned items whose quarter lies outside it, and pinned or
    in-progress items that run past its last quarter. Every item counted in a quarter of the roadmap but not in
    the problem (done items, items left out) is that quarter's committed load, so the scheduler's limits and the
    roadmap's columns agree."""
    state = _plan_state(workspace=workspace, client=client)
    return SchedulingInput(
        problem=state.problem,
        quarters=state.labels,
        excluded=state.excluded,
        titles={i.pk: i.title for i in state.items},
        critical=frozenset(i.pk for i in state.items if i.status in OPEN_STATUSES and is_critical(i)),
    )


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
