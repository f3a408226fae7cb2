"""Execution cycles through the API: meetings, their agendas, decisions and calendar feeds. Mounted at the API
root, so its paths are spelled out in full (/clients/{id}/meetings, /meetings/{id}, /decisions/{id}, …).
docs/execution.md describes the rules."""

from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Status
from ninja.pagination import paginate

from sevenc.core.api import Pagination, register_current, require
from sevenc.core.domain.roles import Capability
from sevenc.core.schemas import Id, StrictSchema, Version
from sevenc.planning.execution import selectors as meeting_selectors
from sevenc.planning.execution import services as meetings
from sevenc.planning.execution.models import Decision, Meeting
from sevenc.planning.execution.schemas import (
    AgendaOut,
    CalendarFeedCreatedOut,
    CalendarFeedIn,
    CalendarFeedOut,
    DecisionIn,
    DecisionOut,
    DecisionPatch,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    MeetingSavedOut,
    VersionIn,
)
from sevenc.tenancy import selectors as tenancy_selectors
from sevenc.tenancy.models import Workspace

meetings_router = Router(tags=["execution cycles"])
register_current(Meeting, MeetingOut)
register_current(Decision, DecisionOut)


class MeetingFilter(StrictSchema):
    when: Literal["upcoming", "past", "all"] = Field(
        "all",
        description="`upcoming`: not held and starting today or later (workspace time), soonest first; "
        "`past`: held or started before today, latest first; `all` (default): latest first.",
    )
    kind: Literal["quarterly", "monthly", "weekly"] | None = None


class DecisionFilter(StrictSchema):
    status: Literal["pending", "decided"] | None = None
    meeting_id: int | None = Field(None, description="Only those recorded at this meeting.")


# --- meetings ------------------------------------------------------------------------------------------------


@meetings_router.get(
    "/clients/{client_id}/meetings",
    response=list[MeetingOut],
    operation_id="planning_meeting_list",
    summary="The client's meetings (paged)",
    description="Quarterly, monthly and weekly reviews of one client. Filter with `when` and "
    "`kind`; paged as `{items, count}`.",
)
@paginate(Pagination)
def meeting_list(request: HttpRequest, client_id: Id, filters: Query[MeetingFilter]) -> Any:
    m = require(request)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    when = None if filters.when == "all" else filters.when
    return meeting_selectors.meeting_list(workspace=m.workspace, client=client, when=when, kind=filters.kind)


def _with_warnings(workspace: Workspace, meeting_id: int) -> Meeting:
    """The meeting as stored, with ``warnings``: the client's other meetings that overlap it."""
    meeting = meeting_selectors.meeting_get(workspace=workspace, pk=meeting_id)
    meeting.warnings = meeting_selectors.meeting_clash_warnings(  # type: ignore[attr-defined]
        workspace=workspace, meeting=meeting
    )
    return meeting


@meetings_router.post(
    "/clients/{client_id}/meetings",
    response={201: MeetingSavedOut},
    operation_id="planning_meeting_create",
    summary="Schedule a meeting",
    description="One meeting of the client. Its agenda is generated whenever it is read, until "
    "the meeting is marked as held (`POST /meetings/{id}/hold`). A meeting that overlaps another of the "
    "client's is booked all the same; `warnings` says which.",
)
def meeting_create(request: HttpRequest, client_id: Id, payload: MeetingIn) -> Status[Any]:
    m = require(request, Capability.MANAGE_PLANS)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    meeting = meetings.meeting_create(workspace=m.workspace, actor=m.user, client=client, **payload.dict())
    return Status(201, _with_warnings(m.workspace, meeting.pk))


@meetings_router.get(
    "/meetings/{meeting_id}",
    response=MeetingSavedOut,
    operation_id="planning_meeting_get",
    summary="One meeting",
    description="A meeting with its notes, when it was held, its version, and `warnings` naming the client's "
    "other meetings that overlap it.",
)
def meeting_get(request: HttpRequest, meeting_id: Id) -> Any:
    m = require(request)
    return _with_warnings(m.workspace, meeting_id)


