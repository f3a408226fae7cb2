"""API schemas for action items, the roadmap, plan approvals and planning settings (input and output kept apart).

Money and hours are decimals: the API answers them as strings ("500.00", "4.0") so that no cent is lost, and
takes a string or a number. Values (ITCq points) are floats.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import PlainSerializer

from sevenc.core.domain import money, quarters
from sevenc.core.schemas import StrictSchema

Status = Literal["proposed", "approved", "in_progress", "done", "dropped"]
StatusFilter = Literal["open", "proposed", "approved", "in_progress", "done", "dropped"]
PriorityLevel = Literal[1, 2, 3]
QUARTER_PATTERN = quarters.PATTERN
MAX_IDS = 500
CENTS = Decimal("0.01")
TENTHS = Decimal("0.1")

# Outputs: money always with 2 decimals, hours with 1 (an unsaved default reads "120.00" as a stored one does).
Money = Annotated[Decimal, PlainSerializer(lambda d: d.quantize(CENTS), return_type=Decimal)]
Hours = Annotated[Decimal, PlainSerializer(lambda d: d.quantize(TENTHS), return_type=Decimal)]


def _money(description: str = "") -> Any:
    return Field(None, ge=0, max_digits=12, decimal_places=2, description=description or None)


def _cost(key: str) -> str:
    """An item's cost, described with the words every page uses (core.domain.money; docs/planning.md, "Costs")."""
    return f"{money.COST_DEFINITIONS[key]} In the workspace's currency."


def _hours(description: str = "") -> Any:
    return Field(None, ge=0, max_digits=7, decimal_places=1, description=description or None)


# --- action items --------------------------------------------------------------------------------------------------


class LiftIn(StrictSchema):
    practice_key: str = Field(
        ..., min_length=1, max_length=100, description="A practice of the framework of the client's latest assessment."
    )
    expected_level: int = Field(..., ge=0, le=5, description="The level the practice reaches once the item is done.")


class ItemFields(StrictSchema):
    """What an item's create and patch share; every field is optional here."""

    description: str | None = Field(None, max_length=20_000)
    status: Status | None = None
    priority: PriorityLevel | None = Field(None, description="1 high, 2 medium, 3 low.")
    responsible_party_id: int | None = Field(None, description="A party of the same client; null: nobody.")
    accountable: str | None = Field(None, max_length=150, description="The accountable person (free text).")
    quarter: str | None = Field(None, max_length=7, description='A quarter such as "2027-Q1"; "" = the backlog.')
    pinned: bool | None = Field(None, description="The scheduler keeps a pinned item in its quarter (needs one).")
    due_date: dt.date | None = None
    one_time_cost: Decimal | None = _money(_cost("one_time_cost"))
    recurring_monthly_cost: Decimal | None = _money(_cost("recurring_monthly_cost"))
    effort_hours: Decimal | None = _hours()
    duration: int | None = Field(
        None,
        ge=1,
        le=8,
        description="Consecutive quarters the item spans (1-8); its hours and one-time cost are spread over them.",
    )
    delivered_by: str | None = Field(
        None, max_length=200, description="The MSP service or partner solution that delivers it."
    )
    psa_reference: str | None = Field(None, max_length=100)
    psa_url: str | None = Field(None, max_length=500)
    initiative_id: int | None = Field(None, description="A strategic initiative of the same client; null: none.")
    lifts: list[LiftIn] | None = Field(None, max_length=200, description="Replaces the practices the item lifts.")
    depends_on: list[int] | None = Field(
        None,
        max_length=MAX_IDS,
        description="Ids of items of the same client that must come first; replaces the item's dependencies.",
    )


class ActionItemIn(ItemFields):
    title: str = Field(..., min_length=1, max_length=200)


class ActionItemPatch(ItemFields):
    version: int = Field(..., description="The version you read; a stale one gets 409 with the current item.")
    title: str | None = Field(None, min_length=1, max_length=200)


class StatusIn(StrictSchema):
    status: Status
    version: int = Field(..., description="The version you read; a stale one gets 409 with the current item.")


