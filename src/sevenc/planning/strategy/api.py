"""Strategy sessions through the API: sessions, their SWOT and business goals, strategic initiatives (which group
action items) and the annual operational plan. Mounted at the API root, so its paths are spelled out in full
(/clients/{id}/strategy-sessions, /strategy-sessions/{id}, /swot/{id}, /goals/{id}, /initiatives/{id}, …).
docs/strategy.md describes the rules."""

# No ``from __future__ import annotations`` here: ninja reads the handlers' annotations at import time.

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from sevenc.core.api import Pagination, register_current, require
from sevenc.core.domain.bulk import refuse_duplicates
from sevenc.core.domain.errors import NotFoundError
from sevenc.core.domain.roles import Capability
from sevenc.core.schemas import Id, Version, Year
from sevenc.planning.strategy import selectors as strategy_selectors
from sevenc.planning.strategy import services as strategy
from sevenc.planning.strategy.domain import budget as strategy_budget
from sevenc.planning.strategy.models import BusinessGoal, StrategicInitiative, StrategySession, SwotEntry
from sevenc.planning.strategy.schemas import (
    BusinessGoalIn,
    BusinessGoalOut,
    BusinessGoalPatch,
    InitiativeIn,
    InitiativeOut,
    InitiativePatch,
    OperationalPlanOut,
    StrategySessionDetailOut,
    StrategySessionIn,
    StrategySessionListOut,
    StrategySessionOut,
    StrategySessionPatch,
    SwotEntryIn,
    SwotEntryOut,
    SwotEntryPatch,
)
from sevenc.tenancy import selectors as tenancy_selectors

strategy_router = Router(tags=["strategy sessions"])
register_current(StrategySession, StrategySessionOut)
register_current(SwotEntry, SwotEntryOut)
register_current(BusinessGoal, BusinessGoalOut)
register_current(StrategicInitiative, InitiativeOut)


# --- sessions ------------------------------------------------------------------------------------------------


@strategy_router.get(
    "/clients/{client_id}/strategy-sessions",
    response=list[StrategySessionListOut],
    operation_id="planning_strategy_session_list",
    summary="The client's strategy sessions (paged)",
    description="Latest first, each with its numbers of SWOT entries, goals and initiatives. "
    "`year` keeps those that plan that year. Paged as `{items, count}`.",
)
@paginate(Pagination)
def strategy_session_list(request: HttpRequest, client_id: Id, year: Year | None = None) -> Any:
    m = require(request)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    return strategy_selectors.strategy_session_list(workspace=m.workspace, client=client, year=year)


@strategy_router.post(
    "/clients/{client_id}/strategy-sessions",
    response={201: StrategySessionOut},
    operation_id="planning_strategy_session_create",
    summary="Record a strategy session",
    description="An IT strategy planning retreat with the client's leadership: a title, the day, "
    "the year it plans and notes. Add its SWOT, goals and initiatives next.",
)
def strategy_session_create(request: HttpRequest, client_id: Id, payload: StrategySessionIn) -> Status[Any]:
    m = require(request, Capability.MANAGE_PLANS)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    session = strategy.strategy_session_create(workspace=m.workspace, actor=m.user, client=client, **payload.dict())
    return Status(201, session)


def _session_out(session: StrategySession) -> dict[str, Any]:
    swot = strategy_selectors.session_swot(session)
    return {
        **StrategySessionOut.from_orm(session).model_dump(),
        "swot": {
            "strengths": swot.strengths,
            "weaknesses": swot.weaknesses,
            "opportunities": swot.opportunities,
            "threats": swot.threats,
        },
        "goals": list(session.goals.all()),
        "initiatives": list(session.initiatives.all()),
    }


@strategy_router.get(
    "/strategy-sessions/{session_id}",
    response=StrategySessionDetailOut,
    operation_id="planning_strategy_session_get",
    summary="One strategy session, whole",
    description="The session with its SWOT as the 2×2 (internal: strengths, weaknesses; "
    "external: opportunities, threats), its business goals in order and the "
    "initiatives that came from it (with their item ids).",
)
def strategy_session_get(request: HttpRequest, session_id: Id) -> Any:
    m = require(request)
    return _session_out(strategy_selectors.strategy_session_get(workspace=m.workspace, pk=session_id))


