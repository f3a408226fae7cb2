"""Matrix templates: the MSP's standard split of duties, by kind of party (the MSP, an internal role, the ISP…).
Save a client's matrix as a template; start another client's matrix from one. Applying fills only empty cells,
so it never overwrites what was agreed with the client, and never makes a second Accountable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from sevenc.core.domain.errors import ApplicationError
from sevenc.core.guards import same_workspace
from sevenc.core.services import activity_record
from sevenc.responsibility import selectors, services
from sevenc.responsibility.models import MatrixTemplate, TemplateAssignment
from sevenc.tenancy.models import Client

_STRENGTH = {"A": 0, "R": 1, "C": 2, "I": 3}


def template_list(*, workspace: Any) -> list[MatrixTemplate]:
    return list(MatrixTemplate.objects.for_workspace(workspace).order_by("name"))


def template_get(*, workspace: Any, pk: int) -> MatrixTemplate:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(MatrixTemplate.objects.for_workspace(workspace), pk=pk)


@transaction.atomic
def template_from_client(
    *, workspace: Any, actor: Any, client: Client, name: str, description: str = ""
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
    skipped_kinds: tuple[str, ...]  # kinds of party the template uses that the client has none of
    kept: int  # cells the template would set but the client's matrix already decides


@transaction.atomic
def template_apply(*, workspace: Any, actor: Any, template: MatrixTemplate, client: Client) -> ApplyResult:
    """Fill the client's empty cells from the template: each kind of party maps to the client's first party of
    that kind (by name). A cell already set, or an A where the area has one, is left as it is."""
    same_workspace(workspace, template, client, what="template or client")
    view = selectors.matrix_get(workspace=workspace, client=client)
    first_of_kind: dict[str, int] = {}
    for p in view.parties:  # ordered by name
        first_of_kind.setdefault(p.kind, p.pk)
    has_a = {a for (a, _p), r in view.cells.items() if r == "A"}
    changes, kept, missing = [], 0, set()
    for ta in TemplateAssignment.objects.filter(template=template).order_by("area_id", "party_kind"):
        party = first_of_kind.get(ta.party_kind)
        if party is None:
            missing.add(ta.party_kind)
            continue
        if ta.area_id not in view.area_ids:
            continue
        if (ta.area_id, party) in view.cells or (ta.role == "A" and ta.area_id in has_a):
            kept += 1
            continue
        if ta.role == "A":
            has_a.add(ta.area_id)
        changes.append(services.CellChange(ta.area_id, party, ta.role, ""))
    n = services.matrix_save(workspace=workspace, actor=actor, client=client, changes=changes) if changes else 0
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="applied",
        obj=template,
        summary=f"Matrix template “{template.name}” applied to {client.name}: {n} cell(s)",
    )
    return ApplyResult(set=n, skipped_kinds=tuple(sorted(missing)), kept=kept)
