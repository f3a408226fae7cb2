"""Writes for execution cycles: meetings (one or a series), holding a meeting (its agenda is frozen), notes,
decisions, and the calendar feeds' secret tokens.

Every service is keyword-only, validates with ``full_clean()`` before writing, runs in one transaction,
refuses rows of another client or workspace, and records an activity entry. Meetings and decisions carry a
version: an update names the version it was read at, a stale one raises ConflictError with the current row.
A feed's token is returned once by ``calendar_feed_create``; only its SHA-256 hash and its first characters
are stored (as for API tokens, accounts.services). docs/execution.md describes the whole.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sevenc.accounts.services import token_hash
from sevenc.core.domain import quarters
from sevenc.core.domain.errors import ApplicationError, ConflictError, validation_fields
from sevenc.core.guards import same_workspace
from sevenc.core.services import activity_record
from sevenc.core.versioning import versioned_save, versioned_update
from sevenc.planning.execution import selectors as meeting_selectors
from sevenc.planning.execution.domain import agenda
from sevenc.planning.execution.models import CalendarFeed, Decision, DecisionStatus, Meeting, MeetingKind
from sevenc.planning.execution.selectors import FEED_TOKEN_PREFIX, workspace_zone
from sevenc.planning.models import ActionItem
from sevenc.tenancy.models import Client, Workspace

if TYPE_CHECKING:
    from sevenc.accounts.models import User

MEETING_FIELDS = ("kind", "title", "starts_at", "duration_minutes", "location")
HISTORY_FIELDS = ("kind", "starts_at")  # what a held meeting keeps as it was
MAX_NOTES = 50_000


def _clean(obj: Any, *, exclude: list[str]) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        raise ApplicationError("Some fields are not valid; nothing was saved.", fields=validation_fields(exc)) from None


def _aware(workspace: Workspace, moment: Any, field: str = "starts_at") -> dt.datetime:
    if not isinstance(moment, dt.datetime):
        raise ApplicationError("Enter a date and time.", fields={field: ["Enter a date and time."]})
    if timezone.is_naive(moment):  # a wall-clock time: the workspace's
        return moment.replace(tzinfo=workspace_zone(workspace))
    return moment


def _notes(notes: str | None) -> str:
    notes = (notes or "").replace("\r\n", "\n")
    if len(notes) > MAX_NOTES:
        raise ApplicationError(
            f"Notes are at most {MAX_NOTES:,} characters; nothing was saved.",
            fields={"notes": [f"At most {MAX_NOTES:,} characters."]},
        )
    return notes


def default_title(*, workspace: Workspace, kind: str, starts_at: dt.datetime) -> str:
    """ "Quarterly review 2026-Q2", "Monthly review 2026-05", "Weekly check-in 2026-05-04" (workspace time)."""
    day = starts_at.astimezone(workspace_zone(workspace)).date()
    if kind == MeetingKind.QUARTERLY:
        return f"Quarterly review {day.year}-Q{quarters.quarter_of(day)}"
    if kind == MeetingKind.MONTHLY:
        return f"Monthly review {day.year}-{day.month:02d}"
    return f"Weekly check-in {day.isoformat()}"


def _when(meeting: Meeting) -> str:
    return meeting.starts_at.astimezone(workspace_zone(meeting.workspace)).strftime("%Y-%m-%d %H:%M")


# --- meetings ------------------------------------------------------------------------------------------------


def _meeting(
    *,
    workspace: Workspace,
    client: Client,
    kind: str,
    starts_at: Any,
    title: str,
    duration_minutes: Any,
    location: str,
    notes: str = "",
) -> Meeting:
    starts = _aware(workspace, starts_at)
    title = (title or "").strip() or (
        default_title(workspace=workspace, kind=kind, starts_at=starts) if kind in MeetingKind.values else ""
    )
    meeting = Meeting(
        workspace=workspace,
        client=client,
        kind=kind,
        title=title,
        starts_at=starts,
        duration_minutes=60 if duration_minutes is None else duration_minutes,
        location=(location or "").strip(),
        notes=_notes(notes),
    )
    _clean(meeting, exclude=["workspace", "client", "agenda"])
    return meeting


@transaction.atomic
def meeting_create(
    *,
    workspace: Workspace,
    actor: User,
    client: Client,
    kind: str,
    starts_at: dt.datetime,
    title: str = "",
    duration_minutes: int | None = 60,
    location: str = "",
    notes: str = "",
) -> Meeting:
    """Schedule one meeting. An empty title becomes the kind and the date ("Monthly review 2026-05")."""
    same_workspace(workspace, client)
    meeting = _meeting(
        workspace=workspace,
        client=client,
        kind=kind,
        starts_at=starts_at,
        title=title,
        duration_minutes=duration_minutes,
        location=location,
        notes=notes,
    )
    meeting.save()
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="created",
        obj=meeting,
        summary=f"Meeting “{meeting.title}” scheduled for {client.name} at {_when(meeting)}",
    )
    return meeting


@transaction.atomic
def meeting_schedule_series(
    *,
    workspace: Workspace,
    actor: User,
    client: Client,
    kind: str,
    first_starts_at: dt.datetime,
    count: int,
    duration_minutes: int | None = 60,
    location: str = "",
    title: str = "",
) -> list[Meeting]:
    """Schedule ``count`` (1–52) meetings of ``kind`` from ``first_starts_at``: every week, month or quarter at
    the same wall-clock time in the workspace's time zone (agenda.series_starts). All or none."""
    same_workspace(workspace, client)
    if kind not in MeetingKind.values:
        raise ApplicationError("Choose quarterly, monthly or weekly.", fields={"kind": ["Choose a kind."]})
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= agenda.MAX_SERIES:
        raise ApplicationError(
            f"A series has 1 to {agenda.MAX_SERIES} meetings; nothing was scheduled.",
            fields={"count": [f"From 1 to {agenda.MAX_SERIES}."]},
        )
    first = _aware(workspace, first_starts_at, "first_starts_at").astimezone(workspace_zone(workspace))
    meetings = [
        _meeting(
            workspace=workspace,
            client=client,
            kind=kind,
            starts_at=start,
            title=title,
            duration_minutes=duration_minutes,
            location=location,
        )
        for start in agenda.series_starts(first=first, kind=kind, count=count)
    ]
    for meeting in meetings:
        meeting.save()
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="created",
        obj=meetings[0],
        summary=f"{count} {MeetingKind(kind).label.lower()} meeting(s) scheduled for {client.name} "
        f"from {_when(meetings[0])}",
    )
    return meetings


