"""API schemas for strategy sessions, SWOT entries, business goals, initiatives and the annual operational plan
(input and output kept apart). Money is a decimal string in the workspace's currency, e.g. "1500.00"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from sevenc.core.schemas import StrictSchema

SwotKindIn = Literal["strength", "weakness", "opportunity", "threat"]
PriorityIn = Literal[1, 2, 3]


# --- sessions ------------------------------------------------------------------------------------------------


class StrategySessionIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=200, description="e.g. “IT strategy retreat 2027”.")
    held_on: dt.date = Field(..., description="The day of the session.")
    year: int | None = Field(
        None,
        ge=2000,
        le=2100,
        description="The year it plans (the operational plan's year). "
        "Default: the next year for a session held from "
        "October on, else the same year.",
    )
    notes: str = Field("", max_length=50_000)


class StrategySessionPatch(StrictSchema):
    version: int = Field(..., description="The version you read; a stale one gets 409 and changes nothing.")
    title: str | None = Field(None, min_length=1, max_length=200)
    held_on: dt.date | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    notes: str | None = Field(None, max_length=50_000)


class StrategySessionOut(Schema):
    id: int
    client_id: int
    title: str
    held_on: dt.date
    year: int
    notes: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class StrategySessionListOut(StrategySessionOut):
    swot_count: int = Field(0, description="SWOT entries of the session.")
    goal_count: int = 0
    initiative_count: int = 0


# --- SWOT ----------------------------------------------------------------------------------------------------


class SwotEntryIn(StrictSchema):
    kind: SwotKindIn = Field(..., description="`strength`/`weakness` (internal) or `opportunity`/`threat` (external).")
    text: str = Field(..., min_length=1, max_length=500)


class SwotEntryPatch(StrictSchema):
    text: str | None = Field(None, min_length=1, max_length=500)
    kind: SwotKindIn | None = Field(None, description="Moves the entry to the end of another quadrant.")
    position: int | None = Field(
        None, ge=0, description="Its new place in its quadrant, 0 first (the others shift); past the end: last."
    )
    version: int | None = Field(
        None, ge=1, description="The version you read; when it is stale the answer is 409 with the current entry."
    )


class SwotEntryOut(Schema):
    id: int
    session_id: int
    kind: str
    text: str
    position: int
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class SwotOut(Schema):
    """The classic 2×2: internal (strengths, weaknesses) and external (opportunities, threats)."""

    strengths: list[SwotEntryOut]
    weaknesses: list[SwotEntryOut]
    opportunities: list[SwotEntryOut]
    threats: list[SwotEntryOut]


# --- business goals ------------------------------------------------------------------------------------------


class BusinessGoalIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=200, description="e.g. “Open a second site by 2028”.")
    measure: str = Field("", max_length=300, description="How we know it is reached.")
    target_date: dt.date | None = None


class BusinessGoalPatch(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=200)
    measure: str | None = Field(None, max_length=300)
    target_date: dt.date | None = Field(None, description="`null` clears it.")
    position: int | None = Field(None, ge=0, description="Its new place in the session's list, 0 first.")
    version: int | None = Field(
        None, ge=1, description="The version you read; when it is stale the answer is 409 with the current goal."
    )


class BusinessGoalOut(Schema):
    id: int
    session_id: int
    title: str
    measure: str
    target_date: dt.date | None
    position: int
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


# --- initiatives ---------------------------------------------------------------------------------------------


class InitiativeIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=200)
    year: int | None = Field(
        None,
        ge=2000,
        le=2100,
        description="Required unless `session_id` is given (then default: the session's plan year).",
    )
    session_id: int | None = Field(None, description="The strategy session it came from (same client).")
    goal_id: int | None = Field(None, description="The business goal it serves (a goal of the same client).")
    description: str = Field("", max_length=20_000)
    owner: str = Field("", max_length=150, description="Who drives it.")
    priority: PriorityIn = Field(2, description="1 high, 2 medium, 3 low.")
    item_ids: list[int] = Field([], max_length=500, description="Action items of the same client to group in it.")


class InitiativePatch(StrictSchema):
    version: int = Field(..., description="The version you read; a stale one gets 409 and changes nothing.")
    title: str | None = Field(None, min_length=1, max_length=200)
    year: int | None = Field(None, ge=2000, le=2100)
    session_id: int | None = Field(None, description="`null` unlinks the session.")
    goal_id: int | None = Field(None, description="`null` unlinks the goal.")
    description: str | None = Field(None, max_length=20_000)
    owner: str | None = Field(None, max_length=150)
    priority: PriorityIn | None = None
    item_ids: list[int] | None = Field(
        None,
        max_length=500,
        description="The initiative's items from now on: those not listed leave it, "
        "those listed join it (moving from another initiative). Items "
        "must be the same client's, else 400 and nothing changes.",
    )


class InitiativeOut(Schema):
    id: int
    client_id: int
    session_id: int | None
    goal_id: int | None
    title: str
    description: str
    owner: str
    priority: int
    year: int
    item_ids: list[int] = Field(..., description="Its action items.")
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_item_ids(obj: object) -> list[int]:
        return sorted(i.pk for i in obj.items.all())  # type: ignore[attr-defined]


class StrategySessionDetailOut(StrategySessionOut):
    swot: SwotOut
    goals: list[BusinessGoalOut]
    initiatives: list[InitiativeOut]


# --- the operational plan ------------------------------------------------------------------------------------


class QuarterBudgetOut(Schema):
    quarter: str = Field(..., description="e.g. 2027-Q1.")
    cost: Decimal = Field(
        ...,
        description="One-time costs of items scheduled in the quarter + 3 × the recurring "
        "monthly cost of every item scheduled in it or before.",
    )
    hours: Decimal = Field(..., description="Effort hours of items scheduled in the quarter.")


class BudgetOut(Schema):
    quarters: list[QuarterBudgetOut]
    total_cost: Decimal
    total_hours: Decimal


class PlanItemOut(Schema):
    id: int
    title: str
    status: str
    quarter: str = Field(..., description="Empty: not scheduled (costs nothing in the plan).")
    priority: int
    responsible: str = Field(..., description="The responsible party's name.")
    accountable: str
    one_time_cost: Decimal
    recurring_monthly_cost: Decimal
    effort_hours: Decimal
    initiative_id: int | None
    budget: BudgetOut = Field(..., description="What the item costs in each quarter of the year.")


class PlanInitiativeOut(Schema):
    id: int
    title: str
    description: str
    owner: str
    priority: int
    goal_id: int | None
    goal_title: str
    session_id: int | None
    items: list[PlanItemOut]
    budget: BudgetOut


class OperationalPlanOut(Schema):
    client_id: int
    client_name: str
    year: int
    currency: str
    quarters: list[str]
    initiatives: list[PlanInitiativeOut] = Field(..., description="The year's initiatives, highest priority first.")
    unassigned: list[PlanItemOut] = Field(
        ..., description="Items that cost money or hours in the year and are in no initiative of the year."
    )
    unassigned_budget: BudgetOut
    totals: BudgetOut = Field(..., description="Initiatives + unassigned items, per quarter.")
    years: list[int] = Field(..., description="The years in which the client has initiatives.")