class MoveIn(StrictSchema):
    quarter: str = Field(..., max_length=7, description='The quarter, e.g. "2027-Q2"; "" puts it back in the backlog.')
    version: int = Field(..., description="The version you read; a stale one gets 409 with the current item.")
    pinned: bool | None = Field(None, description="Default: moving to a quarter pins the item, the backlog unpins it.")


class MergeIn(StrictSchema):
    others: list[int] = Field(
        ...,
        min_length=1,
        max_length=MAX_IDS,
        description="Ids of items of the same client folded into this one, then deleted.",
    )
    version: int = Field(..., description="The version of the item merged into; a stale one gets 409.")


class AcceptIn(StrictSchema):
    """What to accept (or drop): the items named, every undecided proposal (`all`), or those of one block."""

    item_ids: list[int] | None = Field(
        None, min_length=1, max_length=MAX_IDS, description="These items of the client (give exactly one of the three)."
    )
    all: bool = Field(False, description="Every proposal of the client nobody has accepted or dropped yet.")
    block: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        description='The undecided proposals that lift a practice of this block, by key (e.g. "continuous").',
    )
    versions: dict[int, int] | None = Field(
        None,
        max_length=MAX_IDS,
        description="Item id → the version you read. When given, an item changed since (or, for `all` and `block`, "
        "a proposal you did not read) refuses the whole operation with 409; nothing is changed.",
    )


class DropIn(AcceptIn):
    """What to drop: the items named, every undecided proposal (`all`), or those of one block."""


class GenerateIn(StrictSchema):
    assessment_id: int | None = Field(
        None,
        description="An assessment of this client; default: the latest one with targets (a final one before a draft).",
    )


class CommentIn(StrictSchema):
    body: str = Field(..., min_length=1, max_length=5000)


class LiftOut(Schema):
    practice_key: str = Field(..., alias="practice.key")
    expected_level: int
    level_at_start: int | None = Field(..., description="The practice's level when the item was planned.")


class ActionItemOut(Schema):
    id: int
    client_id: int
    title: str
    description: str
    status: str
    priority: int
    origin: str = Field(..., description='"manual" or "generated" (from gaps).')
    source_assessment_id: int | None
    accepted_at: dt.datetime | None
    responsible_party_id: int | None
    accountable: str
    quarter: str
    pinned: bool
    due_date: dt.date | None
    one_time_cost: Money = Field(..., description=_cost("one_time_cost"))
    recurring_monthly_cost: Money = Field(..., description=_cost("recurring_monthly_cost"))
    effort_hours: Hours
    duration: int = Field(..., description="Consecutive quarters the item spans, from its quarter on.")
    delivered_by: str
    psa_reference: str
    psa_url: str
    initiative_id: int | None
    lifts: list[LiftOut]
    depends_on: list[int]
    done_at: dt.datetime | None
    review_flag: str
    value: float | None = Field(
        None, description="ITCq points the item closes (urgent blocks boosted), from the client's latest targets."
    )
    value_for_money: float | None = Field(
        None,
        description="Value per 1,000 of first-year cost (one-time cost + 12 × monthly cost + effort hours × "
        "the hourly rate).",
    )
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_lifts(obj: Any) -> list[Any]:
        return list(obj.lifts.all())

    @staticmethod
    def resolve_depends_on(obj: Any) -> list[int]:
        return sorted(d.pk for d in obj.depends_on.all())

    @staticmethod
    def resolve_value(obj: Any) -> float | None:
        valuation = getattr(obj, "valuation", None)
        return None if valuation is None else valuation.value

    @staticmethod
    def resolve_value_for_money(obj: Any) -> float | None:
        valuation = getattr(obj, "valuation", None)
        return None if valuation is None else valuation.value_for_money


class ItemFilter(StrictSchema):
    status: StatusFilter | None = Field(None, description="`open`: proposed, approved or in progress.")
    quarter: str | None = Field(None, max_length=7, description='A quarter such as "2027-Q1"; `none`: the backlog.')
    party_id: int | None = Field(None, description="Only the items this party is responsible for.")
    q: str = Field("", max_length=100, description="Searches title and description.")


class CommentOut(Schema):
    id: int
    item_id: int
    author: str | None = Field(None, description="The author's email.")
    body: str
    created_at: dt.datetime

    @staticmethod
    def resolve_author(obj: Any) -> str | None:
        return obj.author.email if obj.author is not None else None


