"""The demo's meetings: no two of a client's meetings overlap, and each client's next quarterly review reads its
roadmap, counting from the review that was held."""

from __future__ import annotations

from typing import Any

import pytest

from sevenc.demo import demo_load
from sevenc.planning.execution import selectors as meeting_selectors
from sevenc.planning.execution.models import Meeting, MeetingKind
from sevenc.tenancy.models import Client

pytestmark = pytest.mark.django_db


def test_the_demo_books_no_overlapping_meetings_and_its_next_reviews_read_the_roadmap(db: Any) -> None:
    workspace = demo_load().workspace
    clients = list(Client.objects.filter(workspace=workspace))
    assert clients
    for client in clients:
        meetings = list(Meeting.objects.filter(workspace=workspace, client=client).order_by("starts_at", "pk"))
        assert meetings, client.name
        clashes = meeting_selectors.meeting_clashes(workspace=workspace, meetings=meetings)
        assert clashes == {}, client.name
        held = [m for m in meetings if m.held_at is not None]
        review = next(m for m in meetings if m.kind == MeetingKind.QUARTERLY and m.held_at is None)
        a = meeting_selectors.meeting_agenda(workspace=workspace, meeting=review).agenda
        assert (a.previous_id, a.previous_title) == (held[-1].pk, held[-1].title), client.name
        planned = a.section("quarter").entries + a.section("next").entries
        assert planned, f"{client.name}: {a.headline}"
        assert a.headline.startswith(f"{a.quarter}: "), a.headline
