"""Responsibility areas and a client's responsibility matrix through the API. Mounted at the API root, so its
paths are spelled out in full (/responsibility-areas, /clients/{id}/responsibility-matrix, …).

Roles: viewers read; every write needs a vCIO (`MANAGE_RESPONSIBILITIES`). A service's refusal that names fields
(an unknown role, two Accountables in an area, a cell naming another client's party, a taken key, a file with bad
rows) is invalid input: 422 with the messages per field, as a schema error is. A cell changed by someone else
since it was read refuses the whole save with 409, whose `current` holds the roles those cells hold now.
Nothing is written when a request fails.
"""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from sevenc.core.api import Pagination, register_current, require
from sevenc.core.domain import spreadsheets
from sevenc.core.domain.errors import ConflictError
from sevenc.core.domain.roles import Capability
from sevenc.core.downloads import openapi_file
from sevenc.core.schemas import Id
from sevenc.responsibility import selectors, services
from sevenc.responsibility.areas import selectors as api_selectors
from sevenc.responsibility.areas import services as api_services
from sevenc.responsibility.schemas import (
    AnalysisOut,
    AreaFilter,
    AreaIn,
    ExportQuery,
    MatrixConflictOut,
    MatrixImportOut,
    MatrixOut,
    MatrixPatch,
    MatrixPatchOut,
    PsaIn,
    ResponsibilityAreaOut,
    TemplateApplyIn,
    TemplateApplyOut,
    TemplateOut,
)
from sevenc.responsibility.transfer import services as transfer
from sevenc.tenancy import selectors as tenancy_selectors

router = Router(tags=["responsibility matrix"])


@dataclass(frozen=True)
class CurrentCell:
    area_id: int
    party_id: int
    role: str


@dataclass(frozen=True)
class CurrentCells:
    """What a 409 of the matrix carries as ``current``: the conflicting cells as they are now."""

    cells: list[CurrentCell]


register_current(CurrentCells, MatrixConflictOut)


# --- areas -------------------------------------------------------------------------------------------------------


@router.get(
    "/responsibility-areas",
    response=list[ResponsibilityAreaOut],
    operation_id="responsibility_area_list",
    summary="The responsibility areas the workspace uses (paged)",
    description="The shipped library (less the areas the workspace hid) and the workspace's own, in matrix "
    "order, each with its PSA mapping. Filters: `block` (7C block key), `group` (exact name), "
    "`criticality`, `q` (duty, group, key), `include_hidden` (also the hidden ones, flagged "
    "`hidden`).",
)
@paginate(Pagination)
def area_list(request: HttpRequest, filters: Query[AreaFilter]) -> Any:
    m = require(request)
    return api_selectors.area_search(
        workspace=m.workspace,
        block=filters.block,
        group=filters.group,
        criticality=filters.criticality or "",
        q=filters.q,
        include_hidden=filters.include_hidden,
    )


@router.post(
    "/responsibility-areas",
    response={201: ResponsibilityAreaOut},
    operation_id="responsibility_area_create",
    summary="Add one of the workspace's own responsibility areas",
    description="Tied to a 7C practice (`practice_key`), whose block and area it takes. The key must not "
    "be used by the library or the workspace (422 otherwise). The area comes after the "
    "library in every matrix of the workspace.",
)
def area_create(request: HttpRequest, payload: AreaIn) -> Status[Any]:
    m = require(request, Capability.MANAGE_RESPONSIBILITIES)
    area = services.area_create(workspace=m.workspace, actor=m.user, **payload.dict())
    return Status(201, api_selectors.area_detail(workspace=m.workspace, pk=area.pk))


@router.post(
    "/responsibility-areas/{area_id}/hide",
    response=ResponsibilityAreaOut,
    operation_id="responsibility_area_hide",
    summary="Hide an area the workspace does not use",
    description="Mostly a shipped one; an own area can be retired the same way. It leaves every matrix "
    "of the workspace and takes no new roles; the roles it holds are kept for `unhide`. "
    "Hiding a hidden area changes nothing.",
)
def area_hide(request: HttpRequest, area_id: Id) -> Any:
    m = require(request, Capability.MANAGE_RESPONSIBILITIES)
    area = selectors.area_get(workspace=m.workspace, pk=area_id)
    api_services.area_hide(workspace=m.workspace, actor=m.user, area=area)
    return api_selectors.area_detail(workspace=m.workspace, pk=area.pk)


@router.post(
    "/responsibility-areas/{area_id}/unhide",
    response=ResponsibilityAreaOut,
    operation_id="responsibility_area_unhide",
    summary="Use a hidden area again",
    description="It comes back in every matrix with the roles it had. Showing an area that is not hidden "
    "changes nothing.",
)
def area_unhide(request: HttpRequest, area_id: Id) -> Any:
    m = require(request, Capability.MANAGE_RESPONSIBILITIES)
    area = selectors.area_get(workspace=m.workspace, pk=area_id)
    api_services.area_unhide(workspace=m.workspace, actor=m.user, area=area)
    return api_selectors.area_detail(workspace=m.workspace, pk=area.pk)


