"""Writes to the responsibility matrix and its areas. Keyword-only arguments; every write checked, atomic and
logged. Matrix changes are all or nothing: each names the role the user saw, and a cell someone else changed
meanwhile refuses the whole save (ConflictError), so nothing is overwritten silently."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from sevenc.core.domain.bulk import duplicates, refuse_duplicates
from sevenc.core.domain.errors import ApplicationError, ConflictError
from sevenc.core.guards import same_workspace
from sevenc.core.services import activity_record
from sevenc.responsibility import selectors
from sevenc.responsibility.domain import starters
from sevenc.responsibility.models import Assignment, MatrixTemplate, RaciRole, ResponsibilityArea, TemplateAssignment
from sevenc.tenancy.models import Client, Party, Workspace

if TYPE_CHECKING:
    from sevenc.accounts.models import User

ROLES = set(RaciRole.values)
CATALOG = Path(__file__).resolve().parents[1] / "catalog" / "data" / "7c.json"


@cache
def practice_places() -> dict[str, tuple[str, str]]:
    """7C practice key → (block key, area key), from the shipped catalog document."""
    doc = json.loads(CATALOG.read_text(encoding="utf-8"))
    return {p["key"]: (b["key"], a["key"]) for b in doc["blocks"] for a in b["areas"] for p in a["practices"]}


@dataclass(frozen=True)
class CellChange:
    area_id: int
    party_id: int
    role: str  # "R", "A", "C", "I" or "" (no role)
    seen: str  # the role the user saw before changing it ("" for none)


class MatrixConflictError(ConflictError):
    """Cells changed by someone else since the user read them: (area id, party id) → the role now."""

    def __init__(self, message: str, *, cells: dict[tuple[int, int], str]) -> None:
        super().__init__(message, current=None)
        self.cells = cells


def _norm(role: str) -> str:
    role = (role or "").strip().upper()
    return "" if role in ("", "-", "DEL") else role


def _cell_namer(
    workspace: Workspace, client: Client, cells: Sequence[tuple[int, int]]
) -> Callable[[tuple[int, int]], str]:
    """Words for a cell: the area's title and the party's name where they are this client's, and the ids."""
    from sevenc.responsibility import selectors

    areas = dict(
        selectors.area_list(workspace=workspace).filter(pk__in={a for a, _p in cells}).values_list("pk", "title")
    )
    parties = dict(
        Party.objects.for_workspace(workspace)
        .filter(client=client, pk__in={p for _a, p in cells})
        .values_list("pk", "name")
    )

    def name(cell: tuple[int, int]) -> str:
        area, party = cell
        words = f"“{areas.get(area, '?')}” × “{parties.get(party, '?')}” " if area in areas or party in parties else ""
        return f"The cell {words}(area {area}, party {party})"

    return name