class GenerateOut(Schema):
    assessment_id: int | None = Field(..., description="The assessment the proposals come from.")
    created: list[int] = Field(..., description="Ids of the new proposals.")
    replaced: int = Field(..., description="Untouched proposals of an earlier run that were replaced.")
    kept: int = Field(..., description="Items the vCIO kept (accepted, edited, added by hand…), left as they are.")
    below_target: int = Field(..., description="Practices below their target.")
    message: str


class AcceptOut(Schema):
    accepted: int = Field(..., description="Proposals accepted now (those accepted before are not counted).")


class DropOut(Schema):
    dropped: int = Field(..., description="Items dropped now (those dropped before are not counted).")


# --- the roadmap ---------------------------------------------------------------------------------------------------


class LimitIn(StrictSchema):
    budget: Decimal | None = _money("Empty with `hours` empty too: remove the override.")
    hours: Decimal | None = _hours()


class RoadmapPatch(StrictSchema):
    version: int = Field(
        ...,
        description="The roadmap's version you read (1 before it was first saved); a stale one "
        "gets 409 with the current roadmap.",
    )
    first_quarter: str | None = Field(None, pattern=QUARTER_PATTERN, description='e.g. "2027-Q1".')
    quarters: int | None = Field(None, ge=1, le=16, description="The horizon: number of quarters.")
    budget_per_quarter: Decimal | None = _money("Default budget of a quarter (one-time + 3 × monthly costs).")
    hours_per_quarter: Decimal | None = _hours("Default hours capacity of a quarter.")
    limits: dict[str, LimitIn] | None = Field(
        None,
        description='Per-quarter overrides, e.g. {"2027-Q3": {"budget": '
        '"2000", "hours": null}}; a missing value takes the '
        "default; both null removes the override.",
    )


class ScheduleIn(StrictSchema):
    method: Literal["solver", "greedy"] = Field(
        "solver",
        description="`solver`: CP-SAT, best value soonest (a second or two); `greedy`: best value for money first.",
    )


class ApproveIn(StrictSchema):
    comment: str = Field("", max_length=2000)


class ExportQuery(StrictSchema):
    format: Literal["csv", "xlsx"] = "csv"


class RoadmapSettingsOut(Schema):
    """The roadmap row (the `current` of a 409)."""

    id: int | None
    client_id: int
    first_quarter: str
    quarters: int
    budget_per_quarter: Money
    hours_per_quarter: Hours
    version: int


class ApprovalOut(Schema):
    id: int
    client_id: int
    approved_by: str | None = Field(None, description="The approver's email.")
    approved_at: dt.datetime = Field(..., alias="created_at")
    items: list[dict[str, Any]] = Field(..., description="What was planned then: id, title, quarter, status, costs.")
    total_cost: Money = Field(
        ...,
        description="One-time cost + 12 × monthly cost of those items, in the workspace's currency (effort hours are "
        "not counted, unlike their first-year cost).",
    )
    comment: str

    @staticmethod
    def resolve_approved_by(obj: Any) -> str | None:
        return obj.approved_by.email if obj.approved_by is not None else None


class LimitOut(Schema):
    budget: Money
    hours: Hours


class RoadmapQuarterOut(Schema):
    quarter: str
    budget: Money
    hours_capacity: Hours
    overridden: bool = Field(..., description="The quarter has its own limits.")
    item_ids: list[int] = Field(..., description="Open and done items that start in the quarter, in card order.")
    continuing_item_ids: list[int] = Field(
        ..., description="Multi-quarter items started in an earlier quarter and still running in this one."
    )
    spend: Money = Field(
        ...,
        description="The one-time cost share of every item running here (an item's one-time cost is spread over its "
        "quarters) + 3 × the monthly cost of every item started here or earlier; done items count too.",
    )
    hours: Hours
    over_budget: bool
    over_hours: bool
    projected_itcq: float | None = Field(..., description="The ITCq once the items up to this quarter are done.")


class RemedyOut(Schema):
    kind: str = Field(
        ...,
        description='"raise-limit", "longer-duration", "split" or "schedule-dependency": what would place the item.',
    )
    text: str
    quarter: str | None = Field(None, description="The quarter whose limit to raise (raise-limit).")
    amount: Decimal | None = Field(None, description="The limit that would place it (raise-limit).")
    duration: int | None = Field(None, description="The duration in quarters that would place it (longer-duration).")


