"""Pages for strategy sessions (the "IT strategy planning retreat"): a client's sessions, one session (its SWOT as
the classic 2×2, its business goals, its initiatives), an initiative with the action items it groups, and the
annual operational plan, which prints well.

Every form is a plain ``<form method=post>``: the pages work with JavaScript off. A write that succeeds
redirects back (post/redirect/get); invalid input re-renders the page with 422 and the messages beside the form
that was sent, keeping what the user typed; a stale version re-renders with 409 showing the
stored value. Every view: parse the input, call one selector or service, render.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from sevenc.core.access import request_can, request_workspace, staff_required
from sevenc.core.domain.errors import ApplicationError, ConflictError
from sevenc.core.domain.roles import Capability
from sevenc.core.ui import form_add_application_error, posted_version
from sevenc.planning.models import ItemStatus
from sevenc.planning.strategy import selectors as strategy_selectors
from sevenc.planning.strategy import services as strategy
from sevenc.planning.strategy.domain.budget import year_quarters
from sevenc.planning.strategy.forms import (
    BusinessGoalForm,
    InitiativeForm,
    MoveForm,
    StrategySessionForm,
    SwotEntryForm,
)
from sevenc.planning.strategy.models import BusinessGoal, StrategicInitiative, StrategySession, SwotEntry, SwotKind
from sevenc.tenancy import selectors as tenancy_selectors

STRATEGY_CSS = "sevenc/css/strategy.css"


def _default_year(today: dt.date | None = None) -> int:
    """The year a session held today most likely plans: next year from October on."""
    today = today or timezone.localdate()
    return today.year + 1 if today.month >= 10 else today.year


# --- the session list --------------------------------------------------------------------------------------------


def _render_list(request: HttpRequest, client: Any, form: StrategySessionForm, *, status: int = 200) -> HttpResponse:
    workspace = request_workspace(request)
    context = {
        "client": client,
        "form": form,
        "can_plan": request_can(request, Capability.MANAGE_PLANS),
        "sessions": list(strategy_selectors.strategy_session_list(workspace=workspace, client=client)),
        "plan_years": strategy_selectors.initiative_years(workspace=workspace, client=client),
        "this_year": _default_year(),
    }
    return render(request, "planning/strategy_session_list.html", context, status=status)


@require_safe
@staff_required(Capability.VIEW)
def strategy_session_list(request: HttpRequest, client_id: int) -> HttpResponse:
    client = tenancy_selectors.client_get(workspace=request_workspace(request), pk=client_id)
    today = timezone.localdate()
    form = StrategySessionForm(
        initial={
            "held_on": today,
            "year": _default_year(today),
            "title": _("IT strategy retreat %(year)s") % {"year": _default_year(today)},
        },
        auto_id="id_new_%s",
    )
    return _render_list(request, client, form)


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def strategy_session_create(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    form = StrategySessionForm(request.POST, auto_id="id_new_%s")
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            session = strategy.strategy_session_create(workspace=workspace, actor=request.user, client=client, **values)
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            messages.success(request, _("Strategy session “%(title)s” recorded.") % {"title": session.title})
            return redirect("planning:strategy_session_detail", session_id=session.pk)
    return _render_list(request, client, form, status=422)


# --- the session page --------------------------------------------------------------------------------------------


@dataclass
class Row:
    """One SWOT entry or goal with its inline edit form (bound and showing errors after a failed post)."""

    obj: Any
    form: Any
    first: bool = False
    last: bool = False
    conflict: bool = False
    theirs: Any = None  # the stored row on a conflict (None: deleted)


@dataclass
class Quadrant:
    kind: str
    label: str
    side: str  # internal | external
    help: str
    rows: list[Row]
    add_form: SwotEntryForm


@dataclass
class Bound:
    """The form the user sent, to show again: which one (``key``), the form, and a conflict."""

    key: str = ""
    form: Any = None
    conflict: bool = False
    theirs: Any = None
    conflict_fields: list[tuple[str, Any]] = field(default_factory=list)


QUADRANTS = [  # in reading order of the 2×2: internal row first, helpful column first
    (
        SwotKind.STRENGTH,
        gettext_lazy("Strengths"),
        "internal",
        gettext_lazy("Internal, helpful: what the business and its IT do well."),
    ),
    (
        SwotKind.WEAKNESS,
        gettext_lazy("Weaknesses"),
        "internal",
        gettext_lazy("Internal, harmful: where IT holds the business back."),
    ),
    (
        SwotKind.OPPORTUNITY,
        gettext_lazy("Opportunities"),
        "external",
        gettext_lazy("External, helpful: what the market or technology offers."),
    ),
    (SwotKind.THREAT, gettext_lazy("Threats"), "external", gettext_lazy("External, harmful: risks from outside.")),
]


def _rows(objs: list[Any], form_for: Any, prefix: str, bound: Bound) -> list[Row]:
    rows = []
    for n, obj in enumerate(objs):
        key = f"{prefix}-{obj.pk}"
        if bound.key == key:
            row = Row(obj, bound.form, conflict=bound.conflict, theirs=bound.theirs)
        else:
            row = Row(obj, form_for(obj))
        row.first, row.last = n == 0, n == len(objs) - 1
        rows.append(row)
    return rows


def _swot_form(entry: SwotEntry) -> SwotEntryForm:
    return SwotEntryForm(
        initial={"kind": entry.kind, "text": entry.text, "version": entry.version},
        auto_id=f"id_swot{entry.pk}_%s",
    )


def _goal_form(goal: BusinessGoal) -> BusinessGoalForm:
    return BusinessGoalForm(
        initial={
            "title": goal.title,
            "measure": goal.measure,
            "target_date": goal.target_date,
            "version": goal.version,
        },
        auto_id=f"id_goal{goal.pk}_%s",
    )


def _session_form(session: StrategySession, data: Any = None) -> StrategySessionForm:
    return StrategySessionForm(
        data,
        initial={
            "title": session.title,
            "held_on": session.held_on,
            "year": session.year,
            "notes": session.notes,
            "version": session.version,
        },
        auto_id="id_session_%s",
    )


def _initiative_form(session: StrategySession, goals: list[BusinessGoal], data: Any = None) -> InitiativeForm:
    return InitiativeForm(data, goals=goals, initial={"year": session.year}, auto_id="id_initiative_%s")


def _render_session(
    request: HttpRequest, session: StrategySession, *, status: int = 200, bound: Bound | None = None, error: str = ""
) -> HttpResponse:
    bound = bound or Bound()
    swot = strategy_selectors.session_swot(session)
    goals = list(session.goals.all())

    def pick(key: str, default: Any) -> Any:
        return bound.form if bound.key == key else default

    quadrants = [
        Quadrant(
            kind,
            str(label),
            side,
            str(text),
            _rows(swot.of(kind), _swot_form, "swot", bound),
            pick(f"swot-add-{kind}", SwotEntryForm(initial={"kind": kind}, auto_id=f"id_swot_new_{kind}_%s")),
        )
        for kind, label, side, text in QUADRANTS
    ]
    context = {
        "client": session.client,
        "session": session,
        "can_plan": request_can(request, Capability.MANAGE_PLANS),
        "error": error,
        "quadrants": quadrants,
        "swot_empty": swot.is_empty,
        "goal_rows": _rows(goals, _goal_form, "goal", bound),
        "goal_form": pick("goal-add", BusinessGoalForm(auto_id="id_goal_new_%s")),
        "initiatives": list(session.initiatives.all()),
        "initiative_form": pick("initiative-add", _initiative_form(session, goals)),
        "session_form": pick("session", _session_form(session)),
        "session_open": bound.key == "session",
        "conflict": bound.key == "session" and bound.conflict,
        "conflict_fields": bound.conflict_fields,
        "strategy_css": STRATEGY_CSS,
    }
    return render(request, "planning/strategy_session_detail.html", context, status=status)


def _session(request: HttpRequest, session_id: int) -> StrategySession:
    return strategy_selectors.strategy_session_get(workspace=request_workspace(request), pk=session_id)


def _back(session_id: int, anchor: str = "") -> HttpResponse:
    url = reverse("planning:strategy_session_detail", kwargs={"session_id": session_id})
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_safe
@staff_required(Capability.VIEW)
def strategy_session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    return _render_session(request, _session(request, session_id))


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def strategy_session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    session = _session(request, session_id)
    form = _session_form(session, request.POST)
    if form.is_valid():
        values = dict(form.cleaned_data)
        version = values.pop("version")
        try:
            strategy.strategy_session_update(
                workspace=workspace, actor=request.user, session=session, version=version, **values
            )
        except ConflictError as exc:
            current = _session(request, session_id)
            data = request.POST.copy()
            data["version"] = str(current.version)  # saving again keeps the user's values
            form = _session_form(current, data)
            form.is_valid()
            form.add_error(None, exc.message)
            shown = [
                (_("title"), current.title),
                (_("date"), current.held_on),
                (_("plan year"), current.year),
                (_("notes"), current.notes),
            ]
            return _render_session(
                request, current, status=409, bound=Bound("session", form, conflict=True, conflict_fields=shown)
            )
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            messages.success(request, _("Session saved."))
            return _back(session.pk)
    return _render_session(request, _session(request, session_id), status=422, bound=Bound("session", form))


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def strategy_session_delete(request: HttpRequest, session_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    session = _session(request, session_id)
    version = posted_version(request)
    try:
        strategy.strategy_session_delete(workspace=workspace, actor=request.user, session=session, version=version)
    except ApplicationError as exc:
        return _render_session(request, _session(request, session_id), status=exc.status, error=exc.message)
    messages.success(
        request, _("Strategy session “%(title)s” deleted; its initiatives stay.") % {"title": session.title}
    )
    return redirect("planning:strategy_session_list", client_id=session.client_id)


# --- SWOT ----------------------------------------------------------------------------------------------------------


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def swot_entry_create(request: HttpRequest, session_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    session = _session(request, session_id)
    kind = request.POST.get("kind", "")
    key = f"swot-add-{kind}" if kind in SwotKind.values else "swot-add-strength"
    form = SwotEntryForm(request.POST, auto_id=f"id_swot_new_{kind if kind in SwotKind.values else 'x'}_%s")
    if form.is_valid():
        try:
            strategy.swot_entry_add(
                workspace=workspace,
                actor=request.user,
                session=session,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
            )
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            return _back(session.pk, "swot")
    return _render_session(request, session, status=422, bound=Bound(key, form))


def _swot(request: HttpRequest, swot_id: int) -> SwotEntry:
    return strategy_selectors.swot_entry_get(workspace=request_workspace(request), pk=swot_id)


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def swot_entry_edit(request: HttpRequest, swot_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    entry = _swot(request, swot_id)
    form = SwotEntryForm(request.POST, auto_id=f"id_swot{entry.pk}_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            strategy.swot_entry_update(
                workspace=workspace,
                actor=request.user,
                entry=entry,
                text=data["text"],
                kind=data["kind"],
                version=data["version"],
            )
        except ConflictError as exc:
            return _conflict(request, entry.session_id, f"swot-{entry.pk}", form, exc, "text")
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            return _back(entry.session_id, f"swot-{entry.pk}")
    return _render_session(
        request, _session(request, entry.session_id), status=422, bound=Bound(f"swot-{entry.pk}", form)
    )


def _conflict(
    request: HttpRequest, session_id: int, key: str, form: Any, exc: ConflictError, shown: str
) -> HttpResponse:
    """Re-render with 409: the user's values in the form, the stored one beside it; saving again keeps theirs."""
    current = exc.current
    data = form.data.copy()
    data["version"] = str(current.version) if current is not None else ""
    again = type(form)(data, auto_id=form.auto_id)
    again.is_valid()
    again.add_error(None, exc.message + " " + (_("Save again to keep yours.") if current is not None else ""))
    session = _session(request, session_id)
    if current is None:  # deleted meanwhile: there is no row to show the form on
        return _render_session(request, session, status=409, error=exc.message)
    return _render_session(
        request, session, status=409, bound=Bound(key, again, conflict=True, theirs=getattr(current, shown))
    )


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def swot_entry_move(request: HttpRequest, swot_id: int) -> HttpResponse:
    entry = _swot(request, swot_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        strategy.swot_entry_move(
            workspace=request_workspace(request),
            actor=request.user,
            entry=entry,
            direction=form.cleaned_data["direction"],
        )
        return _back(entry.session_id, f"swot-{entry.pk}")
    return _render_session(
        request, _session(request, entry.session_id), status=422, error=_("Move an entry up or down.")
    )


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def swot_entry_delete(request: HttpRequest, swot_id: int) -> HttpResponse:
    entry = _swot(request, swot_id)
    try:
        strategy.swot_entry_delete(
            workspace=request_workspace(request), actor=request.user, entry=entry, version=posted_version(request)
        )
    except ApplicationError as exc:
        return _render_session(request, _session(request, entry.session_id), status=exc.status, error=exc.message)
    messages.success(request, _("SWOT entry removed."))
    return _back(entry.session_id, "swot")


# --- business goals ------------------------------------------------------------------------------------------------


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def business_goal_create(request: HttpRequest, session_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    session = _session(request, session_id)
    form = BusinessGoalForm(request.POST, auto_id="id_goal_new_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            strategy.business_goal_add(
                workspace=workspace,
                actor=request.user,
                session=session,
                title=data["title"],
                measure=data["measure"],
                target_date=data["target_date"],
            )
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            return _back(session.pk, "goals")
    return _render_session(request, session, status=422, bound=Bound("goal-add", form))


def _goal(request: HttpRequest, goal_id: int) -> BusinessGoal:
    return strategy_selectors.business_goal_get(workspace=request_workspace(request), pk=goal_id)


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def business_goal_edit(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = _goal(request, goal_id)
    form = BusinessGoalForm(request.POST, auto_id=f"id_goal{goal.pk}_%s")
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            strategy.business_goal_update(
                workspace=request_workspace(request), actor=request.user, goal=goal, version=version, **data
            )
        except ConflictError as exc:
            return _conflict(request, goal.session_id, f"goal-{goal.pk}", form, exc, "title")
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            return _back(goal.session_id, f"goal-{goal.pk}")
    return _render_session(
        request, _session(request, goal.session_id), status=422, bound=Bound(f"goal-{goal.pk}", form)
    )


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def business_goal_move(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = _goal(request, goal_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        strategy.business_goal_move(
            workspace=request_workspace(request),
            actor=request.user,
            goal=goal,
            direction=form.cleaned_data["direction"],
        )
        return _back(goal.session_id, f"goal-{goal.pk}")
    return _render_session(request, _session(request, goal.session_id), status=422, error=_("Move a goal up or down."))


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def business_goal_delete(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = _goal(request, goal_id)
    try:
        strategy.business_goal_delete(
            workspace=request_workspace(request), actor=request.user, goal=goal, version=posted_version(request)
        )
    except ApplicationError as exc:
        return _render_session(request, _session(request, goal.session_id), status=exc.status, error=exc.message)
    messages.success(request, _("Business goal removed; initiatives that served it stay."))
    return _back(goal.session_id, "goals")


# --- initiatives ---------------------------------------------------------------------------------------------------


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def initiative_create(request: HttpRequest, session_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    session = _session(request, session_id)
    form = _initiative_form(session, list(session.goals.all()), request.POST)
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            initiative = strategy.initiative_create(
                workspace=workspace, actor=request.user, client=session.client, session=session, **values
            )
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            messages.success(
                request, _("Initiative “%(title)s” added; now group its action items.") % {"title": initiative.title}
            )
            return redirect("planning:initiative_detail", initiative_id=initiative.pk)
    return _render_session(request, session, status=422, bound=Bound("initiative-add", form))


def _initiative(request: HttpRequest, initiative_id: int) -> StrategicInitiative:
    return strategy_selectors.initiative_get(workspace=request_workspace(request), pk=initiative_id)


def _edit_form(request: HttpRequest, initiative: StrategicInitiative, data: Any = None) -> InitiativeForm:
    workspace = request_workspace(request)
    client = initiative.client
    return InitiativeForm(
        data,
        goals=list(strategy_selectors.business_goal_list(workspace=workspace, client=client)),
        sessions=list(strategy_selectors.strategy_session_list(workspace=workspace, client=client)),
        initial={
            "title": initiative.title,
            "goal": str(initiative.goal_id or ""),
            "owner": initiative.owner,
            "priority": initiative.priority,
            "year": initiative.year,
            "session": str(initiative.session_id or ""),
            "description": initiative.description,
            "version": initiative.version,
        },
        auto_id="id_edit_%s",
    )


def _render_initiative(
    request: HttpRequest,
    initiative: StrategicInitiative,
    *,
    status: int = 200,
    error: str = "",
    ticked: set[int] | None = None,
    form: InitiativeForm | None = None,
    conflict_fields: list[tuple[str, Any]] | None = None,
) -> HttpResponse:
    workspace = request_workspace(request)
    can_plan = request_can(request, Capability.MANAGE_PLANS)
    plan = strategy_selectors.initiative_plan(workspace=workspace, initiative=initiative)
    choices = (
        list(strategy_selectors.initiative_item_choices(workspace=workspace, client=initiative.client))
        if can_plan
        else []
    )
    ticked = ticked if ticked is not None else {i.pk for i in choices if i.initiative_id == initiative.pk}
    context = {
        "client": initiative.client,
        "initiative": initiative,
        "plan": plan,
        "can_plan": can_plan,
        "quarter_money": list(zip(year_quarters(initiative.year), plan.money.cost, plan.money.hours, strict=True)),
        "choices": [(i, i.pk in ticked) for i in choices if i.status != ItemStatus.DROPPED or i.pk in ticked],
        "currency": strategy_selectors.currency(workspace=workspace),
        "error": error,
        "form": form if form is not None else (_edit_form(request, initiative) if can_plan else None),
        "edit_open": form is not None,
        "conflict": conflict_fields is not None,
        "conflict_fields": conflict_fields or [],
        "strategy_css": STRATEGY_CSS,
    }
    return render(request, "planning/initiative_detail.html", context, status=status)


@require_safe
@staff_required(Capability.VIEW)
def initiative_detail(request: HttpRequest, initiative_id: int) -> HttpResponse:
    return _render_initiative(request, _initiative(request, initiative_id))


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def initiative_edit(request: HttpRequest, initiative_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    initiative = _initiative(request, initiative_id)
    form = _edit_form(request, initiative, request.POST)
    if form.is_valid():
        values = dict(form.cleaned_data)
        version = values.pop("version")
        try:
            strategy.initiative_update(
                workspace=workspace, actor=request.user, initiative=initiative, version=version, **values
            )
        except ConflictError as exc:
            current = _initiative(request, initiative_id)
            data = request.POST.copy()
            data["version"] = str(current.version)  # saving again keeps the user's values
            form = _edit_form(request, current, data)
            form.is_valid()
            form.add_error(None, exc.message)
            shown = [
                (_("initiative"), current.title),
                (_("business goal"), current.goal.title if current.goal else "—"),
                (_("owner"), current.owner),
                (_("priority"), current.get_priority_display()),
                (_("year"), current.year),
                (_("description"), current.description),
            ]
            return _render_initiative(request, current, status=409, form=form, conflict_fields=shown)
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            messages.success(request, _("Initiative saved."))
            return redirect("planning:initiative_detail", initiative_id=initiative.pk)
    return _render_initiative(request, _initiative(request, initiative_id), status=422, form=form)


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def initiative_items(request: HttpRequest, initiative_id: int) -> HttpResponse:
    """The ticked action items become the initiative's items (the others leave it)."""
    workspace = request_workspace(request)
    initiative = _initiative(request, initiative_id)
    ids = sorted({int(v) for v in request.POST.getlist("item") if v.isdigit()})
    items = strategy_selectors.action_items_by_id(workspace=workspace, ids=ids)
    if len(items) != len(ids):
        raise Http404("No such action item.")
    try:
        added, removed = strategy.initiative_items_set(
            workspace=workspace, actor=request.user, initiative=initiative, items=items
        )
    except ApplicationError as exc:
        return _render_initiative(
            request, initiative, status=exc.status if exc.status != 400 else 422, error=exc.message, ticked=set(ids)
        )
    if added or removed:
        messages.success(
            request, _("%(added)d action item(s) added, %(removed)d taken out.") % {"added": added, "removed": removed}
        )
    else:
        messages.info(request, _("Nothing had changed; nothing was saved."))
    return redirect("planning:initiative_detail", initiative_id=initiative.pk)


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def initiative_delete(request: HttpRequest, initiative_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    initiative = _initiative(request, initiative_id)
    version = posted_version(request)
    try:
        strategy.initiative_delete(workspace=workspace, actor=request.user, initiative=initiative, version=version)
    except ApplicationError as exc:
        return _render_initiative(request, _initiative(request, initiative_id), status=exc.status, error=exc.message)
    messages.success(request, _("Initiative “%(title)s” deleted; its action items stay.") % {"title": initiative.title})
    if initiative.session_id is not None:
        return _back(initiative.session_id, "initiatives")
    return redirect("planning:operational_plan", client_id=initiative.client_id, year=initiative.year)


# --- the annual operational plan -------------------------------------------------------------------------------------


@require_safe
@staff_required(Capability.VIEW)
def operational_plan(request: HttpRequest, client_id: int, year: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    if not strategy.MIN_YEAR <= year <= strategy.MAX_YEAR:
        raise Http404("No such year.")
    plan = strategy_selectors.operational_plan(workspace=workspace, client=client, year=year)
    picker = sorted({*plan.years, year})
    context = {
        "client": client,
        "plan": plan,
        "year": year,
        "picker": picker,
        "currency": plan.currency,
        "summary": [(i, list(zip(plan.quarters, i.money.cost, strict=True))) for i in plan.initiatives],
        "total_by_quarter": list(zip(plan.quarters, plan.totals.cost, plan.totals.hours, strict=True)),
        "unassigned_by_quarter": list(zip(plan.quarters, plan.unassigned_money.cost, strict=True)),
        "sessions": list(strategy_selectors.strategy_session_list(workspace=workspace, client=client, year=year)),
        "strategy_css": STRATEGY_CSS,
        "printed_on": timezone.localdate(),
    }
    return render(request, "planning/operational_plan.html", context)