@transaction.atomic
def matrix_save(*, workspace: Workspace, actor: User | None, client: Client, changes: Sequence[CellChange]) -> int:
    """Apply cell changes to the client's matrix; returns how many cells changed. Refuses, changing nothing:
    a cell named more than once (DuplicateError, 422: which of its roles was meant?), an unknown role, an area
    or party that is not the client's, a cell changed by someone else since it was read (409), or an area left
    with more than one Accountable."""
    same_workspace(workspace, client, what="client")
    changes = [CellChange(c.area_id, c.party_id, _norm(c.role), _norm(c.seen)) for c in changes]
    cells = [(c.area_id, c.party_id) for c in changes]
    if twice := duplicates(cells):
        refuse_duplicates(cells, field="cells", name=_cell_namer(workspace, client, twice))
    bad = sorted({c.role for c in changes if c.role and c.role not in ROLES})
    if bad:
        raise ApplicationError(
            "Use R, A, C, I or nothing in a cell.", fields={"cells": [f"Unknown role: {r}" for r in bad]}
        )
    changes = [c for c in changes if c.role != c.seen]
    if not changes:
        return 0
    from sevenc.responsibility import selectors

    areas = {a.pk: a for a in selectors.area_list(workspace=workspace).filter(pk__in={c.area_id for c in changes})}
    parties = {
        p.pk: p
        for p in Party.objects.for_workspace(workspace).filter(client=client, pk__in={c.party_id for c in changes})
    }
    unknown = [c for c in changes if c.area_id not in areas or c.party_id not in parties]
    if unknown:
        raise ApplicationError(
            "Some cells name an area or a party that is not in this client's matrix.",
            fields={"cells": [f"area {c.area_id} × party {c.party_id}" for c in unknown[:10]]},
        )
    rows = {
        (a.area_id, a.party_id): a
        for a in Assignment.objects.select_for_update().filter(workspace=workspace, client=client, area_id__in=areas)
    }
    stale = {
        (c.area_id, c.party_id): rows[(c.area_id, c.party_id)].role if (c.area_id, c.party_id) in rows else ""
        for c in changes
        if (rows[(c.area_id, c.party_id)].role if (c.area_id, c.party_id) in rows else "") != c.seen
    }
    if stale:
        raise MatrixConflictError(
            f"{len(stale)} cell(s) were changed by someone else since you opened the matrix. "
            "Nothing was saved; the current roles are shown.",
            cells=stale,
        )
    after = {key: a.role for key, a in rows.items()}
    for c in changes:
        after[(c.area_id, c.party_id)] = c.role
    accountable: dict[int, list[int]] = {}
    for (area_id, party_id), role in after.items():
        if role == RaciRole.ACCOUNTABLE:
            accountable.setdefault(area_id, []).append(party_id)
    several = {a: ps for a, ps in accountable.items() if len(ps) > 1}
    if several:
        names = {p.pk: p.name for p in Party.objects.filter(client=client)}
        raise ApplicationError(
            "An area has one Accountable; nothing was saved.",
            fields={
                "cells": [
                    f"“{areas[a].title}”: {', '.join(sorted(names.get(p, str(p)) for p in ps))} "
                    "would all be accountable."
                    for a, ps in sorted(several.items())
                ]
            },
        )
    removed = [rows[(c.area_id, c.party_id)].pk for c in changes if not c.role and (c.area_id, c.party_id) in rows]
    Assignment.objects.filter(pk__in=removed).delete()
    # roles that move from one party to another within an area: write removals first, then the rest
    updated, created = [], []
    for c in changes:
        if not c.role:
            continue
        row = rows.get((c.area_id, c.party_id))
        if row is None:
            created.append(
                Assignment(
                    workspace=workspace,
                    client=client,
                    area_id=c.area_id,
                    party_id=c.party_id,
                    role=c.role,
                    set_by=actor if getattr(actor, "pk", None) else None,
                )
            )
        else:
            row.role = c.role
            updated.append(row)
    try:
        # an A moving between parties: clear the old A before the new one lands (the one-A constraint)
        demoted = [r for r in updated if r.role != RaciRole.ACCOUNTABLE]
        Assignment.objects.bulk_update(demoted, ["role"])
        Assignment.objects.bulk_update([r for r in updated if r.role == RaciRole.ACCOUNTABLE], ["role"])
        Assignment.objects.bulk_create(created)
    except IntegrityError:  # another save landed between our read and our write
        raise ConflictError(
            "The matrix was changed by someone else while saving; nothing was saved. Reload it.", current=None
        ) from None
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="updated",
        obj=client,
        summary=f"Responsibility matrix of {client.name}: {len(changes)} cell(s) changed",
    )
    return len(changes)


@transaction.atomic
def area_create(
    *,
    workspace: Workspace,
    actor: User,
    key: str,
    title: str,
    group: str,
    practice_key: str,
    criticality: str = "medium",
    description: str = "",
) -> ResponsibilityArea:
    """Add one of the workspace's own responsibility areas, tied to a 7C practice."""
    key, title, group = (key or "").strip().lower(), (title or "").strip(), (group or "").strip()
    errors: dict[str, list[str]] = {}
    places = practice_places()
    if practice_key not in places:
        errors["practice_key"] = [f"Unknown practice: {practice_key}"]
    if not title:
        errors["title"] = ["This field is required."]
    if not key:
        errors["key"] = ["This field is required."]
    elif (
        ResponsibilityArea.objects.filter(key=key).filter(workspace__isnull=True).exists()
        or ResponsibilityArea.objects.for_workspace(workspace).filter(key=key).exists()
    ):
        errors["key"] = [f"The key {key} is taken."]
    if criticality not in ("high", "medium", "low"):
        errors["criticality"] = ["Choose high, medium or low."]
    if errors:
        raise ApplicationError("Some fields are not valid.", fields=errors)
    block_key, area_key = places[practice_key]
    last = ResponsibilityArea.objects.for_workspace(workspace).order_by("-position").first()
    area = ResponsibilityArea.objects.create(
        workspace=workspace,
        key=key,
        title=title[:300],
        group=group[:120],
        description=description,
        block_key=block_key,
        area_key=area_key,
        practice_key=practice_key,
        criticality=criticality,
        position=(last.position + 1) if last else 100_000,
    )
    activity_record(
        workspace=workspace, actor=actor, verb="created", obj=area, summary=f"Responsibility area “{area.title}” added"
    )
    return area