@meetings_router.patch(
    "/meetings/{meeting_id}",
    response=MeetingSavedOut,
    operation_id="planning_meeting_update",
    summary="Change a meeting or its notes; send the `version` you read",
    description="Any of kind, start, title, duration, location and notes. A stale `version` "
    "gets 409 with the current meeting. A held meeting keeps its kind and start. A new time that "
    "overlaps another of the client's meetings is saved all the same; `warnings` says which.",
)
def meeting_update(request: HttpRequest, meeting_id: Id, payload: MeetingPatch) -> Any:
    m = require(request, Capability.MANAGE_PLANS)
    meeting = meeting_selectors.meeting_get(workspace=m.workspace, pk=meeting_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    meetings.meeting_update(workspace=m.workspace, actor=m.user, meeting=meeting, version=version, **data)
    return _with_warnings(m.workspace, meeting_id)


@meetings_router.delete(
    "/meetings/{meeting_id}",
    response={204: None},
    operation_id="planning_meeting_delete",
    summary="Delete a meeting (`?version=` optional: when given it must be current)",
    description="Its decisions stay with the client, without a meeting.",
)
def meeting_delete(request: HttpRequest, meeting_id: Id, version: Version | None = None) -> Status[None]:
    m = require(request, Capability.MANAGE_PLANS)
    meeting = meeting_selectors.meeting_get(workspace=m.workspace, pk=meeting_id)
    meetings.meeting_delete(workspace=m.workspace, actor=m.user, meeting=meeting, version=version)
    return Status(204, None)


@meetings_router.post(
    "/meetings/{meeting_id}/hold",
    response=MeetingOut,
    operation_id="planning_meeting_hold",
    summary="Mark the meeting as held: its agenda is frozen",
    description="Stores the agenda generated now with the meeting; from then on "
    "`GET /meetings/{id}/agenda` returns that one. Holding twice gets 409.",
)
def meeting_hold(request: HttpRequest, meeting_id: Id, payload: VersionIn) -> Any:
    m = require(request, Capability.MANAGE_PLANS)
    meeting = meeting_selectors.meeting_get(workspace=m.workspace, pk=meeting_id)
    meetings.meeting_hold(workspace=m.workspace, actor=m.user, meeting=meeting, version=payload.version)
    return meeting_selectors.meeting_get(workspace=m.workspace, pk=meeting_id)


@meetings_router.get(
    "/meetings/{meeting_id}/agenda",
    response=AgendaOut,
    operation_id="planning_meeting_agenda_get",
    summary="The meeting's agenda: live until it is held, frozen after",
    description="Sections, in order. A quarterly review starts with its roadmap: `quarter` (the items "
    "planned in the review's quarter, with their state), `late` (open items whose last quarter has ended), "
    "`next` (the next quarter's open items with their one-time and monthly costs) and `unplaced` (a "
    "warning: critical work not on the roadmap). Every meeting then has `due` (open items due by the "
    "meeting's day + 7/31/92 days, overdue flagged), `done` (done since the previous held meeting), "
    "`scores` (latest vs previous final assessment) and `decisions` (pending).",
)
def meeting_agenda_get(request: HttpRequest, meeting_id: Id) -> dict[str, Any]:
    m = require(request)
    meeting = meeting_selectors.meeting_get(workspace=m.workspace, pk=meeting_id)
    shown = meeting_selectors.meeting_agenda(workspace=m.workspace, meeting=meeting)
    a = shown.agenda
    return {
        "meeting_id": meeting.pk,
        "frozen": shown.frozen,
        "kind": a.kind,
        "meeting_day": a.meeting_day,
        "previous_at": a.previous_at,
        "previous_id": a.previous_id,
        "previous_title": a.previous_title,
        "quarter": a.quarter,
        "headline": a.headline,
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "empty_text": s.empty_text,
                "warning": s.is_warning,
                "entries": [
                    {
                        "ref": e.ref,
                        "text": e.text,
                        "when": e.when,
                        "who": e.who,
                        "note": e.note,
                        "overdue_days": e.overdue_days,
                        "before": e.before,
                        "after": e.after,
                        "change": e.change,
                        "quarter": e.quarter,
                        "one_time_cost": e.one_time_cost,
                        "monthly_cost": e.monthly_cost,
                    }
                    for e in s.entries
                ],
            }
            for s in a.sections
        ],
    }


# --- decisions -----------------------------------------------------------------------------------------------


@meetings_router.get(
    "/clients/{client_id}/decisions",
    response=list[DecisionOut],
    operation_id="planning_decision_list",
    summary="The client's decisions (paged)",
    description="Pending first, then newest first. Filter by `status` and `meeting_id`.",
)
@paginate(Pagination)
def decision_list(request: HttpRequest, client_id: Id, filters: Query[DecisionFilter]) -> Any:
    m = require(request)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    meeting = (
        meeting_selectors.meeting_get(workspace=m.workspace, pk=filters.meeting_id)
        if filters.meeting_id is not None
        else None
    )
    return meeting_selectors.decision_list(workspace=m.workspace, client=client, meeting=meeting, status=filters.status)


