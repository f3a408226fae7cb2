"""Reads for execution cycles: meetings, their agendas, decisions and calendar feeds.

Every read takes ``workspace=`` first (another workspace's row is a 404), except the feed lookup by its secret
token, which is the feed's whole authentication. The agenda's inputs are read in a constant number of queries
(items, pending decisions, the client's trend, the previous held meeting, and for a quarterly review the critical
items not on the roadmap) and handed to the pure ``agenda`` module; the feed's events go
to the pure-ish ``ical`` module. docs/execution.md describes the whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from sevenc.accounts.services import token_hash
from sevenc.assessments import selectors as assessment_selectors
from sevenc.assessments.targets import selectors as target_selectors
from sevenc.core.domain import quarters
from sevenc.planning import selectors as planning_selectors
from sevenc.planning.execution import ical
from sevenc.planning.execution.domain import agenda
from sevenc.planning.execution.models import CalendarFeed, Decision, DecisionStatus, Meeting, MeetingKind
from sevenc.planning.models import ActionItem, ItemStatus, PlanApproval, shown_status
from sevenc.tenancy.models import Client, Workspace
from sevenc.tenancy.selectors import OverviewPanel

When = Literal["upcoming", "past"]
FEED_TOKEN_PREFIX = "scf_"


def workspace_zone(workspace: Workspace) -> dt.tzinfo:
    """The workspace's time zone (UTC when it names none we know)."""
    try:
        return ZoneInfo(workspace.time_zone)
    except (ZoneInfoNotFoundError, ValueError, TypeError, AttributeError):
        return dt.UTC


def day_start(*, workspace: Workspace, now: dt.datetime | None = None) -> dt.datetime:
    """Midnight of today in the workspace's time zone: meetings from then on, not held, are upcoming."""
    local = (now or timezone.now()).astimezone(workspace_zone(workspace))
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


# --- meetings ------------------------------------------------------------------------------------------------


def meeting_list(
    *,
    workspace: Workspace,
    client: Client | None = None,
    when: When | None = None,
    kind: str | None = None,
    now: dt.datetime | None = None,
) -> QuerySet[Meeting]:
    """The client's meetings. ``when="upcoming"``: not held and starting today or later (workspace time),
    soonest first; ``"past"``: held, or started before today, latest first; None: all, latest first."""
    qs = Meeting.objects.for_workspace(workspace).select_related("client")
    if client is not None:
        qs = qs.filter(client=client)
    if kind:
        qs = qs.filter(kind=kind)
    if when is None:
        return qs.order_by("-starts_at", "-pk")
    upcoming = Q(held_at__isnull=True, starts_at__gte=day_start(workspace=workspace, now=now))
    if when == "upcoming":
        return qs.filter(upcoming).order_by("starts_at", "pk")
    return qs.exclude(upcoming).order_by("-starts_at", "-pk")


def meeting_get(*, workspace: Workspace, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.for_workspace(workspace).select_related("client"), pk=pk)


def meeting_previous(*, workspace: Workspace, meeting: Meeting) -> agenda.PreviousMeeting | None:
    """The client's last *held* meeting (any kind) that started before ``meeting`` (on a tie, the one made
    first), or None: what "since the previous meeting" means. A meeting booked but not held does not count,
    whenever it was booked for. One query."""
    earlier = Q(starts_at__lt=meeting.starts_at) | Q(starts_at=meeting.starts_at, pk__lt=meeting.pk)
    row = (
        Meeting.objects.for_workspace(workspace)
        .filter(client_id=meeting.client_id, held_at__isnull=False)
        .filter(earlier)
        .exclude(pk=meeting.pk)
        .order_by("-starts_at", "-pk")
        .values_list("pk", "title", "starts_at")
        .first()
    )
    return agenda.PreviousMeeting(id=row[0], title=row[1], starts_at=row[2]) if row is not None else None


