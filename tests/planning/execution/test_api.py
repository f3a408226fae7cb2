"""Execution cycles through the API: meetings (paged, versions, 409 bodies), holding and the agenda, decisions,
calendar feeds (the token once, revocation), the one error shape, constant query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sevenc.planning.execution import services as meetings
from sevenc.planning.execution.models import CalendarFeed, Decision, Meeting
from tests.api.client import Api
from tests.planning.execution.helpers import at, final_assessment, item, meeting

pytestmark = pytest.mark.django_db


def _meetings(world: Any) -> str:
    return f"/clients/{world.client_a1.pk}/meetings"


# --- meetings ------------------------------------------------------------------------------------------------


def test_it_creates_reads_and_updates_a_meeting(vcio: Api, world: Any) -> None:
    created = vcio.send(
        "POST",
        _meetings(world),
        {
            "kind": "quarterly",
            "starts_at": "2026-10-01T09:00:00+02:00",
            "duration_minutes": 90,
            "location": "Board room",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["title"], body["version"], body["held_at"], body["client_id"]) == (
        "Quarterly review 2026-Q4",
        1,
        None,
        world.client_a1.pk,
    )
    assert body["starts_at"].startswith("2026-10-01T07:00:00") and body["ends_at"].startswith("2026-10-01T08:30")
    url = f"/meetings/{body['id']}"
    assert vcio.get(url).json()["location"] == "Board room"
    changed = vcio.send("PATCH", url, {"version": 1, "title": "Q4 review", "notes": "Agenda sent"})
    assert changed.status_code == 200 and changed.json()["version"] == 2 and changed.json()["notes"] == "Agenda sent"
    stale = vcio.send("PATCH", url, {"version": 1, "title": "Mine"})
    assert stale.status_code == 409
    assert stale.json()["current"]["title"] == "Q4 review" and stale.json()["current"]["version"] == 2
    assert set(stale.json()) == {"message", "fields", "current"}


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "yearly", "starts_at": "2026-10-01T09:00:00Z"},
        {"kind": "monthly", "starts_at": "2026-10-01T09:00:00Z", "duration_minutes": 2},
        {"kind": "monthly", "starts_at": "soon"},
        {"kind": "monthly", "starts_at": "2026-10-01T09:00:00Z", "colour": "red"},
        {"kind": "monthly"},
    ],
)
def test_it_refuses_an_invalid_meeting_with_422_and_writes_nothing(vcio: Api, world: Any, body: dict[str, Any]) -> None:
    response = vcio.send("POST", _meetings(world), body)
    assert response.status_code == 422, response.content
    assert set(response.json()) == {"message", "fields"}
    assert not Meeting.objects.exists()


def test_it_pages_and_filters_meetings_in_constant_queries(viewer: Api, world: Any) -> None:
    now = timezone.now()
    meeting(world, kind="weekly", starts_at=now - dt.timedelta(days=3))
    viewer.get(_meetings(world))  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as one:
        viewer.get(_meetings(world))
    for n in range(59):
        meeting(world, kind="weekly" if n % 2 else "monthly", starts_at=now + dt.timedelta(days=n + 1))
    meeting(world, client=world.client_a2)
    with CaptureQueriesContext(connection) as many:
        first = viewer.get(_meetings(world)).json()
    assert len(many.captured_queries) == len(one.captured_queries)
    assert first["count"] == 60 and len(first["items"]) == 50
    assert len(viewer.get(_meetings(world), page=2).json()["items"]) == 10
    upcoming = viewer.get(_meetings(world), when="upcoming").json()
    assert upcoming["count"] == 59
    starts = [m["starts_at"] for m in upcoming["items"]]
    assert starts == sorted(starts)
    assert viewer.get(_meetings(world), when="past").json()["count"] == 1
    assert viewer.get(_meetings(world), kind="monthly").json()["count"] == 30
    assert viewer.get(_meetings(world), when="soon").status_code == 422


def test_it_holds_a_meeting_and_serves_its_frozen_agenda(vcio: Api, world: Any) -> None:
    final_assessment(world, level=2, on=dt.date(2026, 1, 15))
    final_assessment(world, level=3, on=dt.date(2026, 4, 15))
    m = meeting(world, starts_at=at(2026, 5, 4))
    patch = item(world, "Patch firewall", due=dt.date(2026, 5, 1), responsible_party=world.party_a1)
    meetings.decision_add(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, text="Hire a DPO")
    live = vcio.get(f"/meetings/{m.pk}/agenda").json()
    assert live["frozen"] is False and live["meeting_day"] == "2026-05-04" and live["previous_at"] is None
    assert [s["key"] for s in live["sections"]] == ["due", "done", "scores", "decisions"]
    due = live["sections"][0]["entries"]
    assert [(e["ref"], e["overdue_days"], e["who"], e["note"]) for e in due] == [
        (f"item:{patch.pk}", 3, world.party_a1.name, "approved")
    ]
    overall = live["sections"][2]["entries"][0]
    assert (overall["ref"], overall["before"], overall["after"], overall["change"]) == (
        "score:overall",
        40.0,
        60.0,
        20.0,
    )
    assert live["sections"][1]["entries"] == [] and live["sections"][1]["empty_text"]
    assert live["headline"] == "1 due (1 overdue) · 0 done · ITCq 40 → 60 (+20) · 1 decision pending"
    held = vcio.send("POST", f"/meetings/{m.pk}/hold", {"version": 1})
    assert held.status_code == 200 and held.json()["held_at"] and held.json()["version"] == 2
    item(world, "Added later", due=dt.date(2026, 5, 2))
    frozen = vcio.get(f"/meetings/{m.pk}/agenda").json()
    assert frozen["frozen"] is True and frozen["sections"] == live["sections"]
    again = vcio.send("POST", f"/meetings/{m.pk}/hold", {"version": 2})
    assert again.status_code == 409 and again.json()["current"]["version"] == 2
    moved = vcio.send("PATCH", f"/meetings/{m.pk}", {"version": 2, "starts_at": "2026-06-01T10:00:00Z"})
    assert moved.status_code == 422 and "starts_at" in moved.json()["fields"]


def test_it_deletes_a_meeting_with_an_optional_version(vcio: Api, world: Any) -> None:
    m = meeting(world)
    assert vcio.send("DELETE", f"/meetings/{m.pk}?version=3").status_code == 409
    assert vcio.send("DELETE", f"/meetings/{m.pk}?version=1").status_code == 204
    assert vcio.send("DELETE", f"/meetings/{m.pk}").status_code == 404


def test_it_hides_another_workspaces_meetings(as_user: Any, world: Any) -> None:
    m = meeting(world)
    outsider = as_user(world.outsider, world.ws_b)
    assert outsider.get(f"/meetings/{m.pk}").status_code == 404
    assert outsider.get(f"/meetings/{m.pk}/agenda").status_code == 404
    assert outsider.get(_meetings(world)).status_code == 404
    assert (
        outsider.send("POST", f"/clients/{world.client_b1.pk}/decisions", {"text": "x", "meeting_id": m.pk}).status_code
        == 404
    )
    assert not Decision.objects.exists()


# --- decisions -------------------------------------------------------------------------------------------------


def test_it_records_lists_decides_and_deletes_decisions(vcio: Api, world: Any) -> None:
    m = meeting(world)
    i = item(world, "Replace laptops")
    url = f"/clients/{world.client_a1.pk}/decisions"
    created = vcio.send("POST", url, {"text": "Buy 20 laptops", "meeting_id": m.pk, "item_id": i.pk})
    assert created.status_code == 201, created.content
    d = created.json()
    assert (d["status"], d["meeting_id"], d["item_id"], d["decided_at"]) == ("pending", m.pk, i.pk, None)
    vcio.send("POST", url, {"text": "Already settled", "status": "decided"})
    assert vcio.get(url).json()["count"] == 2
    assert [x["text"] for x in vcio.get(url, status="pending").json()["items"]] == ["Buy 20 laptops"]
    assert [x["text"] for x in vcio.get(url, meeting_id=m.pk).json()["items"]] == ["Buy 20 laptops"]
    decided = vcio.send("PATCH", f"/decisions/{d['id']}", {"status": "decided", "version": d["version"]})
    assert decided.status_code == 200 and decided.json()["decided_at"]
    stale = vcio.send("PATCH", f"/decisions/{d['id']}", {"text": "Buy 25", "version": d["version"]})
    assert stale.status_code == 409 and stale.json()["current"]["status"] == "decided"
    assert Decision.objects.get(pk=d["id"]).text == "Buy 20 laptops"
    assert vcio.send("DELETE", f"/decisions/{d['id']}").status_code == 204
    assert vcio.get(url).json()["count"] == 1


def test_it_refuses_a_decision_about_another_clients_item(vcio: Api, world: Any) -> None:
    other = item(world, "A2's", client=world.client_a2)
    response = vcio.send("POST", f"/clients/{world.client_a1.pk}/decisions", {"text": "x", "item_id": other.pk})
    assert response.status_code == 422 and "item" in response.json()["fields"]
    b1 = item(world, "B1's", client=world.client_b1)
    assert (
        vcio.send("POST", f"/clients/{world.client_a1.pk}/decisions", {"text": "x", "item_id": b1.pk}).status_code
        == 404
    )
    assert vcio.send("POST", f"/clients/{world.client_a1.pk}/decisions", {"text": ""}).status_code == 422
    assert not Decision.objects.exists()


# --- calendar feeds ------------------------------------------------------------------------------------------------


def test_it_creates_a_feed_shows_the_token_once_and_revokes_it(vcio: Api, world: Any) -> None:
    meeting(world, title="May review")
    url = f"/clients/{world.client_a1.pk}/calendar-feeds"
    created = vcio.send("POST", url, {"label": "CEO"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["token"].startswith("scf_") and body["token_prefix"] == body["token"][:8]
    assert body["url"] == f"http://testserver/calendar/{body['token']}.ics"
    assert body["active"] is True and body["created_by"] == world.vcio.email
    listed = vcio.get(url)
    assert listed.status_code == 200 and body["token"] not in listed.content.decode()
    assert [f["label"] for f in listed.json()] == ["CEO"]
    feed_path = body["url"].removeprefix("http://testserver")
    assert b"May review" in HttpClient().get(feed_path).content
    assert vcio.send("DELETE", f"/calendar-feeds/{body['id']}").status_code == 204
    assert HttpClient().get(feed_path).status_code == 404
    assert vcio.get(url).json()[0]["active"] is False
    assert vcio.send("DELETE", f"/calendar-feeds/{body['id']}").status_code == 204  # idempotent
    assert CalendarFeed.objects.get().token_hash != body["token"]


def test_a_viewer_reads_but_never_writes(viewer: Api, world: Any) -> None:
    m = meeting(world)
    assert viewer.get(f"/meetings/{m.pk}").status_code == 200
    assert viewer.send("POST", f"/meetings/{m.pk}/hold", {"version": 1}).status_code == 403
    assert viewer.send("POST", f"/clients/{world.client_a1.pk}/calendar-feeds", {}).status_code == 403
    assert not CalendarFeed.objects.exists()


def test_every_operation_is_described(world: Any) -> None:
    from sevenc.api.api import api

    paths = api.get_openapi_schema()["paths"]
    ops = [
        op
        for path, methods in paths.items()
        for op in methods.values()
        if op.get("operationId", "").startswith(("planning_meeting", "planning_decision", "planning_calendar"))
    ]
    assert len(ops) == 14
    assert all(op.get("summary") and op.get("description") for op in ops)


def test_it_books_an_overlapping_meeting_and_says_so(vcio: Api, world: Any) -> None:
    first = vcio.send("POST", _meetings(world), {"kind": "monthly", "starts_at": "2027-03-01T10:00:00Z"})
    assert first.status_code == 201 and first.json()["warnings"] == []
    second = vcio.send(
        "POST", _meetings(world), {"kind": "quarterly", "starts_at": "2027-03-01T10:30:00Z", "duration_minutes": 90}
    )
    assert second.status_code == 201
    assert second.json()["warnings"] == ["It overlaps “Monthly review 2027-03” on 2027-03-01 from 10:00 to 11:00."]
    url = f"/meetings/{first.json()['id']}"
    assert vcio.get(url).json()["warnings"] == [
        "It overlaps “Quarterly review 2027-Q1” on 2027-03-01 from 10:30 to 12:00."
    ]
    moved = vcio.send("PATCH", url, {"version": 1, "starts_at": "2027-03-01T08:00:00Z"})
    assert moved.status_code == 200 and moved.json()["warnings"] == []
    assert Meeting.objects.filter(client=world.client_a1).count() == 2


def test_a_quarterly_agenda_carries_the_roadmap(vcio: Api, world: Any) -> None:
    from decimal import Decimal

    from sevenc.planning.models import Roadmap

    Roadmap.objects.create(workspace=world.ws_a, client=world.client_a1, first_quarter="2027-Q1", quarters=4)
    held = meeting(world, kind="quarterly", starts_at=at(2026, 9, 11))
    meetings.meeting_hold(workspace=world.ws_a, actor=world.vcio, meeting=held, version=1)
    backups = item(world, "Backups", quarter="2027-Q1", duration=2, one_time_cost=Decimal("8000"))
    review = meeting(world, kind="quarterly", starts_at=at(2027, 3, 1))
    body = vcio.get(f"/meetings/{review.pk}/agenda").json()
    assert (body["quarter"], body["previous_id"], body["previous_title"]) == ("2027-Q1", held.pk, held.title)
    keys = [s["key"] for s in body["sections"]]
    assert keys == ["quarter", "late", "next", "unplaced", "due", "done", "scores", "decisions"]
    quarter, nxt = body["sections"][0], body["sections"][2]
    assert [(e["ref"], e["quarter"], e["note"]) for e in quarter["entries"]] == [
        (f"item:{backups.pk}", "2027-Q1–2027-Q2", "approved")
    ]
    assert quarter["entries"][0]["one_time_cost"] is None
    assert (nxt["entries"][0]["one_time_cost"], nxt["entries"][0]["monthly_cost"]) == ("8000.00", "0.00")
    assert [s["warning"] for s in body["sections"]] == [False] * 8
    assert body["headline"].startswith("2027-Q1: 1 on the roadmap · 1 next quarter")
