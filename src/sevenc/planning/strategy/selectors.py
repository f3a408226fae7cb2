"""Reads for strategy sessions (the "IT strategy planning retreat"): sessions with their SWOT, business goals and
initiatives, a client's initiatives, and the annual operational plan.

Every read takes ``workspace=`` first; a row of another workspace is a 404. The operational plan is read in a
constant number of queries (initiatives, items, the years that have initiatives; the currency is the workspace's own)
whatever the number of items; its numbers come from the pure ``strategy_budget`` module.
docs/strategy.md describes the whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from sevenc.planning.models import ActionItem, ItemStatus
from sevenc.planning.strategy.domain import budget as strategy_budget
from sevenc.planning.strategy.models import BusinessGoal, StrategicInitiative, StrategySession, SwotEntry, SwotKind
from sevenc.tenancy.models import Client, Workspace

# --- sessions ------------------------------------------------------------------------------------------------


def _item_ids() -> Prefetch[str, QuerySet[ActionItem]]:
    """An initiative's items, only enough of them to list their ids."""
    return Prefetch("items", queryset=ActionItem.objects.only("pk", "initiative_id").order_by("pk"))


def strategy_session_list(
    *, workspace: Workspace, client: Client | None = None, year: int | None = None
) -> QuerySet[StrategySession]:
    """The client's sessions, latest first, each with its numbers of SWOT entries, goals and initiatives."""
    qs = StrategySession.objects.for_workspace(workspace).select_related("client")
    if client is not None:
        qs = qs.filter(client=client)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.annotate(
        swot_count=Count("swot", distinct=True),
        goal_count=Count("goals", distinct=True),
        initiative_count=Count("initiatives", distinct=True),
    ).order_by("-held_on", "-pk")


def strategy_session_get(*, workspace: Workspace, pk: int) -> StrategySession:
    """One session with its SWOT entries, goals and initiatives (each with its goal and item ids) prefetched:
    five queries."""
    qs = (
        StrategySession.objects.for_workspace(workspace)
        .select_related("client")
        .prefetch_related(  # type: ignore[type-var]  # django-stubs joins the three Prefetch querysets to object
            Prefetch("swot", queryset=SwotEntry.objects.order_by("kind", "position", "pk")),
            Prefetch("goals", queryset=BusinessGoal.objects.order_by("position", "pk")),
            Prefetch(
                "initiatives",
                queryset=StrategicInitiative.objects.select_related("goal")
                .prefetch_related(_item_ids())
                .order_by("year", "priority", "title", "pk"),
            ),
        )
    )
    return get_object_or_404(qs, pk=pk)


@dataclass(frozen=True)
class Swot:
    """A session's SWOT as the classic 2×2: internal (strengths, weaknesses), external (opportunities,
    threats); each list in its order."""

    strengths: list[SwotEntry]
    weaknesses: list[SwotEntry]
    opportunities: list[SwotEntry]
    threats: list[SwotEntry]

    @property
    def is_empty(self) -> bool:
        return not (self.strengths or self.weaknesses or self.opportunities or self.threats)

    def of(self, kind: str) -> list[SwotEntry]:
        return {
            SwotKind.STRENGTH: self.strengths,
            SwotKind.WEAKNESS: self.weaknesses,
            SwotKind.OPPORTUNITY: self.opportunities,
            SwotKind.THREAT: self.threats,
        }[SwotKind(kind)]


def session_swot(session: StrategySession) -> Swot:
    """The prefetched SWOT of a session from ``strategy_session_get``, split into its four quadrants (no query)."""
    by_kind: dict[str, list[SwotEntry]] = {k: [] for k in SwotKind.values}
    for entry in session.swot.all():
        by_kind[entry.kind].append(entry)
    return Swot(
        strengths=by_kind[SwotKind.STRENGTH],
        weaknesses=by_kind[SwotKind.WEAKNESS],
        opportunities=by_kind[SwotKind.OPPORTUNITY],
        threats=by_kind[SwotKind.THREAT],
    )


def swot_entry_get(*, workspace: Workspace, pk: int) -> SwotEntry:
    return get_object_or_404(SwotEntry.objects.for_workspace(workspace).select_related("session__client"), pk=pk)


def business_goal_get(*, workspace: Workspace, pk: int) -> BusinessGoal:
    return get_object_or_404(BusinessGoal.objects.for_workspace(workspace).select_related("session__client"), pk=pk)