def meeting_clashes(*, workspace: Workspace, meetings: Sequence[Meeting]) -> dict[int, tuple[agenda.Slot, ...]]:
    """meeting id → the other meetings of the same client that overlap it (earliest first; only meetings with
    a clash are keys). ``meetings``: saved meetings of one client. One query whatever their number."""
    if not meetings:
        return {}
    client_ids = {m.client_id for m in meetings}
    if len(client_ids) != 1:
        raise ValueError("meeting_clashes compares meetings of one client")
    longest = dt.timedelta(minutes=agenda.MAX_MEETING_MINUTES)
    first = min(m.starts_at for m in meetings)
    last_end = max(m.starts_at + dt.timedelta(minutes=m.duration_minutes) for m in meetings)
    around = [
        agenda.Slot(pk, title, starts_at, minutes)
        for pk, title, starts_at, minutes in Meeting.objects.for_workspace(workspace)
        .filter(client_id=client_ids.pop(), starts_at__lt=last_end, starts_at__gt=first - longest)
        .values_list("pk", "title", "starts_at", "duration_minutes")
        .order_by("starts_at", "pk")
    ]
    out: dict[int, tuple[agenda.Slot, ...]] = {}
    for m in meetings:
        found = agenda.clashes(agenda.Slot(m.pk, m.title, m.starts_at, m.duration_minutes), around)
        if found:
            out[m.pk] = found
    return out


def meeting_clash_warnings(*, workspace: Workspace, meeting: Meeting) -> list[str]:
    """The warnings for the client's meetings that overlap ``meeting`` (times in the workspace's zone): an
    overlap is allowed, and said. One query."""
    zone = workspace_zone(workspace)
    found = meeting_clashes(workspace=workspace, meetings=[meeting]).get(meeting.pk, ())
    return [agenda.clash_text(c, zone) for c in found]


def series_clash_warnings(*, workspace: Workspace, meetings: Sequence[Meeting]) -> list[str]:
    """For a series just scheduled: one warning per meeting of it that overlaps another of the client's
    ("“Monthly review 2027-03” overlaps “QBR” on …"). One query."""
    zone = workspace_zone(workspace)
    found = meeting_clashes(workspace=workspace, meetings=meetings)
    return [agenda.clash_text(c, zone, f"“{m.title}”") for m in meetings for c in found.get(m.pk, ())]


# --- the agenda's inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemRow:
    snapshot: agenda.ItemSnapshot
    version: int
    updated_at: dt.datetime


@dataclass(frozen=True)
class AgendaInputs:
    """What a client's agendas are built from; the same for every meeting of the client."""

    items: tuple[ItemRow, ...]
    decisions: tuple[agenda.DecisionSnapshot, ...]
    latest_scores: agenda.ScoreSnapshot | None
    previous_scores: agenda.ScoreSnapshot | None
    unplaced: tuple[agenda.ItemSnapshot, ...] = ()

    @property
    def snapshots(self) -> tuple[agenda.ItemSnapshot, ...]:
        return tuple(r.snapshot for r in self.items)


def _score_snapshot(point: Any) -> agenda.ScoreSnapshot:
    index = assessment_selectors.framework_index(framework_id=point.assessment.framework_id)
    blocks = tuple(
        agenda.BlockScore(b.key, index.block_names[b.key], point.scores.blocks[b.key].score)
        for b in index.tree.blocks
        if b.key in point.scores.blocks
    )
    return agenda.ScoreSnapshot(label=point.label, overall=point.scores.overall.score, blocks=blocks)


def client_scores(
    *, workspace: Workspace, client: Client
) -> tuple[agenda.ScoreSnapshot | None, agenda.ScoreSnapshot | None]:
    """The latest final assessment's scores and the ones before (None when missing), from the client's trend
    (target_selectors.client_trend: two queries)."""
    finals = [p for p in target_selectors.client_trend(workspace=workspace, client=client) if not p.is_draft]
    latest = _score_snapshot(finals[-1]) if finals else None
    previous = _score_snapshot(finals[-2]) if len(finals) > 1 else None
    return latest, previous


def _responsible(party: str | None, accountable: str | None) -> str:
    return party or accountable or ""


def _unplaced(*, workspace: Workspace, client: Client) -> tuple[agenda.ItemSnapshot, ...]:
    """The open items that lift critical work and are not placed on the roadmap (planning's rule, read by
    ``critical_unplaced`` in a constant number of queries)."""
    return tuple(
        agenda.ItemSnapshot(
            id=i.pk,
            title=i.title,
            status=i.status,
            due_date=i.due_date,
            responsible=_responsible(i.responsible_party.name if i.responsible_party else None, i.accountable),
            quarter=i.quarter,
            duration=i.duration,
            one_time_cost=i.one_time_cost,
            monthly_cost=i.recurring_monthly_cost,
            shown=i.status_shown,
        )
        for i in planning_selectors.critical_unplaced(workspace=workspace, client=client)
    )


