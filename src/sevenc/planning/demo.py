"""Demo plans: for each demo client, proposals from its gaps, some accepted and owned, a scheduled roadmap, a few
items under way or done, and one approved plan. Runs only for a client that has no action item yet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sevenc.planning import meetings, selectors, services
from sevenc.planning.models import ActionItem, DecisionStatus, ItemStatus, Meeting, MeetingKind
from sevenc.tenancy import selectors as tenancy_selectors
from sevenc.tenancy.models import PartyKind


def demo_plan(*, workspace: Any, actor: Any, client: Any, approve: bool = False) -> int:
    """Make the client's plan; returns the number of items made (0 when it has one already)."""
    if ActionItem.objects.for_workspace(workspace).filter(client=client).exists():
        return 0
    result = services.items_generate(workspace=workspace, actor=actor, client=client)
    if not result.created:
        return 0
    msp = next((p for p in tenancy_selectors.party_list(workspace=workspace, client=client)
                if p.kind == PartyKind.MSP), None)
    items = result.created
    keep = items[: max(1, len(items) * 2 // 3)]
    services.items_accept(workspace=workspace, actor=actor, client=client, items=keep)
    for n, item in enumerate(keep):
        item.refresh_from_db()
        services.item_update(workspace=workspace, actor=actor, item=item, version=item.version,
                             responsible_party=msp if n % 3 != 2 else None,
                             accountable="Victor Chen" if n % 2 == 0 else "")
    services.roadmap_update(workspace=workspace, actor=actor, client=client, version=None,
                            first_quarter=selectors.default_first_quarter(), quarters=8,
                            budget_per_quarter="6000", hours_per_quarter="60")
    services.roadmap_schedule(workspace=workspace, actor=actor, client=client, time_limit=0.5)
    planned = list(ActionItem.objects.for_workspace(workspace).filter(client=client).exclude(quarter="")
                   .order_by("quarter", "pk"))
    if approve and planned:
        services.plan_approve(workspace=workspace, actor=actor, client=client, comment="Agreed at the QBR.")
    for item, status in zip(planned[:2], (ItemStatus.IN_PROGRESS, ItemStatus.DONE), strict=False):
        item.refresh_from_db()
        services.item_status_set(workspace=workspace, actor=actor, item=item, status=status, version=item.version)
    return len(items)


def demo_meetings(*, workspace: Any, actor: Any, client: Any, now: dt.datetime) -> int:
    """Last quarter's review (held, with notes and decisions), a pending decision, and the coming rhythm: the
    next quarterly review and three monthly reviews. Runs only for a client that has no meeting yet."""
    if Meeting.objects.for_workspace(workspace).filter(client=client).exists():
        return 0
    zone = now.tzinfo or dt.UTC
    day = now.date()
    last_quarter = dt.datetime(day.year, 3 * ((day.month - 1) // 3) + 1, 1, 10, tzinfo=zone) - dt.timedelta(days=20)
    review = meetings.meeting_create(workspace=workspace, actor=actor, client=client, kind=MeetingKind.QUARTERLY,
                                     starts_at=last_quarter, duration_minutes=90, location="Client office",
                                     notes="Reviewed the ITCq trend and the roadmap. Backups and patching first.")
    meetings.meeting_hold(workspace=workspace, actor=actor, meeting=review, version=review.version, now=now)
    item = ActionItem.objects.for_workspace(workspace).filter(client=client).exclude(quarter="").order_by(
        "quarter", "pk").first()
    meetings.decision_add(workspace=workspace, actor=actor, client=client, meeting=review, item=item,
                          text="Go ahead with the first quarter's items.", status=DecisionStatus.DECIDED, now=now)
    meetings.decision_add(workspace=workspace, actor=actor, client=client, meeting=review,
                          text="Decide whether to replace the ageing file server or move it to the cloud.", now=now)
    upcoming = dt.datetime(day.year, day.month, 1, 10, tzinfo=zone) + dt.timedelta(days=45)
    made = [review]
    made += meetings.meeting_schedule_series(workspace=workspace, actor=actor, client=client,
                                             kind=MeetingKind.MONTHLY, first_starts_at=upcoming - dt.timedelta(
                                                 days=14), count=3, duration_minutes=45, location="Video call")
    made.append(meetings.meeting_create(workspace=workspace, actor=actor, client=client, kind=MeetingKind.QUARTERLY,
                                        starts_at=upcoming + dt.timedelta(days=45), duration_minutes=90,
                                        location="Client office"))
    return len(made)
