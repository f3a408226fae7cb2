
from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import PageNumberPagination, paginate

from sevenc.api.permissions import require
from sevenc.catalog import selectors
from sevenc.catalog.schemas import FrameworkOut, FrameworkTreeOut

router = Router(tags=["catalog"])


@router.get("", response=list[FrameworkOut], operation_id="catalog_framework_list",
            summary="Frameworks: the shipped ones and those derived in this workspace")
@paginate(PageNumberPagination)
def framework_list(request: HttpRequest) -> Any:
    membership = require(request)
    return selectors.framework_list(workspace=membership.workspace)


@router.get("/{framework_id}", response=FrameworkTreeOut, operation_id="catalog_framework_get",
            summary="One framework as a tree: maturity scale, blocks, areas, practices, in order")
def framework_get(request: HttpRequest, framework_id: int) -> dict[str, Any]:
    membership = require(request)
    framework = selectors.framework_get(workspace=membership.workspace, pk=framework_id)
    return {"id": framework.pk, **selectors.framework_tree(framework=framework)}
