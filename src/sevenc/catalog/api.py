from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from sevenc.catalog import selectors, services
from sevenc.catalog.schemas import (
    DerivedPracticeIn,
    DerivedPracticeOut,
    DerivedPracticePatch,
    FrameworkDeriveIn,
    FrameworkOut,
    FrameworkTreeOut,
)
from sevenc.core.api import Pagination, require
from sevenc.core.domain.roles import Capability
from sevenc.core.schemas import Id, Key

router = Router(tags=["catalog"])


@router.get(
    "",
    response=list[FrameworkOut],
    operation_id="catalog_framework_list",
    summary="Frameworks: the shipped ones and those derived in this workspace",
)
@paginate(Pagination)
def framework_list(request: HttpRequest) -> Any:
    membership = require(request)
    return selectors.framework_list(workspace=membership.workspace)


@router.get(
    "/{framework_id}",
    response=FrameworkTreeOut,
    operation_id="catalog_framework_get",
    summary="One framework as a tree: maturity scale, blocks, areas, practices, in order",
)
def framework_get(request: HttpRequest, framework_id: Id) -> dict[str, Any]:
    membership = require(request)
    framework = selectors.framework_get(workspace=membership.workspace, pk=framework_id)
    return {"id": framework.pk, **selectors.framework_tree(framework=framework)}


# --- derived versions (admin) -----------------------------------------------------------------------------------


@router.post(
    "/{framework_id}/derive",
    response={201: FrameworkOut},
    operation_id="catalog_framework_derive",
    summary="Derive a draft version of a shipped or published framework (a full copy to edit)",
)
def framework_derive(request: HttpRequest, framework_id: Id, payload: FrameworkDeriveIn) -> Status[Any]:
    m = require(request, Capability.MANAGE_CATALOG)
    source = selectors.framework_get(workspace=m.workspace, pk=framework_id)
    derived = services.framework_derive(
        workspace=m.workspace, actor=m.user, source=source, version=payload.version, name=payload.name
    )
    return Status(201, selectors.framework_get(workspace=m.workspace, pk=derived.pk))


@router.post(
    "/{framework_id}/practices",
    response={201: DerivedPracticeOut},
    operation_id="catalog_framework_practice_add",
    summary="Add a practice to an area of a draft version",
)
def framework_practice_add(request: HttpRequest, framework_id: Id, payload: DerivedPracticeIn) -> Status[Any]:
    m = require(request, Capability.MANAGE_CATALOG)
    framework = selectors.framework_get(workspace=m.workspace, pk=framework_id)
    practice = services.framework_practice_add(
        workspace=m.workspace,
        actor=m.user,
        framework=framework,
        area_key=payload.area_key,
        key=payload.key,
        name=payload.name,
        weight=payload.weight,
        critical=payload.critical,
    )
    return Status(201, practice)


@router.patch(
    "/{framework_id}/practices/{practice_key}",
    response=DerivedPracticeOut,
    operation_id="catalog_framework_practice_update",
    summary="Re-weight a practice of a draft version, or (un)mark it critical",
)
def framework_practice_update(
    request: HttpRequest, framework_id: Id, practice_key: Key, payload: DerivedPracticePatch
) -> Any:
    m = require(request, Capability.MANAGE_CATALOG)
    framework = selectors.framework_get(workspace=m.workspace, pk=framework_id)
    return services.framework_practice_update(
        workspace=m.workspace,
        actor=m.user,
        framework=framework,
        key=practice_key,
        weight=payload.weight,
        critical=payload.critical,
    )


@router.delete(
    "/{framework_id}/practices/{practice_key}",
    response={204: None},
    operation_id="catalog_framework_practice_delete",
    summary="Hide a practice: delete it from a draft version (never the last of its area)",
)
def framework_practice_delete(request: HttpRequest, framework_id: Id, practice_key: Key) -> Status[None]:
    m = require(request, Capability.MANAGE_CATALOG)
    framework = selectors.framework_get(workspace=m.workspace, pk=framework_id)
    services.framework_practice_update(
        workspace=m.workspace, actor=m.user, framework=framework, key=practice_key, hidden=True
    )
    return Status(204, None)


@router.post(
    "/{framework_id}/publish",
    response=FrameworkOut,
    operation_id="catalog_framework_publish",
    summary="Publish a draft version: assessments may use it from now on, and it never changes again",
)
def framework_publish(request: HttpRequest, framework_id: Id) -> Any:
    m = require(request, Capability.MANAGE_CATALOG)
    framework = selectors.framework_get(workspace=m.workspace, pk=framework_id)
    services.framework_publish(workspace=m.workspace, actor=m.user, framework=framework)
    return selectors.framework_get(workspace=m.workspace, pk=framework_id)


@router.delete(
    "/{framework_id}",
    response={204: None},
    operation_id="catalog_framework_delete",
    summary="Delete a draft version (shipped and published versions are never deleted)",
)
def framework_delete(request: HttpRequest, framework_id: Id) -> Status[None]:
    m = require(request, Capability.MANAGE_CATALOG)
    framework = selectors.framework_get(workspace=m.workspace, pk=framework_id)
    services.framework_draft_delete(workspace=m.workspace, actor=m.user, framework=framework)
    return Status(204, None)
