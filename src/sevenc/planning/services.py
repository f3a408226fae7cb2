"""Writes to action plans and roadmaps: items, proposals from gaps, merging, moving, scheduling, approval and the
review of done items after a new assessment. Keyword-only arguments; every write is checked, atomic and logged.
A row with ``version`` is updated only at the version the caller read (ConflictError otherwise).
docs/planning.md describes the rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from sevenc.assessments import selectors as assessment_selectors
from sevenc.assessments.models import Assessment
from sevenc.catalog.models import Block, Practice
from sevenc.core.domain import quarters
from sevenc.core.domain.bulk import refuse_duplicate_objects, refuse_duplicates
from sevenc.core.domain.errors import ApplicationError, ConflictError, validation_fields
from sevenc.core.guards import same_workspace
from sevenc.core.services import activity_record
from sevenc.core.versioning import versioned_save, versions_bump
from sevenc.planning import selectors
from sevenc.planning.domain import critical, proposals, schedule, staffing
from sevenc.planning.models import (
    ActionItem,
    ItemComment,
    ItemDependency,
    ItemLift,
    ItemOrigin,
    ItemStatus,
    PlanApproval,
    PlanningSettings,
    QuarterLimit,
    Roadmap,
)
from sevenc.tenancy import services as tenancy_services
from sevenc.tenancy.models import Client, Party, Workspace

if TYPE_CHECKING:
    from sevenc.accounts.models import User

ITEM_FIELDS = (
    "title",
    "description",
    "status",
    "priority",
    "responsible_party",
    "accountable",
    "quarter",
    "pinned",
    "due_date",
    "one_time_cost",
    "recurring_monthly_cost",
    "effort_hours",
    "duration",
    "delivered_by",
    "psa_reference",
    "psa_url",
    "initiative",
)
COST_FIELDS = ("one_time_cost", "recurring_monthly_cost", "effort_hours")
SETTINGS_FIELDS = (
    "hourly_rate",
    "hours_per_level",
    "one_time_cost_per_level",
    "recurring_monthly_per_level",
    "urgency_boost",
    "staff_from_matrix",
)
ROADMAP_FIELDS = ("first_quarter", "quarters", "budget_per_quarter", "hours_per_quarter")
MAX_COMMENT = 5000


def _clean(obj: Any, *, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        raise ApplicationError("Some fields are not valid.", fields=validation_fields(exc)) from None


def _decimal(value: Any, field: str) -> Decimal:
    try:
        out = Decimal(str(value).strip().replace(",", "")) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise ApplicationError("Some fields are not valid.", fields={field: ["Enter a number."]}) from None
    if not out.is_finite():
        raise ApplicationError("Some fields are not valid.", fields={field: ["Enter a number."]})
    return out


# --- workspace settings -----------------------------------------------------------------------------------------


@transaction.atomic
def planning_settings_update(
    *, workspace: Workspace, actor: User, version: int | None, currency: str | None = None, **fields: Any
) -> PlanningSettings:
    """Change the planning settings; ``currency`` (ISO 4217) changes the workspace's currency, which lives on the
    workspace (tenancy) and names the currency of every amount without converting any."""
    current = selectors.planning_settings_get(workspace=workspace)
    values = {k: v for k, v in fields.items() if k in SETTINGS_FIELDS}
    for key, value in values.items():
        setattr(current, key, bool(value) if key == "staff_from_matrix" else _decimal(value, key))
    _clean(current, exclude=["workspace"])
    if current.pk is None:
        current.save()
    else:
        versioned_save(current, expected_version=version, fields=list(values))
    if currency is not None:
        tenancy_services.workspace_currency_set(workspace=workspace, actor=actor, currency=currency)
    activity_record(workspace=workspace, actor=actor, verb="updated", obj=current, summary="Planning settings updated")
    return current


# --- action items --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LiftSpec:
    practice_key: str
    expected_level: int


def _practices_for(client: Client, workspace: Workspace, keys: Iterable[str]) -> dict[str, Practice]:
    """Practice key → the Practice of the framework the client's plan is based on (its latest assessment's)."""
    keys = set(keys)
    if not keys:
        return {}
    basis_assessment = selectors.planning_assessment(workspace=workspace, client=client)
    if basis_assessment is None:
        basis_assessment = assessment_selectors.assessment_list(workspace=workspace, client=client).first()
    if basis_assessment is None:
        raise ApplicationError(
            "This client has no assessment yet: an item can name the practices it lifts once "
            "the client has been assessed.",
            fields={"lifts": ["No assessment yet."]},
        )
    found = {p.key: p for p in Practice.objects.filter(framework_id=basis_assessment.framework_id, key__in=keys)}
    unknown = sorted(keys - set(found))
    if unknown:
        raise ApplicationError(
            "Some practices are not in the client's framework.",
            fields={"lifts": [f"Unknown practice: {k}" for k in unknown]},
        )
    return found


def _check_lifts(lifts: Sequence[LiftSpec]) -> None:
    refuse_duplicates((lift.practice_key for lift in lifts), field="lifts", name=lambda key: f"Practice {key}")
    errors = []
    for lift in lifts:
        if not (0 <= lift.expected_level <= 5):
            errors.append(f"{lift.practice_key}: the expected level must be 0 to 5.")
    if errors:
        raise ApplicationError("Some practices are not valid.", fields={"lifts": errors})


def _write_lifts(
    workspace: Workspace, item: ActionItem, lifts: Sequence[LiftSpec], levels_now: dict[str, int | None]
) -> None:
    """Replace the item's lifts. A practice it lifted already keeps the level it had when first planned (the
    baseline the review after the next assessment compares with); a new one starts at today's level."""
    practices = _practices_for(item.client, workspace, (lift.practice_key for lift in lifts))
    started = dict(ItemLift.objects.filter(item=item).values_list("practice__key", "level_at_start"))
    ItemLift.objects.filter(item=item).delete()
    ItemLift.objects.bulk_create(
        [
            ItemLift(
                workspace=workspace,
                item=item,
                practice=practices[lift.practice_key],
                expected_level=lift.expected_level,
                level_at_start=started[lift.practice_key]
                if lift.practice_key in started
                else levels_now.get(lift.practice_key),
            )
            for lift in lifts
        ]
    )


