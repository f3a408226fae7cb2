"""The roadmap's explanations and one-step remedies as the vCIO uses them: an item too big for any quarter is
explained with its numbers, each remedy (spread, split, raise a limit) is one POST that places it at the next
scheduling run, critical work left out is a warning on the roadmap and the plan list, and bad or stale input
changes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from sevenc.planning import services
from sevenc.planning.models import ActionItem, QuarterLimit
from tests.planning.plan_fixtures import assessment, block_targets, practices_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def backups(world: Any, login: Any) -> Any:
    """A1 with a 40-hour roadmap from 2031-Q1 and a critical backups item of 128 hours; a logged-in vCIO."""
    a = assessment(world, levels={k: 1 for k in practices_of("continuous")[:3]})
    block_targets(world, a, {"continuous": 4, "clear": 4})
    c = login(world.vcio)
    client_id = world.client_a1.pk
    r = c.post(
        reverse("planning:roadmap_settings", kwargs={"client_id": client_id}),
        {"first_quarter": "2031-Q1", "quarters": "8", "budget_per_quarter": "5000", "hours_per_quarter": "40"},
    )
    assert r.status_code == 302
    item = services.item_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        title="Backups",
        effort_hours=Decimal("128"),
        one_time_cost=Decimal("800"),
        lifts=[services.LiftSpec(practices_of("continuous")[0], 4)],
    )
    return world, c, item


def _roadmap(c: Any, world: Any) -> str:
    r = c.get(reverse("planning:roadmap", kwargs={"client_id": world.client_a1.pk}))
    assert r.status_code == 200
    return r.content.decode()


def _schedule(c: Any, world: Any) -> None:
    assert c.post(reverse("planning:roadmap_schedule", kwargs={"client_id": world.client_a1.pk})).status_code == 302


def test_an_unplaceable_critical_item_is_explained_and_warned_about(backups: Any) -> None:
    world, c, item = backups
    _schedule(c, world)
    page = _roadmap(c, world)
    assert 'id="critical-unplaced"' in page and "Backups" in page
    assert f'id="why-{item.pk}"' in page
    assert "128" in page and "40" in page  # the need and the capacity are named
    assert "Spread over 4 quarters" in page and "Split in two" in page
    plan = c.get(reverse("planning:item_list", kwargs={"client_id": world.client_a1.pk})).content.decode()
    assert 'id="critical-unplaced"' in plan


def test_spreading_is_one_post_and_the_next_schedule_places_it(backups: Any) -> None:
    world, c, item = backups
    r = c.post(reverse("planning:item_duration", kwargs={"item_id": item.pk}), {"duration": "4", "version": "1"})
    assert r.status_code == 302
    _schedule(c, world)
    item.refresh_from_db()
    assert item.duration == 4 and item.quarter == "2031-Q1"
    page = _roadmap(c, world)
    assert 'id="critical-unplaced"' not in page
    assert page.count("continues: quarter") == 3


def test_splitting_is_one_post(backups: Any) -> None:
    world, c, item = backups
    r = c.post(reverse("planning:item_split", kwargs={"item_id": item.pk}), {"version": "1"})
    assert r.status_code == 302
    parts = list(ActionItem.objects.filter(client=world.client_a1).order_by("pk"))
    assert [p.effort_hours for p in parts] == [Decimal("64"), Decimal("64")]
    stale = c.post(reverse("planning:item_split", kwargs={"item_id": item.pk}), {"version": "1"})
    assert stale.status_code == 409
    assert ActionItem.objects.filter(client=world.client_a1).count() == 2


def test_raising_a_limit_is_one_post_and_keeps_the_other_limit(backups: Any) -> None:
    world, c, item = backups
    url = reverse("planning:roadmap_limit", kwargs={"client_id": world.client_a1.pk})
    assert c.post(url, {"quarter": "2031-Q2", "budget": "5000", "hours": "128", "version": "1"}).status_code == 302
    limit = QuarterLimit.objects.get(quarter="2031-Q2")
    assert (limit.budget, limit.hours) == (Decimal("5000"), Decimal("128"))
    _schedule(c, world)
    item.refresh_from_db()
    assert item.quarter == "2031-Q2"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("item_duration", {"duration": "0", "version": "1"}),
        ("item_duration", {"duration": "9", "version": "1"}),
        ("item_duration", {"duration": "x", "version": "1"}),
        ("item_split", {}),
        ("roadmap_limit", {"quarter": "2031-Q9", "hours": "10", "version": "1"}),
        ("roadmap_limit", {"quarter": "2031-Q2", "hours": "-1", "version": "1"}),
    ],
)
def test_bad_remedy_input_is_refused_and_changes_nothing(backups: Any, name: str, data: dict[str, str]) -> None:
    world, c, item = backups
    kwargs = {"client_id": world.client_a1.pk} if name.startswith("roadmap") else {"item_id": item.pk}
    r = c.post(reverse(f"planning:{name}", kwargs=kwargs), data)
    assert r.status_code == 422
    item.refresh_from_db()
    assert (item.version, item.duration, item.title) == (1, 1, "Backups")
    assert not QuarterLimit.objects.exists()
    assert ActionItem.objects.filter(client=world.client_a1).count() == 1


def test_lower_roles_see_the_explanation_without_the_actions(backups: Any, login: Any) -> None:
    world, c, item = backups
    viewer = login(world.viewer)
    page = _roadmap(viewer, world)
    assert f'id="why-{item.pk}"' in page and "Split in two" not in page


def test_the_critical_items_are_spread_and_scheduled_in_one_post(backups: Any) -> None:
    world, c, item = backups
    _schedule(c, world)
    assert "Give the critical items the quarters they need" in _roadmap(c, world)
    r = c.post(reverse("planning:roadmap_schedule", kwargs={"client_id": world.client_a1.pk}), {"spread": "critical"})
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.duration == 4 and item.quarter == "2031-Q1"
    assert 'id="critical-unplaced"' not in _roadmap(c, world)


def test_critical_work_goes_in_before_smaller_items_worth_more(backups: Any) -> None:
    world, c, item = backups
    item.duration = 4
    item.save()
    for i in range(8):  # worth more together than the backups, and enough to fill every quarter
        services.item_create(
            workspace=world.ws_a,
            actor=world.vcio,
            client=world.client_a1,
            title=f"Small {i}",
            effort_hours=Decimal("40"),
            lifts=[services.LiftSpec(practices_of("clear")[i], 4)],
        )
    _schedule(c, world)
    item.refresh_from_db()
    assert item.quarter == "2031-Q1"


def test_save_and_schedule_is_one_post(backups: Any) -> None:
    world, c, item = backups
    r = c.post(
        reverse("planning:roadmap_settings", kwargs={"client_id": world.client_a1.pk}),
        {
            "first_quarter": "2031-Q1",
            "quarters": "8",
            "budget_per_quarter": "5000",
            "hours_per_quarter": "130",
            "version": "1",
            "then": "schedule",
        },
    )
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.quarter == "2031-Q1"
