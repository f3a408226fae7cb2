"""Strategy sessions through the API: sessions (paged, versions, 409 bodies), the SWOT and goals (reorder, stale
versions), initiatives and their items (cross-client 400, other workspace 404), the operational plan's numbers,
the one error shape and the OpenAPI descriptions."""

from __future__ import annotations

from typing import Any

import pytest

from sevenc.api.api import api
from sevenc.planning.models import ActionItem
from sevenc.planning.strategy import services as strategy
from sevenc.planning.strategy.models import StrategicInitiative, StrategySession, SwotEntry
from tests.api.client import Api
from tests.planning.strategy.helpers import item, session

pytestmark = pytest.mark.django_db


def _sessions(world: Any, client: Any = None) -> str:
    return f"/clients/{(client or world.client_a1).pk}/strategy-sessions"


# --- sessions ------------------------------------------------------------------------------------------------


def test_it_creates_lists_reads_and_updates_a_session(vcio: Api, world: Any) -> None:
    created = vcio.send("POST", _sessions(world), {"title": "Retreat", "held_on": "2026-11-05", "notes": "Board"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["year"], body["version"], body["client_id"]) == (2027, 1, world.client_a1.pk)
    listed = vcio.get(_sessions(world)).json()
    assert listed["count"] == 1 and listed["items"][0]["swot_count"] == 0
    url = f"/strategy-sessions/{body['id']}"
    changed = vcio.send("PATCH", url, {"version": 1, "notes": "Agreed"})
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = vcio.send("PATCH", url, {"version": 1, "notes": "Mine"})
    assert stale.status_code == 409
    assert set(stale.json()) == {"message", "fields", "current"}
    assert stale.json()["current"]["notes"] == "Agreed" and stale.json()["current"]["version"] == 2
    assert StrategySession.objects.get().notes == "Agreed"


@pytest.mark.parametrize(
    "body",
    [
        {"title": "", "held_on": "2026-11-05"},
        {"title": "R", "held_on": "5 Nov"},
        {"title": "R", "held_on": "2026-11-05", "year": 1850},
        {"title": "R", "held_on": "2026-11-05", "colour": "blue"},
    ],
)
def test_it_refuses_an_invalid_session_with_422_in_the_one_error_shape(
    vcio: Api, world: Any, body: dict[str, Any]
) -> None:
    response = vcio.send("POST", _sessions(world), body)
    assert response.status_code == 422
    assert set(response.json()) == {"message", "fields"} and response.json()["fields"]
    assert not StrategySession.objects.exists()


def test_it_returns_the_whole_session_with_the_swot_as_a_2x2(vcio: Api, world: Any) -> None:
    s = session(world)
    url = f"/strategy-sessions/{s.pk}"
    for kind, text in (("threat", "Ransomware"), ("strength", "Backups"), ("strength", "Staff")):
        assert vcio.send("POST", f"{url}/swot", {"kind": kind, "text": text}).status_code == 201
    goal = vcio.send("POST", f"{url}/goals", {"title": "Second site", "target_date": "2027-09-30"}).json()
    strategy.initiative_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        session=s,
        title="Network",
        items=[item(world, title="Switch")],
    )
    body = vcio.get(url).json()
    assert [e["text"] for e in body["swot"]["strengths"]] == ["Backups", "Staff"]
    assert [e["text"] for e in body["swot"]["threats"]] == ["Ransomware"]
    assert body["swot"]["weaknesses"] == [] and body["swot"]["opportunities"] == []
    assert body["goals"][0]["id"] == goal["id"] and body["goals"][0]["target_date"] == "2027-09-30"
    assert body["initiatives"][0]["title"] == "Network" and len(body["initiatives"][0]["item_ids"]) == 1


def test_it_deletes_a_session_at_the_version_given(vcio: Api, world: Any) -> None:
    s = session(world)
    assert vcio.send("DELETE", f"/strategy-sessions/{s.pk}?version=9").status_code == 409
    assert vcio.send("DELETE", f"/strategy-sessions/{s.pk}?version=1").status_code == 204
    assert not StrategySession.objects.exists()


# --- SWOT and goals ------------------------------------------------------------------------------------------


