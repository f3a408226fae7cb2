"""The responsibility matrix of a client: areas × parties with RACI roles, filters, one form over the grid (it
works with JavaScript off; matrix.js adds R/A/C/I/Del keys and arrow-key moves). Every view: parse the input,
call one selector or service, render."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sevenc.core.access import staff_required
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.domain.roles import Capability, role_can
from sevenc.core.pdf import render_pdf
from sevenc.responsibility import forms, matrix_ui, selectors, services
from sevenc.responsibility.models import Criticality
from sevenc.tenancy import selectors as tenancy_selectors

GET_OR_POST = ["GET", "HEAD", "POST"]


def _filters(request: HttpRequest) -> dict[str, str]:
    source = request.GET if request.method != "POST" else request.POST
    keys = ("block", "group", "party", "criticality", "gaps", "q")
    return {k: source.get(f"f_{k}" if request.method == "POST" else k, "").strip()[:100] for k in keys}


def _render(
    request: HttpRequest,
    client: Any,
    *,
    status: int = 200,
    errors: list[str] | None = None,
    wanted: dict[tuple[int, int], str] | None = None,
    conflicts: dict[tuple[int, int], str] | None = None,
    posted_template: forms.TemplateApplyForm | None = None,
) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    view = selectors.matrix_get(workspace=workspace, client=client)
    f = _filters(request)
    parties = [p for p in view.parties if not f["party"] or str(p.pk) == f["party"]]
    areas = view.areas
    if f["block"]:
        areas = [a for a in areas if a.block_key == f["block"]]
    if f["group"]:
        areas = [a for a in areas if a.group == f["group"]]
    if f["criticality"]:
        areas = [a for a in areas if a.criticality == f["criticality"]]
    if f["q"]:
        q = f["q"].lower()
        areas = [a for a in areas if q in a.title.lower() or q in a.group.lower()]
    roles = {a.pk: {} for a in view.areas}
    for (area_id, party_id), role in view.cells.items():
        roles.setdefault(area_id, {})[party_id] = role
    if f["gaps"]:
        areas = [a for a in areas if "R" not in roles[a.pk].values() or "A" not in roles[a.pk].values()]
    membership = getattr(request, "membership", None)
    readonly = membership is None or not role_can(membership.role, Capability.MANAGE_RESPONSIBILITIES)
    rows = [
        matrix_ui.row(a, parties, roles[a.pk], readonly=readonly, wanted=wanted, conflicts=conflicts) for a in areas
    ]
    gaps = sum(1 for a in view.areas if "R" not in roles[a.pk].values() or "A" not in roles[a.pk].values())
    result = selectors.matrix_analysis(workspace=workspace, client=client, view=view) if view.parties else None
    names = {str(p.pk): p.name for p in view.parties}
    context = {
        "client": client,
        "rows": rows,
        "header": matrix_ui.header(parties),
        "parties": view.parties,
        "filters": f,
        "readonly": readonly,
        "errors": errors or [],
        "conflicts": conflicts or {},
        "shown": len(areas),
        "total": len(view.areas),
        "gaps": gaps,
        "total_roles": len(view.cells),
        "blocks": sorted({a.block_key for a in view.areas}),
        "groups": sorted({a.group for a in view.areas}),
        "criticalities": Criticality.choices,
        "template_forms": _template_forms(workspace, view.parties, posted_template)
        if not readonly and view.parties
        else [],
        "query_string": urlencode({k: v for k, v in f.items() if v}),
        "findings": result.findings[:8] if result else [],
        "more_findings": max(0, len(result.findings) - 8) if result else 0,
        "load": [(names[pl.party_key], pl) for pl in result.load if pl.weighted] if result else [],
    }
    return render(request, "responsibility/matrix.html", context, status=status)


def _template_forms(
    workspace: Any, parties: list[Any], posted: forms.TemplateApplyForm | None
) -> list[tuple[selectors.TemplateSource, forms.TemplateApplyForm]]:
    """One form per starter and workspace template, prefilled with the suggested mapping (the posted one as
    posted)."""
    out = []
    for source in selectors.template_sources(workspace=workspace):
        if posted is not None and posted.ref == source.ref:
            out.append((source, posted))
            continue
        suggested = selectors.template_suggestion(source=source, parties=parties)
        out.append(
            (source, forms.TemplateApplyForm(ref=source.ref, slots=source.slots, parties=parties, suggested=suggested))
        )
    return out


@require_http_methods(GET_OR_POST)
@staff_required(Capability.VIEW)
def matrix(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    if request.method != "POST":
        return _render(request, client)
    membership = getattr(request, "membership", None)
    if membership is None or not role_can(membership.role, Capability.MANAGE_RESPONSIBILITIES):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Your role in this workspace does not allow this.")
    cells = matrix_ui.parse_cells((name, v) for name, values in request.POST.lists() for v in values)
    changes = [services.CellChange(a, p, role, seen) for a, p, role, seen in cells]
    wanted = {(a, p): role.strip().upper() for a, p, role, _seen in cells}
    try:
        n = services.matrix_save(workspace=workspace, actor=request.user, client=client, changes=changes)
    except services.MatrixConflictError as exc:
        return _render(request, client, status=409, errors=[exc.message], wanted=wanted, conflicts=exc.cells)
    except ApplicationError as exc:
        return _render(request, client, status=422, errors=[exc.message, *exc.fields.get("cells", [])], wanted=wanted)
    messages.success(request, _("%(n)d cell(s) saved.") % {"n": n} if n else _("Nothing changed."))
    query = urlencode({k: v for k, v in _filters(request).items() if v})
    url = request.path + (f"?{query}" if query else "")
    return redirect(url)


@require_safe
@staff_required(Capability.VIEW)
def party_annex(request: HttpRequest, client_id: int, party_id: int) -> HttpResponse:
    """The PDF "responsibility annex" of one party, to attach to its contract."""
    workspace = request.workspace  # type: ignore[attr-defined]
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    annex = selectors.party_annex(workspace=workspace, client=client, party_id=party_id)
    body = render_pdf("responsibility/annex.html", {"annex": annex, "today": timezone.localdate()}, request=request)
    response = HttpResponse(body, content_type="application/pdf")
    name = slugify(f"{client.name} {annex.party.name}") or "annex"
    response["Content-Disposition"] = f'attachment; filename="responsibility-annex-{name}.pdf"'
    return response


@require_POST
@staff_required(Capability.MANAGE_RESPONSIBILITIES)
def template_save(request: HttpRequest, client_id: int) -> HttpResponse:
    """Save the client's matrix as a workspace template (by kind of party)."""
    workspace = request.workspace  # type: ignore[attr-defined]
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    try:
        template = services.template_from_client(
            workspace=workspace, actor=request.user, client=client, name=request.POST.get("name", "")[:150]
        )
    except ApplicationError as exc:
        return _render(request, client, status=422, errors=[exc.message, *exc.fields.get("name", [])])
    messages.success(request, _("Saved as the template “%(name)s”.") % {"name": template.name})
    return redirect("responsibility:matrix", client_id=client.pk)


