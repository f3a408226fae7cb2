"""Meeting pages: the list (upcoming, past, empty state, pagination, schedule one or a series), the meeting
(agenda live then frozen, notes with 409, decisions, hold, edit, delete) and the feeds page; every form works
without JavaScript; invalid input → 422, a stale version → 409 showing the stored value."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sevenc.catalog.models import Practice
from sevenc.planning.execution import services as meetings
from sevenc.planning.execution.models import Decision, Meeting
from sevenc.planning.models import ItemLift, Roadmap
from tests.catalog.factories import shipped_framework
from tests.planning.execution.helpers import at, final_assessment, item, meeting

pytestmark = pytest.mark.django_db


def _url(name: str, **kw: Any) -> str:
    return reverse(f"planning:{name}", kwargs=kw)


def _list(world: Any) -> str:
    return _url("meeting_list", client_id=world.client_a1.pk)


# --- the list --------------------------------------------------------------------------------------------------


def test_it_shows_an_empty_list_with_the_forms_for_a_vcio_only(world: Any, login: Any) -> None:
    html = login(world.viewer).get(_list(world)).content.decode()
    assert "No upcoming meetings." in html and "No past meetings yet." in html
    assert "Schedule a series" not in html
    assert 'aria-current="page">Meetings<' in html
    html = login(world.vcio).get(_list(world)).content.decode()
    assert "Schedule a meeting" in html and "Schedule a series" in html
    assert 'name="series-count"' in html and 'type="datetime-local"' in html


def test_it_lists_upcoming_soonest_first_and_past_latest_first(world: Any, login: Any) -> None:
    now = timezone.now()
    meeting(world, title="Next month", starts_at=now + dt.timedelta(days=30))
    meeting(world, title="Next week", starts_at=now + dt.timedelta(days=7))
    meeting(world, title="Last month", starts_at=now - dt.timedelta(days=30))
    meeting(world, title="Last year", starts_at=now - dt.timedelta(days=365))
    meeting(world, title="A2's", client=world.client_a2, starts_at=now + dt.timedelta(days=1))
    html = login(world.viewer).get(_list(world)).content.decode()
    upcoming, past = html.split('id="past-heading"')
    assert upcoming.index("Next week") < upcoming.index("Next month")
    assert past.index("Last month") < past.index("Last year")
    assert "A2&#x27;s" not in html and "A2's" not in html


def test_it_pages_the_past_meetings_in_constant_queries(world: Any, login: Any) -> None:
    http = login(world.viewer)
    meeting(world, starts_at=timezone.now() - dt.timedelta(days=1))
    with CaptureQueriesContext(connection) as one:
        http.get(_list(world))
    for n in range(24):
        meeting(world, title=f"Old {n:02d}", starts_at=timezone.now() - dt.timedelta(days=2 + n))
    for n in range(5):
        meeting(world, title=f"Soon {n}", starts_at=timezone.now() + dt.timedelta(days=2 + n))
    with CaptureQueriesContext(connection) as many:
        first = http.get(_list(world))
    assert len(many.captured_queries) == len(one.captured_queries)
    assert first.content.decode().count("Old ") == 19  # 20 per page, the newest past one is not "Old"
    second = http.get(_list(world) + "?page=2").content.decode()
    assert second.count("Old ") == 5 and 'rel="prev"' in second
    partial = http.get(_list(world) + "?page=2", HTTP_X_SEVENC_PARTIAL="1").content.decode()
    assert "<html" not in partial and partial.count("Old ") == 5


def test_it_schedules_a_meeting_from_the_form(world: Any, login: Any) -> None:
    response = login(world.vcio).post(
        _list(world),
        {
            "meeting-kind": "quarterly",
            "meeting-starts_at": "2026-10-01T09:30",
            "meeting-title": "",
            "meeting-duration_minutes": "90",
            "meeting-location": "Board room",
        },
    )
    m = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("meeting_detail", meeting_id=m.pk)
    assert (m.title, m.duration_minutes, m.location) == ("Quarterly review 2026-Q4", 90, "Board room")


def test_it_refuses_an_invalid_meeting_with_422_and_keeps_the_input(world: Any, login: Any) -> None:
    response = login(world.vcio).post(
        _list(world),
        {
            "meeting-kind": "monthly",
            "meeting-starts_at": "not a date",
            "meeting-title": "Budget talk",
            "meeting-duration_minutes": "2",
            "meeting-location": "",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Enter a valid date/time." in html and 'value="Budget talk"' in html
    assert not Meeting.objects.exists()


def test_it_schedules_a_series_and_refuses_more_than_52(world: Any, login: Any) -> None:
    http = login(world.vcio)
    data = {
        "series-kind": "monthly",
        "series-first_starts_at": "2026-01-31T10:00",
        "series-count": "3",
        "series-duration_minutes": "60",
        "series-location": "",
    }
    response = http.post(_url("meeting_series", client_id=world.client_a1.pk), data)
    assert response.status_code == 302
    assert [m.starts_at.date() for m in Meeting.objects.order_by("starts_at")] == [
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 31),
    ]
    response = http.post(_url("meeting_series", client_id=world.client_a1.pk), {**data, "series-count": "53"})
    assert response.status_code == 422
    assert "less than or equal to 52" in response.content.decode()
    assert Meeting.objects.count() == 3


# --- one meeting -------------------------------------------------------------------------------------------------


def test_it_shows_the_live_agenda_then_the_frozen_one(world: Any, login: Any) -> None:
    final_assessment(world, level=2, on=dt.date(2026, 1, 15))
    m = meeting(world, starts_at=at(2026, 5, 4), location="https://meet.example/abc")
    item(world, "Patch firewall", due=dt.date(2026, 5, 1), responsible_party=world.party_a1)
    http = login(world.vcio)
    html = http.get(_url("meeting_detail", meeting_id=m.pk)).content.decode()
    assert "live: generated now" in html and "No meeting of this client was held before this one." in html
    assert "Patch firewall" in html and "3 days overdue" in html and "In progress" not in html
    assert "Nothing was done in the 31 days before this meeting." in html
    assert "No decisions are pending." in html and "ITCq (overall)" in html
    assert 'href="https://meet.example/abc"' in html and "Mark as held" in html
    response = http.post(_url("meeting_hold", meeting_id=m.pk), {"version": str(m.version)})
    assert response.status_code == 302
    item(world, "Added later", due=dt.date(2026, 5, 2))
    html = http.get(_url("meeting_detail", meeting_id=m.pk)).content.decode()
    shown_agenda = html.split('id="notes"')[0]
    assert "as it was when the meeting was held" in shown_agenda and "Added later" not in shown_agenda
    assert "Mark as held" not in html


def test_it_refuses_a_stale_hold_with_409(world: Any, login: Any) -> None:
    m = meeting(world)
    response = login(world.vcio).post(_url("meeting_hold", meeting_id=m.pk), {"version": "9"})
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    m.refresh_from_db()
    assert m.held_at is None


def test_it_saves_notes_and_shows_the_stored_ones_on_a_conflict(world: Any, login: Any) -> None:
    m = meeting(world)
    http = login(world.vcio)
    response = http.post(_url("meeting_notes", meeting_id=m.pk), {"notes": "First minutes", "version": "1"})
    assert response.status_code == 302 and response["Location"].endswith("#notes")
    response = http.post(_url("meeting_notes", meeting_id=m.pk), {"notes": "My late edit", "version": "1"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved the notes in the meantime" in html
    assert "First minutes" in html and "My late edit</textarea>" in html
    assert re.search(r'name="version" value="2"', html)
    m.refresh_from_db()
    assert m.notes == "First minutes"
    partial = http.post(
        _url("meeting_notes", meeting_id=m.pk), {"notes": "Again", "version": "1"}, HTTP_X_SEVENC_PARTIAL="1"
    )
    assert partial.status_code == 409 and "<html" not in partial.content.decode()


def test_it_shows_notes_read_only_to_a_viewer(world: Any, login: Any) -> None:
    m = meeting(world, notes="Budget agreed")
    html = login(world.viewer).get(_url("meeting_detail", meeting_id=m.pk)).content.decode()
    assert "Budget agreed" in html and "<textarea" not in html and "Mark as held" not in html


def test_it_edits_a_meeting_and_shows_a_conflict(world: Any, login: Any) -> None:
    m = meeting(world, title="Old title")
    http = login(world.vcio)
    data = {
        "edit-kind": "monthly",
        "edit-starts_at": "2026-05-04T12:00",
        "edit-title": "New title",
        "edit-duration_minutes": "45",
        "edit-location": "",
        "edit-version": "1",
    }
    assert http.post(_url("meeting_edit", meeting_id=m.pk), data).status_code == 302
    m.refresh_from_db()
    assert (m.title, m.duration_minutes, m.version) == ("New title", 45, 2)
    response = http.post(_url("meeting_edit", meeting_id=m.pk), {**data, "edit-title": "Mine"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this in the meantime" in html and "New title" in html and 'value="Mine"' in html
    bad = http.post(_url("meeting_edit", meeting_id=m.pk), {**data, "edit-duration_minutes": "0", "edit-version": "2"})
    assert bad.status_code == 422


def test_it_records_decides_and_deletes_decisions(world: Any, login: Any) -> None:
    m = meeting(world)
    i = item(world, "Replace laptops")
    other = item(world, "A2's item", client=world.client_a2)
    http = login(world.vcio)
    response = http.post(
        _url("decision_create", meeting_id=m.pk), {"decision-text": "Buy 20 laptops", "decision-item": str(i.pk)}
    )
    assert response.status_code == 302 and response["Location"].endswith("#decisions")
    d = Decision.objects.get()
    assert (d.meeting, d.item, d.status) == (m, i, "pending")
    bad = http.post(_url("decision_create", meeting_id=m.pk), {"decision-text": "x", "decision-item": str(other.pk)})
    assert bad.status_code == 422 and Decision.objects.count() == 1
    assert http.post(_url("decision_create", meeting_id=m.pk), {"decision-text": ""}).status_code == 422
    html = http.get(_url("meeting_detail", meeting_id=m.pk)).content.decode()
    form = re.search(rf'action="{_url("decision_update", decision_id=d.pk)}".*?</form>', html, re.S).group(0)
    read = re.search(r'name="version" value="([^"]+)"', form).group(1)
    assert (
        http.post(_url("decision_update", decision_id=d.pk), {"status": "decided", "version": read}).status_code == 302
    )
    d.refresh_from_db()
    assert d.status == "decided" and d.decided_at is not None
    stale = http.post(_url("decision_update", decision_id=d.pk), {"status": "pending", "version": read})
    assert stale.status_code == 409 and "changed by someone else" in stale.content.decode()
    assert Decision.objects.get().status == "decided"
    assert http.post(_url("decision_delete", decision_id=d.pk)).status_code == 302
    assert not Decision.objects.exists()


def test_it_deletes_a_meeting(world: Any, login: Any) -> None:
    m = meeting(world)
    response = login(world.vcio).post(_url("meeting_delete", meeting_id=m.pk), {"version": "1"})
    assert response.status_code == 302 and response["Location"] == _list(world)
    assert not Meeting.objects.exists()


def test_it_lets_an_analyst_read_but_not_write(world: Any, login: Any) -> None:
    m = meeting(world)
    http = login(world.analyst)
    assert http.get(_url("meeting_detail", meeting_id=m.pk)).status_code == 200
    assert http.post(_url("meeting_notes", meeting_id=m.pk), {"notes": "x", "version": "1"}).status_code == 403
    assert http.post(_list(world), {"meeting-kind": "monthly"}).status_code == 403


def test_the_detail_page_takes_constant_queries(world: Any, login: Any) -> None:
    m = meeting(world, starts_at=at(2026, 5, 4))
    final_assessment(world, level=2, on=dt.date(2026, 1, 15))
    http = login(world.viewer)
    http.get(_url("meeting_detail", meeting_id=m.pk))  # warm the framework cache
    with CaptureQueriesContext(connection) as one:
        http.get(_url("meeting_detail", meeting_id=m.pk))
    for n in range(20):
        i = item(world, f"Item {n}", due=dt.date(2026, 5, 1), responsible_party=world.party_a1)
        meetings.decision_add(
            workspace=world.ws_a, actor=world.vcio, client=world.client_a1, meeting=m, item=i, text=f"Decision {n}"
        )
    with CaptureQueriesContext(connection) as many:
        html = http.get(_url("meeting_detail", meeting_id=m.pk)).content.decode()
    assert html.count("Decision 1") >= 11
    assert len(many.captured_queries) == len(one.captured_queries)


# --- feeds -----------------------------------------------------------------------------------------------------


def test_the_feeds_page_lists_prefixes_and_lets_only_a_vcio_create_or_revoke(world: Any, login: Any) -> None:
    new = meetings.calendar_feed_create(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, label="Office")
    page = _url("calendar_feed_list", client_id=world.client_a1.pk)
    html = login(world.viewer).get(page).content.decode()
    assert new.feed.token_prefix in html and new.token not in html and "Revoke" not in html
    assert "Create the feed" not in html
    html = login(world.vcio).get(page).content.decode()
    assert "Revoke" in html and "Create the feed" in html
    invalid = login(world.vcio).post(page, {"label": "x" * 101})
    assert invalid.status_code == 422


# --- a quarterly review reads the roadmap; overlaps are said --------------------------------------------------


def _continuous_lift(world: Any, i: Any) -> None:
    practice = Practice.objects.filter(framework=shipped_framework(), area__block__key="continuous").first()
    ItemLift.objects.create(workspace=world.ws_a, item=i, practice=practice, expected_level=3)


def test_a_quarterly_review_page_shows_the_roadmap_the_late_items_the_next_costs_and_the_warning(
    world: Any, login: Any
) -> None:
    Roadmap.objects.create(workspace=world.ws_a, client=world.client_a1, first_quarter="2027-Q1", quarters=4)
    item(world, "Backups", quarter="2027-Q1", duration=2, one_time_cost=Decimal("8000"))
    item(world, "Firewall", quarter="2026-Q4")
    item(world, "MFA", quarter="2027-Q2", one_time_cost=Decimal("1200"), recurring_monthly_cost=Decimal("45.50"))
    _continuous_lift(world, item(world, "Disaster recovery", status="proposed"))
    review = meeting(world, kind="quarterly", starts_at=at(2027, 3, 1))
    html = login(world.viewer).get(_url("meeting_detail", meeting_id=review.pk)).content.decode()
    agenda = html.split('id="notes"')[0]
    assert "2027-Q1: 1 on the roadmap · 1 late · 2 next quarter · 1 critical unplaced · 0 done" in agenda
    assert "On the roadmap for 2027-Q1" in agenda and "2027-Q1–2027-Q2" in agenda
    assert "Late against the roadmap" in agenda and "60 days past its quarter" in agenda
    assert "Next quarter: 2027-Q2" in agenda
    mfa = agenda.split("MFA")[1].split("</li>")[0]
    assert "One-time cost €1,200.00" in mfa and "Monthly cost €45.50" in mfa  # named and in the currency
    assert 'class="alert alert--warning agenda-warning"' in agenda
    assert "1 open item lifts a critical practice or the Continuous block and is not placed on the roadmap" in agenda
    assert "Disaster recovery" in agenda.split('id="agenda-unplaced"')[1]
    assert "Nothing is due" not in agenda


def test_since_the_previous_meeting_names_the_last_held_one_with_one_full_stop(world: Any, login: Any) -> None:
    held = meeting(world, kind="quarterly", starts_at=at(2026, 9, 11))
    meetings.meeting_hold(workspace=world.ws_a, actor=world.vcio, meeting=held, version=1)
    meeting(world, kind="monthly", starts_at=at(2027, 3, 1), duration_minutes=45)  # same slot, not held
    review = meeting(world, kind="quarterly", starts_at=at(2027, 3, 1), duration_minutes=90)
    html = login(world.viewer).get(_url("meeting_detail", meeting_id=review.pk)).content.decode()
    line = html.split('class="muted agenda-previous">')[1].split("</p>")[0]
    assert "Since the previous meeting:" in line and "Quarterly review 2026-Q3" in line
    assert _url("meeting_detail", meeting_id=held.pk) in line and "Monthly review" not in line
    assert "a.m.." not in html and "p.m.." not in html
    assert not re.search(r"\w\.\.(?!\.)", re.sub(r"<[^>]+>", "", html).replace("…", ""))


def test_booking_an_overlapping_meeting_warns_but_books_it(world: Any, login: Any) -> None:
    meeting(world, kind="monthly", starts_at=at(2027, 3, 1), duration_minutes=45)
    http = login(world.vcio)
    response = http.post(
        _list(world),
        {
            "meeting-kind": "quarterly",
            "meeting-starts_at": "2027-03-01T10:30",
            "meeting-title": "",
            "meeting-duration_minutes": "90",
            "meeting-location": "",
        },
        follow=True,
    )
    assert response.status_code == 200 and Meeting.objects.count() == 2
    html = response.content.decode()
    assert "It overlaps “Monthly review 2027-03” on 2027-03-01 from 10:00 to 10:45." in html
    assert 'class="alert alert--warning meeting-clash"' in html
    series = http.post(
        _url("meeting_series", client_id=world.client_a1.pk),
        {
            "series-kind": "weekly",
            "series-first_starts_at": "2027-02-15T10:15",
            "series-count": "3",
            "series-duration_minutes": "30",
            "series-location": "",
        },
        follow=True,
    ).content.decode()
    assert Meeting.objects.count() == 5
    assert "“Weekly check-in 2027-03-01” overlaps “Monthly review 2027-03”" in series
    assert "“Weekly check-in 2027-03-01” overlaps “Quarterly review 2027-Q1”" in series
    alone = meeting(world, kind="weekly", starts_at=at(2027, 4, 5))
    assert "overlaps" not in http.get(_url("meeting_detail", meeting_id=alone.pk)).content.decode()


def test_a_quarterly_review_page_takes_constant_queries(world: Any, login: Any) -> None:
    Roadmap.objects.create(workspace=world.ws_a, client=world.client_a1, first_quarter="2027-Q1", quarters=4)
    review = meeting(world, kind="quarterly", starts_at=at(2027, 3, 1))
    _continuous_lift(world, item(world, "Critical"))
    http = login(world.viewer)
    http.get(_url("meeting_detail", meeting_id=review.pk))  # warm the framework cache
    with CaptureQueriesContext(connection) as one:
        http.get(_url("meeting_detail", meeting_id=review.pk))
    for n in range(12):
        item(world, f"Planned {n}", quarter=f"2027-Q{n % 2 + 1}", duration=n % 3 + 1, responsible_party=world.party_a1)
        item(world, f"Late {n}", quarter="2026-Q2")
        _continuous_lift(world, item(world, f"Critical {n}", quarter="2031-Q1"))
        meeting(world, kind="weekly", starts_at=at(2027, 3, 1) + dt.timedelta(minutes=5 * n))
    with CaptureQueriesContext(connection) as many:
        html = http.get(_url("meeting_detail", meeting_id=review.pk)).content.decode()
    assert html.count("It overlaps") == 12 and "Critical 11" in html
    assert len(many.captured_queries) == len(one.captured_queries)
