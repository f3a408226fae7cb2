"""One accounting for the scheduler and the roadmap: after "Schedule the open items", every quarter the user sees
holds what the solver said it holds, within its limits, for every demo client; multi-quarter items, split and the
remedies shown for unplaced items."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from sevenc.demo import demo_load
from sevenc.planning import selectors, services
from sevenc.planning.models import ActionItem, ItemDependency, ItemLift, ItemStatus
from sevenc.planning.services import LiftSpec
from sevenc.tenancy.selectors import client_list
from tests.planning.plan_fixtures import practices_of

pytestmark = pytest.mark.django_db


def _columns(view: selectors.RoadmapView) -> list[tuple[Decimal, Decimal]]:
    return [(c.spend, c.hours) for c in view.columns]


def test_every_demo_client_scheduled_keeps_every_quarter_within_its_limits_on_the_roadmap(db: Any) -> None:
    info = demo_load()
    workspace = info.workspace
    actor = workspace.memberships.get(role="vcio").user
    clients = list(client_list(workspace=workspace))
    assert len(clients) >= 3
    for client in clients:
        for method in ("greedy", "solver"):
            result = services.roadmap_schedule(
                workspace=workspace, actor=actor, client=client, method=method, time_limit=0.2
            )
            view = selectors.roadmap_view(workspace=workspace, client=client)
            # what the solver counted is what the roadmap shows, quarter by quarter (done items included)
            assert _columns(view) == list(zip(result.schedule.spend, result.schedule.hours, strict=True)), (
                client.name,
                method,
            )
            for c in view.columns:
                committed_only = not any(i.status in selectors.OPEN_STATUSES for i in c.items + c.continuing)
                if committed_only:
                    continue  # done work alone may exceed a limit it was never planned under
                assert c.spend <= c.budget, (client.name, method, c.quarter, c.spend, c.budget)
                assert c.hours <= c.capacity, (client.name, method, c.quarter, c.hours, c.capacity)
            # every item the solver left out is explained on the roadmap
            assert {int(k) for k in result.schedule.unscheduled} <= set(view.unplaced), client.name


def _item(client: Any, title: str, hours: str, **kw: Any) -> ActionItem:
    return ActionItem.objects.create(
        workspace=client.workspace, client=client, title=title, effort_hours=Decimal(hours), **kw
    )


class _Tight:
    def __init__(self, world: Any) -> None:
        self.workspace, self.vcio, self.client = world.ws_a, world.vcio, world.client_a1


@pytest.fixture
def tight(world: Any) -> Any:
    """Client A1 with a roadmap of 40 hours and 5,000 a quarter from 2031-Q1."""
    client = world.client_a1
    services.roadmap_update(
        workspace=world.ws_a,
        actor=world.vcio,
        client=client,
        version=None,
        first_quarter="2031-Q1",
        quarters=8,
        budget_per_quarter=Decimal("5000"),
        hours_per_quarter=Decimal("40"),
    )
    return _Tight(world)


def test_an_item_too_big_for_any_quarter_is_explained_and_placed_once_spread(tight: Any) -> None:
    w = tight
    big = _item(w.client, "Backups", "128", one_time_cost=Decimal("2000"))
    services.roadmap_schedule(workspace=w.workspace, actor=w.vcio, client=w.client, time_limit=0.2)
    view = selectors.roadmap_view(workspace=w.workspace, client=w.client)
    why = view.unplaced[big.pk]
    assert why.limit == "hours" and "128" in why.reason
    kinds = {r.kind for r in why.remedies}
    assert {"longer-duration", "split"} <= kinds
    spread = next(r for r in why.remedies if r.kind == "longer-duration")
    assert spread.duration == 4
    big.refresh_from_db()
    services.item_update(workspace=w.workspace, actor=w.vcio, item=big, version=big.version, duration=4)
    services.roadmap_schedule(workspace=w.workspace, actor=w.vcio, client=w.client, time_limit=0.2)
    big.refresh_from_db()
    assert big.quarter == "2031-Q1"
    view = selectors.roadmap_view(workspace=w.workspace, client=w.client)
    assert [c.hours for c in view.columns[:4]] == [Decimal("32")] * 4
    assert [c.spend for c in view.columns[:4]] == [Decimal("500")] * 4
    assert [len(c.continuing) for c in view.columns[:5]] == [0, 1, 1, 1, 0]
    assert big.pk not in view.unplaced


def test_done_work_counts_against_the_limits_the_solver_plans_under(tight: Any) -> None:
    w = tight
    _item(w.client, "Done already", "30", status=ItemStatus.DONE, quarter="2031-Q1")
    open_item = _item(w.client, "Needs 20 hours", "20")
    result = services.roadmap_schedule(workspace=w.workspace, actor=w.vcio, client=w.client, time_limit=0.2)
    open_item.refresh_from_db()
    assert open_item.quarter == "2031-Q2"  # 30 + 20 > 40 in Q1
    assert result.schedule.hours[0] == Decimal("30")
    view = selectors.roadmap_view(workspace=w.workspace, client=w.client)
    assert view.columns[0].hours == Decimal("30") and view.columns[1].hours == Decimal("20")


@pytest.mark.parametrize("n_lifts", [0, 1, 2, 5])
def test_split_halves_the_work_and_the_practices_or_chains_the_parts(tight: Any, planned: Any, n_lifts: int) -> None:
    w = tight
    keys = practices_of("continuous")[:n_lifts]
    item = services.item_create(
        workspace=w.workspace,
        actor=w.vcio,
        client=w.client,
        title="Backups",
        effort_hours=Decimal("61.7"),
        one_time_cost=Decimal("1001"),
        recurring_monthly_cost=Decimal("3"),
        lifts=[LiftSpec(k, 4) for k in keys],
    )
    lifts = sorted(keys)
    second = services.item_split(workspace=w.workspace, actor=w.vcio, item=item, version=item.version)
    item.refresh_from_db()
    assert item.title.endswith("(part 1)") and second.title.endswith("(part 2)")
    assert item.effort_hours + second.effort_hours == Decimal("61.7")
    assert item.one_time_cost + second.one_time_cost == Decimal("1001")
    assert item.recurring_monthly_cost + second.recurring_monthly_cost == Decimal("3")
    first_lifts = set(ItemLift.objects.filter(item=item).values_list("practice__key", flat=True))
    second_lifts = set(ItemLift.objects.filter(item=second).values_list("practice__key", flat=True))
    assert first_lifts | second_lifts == set(lifts) and not first_lifts & second_lifts
    chained = ItemDependency.objects.filter(item=second, depends_on=item).exists()
    assert chained == (n_lifts < 2)
    if n_lifts >= 2:
        assert len(first_lifts) == (n_lifts + 1) // 2 and sorted(first_lifts) == lifts[: len(first_lifts)]
    else:
        assert second_lifts == set(lifts)


def test_split_refuses_a_stale_version_and_changes_nothing(tight: Any) -> None:
    from sevenc.core.domain.errors import ConflictError

    w = tight
    item = _item(w.client, "Security controls", "61.6")
    with pytest.raises(ConflictError):
        services.item_split(workspace=w.workspace, actor=w.vcio, item=item, version=item.version + 1)
    item.refresh_from_db()
    assert item.title == "Security controls" and item.effort_hours == Decimal("61.6")
    assert ActionItem.objects.filter(client=w.client).count() == 1


def test_split_refuses_a_done_item(tight: Any) -> None:
    from sevenc.core.domain.errors import ApplicationError

    w = tight
    item = _item(w.client, "Finished", "10", status=ItemStatus.DONE, quarter="2031-Q1")
    with pytest.raises(ApplicationError, match="only open items"):
        services.item_split(workspace=w.workspace, actor=w.vcio, item=item, version=item.version)


def test_a_task_bigger_than_any_quarter_is_offered_a_duration_even_when_other_items_take_the_room() -> None:
    from sevenc.planning.domain import schedule

    quarters = tuple(schedule.Quarter(budget=Decimal("6000"), hours=Decimal("60"), label=f"Q{i}") for i in range(4))
    fillers = tuple(
        schedule.Task(f"f{i}", 1.0, Decimal("0"), Decimal("0"), Decimal("55"), pinned=i, title=f"Filler {i}")
        for i in range(4)
    )
    big = schedule.Task("big", 5.0, Decimal("0"), Decimal("0"), Decimal("80"), title="Backups")
    problem = schedule.Problem(quarters=quarters, tasks=(*fillers, big))
    why = schedule.explain(problem, {f"f{i}": i for i in range(4)})["big"]
    spread = [r for r in why.remedies if r.kind == "longer-duration"]
    assert [r.duration for r in spread] == [2], why
    # and with that duration the solver weighs it against the fillers that are not pinned
    free = tuple(schedule.Task(t.key, t.value, t.one_time_cost, t.recurring_monthly_cost, t.hours) for t in fillers)
    longer = schedule.Task("big", 5.0, Decimal("0"), Decimal("0"), Decimal("80"), duration=2)
    result = schedule.solve(schedule.Problem(quarters=quarters, tasks=(*free, longer)), time_limit=0.2)
    assert "big" in result.plan
