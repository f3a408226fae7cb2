"""The workspace's responsibility areas: the shipped library plus its own, with hide/unhide, the PSA board,
queue and category each maps to, and a form to add an area of its own. Plain forms (JavaScript off works)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sevenc.core.access import staff_required
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.domain.roles import Capability
from sevenc.responsibility import services
from sevenc.responsibility.areas import selectors as api_selectors
from sevenc.responsibility.areas import services as api_services
from sevenc.responsibility.models import Criticality
from sevenc.responsibility.services import practice_places

GET_OR_POST = ["GET", "HEAD", "POST"]
PER_PAGE = 50


def _back(request: HttpRequest) -> HttpResponse:
    query = request.POST.get("back", "")
    return redirect(f"{request.path.rsplit('/areas/', 1)[0]}/areas/" + (f"?{query}" if query else ""))


@require_http_methods(GET_OR_POST)
@staff_required(Capability.VIEW)
def area_list(request: HttpRequest, *, status: int = 200, errors: dict[str, list[str]] | None = None) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    if request.method == "POST":
        return area_create(request)
    f = {k: request.GET.get(k, "").strip()[:100] for k in ("block", "criticality", "q", "hidden")}
    qs = api_selectors.area_search(
        workspace=workspace, block=f["block"], criticality=f["criticality"], q=f["q"], include_hidden=f["hidden"] == "1"
    )
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in f.items() if v})
    context = {
        "page_obj": page,
        "filters": f,
        "query_string": query + "&" if query else "",
        "back": query,
        "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "criticalities": Criticality.choices,
        "blocks": sorted({b for b, _a in practice_places().values()}),
        "practices": sorted(practice_places()),
        "errors": errors or {},
        "posted": request.POST,
        "general_errors": (errors or {}).get("__all__", []),
    }
    return render(request, "responsibility/area_list.html", context, status=status)


@staff_required(Capability.MANAGE_RESPONSIBILITIES)
def area_create(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    p = request.POST
    try:
        area = services.area_create(
            workspace=workspace,
            actor=request.user,
            key=p.get("key", ""),
            title=p.get("title", ""),
            group=p.get("group", ""),
            practice_key=p.get("practice_key", ""),
            criticality=p.get("criticality", ""),
            description=p.get("description", ""),
        )
    except ApplicationError as exc:
        request.method = "GET"
        return area_list(request, status=422, errors=exc.fields or {"__all__": [exc.message]})
    messages.success(request, _("Responsibility area “%(title)s” added.") % {"title": area.title})
    return redirect("responsibility:area_list")


@require_POST
@staff_required(Capability.MANAGE_RESPONSIBILITIES)
def area_visibility(request: HttpRequest, area_id: int) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    area = api_selectors.area_detail(workspace=workspace, pk=area_id)
    if request.POST.get("hidden") == "1":
        api_services.area_hide(workspace=workspace, actor=request.user, area=area)
        messages.success(
            request, _("“%(title)s” is hidden from every matrix (its roles are kept).") % {"title": area.title}
        )
    else:
        api_services.area_unhide(workspace=workspace, actor=request.user, area=area)
        messages.success(request, _("“%(title)s” is back in every matrix.") % {"title": area.title})
    return _back(request)


@require_POST
@staff_required(Capability.MANAGE_RESPONSIBILITIES)
def area_psa(request: HttpRequest, area_id: int) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    area = api_selectors.area_detail(workspace=workspace, pk=area_id)
    try:
        api_services.psa_mapping_set(
            workspace=workspace,
            actor=request.user,
            area=area,
            **{k: request.POST.get(k, "") for k in ("board", "queue", "category")},
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("PSA mapping of “%(title)s” saved.") % {"title": area.title})
    return _back(request)