def business_goal_list(
    *, workspace: Workspace, session: StrategySession | None = None, client: Client | None = None
) -> QuerySet[BusinessGoal]:
    """A session's goals in their order, or all goals of a client's sessions (latest session first)."""
    qs = BusinessGoal.objects.for_workspace(workspace).select_related("session")
    if session is not None:
        return qs.filter(session=session).order_by("position", "pk")
    if client is not None:
        qs = qs.filter(session__client=client)
    return qs.order_by("-session__held_on", "session_id", "position", "pk")


# --- initiatives ---------------------------------------------------------------------------------------------


def initiative_list(
    *,
    workspace: Workspace,
    client: Client | None = None,
    year: int | None = None,
    session: StrategySession | None = None,
) -> QuerySet[StrategicInitiative]:
    """The client's initiatives by year, priority and title, each with its goal, session and item ids."""
    qs = (
        StrategicInitiative.objects.for_workspace(workspace)
        .select_related("client", "goal", "session")
        .prefetch_related(_item_ids())
    )
    if client is not None:
        qs = qs.filter(client=client)
    if year is not None:
        qs = qs.filter(year=year)
    if session is not None:
        qs = qs.filter(session=session)
    return qs.order_by("year", "priority", "title", "pk")


def initiative_get(*, workspace: Workspace, pk: int) -> StrategicInitiative:
    return get_object_or_404(initiative_list(workspace=workspace), pk=pk)


def initiative_item_choices(*, workspace: Workspace, client: Client) -> QuerySet[ActionItem]:
    """Every action item of the client with its initiative, to tick the ones an initiative groups."""
    return (
        ActionItem.objects.for_workspace(workspace)
        .filter(client=client)
        .select_related("initiative", "responsible_party")
        .order_by("quarter", "priority", "title", "pk")
    )


def action_items_by_id(*, workspace: Workspace, ids: list[int]) -> list[ActionItem]:
    """The action items with these ids in the workspace, whatever their client (a service refuses the wrong
    client with a clear message); ids of another workspace are not found."""
    return list(ActionItem.objects.for_workspace(workspace).filter(pk__in=ids).select_related("client").order_by("pk"))


def initiative_years(*, workspace: Workspace, client: Client) -> list[int]:
    """The years in which the client has initiatives, ascending."""
    return sorted(
        set(StrategicInitiative.objects.for_workspace(workspace).filter(client=client).values_list("year", flat=True))
    )


# --- the annual operational plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanItem:
    id: int
    title: str
    status: str
    status_label: str
    quarter: str
    priority: int
    responsible: str  # the responsible party's name
    accountable: str
    one_time_cost: Decimal
    recurring_monthly_cost: Decimal
    effort_hours: Decimal
    initiative_id: int | None
    initiative_title: str
    money: strategy_budget.Money

    @property
    def scheduled(self) -> bool:
        return bool(self.quarter)


@dataclass(frozen=True)
class PlanInitiative:
    id: int
    title: str
    description: str
    owner: str
    priority: int
    priority_label: str
    goal_id: int | None
    goal_title: str
    session_id: int | None
    items: list[PlanItem]
    money: strategy_budget.Money


@dataclass(frozen=True)
class OperationalPlan:
    """A client's plan for one year: its initiatives (highest priority first) with their items and budget by
    quarter, the items that cost money or hours in the year without belonging to one of its initiatives, and the
    totals per quarter. Amounts in ``currency``."""

    client: Client
    year: int
    quarters: list[str]
    initiatives: list[PlanInitiative]
    unassigned: list[PlanItem]
    unassigned_money: strategy_budget.Money
    totals: strategy_budget.Money
    years: list[int]  # the years with initiatives (for the year picker)
    currency: str

    @property
    def is_empty(self) -> bool:
        return not self.initiatives and not self.unassigned

    @property
    def owners(self) -> list[str]:
        return sorted({i.owner for i in self.initiatives if i.owner})


