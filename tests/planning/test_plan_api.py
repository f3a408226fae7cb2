"""Action plans through the API: items (create, read, change, status, delete, comments), proposals from gaps,
accept and merge, the roadmap (limits, scheduling, moving, approval), the export and the planning settings.
Each with its main refusals: 409 with the current row, 422 with field messages and nothing written, 403 for
an analyst changing more than a status, ids of another client or workspace refused."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sevenc.core.models import ActivityEntry
from sevenc.planning import services
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
from sevenc.planning.services import LiftSpec
from tests.api.client import Api
from tests.conftest import SENTINEL
from tests.planning.plan_fixtures import assessment, practices_of

pytestmark = pytest.mark.django_db


def _item(world: Any, title: str = "Verify backups", client: Any = None, **fields: Any) -> ActionItem:
    return services.item_create(
        workspace=world.ws_a, actor=world.vcio, client=client or world.client_a1, title=title, **fields
    )


def _state() -> dict[str, Any]:
    """What a refused request must leave as it was."""
    return {
        "items": sorted(ActionItem.objects.values_list("pk", "version", "title", "status", "quarter", "one_time_cost")),
        "lifts": ItemLift.objects.count(),
        "deps": ItemDependency.objects.count(),
        "comments": ItemComment.objects.count(),
        "roadmaps": sorted(Roadmap.objects.values_list("pk", "version")),
        "limits": QuarterLimit.objects.count(),
        "approvals": PlanApproval.objects.count(),
        "settings": sorted(PlanningSettings.objects.values_list("pk", "version")),
        "activity": ActivityEntry.objects.count(),
    }


def _base(world: Any) -> str:
    return f"/clients/{world.client_a1.pk}"


# --- items: create, read, list ---------------------------------------------------------------------------------


def test_it_creates_an_item_with_lifts_dependencies_and_a_party(vcio: Api, world: Any, planned: Any) -> None:
    first = _item(world, "Inventory the backups")
    backup = practices_of("continuous")[0]
    response = vcio.send(
        "POST",
        f"{_base(world)}/action-items",
        {
            "title": "Restore test every quarter",
            "description": "Pick three systems",
            "priority": 1,
            "responsible_party_id": world.party_a1.pk,
            "accountable": "CFO",
            "quarter": "2027-Q2",
            "pinned": True,
            "due_date": "2027-06-30",
            "one_time_cost": "1500.50",
            "recurring_monthly_cost": 20,
            "effort_hours": "6.5",
            "delivered_by": "Managed backup",
            "psa_reference": "T-123",
            "psa_url": "https://psa.example/T-123",
            "lifts": [{"practice_key": backup, "expected_level": 4}],
            "depends_on": [first.pk],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == "Restore test every quarter" and body["status"] == "proposed"
    assert (body["one_time_cost"], body["recurring_monthly_cost"], body["effort_hours"]) == ("1500.50", "20.00", "6.5")
    assert body["lifts"] == [{"practice_key": backup, "expected_level": 4, "level_at_start": 1}]
    assert body["depends_on"] == [first.pk]
    assert body["responsible_party_id"] == world.party_a1.pk and body["pinned"] is True
    assert body["value"] > 0 and body["value_for_money"] > 0 and body["version"] == 1
    got = vcio.get(f"/action-items/{body['id']}").json()
    assert got == body


def test_it_lists_items_with_values_filters_and_pages(viewer: Api, world: Any, planned: Any) -> None:
    backup = practices_of("continuous")[0]
    lifted = _item(
        world,
        "Backups",
        lifts=[LiftSpec(backup, 3)],
        one_time_cost="1000",
        quarter="2027-Q1",
        responsible_party=world.party_a1,
    )
    done = _item(world, f"Old {SENTINEL} work", status="done")
    _item(world, "Other client's", client=world.client_a2)
    page = viewer.get(f"{_base(world)}/action-items").json()
    assert page["count"] == 2 and {i["id"] for i in page["items"]} == {lifted.pk, done.pk}
    row = next(i for i in page["items"] if i["id"] == lifted.pk)
    assert row["lifts"][0]["practice_key"] == backup and row["value"] > 0
    assert row["value_for_money"] == pytest.approx(row["value"] / (1000 + 0 * 12 + 0) * 1000)
    assert next(i for i in page["items"] if i["id"] == done.pk)["value"] == 0

    def ids(**params: Any) -> list[int]:
        return [i["id"] for i in viewer.get(f"{_base(world)}/action-items", **params).json()["items"]]

    assert ids(status="open") == [lifted.pk]
    assert ids(status="done") == [done.pk]
    assert ids(quarter="2027-Q1") == [lifted.pk] and ids(quarter="none") == [done.pk]
    assert ids(party_id=world.party_a1.pk) == [lifted.pk]
    assert ids(q=SENTINEL.lower()) == [done.pk]
    assert viewer.get(f"{_base(world)}/action-items", status="later").status_code == 422
    for i in range(55):
        _item(world, f"Paged {i}")
    second = viewer.get(f"{_base(world)}/action-items", page=2).json()
    assert second["count"] == 57 and len(second["items"]) == 7
    assert all(i["value"] is not None for i in second["items"])


def test_the_list_costs_the_same_queries_for_1_and_30_items(viewer: Api, world: Any, planned: Any) -> None:
    keys = practices_of("continuous")
    url = f"{_base(world)}/action-items"

    def add(n: int) -> None:
        for i in range(n):
            item = _item(
                world,
                f"Item {i}",
                lifts=[LiftSpec(keys[i % (len(keys) - 1)], 3), LiftSpec(keys[-1], 4)],
                one_time_cost="100",
                responsible_party=world.party_a1,
            )
            first = ActionItem.objects.filter(client=world.client_a1).order_by("pk").first()
            if first.pk != item.pk:
                services.item_update(
                    workspace=world.ws_a, actor=world.vcio, item=item, version=None, depends_on=[first]
                )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = viewer.get(url)
        assert response.status_code == 200
        return len(queries)

    add(1)
    viewer.get(url)  # warm the per-process framework caches
    one = count()
    add(29)
    assert viewer.get(url).json()["count"] == 30
    assert count() == one


def test_it_refuses_ids_of_another_client_or_workspace_and_links_nothing(
    vcio: Api,
    as_user: Any,
    world: Any,
) -> None:
    mine = _item(world, "Mine")
    a2_item = _item(world, "A2's", client=world.client_a2)
    b1_item = services.item_create(workspace=world.ws_b, actor=world.outsider, client=world.client_b1, title="B1's")
    outsider = as_user(world.outsider, world.ws_b)
    before = _state()
    url = f"{_base(world)}/action-items"
    for body, field in [
        ({"depends_on": [a2_item.pk]}, "depends_on"),
        ({"depends_on": [b1_item.pk]}, "depends_on"),
        ({"responsible_party_id": world.party_b1.pk}, "responsible_party_id"),
        ({"initiative_id": 999_999}, "initiative_id"),
    ]:
        response = vcio.send("POST", url, {"title": "Linked", **body})
        assert response.status_code == 422, response.content
        assert field in response.json()["fields"], response.json()
        patched = vcio.send("PATCH", f"/action-items/{mine.pk}", {"version": 1, **body})
        assert patched.status_code == 422, patched.content
    merge = vcio.send("POST", f"/action-items/{mine.pk}/merge", {"others": [a2_item.pk], "version": 1})
    assert (
        merge.status_code == 422 and f"No action item {a2_item.pk} of this client." in merge.json()["fields"]["others"]
    )
    accept = vcio.send("POST", f"{_base(world)}/action-items/accept", {"item_ids": [b1_item.pk]})
    assert accept.status_code == 422
    assert _state() == before
    assert outsider.get(f"/action-items/{mine.pk}").status_code == 404
    assert outsider.send("POST", url, {"title": "Sneaky"}).status_code == 404
    assert outsider.send("PATCH", f"/action-items/{mine.pk}", {"version": 1, "title": "x"}).status_code == 404
    assert _state() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x", "one_time_cost": "-5"}, "one_time_cost"),
        ({"title": "x", "effort_hours": "abc"}, "effort_hours"),
        ({"title": "x", "priority": 4}, "priority"),
        ({"title": "x", "status": "finished"}, "status"),
        ({"title": "x", "colour": "red"}, "colour"),
        ({"title": "x", "quarter": "2027-Q5"}, "quarter"),
        ({"title": "x", "pinned": True}, "pinned"),
        ({"title": "x", "psa_url": "not a url"}, "psa_url"),
        ({"title": "x", "lifts": [{"practice_key": "nope.nothing", "expected_level": 3}]}, "lifts"),
        ({"title": "x", "lifts": [{"practice_key": "a", "expected_level": 6}]}, "lifts.0.expected_level"),
    ],
)
def test_it_refuses_an_invalid_item_with_field_messages_and_writes_nothing(
    vcio: Api, world: Any, planned: Any, body: dict[str, Any], field: str
) -> None:
    before = _state()
    response = vcio.send("POST", f"{_base(world)}/action-items", body)
    assert response.status_code == 422, response.content
    assert field in response.json()["fields"], response.json()
    assert response.json()["message"]
    assert _state() == before


# --- items: change, status, delete, comments ---------------------------------------------------------------------


def test_it_updates_an_item_and_answers_409_with_the_current_one(vcio: Api, world: Any, planned: Any) -> None:
    item = _item(world, "Backups", one_time_cost="100")
    other = _item(world, "Firewall")
    keys = practices_of("clear")[:2]
    response = vcio.send(
        "PATCH",
        f"/action-items/{item.pk}",
        {
            "version": 1,
            "title": "Backups verified",
            "one_time_cost": 250,
            "quarter": "2027-Q3",
            "lifts": [{"practice_key": k, "expected_level": 3} for k in keys],
            "depends_on": [other.pk],
            "responsible_party_id": world.party_a1.pk,
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["one_time_cost"], body["quarter"], body["version"]) == (
        "Backups verified",
        "250.00",
        "2027-Q3",
        2,
    )
    assert [lift["practice_key"] for lift in body["lifts"]] == sorted(keys) and body["depends_on"] == [other.pk]
    cleared = vcio.send(
        "PATCH", f"/action-items/{item.pk}", {"version": 2, "responsible_party_id": None, "depends_on": [], "lifts": []}
    ).json()
    assert (cleared["responsible_party_id"], cleared["depends_on"], cleared["lifts"]) == (None, [], [])
    before = _state()
    stale = vcio.send("PATCH", f"/action-items/{item.pk}", {"version": 1, "title": "Mine"})
    assert stale.status_code == 409
    assert stale.json()["current"]["title"] == "Backups verified" and stale.json()["current"]["version"] == 3
    assert vcio.send("PATCH", f"/action-items/{item.pk}", {"version": 3}).status_code == 422
    cycle = vcio.send("PATCH", f"/action-items/{other.pk}", {"version": 1, "depends_on": [item.pk]})
    assert cycle.status_code == 200
    loop = vcio.send("PATCH", f"/action-items/{item.pk}", {"version": 3, "depends_on": [other.pk]})
    assert loop.status_code == 422 and "depends_on" in loop.json()["fields"]
    assert vcio.send("PATCH", "/action-items/999999", {"version": 1, "title": "x"}).status_code == 404
    assert _state() | {"items": None, "deps": None, "activity": None} == before | {
        "items": None,
        "deps": None,
        "activity": None,
    }


def test_an_analyst_may_move_the_status_on_but_not_change_costs(analyst: Api, viewer: Api, world: Any) -> None:
    item = _item(world, "Backups", one_time_cost="100")
    before = _state()
    for body in (
        {"version": 1, "one_time_cost": "1"},
        {"version": 1, "status": "done", "title": "Sneaky"},
        {"version": 1, "quarter": "2027-Q1"},
    ):
        refused = analyst.send("PATCH", f"/action-items/{item.pk}", body)
        assert refused.status_code == 403, refused.content
        assert "status" in refused.json()["message"]
    assert viewer.send("PATCH", f"/action-items/{item.pk}", {"version": 1, "status": "approved"}).status_code == 403
    assert (
        viewer.send("POST", f"/action-items/{item.pk}/status", {"version": 1, "status": "approved"}).status_code == 403
    )
    assert _state() == before
    patched = analyst.send("PATCH", f"/action-items/{item.pk}", {"version": 1, "status": "in_progress"})
    assert patched.status_code == 200 and patched.json()["status"] == "in_progress"
    done = analyst.send("POST", f"/action-items/{item.pk}/status", {"version": 2, "status": "done"})
    assert done.status_code == 200 and done.json()["done_at"] is not None and done.json()["version"] == 3
    stale = analyst.send("POST", f"/action-items/{item.pk}/status", {"version": 2, "status": "dropped"})
    assert stale.status_code == 409 and stale.json()["current"]["status"] == "done"
    assert analyst.send("POST", f"/action-items/{item.pk}/status", {"version": 3, "status": "gone"}).status_code == 422
    assert ActionItem.objects.get(pk=item.pk).one_time_cost == Decimal("100")


def test_it_deletes_an_item(vcio: Api, analyst: Api, world: Any) -> None:
    item = _item(world)
    assert analyst.send("DELETE", f"/action-items/{item.pk}").status_code == 403
    assert vcio.send("DELETE", f"/action-items/{item.pk}").status_code == 204
    assert vcio.get(f"/action-items/{item.pk}").status_code == 404
    assert not ActionItem.objects.exists()


def test_it_takes_and_lists_comments(analyst: Api, viewer: Api, world: Any) -> None:
    item = _item(world)
    created = analyst.send("POST", f"/action-items/{item.pk}/comments", {"body": "  Started on Monday "})
    assert created.status_code == 201, created.content
    assert created.json()["body"] == "Started on Monday" and created.json()["author"] == world.analyst.email
    assert viewer.send("POST", f"/action-items/{item.pk}/comments", {"body": "Hi"}).status_code == 403
    blank = analyst.send("POST", f"/action-items/{item.pk}/comments", {"body": "   "})
    assert blank.status_code == 422 and "body" in blank.json()["fields"]
    listed = viewer.get(f"/action-items/{item.pk}/comments").json()
    assert listed["count"] == 1 and listed["items"][0]["item_id"] == item.pk


# --- proposals, accept, merge --------------------------------------------------------------------------------------


def test_it_generates_accepts_and_merges_proposals(vcio: Api, world: Any, planned: Any) -> None:
    generated = vcio.send("POST", f"{_base(world)}/action-items/generate", {})
    assert generated.status_code == 200, generated.content
    body = generated.json()
    assert body["assessment_id"] == planned.pk and len(body["created"]) == 9 and body["replaced"] == 0
    assert body["below_target"] > 0 and "proposal" in body["message"]
    first, second, third, *rest = body["created"]
    accepted = vcio.send("POST", f"{_base(world)}/action-items/accept", {"item_ids": [first, second]})
    assert accepted.json() == {"accepted": 2}
    again = vcio.send("POST", f"{_base(world)}/action-items/generate", {"assessment_id": planned.pk}).json()
    assert again["kept"] == 2 and again["replaced"] == 7 and first not in again["created"]
    a, b = again["created"][:2]
    costs = {i.pk: i.one_time_cost for i in ActionItem.objects.filter(pk__in=[a, b])}
    stale = vcio.send("POST", f"/action-items/{a}/merge", {"others": [b], "version": 7})
    assert stale.status_code == 409 and ActionItem.objects.filter(pk=b).exists()
    merged = vcio.send("POST", f"/action-items/{a}/merge", {"others": [b], "version": 1})
    assert merged.status_code == 200, merged.content
    assert Decimal(merged.json()["one_time_cost"]) == costs[a] + costs[b]
    assert not ActionItem.objects.filter(pk=b).exists()
    alone = vcio.send("POST", f"/action-items/{a}/merge", {"others": [a], "version": 2})
    assert alone.status_code == 422 and "at least one other item" in alone.json()["message"]
    other = assessment(world, client=world.client_a2)
    foreign = vcio.send("POST", f"{_base(world)}/action-items/generate", {"assessment_id": other.pk})
    assert foreign.status_code == 422 and "assessment_id" in foreign.json()["fields"]


def test_generating_without_an_assessment_says_so(vcio: Api, world: Any) -> None:
    body = vcio.send("POST", f"{_base(world)}/action-items/generate", {}).json()
    assert body["created"] == [] and body["assessment_id"] is None and "no assessment" in body["message"]


# --- the roadmap ---------------------------------------------------------------------------------------------------


def test_it_shows_and_changes_the_roadmap(vcio: Api, viewer: Api, world: Any, planned: Any) -> None:
    default = viewer.get(f"{_base(world)}/roadmap").json()
    assert default["version"] == 1 and default["quarters"] == 8 and len(default["columns"]) == 8
    item = _item(
        world,
        "Backups",
        one_time_cost="4000",
        effort_hours="10",
        quarter="2027-Q2",
        lifts=[LiftSpec(practices_of("continuous")[0], 4)],
    )
    response = vcio.send(
        "PATCH",
        f"{_base(world)}/roadmap",
        {
            "version": 1,
            "first_quarter": "2027-Q1",
            "quarters": 4,
            "budget_per_quarter": "5000",
            "hours_per_quarter": 40,
            "limits": {"2027-Q2": {"budget": "3000", "hours": None}},
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["first_quarter"], body["quarters"], body["budget_per_quarter"]) == ("2027-Q1", 4, "5000.00")
    assert body["limits"] == {"2027-Q2": {"budget": "3000.00", "hours": "40.0"}}
    q2 = body["columns"][1]
    assert (q2["quarter"], q2["budget"], q2["overridden"], q2["item_ids"]) == ("2027-Q2", "3000.00", True, [item.pk])
    assert q2["over_budget"] is True and q2["over_hours"] is False and q2["spend"] == "4000.00"
    assert q2["projected_itcq"] > body["current_itcq"] and body["backlog"] == []
    version = body["version"]
    before = _state()
    stale = vcio.send(
        "PATCH", f"{_base(world)}/roadmap", {"version": version - 1, "limits": {"2027-Q3": {"budget": 1, "hours": 1}}}
    )
    assert stale.status_code == 409 and stale.json()["current"]["version"] == version
    bad = vcio.send("PATCH", f"{_base(world)}/roadmap", {"version": version, "limits": {"2027-Q9": {"budget": 1}}})
    assert bad.status_code == 422 and "limits" in bad.json()["fields"]
    assert vcio.send("PATCH", f"{_base(world)}/roadmap", {"version": version, "quarters": 40}).status_code == 422
    assert (
        vcio.send("PATCH", f"{_base(world)}/roadmap", {"version": version, "first_quarter": "2027-Q0"}).status_code
        == 422
    )
    assert _state() == before
    removed = vcio.send(
        "PATCH", f"{_base(world)}/roadmap", {"version": version, "limits": {"2027-Q2": {"budget": None, "hours": None}}}
    ).json()
    assert removed["limits"] == {} and removed["version"] == version + 1


def test_it_schedules_within_the_limits(vcio: Api, world: Any, planned: Any) -> None:
    vcio.send("POST", f"{_base(world)}/action-items/generate", {})
    vcio.send(
        "PATCH",
        f"{_base(world)}/roadmap",
        {
            "version": 1,
            "first_quarter": "2027-Q1",
            "quarters": 4,
            "budget_per_quarter": "3000",
            "hours_per_quarter": "60",
        },
    )
    dropped = _item(world, "Dropped", status="dropped")
    waiting = _item(world, "Waits for the dropped one", depends_on=[dropped])
    for method in ("greedy", "solver"):
        response = vcio.send("POST", f"{_base(world)}/roadmap/schedule", {"method": method})
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["method"].startswith("greedy" if method == "greedy" else "cp-sat")
        assert body["placement"] and {p["quarter"] for p in body["placement"]} <= {
            "2027-Q1",
            "2027-Q2",
            "2027-Q3",
            "2027-Q4",
        }
        assert all(Decimal(q["spend"]) <= 3000 and Decimal(q["hours"]) <= 60 for q in body["quarters"])
        assert body["excluded"] == [{"item_id": waiting.pk, "reason": "depends on “Dropped”, which was dropped"}]
        placed = {p["item_id"]: p["quarter"] for p in body["placement"]}
        assert all(ActionItem.objects.get(pk=pk).quarter == q for pk, q in placed.items())
        assert all(ActionItem.objects.get(pk=pk).quarter == "" for pk in body["unscheduled"])
    assert vcio.send("POST", f"{_base(world)}/roadmap/schedule", {"method": "magic"}).status_code == 422


def test_an_infeasible_schedule_is_explained_and_changes_nothing(vcio: Api, world: Any) -> None:
    vcio.send(
        "PATCH",
        f"{_base(world)}/roadmap",
        {
            "version": 1,
            "first_quarter": "2027-Q1",
            "quarters": 2,
            "budget_per_quarter": "100",
            "hours_per_quarter": "10",
        },
    )
    big = _item(world, "Big", one_time_cost="5000", quarter="2027-Q1", pinned=True)
    loose = _item(world, "Loose", one_time_cost="10")
    before = _state()
    response = vcio.send("POST", f"{_base(world)}/roadmap/schedule", {"method": "greedy"})
    assert response.status_code == 422, response.content
    reasons = response.json()["fields"]["__all__"]
    assert any(("Big" in r or str(big.pk) in r) and "budget" in r for r in reasons), reasons
    assert _state() == before and ActionItem.objects.get(pk=loose.pk).quarter == ""


def test_it_moves_an_item_and_pins_it(vcio: Api, world: Any) -> None:
    item = _item(world)
    moved = vcio.send("POST", f"/action-items/{item.pk}/move", {"quarter": "2027-Q2", "version": 1})
    assert moved.status_code == 200 and (moved.json()["quarter"], moved.json()["pinned"]) == ("2027-Q2", True)
    loose = vcio.send(
        "POST", f"/action-items/{item.pk}/move", {"quarter": "2027-Q3", "version": 2, "pinned": False}
    ).json()
    assert (loose["quarter"], loose["pinned"]) == ("2027-Q3", False)
    back = vcio.send("POST", f"/action-items/{item.pk}/move", {"quarter": "", "version": 3}).json()
    assert (back["quarter"], back["pinned"]) == ("", False)
    before = _state()
    assert vcio.send("POST", f"/action-items/{item.pk}/move", {"quarter": "2027-Q1", "version": 1}).status_code == 409
    bad = vcio.send("POST", f"/action-items/{item.pk}/move", {"quarter": "Q1-2027", "version": 4})
    assert bad.status_code == 422 and "quarter" in bad.json()["fields"]
    assert _state() == before


def test_it_approves_the_plan_and_lists_approvals(vcio: Api, viewer: Api, world: Any) -> None:
    nothing = vcio.send("POST", f"{_base(world)}/roadmap/approve", {"comment": "Go"})
    assert nothing.status_code == 422 and "nothing to approve" in nothing.json()["message"]
    vcio.send("PATCH", f"{_base(world)}/roadmap", {"version": 1, "first_quarter": "2027-Q1", "quarters": 4})
    item = _item(world, "Backups", one_time_cost="100", recurring_monthly_cost="10", quarter="2027-Q2")
    assert viewer.send("POST", f"{_base(world)}/roadmap/approve", {"comment": "Go"}).status_code == 403
    response = vcio.send("POST", f"{_base(world)}/roadmap/approve", {"comment": "Go"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["approved_by"] == world.vcio.email and body["total_cost"] == "220.00" and body["comment"] == "Go"
    assert [row["id"] for row in body["items"]] == [item.pk]
    assert ActionItem.objects.get(pk=item.pk).status == ItemStatus.APPROVED
    roadmap = viewer.get(f"{_base(world)}/roadmap").json()
    assert roadmap["latest_approval"]["id"] == body["id"]
    assert roadmap["latest_approval"]["approved_at"] == body["approved_at"]
    listed = viewer.get(f"{_base(world)}/plan-approvals").json()
    assert listed["count"] == 1 and listed["items"][0]["approved_by"] == world.vcio.email


# --- export and settings -------------------------------------------------------------------------------------------


def test_it_exports_the_plan(viewer: Api, world: Any) -> None:
    _item(world, f"{SENTINEL} backups", one_time_cost="100")
    csv = viewer.get(f"{_base(world)}/plan/export")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert "attachment" in csv["Content-Disposition"]
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id,title,status") and SENTINEL in text
    xlsx = viewer.get(f"{_base(world)}/plan/export", format="xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["B2"].value == f"{SENTINEL} backups"
    assert viewer.get(f"{_base(world)}/plan/export", format="pdf").status_code == 422


def test_it_reads_and_changes_the_planning_settings(vcio: Api, analyst: Api, viewer: Api, world: Any) -> None:
    shown = viewer.get("/planning-settings").json()
    assert shown["version"] == 1 and shown["hourly_rate"] == "120.00" and shown["currency"] == "EUR"
    assert analyst.send("PUT", "/planning-settings", {"version": 1, "hourly_rate": 1}).status_code == 403
    saved = vcio.send("PUT", "/planning-settings", {"version": 1, "hourly_rate": "130", "currency": "usd"})
    assert saved.status_code == 200, saved.content
    assert (saved.json()["hourly_rate"], saved.json()["currency"], saved.json()["urgency_boost"]) == (
        "130.00",
        "USD",
        "0.25",
    )
    changed = vcio.send("PUT", "/planning-settings", {"version": 1, "hourly_rate": "140"}).json()
    assert changed["version"] == 2 and changed["hourly_rate"] == "140.00"
    before = _state()
    stale = vcio.send("PUT", "/planning-settings", {"version": 1, "hourly_rate": "150"})
    assert stale.status_code == 409 and stale.json()["current"]["hourly_rate"] == "140.00"
    bad = vcio.send("PUT", "/planning-settings", {"version": 2, "urgency_boost": 9})
    assert bad.status_code == 422 and "urgency_boost" in bad.json()["fields"]
    assert _state() == before