def _current_levels(workspace: Workspace, client: Client) -> dict[str, int | None]:
    assessment = selectors.planning_assessment(workspace=workspace, client=client)
    if assessment is None:
        return {}
    answers = assessment_selectors.assessment_answers(workspace=workspace, assessment=assessment)
    return {k: v for k, v in answers.items() if isinstance(v, int)}


def _check_dependencies(workspace: Workspace, item: ActionItem, depends_on: Sequence[ActionItem]) -> None:
    refuse_duplicate_objects(depends_on, field="depends_on", noun="Action item")
    for dep in depends_on:
        same_workspace(workspace, dep)
        if dep.client_id != item.client_id:
            raise ApplicationError(
                "An item can only depend on items of the same client.",
                fields={"depends_on": [f"“{dep.title}” belongs to another client."]},
            )
        if dep.pk == item.pk:
            raise ApplicationError(
                "An item cannot depend on itself.", fields={"depends_on": ["Remove the item itself."]}
            )
    _refuse_cycle(workspace, item.client_id, item.pk, {d.pk for d in depends_on})


def _refuse_cycle(
    workspace: Workspace, client_id: int, item_id: int, new_deps: set[int], merged: set[int] | None = None
) -> None:
    """Refuse if ``item_id`` depending on ``new_deps`` (with the items in ``merged`` folded into it) would make
    it wait for itself, directly or through other items."""
    merged = merged or set()
    edges: dict[int, set[int]] = {}
    for a, b in (
        ItemDependency.objects.for_workspace(workspace)
        .filter(item__client_id=client_id)
        .values_list("item_id", "depends_on_id")
    ):
        a, b = (item_id if a in merged else a), (item_id if b in merged else b)
        if a != item_id:
            edges.setdefault(a, set()).add(b)
    stack, seen = list(new_deps), set()
    while stack:
        node = stack.pop()
        if node == item_id:
            raise ApplicationError(
                "These dependencies would make a cycle: the item would wait for itself.",
                fields={"depends_on": ["Dependency cycle."]},
            )
        if node in seen:
            continue
        seen.add(node)
        stack.extend(edges.get(node, ()))


def _write_dependencies(workspace: Workspace, item: ActionItem, depends_on: Sequence[ActionItem]) -> None:
    _check_dependencies(workspace, item, depends_on)
    ItemDependency.objects.filter(item=item).delete()
    ItemDependency.objects.bulk_create(
        [ItemDependency(workspace=workspace, item=item, depends_on=d) for d in depends_on]
    )


def _apply_fields(workspace: Workspace, item: ActionItem, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if key in COST_FIELDS:
            value = _decimal(value, key)
        elif isinstance(value, str):
            value = value.strip()
        setattr(item, key, value)
    party: Party | None = values.get("responsible_party")
    if party is not None and (party.workspace_id != workspace.pk or party.client_id != item.client_id):
        raise ApplicationError(
            "The responsible party must be one of this client's parties.",
            fields={"responsible_party": ["Not a party of this client."]},
        )
    initiative = values.get("initiative")
    if initiative is not None and (initiative.workspace_id != workspace.pk or initiative.client_id != item.client_id):
        raise ApplicationError(
            "The initiative must be one of this client's.", fields={"initiative": ["Not an initiative of this client."]}
        )
    if item.pinned and not item.quarter:
        raise ApplicationError("A pinned item needs a quarter.", fields={"pinned": ["Choose a quarter first."]})
    _clean(item, exclude=["workspace", "client", "depends_on"])


def _status_side_effects(item: ActionItem, old_status: str | None) -> list[str]:
    changed: list[str] = []
    if item.status != old_status:
        if item.status == ItemStatus.DONE:
            item.done_at = timezone.now()
            changed.append("done_at")
        elif old_status == ItemStatus.DONE:
            item.done_at = None
            changed.append("done_at")
        if item.status != ItemStatus.DONE and item.review_flag:
            item.review_flag = ""
            changed.append("review_flag")
    return changed


@transaction.atomic
def item_create(
    *,
    workspace: Workspace,
    actor: User,
    client: Client,
    lifts: Sequence[LiftSpec] = (),
    depends_on: Sequence[ActionItem] = (),
    **fields: Any,
) -> ActionItem:
    same_workspace(workspace, client)
    item = ActionItem(workspace=workspace, client=client, created_by=actor if getattr(actor, "pk", None) else None)
    values = {k: v for k, v in fields.items() if k in ITEM_FIELDS}
    _apply_fields(workspace, item, values)
    _check_lifts(lifts)
    _status_side_effects(item, None)
    item.save()
    if lifts:
        _write_lifts(workspace, item, lifts, _current_levels(workspace, client))
    if depends_on:
        _write_dependencies(workspace, item, depends_on)
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="created",
        obj=item,
        summary=f"Action item “{item.title}” added for {client.name}",
    )
    return item


