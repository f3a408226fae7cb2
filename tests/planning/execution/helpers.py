"""Shared set-up for the execution-cycle tests: meetings, items, decisions and final assessments of client A1."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sevenc.assessments.models import Assessment
from sevenc.planning.execution import services as meetings
from sevenc.planning.execution.models import Meeting
from sevenc.planning.models import ActionItem
from tests.assessments.factories import AssessmentFactory
from tests.catalog.factories import shipped_framework
from tests.planning.factories import ActionItemFactory

UTC = dt.UTC


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=UTC)


def final_assessment(
    world: Any, *, level: int, on: dt.date, client: Any = None, block_levels: dict[str, int] | None = None
) -> Assessment:
    """A final assessment of ``client`` (A1) with every practice at ``level`` (or its block's level)."""
    levels = {
        key: (block_levels or {}).get(block, level)
        for key, block in shipped_framework().practices.values_list("key", "area__block__key")
    }
    return AssessmentFactory(
        client=client or world.client_a1,
        actor=world.vcio,
        title=f"ITCq {on}",
        period=f"{on.year}-Q{(on.month - 1) // 3 + 1}",
        assessed_on=on,
        levels=levels,
        final=True,
    )


def item(
    world: Any,
    title: str,
    *,
    client: Any = None,
    status: str = "approved",
    due: dt.date | None = None,
    done_at: dt.datetime | None = None,
    **kw: Any,
) -> ActionItem:
    return ActionItemFactory(
        client=client or world.client_a1, title=title, status=status, due_date=due, done_at=done_at, **kw
    )


def meeting(
    world: Any,
    *,
    kind: str = "monthly",
    starts_at: dt.datetime | None = None,
    client: Any = None,
    title: str = "",
    **kw: Any,
) -> Meeting:
    client = client or world.client_a1
    return meetings.meeting_create(
        workspace=client.workspace,
        actor=world.vcio,
        client=client,
        kind=kind,
        starts_at=starts_at or at(2026, 5, 4),
        title=title,
        **kw,
    )