@transaction.atomic
def meeting_update(
    *, workspace: Workspace, actor: User, meeting: Meeting, version: int | None, **fields: Any
) -> Meeting:
    """Change the kind, title, start, duration, location or notes; ``version``: the one read (stale → 409).
    A held meeting keeps its kind and start (its agenda was generated for them)."""
    same_workspace(workspace, meeting)
    values = {
        k: v.strip() if isinstance(v, str) and k != "notes" else v
        for k, v in fields.items()
        if k in (*MEETING_FIELDS, "notes") and v is not None
    }
    if "notes" in values:
        values["notes"] = _notes(values["notes"])
    if "starts_at" in values:
        values["starts_at"] = _aware(workspace, values["starts_at"])
    if meeting.held_at is not None:
        moved = [k for k in HISTORY_FIELDS if k in values and values[k] != getattr(meeting, k)]
        if moved:
            raise ApplicationError(
                "This meeting has been held: its kind and start stay as they were.",
                fields={k: ["A held meeting keeps it."] for k in moved},
            )
    for key, value in values.items():
        setattr(meeting, key, value)
    if "title" in values and not meeting.title:
        meeting.title = default_title(workspace=workspace, kind=meeting.kind, starts_at=meeting.starts_at)
    _clean(meeting, exclude=["workspace", "client", "agenda"])
    versioned_save(meeting, expected_version=version, fields=list(values))
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="updated",
        obj=meeting,
        summary=f"Meeting “{meeting.title}” of {meeting.client.name} changed",
    )
    return meeting


