"""The demo's plans: every practice below target is covered by an item, the roadmap keeps to its limits, and
regenerating after the demo's edits changes none of the kept items."""

from __future__ import annotations

from typing import Any

import pytest

from sevenc.demo import demo_load
from sevenc.planning import selectors, services
from sevenc.planning.models import ActionItem, ItemLift, ItemStatus, PlanApproval
from sevenc.tenancy.selectors import client_list

pytestmark = pytest.mark.django_db


def test_every_demo_client_gets_a_plan_covering_its_gaps(db: Any) -> None:
    info = demo_load()
    workspace = info.workspace
    assert workspace.currency == "USD"  # the demo's clients are in the US
    actor = workspace.memberships.get(role="vcio").user
    clients = list(client_list(workspace=workspace))
    for client in clients:
        below = {g.practice_key for g in selectors.plan_basis(workspace=workspace, client=client).gaps}
        assert below, client.name
        lifted = set(ItemLift.objects.filter(item__client=client).values_list("practice__key", flat=True))
        assert below <= lifted, (client.name, sorted(below - lifted))
        view = selectors.roadmap_view(workspace=workspace, client=client)
        assert all(c.spend <= c.budget and c.hours <= c.capacity for c in view.columns), client.name
        kept = {
            i.pk: (i.title, i.quarter, i.status, i.version, i.one_time_cost)
            for i in ActionItem.objects.filter(client=client)
            if not i.is_pending_proposal
        }
        assert any(s == ItemStatus.DONE for *_, s, _, _ in kept.values())
        services.items_generate(workspace=workspace, actor=actor, client=client)
        assert {
            i.pk: (i.title, i.quarter, i.status, i.version, i.one_time_cost)
            for i in ActionItem.objects.filter(pk__in=kept)
        } == kept
        lifted_again = list(ItemLift.objects.filter(item__client=client).values_list("practice__key", flat=True))
        assert below <= set(lifted_again)
    assert PlanApproval.objects.filter(client__workspace=workspace).count() == 1
    from sevenc.planning.strategy.models import StrategicInitiative, StrategySession

    session = StrategySession.objects.get(client__workspace=workspace)
    assert session.swot.count() == 8 and session.goals.count() == 2
    assert all(i.items.exists() for i in StrategicInitiative.objects.filter(session=session))
    assert demo_load().workspace == workspace  # a second run adds nothing
    assert StrategySession.objects.filter(client__workspace=workspace).count() == 1
    assert PlanApproval.objects.filter(client__workspace=workspace).count() == 1
