"""Reads for execution cycles: meetings, their agendas, decisions and calendar feeds.

Every read takes ``workspace=`` first (another workspace's row is a 404), except the feed lookup by its secret
token, which is the feed's whole authentication. The agenda's inputs are read in a constant number of queries
(items, pending decisions, the client's trend) and handed to the pure ``agenda`` module; the feed's events go
to the pure-ish ``ical`` module. docs/execution.md describes the whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from sevenc.accounts.services import token_hash
from sevenc.assessments import selectors as assessment_selectors
from sevenc.assessments.targets import selectors as target_selectors
from sevenc.planning.execution import ical
from sevenc.planning.execution.domain import agenda
from sevenc.planning.execution.models import CalendarFeed, Decision, DecisionStatus, Meeting, MeetingKind
from sevenc.planning.models import ActionItem, ItemStatus
from sevenc.tenancy.models import Client, Workspace

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


def meeting_previous_start(*, workspace: Workspace, meeting: Meeting) -> dt.datetime | None:
    """The start of the client's meeting (any kind) just before ``meeting``, or None: one query."""
    earlier = Q(starts_at__lt=meeting.starts_at) | Q(starts_at=meeting.starts_at, pk__lt=meeting.pk)
    return (
        Meeting.objects.for_workspace(workspace)
        .filter(client_id=meeting.client_id)
        .filter(earlier)
        .exclude(pk=meeting.pk)
        .order_by("-starts_at", "-pk")
        .values_list("starts_at", flat=True)
        .first()
    )


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


def agenda_inputs(*, workspace: Workspace, client: Client, done_after: dt.datetime | None = None) -> AgendaInputs:
    """The client's open items with a due date, its done items (done after ``done_after`` when given), its
    pending decisions and its last two final assessments' scores: four queries whatever the data."""
    done = Q(status=ItemStatus.DONE, done_at__isnull=False)
    if done_after is not None:
        done &= Q(done_at__gt=done_after)
    rows = (
        ActionItem.objects.for_workspace(workspace)
        .filter(client=client)
        .filter(done | (Q(due_date__isnull=False) & ~Q(status__in=[ItemStatus.DONE, ItemStatus.DROPPED])))
        .values_list(
            "pk",
            "title",
            "status",
            "due_date",
            "done_at",
            "responsible_party__name",
            "accountable",
            "version",
            "updated_at",
        )
        .order_by("pk")
    )
    items = tuple(
        ItemRow(
            agenda.ItemSnapshot(
                id=pk, title=title, status=status, due_date=due, done_at=done_at, responsible=party or accountable or ""
            ),
            version,
            updated_at,
        )
        for pk, title, status, due, done_at, party, accountable, version, updated_at in rows
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
    return AgendaInputs(items=items, decisions=decisions, latest_scores=latest, previous_scores=previous)


def agenda_build(
    *, workspace: Workspace, meeting: Meeting, previous_at: dt.datetime | None, inputs: AgendaInputs
) -> agenda.Agenda:
    """The live agenda of ``meeting`` from already-read inputs (no query)."""
    zone = workspace_zone(workspace)
    return agenda.build_agenda(
        kind=meeting.kind,
        starts_at=meeting.starts_at.astimezone(zone),
        previous_at=previous_at.astimezone(zone) if previous_at is not None else None,
        items=inputs.snapshots,
        latest_scores=inputs.latest_scores,
        previous_scores=inputs.previous_scores,
        decisions=inputs.decisions,
    )


@dataclass(frozen=True)
class MeetingAgenda:
    agenda: agenda.Agenda
    frozen: bool  # True: the agenda stored when the meeting was held; False: generated now


def meeting_agenda_live(*, workspace: Workspace, meeting: Meeting) -> agenda.Agenda:
    """The agenda generated now (what ``meeting_hold`` freezes): five queries whatever the data."""
    previous_at = meeting_previous_start(workspace=workspace, meeting=meeting)
    since = (
        previous_at
        if previous_at is not None
        else (meeting.starts_at - dt.timedelta(days=agenda.window_days(meeting.kind)))
    )
    inputs = agenda_inputs(workspace=workspace, client=meeting.client, done_after=since)
    return agenda_build(workspace=workspace, meeting=meeting, previous_at=previous_at, inputs=inputs)


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
    previous meeting is the one before it in the list)."""
    out: dict[int, str] = {}
    previous_at: dt.datetime | None = None
    for m in meetings:  # oldest first
        stored = m.agenda.get("headline") if m.held_at is not None and isinstance(m.agenda, dict) else None
        if isinstance(stored, str):
            out[m.pk] = stored
        else:
            out[m.pk] = agenda_build(workspace=workspace, meeting=m, previous_at=previous_at, inputs=inputs).headline
        previous_at = m.starts_at
    return out


def calendar_feed_events(*, feed: CalendarFeed) -> FeedEvents:
    """Every meeting of the feed's client and each of its open items with a due date: four queries plus the
    trend's two, whatever the number of meetings and items."""
    workspace, client = feed.workspace, feed.client
    meetings = list(Meeting.objects.for_workspace(workspace).filter(client=client).order_by("starts_at", "pk"))
    inputs = agenda_inputs(workspace=workspace, client=client)
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
