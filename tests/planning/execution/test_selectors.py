"""Execution-cycle selectors against the database: a quarterly review's agenda reads the client's roadmap (items by
quarter and duration, late ones, the next quarter's costs, critical work not placed), in a constant number of
queries; meetings that overlap are found and said."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sevenc.catalog.models import Practice
from sevenc.planning.execution import selectors as meeting_selectors
from sevenc.planning.execution import services as meetings
from sevenc.planning.models import ActionItem, ItemLift, Roadmap
from tests.catalog.factories import shipped_framework
from tests.planning.execution.helpers import at, item, meeting

pytestmark = pytest.mark.django_db


def _roadmap(world: Any, first: str = "2027-Q1", count: int = 4) -> Roadmap:
    return Roadmap.objects.create(workspace=world.ws_a, client=world.client_a1, first_quarter=first, quarters=count)


def _continuous_practice() -> Practice:
    practice = Practice.objects.filter(framework=shipped_framework(), area__block__key="continuous").first()
    assert practice is not None
    return practice


def _lifting_continuous(world: Any, title: str, **kw: Any) -> ActionItem:
    i = item(world, title, **kw)
    ItemLift.objects.create(workspace=world.ws_a, item=i, practice=_continuous_practice(), expected_level=3)
    return i


def _agenda(world: Any, m: Any) -> Any:
    return meeting_selectors.meeting_agenda(workspace=world.ws_a, meeting=m).agenda


def _titles(a: Any, key: str) -> list[str]:
    return [e.text for e in a.section(key).entries]


def test_a_quarterly_review_lists_its_quarters_roadmap_items_without_due_dates(world: Any) -> None:
    _roadmap(world)
    item(world, "Backups", quarter="2027-Q1", duration=2, one_time_cost=Decimal("8000"))
    item(world, "Patching", quarter="2027-Q1", status="in_progress", responsible_party=world.party_a1)
    item(world, "Asset list", quarter="2027-Q1", status="done", done_at=at(2027, 2, 1))
    item(world, "Awareness", quarter="2027-Q1", status="proposed", accepted_at=at(2026, 12, 1))
    item(world, "Dropped", quarter="2027-Q1", status="dropped")
    item(world, "Firewall", quarter="2026-Q4", status="proposed")
    item(world, "MFA", quarter="2027-Q2", one_time_cost=Decimal("1200"), recurring_monthly_cost=Decimal("45.50"))
    item(world, "B1's", client=world.client_b1, quarter="2027-Q1")
    review = meeting(world, kind="quarterly", starts_at=at(2027, 3, 1))
    a = _agenda(world, review)
    assert a.quarter == "2027-Q1"
    assert _titles(a, "quarter") == ["Patching", "Backups", "Awareness", "Asset list"]
    assert [e.note for e in a.section("quarter").entries] == ["in_progress", "approved", "accepted", "done"]
    assert a.section("quarter").entries[0].who == world.party_a1.name
    assert a.section("quarter").entries[1].quarter == "2027-Q1–2027-Q2"
    assert _titles(a, "late") == ["Firewall"]
    assert _titles(a, "next") == ["Backups", "MFA"]
    mfa = a.section("next").entries[1]
    assert (mfa.one_time_cost, mfa.monthly_cost) == (Decimal("1200.00"), Decimal("45.50"))
    assert a.section("due").is_empty and a.section("unplaced").is_empty
    assert a.headline.startswith("2027-Q1: 4 on the roadmap · 1 late · 2 next quarter · 1 done")


def test_a_quarterly_review_warns_of_critical_work_not_on_the_roadmap(world: Any) -> None:
    _roadmap(world, "2027-Q1", 4)
    _lifting_continuous(world, "Backups (128 h)", status="proposed")
    _lifting_continuous(world, "Disaster recovery", quarter="2029-Q1")
    _lifting_continuous(world, "Placed", quarter="2027-Q2")
    _lifting_continuous(world, "Finished", status="done", done_at=at(2027, 1, 5))
    item(world, "Not critical", status="proposed")
    review = meeting(world, kind="quarterly", starts_at=at(2027, 3, 1))
    a = _agenda(world, review)
    assert _titles(a, "unplaced") == ["Backups (128 h)", "Disaster recovery"]
    assert a.section("unplaced").entries[1].quarter == "2029-Q1"
    assert [s.key for s in a.warnings] == ["unplaced"]
    assert "2 critical unplaced" in a.headline
    monthly = meeting(world, kind="monthly", starts_at=at(2027, 3, 8))
    assert _agenda(world, monthly).warnings == ()


def test_a_quarterly_agenda_is_read_in_the_same_number_of_queries_whatever_the_roadmap(world: Any) -> None:
    _roadmap(world)
    review = meeting(world, kind="quarterly", starts_at=at(2027, 3, 1))
    _lifting_continuous(world, "Critical 0")
    item(world, "One", quarter="2027-Q1")
    _agenda(world, review)  # warm the framework cache

    def count() -> int:
        review.refresh_from_db()
        with CaptureQueriesContext(connection) as ctx:
            _agenda(world, review)
        return len(ctx.captured_queries)

    few = count()
    for n in range(15):
        item(world, f"Planned {n}", quarter=f"2027-Q{n % 4 + 1}", duration=n % 3 + 1, responsible_party=world.party_a1)
        item(world, f"Late {n}", quarter="2026-Q3")
        _lifting_continuous(world, f"Critical {n + 1}", quarter="" if n % 2 else "2030-Q1")
        meetings.meeting_hold(
            workspace=world.ws_a,
            actor=world.vcio,
            meeting=meeting(world, kind="weekly", starts_at=at(2026, 6, 1) + dt.timedelta(weeks=n)),
            version=1,
        )
    a = _agenda(world, review)
    assert len(a.section("unplaced").entries) == 16 and len(a.section("late").entries) == 15
    assert count() == few


def test_holding_a_quarterly_review_freezes_its_roadmap_sections(world: Any) -> None:
    _roadmap(world)
    item(world, "MFA", quarter="2027-Q2", one_time_cost=Decimal("1200"))
    review = meeting(world, kind="quarterly", starts_at=at(2027, 3, 1))
    meetings.meeting_hold(workspace=world.ws_a, actor=world.vcio, meeting=review, version=1)
    item(world, "Added later", quarter="2027-Q2")
    review.refresh_from_db()
    shown = meeting_selectors.meeting_agenda(workspace=world.ws_a, meeting=review)
    assert shown.frozen and _titles(shown.agenda, "next") == ["MFA"]
    assert shown.agenda.section("next").entries[0].one_time_cost == Decimal("1200.00")


def test_the_calendar_feed_headline_counts_from_the_last_held_meeting(world: Any) -> None:
    _roadmap(world)
    item(world, "Backups", quarter="2027-Q1")
    item(world, "Done in January", status="done", done_at=at(2027, 1, 20))
    held = meeting(world, kind="quarterly", starts_at=at(2026, 12, 1))
    meetings.meeting_hold(workspace=world.ws_a, actor=world.vcio, meeting=held, version=1)
    meeting(world, kind="monthly", starts_at=at(2027, 2, 1))  # booked, not held: not "the previous meeting"
    review = meeting(world, kind="quarterly", starts_at=at(2027, 3, 1))
    feed = meetings.calendar_feed_create(workspace=world.ws_a, actor=world.vcio, client=world.client_a1).feed
    events = meeting_selectors.calendar_feed_events(feed=feed)
    headline = next(e.headline for e in events.meetings if e.id == review.pk)
    assert headline == _agenda(world, review).headline
    assert headline.startswith("2027-Q1: 1 on the roadmap · 0 next quarter · 1 done")


# --- meetings that overlap -------------------------------------------------------------------------------------


def test_it_names_the_clients_meetings_that_overlap(world: Any) -> None:
    monthly = meeting(world, kind="monthly", starts_at=at(2027, 3, 1), duration_minutes=45)
    review = meeting(world, kind="quarterly", starts_at=at(2027, 3, 1), duration_minutes=90)
    after = meeting(world, kind="weekly", starts_at=at(2027, 3, 1, 11) + dt.timedelta(minutes=30))  # at its end
    meeting(world, client=world.client_a2, starts_at=at(2027, 3, 1))
    long_before = meeting(world, kind="weekly", starts_at=at(2027, 2, 28, 12), duration_minutes=1440)
    warnings = meeting_selectors.meeting_clash_warnings(workspace=world.ws_a, meeting=review)
    assert warnings == [
        f"It overlaps “{long_before.title}” on 2027-02-28 from 12:00 to 2027-03-01 12:00.",
        "It overlaps “Monthly review 2027-03” on 2027-03-01 from 10:00 to 10:45.",
    ]
    assert meeting_selectors.meeting_clash_warnings(workspace=world.ws_a, meeting=after) == [
        f"It overlaps “{long_before.title}” on 2027-02-28 from 12:00 to 2027-03-01 12:00."
    ]
    assert len(meeting_selectors.meeting_clash_warnings(workspace=world.ws_a, meeting=monthly)) == 2


def test_it_finds_the_overlaps_of_a_series_in_one_query(world: Any) -> None:
    meeting(world, kind="quarterly", starts_at=at(2027, 3, 1), duration_minutes=90, title="QBR")
    series = meetings.meeting_schedule_series(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        kind="monthly",
        first_starts_at=at(2027, 1, 1),
        count=12,
        duration_minutes=45,
    )
    with CaptureQueriesContext(connection) as ctx:
        warnings = meeting_selectors.series_clash_warnings(workspace=world.ws_a, meetings=series)
    assert len(ctx.captured_queries) == 1
    assert warnings == ["“Monthly review 2027-03” overlaps “QBR” on 2027-03-01 from 10:00 to 11:30."]
