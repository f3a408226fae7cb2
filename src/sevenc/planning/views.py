"""Pages for action plans: a client's items (list, add, edit, detail with comments), proposals from gaps,
the roadmap (quarters as columns, limits, projected ITCq, moving, scheduling, approval), the plan export and
the workspace's planning settings. Every view: parse the input, call one selector or service, render.
Every form is a plain ``<form method=post>``: the pages work with JavaScript off.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sevenc.core.access import request_can, request_workspace, staff_required
from sevenc.core.domain import money
from sevenc.core.domain.errors import ApplicationError, ConflictError
from sevenc.core.domain.roles import Capability
from sevenc.core.ui import form_add_application_error
from sevenc.planning import export, forms, roadmap_ui, selectors, services
from sevenc.planning.models import ActionItem, ItemStatus
from sevenc.tenancy import selectors as tenancy_selectors

GET_OR_POST = ["GET", "HEAD", "POST"]
ITEMS_PER_PAGE = 50


# --- the item list ---------------------------------------------------------------------------------------------


@require_safe
@staff_required(Capability.VIEW)
def item_list(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    status = request.GET.get("status", "open")
    if status not in ("open", "all", *ItemStatus.values):
        status = "open"
    quarter = request.GET.get("quarter", "").strip()[:7]
    q = request.GET.get("q", "").strip()[:100]
    try:
        party_id = int(request.GET.get("party", "") or 0)
    except ValueError:
        party_id = 0
    items = selectors.item_list(
        workspace=workspace,
        client=client,
        status=None if status == "all" else status,
        quarter=quarter or None,
        party_id=party_id or None,
        q=q,
    )
    paginator = Paginator(items, ITEMS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    basis = selectors.plan_basis(workspace=workspace, client=client)
    settings = selectors.planning_settings_get(workspace=workspace)
    priorities = selectors.item_priorities(items=page_obj.object_list, basis=basis, rates=selectors.rates_for(settings))
    counts = selectors.item_counts(workspace=workspace, client=client)
    params = {
        k: v
        for k, v in (("status", status), ("quarter", quarter), ("q", q), ("party", str(party_id) if party_id else ""))
        if v
    }
    context = {
        "client": client,
        "page_obj": page_obj,
        "status": status,
        "quarter": quarter,
        "q": q,
        "party_id": party_id,
        "parties": list(tenancy_selectors.party_list(workspace=workspace, client=client)),
        "rows": [(i, priorities.get(i.pk)) for i in page_obj.object_list],
        "critical_unplaced": selectors.critical_unplaced(workspace=workspace, client=client),
        "statuses": [(v, label, counts[v]) for v, label in ItemStatus.choices],
        "page_range": list(paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)),
        "query_string": urlencode(params) + "&" if params else "",
        "basis": basis,
        "settings": settings,
        "scope": selectors.proposal_scope(workspace=workspace, client=client),
    }
    return render(request, "planning/item_list.html", context)


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def items_generate(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    result = services.items_generate(workspace=workspace, actor=request.user, client=client)
    (messages.success if result.created else messages.info)(request, result.message)
    return redirect(f"{_item_list_url(client.pk)}?status=proposed")


def _item_list_url(client_id: int) -> str:
    from django.urls import reverse

    return reverse("planning:item_list", kwargs={"client_id": client_id})


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def items_bulk(request: HttpRequest, client_id: int) -> HttpResponse:
    """Accept, drop or merge the ticked items (merge: into the first ticked one), or accept or drop every undecided
    proposal, or a block's. One service, all or nothing; an item changed since the page was loaded refuses it."""
    workspace = request_workspace(request)
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    form = forms.BulkForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("__all__", []) or [_("Choose what to do with the ticked items.")]:
            messages.error(request, error)
        return redirect(_item_list_url(client.pk))
    scope = form.scope
    try:
        if scope is not None:
            action, block = scope
            service = services.items_accept if action == "accept" else services.items_drop
            n = service(workspace=workspace, actor=request.user, client=client, block=block, versions=form.versions)
            messages.success(
                request,
                (_("%(n)d proposal(s) accepted.") if action == "accept" else _("%(n)d proposal(s) dropped."))
                % {"n": n},
            )
            return redirect(_item_list_url(client.pk))
        items = list(
            selectors.item_list(workspace=workspace, client=client).filter(pk__in=form.item_ids).order_by("pk")
        )
        action = form.cleaned_data["action"]
        if not items:
            messages.error(request, _("Tick at least one item first."))
        elif action == "accept":
            n = services.items_accept(
                workspace=workspace, actor=request.user, client=client, items=items, versions=form.versions
            )
            messages.success(request, _("%(n)d item(s) accepted.") % {"n": n})
        elif action == "drop":
            n = services.items_drop(
                workspace=workspace, actor=request.user, client=client, items=items, versions=form.versions
            )
            messages.success(request, _("%(n)d item(s) dropped.") % {"n": n})
        else:
            into = services.items_merge(workspace=workspace, actor=request.user, into=items[0], others=items[1:])
            messages.success(request, _("Merged into “%(title)s”.") % {"title": into.title})
            return redirect("planning:item_detail", item_id=into.pk)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(_item_list_url(client.pk))