def agenda_inputs(
    *, workspace: Workspace, client: Client, done_after: dt.datetime | None = None, roadmap: bool = True
) -> AgendaInputs:
    """The client's open items with a due date, its items on the roadmap (a quarter; not dropped), its done
    items (done after ``done_after`` when given), its pending decisions and its last two final assessments'
    scores; with ``roadmap``, also the critical items not placed on the roadmap (a quarterly review's warning).
    A constant number of queries whatever the data: four, and critical_unplaced's with ``roadmap``."""
    done = Q(status=ItemStatus.DONE, done_at__isnull=False)
    if done_after is not None:
        done &= Q(done_at__gt=done_after)
    open_ = ~Q(status__in=[ItemStatus.DONE, ItemStatus.DROPPED])
    on_roadmap = ~Q(quarter="") & ~Q(status=ItemStatus.DROPPED)
    rows = (
        ActionItem.objects.for_workspace(workspace)
        .filter(client=client)
        .filter(done | (Q(due_date__isnull=False) & open_) | on_roadmap)
        .values_list(
            "pk",
            "title",
            "status",
            "due_date",
            "done_at",
            "responsible_party__name",
            "accountable",
            "quarter",
            "duration",
            "one_time_cost",
            "recurring_monthly_cost",
            "accepted_at",
            "version",
            "updated_at",
        )
        .order_by("pk")
    )
    items = tuple(
        ItemRow(
            agenda.ItemSnapshot(
                id=pk,
                title=title,
                status=status,
                due_date=due,
                done_at=done_at,
                responsible=_responsible(party, accountable),
                quarter=quarter,
                duration=duration,
                one_time_cost=one_time,
                monthly_cost=monthly,
                shown=shown_status(status, accepted_at is not None)[0],
            ),
            version,
            updated_at,
        )
        for (
            pk,
            title,
            status,
            due,
            done_at,
            party,
            accountable,
            quarter,
            duration,
            one_time,
            monthly,
            accepted_at,
            version,
            updated_at,
        ) in rows
    )
    zone = workspace_zone(workspace)
    decisions = tuple(
        agenda.DecisionSnapshot(
            id=pk,
            text=text,
            raised_on=created.astimezone(zone).date(),
            meeting_title=meeting_title or "",
            item_title=item_title or "",
        )
        for pk, text, created, meeting_title, item_title in Decision.objects.for_workspace(workspace)
        .filter(client=client, status=DecisionStatus.PENDING)
        .values_list("pk", "text", "created_at", "meeting__title", "item__title")
        .order_by("created_at", "pk")
    )
    latest, previous = client_scores(workspace=workspace, client=client)
    return AgendaInputs(
        items=items,
        decisions=decisions,
        latest_scores=latest,
        previous_scores=previous,
        unplaced=_unplaced(workspace=workspace, client=client) if roadmap else (),
    )


def agenda_build(
    *, workspace: Workspace, meeting: Meeting, previous: agenda.PreviousMeeting | None, inputs: AgendaInputs
) -> agenda.Agenda:
    """The live agenda of ``meeting`` from already-read inputs (no query)."""
    zone = workspace_zone(workspace)
    return agenda.build_agenda(
        kind=meeting.kind,
        starts_at=meeting.starts_at.astimezone(zone),
        previous=(
            agenda.PreviousMeeting(previous.id, previous.title, previous.starts_at.astimezone(zone))
            if previous is not None
            else None
        ),
        items=inputs.snapshots,
        latest_scores=inputs.latest_scores,
        previous_scores=inputs.previous_scores,
        decisions=inputs.decisions,
        unplaced=inputs.unplaced,
    )


@dataclass(frozen=True)
class MeetingAgenda:
    agenda: agenda.Agenda
    frozen: bool  # True: the agenda stored when the meeting was held; False: generated now


def meeting_agenda_live(*, workspace: Workspace, meeting: Meeting) -> agenda.Agenda:
    """The agenda generated now (what ``meeting_hold`` freezes): a constant number of queries whatever the data
    (five; a quarterly review adds critical_unplaced's)."""
    previous = meeting_previous(workspace=workspace, meeting=meeting)
    since = (
        previous.starts_at
        if previous is not None
        else (meeting.starts_at - dt.timedelta(days=agenda.window_days(meeting.kind)))
    )
    inputs = agenda_inputs(
        workspace=workspace, client=meeting.client, done_after=since, roadmap=meeting.kind == MeetingKind.QUARTERLY
    )
    return agenda_build(workspace=workspace, meeting=meeting, previous=previous, inputs=inputs)