# --- matrix templates ----------------------------------------------------------------------------------------
# Matrix templates: the MSP's standard split of duties, by kind of party (the MSP, an internal role, the ISP…).
# Save a client's matrix as a template; start another client's matrix from one of them or from a shipped starter
# (selectors.starter_catalogue). Applying fills only empty cells, so it never overwrites what was agreed with the
# client, and never makes a second Accountable.

_STRENGTH = {"A": 0, "R": 1, "C": 2, "I": 3}


@transaction.atomic
def template_from_client(
    *, workspace: Workspace, actor: User, client: Client, name: str, description: str = ""
) -> MatrixTemplate:
    """A new template holding the client's matrix by kind of party (where several parties of one kind hold roles
    in an area, the strongest role: A, then R, C, I)."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError("A template needs a name.", fields={"name": ["This field is required."]})
    same_workspace(workspace, client, what="client")
    view = selectors.matrix_get(workspace=workspace, client=client)
    kind_of = {p.pk: p.kind for p in view.parties}
    visible = view.area_ids
    best: dict[tuple[int, str], str] = {}
    for (area_id, party_id), role in view.cells.items():
        if area_id not in visible:
            continue
        key = (area_id, kind_of[party_id])
        if key not in best or _STRENGTH[role] < _STRENGTH[best[key]]:
            best[key] = role
    accountable_kinds: dict[int, str] = {}
    for (area_id, kind), role in sorted(best.items()):  # one A per area in the template too
        if role == "A":
            if area_id in accountable_kinds:
                best[(area_id, kind)] = "R"
            else:
                accountable_kinds[area_id] = kind
    if not best:
        raise ApplicationError("This client's matrix is empty: there is nothing to save as a template.")
    try:
        template = MatrixTemplate.objects.create(workspace=workspace, name=name[:150], description=description)
    except IntegrityError:
        raise ApplicationError(
            f"There is a template called {name} already.", fields={"name": ["Choose another name."]}
        ) from None
    TemplateAssignment.objects.bulk_create(
        [
            TemplateAssignment(workspace=workspace, template=template, area_id=area_id, party_kind=kind, role=role)
            for (area_id, kind), role in best.items()
        ]
    )
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="created",
        obj=template,
        summary=f"Matrix template “{template.name}” saved from {client.name}",
    )
    return template


@dataclass(frozen=True)
class ApplyResult:
    set: int  # cells filled
    kept: int  # cells the template would set but the client's matrix already decides
    left_out: tuple[str, ...]  # the template's slots (kinds of party) left out, by name
    gaps: int  # areas in use with no one responsible or no one accountable afterwards


@transaction.atomic
def template_apply(
    *,
    workspace: Workspace,
    actor: User | None,
    client: Client,
    source: selectors.TemplateSource,
    mapping: Mapping[str, int | None],
) -> ApplyResult:
    """Fill the client's empty cells from a template (a starter or one of the workspace's): ``mapping`` gives
    each of its slots (kinds of party) one of the client's parties, or None to leave it out. Refused, changing
    nothing, when a slot is not mapped, a required one is left out, a party is not the client's or is chosen for
    two required slots. A cell already set, or an A where the area has one, is left as it is
    (starters.plan_apply); a cell someone else fills meanwhile refuses the whole apply (409, from matrix_save)."""
    same_workspace(workspace, client, source.template, what="template or client")
    view = selectors.matrix_get(workspace=workspace, client=client)
    names = {p.pk: p.name for p in view.parties}
    problems = starters.mapping_problems(source.slots, mapping, names)
    if problems:
        raise ApplicationError(
            "Map each of the template's parties onto one of this client's; nothing was changed.",
            fields={"mapping": problems},
        )
    cells = selectors.template_source_cells(workspace=workspace, source=source, areas=view.areas)
    plan = starters.plan_apply(cells=cells, mapping=mapping, existing=view.cells, areas=view.area_ids)
    changes = [CellChange(area, party, role, "") for area, party, role in plan.changes]
    n = matrix_save(workspace=workspace, actor=actor, client=client, changes=changes) if changes else 0
    after = {**view.cells, **{(area, party): role for area, party, role in plan.changes}}
    gaps = starters.gaps([a.pk for a in view.areas], after)
    left_out = tuple(s.name for s in source.slots if mapping.get(s.key) is None)
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="applied",
        obj=source.template or client,
        summary=f"Matrix template “{source.name}” applied to {client.name}: {n} cell(s)",
    )
    return ApplyResult(set=n, kept=plan.kept, left_out=left_out, gaps=len(gaps))
