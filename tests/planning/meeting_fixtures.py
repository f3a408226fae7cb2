"""Shared set-up for the execution-cycle tests: meetings, items, decisions and final assessments of client A1."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sevenc.assessments.models import Assessment
from sevenc.assessments.services import AnswerChange, answers_bulk_set, assessment_create, assessment_finalise
from sevenc.catalog.services import framework_load_shipped
from sevenc.planning.execution import services as meetings
from sevenc.planning.execution.models import Meeting
from sevenc.planning.models import ActionItem

UTC = dt.UTC


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=UTC)


def final_assessment(
    world: Any, *, level: int, on: dt.date, client: Any = None, block_levels: dict[str, int] | None = None
) -> Assessment:
    """A final assessment of ``client`` (A1) with every practice at ``level`` (or its block's level)."""
    framework = framework_load_shipped()[0].framework
    a = assessment_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=client or world.client_a1,
        framework=framework,
        title=f"ITCq {on}",
        period=f"{on.year}-Q{(on.month - 1) // 3 + 1}",
        assessed_on=on,
    )
    rows = a.answers.select_related("practice__area__block")
    answers_bulk_set(
        workspace=world.ws_a,
        actor=world.vcio,
        assessment=a,
        changes=[
            AnswerChange(
                ans.practice.key,
                version=ans.version,
                state="level",
                level=(block_levels or {}).get(ans.practice.area.block.key, level),
            )
            for ans in rows
        ],
    )
    a.refresh_from_db()
    assessment_finalise(workspace=world.ws_a, actor=world.vcio, assessment=a, version=a.version)
    a.refresh_from_db()
    return a


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
    client = client or world.client_a1
    return ActionItem.objects.create(
        workspace=client.workspace, client=client, title=title, status=status, due_date=due, done_at=done_at, **kw
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