def meeting_agenda(*, workspace: Workspace, meeting: Meeting) -> MeetingAgenda:
    """A held meeting's frozen agenda; otherwise the live one."""
    if meeting.held_at is not None and meeting.agenda:
        try:
            return MeetingAgenda(agenda.agenda_from_data(meeting.agenda), frozen=True)
        except (ValueError, KeyError, TypeError):
            pass  # an agenda of another shape: show the live one rather than nothing
    return MeetingAgenda(meeting_agenda_live(workspace=workspace, meeting=meeting), frozen=False)


def action_item_choices(*, workspace: Workspace, client: Client) -> list[tuple[int, str]]:
    """(id, title) of the client's items, for "this decision is about…"."""
    return list(
        ActionItem.objects.for_workspace(workspace)
        .filter(client=client)
        .order_by("title", "pk")
        .values_list("pk", "title")
    )


def action_item_get(*, workspace: Workspace, pk: int) -> ActionItem:
    return get_object_or_404(ActionItem.objects.for_workspace(workspace), pk=pk)


# --- decisions -----------------------------------------------------------------------------------------------


def decision_list(
    *, workspace: Workspace, client: Client | None = None, meeting: Meeting | None = None, status: str | None = None
) -> QuerySet[Decision]:
    qs = Decision.objects.for_workspace(workspace).select_related("meeting", "item")
    if client is not None:
        qs = qs.filter(client=client)
    if meeting is not None:
        qs = qs.filter(meeting=meeting)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "-created_at", "-pk")


def decision_get(*, workspace: Workspace, pk: int) -> Decision:
    return get_object_or_404(
        Decision.objects.for_workspace(workspace).select_related("client", "meeting", "item"), pk=pk
    )


# --- calendar feeds ------------------------------------------------------------------------------------------


def calendar_feed_list(*, workspace: Workspace, client: Client) -> QuerySet[CalendarFeed]:
    return (
        CalendarFeed.objects.for_workspace(workspace)
        .filter(client=client)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )


def calendar_feed_get(*, workspace: Workspace, pk: int) -> CalendarFeed:
    return get_object_or_404(CalendarFeed.objects.for_workspace(workspace).select_related("client"), pk=pk)


def calendar_feed_by_token(*, raw: str) -> CalendarFeed | None:
    """The live feed whose secret is ``raw`` (looked up by its SHA-256 hash), or None when the token is unknown
    or revoked. One query."""
    if not raw or not raw.startswith(FEED_TOKEN_PREFIX) or len(raw) > 200:
        return None
    return (
        CalendarFeed.objects.filter(token_hash=token_hash(raw), revoked_at__isnull=True)
        .select_related("client", "workspace")
        .first()
    )


@dataclass(frozen=True)
class FeedEvents:
    workspace_id: int
    name: str
    meetings: tuple[ical.MeetingEvent, ...]
    due: tuple[ical.DueEvent, ...]

    def as_ical(self) -> bytes:
        return ical.calendar_bytes(workspace_id=self.workspace_id, name=self.name, meetings=self.meetings, due=self.due)


def _headlines(workspace: Workspace, meetings: Sequence[Meeting], inputs: AgendaInputs) -> dict[int, str]:
    """meeting id → its agenda's headline: frozen for a held meeting, generated for the others (each one's
    previous meeting is the last held one before it in the list)."""
    out: dict[int, str] = {}
    previous: agenda.PreviousMeeting | None = None
    for m in meetings:  # oldest first
        stored = m.agenda.get("headline") if m.held_at is not None and isinstance(m.agenda, dict) else None
        if isinstance(stored, str):
            out[m.pk] = stored
        else:
            out[m.pk] = agenda_build(workspace=workspace, meeting=m, previous=previous, inputs=inputs).headline
        if m.held_at is not None:
            previous = agenda.PreviousMeeting(m.pk, m.title, m.starts_at)
    return out


