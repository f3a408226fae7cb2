"""Action plans through the API: action items (with their value), proposals from gaps, the roadmap (limits,
scheduling, moving, approval), the plan export and the workspace's planning settings. Mounted at the API root,
so its paths are spelled out in full (/clients/{id}/action-items, /action-items/{id}, /clients/{id}/roadmap, …).

Roles: viewers read; analysts move an item's status on and comment (`UPDATE_ITEMS`); everything else that
writes needs a vCIO (`MANAGE_PLANS`). A PATCH of an item that changes more than its status needs a vCIO too.

A service's refusal that names fields (an unknown practice, a cost below 0, a dependency cycle, an infeasible
plan under `fields.__all__` …) is invalid input: 422 with the messages per field, as a schema error is. A refusal
without fields (nothing to approve, a done item to merge) stays 400, as docs/api.md says. Nothing is written then.
"""

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.pagination import paginate

from sevenc.assessments import selectors as assessment_selectors
from sevenc.core.api import Pagination, register_current, require
from sevenc.core.domain.bulk import refuse_duplicates
from sevenc.core.domain.errors import ApplicationError, PermissionDeniedError
from sevenc.core.domain.roles import REQUIRED_ROLE, Capability, role_can
from sevenc.core.downloads import openapi_file
from sevenc.core.schemas import Id
from sevenc.planning import export, selectors, services
from sevenc.planning.models import ActionItem, PlanningSettings, Roadmap
from sevenc.planning.schemas import (
    AcceptIn,
    AcceptOut,
    ActionItemIn,
    ActionItemOut,
    ActionItemPatch,
    ApprovalOut,
    ApproveIn,
    CommentIn,
    CommentOut,
    DropIn,
    DropOut,
    ExportQuery,
    GenerateIn,
    GenerateOut,
    ItemFilter,
    MergeIn,
    MoveIn,
    PlanningSettingsIn,
    PlanningSettingsOut,
    RoadmapOut,
    RoadmapPatch,
    RoadmapSettingsOut,
    ScheduleIn,
    ScheduleOut,
    SplitIn,
    StatusIn,
)
from sevenc.planning.services import LiftSpec
from sevenc.planning.strategy import selectors as strategy_selectors
from sevenc.tenancy import selectors as tenancy_selectors
from sevenc.tenancy.models import Client

router = Router(tags=["action plans"])
register_current(ActionItem, ActionItemOut)
register_current(Roadmap, RoadmapSettingsOut)
register_current(PlanningSettings, PlanningSettingsOut)

STATUS_ONLY = {"status"}


# --- helpers: ids in a body, values --------------------------------------------------------------------------------


def _items_of(workspace: Any, client: Client, ids: Iterable[int], field: str) -> list[ActionItem]:
    """The client's items with these ids, in the order given; any other id (another client's, another
    workspace's, none) is refused with 422 naming it, and nothing is linked."""
    wanted = list(ids)
    refuse_duplicates(wanted, field=field, name=lambda pk: f"Action item {pk}")
    found = {i.pk: i for i in selectors.item_list(workspace=workspace, client=client).filter(pk__in=wanted)}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise ApplicationError(
            "Some action items are not this client's; nothing was changed.",
            fields={field: [f"No action item {pk} of this client." for pk in missing]},
        )
    return [found[pk] for pk in wanted]


def _links(workspace: Any, client: Client, data: dict[str, Any]) -> dict[str, Any]:
    """Replace the ids of a create or patch body by the client's objects (422 for anything else)."""
    out = dict(data)
    if "responsible_party_id" in out:
        pk = out.pop("responsible_party_id")
        party = (
            tenancy_selectors.party_list(workspace=workspace, client=client).filter(pk=pk).first()
            if pk is not None
            else None
        )
        if pk is not None and party is None:
            raise ApplicationError(
                "The responsible party must be one of this client's parties.",
                fields={"responsible_party_id": [f"No party {pk} of this client."]},
            )
        out["responsible_party"] = party
    if "initiative_id" in out:
        pk = out.pop("initiative_id")
        initiative = (
            strategy_selectors.initiative_list(workspace=workspace, client=client).filter(pk=pk).first()
            if pk is not None
            else None
        )
        if pk is not None and initiative is None:
            raise ApplicationError(
                "The initiative must be one of this client's.",
                fields={"initiative_id": [f"No initiative {pk} of this client."]},
            )
        out["initiative"] = initiative
    if out.get("lifts") is not None:
        out["lifts"] = [LiftSpec(lift["practice_key"], lift["expected_level"]) for lift in out["lifts"]]
    if out.get("depends_on") is not None:
        out["depends_on"] = _items_of(workspace, client, out["depends_on"], "depends_on")
    return out