@require_POST
@staff_required(Capability.MANAGE_RESPONSIBILITIES)
def template_apply(request: HttpRequest, client_id: int) -> HttpResponse:
    """Start the client's matrix from a starter or a workspace template in one step: the template and, per kind
    of party it uses, the client's party that takes its roles. Fills only the empty cells."""
    workspace = request.workspace  # type: ignore[attr-defined]
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    ref = request.POST.get("template", "").strip()
    if not ref:
        return _render(request, client, status=422, errors=[_("Choose a template.")])
    source = selectors.template_source_get(workspace=workspace, ref=ref)
    parties = list(tenancy_selectors.party_list(workspace=workspace, client=client))
    form = forms.TemplateApplyForm(request.POST, ref=source.ref, slots=source.slots, parties=parties, suggested={})
    if not form.is_valid():
        errors = [f"{form[name].label}: {' '.join(errs)}" for name, errs in form.errors.items()]
        return _render(request, client, status=422, errors=errors, posted_template=form)
    try:
        result = services.template_apply(
            workspace=workspace, actor=request.user, client=client, source=source, mapping=form.mapping()
        )
    except services.MatrixConflictError as exc:
        return _render(request, client, status=409, errors=[exc.message], conflicts=exc.cells)
    except ApplicationError as exc:
        errors = [exc.message, *exc.fields.get("mapping", []), *exc.fields.get("cells", [])]
        return _render(request, client, status=422, errors=errors, posted_template=form)
    messages.success(
        request,
        _("%(n)d cell(s) filled from “%(name)s”; %(kept)d already decided were kept.")
        % {"n": result.set, "name": source.name, "kept": result.kept},
    )
    if result.left_out:
        messages.warning(
            request,
            _("Left out, so their duties were not filled: %(slots)s.") % {"slots": ", ".join(result.left_out)},
        )
    if result.gaps:
        messages.warning(
            request,
            _("%(n)d area(s) still have no one responsible or no one accountable: they fall to the CEO.")
            % {"n": result.gaps},
        )
    return redirect("responsibility:matrix", client_id=client.pk)
