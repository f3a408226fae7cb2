"""The strategy reads: the session with its 2×2 SWOT, and the annual operational plan: its numbers worked out by
hand, and a number of queries that does not grow with the items."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from sevenc.planning.strategy import selectors as strategy_selectors
from sevenc.planning.strategy import services as strategy
from tests.planning.strategy.helpers import item, session

pytestmark = pytest.mark.django_db


def _money(*values: str) -> tuple[D, ...]:
    return tuple(D(v) for v in values)


def _initiative(world: Any, title: str, *, priority: int = 2, year: int = 2027, **kw: Any) -> Any:
    return strategy.initiative_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title=title, priority=priority, year=year, **kw
    )


def test_it_computes_the_operational_plan_as_worked_out_by_hand(world: Any) -> None:
    s = session(world)
    goal = strategy.business_goal_add(workspace=world.ws_a, actor=world.vcio, session=s, title="Continuity")
    backup = _initiative(world, "Backup overhaul", priority=1, owner="Dana", goal=goal, session=s)
    cloud = _initiative(world, "Cloud move", priority=3, owner="Sam")
    _initiative(world, "Awareness", priority=2)  # no items
    older = _initiative(world, "Last year's", year=2026)
    # Backup overhaul: Q1 1000 + 3×100 = 1300, then 300 a quarter; 500 in Q3; hours 10 (Q1) and 4 (Q3).
    item(world, title="NAS", quarter="2027-Q1", one_time="1000", monthly="100", hours="10", initiative=backup)
    item(world, title="Restore test", quarter="2027-Q3", one_time="500", hours="4", initiative=backup)
    item(world, title="Someday", quarter="", one_time="999", initiative=backup)  # listed, costs nothing
    item(world, title="Dropped", quarter="2027-Q2", one_time="700", status="dropped", initiative=backup)
    # Cloud move: a 2026-Q4 item's 50/month runs on (150 a quarter); a 2028 item costs nothing in 2027.
    item(world, title="Tenant", quarter="2026-Q4", one_time="2000", monthly="50", initiative=cloud)
    item(world, title="Migration", quarter="2028-Q1", one_time="800", initiative=cloud)
    # Not in an initiative of 2027: Q2 300 + 60 then 60 a quarter, hours 2; 10/month from 2025; 40 in Q4 (an item
    # of last year's initiative). A 2026 one-time item and another client's item are not in the plan.
    item(world, title="Firewall", quarter="2027-Q2", one_time="300", monthly="20", hours="2")
    item(world, title="Licence", quarter="2025-Q1", monthly="10")
    item(world, title="Old one-off", quarter="2026-Q2", one_time="100")
    item(world, title="Leftover", quarter="2027-Q4", one_time="40", initiative=older)
    item(world, title="Beta's", quarter="2027-Q1", one_time="5000", client=world.client_a2)

    plan = strategy_selectors.operational_plan(workspace=world.ws_a, client=world.client_a1, year=2027)

    assert plan.quarters == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]
    assert [i.title for i in plan.initiatives] == ["Backup overhaul", "Awareness", "Cloud move"]
    b, aw, c = plan.initiatives
    assert (b.owner, b.goal_title, b.priority_label) == ("Dana", "Continuity", "High")
    assert [r.title for r in b.items] == ["NAS", "Restore test", "Someday"]
    assert b.money.cost == _money("1300", "300", "800", "300") and b.money.total_cost == D("2700")
    assert b.money.hours == _money("10", "0", "4", "0")
    assert aw.items == [] and aw.money.total_cost == 0
    assert [r.title for r in c.items] == ["Tenant", "Migration"]
    assert c.money.cost == _money("150", "150", "150", "150")
    assert [r.title for r in plan.unassigned] == ["Licence", "Firewall", "Leftover"]
    assert plan.unassigned[2].initiative_title == "Last year's"
    assert plan.unassigned_money.cost == _money("30", "390", "90", "130")
    assert plan.totals.cost == _money("1480", "840", "1040", "580")
    assert plan.totals.total_cost == D("3940") == D("2700") + D("600") + D("640")
    assert plan.totals.hours == _money("10", "2", "4", "0") and plan.totals.total_hours == D("16")
    assert plan.years == [2026, 2027]
    assert plan.currency == "EUR"
    assert plan.owners == ["Dana", "Sam"]


def test_it_gives_an_empty_plan_for_a_year_without_anything(world: Any) -> None:
    plan = strategy_selectors.operational_plan(workspace=world.ws_a, client=world.client_a1, year=2031)
    assert plan.is_empty and plan.totals.total_cost == 0 and plan.years == []


def _plan_queries(world: Any, client: Any, n: int) -> int:
    initiatives = [
        strategy.initiative_create(
            workspace=world.ws_a, actor=world.vcio, client=client, title=f"I{k}", priority=k + 1, year=2027
        )
        for k in range(3)
    ]
    for k in range(n):
        item(
            world,
            client=client,
            title=f"Item {k}",
            quarter=f"2027-Q{k % 4 + 1}",
            one_time="10",
            monthly="1",
            hours="1",
            initiative=initiatives[k % 4] if k % 4 < 3 else None,
        )
    with CaptureQueriesContext(connection) as ctx:
        plan = strategy_selectors.operational_plan(workspace=world.ws_a, client=client, year=2027)
    assert sum(len(i.items) for i in plan.initiatives) + len(plan.unassigned) == n
    return len(ctx.captured_queries)


def test_it_reads_the_plan_in_a_constant_number_of_queries(world: Any, django_assert_num_queries: Any) -> None:
    one = _plan_queries(world, world.client_a1, 1)
    assert one == 3  # initiatives, items, the years with initiatives (the currency is the workspace's own)
    assert _plan_queries(world, world.client_a2, 30) == one
    with django_assert_num_queries(one):
        strategy_selectors.operational_plan(workspace=world.ws_a, client=world.client_a2, year=2027)


def test_it_reads_a_session_whole_in_a_constant_number_of_queries(world: Any, django_assert_num_queries: Any) -> None:
    s = session(world)
    for kind in ("threat", "strength", "opportunity", "weakness", "strength"):
        strategy.swot_entry_add(workspace=world.ws_a, actor=world.vcio, session=s, kind=kind, text=kind)
    strategy.business_goal_add(workspace=world.ws_a, actor=world.vcio, session=s, title="Grow")
    i = _initiative(world, "Net", session=s)
    item(world, title="Switch", initiative=i)
    with django_assert_num_queries(5):
        got = strategy_selectors.strategy_session_get(workspace=world.ws_a, pk=s.pk)
        swot = strategy_selectors.session_swot(got)
        ids = [x.pk for x in got.initiatives.all()[0].items.all()]
        goals = list(got.goals.all())
    assert [e.text for e in swot.strengths] == ["strength", "strength"]
    assert [len(swot.of(k)) for k in ("strength", "weakness", "opportunity", "threat")] == [2, 1, 1, 1]
    assert len(ids) == 1 and goals[0].title == "Grow"


def test_it_finds_nothing_of_another_workspace(world: Any) -> None:
    s = session(world)
    with pytest.raises(Http404):
        strategy_selectors.strategy_session_get(workspace=world.ws_b, pk=s.pk)
    i = _initiative(world, "Net")
    with pytest.raises(Http404):
        strategy_selectors.initiative_get(workspace=world.ws_b, pk=i.pk)
    assert strategy_selectors.action_items_by_id(workspace=world.ws_b, ids=[item(world).pk]) == []