def _valued(workspace: Any, client: Client, items: list[ActionItem]) -> list[ActionItem]:
    """Attach each item's value and value for money (``item.valuation``) from the client's latest targets."""
    basis = selectors.plan_basis(workspace=workspace, client=client)
    rates = selectors.rates_for(selectors.planning_settings_get(workspace=workspace))
    priorities = selectors.item_priorities(items=items, basis=basis, rates=rates)
    for item in items:
        item.valuation = priorities.get(item.pk)  # type: ignore[attr-defined]
    return items


def _item_out(workspace: Any, pk: int) -> ActionItem:
    """The item as stored (lifts and dependencies loaded), with its value."""
    item = selectors.item_get(workspace=workspace, pk=pk)
    return _valued(workspace, item.client, [item])[0]


class _ValuedPages:
    """The list's queryset for ninja's paginator: counted as it is; the page it slices comes with the values,
    computed for that page only (a constant number of queries whatever the page size)."""

    def __init__(self, workspace: Any, client: Client, queryset: Any) -> None:
        self.workspace, self.client, self.queryset = workspace, client, queryset

    def all(self) -> Any:
        return self.queryset.all()

    def __len__(self) -> int:
        return int(self.queryset.count())

    def __getitem__(self, page: slice) -> list[ActionItem]:
        return _valued(self.workspace, self.client, list(self.queryset[page]))


# --- action items --------------------------------------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/action-items",
    response=list[ActionItemOut],
    operation_id="planning_action_item_list",
    summary="The client's action items (paged)",
    description="By status, quarter, priority. Each item carries its lifts, the ids it depends on, its "
    "costs (decimal strings) and its `value` and `value_for_money` from the client's latest "
    "targets. Filters: `status` (`open` = proposed, approved or in progress), `quarter` "
    "(`none` = the backlog), `party_id`, `q` (title and description).",
)
@paginate(Pagination)
def action_item_list(request: HttpRequest, client_id: Id, filters: Query[ItemFilter]) -> Any:
    m = require(request)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    items = selectors.item_list(
        workspace=m.workspace,
        client=client,
        status=filters.status,
        quarter=filters.quarter or None,
        party_id=filters.party_id,
        q=filters.q,
    )
    return _ValuedPages(m.workspace, client, items)


@router.post(
    "/clients/{client_id}/action-items",
    response={201: ActionItemOut},
    operation_id="planning_action_item_create",
    summary="Add an action item",
    description="`responsible_party_id`, `initiative_id` and `depends_on` must name the same client's "
    "objects (anything else is refused with 422 naming it); `lifts` name practices of the "
    "framework of the client's latest assessment, whose current level is recorded.",
)
def action_item_create(request: HttpRequest, client_id: Id, payload: ActionItemIn) -> Status[Any]:
    m = require(request, Capability.MANAGE_PLANS)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    data = _links(m.workspace, client, payload.dict(exclude_none=True))
    item = services.item_create(workspace=m.workspace, actor=m.user, client=client, **data)
    return Status(201, _item_out(m.workspace, item.pk))


@router.get(
    "/action-items/{item_id}",
    response=ActionItemOut,
    operation_id="planning_action_item_get",
    summary="One action item",
    description="With its lifts, dependencies, costs, value and version.",
)
def action_item_get(request: HttpRequest, item_id: Id) -> Any:
    m = require(request)
    return _item_out(m.workspace, item_id)


