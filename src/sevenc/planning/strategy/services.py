"""Writes for strategy sessions (the "IT strategy planning retreat"): the session, its SWOT (strengths and
weaknesses are internal, opportunities and threats external), its business goals, and the strategic initiatives
that group a client's action items.

Every service is keyword-only, validates with ``full_clean()`` before writing, runs in one transaction, refuses
rows of another workspace or client, and writes an activity entry. Every row carries a version (sessions, SWOT
entries, goals, initiatives): an update or a delete names the version it was read at, a stale one raises
ConflictError with the current row (sevenc.core.versioning). Reordering moves the version of every row it moves.
Assigning action items to an initiative bumps each item's version (someone editing the item is told).
docs/strategy.md describes the whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone

from sevenc.core.domain.bulk import refuse_duplicate_objects
from sevenc.core.domain.errors import ApplicationError, ConflictError, validation_fields
from sevenc.core.guards import same_workspace
from sevenc.core.services import activity_record
from sevenc.core.versioning import versioned_delete, versioned_save, versions_bump
from sevenc.planning.models import ActionItem, Priority
from sevenc.planning.strategy.models import BusinessGoal, StrategicInitiative, StrategySession, SwotEntry, SwotKind
from sevenc.tenancy.models import Client, Workspace

if TYPE_CHECKING:
    from sevenc.accounts.models import User

SESSION_FIELDS = ("title", "held_on", "year", "notes")
GOAL_FIELDS = ("title", "measure", "target_date")
INITIATIVE_FIELDS = ("title", "description", "owner", "priority", "year", "session", "goal")
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_NOTES = 50_000
MAX_DESCRIPTION = 20_000
MAX_ITEMS = 500  # items assigned in one request


def _clean(obj: Any, *, exclude: list[str]) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        raise ApplicationError("Some fields are not valid; nothing was saved.", fields=validation_fields(exc)) from None


def _text(value: Any) -> str:
    return str(value or "").replace("\r\n", "\n").strip()


def _year(value: Any, field: str = "year") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_YEAR <= value <= MAX_YEAR:
        raise ApplicationError(
            "Some fields are not valid; nothing was saved.",
            fields={field: [f"Enter a year from {MIN_YEAR} to {MAX_YEAR}."]},
        )
    return value


def _long(value: str, field: str, limit: int) -> str:
    if len(value) > limit:
        raise ApplicationError(
            "Some fields are not valid; nothing was saved.", fields={field: [f"At most {limit:,} characters."]}
        )
    return value


def _stale(what: str, verb: str = "saved") -> Any:
    """The ConflictError for a stale or vanished row, carrying the current row (None when it is gone)."""

    def conflict(current: Any) -> ConflictError:
        return ConflictError(
            f"This {what} was changed or deleted by someone else since you opened it. Nothing was "
            f"{verb}; the current value is shown.",
            current=current,
        )

    return conflict


# --- sessions ------------------------------------------------------------------------------------------------


def _where(session: StrategySession) -> str:
    return f"“{session.title}” ({session.client.name})"


@transaction.atomic
def strategy_session_create(
    *,
    workspace: Workspace,
    actor: User,
    client: Client,
    title: str,
    held_on: dt.date,
    year: int | None = None,
    notes: str = "",
) -> StrategySession:
    """Record a strategy session with the client's leadership. ``year``: the year it plans (default: the
    year after ``held_on`` for a session held from October on, else the same year)."""
    same_workspace(workspace, client)
    if year is None and isinstance(held_on, dt.date):
        year = held_on.year + 1 if held_on.month >= 10 else held_on.year
    session = StrategySession(
        workspace=workspace,
        client=client,
        title=_text(title),
        held_on=held_on,
        year=_year(year),
        notes=_long(_text(notes), "notes", MAX_NOTES),
    )
    _clean(session, exclude=["workspace", "client"])
    session.save()
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="created",
        obj=session,
        summary=f"Strategy session {_where(session)} recorded for {session.year}",
    )
    return session


@transaction.atomic
def strategy_session_update(
    *, workspace: Workspace, actor: User, session: StrategySession, version: int | None, **fields: Any
) -> StrategySession:
    """Change the title, date, plan year or notes; ``version``: the one read (stale → 409)."""
    same_workspace(workspace, session)
    values = {k: v for k, v in fields.items() if k in SESSION_FIELDS and v is not None}
    for key in ("title", "notes"):
        if key in values:
            values[key] = _text(values[key])
    if "year" in values:
        _year(values["year"])
    if "notes" in values:
        _long(values["notes"], "notes", MAX_NOTES)
    for key, value in values.items():
        setattr(session, key, value)
    _clean(session, exclude=["workspace", "client"])
    versioned_save(session, expected_version=version, fields=list(values) or ["title"])
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="updated",
        obj=session,
        summary=f"Strategy session {_where(session)} changed",
    )
    return session


@transaction.atomic
def strategy_session_delete(
    *, workspace: Workspace, actor: User, session: StrategySession, version: int | None = None
) -> None:
    """Delete a session with its SWOT and goals (``version``, when given, must be current). Its initiatives
    stay with the client, without a session or goal."""
    same_workspace(workspace, session)
    where = _where(session)
    versioned_delete(
        session,
        expected_version=version,
        conflict=lambda current: ConflictError(
            "This strategy session was changed or deleted by someone else since you opened it; nothing was deleted.",
            current=current,
        ),
    )
    activity_record(
        workspace=workspace, actor=actor, verb="deleted", obj=None, summary=f"Strategy session {where} deleted"
    )


# --- SWOT ----------------------------------------------------------------------------------------------------


def _kind(kind: Any) -> str:
    if kind not in SwotKind.values:
        raise ApplicationError(
            "Choose strength, weakness, opportunity or threat.",
            fields={"kind": ["Choose strength, weakness, opportunity or threat."]},
        )
    return str(kind)


def _next_position(qs: Any) -> int:
    top = qs.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def _swot_label(entry: SwotEntry) -> str:
    return f"{SwotKind(entry.kind).label.lower()} “{entry.text[:80]}”"


@transaction.atomic
def swot_entry_add(*, workspace: Workspace, actor: User, session: StrategySession, kind: str, text: str) -> SwotEntry:
    """Add a strength, weakness (internal), opportunity or threat (external) at the end of its quadrant."""
    same_workspace(workspace, session)
    kind = _kind(kind)
    entry = SwotEntry(
        workspace=workspace,
        session=session,
        kind=kind,
        text=_text(text),
        position=_next_position(SwotEntry.objects.filter(session=session, kind=kind)),
    )
    _clean(entry, exclude=["workspace", "session"])
    entry.save()
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="created",
        obj=entry,
        summary=f"SWOT {_swot_label(entry)} added to {_where(session)}",
    )
    return entry


@transaction.atomic
def swot_entry_update(
    *,
    workspace: Workspace,
    actor: User,
    entry: SwotEntry,
    text: str | None = None,
    kind: str | None = None,
    position: int | None = None,
    version: int | None = None,
) -> SwotEntry:
    """Change the text, or move the entry to another quadrant (at its end), or to ``position`` (0 first) in its
    quadrant. ``version``: the entry's version as read; when it is stale → 409 with the current entry."""
    same_workspace(workspace, entry)
    if text is not None:
        entry.text = _text(text)
    if kind is not None and _kind(kind) != entry.kind:
        entry.kind = kind
        entry.position = _next_position(SwotEntry.objects.filter(session_id=entry.session_id, kind=kind))
    _clean(entry, exclude=["workspace", "session"])
    versioned_save(entry, expected_version=version, fields=["text", "kind", "position"], conflict=_stale("SWOT entry"))
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="updated",
        obj=entry,
        summary=f"SWOT {_swot_label(entry)} of {_where(entry.session)} changed",
    )
    if position is not None:
        ids = list(
            SwotEntry.objects.filter(session_id=entry.session_id, kind=entry.kind)
            .order_by("position", "pk")
            .values_list("pk", flat=True)
        )
        swot_reorder(
            workspace=workspace,
            actor=actor,
            session=entry.session,
            kind=entry.kind,
            order=_placed(ids, entry.pk, position),
        )
        entry.refresh_from_db(fields=["position", "updated_at", "version"])
    return entry


