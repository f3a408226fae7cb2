"""`sevenc meetings` and `sevenc operational-plan`: the execution rhythm and the year's plan from the command line."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from sevenc.planning import services
from sevenc.planning.execution import services as meetings
from sevenc.planning.execution.models import MeetingKind
from tests.test_cli import run

pytestmark = pytest.mark.django_db


def test_it_lists_upcoming_meetings_with_the_next_agenda(capsys: pytest.CaptureFixture[str], world: Any) -> None:
    soon = timezone.now() + dt.timedelta(days=3)
    meetings.meeting_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        kind=MeetingKind.MONTHLY,
        starts_at=soon,
        title="December review",
    )
    meetings.meeting_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        kind=MeetingKind.QUARTERLY,
        starts_at=soon + dt.timedelta(days=40),
        title="Q1 review",
    )
    services.item_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        title="Renew domains",
        due_date=soon.date() - dt.timedelta(days=5),
    )  # the meeting's day (UTC workspace)
    code, out, _ = run(capsys, "meetings", str(world.client_a1.pk), "--agenda")
    assert code == 0
    lines = out.splitlines()
    assert "December review" in lines[1] and "Q1 review" in lines[2]
    assert "Agenda of December review:" in out, out
    assert "Renew domains (overdue 5 days)" in out, out  # late by the meeting day, three days from now
    code, out, _ = run(capsys, "meetings", str(world.client_a1.pk), "--past")
    assert code == 0 and "no past meetings" in out


def test_it_prints_the_operational_plan_with_its_budget(capsys: pytest.CaptureFixture[str], world: Any) -> None:
    services.item_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=world.client_a1,
        title="Backups",
        quarter="2027-Q2",
        one_time_cost="1000",
        recurring_monthly_cost="100",
        effort_hours="8",
    )
    code, out, _ = run(capsys, "operational-plan", str(world.client_a1.pk), "2027")
    assert code == 0
    assert "[2027-Q2] Backups" in out
    cost = next(line for line in out.splitlines() if line.startswith("cost"))
    assert cost.split() == ["cost", "0.00", "1,300.00", "300.00", "300.00", "1,900.00"]
    code, out, _ = run(capsys, "operational-plan", str(world.client_a1.pk), "2026")
    assert code == 0 and "Nothing planned" in out


def test_the_agenda_of_a_quarterly_review_shows_the_roadmap(capsys: pytest.CaptureFixture[str], world: Any) -> None:
    from decimal import Decimal

    from sevenc.core.domain import quarters
    from sevenc.planning.models import ActionItem

    soon = timezone.now() + dt.timedelta(days=3)
    this, nxt = quarters.of_date(soon.date()), quarters.add(quarters.of_date(soon.date()), 1)
    for title, quarter, duration in (("Backups", this, 2), ("MFA", nxt, 1)):
        ActionItem.objects.create(
            workspace=world.ws_a,
            client=world.client_a1,
            title=title,
            status="approved",
            quarter=quarter,
            duration=duration,
            one_time_cost=Decimal("1200"),
            recurring_monthly_cost=Decimal("45.5"),
        )
    meetings.meeting_create(
        workspace=world.ws_a, actor=world.vcio, client=world.client_a1, kind=MeetingKind.QUARTERLY, starts_at=soon
    )
    code, out, _ = run(capsys, "meetings", str(world.client_a1.pk), "--agenda")
    assert code == 0
    assert f"On the roadmap for {this}" in out and f"- Backups [{this}–{nxt}]" in out, out
    assert f"- MFA [{nxt}] — One-time cost €1,200.00, Monthly cost €45.50" in out, out  # the workspace's currency