@transaction.atomic
def item_update(
    *,
    workspace: Workspace,
    actor: User,
    item: ActionItem,
    version: int | None,
    lifts: Sequence[LiftSpec] | None = None,
    depends_on: Sequence[ActionItem] | None = None,
    **fields: Any,
) -> ActionItem:
    """Change an item's fields (and, when given, replace its lifts or its dependencies)."""
    same_workspace(workspace, item)
    old_status = item.status
    values = {k: v for k, v in fields.items() if k in ITEM_FIELDS}
    _apply_fields(workspace, item, values)
    changed = list(values) + _status_side_effects(item, old_status)
    if lifts is not None:
        _check_lifts(lifts)
    if depends_on is not None:
        _check_dependencies(workspace, item, depends_on)
    versioned_save(item, expected_version=version, fields=changed or ["title"])
    if lifts is not None:
        _write_lifts(workspace, item, lifts, _current_levels(workspace, item.client))
    if depends_on is not None:
        _write_dependencies(workspace, item, depends_on)
    activity_record(
        workspace=workspace, actor=actor, verb="updated", obj=item, summary=f"Action item “{item.title}” updated"
    )
    return item


@transaction.atomic
def item_status_set(
    *, workspace: Workspace, actor: User, item: ActionItem, status: str, version: int | None
) -> ActionItem:
    """Move an item on (what an analyst may do): proposed → approved → in progress → done, or dropped."""
    if status not in ItemStatus.values:
        raise ApplicationError(
            "Unknown status.", fields={"status": [f"Choose one of: {', '.join(ItemStatus.values)}."]}
        )
    return item_update(workspace=workspace, actor=actor, item=item, version=version, status=status)


@transaction.atomic
def item_delete(*, workspace: Workspace, actor: User, item: ActionItem) -> None:
    same_workspace(workspace, item)
    title = item.title
    item.delete()
    activity_record(
        workspace=workspace, actor=actor, verb="deleted", obj=None, summary=f"Action item “{title}” deleted"
    )


@transaction.atomic
def item_comment_add(*, workspace: Workspace, actor: User, item: ActionItem, body: str) -> ItemComment:
    same_workspace(workspace, item)
    body = (body or "").strip()
    if not body:
        raise ApplicationError("Write a comment first.", fields={"body": ["This field is required."]})
    if len(body) > MAX_COMMENT:
        raise ApplicationError("That comment is too long.", fields={"body": [f"At most {MAX_COMMENT} characters."]})
    comment = ItemComment.objects.create(workspace=workspace, item=item, author=actor, body=body)
    activity_record(workspace=workspace, actor=actor, verb="commented", obj=item, summary=f"Comment on “{item.title}”")
    return comment


# --- accepting and dropping many items at once --------------------------------------------------------------------

BULK_ACTIONS = ("accept", "drop")


def _bulk_rows(
    workspace: Workspace,
    client: Client,
    verb: str,
    items: Sequence[ActionItem] | None,
    block: str | None,
    versions: Mapping[int, int] | None,
) -> dict[int, tuple[int, str, str, bool]]:
    """Lock the rows a bulk operation acts on and check them: id -> (version, title, status, accepted).

    ``items``: the ticked items (each must be the client's). ``items`` None: the client's undecided proposals,
    of ``block`` when given. ``versions`` (id -> the version read), when given: an item at another version, or a
    proposal in the scope that the caller did not read, refuses the whole operation (ConflictError)."""
    same_workspace(workspace, client)
    if items is not None:
        refuse_duplicate_objects(items, field="item_ids", noun="Action item")
        for item in items:
            same_workspace(workspace, item)
            if item.client_id != client.pk:
                raise ApplicationError("That action item belongs to another client.")
        qs: QuerySet[ActionItem] = ActionItem.objects.for_workspace(workspace).filter(pk__in=[i.pk for i in items])
    else:
        if block is not None and not Block.objects.filter(key=block).exists():
            raise ApplicationError(f"There is no block “{block}”.", fields={"block": [f"Unknown block: {block}"]})
        qs = selectors.pending_proposals(workspace=workspace, client=client, block=block)
    rows = {
        pk: (version, title, status, accepted_at is not None)
        for pk, version, title, status, accepted_at in qs.select_for_update()
        .order_by("pk")
        .values_list("pk", "version", "title", "status", "accepted_at")
    }
    if items is not None and len(rows) != len(items):
        raise ConflictError(f"An item was deleted by someone else since you loaded the plan. Nothing was {verb}.")
    if versions is not None:
        stale = sorted(
            (title for pk, (version, title, _, _) in rows.items() if versions.get(pk) != version), key=str.casefold
        )
        if stale:
            shown = ", ".join(f"“{t}”" for t in stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5 else "")
            raise ConflictError(
                f"{len(stale)} of these items changed since you loaded the plan ({shown}). "
                f"Nothing was {verb}; reload the plan and try again."
            )
    return rows


