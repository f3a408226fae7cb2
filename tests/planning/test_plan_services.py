"""Action items (services and selectors): proposals from gaps, regeneration that keeps what the vCIO kept,
merging, dependencies, moving, scheduling under the roadmap's limits, approval and the review of done items
after a new assessment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from sevenc.core.domain.errors import ApplicationError, ConflictError
from sevenc.planning import selectors, services
from sevenc.planning.models import ActionItem, ItemLift, ItemStatus, PlanApproval
from sevenc.planning.services import LiftSpec
from tests.planning.plan_fixtures import assessment, practices_of

pytestmark = pytest.mark.django_db


def _fields(item: ActionItem) -> dict[str, Any]:
    item.refresh_from_db()
    lifts = sorted(ItemLift.objects.filter(item=item).values_list("practice__key", "expected_level"))
    return {f.name: getattr(item, f.name) for f in ActionItem._meta.concrete_fields} | {"lifts": lifts}


def _generate(world: Any) -> services.GenerateResult:
    return services.items_generate(workspace=world.ws_a, actor=world.vcio, client=world.client_a1)


def test_it_proposes_an_item_for_every_practice_below_target(world: Any, planned: Any) -> None:
    result = _generate(world)
    below = {g.practice_key for g in selectors.plan_basis(workspace=world.ws_a, client=world.client_a1).gaps}
    assert below == set(practices_of("continuous")) | set(practices_of("clear"))
    lifted = set(ItemLift.objects.filter(item__client=world.client_a1).values_list("practice__key", flat=True))
    assert lifted == below
    # one proposal per area, each lifting its practices to the (rounded-up) target level
    areas = {lift.practice.area_id for lift in ItemLift.objects.select_related("practice")}
    assert len(result.created) == len(areas) == 9  # continuous has 4 areas, clear 5
    assert result.below_target == len(below)
    for item in result.created:  # each proposal stays within one area
        assert len({lift.practice.area_id for lift in item.lifts.all()}) == 1
    levels = dict(ItemLift.objects.values_list("practice__key", "expected_level"))
    assert all(levels[k] == 4 for k in practices_of("continuous"))
    assert all(levels[k] == 3 for k in practices_of("clear"))
    first = result.created[0]
    assert first.status == ItemStatus.PROPOSED and first.is_pending_proposal
    assert first.source_assessment_id == planned.pk
    assert first.one_time_cost > 0 and first.effort_hours > 0 and "Practices this lifts" in first.description


def test_it_regenerates_without_touching_or_duplicating_what_the_vcio_kept(world: Any, planned: Any) -> None:
    created = _generate(world).created
    accepted, edited, dropped, pending = created[0], created[1], created[2], created[3:]
    services.items_accept(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, items=[accepted])
    services.item_update(
        workspace=world.ws_a,
        actor=world.vcio,
        item=edited,
        version=1,
        title="Our own wording",
        one_time_cost=Decimal("999"),
    )
    services.item_status_set(workspace=world.ws_a, actor=world.vcio, item=dropped, status="dropped", version=1)
    before = {i.pk: _fields(i) for i in (accepted, edited, dropped)}

    again = _generate(world)

    assert {i.pk: _fields(i) for i in (accepted, edited, dropped)} == before
    assert again.kept == 3 and again.replaced == len(pending)
    assert not ActionItem.objects.filter(pk__in=[p.pk for p in pending]).exists()
    keys = list(ItemLift.objects.filter(item__client=world.client_a1).values_list("practice__key", flat=True))
    assert len(keys) == len(set(keys)), "a practice is lifted by two items"
    below = {g.practice_key for g in selectors.plan_basis(workspace=world.ws_a, client=world.client_a1).gaps}
    assert set(keys) == below


def test_it_proposes_the_rest_when_a_target_rises(world: Any, planned: Any) -> None:
    created = _generate(world).created
    services.items_accept(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, items=created)
    from sevenc.assessments.targets import services as targets

    t = planned.targets.get(scope="block", key="clear")
    targets.target_set(
        workspace=world.ws_a,
        actor=world.vcio,
        assessment=planned,
        scope="block",
        key="clear",
        level=5,
        version=t.version,
    )
    again = _generate(world)
    assert {lift.practice.key for i in again.created for lift in i.lifts.all()} == set(practices_of("clear"))
    assert all(lift.expected_level == 5 for i in again.created for lift in i.lifts.all())


def test_it_says_when_there_is_nothing_to_plan_from(world: Any) -> None:
    result = _generate(world)
    assert result.created == [] and "no assessment" in result.message


def test_it_merges_items_keeping_the_higher_level_and_summing_costs(world: Any, planned: Any) -> None:
    a, b = _generate(world).created[:2]
    a_cost, b_cost = a.one_time_cost, b.one_time_cost
    keys = {lift.practice.key for i in (a, b) for lift in i.lifts.all()}
    merged = services.items_merge(workspace=world.ws_a, actor=world.vcio, into=a, others=[b])
    assert not ActionItem.objects.filter(pk=b.pk).exists()
    assert merged.one_time_cost == a_cost + b_cost and merged.accepted_at is not None
    assert set(merged.lifts.values_list("practice__key", flat=True)) == keys


def test_it_refuses_a_dependency_cycle_and_another_clients_item(world: Any) -> None:
    make = lambda title, client=world.client_a1: services.item_create(  # noqa: E731
        workspace=world.ws_a, actor=world.vcio, client=client, title=title
    )
    a, b, c = make("A"), make("B"), make("C")
    services.item_update(workspace=world.ws_a, actor=world.vcio, item=b, version=b.version, depends_on=[a])
    services.item_update(workspace=world.ws_a, actor=world.vcio, item=c, version=c.version, depends_on=[b])
    with pytest.raises(ApplicationError, match="cycle"):
        services.item_update(workspace=world.ws_a, actor=world.vcio, item=a, version=a.version, depends_on=[c])
    other = make("Other", client=world.client_a2)
    with pytest.raises(ApplicationError, match="same client"):
        services.item_update(workspace=world.ws_a, actor=world.vcio, item=a, version=None, depends_on=[other])
    assert list(a.depends_on.all()) == []


def test_it_refuses_a_stale_version_and_bad_input_without_writing(world: Any) -> None:
    item = services.item_create(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="Backups")
    services.item_update(workspace=world.ws_a, actor=world.vcio, item=item, version=1, title="Backups verified")
    with pytest.raises(ConflictError):
        services.item_update(
            workspace=world.ws_a, actor=world.vcio, item=ActionItem.objects.get(pk=item.pk), version=1, title="Mine"
        )
    with pytest.raises(ApplicationError) as exc:
        services.item_update(
            workspace=world.ws_a,
            actor=world.vcio,
            item=ActionItem.objects.get(pk=item.pk),
            version=2,
            quarter="2027-Q5",
        )
    assert "quarter" in exc.value.fields
    with pytest.raises(ApplicationError) as exc:
        services.item_create(
            workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="x", one_time_cost="-5"
        )
    assert "one_time_cost" in exc.value.fields
    with pytest.raises(ApplicationError, match="party"):
        services.item_create(
            workspace=world.ws_a, actor=world.vcio, client=world.client_a2, title="x", responsible_party=world.party_a1
        )
    assert ActionItem.objects.get(pk=item.pk).title == "Backups verified"
    assert ActionItem.objects.count() == 1


def test_it_schedules_within_the_limits_and_keeps_pinned_items(world: Any, planned: Any) -> None:
    created = _generate(world).created
    services.roadmap_update(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        version=None,
        first_quarter="2027-Q1",
        quarters=4,
        budget_per_quarter="3000",
        hours_per_quarter="60",
    )
    pinned = created[-1]
    services.item_move(workspace=world.ws_a, actor=world.vcio, item=pinned, quarter="2027-Q3", version=1)
    result = services.roadmap_schedule(workspace=world.ws_a, actor=world.vcio, client=world.client_a1)
    view = selectors.roadmap_view(workspace=world.ws_a, client=world.client_a1)
    for col in view.columns:
        assert col.spend <= col.budget and col.hours <= col.capacity
    assert ActionItem.objects.get(pk=pinned.pk).quarter == "2027-Q3"
    assert result.schedule.method.startswith(("cp-sat", "greedy"))
    planned_items = [i for c in view.columns for i in c.items]
    assert planned_items and len(planned_items) + len(view.backlog) == len(created)
    # projected ITCq never falls from one quarter to the next and starts at or above today's
    scores = [c.projected.score for c in view.columns]
    assert all(b >= a for a, b in zip(scores, scores[1:], strict=False))
    assert scores[0] >= view.current.score


def test_it_explains_an_infeasible_plan_and_changes_nothing(world: Any) -> None:
    services.roadmap_update(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        version=None,
        first_quarter="2027-Q1",
        quarters=2,
        budget_per_quarter="100",
        hours_per_quarter="10",
    )
    item = services.item_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        title="Big",
        one_time_cost="5000",
        quarter="2027-Q1",
        pinned=True,
    )
    with pytest.raises(ApplicationError) as exc:
        services.roadmap_schedule(workspace=world.ws_a, actor=world.vcio, client=world.client_a1)
    assert ActionItem.objects.get(pk=item.pk).version == item.version
    messages = exc.value.fields["__all__"]
    assert any("Big" in m and "2027-Q1" in m for m in messages), messages


def test_it_approves_the_plan_recording_who_when_and_what(world: Any, planned: Any) -> None:
    created = _generate(world).created
    services.roadmap_update(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        version=None,
        first_quarter="2027-Q1",
        quarters=4,
    )
    services.item_move(workspace=world.ws_a, actor=world.vcio, item=created[0], quarter="2027-Q2", version=1)
    approval = services.plan_approve(workspace=world.ws_a, actor=world.exec_a1, client=world.client_a1, comment="Go")
    assert approval.approved_by == world.exec_a1 and [r["id"] for r in approval.items] == [created[0].pk]
    assert ActionItem.objects.get(pk=created[0].pk).status == ItemStatus.APPROVED
    assert ActionItem.objects.get(pk=created[1].pk).status == ItemStatus.PROPOSED
    assert PlanApproval.objects.count() == 1


def test_it_flags_done_items_whose_practice_did_not_rise(world: Any, planned: Any) -> None:
    backup = practices_of("continuous")[0]
    rose, flat = (
        services.item_create(
            workspace=world.ws_a,
            actor=world.vcio,
            client=world.client_a1,
            title=t,
            lifts=[LiftSpec(k, 3)],
            status="done",
        )
        for t, k in (("Rose", practices_of("clear")[0]), ("Flat", backup))
    )
    assert ItemLift.objects.get(item=flat).level_at_start == 1
    later = assessment(
        world,
        on=dt.date.today() + dt.timedelta(days=1),
        copy_from=planned,
        default_level=None,
        levels={practices_of("clear")[0]: 3},
    )
    assert later.is_final
    rose.refresh_from_db()
    flat.refresh_from_db()
    assert rose.review_flag == ""
    assert "still at 1" in flat.review_flag


def test_it_checks_the_roadmap_version_when_only_limits_change(world: Any) -> None:
    roadmap = services.roadmap_update(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, version=None, first_quarter="2027-Q1"
    )
    services.roadmap_update(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        version=roadmap.version,
        limits={"2027-Q2": ("500", "5")},
    )
    with pytest.raises(ConflictError):
        services.roadmap_update(
            workspace=world.ws_a,
            actor=world.vcio,
            client=world.client_a1,
            version=roadmap.version,
            limits={"2027-Q2": ("900", "9")},
        )
    from sevenc.planning.models import QuarterLimit

    assert QuarterLimit.objects.get().budget == Decimal("500")


def test_it_refuses_a_merge_that_would_make_a_dependency_cycle(world: Any) -> None:
    def make(title: str) -> Any:
        return services.item_create(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title=title)

    a, x, b = make("A"), make("X"), make("B")
    services.item_update(workspace=world.ws_a, actor=world.vcio, item=a, version=None, depends_on=[x])
    services.item_update(workspace=world.ws_a, actor=world.vcio, item=x, version=None, depends_on=[b])
    with pytest.raises(ApplicationError, match="cycle"):
        services.items_merge(
            workspace=world.ws_a,
            actor=world.vcio,
            into=ActionItem.objects.get(pk=a.pk),
            others=[ActionItem.objects.get(pk=b.pk)],
        )
    assert ActionItem.objects.filter(pk=b.pk).exists()


def test_it_keeps_a_lifts_starting_level_when_the_item_is_edited_later(world: Any, planned: Any) -> None:
    key = practices_of("clear")[0]
    item = services.item_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="SLA", lifts=[LiftSpec(key, 3)]
    )
    assert ItemLift.objects.get(item=item).level_at_start == 2
    assessment(world, on=dt.date(2026, 12, 31), copy_from=planned, default_level=None, levels={key: 3})
    item.refresh_from_db()
    services.item_update(
        workspace=world.ws_a,
        actor=world.vcio,
        item=item,
        version=item.version,
        title="SLA v2",
        lifts=[LiftSpec(key, 4), LiftSpec(practices_of("clear")[1], 4)],
    )
    starts = dict(ItemLift.objects.filter(item=item).values_list("practice__key", "level_at_start"))
    assert starts == {key: 2, practices_of("clear")[1]: 2}