@transaction.atomic
def swot_entry_delete(*, workspace: Workspace, actor: User, entry: SwotEntry, version: int | None = None) -> None:
    """Delete an entry (``version``, when given, must be current)."""
    same_workspace(workspace, entry)
    label = _swot_label(entry)
    versioned_delete(entry, expected_version=version, conflict=_stale("SWOT entry", "deleted"))
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="deleted",
        obj=None,
        summary=f"SWOT {label} removed from {_where(entry.session)}",
    )


def _reorder(model: type[Model], rows: Sequence[Any], ids: Sequence[int], what: str) -> list[Any]:
    by_id = {r.pk: r for r in rows}
    if len(ids) != len(set(ids)) or set(ids) != set(by_id):
        raise ApplicationError(
            f"Name every {what} of the list exactly once to reorder it; nothing was changed.",
            fields={"order": [f"Give the ids of all {len(by_id)} {what}s, each once."]},
        )
    now = timezone.now()
    ordered = [by_id[i] for i in ids]
    for position, row in enumerate(ordered):
        if row.position != position:
            versions_bump(model._default_manager.filter(pk=row.pk), position=position, updated_at=now)
            row.position, row.updated_at = position, now
            row.version += 1
    return ordered


@transaction.atomic
def swot_reorder(
    *, workspace: Workspace, actor: User, session: StrategySession, kind: str, order: Sequence[int]
) -> list[SwotEntry]:
    """Put one quadrant's entries in the order of ``order`` (their ids, every one of them once)."""
    same_workspace(workspace, session)
    kind = _kind(kind)
    rows = list(SwotEntry.objects.select_for_update().filter(session=session, kind=kind))
    ordered = _reorder(SwotEntry, rows, list(order), "entry")
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="reordered",
        obj=session,
        summary=f"SWOT {SwotKind(kind).label.lower()}s of {_where(session)} reordered",
    )
    return ordered