@transaction.atomic
def meeting_notes_update(
    *, workspace: Workspace, actor: User, meeting: Meeting, version: int | None, notes: str
) -> Meeting:
    """Replace the meeting's notes; ``version``: the one read (stale → 409 with the current notes)."""
    same_workspace(workspace, meeting)
    meeting.notes = _notes(notes)
    versioned_save(meeting, expected_version=version, fields=["notes"])
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="updated",
        obj=meeting,
        summary=f"Notes of “{meeting.title}” ({meeting.client.name}) saved",
    )
    return meeting


@transaction.atomic
def meeting_hold(
    *, workspace: Workspace, actor: User, meeting: Meeting, version: int | None, now: dt.datetime | None = None
) -> Meeting:
    """Mark the meeting as held: the agenda generated now is stored in ``Meeting.agenda`` and no longer
    changes. Holding it twice is refused (409)."""
    same_workspace(workspace, meeting)
    if meeting.held_at is not None:
        raise ConflictError(f"“{meeting.title}” was already marked as held; its agenda is frozen.", current=meeting)
    frozen = meeting_selectors.meeting_agenda_live(workspace=workspace, meeting=meeting)
    meeting.agenda = frozen.as_data()
    meeting.held_at = now or timezone.now()
    versioned_save(meeting, expected_version=version, fields=["agenda", "held_at"])
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="held",
        obj=meeting,
        summary=f"Meeting “{meeting.title}” of {meeting.client.name} held: {frozen.headline}",
    )
    return meeting


@transaction.atomic
def meeting_delete(*, workspace: Workspace, actor: User, meeting: Meeting, version: int | None = None) -> None:
    """Delete a meeting (``version``, when given, must be current). Its decisions stay, without a meeting."""
    same_workspace(workspace, meeting)
    qs = Meeting.objects.filter(pk=meeting.pk)
    if version is not None:
        qs = qs.filter(version=version)
    deleted, _ = qs.delete()
    if not deleted:
        current = Meeting.objects.filter(pk=meeting.pk).first()
        raise ConflictError(
            "This meeting was changed or deleted by someone else since you opened it; nothing was deleted.",
            current=current,
        )
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="deleted",
        obj=None,
        summary=f"Meeting “{meeting.title}” of {meeting.client.name} deleted",
    )


# --- decisions -----------------------------------------------------------------------------------------------


def _decision_links(workspace: Workspace, client: Client, meeting: Meeting | None, item: ActionItem | None) -> None:
    same_workspace(workspace, client, meeting, item)
    if meeting is not None and meeting.client_id != client.pk:
        raise ApplicationError("That meeting is another client's.", fields={"meeting": ["Another client's."]})
    if item is not None and item.client_id != client.pk:
        raise ApplicationError("That action item is another client's.", fields={"item": ["Another client's."]})


def _status(status: str) -> str:
    if status not in DecisionStatus.values:
        raise ApplicationError("A decision is pending or decided.", fields={"status": ["Pending or decided."]})
    return status


@transaction.atomic
def decision_add(
    *,
    workspace: Workspace,
    actor: User,
    client: Client,
    text: str,
    meeting: Meeting | None = None,
    item: ActionItem | None = None,
    status: str = DecisionStatus.PENDING,
    now: dt.datetime | None = None,
) -> Decision:
    """Record a decision (to take, or taken) for the client, at a meeting and about an item when given."""
    _decision_links(workspace, client, meeting, item)
    status = _status(status)
    decision = Decision(
        workspace=workspace,
        client=client,
        meeting=meeting,
        item=item,
        text=(text or "").strip(),
        status=status,
        decided_at=(now or timezone.now()) if status == DecisionStatus.DECIDED else None,
    )
    _clean(decision, exclude=["workspace", "client", "meeting", "item"])
    decision.save()
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="created",
        obj=decision,
        summary=f"Decision “{decision.text[:120]}” recorded for {client.name} ({decision.status})",
    )
    return decision