@meetings_router.post(
    "/clients/{client_id}/decisions",
    response={201: DecisionOut},
    operation_id="planning_decision_create",
    summary="Record a decision",
    description="A decision to take (`pending`) or taken (`decided`), at a meeting and about an "
    "action item of the same client when given.",
)
def decision_create(request: HttpRequest, client_id: Id, payload: DecisionIn) -> Status[Any]:
    m = require(request, Capability.MANAGE_PLANS)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    meeting = (
        meeting_selectors.meeting_get(workspace=m.workspace, pk=payload.meeting_id)
        if payload.meeting_id is not None
        else None
    )
    item = (
        meeting_selectors.action_item_get(workspace=m.workspace, pk=payload.item_id)
        if payload.item_id is not None
        else None
    )
    decision = meetings.decision_add(
        workspace=m.workspace,
        actor=m.user,
        client=client,
        text=payload.text,
        status=payload.status,
        meeting=meeting,
        item=item,
    )
    return Status(201, decision)


@meetings_router.patch(
    "/decisions/{decision_id}",
    response=DecisionOut,
    operation_id="planning_decision_update",
    summary="Change a decision's text or status",
    description="`status: decided` records when; send the `version` you read to be told "
    "(409) when someone else changed it meanwhile.",
)
def decision_update(request: HttpRequest, decision_id: Id, payload: DecisionPatch) -> Any:
    m = require(request, Capability.MANAGE_PLANS)
    decision = meeting_selectors.decision_get(workspace=m.workspace, pk=decision_id)
    return meetings.decision_update(
        workspace=m.workspace, actor=m.user, decision=decision, **payload.dict(exclude_unset=True)
    )


@meetings_router.delete(
    "/decisions/{decision_id}",
    response={204: None},
    operation_id="planning_decision_delete",
    summary="Delete a decision",
    description="Removes the decision for good.",
)
def decision_delete(request: HttpRequest, decision_id: Id) -> Status[None]:
    m = require(request, Capability.MANAGE_PLANS)
    decision = meeting_selectors.decision_get(workspace=m.workspace, pk=decision_id)
    meetings.decision_delete(workspace=m.workspace, actor=m.user, decision=decision)
    return Status(204, None)


# --- calendar feeds ------------------------------------------------------------------------------------------


@meetings_router.get(
    "/clients/{client_id}/calendar-feeds",
    response=list[CalendarFeedOut],
    operation_id="planning_calendar_feed_list",
    summary="The client's calendar feeds (not paged)",
    description="Active and revoked feeds, newest first; only the tokens' first characters.",
)
def calendar_feed_list(request: HttpRequest, client_id: Id) -> Any:
    m = require(request)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    return meeting_selectors.calendar_feed_list(workspace=m.workspace, client=client)


@meetings_router.post(
    "/clients/{client_id}/calendar-feeds",
    response={201: CalendarFeedCreatedOut},
    operation_id="planning_calendar_feed_create",
    summary="Create a secret iCalendar feed URL (the token is shown once)",
    description="The answer carries `token` and `url` this once; sevenc keeps only a hash. "
    "Anyone with the URL sees the client's meetings and due dates until it is "
    "revoked.",
)
def calendar_feed_create(request: HttpRequest, client_id: Id, payload: CalendarFeedIn) -> Status[Any]:
    m = require(request, Capability.MANAGE_PLANS)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    new = meetings.calendar_feed_create(workspace=m.workspace, actor=m.user, client=client, label=payload.label)
    feed = new.feed
    feed.token = new.token  # type: ignore[attr-defined]
    feed.url = request.build_absolute_uri(
        reverse(
            "planning:calendar_feed",  # type: ignore[attr-defined]
            kwargs={"token": new.token},
        )
    )
    return Status(201, feed)


@meetings_router.delete(
    "/calendar-feeds/{feed_id}",
    response={204: None},
    operation_id="planning_calendar_feed_revoke",
    summary="Revoke a calendar feed",
    description="Its URL answers 404 from now on; the feed stays listed as revoked.",
)
def calendar_feed_revoke(request: HttpRequest, feed_id: Id) -> Status[None]:
    m = require(request, Capability.MANAGE_PLANS)
    feed = meeting_selectors.calendar_feed_get(workspace=m.workspace, pk=feed_id)
    meetings.calendar_feed_revoke(workspace=m.workspace, actor=m.user, feed=feed)
    return Status(204, None)