def _scope_text(block: str | None, items: Sequence[ActionItem] | None) -> str:
    if items is not None:
        return "ticked"
    return f"{block} block's proposed" if block else "proposed"


@transaction.atomic
def items_accept(
    *,
    workspace: Workspace,
    actor: User | None,
    client: Client,
    items: Sequence[ActionItem] | None = None,
    block: str | None = None,
    versions: Mapping[int, int] | None = None,
) -> int:
    """Keep proposals (regeneration no longer replaces them): the ``items`` given, or, with ``items`` None, every
    undecided proposal of the client (of ``block`` when given). All or nothing: one refusal (another client's item,
    a stale version) changes none. A constant number of queries, whatever the number of items. Returns how many
    were accepted now (those accepted before are not counted)."""
    rows = _bulk_rows(workspace, client, "accepted", items, block, versions)
    now = timezone.now()
    ids = [pk for pk, (_, _, _, accepted) in rows.items() if not accepted]
    n = versions_bump(ActionItem.objects.filter(pk__in=ids), accepted_at=now, updated_at=now) if ids else 0
    if n:
        activity_record(
            workspace=workspace,
            actor=actor,
            verb="accepted",
            obj=client,
            summary=f"{n} {_scope_text(block, items)} action item(s) accepted for {client.name}",
        )
    return n


@transaction.atomic
def items_drop(
    *,
    workspace: Workspace,
    actor: User | None,
    client: Client,
    items: Sequence[ActionItem] | None = None,
    block: str | None = None,
    versions: Mapping[int, int] | None = None,
) -> int:
    """Drop the ``items`` given, or, with ``items`` None, every undecided proposal of the client (of ``block`` when
    given). All or nothing, as items_accept; a done item loses its done date and review flag, as a status change
    does. Returns how many were dropped now (those dropped before are not counted)."""
    rows = _bulk_rows(workspace, client, "dropped", items, block, versions)
    ids = [pk for pk, (_, _, status, _) in rows.items() if status != ItemStatus.DROPPED]
    now = timezone.now()
    n = (
        versions_bump(
            ActionItem.objects.filter(pk__in=ids),
            status=ItemStatus.DROPPED,
            done_at=None,
            review_flag="",
            updated_at=now,
        )
        if ids
        else 0
    )
    if n:
        activity_record(
            workspace=workspace,
            actor=actor,
            verb="dropped",
            obj=client,
            summary=f"{n} {_scope_text(block, items)} action item(s) dropped for {client.name}",
        )
    return n


# --- proposals from gaps ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GenerateResult:
    assessment: Assessment | None
    created: list[ActionItem]
    replaced: int  # pending proposals of an earlier run that were replaced
    kept: int  # items the vCIO kept, left untouched
    below_target: int  # practices below target in the assessment

    @property
    def message(self) -> str:
        if self.assessment is None:
            return "This client has no assessment to plan from yet."
        if not self.below_target:
            return "No practice is below its target: nothing to propose. Set targets in the goal-setting workshop."
        return (
            f"{len(self.created)} proposal(s) from {self.below_target} practice(s) below target "
            f"({self.kept} kept item(s) left untouched)."
        )


def _staffing(
    workspace: Workspace, client: Client, proposed: Sequence[proposals.Proposal], *, enabled: bool
) -> list[staffing.Staffing]:
    """Each proposal's responsible party and accountable person from the client's matrix (staffing.staff), or
    none when the workspace's planning settings turn it off. Two queries, whatever the number of proposals."""
    if not enabled or not proposed:
        return [staffing.UNSTAFFED] * len(proposed)
    duties, parties = selectors.staffing_input(workspace=workspace, client=client)
    return [
        staffing.staff(
            practice_keys=[lift.practice_key for lift in p.lifts], area_key=p.area_key, duties=duties, parties=parties
        )
        for p in proposed
    ]