@router.patch(
    "/action-items/{item_id}",
    response=ActionItemOut,
    operation_id="planning_action_item_update",
    summary="Change an action item; send the `version` you read",
    description="Only the fields sent change; `lifts` and `depends_on` replace the item's. A stale "
    "`version` gets 409 with the current item. An analyst may send `status` alone (as "
    "`POST /action-items/{id}/status`); any other field needs the vCIO role (403 otherwise, "
    "and nothing changes).",
)
def action_item_update(request: HttpRequest, item_id: Id, payload: ActionItemPatch) -> Any:
    m = require(request, Capability.UPDATE_ITEMS)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    if not data:
        raise ApplicationError("Send at least one field to change besides `version`.")
    others = sorted(set(data) - STATUS_ONLY)
    if others and not role_can(m.role, Capability.MANAGE_PLANS):
        raise PermissionDeniedError(
            f"Your role ({m.role}) may change only an item's status; changing "
            f"{', '.join(others)} needs the {REQUIRED_ROLE[Capability.MANAGE_PLANS]} "
            "role. Nothing was changed."
        )
    item = selectors.item_get(workspace=m.workspace, pk=item_id)
    if not others:
        services.item_status_set(workspace=m.workspace, actor=m.user, item=item, status=data["status"], version=version)
    else:
        services.item_update(
            workspace=m.workspace, actor=m.user, item=item, version=version, **_links(m.workspace, item.client, data)
        )
    return _item_out(m.workspace, item.pk)


@router.post(
    "/action-items/{item_id}/status",
    response=ActionItemOut,
    operation_id="planning_action_item_status_set",
    summary="Move an action item's status on (analyst)",
    description="proposed → approved → in progress → done, or dropped. Done records when; a stale "
    "`version` gets 409 with the current item.",
)
def action_item_status_set(request: HttpRequest, item_id: Id, payload: StatusIn) -> Any:
    m = require(request, Capability.UPDATE_ITEMS)
    item = selectors.item_get(workspace=m.workspace, pk=item_id)
    services.item_status_set(
        workspace=m.workspace, actor=m.user, item=item, status=payload.status, version=payload.version
    )
    return _item_out(m.workspace, item.pk)


@router.delete(
    "/action-items/{item_id}",
    response={204: None},
    operation_id="planning_action_item_delete",
    summary="Delete an action item",
    description="With its lifts, comments and dependencies.",
)
def action_item_delete(request: HttpRequest, item_id: Id) -> Status[None]:
    m = require(request, Capability.MANAGE_PLANS)
    item = selectors.item_get(workspace=m.workspace, pk=item_id)
    services.item_delete(workspace=m.workspace, actor=m.user, item=item)
    return Status(204, None)


@router.get(
    "/action-items/{item_id}/comments",
    response=list[CommentOut],
    operation_id="planning_item_comment_list",
    summary="The item's comments (paged)",
    description="Oldest first.",
)
@paginate(Pagination)
def item_comment_list(request: HttpRequest, item_id: Id) -> Any:
    m = require(request)
    item = selectors.item_get(workspace=m.workspace, pk=item_id)
    return selectors.item_comments(workspace=m.workspace, item=item)


@router.post(
    "/action-items/{item_id}/comments",
    response={201: CommentOut},
    operation_id="planning_item_comment_create",
    summary="Comment on an action item (analyst)",
    description="Up to 5,000 characters.",
)
def item_comment_create(request: HttpRequest, item_id: Id, payload: CommentIn) -> Status[Any]:
    m = require(request, Capability.UPDATE_ITEMS)
    item = selectors.item_get(workspace=m.workspace, pk=item_id)
    comment = services.item_comment_add(workspace=m.workspace, actor=m.user, item=item, body=payload.body)
    return Status(201, comment)


@router.post(
    "/clients/{client_id}/action-items/generate",
    response=GenerateOut,
    operation_id="planning_action_items_generate",
    summary="Propose action items from the gaps",
    description="One proposal per area for the practices below target, costed from the planning "
    "settings. Replaces only earlier proposals nobody touched; items the vCIO kept are never "
    "changed, and a practice they already lift is not proposed again.",
)
def action_items_generate(request: HttpRequest, client_id: Id, payload: GenerateIn) -> Any:
    m = require(request, Capability.MANAGE_PLANS)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    assessment = (
        assessment_selectors.assessment_get(workspace=m.workspace, pk=payload.assessment_id)
        if payload.assessment_id is not None
        else None
    )
    if assessment is not None and assessment.client_id != client.pk:
        raise ApplicationError(
            "That assessment belongs to another client.",
            fields={"assessment_id": [f"No assessment {assessment.pk} of this client."]},
        )
    result = services.items_generate(workspace=m.workspace, actor=m.user, client=client, assessment=assessment)
    return {
        "assessment_id": result.assessment.pk if result.assessment else None,
        "created": [i.pk for i in result.created],
        "replaced": result.replaced,
        "kept": result.kept,
        "below_target": result.below_target,
        "message": result.message,
    }