def _placed(ids: list[int], pk: int, position: int) -> list[int]:
    """``ids`` with ``pk`` moved to ``position`` (0 first; past the end: last)."""
    if isinstance(position, bool) or not isinstance(position, int) or position < 0:
        raise ApplicationError("A position is 0 or more.", fields={"position": ["0 or more."]})
    rest = [i for i in ids if i != pk]
    rest.insert(min(position, len(rest)), pk)
    return rest


def _moved(ids: list[int], pk: int, direction: str) -> list[int]:
    if direction not in ("up", "down"):
        raise ApplicationError("Move up or down.", fields={"direction": ["Up or down."]})
    i = ids.index(pk)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(ids):
        ids[i], ids[j] = ids[j], ids[i]
    return ids


@transaction.atomic
def swot_entry_move(*, workspace: Workspace, actor: User, entry: SwotEntry, direction: str) -> list[SwotEntry]:
    """Move an entry one place up or down in its quadrant (the first stays first, the last stays last)."""
    same_workspace(workspace, entry)
    ids = list(
        SwotEntry.objects.filter(session_id=entry.session_id, kind=entry.kind)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    return swot_reorder(
        workspace=workspace, actor=actor, session=entry.session, kind=entry.kind, order=_moved(ids, entry.pk, direction)
    )


# --- business goals ------------------------------------------------------------------------------------------


@transaction.atomic
def business_goal_add(
    *,
    workspace: Workspace,
    actor: User,
    session: StrategySession,
    title: str,
    measure: str = "",
    target_date: dt.date | None = None,
) -> BusinessGoal:
    """Add a business goal (more revenue, lower cost, continuity…) at the end of the session's list."""
    same_workspace(workspace, session)
    goal = BusinessGoal(
        workspace=workspace,
        session=session,
        title=_text(title),
        measure=_text(measure),
        target_date=target_date,
        position=_next_position(BusinessGoal.objects.filter(session=session)),
    )
    _clean(goal, exclude=["workspace", "session"])
    goal.save()
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="created",
        obj=goal,
        summary=f"Business goal “{goal.title}” added to {_where(session)}",
    )
    return goal