@transaction.atomic
def items_generate(
    *, workspace: Workspace, actor: User | None, client: Client, assessment: Assessment | None = None
) -> GenerateResult:
    """Propose items for the practices below target; replace only earlier proposals nobody touched.

    Items the vCIO kept (accepted, edited, moved on, dropped or made by hand) are never changed; a practice
    they already lift to its expected level is not proposed again."""
    same_workspace(workspace, client, assessment)
    if assessment is not None and assessment.client_id != client.pk:
        raise ApplicationError("That assessment belongs to another client.")
    basis = selectors.plan_basis(workspace=workspace, client=client, assessment=assessment)
    existing = list(
        ActionItem.objects.select_for_update()
        .for_workspace(workspace)
        .filter(client=client)
        .prefetch_related("lifts__practice")
    )
    pending = [i for i in existing if i.is_pending_proposal]
    kept = [i for i in existing if not i.is_pending_proposal]
    if basis.assessment is None:
        return GenerateResult(None, [], 0, len(kept), 0)
    covered: dict[str, int] = {}
    for item in kept:
        for lift in item.lifts.all():
            covered[lift.practice.key] = max(covered.get(lift.practice.key, -1), lift.expected_level)
    settings = selectors.planning_settings_get(workspace=workspace)
    costs = proposals.CostDefaults(
        hours_per_level=settings.hours_per_level,
        one_time_cost_per_level=settings.one_time_cost_per_level,
        recurring_monthly_per_level=settings.recurring_monthly_per_level,
    )
    assert basis.index is not None
    proposed = proposals.propose(
        gaps=basis.gaps,
        covered=covered,
        library=selectors.recommendation_library(),
        costs=costs,
        area_names=basis.index.area_names,
    )
    ActionItem.objects.filter(pk__in=[i.pk for i in pending]).delete()
    practices = {p.key: p for p in Practice.objects.filter(framework_id=basis.assessment.framework_id)}
    staffed = _staffing(workspace, client, proposed, enabled=settings.staff_from_matrix)
    created = ActionItem.objects.bulk_create(
        [
            ActionItem(
                workspace=workspace,
                client=client,
                title=p.title[:200],
                description=p.description,
                origin=ItemOrigin.GENERATED,
                source_assessment=basis.assessment,
                priority=p.priority,
                one_time_cost=p.one_time_cost,
                recurring_monthly_cost=p.recurring_monthly_cost,
                effort_hours=p.effort_hours,
                responsible_party_id=who.responsible,
                accountable=who.accountable_text,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            for p, who in zip(proposed, staffed, strict=True)
        ]
    )
    ItemLift.objects.bulk_create(
        [
            ItemLift(
                workspace=workspace,
                item=item,
                practice=practices[lift.practice_key],
                expected_level=lift.expected_level,
                level_at_start=lift.level_at_start,
            )
            for item, p in zip(created, proposed, strict=True)
            for lift in p.lifts
        ]
    )
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="generated",
        obj=client,
        summary=f"{len(created)} action item proposal(s) generated for {client.name}",
    )
    return GenerateResult(basis.assessment, created, len(pending), len(kept), len(basis.gaps))


@transaction.atomic
def items_merge(
    *, workspace: Workspace, actor: User, into: ActionItem, others: Sequence[ActionItem], version: int | None = None
) -> ActionItem:
    """Fold ``others`` into ``into``: their practices (the higher expected level wins), costs, hours,
    dependencies and descriptions; the others are deleted. Done items cannot be merged."""
    same_workspace(workspace, into, *others)
    refuse_duplicate_objects(others, field="others", noun="Action item")  # its costs would count twice
    others = [o for o in others if o.pk != into.pk]
    if not others:
        raise ApplicationError("Choose at least one other item to merge into this one.")
    for o in [into, *others]:
        if o.client_id != into.client_id:
            raise ApplicationError("Only items of the same client can be merged.")
        if o.status == ItemStatus.DONE:
            raise ApplicationError(f"“{o.title}” is done; done items cannot be merged.")
    levels: dict[int, tuple[Practice, int, int | None]] = {}
    for item in [into, *others]:
        for lift in ItemLift.objects.filter(item=item).select_related("practice"):
            prev = levels.get(lift.practice_id)
            if prev is None or lift.expected_level > prev[1]:
                levels[lift.practice_id] = (lift.practice, lift.expected_level, lift.level_at_start)
    merged_ids = {o.pk for o in others}
    deps = {
        d
        for d in ItemDependency.objects.filter(item__in=[into, *others]).values_list("depends_on_id", flat=True)
        if d not in merged_ids and d != into.pk
    }
    dependents = set(
        ItemDependency.objects.filter(depends_on__in=others)
        .exclude(item__in=[into, *others])
        .values_list("item_id", flat=True)
    )
    _refuse_cycle(workspace, into.client_id, into.pk, deps, merged=merged_ids)
    for o in others:
        into.one_time_cost += o.one_time_cost
        into.recurring_monthly_cost += o.recurring_monthly_cost
        into.effort_hours += o.effort_hours
        into.priority = min(into.priority, o.priority)
        into.description = f"{into.description}\n\n{o.title}\n{o.description}".strip()
    into.accepted_at = into.accepted_at or timezone.now()
    versioned_save(
        into,
        expected_version=version,
        fields=["one_time_cost", "recurring_monthly_cost", "effort_hours", "priority", "description", "accepted_at"],
    )
    titles = ", ".join(f"“{o.title}”" for o in others)
    ActionItem.objects.filter(pk__in=merged_ids).delete()
    ItemLift.objects.filter(item=into).delete()
    ItemLift.objects.bulk_create(
        [
            ItemLift(workspace=workspace, item=into, practice=p, expected_level=lvl, level_at_start=start)
            for p, lvl, start in levels.values()
        ]
    )
    ItemDependency.objects.filter(item=into).delete()
    ItemDependency.objects.bulk_create([ItemDependency(workspace=workspace, item=into, depends_on_id=d) for d in deps])
    ItemDependency.objects.bulk_create(
        [ItemDependency(workspace=workspace, item_id=i, depends_on=into) for i in dependents], ignore_conflicts=True
    )
    activity_record(
        workspace=workspace, actor=actor, verb="merged", obj=into, summary=f"{titles} merged into “{into.title}”"
    )
    return into