def _bulk(request: HttpRequest, client_id: int, payload: AcceptIn, action: str) -> int:
    """Accept or drop the items named, every undecided proposal (`all`) or a block's: one atomic service."""
    m = require(request, Capability.MANAGE_PLANS)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    given = [n for n, v in (("item_ids", payload.item_ids), ("all", payload.all), ("block", payload.block)) if v]
    if len(given) != 1:
        raise ApplicationError(
            "Say what to act on: item_ids, all or block (exactly one).",
            fields={name: ["Give exactly one of item_ids, all and block."] for name in given or ["item_ids"]},
        )
    items = _items_of(m.workspace, client, payload.item_ids, "item_ids") if payload.item_ids else None
    service = services.items_accept if action == "accept" else services.items_drop
    return service(
        workspace=m.workspace, actor=m.user, client=client, items=items, block=payload.block, versions=payload.versions
    )


@router.post(
    "/clients/{client_id}/action-items/accept",
    response=AcceptOut,
    operation_id="planning_action_items_accept",
    summary="Accept proposals: the items named, all of them, or a block's",
    description="Regeneration no longer replaces them; until the plan is approved they show as accepted. "
    "`item_ids`: these items (each must be the client's); `all`: every proposal nobody has accepted or dropped yet; "
    "`block`: those that lift a practice of that block. All or nothing: with `versions`, an item changed since you "
    "read it (or a proposal in the scope you did not read) refuses the whole operation with 409.",
)
def action_items_accept(request: HttpRequest, client_id: Id, payload: AcceptIn) -> Any:
    return {"accepted": _bulk(request, client_id, payload, "accept")}


@router.post(
    "/clients/{client_id}/action-items/drop",
    response=DropOut,
    operation_id="planning_action_items_drop",
    summary="Drop items: the items named, all undecided proposals, or a block's",
    description="As accept: `item_ids`, `all` or `block`, all or nothing, with the same `versions` check.",
)
def action_items_drop(request: HttpRequest, client_id: Id, payload: DropIn) -> Any:
    return {"dropped": _bulk(request, client_id, payload, "drop")}


@router.post(
    "/action-items/{item_id}/merge",
    response=ActionItemOut,
    operation_id="planning_action_item_merge",
    summary="Merge other items of the client into this one",
    description="Their practices (the higher expected level wins), costs, hours, dependencies and "
    "descriptions move here; the others are deleted. Done items cannot be merged.",
)
def action_item_merge(request: HttpRequest, item_id: Id, payload: MergeIn) -> Any:
    m = require(request, Capability.MANAGE_PLANS)
    into = selectors.item_get(workspace=m.workspace, pk=item_id)
    others = _items_of(m.workspace, into.client, payload.others, "others")
    services.items_merge(workspace=m.workspace, actor=m.user, into=into, others=others, version=payload.version)
    return _item_out(m.workspace, into.pk)


@router.post(
    "/action-items/{item_id}/split",
    response=list[ActionItemOut],
    operation_id="planning_action_item_split",
    summary="Split an open action item in two",
    description="Hours and costs are halved; an item lifting two or more practices keeps the first half of them "
    "and the second part takes the rest; an item lifting one practice gives it to the second part, which then "
    "depends on the first. Returns both parts (the first is this item); a stale `version` gets 409.",
)
def action_item_split(request: HttpRequest, item_id: Id, payload: SplitIn) -> Any:
    m = require(request, Capability.MANAGE_PLANS)
    item = selectors.item_get(workspace=m.workspace, pk=item_id)
    second = services.item_split(workspace=m.workspace, actor=m.user, item=item, version=payload.version)
    return [_item_out(m.workspace, item.pk), _item_out(m.workspace, second.pk)]


@router.post(
    "/action-items/{item_id}/move",
    response=ActionItemOut,
    operation_id="planning_action_item_move",
    summary="Put an action item in a quarter, or back in the backlog",
    description="Moving to a quarter pins the item there (the scheduler keeps it) unless `pinned` is "
    "false; a stale `version` gets 409 with the current item.",
)
def action_item_move(request: HttpRequest, item_id: Id, payload: MoveIn) -> Any:
    m = require(request, Capability.MANAGE_PLANS)
    item = selectors.item_get(workspace=m.workspace, pk=item_id)
    services.item_move(
        workspace=m.workspace,
        actor=m.user,
        item=item,
        quarter=payload.quarter,
        version=payload.version,
        pinned=payload.pinned,
    )
    return _item_out(m.workspace, item.pk)