@router.put(
    "/responsibility-areas/{area_id}/psa",
    response=ResponsibilityAreaOut,
    operation_id="responsibility_psa_mapping_set",
    summary="Set where tickets about an area go in the PSA",
    description="`board`, `queue` and `category` (each up to 100 characters, trimmed) replace the area's "
    "mapping in this workspace; all three empty removes it.",
)
def psa_mapping_set(request: HttpRequest, area_id: Id, payload: PsaIn) -> Any:
    m = require(request, Capability.MANAGE_RESPONSIBILITIES)
    area = selectors.area_get(workspace=m.workspace, pk=area_id)
    api_services.psa_mapping_set(workspace=m.workspace, actor=m.user, area=area, **payload.dict())
    return api_selectors.area_detail(workspace=m.workspace, pk=area.pk)


@router.get(
    "/responsibility-areas/psa-export",
    response={200: None},
    openapi_extra=openapi_file("csv"),
    operation_id="responsibility_psa_mapping_export",
    summary="The PSA mapping as a CSV file",
    description="Columns `key, duty, board, queue, category`, one row per area in use (matrix order); "
    "unmapped areas have empty board, queue and category.",
)
def psa_mapping_export(request: HttpRequest) -> HttpResponse:
    m = require(request)
    return transfer.psa_response(workspace=m.workspace)


# --- the matrix ------------------------------------------------------------------------------------------------


def _matrix_out(workspace: Any, client: Any) -> dict[str, Any]:
    view = selectors.matrix_get(workspace=workspace, client=client)
    party_ids = [p.pk for p in view.parties]
    areas = []
    gaps = 0
    for a in view.areas:
        cells = [{"party_id": pk, "role": view.cells[(a.pk, pk)]} for pk in party_ids if (a.pk, pk) in view.cells]
        held = {c["role"] for c in cells}
        gap = "R" not in held or "A" not in held
        gaps += gap
        areas.append(
            {
                "id": a.pk,
                "key": a.key,
                "title": a.title,
                "group": a.group,
                "block_key": a.block_key,
                "practice_key": a.practice_key,
                "criticality": a.criticality,
                "shipped": a.workspace_id is None,
                "cells": cells,
                "falls_to_ceo": gap,
            }
        )
    return {
        "client_id": client.pk,
        "parties": [{"id": p.pk, "name": p.name, "kind": p.kind} for p in view.parties],
        "areas": areas,
        "gaps": gaps,
    }


@router.get(
    "/clients/{client_id}/responsibility-matrix",
    response=MatrixOut,
    operation_id="responsibility_matrix_get",
    summary="The client's responsibility matrix",
    description="Its parties, and every area in use (matrix order) with the parties that have a role in it "
    "(R, A, C or I) and whether it falls to the CEO (no one responsible or no one accountable). "
    "The same number of queries whatever the size of the matrix.",
)
def matrix_get(request: HttpRequest, client_id: Id) -> Any:
    m = require(request)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    return _matrix_out(m.workspace, client)


@router.get(
    "/clients/{client_id}/responsibility-matrix/analysis",
    response=AnalysisOut,
    operation_id="responsibility_matrix_analysis",
    summary="What the client's matrix reveals: gaps, overloads, single points of failure, findings",
    description="Areas that fall to the CEO (no one responsible or no one accountable), areas with several "
    "Accountables, the load per party (weighted by criticality), single points of failure, "
    "and the findings in plain sentences, most severe first (docs/responsibility.md, "
    '"Analysis"). Low-score findings use the client\'s latest final assessment.',
)
def matrix_analysis(request: HttpRequest, client_id: Id) -> Any:
    m = require(request)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    result = selectors.matrix_analysis(workspace=m.workspace, client=client)
    ids = lambda keys: [int(k) for k in keys]  # noqa: E731
    return {
        "falls_to_ceo": ids(result.falls_to_ceo),
        "no_responsible": ids(result.no_responsible),
        "no_accountable": ids(result.no_accountable),
        "several_accountable": [[int(a), *ids(ps)] for a, ps in result.several_accountable],
        "single_points_of_failure": [[int(p), *ids(areas)] for p, areas in result.single_points_of_failure],
        "load": [
            {
                "party_id": int(pl.party_key),
                "responsible": pl.responsible,
                "accountable": pl.accountable,
                "consulted": pl.consulted,
                "informed": pl.informed,
                "weighted": pl.weighted,
            }
            for pl in result.load
        ],
        "findings": [
            {
                "kind": f.kind,
                "severity": f.severity,
                "sentence": f.sentence,
                "area_ids": ids(f.area_keys),
                "party_ids": ids(f.party_keys),
            }
            for f in result.findings
        ],
    }


