"""The action-plan pages: list with filters and empty state, add/edit (lifts, 409 on a stale version, 422 on
bad input), status and comments for analysts, proposals, the roadmap (constant queries, moving, scheduling,
approval) and the exports."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sevenc.planning import services
from sevenc.planning.models import ActionItem, ItemComment, ItemStatus, PlanApproval
from tests.planning.plan_fixtures import assessment, block_targets, practices_of

pytestmark = pytest.mark.django_db


def _item(world: Any, title: str = "Verify backups", **kw: Any) -> ActionItem:
    return services.item_create(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, title=title, **kw)


def _form(item: ActionItem | None = None, **over: Any) -> dict[str, Any]:
    data = {
        "title": "Renew the domains",
        "description": "",
        "status": "proposed",
        "priority": "2",
        "responsible_party": "",
        "accountable": "",
        "quarter": "",
        "due_date": "",
        "one_time_cost": "100",
        "recurring_monthly_cost": "10",
        "effort_hours": "2",
        "delivered_by": "",
        "psa_reference": "",
        "psa_url": "",
        "version": str(item.version) if item else "",
    }
    return data | over


def test_it_shows_an_empty_state_then_the_items(world: Any, login: Any) -> None:
    c = login(world.viewer)
    url = reverse("planning:item_list", kwargs={"client_id": world.client_a1.pk})
    assert "No open action items yet" in c.get(url).content.decode()
    _item(world, quarter="2027-Q2")
    _item(world, "Dropped one", status="dropped")
    page = c.get(url).content.decode()
    assert "Verify backups" in page and "Dropped one" not in page
    assert "Dropped one" in c.get(url + "?status=dropped").content.decode()
    assert "No item matches" in c.get(url + "?quarter=2030-Q1").content.decode()


def test_it_adds_an_item_with_lifts_and_refuses_bad_input(world: Any, login: Any) -> None:
    assessment(world)
    c = login(world.vcio)
    url = reverse("planning:item_create", kwargs={"client_id": world.client_a1.pk})
    key = practices_of("continuous")[0]
    bad = c.post(url, _form(title="", one_time_cost="-1", lift_practice=["nope.x"], lift_level=["3"]))
    assert bad.status_code == 422 and ActionItem.objects.count() == 0
    text = bad.content.decode()
    assert "This field is required" in text and "Unknown practice: nope.x" in text
    ok = c.post(url, _form(responsible_party=str(world.party_a1.pk), lift_practice=[key, ""], lift_level=["4", "3"]))
    assert ok.status_code == 302
    item = ActionItem.objects.get()
    assert item.responsible_party == world.party_a1 and [
        (lift.practice.key, lift.expected_level, lift.level_at_start) for lift in item.lifts.all()
    ] == [(key, 4, 2)]


def test_it_refuses_a_stale_edit_showing_the_current_values(world: Any, login: Any) -> None:
    item = _item(world)
    c = login(world.vcio)
    url = reverse("planning:item_edit", kwargs={"item_id": item.pk})
    assert c.post(url, _form(item, title="First save")).status_code == 302
    stale = c.post(url, _form(item, title="Second save"))  # still names version 1
    assert stale.status_code == 409
    assert "First save" in stale.content.decode()
    assert ActionItem.objects.get(pk=item.pk).title == "First save"


def test_an_analyst_moves_status_and_comments_but_cannot_edit_costs(world: Any, login: Any) -> None:
    item = _item(world)
    c = login(world.analyst)
    assert (
        c.post(
            reverse("planning:item_status", kwargs={"item_id": item.pk}), {"status": "in_progress", "version": "1"}
        ).status_code
        == 302
    )
    assert c.post(reverse("planning:item_comment", kwargs={"item_id": item.pk}), {"body": "Started"}).status_code == 302
    assert (
        c.post(reverse("planning:item_edit", kwargs={"item_id": item.pk}), _form(item, one_time_cost="1")).status_code
        == 403
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS and item.one_time_cost == 0
    assert ItemComment.objects.get().body == "Started"
    empty = c.post(reverse("planning:item_comment", kwargs={"item_id": item.pk}), {"body": "  "})
    assert empty.status_code == 422 and ItemComment.objects.count() == 1


def test_it_proposes_items_from_the_gaps(world: Any, login: Any) -> None:
    a = assessment(world)
    block_targets(world, a, {"continuous": 3})
    c = login(world.vcio)
    r = c.post(reverse("planning:items_generate", kwargs={"client_id": world.client_a1.pk}), follow=True)
    text = r.content.decode()
    n = len(practices_of("continuous"))
    assert f"4 proposal(s) from {n} practice(s) below target" in text, text[text.find("messages") :][:400]
    assert ActionItem.objects.filter(client=world.client_a1).count() == 4


def _roadmap_queries(world: Any, c: Any) -> int:
    url = reverse("planning:roadmap", kwargs={"client_id": world.client_a1.pk})
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_roadmap_takes_the_same_queries_for_1_and_30_items(world: Any, login: Any) -> None:
    a = assessment(world)
    block_targets(world, a, {"continuous": 4})
    keys = practices_of("continuous")
    first = _item(world, quarter="2027-Q1", lifts=[services.LiftSpec(keys[0], 4)])
    c = login(world.viewer)
    one = _roadmap_queries(world, c)
    for i in range(29):
        _item(
            world,
            f"Item {i}",
            quarter=f"2027-Q{i % 4 + 1}",
            lifts=[services.LiftSpec(keys[i % len(keys)], 3)],
            depends_on=[first],
        )
    assert _roadmap_queries(world, c) == one


def test_the_roadmap_moves_schedules_and_approves(world: Any, login: Any) -> None:
    item = _item(world, one_time_cost="500", effort_hours="4")
    c = login(world.vcio)
    client_id = world.client_a1.pk
    c.post(
        reverse("planning:roadmap_settings", kwargs={"client_id": client_id}),
        {"first_quarter": "2027-Q1", "quarters": "4", "budget_per_quarter": "1000", "hours_per_quarter": "10"},
    )
    bad = c.post(reverse("planning:item_move", kwargs={"item_id": item.pk}), {"quarter": "2027-Q9", "version": "1"})
    assert bad.status_code == 422
    assert (
        c.post(
            reverse("planning:item_move", kwargs={"item_id": item.pk}), {"quarter": "2027-Q3", "version": "1"}
        ).status_code
        == 302
    )
    item.refresh_from_db()
    assert item.quarter == "2027-Q3" and item.pinned
    page = c.get(reverse("planning:roadmap", kwargs={"client_id": client_id})).content.decode()
    assert "€500.00 / €1,000.00" in page  # the quarter's spend against its budget, in the workspace's currency
    c.post(reverse("planning:roadmap_schedule", kwargs={"client_id": client_id}))
    item.refresh_from_db()
    assert item.quarter == "2027-Q3"  # pinned stays
    r = c.post(reverse("planning:plan_approve", kwargs={"client_id": client_id}), {"comment": "QBR"})
    assert r.status_code == 302
    approval = PlanApproval.objects.get()
    assert approval.approved_by == world.vcio and approval.comment == "QBR"


def test_it_exports_the_plan_as_csv_and_xlsx_row_for_row(world: Any, login: Any) -> None:
    a = _item(world, "Backups", quarter="2027-Q1", one_time_cost="500")
    b = _item(world, "Domains", recurring_monthly_cost="10")
    c = login(world.viewer)
    url = lambda fmt: reverse("planning:plan_export", kwargs={"client_id": world.client_a1.pk, "fmt": fmt})  # noqa: E731
    rows = list(csv.reader(io.StringIO(c.get(url("csv")).content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "title", "status"]
    assert {(r[0], r[1]) for r in rows[1:]} == {(str(a.pk), "Backups"), (str(b.pk), "Domains")}
    wb = load_workbook(io.BytesIO(c.get(url("xlsx")).content))
    sheet = [[cell.value for cell in row] for row in wb.active.iter_rows()]
    assert [r[:2] for r in sheet[1:]] == [[int(r[0]), r[1]] for r in rows[1:]]
    assert c.get(url("pdf")).status_code == 404
