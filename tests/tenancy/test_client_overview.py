"""The client overview at a glance: the ITCq with its trend and change, targets met, the next meeting, open and
overdue items, the plan's state, matrix gaps and the last assessment; the same number of queries whatever the data."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sevenc.assessments.targets.services import target_set
from sevenc.core.domain import quarters
from sevenc.planning.execution.models import Meeting, MeetingKind
from sevenc.planning.models import ItemStatus, PlanApproval
from sevenc.responsibility.models import Assignment
from sevenc.tenancy.selectors import CLIENT_OVERVIEW
from tests.assessments.factories import AssessmentFactory
from tests.factories import PartyFactory
from tests.planning.factories import ActionItemFactory
from tests.responsibility.factories import ResponsibilityAreaFactory

pytestmark = pytest.mark.django_db


def _card(html: str, name: str) -> str:
    found = re.search(rf'<a class="card glance"[^>]*data-glance="{name}">(.*?)</a>', html, re.S)
    assert found, f"no {name} card"
    text = re.sub(r"<svg.*?</svg>", " ", found.group(1), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()


def _history(world: Any, framework: Any, client: Any, *, finals: int, items: int, meetings: int, areas: int) -> None:
    """Final assessments rising 2 → 3 → …, block targets on the latest, a half-answered draft, items of every
    state, upcoming meetings, a plan approval and a matrix with one duty covered."""
    previous = None
    for n in range(finals):
        day = quarters.end(quarters.add("2025-Q1", n))
        previous = AssessmentFactory(
            client=client,
            actor=world.vcio,
            framework=framework,
            title=f"ITCq {quarters.of_date(day)}",
            period=quarters.of_date(day),
            assessed_on=day,
            level=min(5, 2 + n),
            final=True,
        )
    assert previous is not None
    for key, n in (("continuous", 5), ("competent", 1)):
        target_set(workspace=client.workspace, actor=world.vcio, assessment=previous, scope="block", key=key, level=n)
    AssessmentFactory(
        client=client,
        actor=world.vcio,
        framework=framework,
        title="Draft",
        period="2026-Q4",
        assessed_on=dt.date(2026, 12, 1),
        levels={f"continuous.backup-management-implementation.0{n}": n + 1 for n in (1, 2)},
    )
    today = timezone.localdate()
    past = quarters.add(quarters.of_date(today), -2)
    for n in range(items):
        ActionItemFactory(client=client, status=ItemStatus.PROPOSED)
        ActionItemFactory(client=client, status=ItemStatus.PROPOSED, accepted_at=timezone.now())
        ActionItemFactory(client=client, status=ItemStatus.APPROVED, due_date=today - dt.timedelta(days=3 + n))
        ActionItemFactory(client=client, status=ItemStatus.IN_PROGRESS, quarter=past)
        ActionItemFactory(client=client, status=ItemStatus.APPROVED, quarter=past, duration=4)  # runs on: not late
        ActionItemFactory(client=client, status=ItemStatus.DONE, quarter=past)
    for n in range(meetings):
        Meeting.objects.create(
            workspace=client.workspace,
            client=client,
            kind=MeetingKind.QUARTERLY,
            title=f"Quarterly review {n + 1}",
            starts_at=timezone.now() + dt.timedelta(days=10 + n),
        )
    PlanApproval.objects.create(workspace=client.workspace, client=client, approved_by=world.vcio)
    found = [ResponsibilityAreaFactory() for _ in range(areas)]
    for role in ("R", "A"):
        party = PartyFactory(client=client, name=f"{role} of {client.name}")
        Assignment.objects.create(workspace=client.workspace, client=client, area=found[0], party=party, role=role)


def test_it_registers_one_panel_per_app_above_tenancy() -> None:
    modules = sorted(panel.__module__ for panel in CLIENT_OVERVIEW)
    assert modules == [
        "sevenc.assessments.targets.selectors",
        "sevenc.planning.execution.selectors",
        "sevenc.responsibility.selectors",
    ]


def test_it_shows_the_client_at_a_glance(world: Any, framework: Any, login: Any) -> None:
    _history(world, framework, world.client_a1, finals=2, items=1, meetings=1, areas=3)
    html = login(world.vcio).get(reverse("tenancy:client_detail", kwargs={"client_id": world.client_a1.pk})).content
    html = html.decode()
    assert _card(html, "itcq").startswith("ITCq · 2025-Q2 60")  # every practice at level 3
    assert "<svg" in html and "chart--sparkline" in html
    assert "▲ +20 since 2025-Q1" in _card(html, "itcq")
    assert _card(html, "targets") == "Targets met 1 /2 blocks at target · 4/8 areas"  # competent met, continuous not
    assert _card(html, "assessed").startswith("Last assessment June 30, 2025")
    assert "draft in progress: 2/139 answered" in _card(html, "assessed")
    assert _card(html, "meeting").startswith("Next meeting")
    assert "Quarterly review 1" in _card(html, "meeting")
    assert _card(html, "items") == "Open action items 3 1 overdue · 1 done"  # approved or in progress
    plan = _card(html, "plan")
    assert plan.startswith("The plan approved")
    assert plan.endswith("2 proposed (1 accepted) · 3 approved · 1 late")  # late: its one quarter has ended
    assert _card(html, "matrix") == "Matrix gaps 2 of 3 duties without an R or an A"


def test_it_says_what_is_missing_for_a_new_client(world: Any, login: Any) -> None:
    html = login(world.vcio).get(reverse("tenancy:client_detail", kwargs={"client_id": world.client_a2.pk}))
    html = html.content.decode()
    assert _card(html, "itcq") == "ITCq — no final assessment yet"
    assert 'data-glance="targets"' not in html
    assert _card(html, "assessed") == "Last assessment — start the first assessment"
    assert _card(html, "meeting") == "Next meeting — none booked"
    assert _card(html, "items") == "Open action items 0 none overdue · 0 done"
    assert _card(html, "plan") == "The plan no plan yet 0 proposed · 0 approved"
    assert _card(html, "matrix").startswith("Matrix gaps")


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_its_queries_do_not_grow_with_the_data(world: Any, framework: Any, login: Any) -> None:
    small, large = world.client_a1, world.client_a2
    _history(world, framework, small, finals=2, items=1, meetings=1, areas=2)
    _history(world, framework, large, finals=4, items=6, meetings=5, areas=12)
    browser = login(world.vcio)
    urls = [reverse("tenancy:client_detail", kwargs={"client_id": c.pk}) for c in (small, large)]
    _queries(browser, urls[0])  # warm the per-process framework caches
    assert _queries(browser, urls[0]) == _queries(browser, urls[1])