@router.patch(
    "/clients/{client_id}/responsibility-matrix",
    response=MatrixPatchOut,
    operation_id="responsibility_matrix_update",
    summary="Change cells of the matrix, all or nothing; send the role you read in each",
    description='`cells`: `{area_id, party_id, role, seen}`, role R, A, C, I or "" to clear. Refused '
    "with 422 (nothing saved): a cell named twice, an unknown role, an area or party that "
    "is not in this "
    "client's matrix (another client's party, a hidden area…), an area left with two "
    "Accountables. A cell whose role is no longer `seen` refuses the whole save with 409; "
    "`current.cells` lists those cells with the role they hold now.",
)
def matrix_update(request: HttpRequest, client_id: Id, payload: MatrixPatch) -> Any:
    m = require(request, Capability.MANAGE_RESPONSIBILITIES)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    changes = [services.CellChange(c.area_id, c.party_id, c.role, c.seen) for c in payload.cells]
    try:
        changed = services.matrix_save(workspace=m.workspace, actor=m.user, client=client, changes=changes)
    except services.MatrixConflictError as exc:
        current = CurrentCells([CurrentCell(a, p, role) for (a, p), role in sorted(exc.cells.items())])
        raise ConflictError(exc.message, current=current) from None
    return {"changed": changed}


@router.get(
    "/clients/{client_id}/responsibility-matrix/export",
    response={200: None},
    openapi_extra=openapi_file("csv", "xlsx"),
    operation_id="responsibility_matrix_export",
    summary="The matrix as a CSV or XLSX file",
    description="Columns `key, group, duty, criticality, practice`, then one per party (by name); one row "
    "per area in use. The workbook colours the R/A/C/I cells and adds the sheets Parties and "
    "PSA. The CSV imports as it is (`POST …/responsibility-matrix/import`).",
)
def matrix_export(request: HttpRequest, client_id: Id, query: Query[ExportQuery]) -> HttpResponse:
    m = require(request)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    return transfer.matrix_response(workspace=m.workspace, client=client, fmt=query.format)


@router.post(
    "/clients/{client_id}/responsibility-matrix/import",
    response=MatrixImportOut,
    operation_id="responsibility_matrix_import",
    summary="Set the matrix from a CSV or XLSX file (multipart field `file`)",
    description="The export's format: `key` plus one column per party (by name); cells R, A, C, I or "
    "empty. Replaces exactly the cells in the file. Every row is checked first: unknown area "
    "keys, columns that name no party, bad roles and two Accountables in an area give 422 with "
    "every problem under `fields.rows` (row numbers, header = row 1), and nothing is written.",
)
def matrix_import(request: HttpRequest, client_id: Id, file: File[UploadedFile]) -> Any:
    m = require(request, Capability.MANAGE_RESPONSIBILITIES)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    result = transfer.matrix_import(
        workspace=m.workspace,
        actor=m.user,
        client=client,
        content=spreadsheets.upload_content(file),
        filename=file.name or "",
    )
    return {"changed": result.changed, "unchanged": result.unchanged}


# --- templates and starters ------------------------------------------------------------------------------------


@router.get(
    "/responsibility-templates",
    response=list[TemplateOut],
    operation_id="responsibility_template_list",
    summary="The templates a client's matrix can start from: the shipped starters, then the workspace's",
    description="Each with its slots: the kinds of party it gives roles to, which `…/responsibility-matrix/"
    "apply` maps onto a client's parties. Starters are shipped with sevenc and the same in every "
    "workspace; a workspace's templates are saved from a client's matrix.",
)
def template_list(request: HttpRequest) -> Any:
    m = require(request)
    return [
        {
            "ref": s.ref,
            "name": s.name,
            "description": s.description,
            "starter": s.starter is not None,
            "slots": [{"key": x.key, "name": x.name, "kinds": list(x.kinds), "required": x.required} for x in s.slots],
        }
        for s in selectors.template_sources(workspace=m.workspace)
    ]


@router.post(
    "/clients/{client_id}/responsibility-matrix/apply",
    response=TemplateApplyOut,
    operation_id="responsibility_matrix_apply_template",
    summary="Fill the client's empty cells from a starter or a template, mapping its slots onto the parties",
    description="`mapping` names every slot of the template (`GET /responsibility-templates`) with one of the "
    "client's parties, or null to leave an optional slot out. Only empty cells are filled, and an area "
    "with an Accountable gets no second one: nothing decided is overwritten. 422 (nothing changed): "
    "a slot not mapped, a required slot left out, a party not the client's or chosen for two required "
    "slots. 409: a cell was filled by someone else meanwhile. 404: no such template.",
)
def matrix_apply_template(request: HttpRequest, client_id: Id, payload: TemplateApplyIn) -> Any:
    m = require(request, Capability.MANAGE_RESPONSIBILITIES)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    source = selectors.template_source_get(workspace=m.workspace, ref=payload.template)
    try:
        result = services.template_apply(
            workspace=m.workspace, actor=m.user, client=client, source=source, mapping=payload.mapping
        )
    except services.MatrixConflictError as exc:
        current = CurrentCells([CurrentCell(a, p, role) for (a, p), role in sorted(exc.cells.items())])
        raise ConflictError(exc.message, current=current) from None
    return {"set": result.set, "kept": result.kept, "left_out": list(result.left_out), "gaps": result.gaps}
