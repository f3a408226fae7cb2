"""The catalog pages: the frameworks a workspace can assess against, each one's whole tree, and the editor of a
workspace's draft versions (derive, re-weight, hide, add, publish)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sevenc.catalog import selectors, services
from sevenc.catalog.forms import STRUCTURE, AreaAddForm, FrameworkDeriveForm, PracticeAddForm, editor_changes
from sevenc.catalog.models import Framework
from sevenc.core.access import request_workspace, staff_required
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.domain.roles import Capability
from sevenc.core.ui import form_add_application_error

GET_OR_POST = ["GET", "HEAD", "POST"]


def _status(exc: ApplicationError) -> int:
    return 409 if exc.status == 409 else 422


@require_safe
@staff_required(Capability.VIEW)
def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = selectors.framework_list(workspace=request_workspace(request))
    return render(request, "catalog/framework_list.html", {"frameworks": frameworks})


def _render_detail(
    request: HttpRequest, framework: Framework, *, derive_form: Any = None, error: str = "", status: int = 200
) -> HttpResponse:
    tree = selectors.framework_tree(framework=framework)
    return render(
        request,
        "catalog/framework_detail.html",
        {
            "framework": framework,
            "tree": tree,
            "derive_form": derive_form or FrameworkDeriveForm(),
            "error": error,
        },
        status=status,
    )


def _refused(request: HttpRequest, framework: Framework, exc: ApplicationError) -> HttpResponse | None:
    """A change refused because the framework is shipped or published: the detail page with the reason (409)."""
    if isinstance(exc, services.PublishedFrameworkError):
        return _render_detail(request, framework, error=exc.message, status=409)
    return None


@require_safe
@staff_required(Capability.VIEW)
def framework_detail(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = selectors.framework_get(workspace=request_workspace(request), pk=framework_id)
    return _render_detail(request, framework)


@require_POST
@staff_required(Capability.MANAGE_CATALOG)
def framework_derive(request: HttpRequest, framework_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    source = selectors.framework_get(workspace=workspace, pk=framework_id)
    form = FrameworkDeriveForm(request.POST)
    if form.is_valid():
        try:
            derived = services.framework_derive(
                workspace=workspace,
                actor=request.user,
                source=source,
                version=form.cleaned_data["version"],
                name=form.cleaned_data["name"],
            )
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            messages.success(
                request,
                _("Draft %(name)s %(version)s created; edit it, then publish it.")
                % {"name": derived.name, "version": derived.version},
            )
            return redirect("catalog:framework_edit", framework_id=derived.pk)
    return _render_detail(request, source, derive_form=form, status=422)


# --- the editor of a draft --------------------------------------------------------------------------------------


@dataclass
class Row:
    """One editable row: a block, an area or a practice, with what was posted when the table is shown again."""

    obj: Any
    prefix: str
    weight: str
    critical: bool = False
    remove: bool = False
    errors: list[str] = field(default_factory=list)


@dataclass
class AreaTable:
    table: str
    row: Row  # the area itself (its weight sits in the structure table)
    rows: list[Row]
    errors: list[str] = field(default_factory=list)


@dataclass
class BlockRows:
    row: Row
    areas: list[Row]


def _row(obj: Any, prefix: str, posted: Any, errors: dict[str, list[str]]) -> Row:
    if posted is None:
        return Row(obj, prefix, f"{obj.weight:g}", critical=getattr(obj, "critical", False))
    return Row(
        obj,
        prefix,
        posted.get(f"{prefix}-weight", ""),
        critical=posted.get(f"{prefix}-critical") == "on",
        remove=posted.get(f"{prefix}-remove") == "on",
        errors=[m for k, ms in errors.items() if k.startswith(f"{prefix}-") for m in ms],
    )


def _render_editor(
    request: HttpRequest,
    framework: Framework,
    *,
    status: int = 200,
    table: str = "",
    errors: dict[str, list[str]] | None = None,
    error: str = "",
    practice_form: Any = None,
    area_form: Any = None,
) -> HttpResponse:
    tree = selectors.framework_editor_tree(framework=framework)
    errors = errors or {}
    posted = request.POST if table else None
    structure_posted = posted if table == STRUCTURE else None
    structure = [
        BlockRows(
            _row(b.block, f"block-{b.block.pk}", structure_posted, errors),
            [_row(a.area, f"area-{a.area.pk}", structure_posted, errors) for a in b.areas],
        )
        for b in tree
    ]
    areas = []
    for b in tree:
        for a in b.areas:
            name = f"area-{a.area.pk}"
            area_posted = posted if table == name else None
            areas.append(
                AreaTable(
                    name,
                    Row(a.area, name, f"{a.area.weight:g}"),
                    [_row(p, f"practice-{p.pk}", area_posted, errors) for p in a.practices],
                    errors=errors.get("__all__", []) if table == name else [],
                )
            )
    return render(
        request,
        "catalog/framework_edit.html",
        {
            "framework": framework,
            "structure": structure,
            "areas": areas,
            "table": table,
            "error": error,
            "structure_errors": errors.get("__all__", []) if table == STRUCTURE else [],
            "practice_form": practice_form or PracticeAddForm(tree=tree),
            "area_form": area_form or AreaAddForm(tree=tree),
        },
        status=status,
    )


def _draft_or_redirect(request: HttpRequest, framework: Framework) -> HttpResponse | None:
    if framework.is_draft and framework.workspace_id is not None:
        return None
    messages.info(
        request,
        _("%(name)s %(version)s cannot be edited: shipped and published versions never change; derive a new version.")
        % {"name": framework.name, "version": framework.version},
    )
    return redirect("catalog:framework_detail", framework_id=framework.pk)


@require_http_methods(GET_OR_POST)
@staff_required(Capability.MANAGE_CATALOG)
def framework_edit(request: HttpRequest, framework_id: int) -> HttpResponse:
    """The editor: one form per table (the blocks and areas; each area's practices), saved all or nothing."""
    workspace = request_workspace(request)
    framework = selectors.framework_get(workspace=workspace, pk=framework_id)
    if request.method != "POST":
        return _draft_or_redirect(request, framework) or _render_editor(request, framework)
    parsed = editor_changes(request.POST, selectors.framework_editor_tree(framework=framework))
    if parsed is None:
        return _render_editor(
            request,
            framework,
            status=422,
            error=_("That table is no longer in the draft; it was shown again as it is now."),
        )
    table, changes = parsed
    try:
        services.framework_draft_edit(workspace=workspace, actor=request.user, framework=framework, changes=changes)
    except ApplicationError as exc:
        return _refused(request, framework, exc) or _render_editor(
            request, framework, status=_status(exc), table=table, errors=exc.fields, error=exc.message
        )
    messages.success(request, _("Changes saved."))
    anchor = "#structure" if table == STRUCTURE else f"#{table}"
    return redirect(reverse("catalog:framework_edit", kwargs={"framework_id": framework.pk}) + anchor)


def _add(
    request: HttpRequest, framework_id: int, form_class: type[django_forms.Form], form_name: str, save: Any
) -> HttpResponse:
    workspace = request_workspace(request)
    framework = selectors.framework_get(workspace=workspace, pk=framework_id)
    form = form_class(request.POST, tree=selectors.framework_editor_tree(framework=framework))
    status = 422
    if form.is_valid():
        try:
            message = save(workspace, framework, form.cleaned_data)
        except ApplicationError as exc:
            refused = _refused(request, framework, exc)
            if refused is not None:
                return refused
            form_add_application_error(form, exc)
            status = _status(exc)
        else:
            messages.success(request, message)
            return redirect("catalog:framework_edit", framework_id=framework.pk)
    return _render_editor(request, framework, status=status, **{form_name: form})


@require_POST
@staff_required(Capability.MANAGE_CATALOG)
def framework_practice_add(request: HttpRequest, framework_id: int) -> HttpResponse:
    def save(workspace: Any, framework: Framework, data: dict[str, Any]) -> str:
        practice = services.framework_practice_add(
            workspace=workspace,
            actor=request.user,
            framework=framework,
            area_key=data["area_key"],
            key=data["key"],
            name=data["name"],
            weight=data["weight"],
            critical=data["critical"],
        )
        return _("Practice “%(name)s” added.") % {"name": practice.name}

    return _add(request, framework_id, PracticeAddForm, "practice_form", save)


@require_POST
@staff_required(Capability.MANAGE_CATALOG)
def framework_area_add(request: HttpRequest, framework_id: int) -> HttpResponse:
    def save(workspace: Any, framework: Framework, data: dict[str, Any]) -> str:
        area = services.framework_area_add(
            workspace=workspace,
            actor=request.user,
            framework=framework,
            block_key=data["block_key"],
            key=data["key"],
            name=data["name"],
            description=data["description"],
            practices=[(data["practice_key"], data["practice_name"])],
        )
        return _("Area “%(name)s” added.") % {"name": area.name}

    return _add(request, framework_id, AreaAddForm, "area_form", save)


@require_POST
@staff_required(Capability.MANAGE_CATALOG)
def framework_publish(request: HttpRequest, framework_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    framework = selectors.framework_get(workspace=workspace, pk=framework_id)
    try:
        framework = services.framework_publish(workspace=workspace, actor=request.user, framework=framework)
    except ApplicationError as exc:
        return _refused(request, framework, exc) or _render_editor(
            request, framework, status=_status(exc), error=exc.message
        )
    messages.success(
        request,
        _("%(name)s %(version)s is published; assessments can now use it.")
        % {"name": framework.name, "version": framework.version},
    )
    return redirect("catalog:framework_detail", framework_id=framework.pk)


@require_POST
@staff_required(Capability.MANAGE_CATALOG)
def framework_delete(request: HttpRequest, framework_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    framework = selectors.framework_get(workspace=workspace, pk=framework_id)
    label = f"{framework.name} {framework.version}"
    try:
        services.framework_draft_delete(workspace=workspace, actor=request.user, framework=framework)
    except ApplicationError as exc:
        return _refused(request, framework, exc) or _render_detail(
            request, framework, error=exc.message, status=_status(exc)
        )
    messages.success(request, _("Draft %(label)s deleted.") % {"label": label})
    return redirect("catalog:framework_list")