@transaction.atomic
def business_goal_update(
    *,
    workspace: Workspace,
    actor: User,
    goal: BusinessGoal,
    version: int | None = None,
    position: int | None = None,
    **fields: Any,
) -> BusinessGoal:
    """Change the title, measure or target date (``target_date=None`` clears it when given), or move the goal to
    ``position`` (0 first). ``version``: the goal's version as read; when it is stale → 409 with the current goal."""
    same_workspace(workspace, goal)
    for key, value in fields.items():
        if key not in GOAL_FIELDS or (value is None and key != "target_date"):
            continue
        setattr(goal, key, _text(value) if key != "target_date" else value)
    _clean(goal, exclude=["workspace", "session"])
    versioned_save(goal, expected_version=version, fields=list(GOAL_FIELDS), conflict=_stale("business goal"))
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="updated",
        obj=goal,
        summary=f"Business goal “{goal.title}” of {_where(goal.session)} changed",
    )
    if position is not None:
        ids = list(
            BusinessGoal.objects.filter(session_id=goal.session_id)
            .order_by("position", "pk")
            .values_list("pk", flat=True)
        )
        business_goals_reorder(
            workspace=workspace, actor=actor, session=goal.session, order=_placed(ids, goal.pk, position)
        )
        goal.refresh_from_db(fields=["position", "updated_at", "version"])
    return goal


@transaction.atomic
def business_goal_delete(*, workspace: Workspace, actor: User, goal: BusinessGoal, version: int | None = None) -> None:
    """Delete a goal (``version``, when given, must be current); initiatives that served it stay, without a goal."""
    same_workspace(workspace, goal)
    title = goal.title
    versioned_delete(goal, expected_version=version, conflict=_stale("business goal", "deleted"))
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="deleted",
        obj=None,
        summary=f"Business goal “{title}” removed from {_where(goal.session)}",
    )


@transaction.atomic
def business_goals_reorder(
    *, workspace: Workspace, actor: User, session: StrategySession, order: Sequence[int]
) -> list[BusinessGoal]:
    """Put the session's goals in the order of ``order`` (their ids, every one of them once)."""
    same_workspace(workspace, session)
    rows = list(BusinessGoal.objects.select_for_update().filter(session=session))
    ordered = _reorder(BusinessGoal, rows, list(order), "goal")
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="reordered",
        obj=session,
        summary=f"Business goals of {_where(session)} reordered",
    )
    return ordered


@transaction.atomic
def business_goal_move(*, workspace: Workspace, actor: User, goal: BusinessGoal, direction: str) -> list[BusinessGoal]:
    same_workspace(workspace, goal)
    ids = list(
        BusinessGoal.objects.filter(session_id=goal.session_id).order_by("position", "pk").values_list("pk", flat=True)
    )
    return business_goals_reorder(
        workspace=workspace, actor=actor, session=goal.session, order=_moved(ids, goal.pk, direction)
    )


# --- initiatives ---------------------------------------------------------------------------------------------


def _initiative_links(
    workspace: Workspace, client: Client, session: StrategySession | None, goal: BusinessGoal | None
) -> None:
    same_workspace(workspace, client, session, goal)
    if session is not None and session.client_id != client.pk:
        raise ApplicationError(
            "That strategy session is another client's; an initiative belongs to one client.",
            fields={"session": ["A session of another client."]},
        )
    if goal is not None and goal.session.client_id != client.pk:
        raise ApplicationError(
            "That business goal is another client's; an initiative belongs to one client.",
            fields={"goal": ["A goal of another client."]},
        )