# --- the roadmap ---------------------------------------------------------------------------------------------------


def _unplaced_out(
    item_id: int, reason: str, critical: bool, remedies: Any, quarter_labels: list[str]
) -> dict[str, Any]:
    return {
        "item_id": item_id,
        "reason": reason,
        "critical": critical,
        "remedies": [
            {
                "kind": r.kind,
                "text": r.text,
                "quarter": quarter_labels[r.quarter] if r.quarter is not None else None,
                "amount": r.amount,
                "duration": r.duration,
            }
            for r in remedies
        ],
    }


def _roadmap_out(workspace: Any, client: Client) -> dict[str, Any]:
    view = selectors.roadmap_view(workspace=workspace, client=client)
    roadmap = view.roadmap
    overrides = {lim.quarter: lim for lim in roadmap.limits.all()} if roadmap.pk else {}
    return {
        "client_id": client.pk,
        "first_quarter": roadmap.first_quarter,
        "quarters": roadmap.quarters,
        "budget_per_quarter": roadmap.budget_per_quarter,
        "hours_per_quarter": roadmap.hours_per_quarter,
        "limits": {q: {"budget": lim.budget, "hours": lim.hours} for q, lim in overrides.items()},
        "version": roadmap.version,
        "columns": [
            {
                "quarter": c.quarter,
                "budget": c.budget,
                "hours_capacity": c.capacity,
                "overridden": c.quarter in overrides,
                "item_ids": [i.pk for i in c.items],
                "continuing_item_ids": [i.pk for i in c.continuing],
                "spend": c.spend,
                "hours": c.hours,
                "over_budget": c.over_budget,
                "over_hours": c.over_hours,
                "projected_itcq": c.projected.score if c.projected else None,
            }
            for c in view.columns
        ],
        "backlog": [i.pk for i in view.backlog],
        "earlier": [i.pk for i in view.earlier],
        "unplaced": [
            _unplaced_out(u.item.pk, u.reason, u.critical, u.remedies, view.quarters) for u in view.unplaced.values()
        ],
        "closed": view.closed,
        "current_itcq": view.current.score if view.current else None,
        "total_spend": view.total_spend,
        "latest_approval": view.latest_approval,
    }


@router.get(
    "/clients/{client_id}/roadmap",
    response=RoadmapOut,
    operation_id="planning_roadmap_get",
    summary="The client's roadmap: quarters, limits, spend and projected ITCq",
    description="Per quarter of the horizon: its budget and hours (with the overrides), the items planned "
    "there, spend and hours with over-limit flags, and the ITCq projected once they are done. "
    "Then the backlog, the latest approval (who, when) and the version to send with a PATCH. "
    "Before the roadmap is first saved it shows the defaults (version 1).",
)
def roadmap_get(request: HttpRequest, client_id: Id) -> Any:
    m = require(request)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    return _roadmap_out(m.workspace, client)


@router.patch(
    "/clients/{client_id}/roadmap",
    response=RoadmapOut,
    operation_id="planning_roadmap_update",
    summary="Change the roadmap's horizon and limits; send the `version` you read",
    description="`first_quarter`, `quarters` (1–16), the default `budget_per_quarter` and "
    "`hours_per_quarter`, and per-quarter `limits`. A stale `version` gets 409 with the "
    "current roadmap, also when only `limits` change.",
)
def roadmap_update(request: HttpRequest, client_id: Id, payload: RoadmapPatch) -> Any:
    m = require(request, Capability.MANAGE_PLANS)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    limits = {q: (lim.get("budget"), lim.get("hours")) for q, lim in (data.pop("limits", None) or {}).items()}
    # Always name a field: the service then checks (and bumps) the version even when only the limits change.
    data.setdefault("first_quarter", selectors.roadmap_get(workspace=m.workspace, client=client).first_quarter)
    services.roadmap_update(workspace=m.workspace, actor=m.user, client=client, version=version, limits=limits, **data)
    return _roadmap_out(m.workspace, client)


