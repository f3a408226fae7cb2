"""The public iCalendar feed: it parses with ``icalendar``, its events are exactly the client's meetings and open
due dates, it shows nothing else (no other client, no notes, no decisions' text), and it stops working once its
token is revoked. Only a hash of the token is stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

import icalendar
import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from sevenc.planning.execution import services as meetings
from sevenc.planning.execution.ical import DueEvent, MeetingEvent, calendar_bytes
from sevenc.planning.execution.models import CalendarFeed
from tests.conftest import SENTINEL
from tests.planning.execution.helpers import at, item, meeting

pytestmark = pytest.mark.django_db


def _url(token: str) -> str:
    return reverse("planning:calendar_feed", kwargs={"token": token})


def _feed(world: Any, client: Any = None) -> Any:
    client = client or world.client_a1
    return meetings.calendar_feed_create(
        workspace=client.workspace, actor=world.vcio, client=client, label=f"{SENTINEL} label"
    )


def _calendar(response: Any) -> icalendar.Calendar:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def _text(value: Any) -> str:
    """An X- property's TEXT value, unescaped (icalendar leaves unknown properties as they were sent)."""
    return re.sub(r"\\([\\,;nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), str(value))


def _events(cal: icalendar.Calendar) -> dict[str, Any]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


@pytest.fixture
def plan(world: Any) -> dict[str, Any]:
    """Client A1's meetings and items, plus rows of other clients and internal text that must never show."""
    world.ws_a.time_zone = "Europe/Berlin"
    world.ws_a.save()
    q = meeting(
        world,
        kind="quarterly",
        starts_at=at(2026, 4, 1, 8),
        title="Q2 review",
        location="Board room",
        duration_minutes=90,
        notes=f"{SENTINEL} internal minutes",
    )
    meetings.meeting_hold(workspace=world.ws_a, actor=world.vcio, meeting=q, version=1)
    m = meeting(world, kind="monthly", starts_at=at(2026, 5, 4, 8), title="May review")
    due = item(
        world,
        "Patch firewall",
        due=dt.date(2026, 5, 1),
        responsible_party=world.party_a1,
        description=f"{SENTINEL} internal",
    )
    proposed = item(world, "Asset list", status="proposed", due=dt.date(2026, 6, 15))
    item(world, "No date")
    item(world, "Finished", status="done", due=dt.date(2026, 4, 1), done_at=at(2026, 4, 20))
    item(world, "Dropped", status="dropped", due=dt.date(2026, 4, 2))
    meetings.decision_add(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, meeting=q, text=f"{SENTINEL} secret decision"
    )
    meeting(world, client=world.client_a2, title="A2 review")
    item(world, "A2 item", client=world.client_a2, due=dt.date(2026, 5, 1))
    meeting(world, client=world.client_b1, title="B1 review")
    item(world, "B1 item", client=world.client_b1, due=dt.date(2026, 5, 1))
    return {"held": q, "upcoming": m, "due": due, "proposed": proposed}


def test_it_serves_a_calendar_that_parses_and_matches_the_meetings_and_due_dates(
    world: Any, plan: dict[str, Any]
) -> None:
    new = _feed(world)
    cal = _calendar(HttpClient().get(_url(new.token)))
    assert str(cal["VERSION"]) == "2.0" and "sevenc" in str(cal["PRODID"])
    assert _text(cal["X-WR-CALNAME"]) == f"{world.client_a1.name} — meetings and due dates"
    ws = world.ws_a.pk
    held, upcoming, due, proposed = plan["held"], plan["upcoming"], plan["due"], plan["proposed"]
    events = _events(cal)
    assert set(events) == {
        f"sevenc-ws{ws}-meeting-{held.pk}@sevenc",
        f"sevenc-ws{ws}-meeting-{upcoming.pk}@sevenc",
        f"sevenc-ws{ws}-item-{due.pk}-due@sevenc",
        f"sevenc-ws{ws}-item-{proposed.pk}-due@sevenc",
    }

    q = events[f"sevenc-ws{ws}-meeting-{held.pk}@sevenc"]
    assert (str(q["SUMMARY"]), str(q["LOCATION"])) == ("Q2 review", "Board room")
    assert q.decoded("DTSTART") == at(2026, 4, 1, 8) and q.decoded("DTEND") == at(2026, 4, 1, 8) + dt.timedelta(
        minutes=90
    )
    assert q["DTSTART"].to_ical() == b"20260401T080000Z"  # UTC
    held.refresh_from_db()
    assert str(q["DESCRIPTION"]) == f"Quarterly review. Held: {held.agenda['headline']}"
    assert int(q["SEQUENCE"]) == held.version

    m = events[f"sevenc-ws{ws}-meeting-{upcoming.pk}@sevenc"]
    assert m.decoded("DTSTART") == at(2026, 5, 4, 8) and m.decoded("DTEND") == at(2026, 5, 4, 9)
    assert str(m["DESCRIPTION"]) == "Monthly review. Agenda: 1 due (1 overdue) · 1 done · 1 decision pending"
    assert "LOCATION" not in m

    d = events[f"sevenc-ws{ws}-item-{due.pk}-due@sevenc"]
    assert str(d["SUMMARY"]) == "Due: Patch firewall"
    assert d.decoded("DTSTART") == dt.date(2026, 5, 1) and d.decoded("DTEND") == dt.date(2026, 5, 2)
    assert d["DTSTART"].params.get("VALUE") == "DATE"
    assert str(d["DESCRIPTION"]) == f"Action item, Approved. Responsible: {world.party_a1.name}."
    p = events[f"sevenc-ws{ws}-item-{proposed.pk}-due@sevenc"]
    assert p.decoded("DTSTART") == dt.date(2026, 6, 15)


def test_it_shows_nothing_but_the_clients_meetings_and_due_dates(world: Any, plan: dict[str, Any]) -> None:
    new = _feed(world)
    body = HttpClient().get(_url(new.token)).content.decode()
    for hidden in (
        "A2 review",
        "A2 item",
        "B1 review",
        "B1 item",
        "internal minutes",
        "secret decision",
        "label",
        "Finished",
        "Dropped",
        "No date",
        world.party_a1.email,
        world.vcio.email,
    ):
        assert hidden not in body, hidden
    # the SENTINEL is in A1's own name (X-WR-CALNAME) and its party's (the responsible one): nowhere else
    rest = body.replace(world.client_a1.name, "").replace(world.party_a1.name, "")
    assert SENTINEL not in rest
    other = _feed(world, world.client_a2)
    body = HttpClient().get(_url(other.token)).content.decode()
    assert SENTINEL not in body and "A2 review" in body and "Patch firewall" not in body
    b1 = meetings.calendar_feed_create(workspace=world.ws_b, actor=world.outsider, client=world.client_b1)
    cal = _calendar(HttpClient().get(_url(b1.token)))
    assert {str(e["SUMMARY"]) for e in cal.walk("VEVENT")} == {"B1 review", "Due: B1 item"}


def test_it_stops_working_once_the_token_is_revoked(world: Any, plan: dict[str, Any]) -> None:
    new = _feed(world)
    http = HttpClient()
    assert http.get(_url(new.token)).status_code == 200
    meetings.calendar_feed_revoke(workspace=world.ws_a, actor=world.vcio, feed=new.feed)
    response = http.get(_url(new.token))
    assert response.status_code == 404 and SENTINEL not in response.content.decode()
    other = _feed(world)  # another feed of the same client keeps working
    assert http.get(_url(other.token)).status_code == 200


@pytest.mark.parametrize("token", ["x", "scf_nothing", "scf_" + "A" * 43, "sc_notafeed"])
def test_it_answers_404_for_an_unknown_token(world: Any, plan: dict[str, Any], token: str) -> None:
    response = HttpClient().get(_url(token))
    assert response.status_code == 404
    assert SENTINEL not in response.content.decode()


def test_it_stores_the_token_hashed_and_does_not_accept_the_hash(world: Any) -> None:
    new = _feed(world)
    feed = CalendarFeed.objects.get(pk=new.feed.pk)
    assert feed.token_hash == hashlib.sha256(new.token.encode()).hexdigest() != new.token
    assert HttpClient().get(_url(feed.token_hash)).status_code == 404
    assert HttpClient().get(_url(new.token[:-1] + ("A" if new.token[-1] != "A" else "B"))).status_code == 404


def test_it_needs_no_login_and_only_reads(world: Any, plan: dict[str, Any], login: Any) -> None:
    new = _feed(world)
    assert HttpClient().head(_url(new.token)).status_code == 200
    assert HttpClient().post(_url(new.token)).status_code == 405
    response = login(world.outsider).get(_url(new.token))  # a logged-in stranger with the URL: the URL is the key
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")


def test_it_creates_shows_once_and_revokes_through_the_pages(world: Any, plan: dict[str, Any], login: Any) -> None:
    http = login(world.vcio)
    page = reverse("planning:calendar_feed_list", kwargs={"client_id": world.client_a1.pk})
    created = http.post(page, {"label": "CEO's Outlook"})
    assert created.status_code == 200 and created["Cache-Control"] == "no-store"
    url = re.search(r'<output id="new-feed-url" class="secret">([^<]+)</output>', created.content.decode()).group(1)
    assert url.startswith("http://testserver/calendar/scf_") and url.endswith(".ics")
    path = url.removeprefix("http://testserver")
    assert _events(_calendar(HttpClient().get(path)))
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    listing = http.get(page).content.decode()
    assert token not in listing and token[:8] in listing
    feed = CalendarFeed.objects.get(label="CEO's Outlook")
    revoke = http.post(reverse("planning:calendar_feed_revoke", kwargs={"feed_id": feed.pk}))
    assert revoke.status_code == 302
    assert HttpClient().get(path).status_code == 404


def test_the_builder_escapes_text_and_orders_events(world: Any) -> None:
    stamp = at(2026, 1, 1)
    body = calendar_bytes(
        workspace_id=7,
        name="Acme, Inc; Ltd",
        meetings=[
            MeetingEvent(2, "Later, review", "Monthly review", at(2026, 6, 1), 60, "Room; 1", "0 due", False, 1, stamp),
            MeetingEvent(1, "Earlier", "Weekly check-in", at(2026, 5, 1), 30, "", "0 due", True, 3, stamp),
        ],
        due=[DueEvent(5, "Patch", dt.date(2026, 5, 2), "Approved", "", 1, stamp)],
    )
    cal = icalendar.Calendar.from_ical(body)
    assert _text(cal["X-WR-CALNAME"]) == "Acme, Inc; Ltd"
    summaries = [str(e["SUMMARY"]) for e in cal.walk("VEVENT")]
    assert summaries == ["Earlier", "Later, review", "Due: Patch"]
    assert str(cal.walk("VEVENT")[1]["LOCATION"]) == "Room; 1"
    with pytest.raises(ValueError, match="aware"):
        calendar_bytes(
            workspace_id=7,
            name="x",
            due=[],
            meetings=[MeetingEvent(1, "x", "x", dt.datetime(2026, 5, 1), 30, "", "", False, 1, stamp)],
        )