def _initiative_values(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for key in ("title", "description", "owner"):
        if key in out:
            out[key] = _text(out[key])
    if "description" in out:
        _long(out["description"], "description", MAX_DESCRIPTION)
    if "year" in out:
        _year(out["year"])
    if "priority" in out and out["priority"] not in Priority.values:
        raise ApplicationError(
            "Some fields are not valid; nothing was saved.",
            fields={"priority": ["Choose 1 (high), 2 (medium) or 3 (low)."]},
        )
    return out


@transaction.atomic
def initiative_create(
    *,
    workspace: Workspace,
    actor: User,
    client: Client,
    title: str,
    year: int | None = None,
    session: StrategySession | None = None,
    goal: BusinessGoal | None = None,
    description: str = "",
    owner: str = "",
    priority: int = Priority.MEDIUM,
    items: Sequence[ActionItem] = (),
) -> StrategicInitiative:
    """A strategic initiative of the client for ``year`` (default: the session's plan year), serving ``goal``,
    grouping ``items`` (action items of the same client)."""
    _initiative_links(workspace, client, session, goal)
    if year is None:
        if session is None:
            raise ApplicationError("Give the initiative's year.", fields={"year": ["This field is required."]})
        year = session.year
    values = _initiative_values(
        {"title": title, "description": description, "owner": owner, "priority": priority, "year": year}
    )
    initiative = StrategicInitiative(workspace=workspace, client=client, session=session, goal=goal, **values)
    _clean(initiative, exclude=["workspace", "client", "session", "goal"])
    _check_items(workspace, client, items)
    initiative.save()
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="created",
        obj=initiative,
        summary=f"Initiative “{initiative.title}” ({initiative.year}) added for {client.name}",
    )
    if items:
        initiative_items_assign(workspace=workspace, actor=actor, initiative=initiative, items=items)
    return initiative


@transaction.atomic
def initiative_update(
    *,
    workspace: Workspace,
    actor: User,
    initiative: StrategicInitiative,
    version: int | None,
    items: Sequence[ActionItem] | None = None,
    **fields: Any,
) -> StrategicInitiative:
    """Change any of title, description, owner, priority, year, session, goal (``session=None``/``goal=None``
    unlink them when given) and, when ``items`` is given, make them its items; ``version``: the one read
    (stale → 409 with the current initiative)."""
    same_workspace(workspace, initiative)
    values = {k: v for k, v in fields.items() if k in INITIATIVE_FIELDS and (v is not None or k in ("session", "goal"))}
    values = _initiative_values(values)
    session = values.get("session", initiative.session)
    goal = values.get("goal", initiative.goal)
    _initiative_links(workspace, initiative.client, session, goal)
    for key, value in values.items():
        setattr(initiative, key, value)
    _clean(initiative, exclude=["workspace", "client", "session", "goal"])
    if items is not None:
        _check_items(workspace, initiative.client, items)
    versioned_save(initiative, expected_version=version, fields=list(values) or ["title"])
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="updated",
        obj=initiative,
        summary=f"Initiative “{initiative.title}” ({initiative.year}) of {initiative.client.name} changed",
    )
    if items is not None:
        initiative_items_set(workspace=workspace, actor=actor, initiative=initiative, items=items)
    return initiative


def _bump(items: Sequence[ActionItem], initiative: StrategicInitiative | None) -> None:
    now = timezone.now()
    versions_bump(ActionItem.objects.filter(pk__in=[i.pk for i in items]), initiative=initiative, updated_at=now)
    for item in items:
        item.initiative = initiative
        item.version += 1
        item.updated_at = now