class UnplacedOut(Schema):
    item_id: int
    reason: str = Field(..., description="Which limit keeps it out, in which quarter, by how much.")
    critical: bool = Field(..., description="It lifts a critical practice or a practice of the Continuous block.")
    remedies: list[RemedyOut]


class SplitIn(StrictSchema):
    version: int = Field(..., description="The version you read; a stale one gets 409 with the current item.")


class RoadmapOut(Schema):
    client_id: int
    first_quarter: str
    quarters: int
    budget_per_quarter: Money
    hours_per_quarter: Hours
    limits: dict[str, LimitOut] = Field(..., description="The per-quarter overrides.")
    version: int
    columns: list[RoadmapQuarterOut]
    backlog: list[int] = Field(..., description="Open items in no quarter of the horizon (best value for money first).")
    earlier: list[int] = Field(..., description="Open items planned before the horizon.")
    unplaced: list[UnplacedOut] = Field(
        ..., description="Why each backlog item is not on the roadmap and what would place it (backlog order)."
    )
    closed: int = Field(..., description="Done or dropped items.")
    current_itcq: float | None
    total_spend: Money
    latest_approval: ApprovalOut | None


class PlacementOut(Schema):
    item_id: int
    quarter: str


class ExclusionOut(Schema):
    item_id: int
    reason: str


class ScheduleQuarterOut(Schema):
    quarter: str
    spend: Money
    hours: Hours


class ScheduleOut(Schema):
    method: str = Field(..., description='"cp-sat optimal", "cp-sat feasible" or "greedy".')
    note: str = Field(..., description="Why the method is what it is, when it is not the optimal solver.")
    value: float = Field(..., description="Total value (ITCq points) of the placed items.")
    placement: list[PlacementOut]
    quarters: list[ScheduleQuarterOut]
    unscheduled: list[int] = Field(..., description="Items in the problem left in the backlog (over the limits).")
    excluded: list[ExclusionOut] = Field(..., description="Open items left out of the problem, with the reason.")
    unplaced: list[UnplacedOut] = Field(
        ..., description="Why each unscheduled item did not fit and what would place it, in `unscheduled` order."
    )
    moved: int = Field(..., description="Items whose quarter changed.")
    message: str


# --- settings ------------------------------------------------------------------------------------------------------


class PlanningSettingsIn(StrictSchema):
    version: int = Field(
        ...,
        description="The version you read (1 before they were first saved); a stale one gets "
        "409 with the current settings.",
    )
    hourly_rate: Decimal | None = _money("Values effort hours in first-year costs (in the workspace's currency).")
    hours_per_level: Decimal | None = _hours("Effort per practice per level of uplift, for generated proposals.")
    one_time_cost_per_level: Decimal | None = _money()
    recurring_monthly_per_level: Decimal | None = _money()
    urgency_boost: Decimal | None = Field(
        None, ge=0, le=5, max_digits=4, decimal_places=2, description="0.25: Continuous-block work counts 25 % more."
    )
    currency: str | None = Field(
        None,
        min_length=3,
        max_length=3,
        description="The workspace's currency, an ISO 4217 code such as EUR or USD (chosen when the workspace was "
        "created). Changing it names the currency of every amount; it converts nothing.",
    )
    staff_from_matrix: bool | None = Field(
        None,
        description="True: items proposed from gaps take their responsible party and accountable person from the "
        "client's responsibility matrix (the parties holding R and A for the duties tied to their practices); "
        "false: they come unstaffed.",
    )


class PlanningSettingsOut(Schema):
    hourly_rate: Money
    hours_per_level: Hours
    one_time_cost_per_level: Money
    recurring_monthly_per_level: Money
    urgency_boost: Money
    currency: str = Field(..., description="The workspace's currency (ISO 4217): every amount is in it.")
    staff_from_matrix: bool = Field(..., description="Proposals from gaps are staffed from the responsibility matrix.")
    version: int

    @staticmethod
    def resolve_currency(obj: Any) -> str:
        return str(obj.workspace.currency)
