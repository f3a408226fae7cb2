"""Execution cycles, services and selectors: meetings and series, holding (the agenda is frozen), notes with
versions, decisions, calendar feeds (hashed tokens, revocation), tenant checks, constant query counts."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sevenc.core.domain.errors import ApplicationError, ConflictError
from sevenc.core.models import ActivityEntry
from sevenc.planning.execution import selectors as meeting_selectors
from sevenc.planning.execution import services as meetings
from sevenc.planning.execution.models import CalendarFeed, Decision, Meeting
from tests.planning.execution.helpers import at, final_assessment, item, meeting

pytestmark = pytest.mark.django_db


# --- meetings ------------------------------------------------------------------------------------------------


def test_it_schedules_a_meeting_with_a_default_title_and_logs_it(world: Any) -> None:
    before = ActivityEntry.objects.filter(workspace=world.ws_a).count()
    m = meeting(world, kind="quarterly", starts_at=at(2026, 7, 2), location="Board room")
    assert (m.title, m.version, m.held_at, m.agenda) == ("Quarterly review 2026-Q3", 1, None, {})
    assert meeting(world, kind="monthly", starts_at=at(2026, 5, 4)).title == "Monthly review 2026-05"
    assert meeting(world, kind="weekly", starts_at=at(2026, 5, 4)).title == "Weekly check-in 2026-05-04"
    entries = ActivityEntry.objects.filter(workspace=world.ws_a).order_by("pk")[before:]
    assert [e.verb for e in entries] == ["created"] * 3
    assert "Quarterly review 2026-Q3" in entries[0].summary


def test_it_reads_a_time_without_a_zone_in_the_workspaces_zone(world: Any) -> None:
    world.ws_a.time_zone = "Europe/Berlin"
    world.ws_a.save()
    m = meeting(world, starts_at=dt.datetime(2026, 7, 2, 10, 0))
    assert m.starts_at.astimezone(dt.UTC) == at(2026, 7, 2, 8)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "yearly"}, "kind"),
        ({"duration_minutes": 2}, "duration_minutes"),
        ({"title": "x" * 201}, "title"),
        ({"starts_at": "tomorrow"}, "starts_at"),
    ],
)
def test_it_refuses_an_invalid_meeting_and_writes_nothing(world: Any, fields: dict[str, Any], field: str) -> None:
    values = {"kind": "monthly", "starts_at": at(2026, 5, 4), **fields}
    before = ActivityEntry.objects.count()
    with pytest.raises(ApplicationError) as exc:
        meetings.meeting_create(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, **values)
    assert field in exc.value.fields
    assert not Meeting.objects.exists() and ActivityEntry.objects.count() == before


def test_it_refuses_a_client_of_another_workspace(world: Any) -> None:
    with pytest.raises(ApplicationError, match="another workspace"):
        meetings.meeting_create(
            workspace=world.ws_a, actor=world.vcio, client=world.client_b1, kind="monthly", starts_at=at(2026, 5, 4)
        )
    assert not Meeting.objects.exists()


def test_it_schedules_a_series_at_the_same_local_time(world: Any) -> None:
    world.ws_a.time_zone = "Europe/Berlin"
    world.ws_a.save()
    before = ActivityEntry.objects.count()
    created = meetings.meeting_schedule_series(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        kind="weekly",
        first_starts_at=dt.datetime(2026, 3, 23, 10, 0),
        count=3,
        duration_minutes=30,
        location="Teams",
    )
    assert [m.title for m in created] == [
        "Weekly check-in 2026-03-23",
        "Weekly check-in 2026-03-30",
        "Weekly check-in 2026-04-06",
    ]
    assert [m.starts_at.astimezone(dt.UTC).hour for m in created] == [9, 8, 8]  # 10:00 Berlin, across DST
    assert {(m.duration_minutes, m.location, m.kind) for m in created} == {(30, "Teams", "weekly")}
    assert ActivityEntry.objects.count() == before + 1


def test_it_schedules_the_next_four_quarterly_reviews(world: Any) -> None:
    created = meetings.meeting_schedule_series(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        kind="quarterly",
        first_starts_at=at(2026, 10, 15),
        count=4,
    )
    assert [m.title for m in created] == [
        "Quarterly review 2026-Q4",
        "Quarterly review 2027-Q1",
        "Quarterly review 2027-Q2",
        "Quarterly review 2027-Q3",
    ]


@pytest.mark.parametrize("count", [0, 53, 500])
def test_it_refuses_a_series_of_more_than_52_and_schedules_nothing(world: Any, count: int) -> None:
    with pytest.raises(ApplicationError) as exc:
        meetings.meeting_schedule_series(
            workspace=world.ws_a,
            actor=world.vcio,
            client=world.client_a1,
            kind="weekly",
            first_starts_at=at(2026, 5, 4),
            count=count,
        )
    assert "count" in exc.value.fields
    assert not Meeting.objects.exists()


def test_it_updates_a_meeting_and_refuses_a_stale_version(world: Any) -> None:
    m = meeting(world)
    meetings.meeting_update(
        workspace=world.ws_a,
        actor=world.vcio,
        meeting=m,
        version=1,
        title="Budget review",
        starts_at=at(2026, 5, 5),
        location="Zoom",
    )
    m.refresh_from_db()
    assert (m.title, m.starts_at, m.location, m.version) == ("Budget review", at(2026, 5, 5), "Zoom", 2)
    stale = Meeting.objects.get(pk=m.pk)
    stale.version = 1
    with pytest.raises(ConflictError) as exc:
        meetings.meeting_update(workspace=world.ws_a, actor=world.vcio, meeting=stale, version=1, title="Mine")
    assert exc.value.current.title == "Budget review" and exc.value.current.version == 2
    m.refresh_from_db()
    assert m.title == "Budget review"


def test_it_saves_notes_with_a_version_and_refuses_a_stale_one(world: Any) -> None:
    m = meeting(world)
    meetings.meeting_notes_update(
        workspace=world.ws_a, actor=world.vcio, meeting=m, version=1, notes="Agreed\r\nthe budget"
    )
    m.refresh_from_db()
    assert (m.notes, m.version) == ("Agreed\nthe budget", 2)
    with pytest.raises(ConflictError) as exc:
        meetings.meeting_notes_update(
            workspace=world.ws_a, actor=world.vcio, meeting=Meeting.objects.get(pk=m.pk), version=1, notes="Overwritten"
        )
    assert exc.value.current.notes == "Agreed\nthe budget"
    with pytest.raises(ApplicationError):
        meetings.meeting_notes_update(
            workspace=world.ws_a, actor=world.vcio, meeting=m, version=2, notes="x" * (meetings.MAX_NOTES + 1)
        )
    m.refresh_from_db()
    assert m.notes == "Agreed\nthe budget"


def test_it_deletes_a_meeting_and_keeps_its_decisions(world: Any) -> None:
    m = meeting(world)
    d = meetings.decision_add(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, meeting=m, text="Buy laptops"
    )
    with pytest.raises(ConflictError):
        meetings.meeting_delete(workspace=world.ws_a, actor=world.vcio, meeting=m, version=7)
    meetings.meeting_delete(workspace=world.ws_a, actor=world.vcio, meeting=m, version=1)
    assert not Meeting.objects.exists()
    d.refresh_from_db()
    assert d.meeting_id is None and d.client_id == world.client_a1.pk


# --- the agenda and holding -----------------------------------------------------------------------------------


def test_it_builds_the_live_agenda_from_items_scores_and_decisions(world: Any) -> None:
    final_assessment(world, level=2, on=dt.date(2026, 1, 15))
    final_assessment(world, level=2, on=dt.date(2026, 4, 15), block_levels={"continuous": 4})
    previous = meeting(world, kind="weekly", starts_at=at(2026, 4, 27))
    meetings.meeting_hold(workspace=world.ws_a, actor=world.vcio, meeting=previous, version=1)
    m = meeting(world, starts_at=at(2026, 5, 4))
    item(world, "Patch firewall", due=dt.date(2026, 5, 1), responsible_party=world.party_a1)
    item(world, "Renew domains", due=dt.date(2026, 6, 1), accountable="CFO")
    item(world, "Later", due=dt.date(2026, 6, 30))
    item(world, "Finished", status="done", done_at=at(2026, 4, 30), due=dt.date(2026, 4, 30))
    item(world, "Finished long ago", status="done", done_at=at(2026, 3, 1))
    item(world, "B1's", client=world.client_b1, due=dt.date(2026, 5, 1))
    meetings.decision_add(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, meeting=previous, text="Move mail to the cloud"
    )
    meetings.decision_add(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, text="Settled", status="decided"
    )
    shown = meeting_selectors.meeting_agenda(workspace=world.ws_a, meeting=m)
    a = shown.agenda
    assert not shown.frozen and a.previous_at == previous.starts_at
    assert (a.previous_id, a.previous_title) == (previous.pk, previous.title)
    due = a.section("due").entries
    assert [(e.text, e.overdue_days, e.who) for e in due] == [
        ("Patch firewall", 3, world.party_a1.name),
        ("Renew domains", 0, "CFO"),
    ]
    assert [e.text for e in a.section("done").entries] == ["Finished"]
    scores = a.section("scores").entries
    assert scores[0].ref == "score:overall" and scores[0].change is not None and scores[0].change > 0
    continuous = next(e for e in scores if e.ref == "score:block:continuous")
    assert (continuous.before, continuous.after, continuous.change) == (40.0, 80.0, 40.0)
    assert [e.text for e in a.section("decisions").entries] == ["Move mail to the cloud"]
    assert a.section("decisions").entries[0].note == f"raised at {previous.title}"


def test_it_reads_the_live_agenda_in_the_same_number_of_queries_whatever_the_data(world: Any) -> None:
    m = meeting(world, starts_at=at(2026, 5, 4))

    def count() -> int:
        m.refresh_from_db()
        with CaptureQueriesContext(connection) as ctx:
            meeting_selectors.meeting_agenda(workspace=world.ws_a, meeting=m)
        return len(ctx.captured_queries)

    item(world, "One", due=dt.date(2026, 5, 1))
    final_assessment(world, level=2, on=dt.date(2026, 1, 15))
    meeting_selectors.meeting_agenda(workspace=world.ws_a, meeting=m)  # warm the framework cache
    few = count()
    for n in range(20):
        item(world, f"Item {n}", due=dt.date(2026, 5, 1) + dt.timedelta(days=n), responsible_party=world.party_a1)
        item(world, f"Done {n}", status="done", done_at=at(2026, 4, 20) + dt.timedelta(hours=n))
        meetings.decision_add(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, text=f"D{n}")
        meeting(world, kind="weekly", starts_at=at(2026, 1, 5) + dt.timedelta(weeks=n))
    final_assessment(world, level=3, on=dt.date(2026, 4, 15))
    assert count() == few


def test_it_freezes_the_agenda_when_the_meeting_is_held(world: Any) -> None:
    m = meeting(world, starts_at=at(2026, 5, 4))
    item(world, "Patch firewall", due=dt.date(2026, 5, 1))
    meetings.meeting_hold(workspace=world.ws_a, actor=world.vcio, meeting=m, version=1, now=at(2026, 5, 4, 11))
    m.refresh_from_db()
    assert m.held_at == at(2026, 5, 4, 11) and m.version == 2
    assert m.agenda["headline"].startswith("1 due (1 overdue)")
    item(world, "Added afterwards", due=dt.date(2026, 5, 2))
    shown = meeting_selectors.meeting_agenda(workspace=world.ws_a, meeting=m)
    assert shown.frozen
    assert [e.text for e in shown.agenda.section("due").entries] == ["Patch firewall"]
    assert ActivityEntry.objects.filter(verb="held", object_id=m.pk).exists()


def test_it_refuses_to_hold_twice_or_with_a_stale_version(world: Any) -> None:
    m = meeting(world)
    with pytest.raises(ConflictError):
        meetings.meeting_hold(workspace=world.ws_a, actor=world.vcio, meeting=m, version=5)
    m.refresh_from_db()
    assert m.held_at is None and m.agenda == {}
    meetings.meeting_hold(workspace=world.ws_a, actor=world.vcio, meeting=m, version=1)
    with pytest.raises(ConflictError, match="already"):
        meetings.meeting_hold(workspace=world.ws_a, actor=world.vcio, meeting=m, version=2)


def test_it_keeps_a_held_meetings_kind_and_start(world: Any) -> None:
    m = meeting(world)
    meetings.meeting_hold(workspace=world.ws_a, actor=world.vcio, meeting=m, version=1)
    with pytest.raises(ApplicationError) as exc:
        meetings.meeting_update(workspace=world.ws_a, actor=world.vcio, meeting=m, version=2, starts_at=at(2026, 6, 1))
    assert "starts_at" in exc.value.fields
    meetings.meeting_update(
        workspace=world.ws_a,
        actor=world.vcio,
        meeting=m,
        version=2,
        title="Renamed",
        starts_at=m.starts_at,
        notes="Minutes",
    )
    m.refresh_from_db()
    assert (m.title, m.notes, m.version) == ("Renamed", "Minutes", 3)


def test_it_lists_upcoming_and_past_meetings(world: Any) -> None:
    now = timezone.now()
    held_soon = meeting(world, starts_at=now + dt.timedelta(days=1))
    meetings.meeting_hold(workspace=world.ws_a, actor=world.vcio, meeting=held_soon, version=1)
    later = meeting(world, starts_at=now + dt.timedelta(days=30))
    soon = meeting(world, starts_at=now + dt.timedelta(days=2))
    earlier = meeting(world, starts_at=now - dt.timedelta(days=40))
    meeting(world, client=world.client_a2, starts_at=now + dt.timedelta(days=3))
    upcoming = meeting_selectors.meeting_list(workspace=world.ws_a, client=world.client_a1, when="upcoming")
    past = meeting_selectors.meeting_list(workspace=world.ws_a, client=world.client_a1, when="past")
    assert list(upcoming) == [soon, later]
    assert list(past) == [held_soon, earlier]
    assert meeting_selectors.meeting_list(workspace=world.ws_b, client=world.client_a1).count() == 0


def _held(world: Any, m: Meeting) -> Meeting:
    meetings.meeting_hold(workspace=world.ws_a, actor=world.vcio, meeting=m, version=m.version)
    m.refresh_from_db()
    return m


def _previous(world: Any, m: Meeting) -> int | None:
    found = meeting_selectors.meeting_previous(workspace=world.ws_a, meeting=m)
    return found.id if found is not None else None


def test_the_previous_meeting_is_the_last_held_one_of_any_kind(world: Any) -> None:
    q = _held(world, meeting(world, kind="quarterly", starts_at=at(2026, 4, 1)))
    w = _held(world, meeting(world, kind="weekly", starts_at=at(2026, 4, 27)))
    meeting(world, kind="weekly", starts_at=at(2026, 5, 1))  # booked, never held
    m = meeting(world, kind="monthly", starts_at=at(2026, 5, 4))
    _held(world, meeting(world, client=world.client_a2, starts_at=at(2026, 5, 2)))
    assert _previous(world, m) == w.pk
    assert _previous(world, w) == q.pk
    assert _previous(world, q) is None


def test_a_meeting_booked_in_the_same_slot_and_not_held_is_not_the_previous_one(world: Any) -> None:
    """The demo's case: a monthly review booked at the quarterly review's very time."""
    last_quarter = _held(world, meeting(world, kind="quarterly", starts_at=at(2026, 9, 11)))
    monthly = meeting(world, kind="monthly", starts_at=at(2027, 3, 1), duration_minutes=45)
    review = meeting(world, kind="quarterly", starts_at=at(2027, 3, 1), duration_minutes=90)
    assert monthly.pk < review.pk
    a = meeting_selectors.meeting_agenda(workspace=world.ws_a, meeting=review).agenda
    assert (a.previous_id, a.previous_title, a.previous_at) == (last_quarter.pk, last_quarter.title, at(2026, 9, 11))


# --- decisions -------------------------------------------------------------------------------------------------


def test_it_records_and_decides_a_decision(world: Any) -> None:
    m = meeting(world)
    i = item(world, "Replace laptops")
    d = meetings.decision_add(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, meeting=m, item=i, text="  Buy 20 laptops "
    )
    assert (d.text, d.status, d.decided_at) == ("Buy 20 laptops", "pending", None)
    decided = meetings.decision_update(
        workspace=world.ws_a, actor=world.vcio, decision=d, status="decided", now=at(2026, 5, 4, 11)
    )
    assert decided.status == "decided" and decided.decided_at == at(2026, 5, 4, 11)
    reopened = meetings.decision_update(
        workspace=world.ws_a, actor=world.vcio, decision=Decision.objects.get(pk=d.pk), status="pending"
    )
    assert reopened.decided_at is None
    assert ActivityEntry.objects.filter(object_type="decision", object_id=d.pk).count() == 3


def test_it_refuses_a_stale_decision_change(world: Any) -> None:
    d = meetings.decision_add(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, text="Hire a DPO")
    read = d.version
    meetings.decision_update(
        workspace=world.ws_a,
        actor=world.vcio,
        decision=Decision.objects.get(pk=d.pk),
        text="Hire a DPO by June",
    )
    with pytest.raises(ConflictError) as exc:
        meetings.decision_update(
            workspace=world.ws_a,
            actor=world.vcio,
            decision=Decision.objects.get(pk=d.pk),
            status="decided",
            version=read,
        )
    assert exc.value.current.text == "Hire a DPO by June"
    assert Decision.objects.get(pk=d.pk).status == "pending"


def test_it_refuses_links_to_another_clients_meeting_or_item(world: Any) -> None:
    other_meeting = meeting(world, client=world.client_a2)
    other_item = item(world, "A2's", client=world.client_a2)
    b_item = item(world, "B1's", client=world.client_b1)
    for kw in ({"meeting": other_meeting}, {"item": other_item}, {"item": b_item}):
        with pytest.raises(ApplicationError):
            meetings.decision_add(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, text="x", **kw)
    with pytest.raises(ApplicationError):
        meetings.decision_add(workspace=world.ws_a, actor=world.vcio, client=world.client_b1, text="x")
    with pytest.raises(ApplicationError):
        meetings.decision_add(workspace=world.ws_a, actor=world.vcio, client=world.client_a1, text="")
    assert not Decision.objects.exists()


# --- calendar feeds ----------------------------------------------------------------------------------------------


def test_it_stores_only_a_hash_of_the_feed_token(world: Any) -> None:
    new = meetings.calendar_feed_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, label=" CEO's Outlook "
    )
    feed = CalendarFeed.objects.get()
    assert new.token.startswith("scf_") and len(new.token) > 40
    assert feed.token_hash == hashlib.sha256(new.token.encode()).hexdigest()
    assert feed.token_prefix == new.token[:8] and feed.label == "CEO's Outlook" and feed.created_by == world.vcio
    stored = " ".join(str(v) for v in CalendarFeed.objects.values_list().get())
    assert new.token not in stored
    assert new.token not in " ".join(ActivityEntry.objects.values_list("summary", flat=True))
    assert meeting_selectors.calendar_feed_by_token(raw=new.token) == feed
    assert meeting_selectors.calendar_feed_by_token(raw=new.token[:-1]) is None
    assert meeting_selectors.calendar_feed_by_token(raw=feed.token_hash) is None


def test_it_revokes_a_feed_once(world: Any) -> None:
    new = meetings.calendar_feed_create(workspace=world.ws_a, actor=world.vcio, client=world.client_a1)
    meetings.calendar_feed_revoke(workspace=world.ws_a, actor=world.vcio, feed=new.feed)
    meetings.calendar_feed_revoke(workspace=world.ws_a, actor=world.vcio, feed=CalendarFeed.objects.get(pk=new.feed.pk))
    assert meeting_selectors.calendar_feed_by_token(raw=new.token) is None
    assert ActivityEntry.objects.filter(verb="revoked", object_type="calendarfeed").count() == 1
    with pytest.raises(ApplicationError):
        meetings.calendar_feed_revoke(workspace=world.ws_b, actor=world.outsider, feed=new.feed)


def test_it_builds_the_feeds_events_in_constant_queries(world: Any) -> None:
    feed = meetings.calendar_feed_create(workspace=world.ws_a, actor=world.vcio, client=world.client_a1).feed
    meeting(world)
    item(world, "One", due=dt.date(2026, 5, 1))
    final_assessment(world, level=2, on=dt.date(2026, 1, 15))
    feed = meeting_selectors.calendar_feed_by_token(raw="x") or CalendarFeed.objects.select_related(
        "client", "workspace"
    ).get(pk=feed.pk)
    meeting_selectors.calendar_feed_events(feed=feed)  # warm the framework cache
    with CaptureQueriesContext(connection) as few:
        meeting_selectors.calendar_feed_events(feed=feed)
    for n in range(20):
        meeting(world, kind="weekly", starts_at=at(2026, 1, 5) + dt.timedelta(weeks=n))
        item(world, f"Item {n}", due=dt.date(2026, 5, 1) + dt.timedelta(days=n))
    held = meeting(world, starts_at=at(2025, 12, 1))
    meetings.meeting_hold(workspace=world.ws_a, actor=world.vcio, meeting=held, version=1)
    with CaptureQueriesContext(connection) as many:
        events = meeting_selectors.calendar_feed_events(feed=feed)
    assert len(events.meetings) == 22 and len(events.due) == 21
    assert len(many.captured_queries) == len(few.captured_queries)