@router.post(
    "/clients/{client_id}/roadmap/schedule",
    response=ScheduleOut,
    operation_id="planning_roadmap_schedule",
    summary="Place the open items in the roadmap's quarters under its limits",
    description="`solver` (CP-SAT: most value, then value soonest) or `greedy` (best value for money "
    "first). Pinned and in-progress items stay put; the others are moved. An infeasible plan "
    "(e.g. pinned items over a quarter's budget) gets 422 with the reasons in "
    "`fields.__all__`, and nothing is moved.",
)
def roadmap_schedule(request: HttpRequest, client_id: Id, payload: ScheduleIn) -> Any:
    m = require(request, Capability.MANAGE_PLANS)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    result = services.roadmap_schedule(workspace=m.workspace, actor=m.user, client=client, method=payload.method)
    plan = result.schedule
    return {
        "method": plan.method,
        "note": plan.note,
        "value": plan.value,
        "placement": [{"item_id": int(k), "quarter": result.quarters[q]} for k, q in plan.plan.items()],
        "quarters": [
            {"quarter": q, "spend": s, "hours": h}
            for q, s, h in zip(result.quarters, plan.spend, plan.hours, strict=True)
        ],
        "unscheduled": [int(k) for k in plan.unscheduled],
        "excluded": [{"item_id": pk, "reason": reason} for pk, reason in result.excluded.items()],
        "unplaced": [
            _unplaced_out(int(k), u.reason, result.critical.get(int(k), False), u.remedies, result.quarters)
            for k, u in plan.unplaced.items()
        ],
        "moved": result.moved,
        "message": result.message,
    }


@router.post(
    "/clients/{client_id}/roadmap/approve",
    response={201: ApprovalOut},
    operation_id="planning_plan_approve",
    summary="Approve the plan as it stands",
    description="Records who and when with a snapshot of the open items planned in the horizon, and moves "
    "the proposed ones to approved. With nothing planned: 400.",
)
def plan_approve(request: HttpRequest, client_id: Id, payload: ApproveIn) -> Status[Any]:
    m = require(request, Capability.MANAGE_PLANS)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    approval = services.plan_approve(workspace=m.workspace, actor=m.user, client=client, comment=payload.comment)
    return Status(201, approval)


@router.get(
    "/clients/{client_id}/plan-approvals",
    response=list[ApprovalOut],
    operation_id="planning_plan_approval_list",
    summary="The client's plan approvals (paged)",
    description="Newest first, each with its snapshot of the planned items.",
)
@paginate(Pagination)
def plan_approval_list(request: HttpRequest, client_id: Id) -> Any:
    m = require(request)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    return selectors.plan_approval_list(workspace=m.workspace, client=client)


@router.get(
    "/clients/{client_id}/plan/export",
    response={200: None},
    openapi_extra=openapi_file("csv", "xlsx"),
    operation_id="planning_plan_export",
    summary="The plan as a CSV or XLSX file, one row per action item",
    description="Columns: id, title, status, priority, quarter, …, costs, value, value for money, "
    "dependencies, PSA reference, description (as the web export).",
)
def plan_export(request: HttpRequest, client_id: Id, query: Query[ExportQuery]) -> HttpResponse:
    m = require(request)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    return export.plan_response(workspace=m.workspace, client=client, fmt=query.format)


# --- settings ------------------------------------------------------------------------------------------------------


@router.get(
    "/planning-settings",
    response=PlanningSettingsOut,
    operation_id="planning_settings_get",
    summary="The workspace's planning settings",
    description="Costing defaults for generated proposals, the hourly rate and the urgency boost; the "
    "defaults (version 1) until first saved.",
)
def planning_settings_get(request: HttpRequest) -> Any:
    m = require(request)
    return selectors.planning_settings_get(workspace=m.workspace)


@router.put(
    "/planning-settings",
    response=PlanningSettingsOut,
    operation_id="planning_settings_update",
    summary="Change the planning settings; send the `version` you read",
    description="Fields left out keep their value. A stale `version` gets 409 with the current settings.",
)
def planning_settings_update(request: HttpRequest, payload: PlanningSettingsIn) -> Any:
    m = require(request, Capability.MANAGE_PLANS)
    data = payload.dict(exclude_none=True)
    version = data.pop("version")
    services.planning_settings_update(workspace=m.workspace, actor=m.user, version=version, **data)
    return selectors.planning_settings_get(workspace=m.workspace)