def _plan_item(item: ActionItem, year: int) -> PlanItem:
    party = item.responsible_party
    initiative = item.initiative
    return PlanItem(
        id=item.pk,
        title=item.title,
        status=item.status,
        status_label=item.status_shown_label,
        quarter=item.quarter,
        priority=item.priority,
        responsible=party.name if party is not None else "",
        accountable=item.accountable,
        one_time_cost=item.one_time_cost,
        recurring_monthly_cost=item.recurring_monthly_cost,
        effort_hours=item.effort_hours,
        initiative_id=item.initiative_id,
        initiative_title=initiative.title if initiative is not None else "",
        money=strategy_budget.Money()
        if item.status == ItemStatus.DROPPED
        else strategy_budget.item_money(
            year=year,
            quarter=item.quarter,
            one_time_cost=item.one_time_cost,
            recurring_monthly_cost=item.recurring_monthly_cost,
            effort_hours=item.effort_hours,
        ),
    )


def _item_order(item: PlanItem) -> tuple[int, str, int, int]:
    return (0 if item.quarter else 1, item.quarter, item.priority, item.id)


def _plan_initiative(i: StrategicInitiative, rows: list[PlanItem]) -> PlanInitiative:
    rows = sorted(rows, key=_item_order)
    return PlanInitiative(
        id=i.pk,
        title=i.title,
        description=i.description,
        owner=i.owner,
        priority=i.priority,
        priority_label=i.get_priority_display(),
        goal_id=i.goal_id,
        goal_title=i.goal.title if i.goal is not None else "",
        session_id=i.session_id,
        items=rows,
        money=strategy_budget.total(r.money for r in rows),
    )


def initiative_plan(*, workspace: Workspace, initiative: StrategicInitiative) -> PlanInitiative:
    """An initiative with all its action items (dropped ones too, at no cost) and its budget by quarter of its
    year: one query."""
    items = (
        ActionItem.objects.for_workspace(workspace)
        .filter(initiative=initiative)
        .select_related("responsible_party", "initiative")
    )
    return _plan_initiative(initiative, [_plan_item(i, initiative.year) for i in items])


def currency(*, workspace: Workspace) -> str:
    """The workspace's currency (ISO 4217), chosen when the workspace was created."""
    return str(workspace.currency)


def operational_plan(*, workspace: Workspace, client: Client, year: int) -> OperationalPlan:
    """The client's operational plan for ``year`` in four queries, whatever the number of items.

    - initiatives: those of ``year``, by priority then title; each lists all its action items except dropped
      ones (unscheduled or other years' items are listed too, at no cost in this year);
    - unassigned: the items that cost money or hours in ``year`` (scheduled in it, or scheduled earlier with a
      recurring cost) and belong to no initiative of ``year``; dropped items never count;
    - budget by quarter: strategy_budget.item_money for every item, summed per initiative and overall.
    """
    initiatives = list(
        StrategicInitiative.objects.for_workspace(workspace)
        .filter(client=client, year=year)
        .select_related("goal")
        .order_by("priority", "title", "pk")
    )
    first = strategy_budget.year_quarters(year)[0]
    after = strategy_budget.year_quarters(year + 1)[0]
    in_year = Q(quarter__gte=first, quarter__lt=after)
    recurring_in = Q(quarter__gt="", quarter__lt=first, recurring_monthly_cost__gt=0)
    items = (
        ActionItem.objects.for_workspace(workspace)
        .filter(client=client)
        .exclude(status=ItemStatus.DROPPED)
        .filter(Q(initiative__year=year) | in_year | recurring_in)
        .select_related("responsible_party", "initiative")
        .order_by("quarter", "priority", "pk")
    )
    by_initiative: dict[int, list[PlanItem]] = {i.pk: [] for i in initiatives}
    unassigned: list[PlanItem] = []
    for item in items:
        row = _plan_item(item, year)
        if item.initiative_id in by_initiative:
            by_initiative[item.initiative_id].append(row)
        else:
            unassigned.append(row)
    plan_initiatives = [_plan_initiative(i, by_initiative[i.pk]) for i in initiatives]
    unassigned.sort(key=_item_order)
    unassigned_money = strategy_budget.total(r.money for r in unassigned)
    totals = strategy_budget.total([*(p.money for p in plan_initiatives), unassigned_money])
    years = initiative_years(workspace=workspace, client=client)
    return OperationalPlan(
        client=client,
        year=year,
        quarters=strategy_budget.year_quarters(year),
        initiatives=plan_initiatives,
        unassigned=unassigned,
        unassigned_money=unassigned_money,
        totals=totals,
        years=years,
        currency=currency(workspace=workspace),
    )