def _halves(amount: Decimal, step: Decimal) -> tuple[Decimal, Decimal]:
    """Two parts of an amount, the first rounded down to ``step``; together exactly the amount."""
    first = (amount / 2).quantize(step, rounding="ROUND_FLOOR")
    return first, amount - first


SPLIT_SUFFIX = (" (part 1)", " (part 2)")


@transaction.atomic
def item_split(*, workspace: Workspace, actor: User, item: ActionItem, version: int | None) -> ActionItem:
    """Split an open item in two, in one step; returns the new second part.

    Hours, one-time and monthly cost are halved (the first part rounded down, the second takes the rest). An item
    that lifts two or more practices keeps the first half of them (by practice key) and gives the rest to the second
    part; an item that lifts one practice (or none) gives its lift to the second part, which then depends on the first:
    the practice rises once both are done. The second part copies everything else, waits in the backlog, and keeps
    the item's dependencies; items that depended on the item depend on both parts."""
    same_workspace(workspace, item)
    if item.status not in selectors.OPEN_STATUSES:
        raise ApplicationError(f"“{item.title}” is {item.get_status_display().lower()}; only open items can be split.")
    lifts = list(ItemLift.objects.filter(item=item).select_related("practice").order_by("practice__key"))
    base = item.title
    for suffix in SPLIT_SUFFIX:
        base = base.removesuffix(suffix)
    title_limit = ActionItem._meta.get_field("title").max_length or 200
    first_title = base[: title_limit - len(SPLIT_SUFFIX[0])] + SPLIT_SUFFIX[0]
    second_title = base[: title_limit - len(SPLIT_SUFFIX[1])] + SPLIT_SUFFIX[1]
    hours = _halves(item.effort_hours, Decimal("0.1"))
    once = _halves(item.one_time_cost, Decimal("0.01"))
    monthly = _halves(item.recurring_monthly_cost, Decimal("0.01"))
    item.title, item.effort_hours, item.one_time_cost, item.recurring_monthly_cost = (
        first_title,
        hours[0],
        once[0],
        monthly[0],
    )
    versioned_save(
        item, expected_version=version, fields=["title", "effort_hours", "one_time_cost", "recurring_monthly_cost"]
    )
    second = ActionItem.objects.create(
        workspace=workspace,
        client=item.client,
        title=second_title,
        description=item.description,
        status=item.status,
        priority=item.priority,
        origin=item.origin,
        source_assessment=item.source_assessment,
        accepted_at=item.accepted_at,
        responsible_party=item.responsible_party,
        accountable=item.accountable,
        due_date=item.due_date,
        one_time_cost=once[1],
        recurring_monthly_cost=monthly[1],
        effort_hours=hours[1],
        duration=item.duration,
        delivered_by=item.delivered_by,
        psa_reference=item.psa_reference,
        psa_url=item.psa_url,
        initiative=item.initiative,
        created_by=actor,
    )
    moving = lifts[(len(lifts) + 1) // 2 :] if len(lifts) >= 2 else lifts
    ItemLift.objects.filter(pk__in=[lift.pk for lift in moving]).update(item=second)
    deps = list(ItemDependency.objects.filter(item=item).values_list("depends_on_id", flat=True))
    if len(lifts) < 2:
        deps.append(item.pk)
    ItemDependency.objects.bulk_create(
        [ItemDependency(workspace=workspace, item=second, depends_on_id=d) for d in deps]
    )
    dependents = ItemDependency.objects.filter(depends_on=item).exclude(item=second).values_list("item_id", flat=True)
    ItemDependency.objects.bulk_create(
        [ItemDependency(workspace=workspace, item_id=i, depends_on=second) for i in dependents], ignore_conflicts=True
    )
    activity_record(workspace=workspace, actor=actor, verb="split", obj=item, summary=f"“{base}” split into two parts")
    return second


# --- the roadmap --------------------------------------------------------------------------------------------------


@transaction.atomic
def item_move(
    *,
    workspace: Workspace,
    actor: User,
    item: ActionItem,
    quarter: str,
    version: int | None,
    pinned: bool | None = None,
) -> ActionItem:
    """Put an item in a quarter ("" = back to the backlog); moving by hand pins it unless told otherwise."""
    quarter = (quarter or "").strip()
    if quarter:
        try:
            quarters.parse(quarter)
        except ValueError as exc:
            raise ApplicationError(str(exc), fields={"quarter": [str(exc)]}) from None
    fields: dict[str, Any] = {
        "quarter": quarter,
        "pinned": bool(quarter) if pinned is None else (pinned and bool(quarter)),
    }
    return item_update(workspace=workspace, actor=actor, item=item, version=version, **fields)


@transaction.atomic
def roadmap_update(
    *,
    workspace: Workspace,
    actor: User | None,
    client: Client,
    version: int | None,
    limits: dict[str, tuple[Any, Any]] | None = None,
    **fields: Any,
) -> Roadmap:
    """Set the horizon and the default limits; ``limits`` maps a quarter to (budget, hours) overrides
    (an empty pair removes the override)."""
    same_workspace(workspace, client)
    roadmap = selectors.roadmap_get(workspace=workspace, client=client)
    values = {k: v for k, v in fields.items() if k in ROADMAP_FIELDS}
    for key, value in values.items():
        if key in ("budget_per_quarter", "hours_per_quarter"):
            value = _decimal(value, key)
        elif key == "first_quarter":
            value = str(value).strip()
        setattr(roadmap, key, value)
    _clean(roadmap, exclude=["workspace", "client"])
    try:  # the whole horizon lies within the plannable years
        quarters.add(roadmap.first_quarter, roadmap.quarters - 1)
    except ValueError as exc:
        raise ApplicationError(
            f"The roadmap would end past its last quarter: {exc}.", fields={"first_quarter": [str(exc)]}
        ) from None
    if roadmap.pk is None:
        roadmap.save()
    elif values or limits:  # a change of limits alone is a change of the roadmap too: check and bump its version
        versioned_save(roadmap, expected_version=version, fields=list(values) or ["first_quarter"])
    for quarter, (budget, hours) in (limits or {}).items():
        try:
            quarters.parse(quarter)
        except ValueError as exc:
            raise ApplicationError(str(exc), fields={"limits": [str(exc)]}) from None
        if budget in (None, "") and hours in (None, ""):
            QuarterLimit.objects.filter(roadmap=roadmap, quarter=quarter).delete()
            continue
        b = _decimal(budget if budget not in (None, "") else roadmap.budget_per_quarter, "budget")
        h = _decimal(hours if hours not in (None, "") else roadmap.hours_per_quarter, "hours")
        if b < 0 or h < 0:
            raise ApplicationError("Limits cannot be negative.", fields={"limits": [f"{quarter}: negative limit."]})
        QuarterLimit.objects.update_or_create(
            workspace=workspace, roadmap=roadmap, quarter=quarter, defaults={"budget": b, "hours": h}
        )
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="updated",
        obj=roadmap,
        summary=f"Roadmap limits of {client.name} updated",
    )
    return roadmap