def test_it_reorders_moves_and_refuses_stale_swot_changes(vcio: Api, world: Any) -> None:
    s = session(world)
    a, b = (
        vcio.send("POST", f"/strategy-sessions/{s.pk}/swot", {"kind": "weakness", "text": t}).json() for t in ("A", "B")
    )
    moved = vcio.send("PATCH", f"/swot/{b['id']}", {"position": 0})
    assert moved.status_code == 200 and moved.json()["position"] == 0
    assert list(SwotEntry.objects.order_by("position").values_list("text", flat=True)) == ["B", "A"]
    kind = vcio.send("PATCH", f"/swot/{a['id']}", {"kind": "threat", "version": a["version"]})
    assert kind.status_code == 409  # a's position changed with the reorder: its version moved on
    assert kind.json()["current"]["text"] == "A"
    current = kind.json()["current"]["version"]
    fresh = vcio.send("PATCH", f"/swot/{a['id']}", {"kind": "threat", "version": current})
    assert fresh.status_code == 200 and fresh.json()["kind"] == "threat"
    bad = vcio.send("PATCH", f"/swot/{a['id']}", {"kind": "rumour"})
    assert bad.status_code == 422 and "kind" in bad.json()["fields"]
    assert vcio.send("DELETE", f"/swot/{a['id']}?version={current}").status_code == 409
    assert vcio.send("DELETE", f"/swot/{a['id']}?version=not-a-number").status_code == 422
    assert vcio.send("DELETE", f"/swot/{a['id']}").status_code == 204


def test_it_changes_orders_and_removes_goals(vcio: Api, world: Any) -> None:
    s = session(world)
    g1, g2 = (vcio.send("POST", f"/strategy-sessions/{s.pk}/goals", {"title": t}).json() for t in ("One", "Two"))
    changed = vcio.send("PATCH", f"/goals/{g2['id']}", {"measure": "Measured", "position": 0})
    assert changed.status_code == 200 and (changed.json()["measure"], changed.json()["position"]) == ("Measured", 0)
    cleared = vcio.send("PATCH", f"/goals/{g1['id']}", {"target_date": None})
    assert cleared.status_code == 200 and cleared.json()["target_date"] is None
    stale = vcio.send("PATCH", f"/goals/{g1['id']}", {"title": "Mine", "version": g1["version"]})
    assert stale.status_code == 409 and stale.json()["current"]["title"] == "One"
    assert vcio.send("DELETE", f"/goals/{g1['id']}").status_code == 204


# --- initiatives ---------------------------------------------------------------------------------------------


def test_it_creates_an_initiative_with_its_items_and_replaces_them(vcio: Api, world: Any) -> None:
    s = session(world)
    goal = strategy.business_goal_add(workspace=world.ws_a, actor=world.vcio, session=s, title="Continuity")
    a, b = item(world, title="NAS"), item(world, title="Restore test")
    created = vcio.send(
        "POST",
        f"/clients/{world.client_a1.pk}/initiatives",
        {
            "title": "Backup overhaul",
            "session_id": s.pk,
            "goal_id": goal.pk,
            "owner": "Dana",
            "priority": 1,
            "item_ids": [a.pk],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["year"], body["goal_id"], body["item_ids"], body["priority"]) == (2027, goal.pk, [a.pk], 1)
    url = f"/initiatives/{body['id']}"
    changed = vcio.send("PATCH", url, {"version": 1, "item_ids": [b.pk], "goal_id": None})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["item_ids"], changed.json()["goal_id"], changed.json()["version"]) == ([b.pk], None, 2)
    assert dict(ActionItem.objects.values_list("title", "initiative_id")) == {"NAS": None, "Restore test": body["id"]}
    listed = vcio.get(f"/clients/{world.client_a1.pk}/initiatives", year=2027).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    assert vcio.get(f"/clients/{world.client_a1.pk}/initiatives", year=2030).json()["count"] == 0