@strategy_router.patch(
    "/strategy-sessions/{session_id}",
    response=StrategySessionOut,
    operation_id="planning_strategy_session_update",
    summary="Change a session; send the `version` you read",
    description="Any of title, day, plan year and notes. A stale `version` gets 409 with the "
    "current session and changes nothing.",
)
def strategy_session_update(request: HttpRequest, session_id: Id, payload: StrategySessionPatch) -> Any:
    m = require(request, Capability.MANAGE_PLANS)
    session = strategy_selectors.strategy_session_get(workspace=m.workspace, pk=session_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return strategy.strategy_session_update(
        workspace=m.workspace, actor=m.user, session=session, version=version, **data
    )


@strategy_router.delete(
    "/strategy-sessions/{session_id}",
    response={204: None},
    operation_id="planning_strategy_session_delete",
    summary="Delete a session (`?version=` optional: when given it must be current)",
    description="Deletes its SWOT and goals too. Its initiatives stay with the client, without "
    "a session or goal; their action items are untouched.",
)
def strategy_session_delete(request: HttpRequest, session_id: Id, version: Version | None = None) -> Status[None]:
    m = require(request, Capability.MANAGE_PLANS)
    session = strategy_selectors.strategy_session_get(workspace=m.workspace, pk=session_id)
    strategy.strategy_session_delete(workspace=m.workspace, actor=m.user, session=session, version=version)
    return Status(204, None)


# --- SWOT ----------------------------------------------------------------------------------------------------


@strategy_router.post(
    "/strategy-sessions/{session_id}/swot",
    response={201: SwotEntryOut},
    operation_id="planning_swot_entry_create",
    summary="Add a SWOT entry",
    description="A strength or weakness (internal) or an opportunity or threat (external), "
    "added at the end of its quadrant.",
)
def swot_entry_create(request: HttpRequest, session_id: Id, payload: SwotEntryIn) -> Status[Any]:
    m = require(request, Capability.MANAGE_PLANS)
    session = strategy_selectors.strategy_session_get(workspace=m.workspace, pk=session_id)
    return Status(201, strategy.swot_entry_add(workspace=m.workspace, actor=m.user, session=session, **payload.dict()))


@strategy_router.patch(
    "/swot/{swot_id}",
    response=SwotEntryOut,
    operation_id="planning_swot_entry_update",
    summary="Change, move or reorder a SWOT entry",
    description="`text`; `kind` moves it to the end of another quadrant; `position` puts it at "
    "that place in its quadrant (0 first). Send the `version` you read to be "
    "told (409, with the current entry) when someone else changed it meanwhile.",
)
def swot_entry_update(request: HttpRequest, swot_id: Id, payload: SwotEntryPatch) -> Any:
    m = require(request, Capability.MANAGE_PLANS)
    entry = strategy_selectors.swot_entry_get(workspace=m.workspace, pk=swot_id)
    return strategy.swot_entry_update(
        workspace=m.workspace, actor=m.user, entry=entry, **payload.dict(exclude_unset=True)
    )


@strategy_router.delete(
    "/swot/{swot_id}",
    response={204: None},
    operation_id="planning_swot_entry_delete",
    summary="Remove a SWOT entry",
    description="`?version=` optional: when given it must be the entry's current version (else 409).",
)
def swot_entry_delete(request: HttpRequest, swot_id: Id, version: Version | None = None) -> Status[None]:
    m = require(request, Capability.MANAGE_PLANS)
    entry = strategy_selectors.swot_entry_get(workspace=m.workspace, pk=swot_id)
    strategy.swot_entry_delete(workspace=m.workspace, actor=m.user, entry=entry, version=version)
    return Status(204, None)


# --- business goals ------------------------------------------------------------------------------------------


@strategy_router.post(
    "/strategy-sessions/{session_id}/goals",
    response={201: BusinessGoalOut},
    operation_id="planning_business_goal_create",
    summary="Add a business goal",
    description="What the client's business wants (more revenue, lower cost, continuity…), how "
    "it will know, and by when; added at the end of the session's list.",
)
def business_goal_create(request: HttpRequest, session_id: Id, payload: BusinessGoalIn) -> Status[Any]:
    m = require(request, Capability.MANAGE_PLANS)
    session = strategy_selectors.strategy_session_get(workspace=m.workspace, pk=session_id)
    return Status(
        201, strategy.business_goal_add(workspace=m.workspace, actor=m.user, session=session, **payload.dict())
    )


@strategy_router.patch(
    "/goals/{goal_id}",
    response=BusinessGoalOut,
    operation_id="planning_business_goal_update",
    summary="Change or reorder a business goal",
    description="Any of title, measure, target date (`null` clears it) and `position` (0 first). "
    "Send the `version` you read to be told (409) of a change meanwhile.",
)
def business_goal_update(request: HttpRequest, goal_id: Id, payload: BusinessGoalPatch) -> Any:
    m = require(request, Capability.MANAGE_PLANS)
    goal = strategy_selectors.business_goal_get(workspace=m.workspace, pk=goal_id)
    return strategy.business_goal_update(
        workspace=m.workspace, actor=m.user, goal=goal, **payload.dict(exclude_unset=True)
    )


@strategy_router.delete(
    "/goals/{goal_id}",
    response={204: None},
    operation_id="planning_business_goal_delete",
    summary="Remove a business goal",
    description="Initiatives that served it stay, without a goal. `?version=` optional: "
    "when given it must be current (else 409).",
)
def business_goal_delete(request: HttpRequest, goal_id: Id, version: Version | None = None) -> Status[None]:
    m = require(request, Capability.MANAGE_PLANS)
    goal = strategy_selectors.business_goal_get(workspace=m.workspace, pk=goal_id)
    strategy.business_goal_delete(workspace=m.workspace, actor=m.user, goal=goal, version=version)
    return Status(204, None)


# --- initiatives ---------------------------------------------------------------------------------------------


def _items(m: Any, ids: list[int]) -> list[Any]:
    """The action items named, all in the caller's workspace (404 otherwise); the service checks their client."""
    refuse_duplicates(ids, field="item_ids", name=lambda pk: f"Action item {pk}")
    wanted = sorted(ids)
    found = strategy_selectors.action_items_by_id(workspace=m.workspace, ids=wanted)
    missing = sorted(set(wanted) - {i.pk for i in found})
    if missing:
        raise NotFoundError(
            f"No action item {', '.join(map(str, missing))} in this workspace; nothing was changed.",
            fields={"item_ids": [f"Not found: {', '.join(map(str, missing))}."]},
        )
    return found


def _links(m: Any, data: dict[str, Any]) -> dict[str, Any]:
    """session_id / goal_id → the objects (404 outside the workspace; None when sent as null)."""
    out = dict(data)
    if "session_id" in out:
        sid = out.pop("session_id")
        out["session"] = (
            strategy_selectors.strategy_session_get(workspace=m.workspace, pk=sid) if sid is not None else None
        )
    if "goal_id" in out:
        gid = out.pop("goal_id")
        out["goal"] = strategy_selectors.business_goal_get(workspace=m.workspace, pk=gid) if gid is not None else None
    if "item_ids" in out:
        ids = out.pop("item_ids")
        out["items"] = _items(m, ids) if ids is not None else None
    return out


@strategy_router.get(
    "/clients/{client_id}/initiatives",
    response=list[InitiativeOut],
    operation_id="planning_initiative_list",
    summary="The client's strategic initiatives (paged)",
    description="By year, priority (1 high) and title, each with its goal, session and action item "
    "ids. Filter by `year` and `session_id`. Paged as `{items, count}`.",
)
@paginate(Pagination)
def initiative_list(request: HttpRequest, client_id: Id, year: Year | None = None, session_id: Id | None = None) -> Any:
    m = require(request)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    session = (
        strategy_selectors.strategy_session_get(workspace=m.workspace, pk=session_id)
        if session_id is not None
        else None
    )
    return strategy_selectors.initiative_list(workspace=m.workspace, client=client, year=year, session=session)


@strategy_router.post(
    "/clients/{client_id}/initiatives",
    response={201: InitiativeOut},
    operation_id="planning_initiative_create",
    summary="Create a strategic initiative",
    description="A group of the client's action items that serves a business goal, with an owner, "
    "a priority and a year. `item_ids` must be action items of the same client (400 "
    "otherwise, and nothing is created).",
)
def initiative_create(request: HttpRequest, client_id: Id, payload: InitiativeIn) -> Status[Any]:
    m = require(request, Capability.MANAGE_PLANS)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    data = _links(m, payload.dict())
    initiative = strategy.initiative_create(workspace=m.workspace, actor=m.user, client=client, **data)
    return Status(201, strategy_selectors.initiative_get(workspace=m.workspace, pk=initiative.pk))


@strategy_router.get(
    "/initiatives/{initiative_id}",
    response=InitiativeOut,
    operation_id="planning_initiative_get",
    summary="One strategic initiative",
    description="With its goal, session, item ids and version.",
)
def initiative_get(request: HttpRequest, initiative_id: Id) -> Any:
    m = require(request)
    return strategy_selectors.initiative_get(workspace=m.workspace, pk=initiative_id)


@strategy_router.patch(
    "/initiatives/{initiative_id}",
    response=InitiativeOut,
    operation_id="planning_initiative_update",
    summary="Change an initiative or its items; send the `version` you read",
    description="Any of title, description, owner, priority, year, `session_id`, `goal_id` "
    "(`null` unlinks) and `item_ids` (the whole set: missing ones leave). A stale "
    "`version` gets 409 with the current initiative; an item of another client "
    "gets 400. Either way nothing changes.",
)
def initiative_update(request: HttpRequest, initiative_id: Id, payload: InitiativePatch) -> Any:
    m = require(request, Capability.MANAGE_PLANS)
    initiative = strategy_selectors.initiative_get(workspace=m.workspace, pk=initiative_id)
    data = _links(m, payload.dict(exclude_unset=True))
    version = data.pop("version")
    strategy.initiative_update(workspace=m.workspace, actor=m.user, initiative=initiative, version=version, **data)
    return strategy_selectors.initiative_get(workspace=m.workspace, pk=initiative_id)


@strategy_router.delete(
    "/initiatives/{initiative_id}",
    response={204: None},
    operation_id="planning_initiative_delete",
    summary="Delete an initiative (`?version=` optional: when given it must be current)",
    description="Its action items stay, in no initiative.",
)
def initiative_delete(request: HttpRequest, initiative_id: Id, version: Version | None = None) -> Status[None]:
    m = require(request, Capability.MANAGE_PLANS)
    initiative = strategy_selectors.initiative_get(workspace=m.workspace, pk=initiative_id)
    strategy.initiative_delete(workspace=m.workspace, actor=m.user, initiative=initiative, version=version)
    return Status(204, None)


# --- the operational plan ------------------------------------------------------------------------------------


def _budget(money: strategy_budget.Money, quarters: list[str]) -> dict[str, Any]:
    return {
        "quarters": [
            {"quarter": q, "cost": c, "hours": h} for q, c, h in zip(quarters, money.cost, money.hours, strict=True)
        ],
        "total_cost": money.total_cost,
        "total_hours": money.total_hours,
    }


def _plan_item(row: strategy_selectors.PlanItem, quarters: list[str]) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "status": row.status,
        "quarter": row.quarter,
        "priority": row.priority,
        "responsible": row.responsible,
        "accountable": row.accountable,
        "one_time_cost": row.one_time_cost,
        "recurring_monthly_cost": row.recurring_monthly_cost,
        "effort_hours": row.effort_hours,
        "initiative_id": row.initiative_id,
        "budget": _budget(row.money, quarters),
    }