@dataclass(frozen=True)
class ScheduleResult:
    schedule: schedule.Schedule
    quarters: list[str]
    moved: int
    excluded: dict[int, str]
    titles: dict[int, str]
    critical_ids: frozenset[int]

    @property
    def critical(self) -> dict[int, bool]:
        """Unscheduled item id → whether it lifts a critical or Continuous practice."""
        return {int(k): int(k) in self.critical_ids for k in self.schedule.unscheduled}

    @property
    def critical_left(self) -> list[str]:
        """Titles of the critical items left out, unscheduled or excluded."""
        left = [int(k) for k in self.schedule.unscheduled] + list(self.excluded)
        return [self.titles.get(pk, str(pk)) for pk in left if pk in self.critical_ids]

    @property
    def message(self) -> str:
        placed = len(self.schedule.plan)
        text = (
            f"{placed} item(s) placed by {self.schedule.method}; {len(self.schedule.unscheduled)} left in the "
            f"backlog; {self.moved} moved."
        )
        if critical := self.critical_left:
            text += (
                f" Critical work not placed: {', '.join(f'“{t}”' for t in critical)}; "
                "the roadmap says why and what would place it."
            )
        return text


@transaction.atomic
def roadmap_schedule(
    *,
    workspace: Workspace,
    actor: User | None,
    client: Client,
    method: str = "solver",
    time_limit: float = schedule.TIME_LIMIT,
) -> ScheduleResult:
    """Choose and place the open items under the roadmap's limits (pinned and in-progress items stay put).

    Infeasible input raises ApplicationError with the solver's explanations; nothing is changed then."""
    same_workspace(workspace, client)
    selectors.roadmap_get(workspace=workspace, client=client)
    data = selectors.scheduling_input(workspace=workspace, client=client)
    try:  # critical work first (planning/domain/critical.py), then the rest around it
        result = critical.critical_first(
            data.problem,
            {str(pk) for pk in data.critical},
            method="greedy" if method == "greedy" else "solver",
            time_limit=time_limit,
        )
    except schedule.Infeasible as exc:
        raise ApplicationError(
            "The plan cannot be scheduled as it stands.", fields={"__all__": list(exc.reasons)}
        ) from None
    wanted = {int(k): data.quarters[q] for k, q in result.plan.items()}
    by_quarter: dict[str, list[int]] = {}
    for task in data.problem.tasks:
        pk = int(task.key)
        by_quarter.setdefault(wanted.get(pk, ""), []).append(pk)
    moved = 0
    now = timezone.now()
    for target, pks in by_quarter.items():  # one UPDATE per quarter, touching only the items that move
        moved += versions_bump(
            ActionItem.objects.for_workspace(workspace).filter(pk__in=pks).exclude(quarter=target),
            quarter=target,
            updated_at=now,
        )
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="scheduled",
        obj=client,
        summary=f"Roadmap of {client.name} scheduled ({result.method}): {len(wanted)} item(s) placed",
    )
    return ScheduleResult(result, data.quarters, moved, data.excluded, data.titles, data.critical)