@transaction.atomic
def initiative_delete(
    *, workspace: Workspace, actor: User, initiative: StrategicInitiative, version: int | None = None
) -> None:
    """Delete an initiative (``version``, when given, must be current); its action items stay, in no initiative."""
    same_workspace(workspace, initiative)
    items = list(ActionItem.objects.filter(initiative=initiative))
    title = initiative.title
    versioned_delete(
        initiative,
        expected_version=version,
        conflict=lambda current: ConflictError(
            "This initiative was changed or deleted by someone else since you opened it; nothing was deleted.",
            current=current,
        ),
    )
    _bump(items, None)
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="deleted",
        obj=None,
        summary=f"Initiative “{title}” of {initiative.client.name} deleted",
    )


def _check_items(workspace: Workspace, client: Client, items: Sequence[ActionItem]) -> None:
    if len(items) > MAX_ITEMS:
        raise ApplicationError(f"At most {MAX_ITEMS} action items at once.", fields={"items": ["Too many."]})
    refuse_duplicate_objects(items, field="items", noun="Action item")
    for item in items:
        if item.workspace_id != workspace.pk:
            raise ApplicationError(
                "That action item belongs to another workspace.",
                fields={"items": ["An action item of another workspace."]},
            )
        if item.client_id != client.pk:
            raise ApplicationError(
                f"“{item.title}” is an action item of another client; an initiative groups only its own client's "
                f"({client.name}) action items. Nothing was changed.",
                fields={"items": [f"“{item.title}” is another client's."]},
            )


@transaction.atomic
def initiative_items_assign(
    *, workspace: Workspace, actor: User, initiative: StrategicInitiative, items: Sequence[ActionItem]
) -> int:
    """Put the items (of the initiative's client) into the initiative; an item in another initiative moves.
    Returns how many moved in. Each item's version goes up."""
    same_workspace(workspace, initiative)
    _check_items(workspace, initiative.client, items)
    moving = [i for i in items if i.initiative_id != initiative.pk]
    if moving:
        _bump(moving, initiative)
        titles = ", ".join(f"“{i.title}”" for i in moving[:5]) + (" …" if len(moving) > 5 else "")
        activity_record(
            workspace=workspace,
            actor=actor,
            verb="assigned",
            obj=initiative,
            summary=f"{len(moving)} action item(s) put into initiative “{initiative.title}”: {titles}",
        )
    return len(moving)


@transaction.atomic
def initiative_items_unassign(
    *, workspace: Workspace, actor: User, initiative: StrategicInitiative, items: Sequence[ActionItem]
) -> int:
    """Take the items out of the initiative (items of other initiatives are left alone). Returns how many."""
    same_workspace(workspace, initiative)
    _check_items(workspace, initiative.client, items)
    leaving = [i for i in items if i.initiative_id == initiative.pk]
    if leaving:
        _bump(leaving, None)
        titles = ", ".join(f"“{i.title}”" for i in leaving[:5]) + (" …" if len(leaving) > 5 else "")
        activity_record(
            workspace=workspace,
            actor=actor,
            verb="unassigned",
            obj=initiative,
            summary=f"{len(leaving)} action item(s) taken out of initiative “{initiative.title}”: {titles}",
        )
    return len(leaving)


@transaction.atomic
def initiative_items_set(
    *, workspace: Workspace, actor: User, initiative: StrategicInitiative, items: Sequence[ActionItem]
) -> tuple[int, int]:
    """Make ``items`` exactly the initiative's items: assign the new ones, unassign the others.
    Returns (added, removed)."""
    same_workspace(workspace, initiative)
    _check_items(workspace, initiative.client, items)
    wanted = {i.pk for i in items}
    current = list(ActionItem.objects.select_for_update().filter(initiative=initiative))
    removed = initiative_items_unassign(
        workspace=workspace, actor=actor, initiative=initiative, items=[i for i in current if i.pk not in wanted]
    )
    added = initiative_items_assign(workspace=workspace, actor=actor, initiative=initiative, items=items)
    return added, removed