@strategy_router.get(
    "/clients/{client_id}/operational-plan/{year}",
    response=OperationalPlanOut,
    operation_id="planning_operational_plan_get",
    summary="The client's annual operational plan: initiatives, priorities, budget by quarter",
    description="The year's initiatives (highest priority first) with owner, goal, action items "
    "and budget per quarter; the items that cost money or hours in the year outside "
    "them; and the totals. Budget rule: an item costs its one-time cost in its "
    "quarter and 3 × its recurring monthly cost in every quarter from its quarter on; "
    "its hours count in its quarter. Dropped items and unscheduled ones cost nothing.",
)
def operational_plan_get(request: HttpRequest, client_id: Id, year: Year) -> Any:
    m = require(request)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    if not strategy.MIN_YEAR <= year <= strategy.MAX_YEAR:
        raise NotFoundError(f"No plan for the year {year}.")
    plan = strategy_selectors.operational_plan(workspace=m.workspace, client=client, year=year)
    qs = plan.quarters
    return {
        "client_id": client.pk,
        "client_name": client.name,
        "year": plan.year,
        "currency": plan.currency,
        "quarters": qs,
        "years": plan.years,
        "initiatives": [
            {
                "id": i.id,
                "title": i.title,
                "description": i.description,
                "owner": i.owner,
                "priority": i.priority,
                "goal_id": i.goal_id,
                "goal_title": i.goal_title,
                "session_id": i.session_id,
                "items": [_plan_item(r, qs) for r in i.items],
                "budget": _budget(i.money, qs),
            }
            for i in plan.initiatives
        ],
        "unassigned": [_plan_item(r, qs) for r in plan.unassigned],
        "unassigned_budget": _budget(plan.unassigned_money, qs),
        "totals": _budget(plan.totals, qs),
    }