# --- add, edit, detail -------------------------------------------------------------------------------------------


def _item_form(
    request: HttpRequest, client: Any, item: ActionItem | None, data: Any = None, initial: dict[str, Any] | None = None
) -> forms.ItemForm:
    workspace = request_workspace(request)
    others = [
        i
        for i in selectors.item_list(workspace=workspace, client=client).order_by("title")
        if item is None or i.pk != item.pk
    ]
    return forms.ItemForm(
        data,
        initial=initial,
        parties=list(tenancy_selectors.party_list(workspace=workspace, client=client)),
        other_items=others,
        practices=selectors.practice_choices(workspace=workspace, client=client),
    )


def _lift_rows(form: forms.ItemForm, item: ActionItem | None) -> list[tuple[str, int | None]]:
    if form.is_bound:
        rows = [(lift.practice_key, lift.expected_level) for lift in form.lifts]
        if not rows:
            keys, levels = form.data.getlist("lift_practice"), form.data.getlist("lift_level")
            rows = [(k, int(v) if v.isdigit() else None) for k, v in zip(keys, levels, strict=False) if k]
    elif item is not None:
        rows = [(lift.practice.key, lift.expected_level) for lift in item.lifts.all()]
    else:
        rows = []
    return rows + [("", None)] * 3


def _render_item_form(
    request: HttpRequest, client: Any, item: ActionItem | None, form: forms.ItemForm, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {
        "client": client,
        "item": item,
        "form": form,
        "lift_rows": _lift_rows(form, item),
        "practice_choices": form.practice_choices,
        "levels": range(6),
        **extra,
    }
    return render(request, "planning/item_form.html", context, status=status)


def _form_values(form: forms.ItemForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    if data.get("duration") is None:  # not sent: a new item spans one quarter, an edited one keeps its duration
        data.pop("duration", None)
    return data


@require_http_methods(GET_OR_POST)
@staff_required(Capability.MANAGE_PLANS)
def item_create(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    if request.method != "POST":
        return _render_item_form(request, client, None, _item_form(request, client, None))
    form = _item_form(request, client, None, request.POST)
    if form.is_valid():
        values = _form_values(form)
        depends_on = values.pop("depends_on")
        try:
            item = services.item_create(
                workspace=workspace,
                actor=request.user,
                client=client,
                lifts=form.lifts,
                depends_on=depends_on,
                **values,
            )
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            messages.success(request, _("Action item “%(title)s” added.") % {"title": item.title})
            return redirect("planning:item_detail", item_id=item.pk)
    return _render_item_form(request, client, None, form, status=422)


def _item_initial(item: ActionItem) -> dict[str, Any]:
    return {
        "title": item.title,
        "description": item.description,
        "status": item.status,
        "priority": item.priority,
        "responsible_party": str(item.responsible_party_id or ""),
        "accountable": item.accountable,
        "quarter": item.quarter,
        "pinned": item.pinned,
        "due_date": item.due_date,
        "one_time_cost": item.one_time_cost,
        "recurring_monthly_cost": item.recurring_monthly_cost,
        "effort_hours": item.effort_hours,
        "duration": item.duration,
        "delivered_by": item.delivered_by,
        "psa_reference": item.psa_reference,
        "psa_url": item.psa_url,
        "depends_on": [str(d.pk) for d in item.depends_on.all()],
        "version": item.version,
    }


@require_http_methods(GET_OR_POST)
@staff_required(Capability.MANAGE_PLANS)
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    item = selectors.item_get(workspace=workspace, pk=item_id)
    client = item.client
    if request.method != "POST":
        return _render_item_form(request, client, item, _item_form(request, client, item, initial=_item_initial(item)))
    form = _item_form(request, client, item, request.POST)
    if form.is_valid():
        values = _form_values(form)
        depends_on = values.pop("depends_on")
        try:
            services.item_update(
                workspace=workspace,
                actor=request.user,
                item=item,
                version=form.cleaned_data.get("version"),
                lifts=form.lifts,
                depends_on=depends_on,
                **values,
            )
        except ConflictError as exc:
            current = selectors.item_get(workspace=workspace, pk=item_id)
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = _item_form(request, client, current, data)
            form.is_valid()
            form.add_error(None, exc.message)
            shown = [
                (_("title"), current.title),
                (_("status"), current.get_status_display()),
                (_("quarter"), current.quarter),
                (_(money.ONE_TIME_COST), current.one_time_cost),
                (_(money.MONTHLY_COST), current.recurring_monthly_cost),
                (_("effort hours"), current.effort_hours),
            ]
            return _render_item_form(request, client, current, form, status=409, conflict=True, conflict_fields=shown)
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            messages.success(request, _("Action item “%(title)s” saved.") % {"title": item.title})
            return redirect("planning:item_detail", item_id=item.pk)
    return _render_item_form(request, client, selectors.item_get(workspace=workspace, pk=item_id), form, status=422)


def _render_detail(
    request: HttpRequest, item: ActionItem, *, status: int = 200, comment_form: Any = None, error: str = ""
) -> HttpResponse:
    workspace = request_workspace(request)
    basis = selectors.plan_basis(workspace=workspace, client=item.client)
    settings = selectors.planning_settings_get(workspace=workspace)
    priority = selectors.item_priorities(items=[item], basis=basis, rates=selectors.rates_for(settings)).get(item.pk)
    names = basis.index.practice_names if basis.index else {}
    gaps = basis.gap_by_practice
    lifts = [
        (lift, names.get(lift.practice.key, lift.practice.name), gaps.get(lift.practice.key))
        for lift in item.lifts.all()
    ]
    context = {
        "client": item.client,
        "item": item,
        "priority": priority,
        "lifts": lifts,
        "settings": settings,
        "comments": list(selectors.item_comments(workspace=workspace, item=item)),
        "comment_form": comment_form or forms.CommentForm(),
        "statuses": ItemStatus.choices,
        "error": error,
        "required_by": list(item.required_by.all()),
    }
    return render(request, "planning/item_detail.html", context, status=status)


@require_safe
@staff_required(Capability.VIEW)
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    return _render_detail(request, selectors.item_get(workspace=request_workspace(request), pk=item_id))


@require_POST
@staff_required(Capability.UPDATE_ITEMS)
def item_status(request: HttpRequest, item_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    item = selectors.item_get(workspace=workspace, pk=item_id)
    form = forms.ItemStatusForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, item, status=422, error=_("Choose a status."))
    try:
        services.item_status_set(
            workspace=workspace,
            actor=request.user,
            item=item,
            status=form.cleaned_data["status"],
            version=form.cleaned_data["version"],
        )
    except ConflictError as exc:
        return _render_detail(
            request, selectors.item_get(workspace=workspace, pk=item_id), status=409, error=exc.message
        )
    except ApplicationError as exc:
        return _render_detail(request, item, status=422, error=exc.message)
    messages.success(request, _("Status set to %(status)s.") % {"status": item.get_status_display()})
    return redirect("planning:item_detail", item_id=item.pk)


@require_POST
@staff_required(Capability.UPDATE_ITEMS)
def item_comment(request: HttpRequest, item_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    item = selectors.item_get(workspace=workspace, pk=item_id)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.item_comment_add(
                workspace=workspace, actor=request.user, item=item, body=form.cleaned_data["body"]
            )
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            return redirect(f"{_detail_url(item.pk)}#comments")
    return _render_detail(request, item, status=422, comment_form=form)


def _detail_url(item_id: int) -> str:
    from django.urls import reverse

    return reverse("planning:item_detail", kwargs={"item_id": item_id})


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def item_delete(request: HttpRequest, item_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    item = selectors.item_get(workspace=workspace, pk=item_id)
    client_id = item.client_id
    services.item_delete(workspace=workspace, actor=request.user, item=item)
    messages.success(request, _("Action item deleted."))
    return redirect(_item_list_url(client_id))


# --- the roadmap --------------------------------------------------------------------------------------------------


def _render_roadmap(
    request: HttpRequest, client: Any, *, status: int = 200, settings_form: Any = None, errors: list[str] | None = None
) -> HttpResponse:
    workspace = request_workspace(request)
    view = selectors.roadmap_view(workspace=workspace, client=client)
    roadmap = view.roadmap
    form = settings_form or forms.RoadmapForm(
        initial={
            "first_quarter": roadmap.first_quarter,
            "quarters": roadmap.quarters,
            "budget_per_quarter": roadmap.budget_per_quarter,
            "hours_per_quarter": roadmap.hours_per_quarter,
            "version": roadmap.version if roadmap.pk else None,
        }
    )
    can_plan = request_can(request, Capability.MANAGE_PLANS)
    card = roadmap_ui.CardRenderer(
        quarters=view.quarters,
        can_move=can_plan,
        csrf_token=get_token(request),
        currency=workspace.currency,
        hourly_rate=view.settings.hourly_rate,
    )
    columns = [
        (
            col,
            [card(i) for i in col.items]
            + [roadmap_ui.continuing_card(i, n + 1 - view.quarters.index(i.quarter)) for i in col.continuing],
        )
        for n, col in enumerate(view.columns)
    ]
    remedies = roadmap_ui.RemedyRenderer(
        client_id=client.pk,
        columns=view.columns,
        roadmap_version=roadmap.version if roadmap.pk else None,
        csrf_token=get_token(request),
    )
    unplaced = [(u, remedies(u) if can_plan else "") for u in view.unplaced.values()]
    context = {
        "client": client,
        "view": view,
        "settings_form": form,
        "errors": errors or [],
        "columns": columns,
        "backlog": [card(i) for i in view.backlog],
        "unplaced": unplaced,
        "can_plan": can_plan,
    }
    return render(request, "planning/roadmap.html", context, status=status)


@require_safe
@staff_required(Capability.VIEW)
def roadmap(request: HttpRequest, client_id: int) -> HttpResponse:
    client = tenancy_selectors.client_get(workspace=request_workspace(request), pk=client_id)
    return _render_roadmap(request, client)


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def roadmap_settings(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    form = forms.RoadmapForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.roadmap_update(workspace=workspace, actor=request.user, client=client, version=version, **data)
        except ConflictError as exc:
            return _render_roadmap(request, client, status=409, errors=[exc.message])
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            messages.success(request, _("Roadmap limits saved."))
            if request.POST.get("then") == "schedule":  # "Save and schedule": one step
                return roadmap_schedule(request, client.pk)
            return redirect("planning:roadmap", client_id=client.pk)
    return _render_roadmap(request, client, status=422, settings_form=form)


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def roadmap_schedule(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    method = "greedy" if request.POST.get("method") == "greedy" else "solver"
    spread = request.POST.get("spread")  # "critical" or "all": first give unplaced items the duration they need
    try:
        if spread in ("critical", "all"):
            count, result = services.roadmap_spread_and_schedule(
                workspace=workspace,
                actor=request.user,
                client=client,
                only_critical=spread == "critical",
                method=method,
            )
            messages.info(
                request,
                ngettext(
                    "%(n)s item now spans the quarters it needs.", "%(n)s items now span the quarters they need.", count
                )
                % {"n": count},
            )
        else:
            result = services.roadmap_schedule(workspace=workspace, actor=request.user, client=client, method=method)
    except ApplicationError as exc:
        return _render_roadmap(request, client, status=422, errors=[exc.message, *exc.fields.get("__all__", [])])
    messages.success(request, result.message)
    for pk, reason in result.excluded.items():
        messages.warning(request, _("Item #%(pk)d was left out: %(reason)s.") % {"pk": pk, "reason": reason})
    return redirect("planning:roadmap", client_id=client.pk)


def _roadmap_post(request: HttpRequest, client: Any, form: Any, act: Callable[[dict[str, Any]], str]) -> HttpResponse:
    """A change posted from the roadmap page: bad input (422), a stale version (409) or a refused change (422)
    shows the roadmap again with the message and changes nothing; ``act`` makes the change and says where to go."""
    if not form.is_valid():
        named = {k: (form.fields[k].label or k) if k in form.fields else "" for k in form.errors}
        errors = [f"{named[k]}: {e}" if named[k] else str(e) for k, errs in form.errors.items() for e in errs]
        return _render_roadmap(request, client, status=422, errors=errors)
    try:
        target = act(form.cleaned_data)
    except ConflictError as exc:
        return _render_roadmap(request, client, status=409, errors=[exc.message])
    except ApplicationError as exc:
        return _render_roadmap(request, client, status=422, errors=[exc.message])
    return redirect(target)


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def item_move(request: HttpRequest, item_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    item = selectors.item_get(workspace=workspace, pk=item_id)

    def move(data: dict[str, Any]) -> str:
        services.item_move(
            workspace=workspace,
            actor=request.user,
            item=item,
            quarter=data["quarter"],
            version=data["version"],
            pinned=data["pinned"] if "pinned" in request.POST else None,
        )
        return f"{_roadmap_url(item.client_id)}#item-{item.pk}"

    return _roadmap_post(request, item.client, forms.MoveForm(request.POST), move)


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def item_split(request: HttpRequest, item_id: int) -> HttpResponse:
    """Split an item in two (a remedy for an item too large for any quarter)."""
    workspace = request_workspace(request)
    item = selectors.item_get(workspace=workspace, pk=item_id)

    def split(data: dict[str, Any]) -> str:
        second = services.item_split(workspace=workspace, actor=request.user, item=item, version=data["version"])
        messages.success(
            request, _("“%(title)s” is now two items.") % {"title": second.title.removesuffix(" (part 2)")}
        )
        return f"{_roadmap_url(item.client_id)}#item-{second.pk}"

    return _roadmap_post(request, item.client, forms.SplitForm(request.POST), split)


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def item_duration(request: HttpRequest, item_id: int) -> HttpResponse:
    """Spread an item over more (or fewer) quarters (a remedy on the roadmap)."""
    workspace = request_workspace(request)
    item = selectors.item_get(workspace=workspace, pk=item_id)

    def spread(data: dict[str, Any]) -> str:
        services.item_update(
            workspace=workspace, actor=request.user, item=item, version=data["version"], duration=data["duration"]
        )
        messages.success(
            request,
            _("“%(title)s” now spans %(n)s quarters: schedule the open items to place it.")
            % {"title": item.title, "n": data["duration"]},
        )
        return f"{_roadmap_url(item.client_id)}#item-{item.pk}"

    return _roadmap_post(request, item.client, forms.DurationForm(request.POST), spread)


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def roadmap_limit(request: HttpRequest, client_id: int) -> HttpResponse:
    """Set one quarter's budget and hours (a remedy on the roadmap)."""
    workspace = request_workspace(request)
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)

    def limit(data: dict[str, Any]) -> str:
        services.roadmap_update(
            workspace=workspace,
            actor=request.user,
            client=client,
            version=data["version"],
            limits={data["quarter"]: (data["budget"], data["hours"])},
        )
        messages.success(request, _("The limits of %(quarter)s are raised.") % {"quarter": data["quarter"]})
        return _roadmap_url(client.pk)

    return _roadmap_post(request, client, forms.QuarterLimitForm(request.POST), limit)


def _roadmap_url(client_id: int) -> str:
    from django.urls import reverse

    return reverse("planning:roadmap", kwargs={"client_id": client_id})


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def plan_approve(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    form = forms.ApproveForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        services.plan_approve(workspace=workspace, actor=request.user, client=client, comment=comment)
    except ApplicationError as exc:
        return _render_roadmap(request, client, status=422, errors=[exc.message])
    messages.success(request, _("Plan approved."))
    return redirect("planning:roadmap", client_id=client.pk)


# --- export and settings ---------------------------------------------------------------------------------------------


@require_safe
@staff_required(Capability.VIEW)
def plan_export(request: HttpRequest, client_id: int, fmt: str) -> HttpResponse:
    workspace = request_workspace(request)
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    if fmt not in export.FORMATS:
        raise Http404("Unknown format")
    return export.plan_response(workspace=workspace, client=client, fmt=fmt)


@require_http_methods(GET_OR_POST)
@staff_required(Capability.MANAGE_PLANS)
def planning_settings(request: HttpRequest) -> HttpResponse:
    workspace = request_workspace(request)
    current = selectors.planning_settings_get(workspace=workspace)
    if request.method != "POST":
        form = forms.PlanningSettingsForm(
            initial={f: getattr(current, f) for f in services.SETTINGS_FIELDS}
            | {"version": current.version if current.pk else None, "currency": workspace.currency}
        )
        return render(request, "planning/planning_settings.html", {"form": form})
    form = forms.PlanningSettingsForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.planning_settings_update(workspace=workspace, actor=request.user, version=version, **data)
        except ConflictError as exc:
            form.add_error(None, exc.message)
            return render(request, "planning/planning_settings.html", {"form": form}, status=409)
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            messages.success(request, _("Planning settings saved."))
            return redirect("planning:planning_settings")
    return render(request, "planning/planning_settings.html", {"form": form}, status=422)
