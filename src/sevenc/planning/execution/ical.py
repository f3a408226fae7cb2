"""A client's execution calendar as iCalendar (RFC 5545) bytes, built with the ``icalendar`` library.

No Django here: the selector (meeting_selectors.calendar_feed_events) reads the rows and passes plain values.
One VEVENT per meeting (start and end in UTC) and one all-day VEVENT per open action item with a due date.
UIDs are stable (workspace, kind of row, id) and SEQUENCE is the row's version, so a calendar that
subscribes updates an event in place when a meeting moves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from icalendar import Calendar, Event, vText

PRODID = "-//sevenc//Execution cycles//EN"
REFRESH = dt.timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class MeetingEvent:
    id: int
    title: str
    kind_label: str
    starts_at: dt.datetime  # aware
    duration_minutes: int
    location: str
    headline: str  # the agenda's headline (frozen for a held meeting, live for the others)
    held: bool
    version: int
    updated_at: dt.datetime  # aware


@dataclass(frozen=True, slots=True)
class DueEvent:
    id: int
    title: str
    due_date: dt.date
    status_label: str
    responsible: str
    version: int
    updated_at: dt.datetime  # aware


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("times must be aware")
    return moment.astimezone(dt.UTC)


def meeting_uid(workspace_id: int, meeting_id: int) -> str:
    return f"sevenc-ws{workspace_id}-meeting-{meeting_id}@sevenc"


def item_uid(workspace_id: int, item_id: int) -> str:
    return f"sevenc-ws{workspace_id}-item-{item_id}-due@sevenc"


def calendar_bytes(*, workspace_id: int, name: str, meetings: Sequence[MeetingEvent], due: Sequence[DueEvent]) -> bytes:
    """The VCALENDAR: ``name`` becomes X-WR-CALNAME. Meetings first (by start), then due dates (by date)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", vText(name))
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for m in sorted(meetings, key=lambda m: (m.starts_at, m.id)):
        event = Event()
        event.add("uid", meeting_uid(workspace_id, m.id))
        event.add("dtstamp", _utc(m.updated_at))
        event.add("dtstart", _utc(m.starts_at))
        event.add("dtend", _utc(m.starts_at + dt.timedelta(minutes=m.duration_minutes)))
        event.add("summary", m.title)
        if m.location:
            event.add("location", m.location)
        state = "Held" if m.held else "Agenda"
        event.add("description", f"{m.kind_label}. {state}: {m.headline}")
        event.add("sequence", m.version)
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    for d in sorted(due, key=lambda d: (d.due_date, d.id)):
        event = Event()
        event.add("uid", item_uid(workspace_id, d.id))
        event.add("dtstamp", _utc(d.updated_at))
        event.add("dtstart", d.due_date)
        event.add("dtend", d.due_date + dt.timedelta(days=1))
        event.add("summary", f"Due: {d.title}")
        who = f" Responsible: {d.responsible}." if d.responsible else ""
        event.add("description", f"Action item, {d.status_label}.{who}")
        event.add("transp", "TRANSPARENT")
        event.add("sequence", d.version)
        cal.add_component(event)
    return bytes(cal.to_ical())