@transaction.atomic
def roadmap_spread_and_schedule(
    *,
    workspace: Workspace,
    actor: User | None,
    client: Client,
    only_critical: bool = True,
    method: str = "solver",
    time_limit: float = schedule.TIME_LIMIT,
) -> tuple[int, ScheduleResult]:
    """One step for the vCIO: give every unplaced item (or only the critical ones) the duration the roadmap
    suggests for it (its "longer-duration" remedy), then schedule. Returns how many items were spread."""
    same_workspace(workspace, client)
    view = selectors.roadmap_view(workspace=workspace, client=client)
    by_duration: dict[int, list[int]] = {}
    for why in view.unplaced.values():
        if only_critical and not why.critical:
            continue
        spread = next((r for r in why.remedies if r.kind == "longer-duration" and r.duration), None)
        if spread is not None and spread.duration:
            by_duration.setdefault(spread.duration, []).append(why.item.pk)
    spread_count = 0
    now = timezone.now()
    for duration, pks in by_duration.items():
        spread_count += versions_bump(
            ActionItem.objects.for_workspace(workspace).filter(pk__in=pks), duration=duration, updated_at=now
        )
    return spread_count, roadmap_schedule(
        workspace=workspace, actor=actor, client=client, method=method, time_limit=time_limit
    )


@transaction.atomic
def plan_approve(*, workspace: Workspace, actor: User, client: Client, comment: str = "") -> PlanApproval:
    """Approve the client's plan as it stands: records who and when with a snapshot of the planned items, and
    moves the proposed items planned in a quarter of the horizon to approved."""
    same_workspace(workspace, client)
    view = selectors.roadmap_view(workspace=workspace, client=client)
    planned = [i for c in view.columns for i in c.items if i.status != ItemStatus.DONE]
    if not planned:
        raise ApplicationError("There is nothing to approve: no open item is planned in a quarter of the roadmap.")
    now = timezone.now()
    snapshot = [
        {
            "id": i.pk,
            "title": i.title,
            "quarter": i.quarter,
            "status": i.status,
            "one_time_cost": str(i.one_time_cost),
            "recurring_monthly_cost": str(i.recurring_monthly_cost),
            "effort_hours": str(i.effort_hours),
        }
        for i in planned
    ]
    total = sum((i.one_time_cost + 12 * i.recurring_monthly_cost for i in planned), Decimal("0"))
    approval = PlanApproval.objects.create(
        workspace=workspace,
        client=client,
        approved_by=actor,
        items=snapshot,
        total_cost=total,
        comment=(comment or "").strip()[:2000],
    )
    versions_bump(
        ActionItem.objects.filter(pk__in=[i.pk for i in planned], status=ItemStatus.PROPOSED),
        status=ItemStatus.APPROVED,
        accepted_at=now,
        updated_at=now,
    )
    roadmap = view.roadmap
    if roadmap.pk is None:
        roadmap.save()
    versions_bump(Roadmap.objects.filter(pk=roadmap.pk), approved_at=now, approved_by=actor)
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="approved",
        obj=approval,
        summary=f"Plan of {client.name} approved: {len(planned)} item(s)",
    )
    return approval


# --- closing the loop ---------------------------------------------------------------------------------------------


@transaction.atomic
def items_review_after_assessment(*, workspace: Workspace, assessment: Assessment) -> list[ActionItem]:
    """Flag done items whose practice did not rise: the new assessment's level is not above the level the
    practice had when the item was planned (or is below the level the item should have reached)."""
    answers = assessment_selectors.assessment_answers(workspace=workspace, assessment=assessment)
    flagged: list[ActionItem] = []
    done = (
        ActionItem.objects.for_workspace(workspace)
        .filter(client=assessment.client_id, status=ItemStatus.DONE, done_at__date__lte=assessment.assessed_on)
        .prefetch_related("lifts__practice")
    )
    for item in done:
        reasons = []
        for lift in item.lifts.all():
            now = answers.get(lift.practice.key)
            if not isinstance(now, int):
                continue
            start = lift.level_at_start if lift.level_at_start is not None else 0
            if now <= start:
                reasons.append(f"{lift.practice.name}: still at {now} (was {start}, expected {lift.expected_level})")
        if reasons:
            flag = f"Review after {assessment.title}: " + "; ".join(reasons)
            item.review_flag = flag[:300]
            versions_bump(ActionItem.objects.filter(pk=item.pk), review_flag=item.review_flag)
            flagged.append(item)
    if flagged:
        activity_record(
            workspace=workspace,
            actor=None,
            verb="flagged",
            obj=assessment,
            summary=f"{len(flagged)} done item(s) flagged for review after {assessment.title}",
        )
    return flagged
