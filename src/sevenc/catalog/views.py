"""The catalog pages: the frameworks a workspace can assess against, and each one's whole tree."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sevenc.catalog import selectors
from sevenc.core.access import staff_required
from sevenc.core.roles import Capability


@require_safe
@staff_required(Capability.VIEW)
def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = selectors.framework_list(workspace=request.workspace)  # type: ignore[attr-defined]
    return render(request, "catalog/framework_list.html", {"frameworks": frameworks})


@require_safe
@staff_required(Capability.VIEW)
def framework_detail(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = selectors.framework_get(workspace=request.workspace, pk=framework_id)  # type: ignore[attr-defined]
    tree = selectors.framework_tree(framework=framework)
    return render(request, "catalog/framework_detail.html", {"framework": framework, "tree": tree})
