"""API schemas for execution cycles: meetings, agendas, decisions and calendar feeds (input and output apart)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from sevenc.core.schemas import StrictSchema, VersionIn  # noqa: F401 - re-exported
from sevenc.planning.schemas import Money

Kind = Literal["quarterly", "monthly", "weekly"]
DecisionState = Literal["pending", "decided"]


class MeetingIn(StrictSchema):
    kind: Kind
    starts_at: dt.datetime = Field(
        ...,
        description="With an offset (e.g. 2026-05-04T10:00:00+02:00); a time "
        "without one is read in the workspace's time zone.",
    )
    title: str = Field("", max_length=200, description="Empty: the kind and the date, e.g. “Monthly review 2026-05”.")
    duration_minutes: int = Field(60, ge=5, le=1440)
    location: str = Field("", max_length=300, description="A room, an address or a video-call link.")
    notes: str = Field("", max_length=50_000)


class MeetingPatch(StrictSchema):
    version: int = Field(..., description="The version you read; a stale one gets 409 and changes nothing.")
    kind: Kind | None = Field(None, description="Not for a held meeting.")
    starts_at: dt.datetime | None = Field(None, description="Not for a held meeting.")
    title: str | None = Field(None, max_length=200)
    duration_minutes: int | None = Field(None, ge=5, le=1440)
    location: str | None = Field(None, max_length=300)
    notes: str | None = Field(None, max_length=50_000)


class MeetingOut(Schema):
    id: int
    client_id: int
    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    duration_minutes: int
    location: str
    notes: str
    held_at: dt.datetime | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_ends_at(obj: object) -> dt.datetime:
        return obj.starts_at + dt.timedelta(minutes=obj.duration_minutes)  # type: ignore[attr-defined, no-any-return]


class MeetingSavedOut(MeetingOut):
    warnings: list[str] = Field(
        ...,
        description="The client's other meetings that overlap this one, one sentence each (an overlap is allowed; "
        "it is said). Empty when there is none.",
    )


class AgendaEntryOut(Schema):
    ref: str = Field(..., description='"item:<id>", "decision:<id>", "score:overall" or "score:block:<key>".')
    text: str
    when: dt.date | None = Field(..., description="Due date, day done, or day the decision was raised.")
    who: str = Field(..., description="The responsible party (items).")
    note: str = Field(..., description="The item's status, the compared periods, or where a decision was raised.")
    overdue_days: int = Field(
        ..., description="Days late: against the due date (`due`) or the end of the item's last quarter (`late`)."
    )
    before: float | None = Field(..., description="Score of the previous final assessment (scores only).")
    after: float | None = Field(..., description="Score of the latest final assessment (scores only).")
    change: float | None
    quarter: str = Field(
        ..., description='The quarters a roadmap item spans: "2027-Q1", or "2027-Q1–2027-Q2" (roadmap sections).'
    )
    one_time_cost: Money | None = Field(..., description="One-time cost, in the workspace's currency (`next` only).")
    monthly_cost: Money | None = Field(..., description="Monthly cost, in the workspace's currency (`next` only).")


class AgendaSectionOut(Schema):
    key: Literal["quarter", "late", "next", "unplaced", "due", "done", "scores", "decisions"]
    title: str
    empty_text: str = Field(..., description="What to say when the section has no entries.")
    warning: bool = Field(..., description="True for `unplaced` when it lists items: critical work not on the roadmap.")
    entries: list[AgendaEntryOut]


class AgendaOut(Schema):
    meeting_id: int
    frozen: bool = Field(..., description="True: stored when the meeting was held; false: generated now.")
    kind: str
    meeting_day: dt.date
    previous_at: dt.datetime | None = Field(
        ..., description="Start of the client's last held meeting before this one (null: none was held)."
    )
    previous_id: int | None = Field(..., description="That meeting's id.")
    previous_title: str = Field(..., description="That meeting's title.")
    quarter: str = Field(..., description="A quarterly review's quarter (the meeting day's); empty for other kinds.")
    headline: str
    sections: list[AgendaSectionOut]


class DecisionIn(StrictSchema):
    text: str = Field(..., min_length=1, max_length=500)
    status: DecisionState = "pending"
    meeting_id: int | None = Field(None, description="The meeting it was raised or taken at (same client).")
    item_id: int | None = Field(None, description="The action item it is about (same client).")


class DecisionPatch(StrictSchema):
    text: str | None = Field(None, min_length=1, max_length=500)
    status: DecisionState | None = Field(None, description="`decided` stamps `decided_at`; `pending` clears it.")
    version: int | None = Field(
        None, ge=1, description="The version you read; when it is stale the answer is 409 with the current decision."
    )


class DecisionOut(Schema):
    id: int
    client_id: int
    meeting_id: int | None
    item_id: int | None
    text: str
    status: str
    decided_at: dt.datetime | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class CalendarFeedIn(StrictSchema):
    label: str = Field("", max_length=100, description="Whose calendar it is for, e.g. “CEO's Outlook”.")


class CalendarFeedOut(Schema):
    id: int
    client_id: int
    label: str
    token_prefix: str = Field(..., description="The token's first characters, to tell feeds apart.")
    created_at: dt.datetime
    created_by: str | None = None
    revoked_at: dt.datetime | None
    active: bool

    @staticmethod
    def resolve_created_by(obj: object) -> str | None:
        user = getattr(obj, "created_by", None)
        return user.email if user is not None else None

    @staticmethod
    def resolve_active(obj: object) -> bool:
        return getattr(obj, "revoked_at", None) is None


class CalendarFeedCreatedOut(CalendarFeedOut):
    token: str = Field(..., description="The secret; shown this once. sevenc keeps only a hash of it.")
    url: str = Field(..., description="The feed's address (webcal clients: replace https with webcal).")
