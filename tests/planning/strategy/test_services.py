"""The strategy services: sessions, SWOT, goals, initiatives and their action items; validation, versions and
versions (409), cross-client and cross-workspace refusals, activity entries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sevenc.core.domain.errors import ApplicationError, ConflictError
from sevenc.core.models import ActivityEntry
from sevenc.planning.models import ActionItem
from sevenc.planning.strategy import services as strategy
from sevenc.planning.strategy.models import BusinessGoal, StrategicInitiative, StrategySession, SwotEntry
from tests.factories import ClientFactory
from tests.planning.strategy.helpers import item, session

pytestmark = pytest.mark.django_db


def _activity(world: Any) -> list[str]:
    return list(ActivityEntry.objects.filter(workspace=world.ws_a).order_by("pk").values_list("summary", flat=True))


# --- sessions ------------------------------------------------------------------------------------------------


def test_it_creates_a_session_and_logs_it(world: Any) -> None:
    s = session(world)
    assert (s.client, s.year, s.version) == (world.client_a1, 2027, 1)
    assert _activity(world)[-1].startswith("Strategy session “IT strategy retreat”")


def test_it_defaults_the_plan_year_from_the_date(world: Any) -> None:
    autumn = strategy.strategy_session_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="Retreat", held_on=dt.date(2026, 11, 5)
    )
    spring = strategy.strategy_session_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="Retreat", held_on=dt.date(2026, 3, 5)
    )
    assert (autumn.year, spring.year) == (2027, 2026)


def test_it_refuses_an_invalid_session_with_messages_and_saves_nothing(world: Any) -> None:
    with pytest.raises(ApplicationError) as exc:
        strategy.strategy_session_create(
            workspace=world.ws_a,
            actor=world.vcio,
            client=world.client_a1,
            title="  ",
            held_on=dt.date(2026, 11, 5),
            year=2027,
        )
    assert "title" in exc.value.fields
    with pytest.raises(ApplicationError) as exc:
        strategy.strategy_session_create(
            workspace=world.ws_a,
            actor=world.vcio,
            client=world.client_a1,
            title="R",
            held_on=dt.date(2026, 11, 5),
            year=1850,
        )
    assert exc.value.fields == {"year": ["Enter a year from 2000 to 2100."]}
    assert not StrategySession.objects.exists()
    assert _activity(world) == []


def test_it_refuses_a_client_of_another_workspace(world: Any) -> None:
    with pytest.raises(ApplicationError, match="another workspace"):
        strategy.strategy_session_create(
            workspace=world.ws_a,
            actor=world.vcio,
            client=world.client_b1,
            title="R",
            held_on=dt.date(2026, 11, 5),
            year=2027,
        )


def test_it_updates_a_session_at_the_version_read_and_refuses_a_stale_one(world: Any) -> None:
    s = session(world)
    strategy.strategy_session_update(workspace=world.ws_a, actor=world.vcio, session=s, version=1, notes="Agreed")
    assert (s.version, StrategySession.objects.get().notes) == (2, "Agreed")
    stale = StrategySession.objects.get()
    stale.version = 1
    with pytest.raises(ConflictError) as exc:
        strategy.strategy_session_update(workspace=world.ws_a, actor=world.vcio, session=stale, version=1, notes="Mine")
    assert exc.value.current.notes == "Agreed" and exc.value.current.version == 2
    assert StrategySession.objects.get().notes == "Agreed"


def test_it_deletes_a_session_with_its_swot_and_goals_but_keeps_its_initiatives(world: Any) -> None:
    s = session(world)
    strategy.swot_entry_add(workspace=world.ws_a, actor=world.vcio, session=s, kind="strength", text="Backups")
    goal = strategy.business_goal_add(workspace=world.ws_a, actor=world.vcio, session=s, title="Second site")
    i = strategy.initiative_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, session=s, goal=goal, title="Network"
    )
    with pytest.raises(ConflictError):
        strategy.strategy_session_delete(workspace=world.ws_a, actor=world.vcio, session=s, version=7)
    strategy.strategy_session_delete(workspace=world.ws_a, actor=world.vcio, session=s, version=1)
    assert not SwotEntry.objects.exists() and not BusinessGoal.objects.exists()
    i.refresh_from_db()
    assert (i.session_id, i.goal_id, i.year) == (None, None, 2027)
    assert _activity(world)[-1] == f"Strategy session “IT strategy retreat” ({world.client_a1.name}) deleted"


# --- SWOT ----------------------------------------------------------------------------------------------------


def test_it_adds_swot_entries_at_the_end_of_their_quadrant(world: Any) -> None:
    s = session(world)
    a = strategy.swot_entry_add(workspace=world.ws_a, actor=world.vcio, session=s, kind="strength", text=" A ")
    b = strategy.swot_entry_add(workspace=world.ws_a, actor=world.vcio, session=s, kind="strength", text="B")
    t = strategy.swot_entry_add(workspace=world.ws_a, actor=world.vcio, session=s, kind="threat", text="T")
    assert (a.text, a.position, b.position, t.position) == ("A", 0, 1, 0)
    assert "SWOT strength “A” added" in _activity(world)[-3]


def test_it_refuses_an_unknown_kind_or_empty_text(world: Any) -> None:
    s = session(world)
    with pytest.raises(ApplicationError) as exc:
        strategy.swot_entry_add(workspace=world.ws_a, actor=world.vcio, session=s, kind="rumour", text="X")
    assert exc.value.fields == {"kind": ["Choose strength, weakness, opportunity or threat."]}
    with pytest.raises(ApplicationError) as exc:
        strategy.swot_entry_add(workspace=world.ws_a, actor=world.vcio, session=s, kind="threat", text=" ")
    assert "text" in exc.value.fields
    with pytest.raises(ApplicationError) as exc:
        strategy.swot_entry_add(workspace=world.ws_a, actor=world.vcio, session=s, kind="threat", text="x" * 501)
    assert "text" in exc.value.fields
    assert not SwotEntry.objects.exists()


def test_it_reorders_and_moves_swot_entries(world: Any) -> None:
    s = session(world)
    a, b, c = (
        strategy.swot_entry_add(workspace=world.ws_a, actor=world.vcio, session=s, kind="weakness", text=t)
        for t in "ABC"
    )

    def order() -> list[str]:
        return list(
            SwotEntry.objects.filter(session=s, kind="weakness").order_by("position").values_list("text", flat=True)
        )

    strategy.swot_reorder(workspace=world.ws_a, actor=world.vcio, session=s, kind="weakness", order=[c.pk, a.pk, b.pk])
    assert order() == ["C", "A", "B"]
    strategy.swot_entry_move(workspace=world.ws_a, actor=world.vcio, entry=a, direction="up")
    assert order() == ["A", "C", "B"]
    strategy.swot_entry_move(workspace=world.ws_a, actor=world.vcio, entry=a, direction="up")  # first stays first
    assert order() == ["A", "C", "B"]
    strategy.swot_entry_update(workspace=world.ws_a, actor=world.vcio, entry=SwotEntry.objects.get(pk=b.pk), position=0)
    assert order() == ["B", "A", "C"]
    with pytest.raises(ApplicationError, match="exactly once"):
        strategy.swot_reorder(workspace=world.ws_a, actor=world.vcio, session=s, kind="weakness", order=[a.pk, b.pk])
    assert order() == ["B", "A", "C"]


def test_it_moves_an_entry_to_another_quadrant_at_its_end(world: Any) -> None:
    s = session(world)
    strategy.swot_entry_add(workspace=world.ws_a, actor=world.vcio, session=s, kind="threat", text="Old threat")
    e = strategy.swot_entry_add(workspace=world.ws_a, actor=world.vcio, session=s, kind="weakness", text="Legacy ERP")
    strategy.swot_entry_update(workspace=world.ws_a, actor=world.vcio, entry=e, kind="threat")
    e.refresh_from_db()
    assert (e.kind, e.position) == ("threat", 1)


def test_it_refuses_a_swot_change_on_a_stale_version(world: Any) -> None:
    s = session(world)
    e = strategy.swot_entry_add(workspace=world.ws_a, actor=world.vcio, session=s, kind="strength", text="A")
    read = e.version
    strategy.swot_entry_update(workspace=world.ws_a, actor=world.vcio, entry=e, text="Theirs", version=read)
    mine = SwotEntry.objects.get(pk=e.pk)
    with pytest.raises(ConflictError) as exc:
        strategy.swot_entry_update(workspace=world.ws_a, actor=world.vcio, entry=mine, text="Mine", version=read)
    assert exc.value.current.text == "Theirs"
    with pytest.raises(ConflictError):
        strategy.swot_entry_delete(workspace=world.ws_a, actor=world.vcio, entry=mine, version=read)
    assert SwotEntry.objects.get(pk=e.pk).text == "Theirs"
    strategy.swot_entry_delete(workspace=world.ws_a, actor=world.vcio, entry=mine)
    assert not SwotEntry.objects.exists()


# --- goals ---------------------------------------------------------------------------------------------------


def test_it_adds_changes_orders_and_removes_goals(world: Any) -> None:
    s = session(world)
    g1 = strategy.business_goal_add(
        workspace=world.ws_a,
        actor=world.vcio,
        session=s,
        title="Second site",
        measure="Open by Q3",
        target_date=dt.date(2027, 9, 30),
    )
    g2 = strategy.business_goal_add(workspace=world.ws_a, actor=world.vcio, session=s, title="Lower cost")
    assert (g1.position, g2.position) == (0, 1)
    strategy.business_goal_update(workspace=world.ws_a, actor=world.vcio, goal=g1, target_date=None, version=g1.version)
    assert BusinessGoal.objects.get(pk=g1.pk).target_date is None
    strategy.business_goal_move(workspace=world.ws_a, actor=world.vcio, goal=g2, direction="up")
    assert list(BusinessGoal.objects.order_by("position").values_list("title", flat=True)) == [
        "Lower cost",
        "Second site",
    ]
    with pytest.raises(ApplicationError) as exc:
        strategy.business_goal_update(workspace=world.ws_a, actor=world.vcio, goal=g2, title="")
    assert "title" in exc.value.fields
    strategy.business_goal_delete(workspace=world.ws_a, actor=world.vcio, goal=g2)
    assert list(BusinessGoal.objects.values_list("title", flat=True)) == ["Second site"]


def test_it_refuses_a_goal_change_on_a_stale_version(world: Any) -> None:
    s = session(world)
    g = strategy.business_goal_add(workspace=world.ws_a, actor=world.vcio, session=s, title="Grow")
    read = g.version
    strategy.business_goal_update(workspace=world.ws_a, actor=world.vcio, goal=g, title="Grow 10 %")
    with pytest.raises(ConflictError) as exc:
        strategy.business_goal_update(
            workspace=world.ws_a, actor=world.vcio, goal=BusinessGoal.objects.get(), title="Mine", version=read
        )
    assert exc.value.current.title == "Grow 10 %"


# --- initiatives ---------------------------------------------------------------------------------------------


def test_it_creates_an_initiative_for_the_sessions_year(world: Any) -> None:
    s = session(world, year=2028)
    g = strategy.business_goal_add(workspace=world.ws_a, actor=world.vcio, session=s, title="Continuity")
    i = strategy.initiative_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        session=s,
        goal=g,
        title=" Backup overhaul ",
        owner="Dana",
        priority=1,
    )
    assert (i.title, i.year, i.goal, i.priority, i.version) == ("Backup overhaul", 2028, g, 1, 1)
    assert _activity(world)[-1] == f"Initiative “Backup overhaul” (2028) added for {world.client_a1.name}"


def test_it_needs_a_year_without_a_session_and_a_valid_priority(world: Any) -> None:
    with pytest.raises(ApplicationError) as exc:
        strategy.initiative_create(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="X")
    assert exc.value.fields == {"year": ["This field is required."]}
    with pytest.raises(ApplicationError) as exc:
        strategy.initiative_create(
            workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="X", year=2027, priority=9
        )
    assert "priority" in exc.value.fields
    assert not StrategicInitiative.objects.exists()


def test_it_refuses_a_session_or_goal_of_another_client(world: Any) -> None:
    other = session(world, client=world.client_a2)
    goal = strategy.business_goal_add(workspace=world.ws_a, actor=world.vcio, session=other, title="Theirs")
    with pytest.raises(ApplicationError, match="another client's") as exc:
        strategy.initiative_create(
            workspace=world.ws_a, actor=world.vcio, client=world.client_a1, session=other, title="X"
        )
    assert "session" in exc.value.fields
    with pytest.raises(ApplicationError, match="another client's") as exc:
        strategy.initiative_create(
            workspace=world.ws_a, actor=world.vcio, client=world.client_a1, goal=goal, title="X", year=2027
        )
    assert "goal" in exc.value.fields
    mine = strategy.initiative_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="X", year=2027
    )
    with pytest.raises(ApplicationError, match="another client's"):
        strategy.initiative_update(workspace=world.ws_a, actor=world.vcio, initiative=mine, version=1, goal=goal)
    assert StrategicInitiative.objects.get(pk=mine.pk).goal_id is None


def test_it_refuses_a_stale_initiative_version_and_changes_nothing(world: Any) -> None:
    i = strategy.initiative_create(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="X", year=2027)
    strategy.initiative_update(workspace=world.ws_a, actor=world.vcio, initiative=i, version=1, owner="Dana")
    a = item(world, title="A")
    stale = StrategicInitiative.objects.get(pk=i.pk)
    with pytest.raises(ConflictError) as exc:
        strategy.initiative_update(
            workspace=world.ws_a, actor=world.vcio, initiative=stale, version=1, owner="Sam", items=[a]
        )
    assert exc.value.current.owner == "Dana"
    a.refresh_from_db()
    assert (a.initiative_id, a.version) == (None, 1)


def test_it_assigns_and_unassigns_items_and_bumps_their_versions(world: Any) -> None:
    i = strategy.initiative_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="Cloud", year=2027
    )
    a, b = item(world, title="Mail"), item(world, title="Files")
    assert strategy.initiative_items_assign(workspace=world.ws_a, actor=world.vcio, initiative=i, items=[a, b]) == 2
    assert _activity(world)[-1] == "2 action item(s) put into initiative “Cloud”: “Mail”, “Files”"
    assert strategy.initiative_items_assign(workspace=world.ws_a, actor=world.vcio, initiative=i, items=[a]) == 0
    assert strategy.initiative_items_unassign(workspace=world.ws_a, actor=world.vcio, initiative=i, items=[a]) == 1
    assert dict(ActionItem.objects.values_list("title", "initiative_id")) == {"Mail": None, "Files": i.pk}
    assert dict(ActionItem.objects.values_list("title", "version")) == {"Mail": 3, "Files": 2}


def test_it_moves_an_item_from_another_initiative_and_sets_the_whole_group(world: Any) -> None:
    one = strategy.initiative_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="One", year=2027
    )
    two = strategy.initiative_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="Two", year=2027
    )
    a, b, c = item(world, title="A", initiative=one), item(world, title="B", initiative=one), item(world, title="C")
    added, removed = strategy.initiative_items_set(workspace=world.ws_a, actor=world.vcio, initiative=two, items=[a, c])
    assert (added, removed) == (2, 0)
    added, removed = strategy.initiative_items_set(workspace=world.ws_a, actor=world.vcio, initiative=one, items=[])
    assert (added, removed) == (0, 1)
    assert dict(ActionItem.objects.values_list("title", "initiative_id")) == {"A": two.pk, "B": None, "C": two.pk}
    b.refresh_from_db()


def test_it_refuses_an_item_of_another_client_with_a_clear_message(world: Any) -> None:
    i = strategy.initiative_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="Cloud", year=2027
    )
    mine = item(world, title="Mail")
    theirs = item(world, title="Beta's firewall", client=world.client_a2)
    with pytest.raises(ApplicationError) as exc:
        strategy.initiative_items_assign(workspace=world.ws_a, actor=world.vcio, initiative=i, items=[mine, theirs])
    assert exc.value.status == 400
    assert exc.value.message == (
        "“Beta's firewall” is an action item of another client; an initiative groups only "
        f"its own client's ({world.client_a1.name}) action items. Nothing was changed."
    )
    assert exc.value.fields == {"items": ["“Beta's firewall” is another client's."]}
    assert not ActionItem.objects.filter(initiative__isnull=False).exists()
    with pytest.raises(ApplicationError, match="another client"):
        strategy.initiative_create(
            workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="New", year=2027, items=[theirs]
        )
    assert StrategicInitiative.objects.count() == 1


def test_it_refuses_an_item_of_another_workspace(world: Any) -> None:
    i = strategy.initiative_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="Cloud", year=2027
    )
    foreign = item(world, title="Bravo's item", client=world.client_b1, workspace=world.ws_b)
    with pytest.raises(ApplicationError, match="another workspace"):
        strategy.initiative_items_set(workspace=world.ws_a, actor=world.vcio, initiative=i, items=[foreign])
    foreign.refresh_from_db()
    assert foreign.initiative_id is None


def test_it_deletes_an_initiative_and_keeps_its_items(world: Any) -> None:
    i = strategy.initiative_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="Cloud", year=2027
    )
    a = item(world, title="Mail", initiative=i)
    with pytest.raises(ConflictError):
        strategy.initiative_delete(workspace=world.ws_a, actor=world.vcio, initiative=i, version=5)
    strategy.initiative_delete(workspace=world.ws_a, actor=world.vcio, initiative=i, version=1)
    a.refresh_from_db()
    assert (a.initiative_id, a.version) == (None, 2)
    assert not StrategicInitiative.objects.exists()


def test_it_refuses_initiative_writes_from_another_workspace(world: Any) -> None:
    other_client = ClientFactory(workspace=world.ws_b, name="Other")
    with pytest.raises(ApplicationError, match="another workspace"):
        strategy.initiative_create(workspace=world.ws_a, actor=world.vcio, client=other_client, title="X", year=2027)
    i = strategy.initiative_create(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="X", year=2027)
    with pytest.raises(ApplicationError, match="another workspace"):
        strategy.initiative_update(workspace=world.ws_b, actor=world.outsider, initiative=i, version=1, title="Y")
    assert StrategicInitiative.objects.get(pk=i.pk).title == "X"
