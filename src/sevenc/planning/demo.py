"""Demo plans: for each demo client, proposals from its gaps (staffed from its matrix), some accepted, a scheduled
roadmap, a few items under way or done, and one approved plan. Runs only for a client that has no action item yet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sevenc.core.domain import quarters
from sevenc.planning import selectors, services
from sevenc.planning.execution import services as meetings
from sevenc.planning.execution.models import DecisionStatus, Meeting, MeetingKind
from sevenc.planning.models import ActionItem, ItemStatus


def demo_plan(*, workspace: Any, actor: Any, client: Any, approve: bool = False) -> int:
    """Make the client's plan; returns the number of items made (0 when it has one already)."""
    if ActionItem.objects.for_workspace(workspace).filter(client=client).exists():
        return 0
    result = services.items_generate(workspace=workspace, actor=actor, client=client)
    if not result.created:
        return 0
    items = result.created  # staffed from the client's matrix (the demo fills it first)
    keep = items[: max(1, len(items) * 2 // 3)]
    services.items_accept(workspace=workspace, actor=actor, client=client, items=keep)
    services.roadmap_update(
        workspace=workspace,
        actor=actor,
        client=client,
        version=None,
        first_quarter=selectors.default_first_quarter(),
        quarters=8,
        budget_per_quarter="6000",
        hours_per_quarter="60",
    )
    services.roadmap_schedule(workspace=workspace, actor=actor, client=client, time_limit=0.5)
    planned = list(
        ActionItem.objects.for_workspace(workspace).filter(client=client).exclude(quarter="").order_by("quarter", "pk")
    )
    if approve and planned:
        services.plan_approve(workspace=workspace, actor=actor, client=client, comment="Agreed at the QBR.")
    for item, status in zip(planned[:2], (ItemStatus.IN_PROGRESS, ItemStatus.DONE), strict=False):
        item.refresh_from_db()
        services.item_status_set(workspace=workspace, actor=actor, item=item, status=status, version=item.version)
    return len(items)


def demo_meetings(*, workspace: Any, actor: Any, client: Any, now: dt.datetime) -> int:
    """Last quarter's review (held, with notes and decisions), a pending decision, and the coming rhythm: the
    next quarterly review and the two monthly reviews before it (the third month's review is the quarterly one, so
    no two meetings overlap). Runs only for a client that has no meeting yet."""
    if Meeting.objects.for_workspace(workspace).filter(client=client).exists():
        return 0
    zone = now.tzinfo or dt.UTC
    day = now.date()
    quarter_start = quarters.start(quarters.of_date(day))
    last_quarter = dt.datetime.combine(quarter_start, dt.time(10), tzinfo=zone) - dt.timedelta(days=20)
    review = meetings.meeting_create(
        workspace=workspace,
        actor=actor,
        client=client,
        kind=MeetingKind.QUARTERLY,
        starts_at=last_quarter,
        duration_minutes=90,
        location="Client office",
        notes="Reviewed the ITCq trend and the roadmap. Backups and patching first.",
    )
    meetings.meeting_hold(workspace=workspace, actor=actor, meeting=review, version=review.version, now=now)
    item = (
        ActionItem.objects.for_workspace(workspace)
        .filter(client=client)
        .exclude(quarter="")
        .order_by("quarter", "pk")
        .first()
    )
    meetings.decision_add(
        workspace=workspace,
        actor=actor,
        client=client,
        meeting=review,
        item=item,
        text="Go ahead with the first quarter's items.",
        status=DecisionStatus.DECIDED,
        now=now,
    )
    meetings.decision_add(
        workspace=workspace,
        actor=actor,
        client=client,
        meeting=review,
        text="Decide whether to replace the ageing file server or move it to the cloud.",
        now=now,
    )
    upcoming = dt.datetime(day.year, day.month, 1, 10, tzinfo=zone) + dt.timedelta(days=45)
    made = [review]
    made += meetings.meeting_schedule_series(
        workspace=workspace,
        actor=actor,
        client=client,
        kind=MeetingKind.MONTHLY,
        first_starts_at=upcoming - dt.timedelta(days=14),
        count=2,
        duration_minutes=45,
        location="Video call",
    )
    made.append(
        meetings.meeting_create(
            workspace=workspace,
            actor=actor,
            client=client,
            kind=MeetingKind.QUARTERLY,
            starts_at=upcoming + dt.timedelta(days=45),
            duration_minutes=90,
            location="Client office",
        )
    )
    return len(made)


def demo_strategy(*, workspace: Any, actor: Any, client: Any, today: dt.date) -> int:
    """Last month's IT strategy planning retreat: a SWOT, two business goals and two initiatives grouping the
    planned action items, so the annual operational plan has something to print. Only once per client."""
    from sevenc.planning.models import Priority
    from sevenc.planning.strategy import services as strategy
    from sevenc.planning.strategy.models import StrategySession

    if StrategySession.objects.for_workspace(workspace).filter(client=client).exists():
        return 0
    year = today.year + 1
    session = strategy.strategy_session_create(
        workspace=workspace,
        actor=actor,
        client=client,
        title=f"IT strategy planning retreat {year}",
        held_on=today - dt.timedelta(days=20),
        year=year,
        notes="Half-day retreat with the owners and the office manager. Agreed: continuity first, then growth.",
    )
    for kind, text in (
        ("strength", "Staff are comfortable with the practice-management software"),
        ("strength", "The MSP already monitors every computer and server"),
        ("weakness", "Backups are not tested; nobody owns the restore"),
        ("weakness", "No one is accountable for IT spending"),
        ("opportunity", "A second location next year can share the same systems"),
        ("opportunity", "Online booking would fill cancelled appointments"),
        ("threat", "Ransomware attacks on healthcare practices"),
        ("threat", "Stricter patient-data rules and audits"),
    ):
        strategy.swot_entry_add(workspace=workspace, actor=actor, session=session, kind=kind, text=text)
    continuity = strategy.business_goal_add(
        workspace=workspace,
        actor=actor,
        session=session,
        title="No day lost to an IT failure",
        measure="Restore of any system tested each quarter, under 4 hours",
        target_date=dt.date(year, 12, 31),
    )
    growth = strategy.business_goal_add(
        workspace=workspace,
        actor=actor,
        session=session,
        title="Open the second location on the same systems",
        measure="Second site live with no new software",
        target_date=dt.date(year, 9, 30),
    )
    planned = list(
        ActionItem.objects.for_workspace(workspace)
        .filter(client=client, quarter__startswith=str(year))
        .order_by("quarter", "pk")
    )
    half = len(planned) // 2
    strategy.initiative_create(
        workspace=workspace,
        actor=actor,
        client=client,
        title="Make IT failure-proof",
        session=session,
        goal=continuity,
        owner="Practice owner",
        priority=Priority.HIGH,
        description="Backups, recovery and security put on a tested routine.",
        items=planned[:half],
    )
    strategy.initiative_create(
        workspace=workspace,
        actor=actor,
        client=client,
        title="Ready for a second location",
        session=session,
        goal=growth,
        owner="Office manager",
        priority=Priority.MEDIUM,
        items=planned[half:],
    )
    return 1