def test_it_refuses_an_item_of_another_client_with_400_and_changes_nothing(vcio: Api, world: Any) -> None:
    theirs = item(world, title="Beta's firewall", client=world.client_a2)
    response = vcio.send(
        "POST", f"/clients/{world.client_a1.pk}/initiatives", {"title": "X", "year": 2027, "item_ids": [theirs.pk]}
    )
    assert response.status_code == 422
    assert "is an action item of another client" in response.json()["message"]
    assert response.json()["fields"] == {"items": ["“Beta's firewall” is another client's."]}
    assert not StrategicInitiative.objects.exists()
    i = strategy.initiative_create(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title="Y", year=2027)
    patched = vcio.send("PATCH", f"/initiatives/{i.pk}", {"version": 1, "owner": "Sam", "item_ids": [theirs.pk]})
    assert patched.status_code == 422
    i.refresh_from_db()
    assert (i.owner, i.version) == ("", 1)


def test_it_answers_404_for_an_item_session_or_goal_of_another_workspace(vcio: Api, world: Any, as_user: Any) -> None:
    foreign_item = item(world, title="Bravo", client=world.client_b1, workspace=world.ws_b)
    foreign_session = strategy.strategy_session_create(
        workspace=world.ws_b,
        actor=world.outsider,
        client=world.client_b1,
        title="B",
        held_on=session(world).held_on,
        year=2027,
    )
    url = f"/clients/{world.client_a1.pk}/initiatives"
    assert vcio.send("POST", url, {"title": "X", "year": 2027, "item_ids": [foreign_item.pk]}).status_code == 404
    assert vcio.send("POST", url, {"title": "X", "session_id": foreign_session.pk}).status_code == 404
    assert not StrategicInitiative.objects.exists()
    outsider = as_user(world.outsider, world.ws_b)
    mine = session(world)
    assert outsider.get(f"/strategy-sessions/{mine.pk}").status_code == 404
    assert (
        outsider.send("POST", f"/strategy-sessions/{mine.pk}/swot", {"kind": "threat", "text": "x"}).status_code == 404
    )


def test_it_refuses_writes_to_a_viewer(viewer: Api, world: Any) -> None:
    response = viewer.send("POST", _sessions(world), {"title": "R", "held_on": "2026-11-05"})
    assert response.status_code == 403 and "message" in response.json()
    assert not StrategySession.objects.exists()


# --- the operational plan ------------------------------------------------------------------------------------


def test_it_returns_the_operational_plan_with_budget_by_quarter(viewer: Api, world: Any) -> None:
    s = session(world)
    backup = strategy.initiative_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        session=s,
        title="Backup overhaul",
        owner="Dana",
        priority=1,
    )
    item(world, title="NAS", quarter="2027-Q1", one_time="1000", monthly="100", hours="10", initiative=backup)
    item(world, title="Licence", quarter="2026-Q3", monthly="10")
    body = viewer.get(f"/clients/{world.client_a1.pk}/operational-plan/2027").json()
    assert (body["year"], body["currency"], body["years"]) == (2027, "EUR", [2027])
    assert body["quarters"] == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]
    (i,) = body["initiatives"]
    assert (i["title"], i["owner"], i["priority"]) == ("Backup overhaul", "Dana", 1)
    assert [q["cost"] for q in i["budget"]["quarters"]] == ["1300.00", "300.00", "300.00", "300.00"]
    assert i["budget"]["total_cost"] == "2200.00" and i["budget"]["total_hours"] == "10.0"
    assert [r["title"] for r in body["unassigned"]] == ["Licence"]
    assert [q["cost"] for q in body["totals"]["quarters"]] == ["1330.00", "330.00", "330.00", "330.00"]
    assert body["totals"]["total_cost"] == "2320.00"
    assert viewer.get(f"/clients/{world.client_a1.pk}/operational-plan/1").status_code == 422  # years: 1900-2999


def test_it_documents_every_strategy_operation() -> None:
    schema = api.get_openapi_schema()
    ops = [
        op
        for path, methods in schema["paths"].items()
        for op in methods.values()
        if op["operationId"].startswith(
            (
                "planning_strategy",
                "planning_swot",
                "planning_business_goal",
                "planning_initiative",
                "planning_operational_plan",
            )
        )
    ]
    assert len(ops) == 17
    assert all(op.get("description") and op.get("summary") for op in ops)