@transaction.atomic
def decision_update(
    *,
    workspace: Workspace,
    actor: User,
    decision: Decision,
    text: str | None = None,
    status: str | None = None,
    version: int | None = None,
    now: dt.datetime | None = None,
) -> Decision:
    """Change the text or the status (deciding stamps ``decided_at``; back to pending clears it).
    ``version``: the decision's version as read (default: as ``decision`` was loaded); when it is stale → 409 with
    the current decision."""
    same_workspace(workspace, decision)
    now = now or timezone.now()
    if text is not None:
        decision.text = text.strip()
    if status is not None and _status(status) != decision.status:
        decision.status = status
        decision.decided_at = now if status == DecisionStatus.DECIDED else None
    _clean(decision, exclude=["workspace", "client", "meeting", "item"])
    versioned_update(
        decision,
        expected_version=version if version is not None else decision.version,
        values={"text": decision.text, "status": decision.status, "decided_at": decision.decided_at, "updated_at": now},
        conflict=lambda current: ConflictError(
            "This decision was changed by someone else since you opened it. Nothing was saved; "
            "the current decision is shown.",
            current=current,
        ),
    )
    verb = "decided" if status == DecisionStatus.DECIDED else "updated"
    activity_record(
        workspace=workspace,
        actor=actor,
        verb=verb,
        obj=decision,
        summary=f"Decision “{decision.text[:120]}” {verb} ({decision.status})",
    )
    return decision


@transaction.atomic
def decision_delete(*, workspace: Workspace, actor: User, decision: Decision) -> None:
    same_workspace(workspace, decision)
    text = decision.text
    Decision.objects.filter(pk=decision.pk).delete()
    activity_record(
        workspace=workspace, actor=actor, verb="deleted", obj=None, summary=f"Decision “{text[:120]}” deleted"
    )


# --- calendar feeds ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewFeed:
    feed: CalendarFeed
    token: str  # the only time the secret exists outside the subscriber's hands


@transaction.atomic
def calendar_feed_create(*, workspace: Workspace, actor: User, client: Client, label: str = "") -> NewFeed:
    """A new secret feed URL for the client's meetings and due dates. The token is returned once; only its
    hash and its first 8 characters are kept."""
    same_workspace(workspace, client)
    token = FEED_TOKEN_PREFIX + secrets.token_urlsafe(32)
    feed = CalendarFeed(
        workspace=workspace,
        client=client,
        token_hash=token_hash(token),
        token_prefix=token[:8],
        label=(label or "").strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _clean(feed, exclude=["workspace", "client", "created_by", "token_hash"])
    feed.save()
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="created",
        obj=feed,
        summary=f"Calendar feed {feed.token_prefix}… created for {client.name}"
        + (f" ({feed.label})" if feed.label else ""),
    )
    return NewFeed(feed, token)


@transaction.atomic
def calendar_feed_revoke(
    *, workspace: Workspace, actor: User, feed: CalendarFeed, now: dt.datetime | None = None
) -> CalendarFeed:
    """Stop the feed for good (its URL answers 404 from now on). Revoking twice changes nothing."""
    same_workspace(workspace, feed)
    if feed.revoked_at is None:
        feed.revoked_at = now or timezone.now()
        CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(
            revoked_at=feed.revoked_at, updated_at=feed.revoked_at
        )
        activity_record(
            workspace=workspace,
            actor=actor,
            verb="revoked",
            obj=feed,
            summary=f"Calendar feed {feed.token_prefix}… of {feed.client.name} revoked",
        )
    return feed