def calendar_feed_events(*, feed: CalendarFeed) -> FeedEvents:
    """Every meeting of the feed's client and each of its open items with a due date: four queries plus the
    trend's two (and critical_unplaced's when a quarterly review is still to be held), whatever the number of
    meetings and items."""
    workspace, client = feed.workspace, feed.client
    meetings = list(Meeting.objects.for_workspace(workspace).filter(client=client).order_by("starts_at", "pk"))
    live_quarterly = any(m.kind == MeetingKind.QUARTERLY and m.held_at is None for m in meetings)
    inputs = agenda_inputs(workspace=workspace, client=client, roadmap=live_quarterly)
    headlines = _headlines(workspace, meetings, inputs)
    meeting_events = tuple(
        ical.MeetingEvent(
            id=m.pk,
            title=m.title,
            kind_label=str(MeetingKind(m.kind).label),
            starts_at=m.starts_at,
            duration_minutes=m.duration_minutes,
            location=m.location,
            headline=headlines[m.pk],
            held=m.held_at is not None,
            version=m.version,
            updated_at=m.updated_at,
        )
        for m in meetings
    )
    due_events = tuple(
        ical.DueEvent(
            id=r.snapshot.id,
            title=r.snapshot.title,
            due_date=r.snapshot.due_date,
            status_label=str(ItemStatus(r.snapshot.status).label),
            responsible=r.snapshot.responsible,
            version=r.version,
            updated_at=r.updated_at,
        )
        for r in inputs.items
        if r.snapshot.is_open and r.snapshot.due_date is not None
    )
    return FeedEvents(
        workspace_id=workspace.pk,
        name=f"{client.name} — meetings and due dates",
        meetings=meeting_events,
        due=due_events,
    )


# --- the client at a glance --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanGlance:
    """What the client overview shows of the plan and its execution. ``proposed``: proposals not yet approved, of
    which ``accepted`` a vCIO has accepted; ``open``: the work under way, items approved or in progress;
    ``overdue``: open items whose due date has passed; ``late``: open items whose last quarter has ended."""

    next_meeting: Meeting | None
    approved_on: dt.datetime | None
    proposed: int = 0
    accepted: int = 0
    open: int = 0
    overdue: int = 0
    late: int = 0
    done: int = 0


MAX_DURATION = 8  # ActionItem.duration's upper bound, in quarters


def client_plan_glance(*, workspace: Workspace, client: Client, now: dt.datetime | None = None) -> PlanGlance:
    """Three queries, whatever the number of items and meetings: the next meeting, the items' counts (one
    aggregate) and the latest plan approval."""
    today = day_start(workspace=workspace, now=now).date()
    next_meeting = meeting_list(workspace=workspace, client=client, when="upcoming", now=now).first()
    proposed = Q(status=ItemStatus.PROPOSED)
    is_open = Q(status__in=(ItemStatus.APPROVED, ItemStatus.IN_PROGRESS))
    counts = (
        ActionItem.objects.for_workspace(workspace)
        .filter(client=client)
        .aggregate(
            proposed=Count("pk", filter=proposed),
            accepted=Count("pk", filter=proposed & Q(accepted_at__isnull=False)),
            open=Count("pk", filter=is_open),
            overdue=Count("pk", filter=is_open & Q(due_date__lt=today)),
            late=Count("pk", filter=is_open & _ended_before(quarters.of_date(today))),
            done=Count("pk", filter=Q(status=ItemStatus.DONE)),
        )
    )
    approval = PlanApproval.objects.for_workspace(workspace).filter(client=client).order_by("-created_at", "-pk")
    approved_on = approval.values_list("created_at", flat=True).first()
    return PlanGlance(next_meeting=next_meeting, approved_on=approved_on, **counts)


def _ended_before(quarter: str) -> Q:
    """Items whose last quarter (their quarter plus their duration, less one) is before ``quarter``."""
    ended = Q(pk__in=[])
    for duration in range(1, MAX_DURATION + 1):
        ended |= Q(duration=duration, quarter__gt="", quarter__lt=quarters.add(quarter, 1 - duration))
    return ended


def client_overview_panel(*, workspace: Workspace, client: Client) -> OverviewPanel:
    """The plan's part of the client overview (tenancy's CLIENT_OVERVIEW, registered by the app's ready())."""
    glance = client_plan_glance(workspace=workspace, client=client)
    return OverviewPanel(order=20, template="planning/partials/client_glance.html", glance=glance)
