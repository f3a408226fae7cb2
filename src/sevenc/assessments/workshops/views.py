"""Staff pages for workshops: the respondents (invite, remove), the consolidated view where the vCIO sets the
final values with a rationale, and a staff respondent's own blind questionnaire.

Every form works without JavaScript. Parse the input, call one selector or service, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from sevenc.assessments import selectors
from sevenc.assessments.domain import consolidate
from sevenc.assessments.forms import STATE_TOKENS, state_token
from sevenc.assessments.models import Answer, Assessment
from sevenc.assessments.questionnaire_ui import questionnaire_render, questionnaire_save
from sevenc.assessments.workshops import selectors as workshop_selectors
from sevenc.assessments.workshops import services as workshop
from sevenc.assessments.workshops.forms import ConsolidationForm, DecisionRow
from sevenc.catalog import selectors as catalog_selectors
from sevenc.core.access import request_can, request_workspace, staff_required
from sevenc.core.domain.errors import ApplicationError, ConflictError
from sevenc.core.domain.roles import Capability

GET_OR_POST = ["GET", "HEAD", "POST"]


def _manage_required(request: HttpRequest) -> None:
    if not request_can(request, Capability.MANAGE_ASSESSMENTS):
        raise PermissionDenied("Your role in this workspace does not allow this.")


# --- respondents ------------------------------------------------------------------------------------------


def _render_respondents(
    request: HttpRequest, assessment: Assessment, *, status: int = 200, error: str = ""
) -> HttpResponse:
    workspace = request_workspace(request)
    respondents = list(workshop_selectors.respondent_list(workspace=workspace, assessment=assessment))
    context = {
        "assessment": assessment,
        "client": assessment.client,
        "respondents": respondents,
        "candidates": workshop_selectors.invite_candidates(workspace=workspace, assessment=assessment),
        "mine": next((r for r in respondents if r.user_id == request.user.pk), None),
        "can_manage": request_can(request, Capability.MANAGE_ASSESSMENTS),
        "error": error,
    }
    return render(request, "assessments/respondent_list.html", context, status=status)


@require_http_methods(GET_OR_POST)
@staff_required(Capability.VIEW)
def respondent_list(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """GET: who answers this assessment and how far they are. POST (manage assessments): invite someone."""
    workspace = request_workspace(request)
    assessment = selectors.assessment_get(workspace=workspace, pk=assessment_id)
    if request.method != "POST":
        return _render_respondents(request, assessment)
    _manage_required(request)
    try:
        user_id = int(request.POST.get("user", ""))
    except ValueError:
        return _render_respondents(request, assessment, status=422, error=_("Choose a person to invite."))
    user = workshop_selectors.invite_candidate_get(workspace=workspace, assessment=assessment, user_id=user_id)
    if user is None:
        return _render_respondents(
            request, assessment, status=422, error=_("That person cannot be invited to this assessment.")
        )
    try:
        respondent = workshop.respondent_invite(
            workspace=workspace, actor=request.user, assessment=assessment, user=user
        )
    except ApplicationError as exc:
        return _render_respondents(request, assessment, status=409 if exc.status == 409 else 422, error=exc.message)
    messages.success(request, _("%(who)s is invited.") % {"who": respondent.user.email})
    return redirect("assessments:respondent_list", assessment_id=assessment.pk)


@require_POST
@staff_required(Capability.MANAGE_ASSESSMENTS)
def respondent_remove(request: HttpRequest, assessment_id: int, respondent_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    assessment = selectors.assessment_get(workspace=workspace, pk=assessment_id)
    respondent = workshop_selectors.respondent_get(workspace=workspace, assessment=assessment, pk=respondent_id)
    email = respondent.user.email
    try:
        workshop.respondent_remove(workspace=workspace, actor=request.user, respondent=respondent)
    except ApplicationError as exc:
        return _render_respondents(request, assessment, status=409 if exc.status == 409 else 422, error=exc.message)
    messages.success(request, _("%(who)s is no longer a respondent.") % {"who": email})
    return redirect("assessments:respondent_list", assessment_id=assessment.pk)


# --- a staff respondent's own questionnaire ---------------------------------------------------------------------


@require_http_methods(GET_OR_POST)
@staff_required(Capability.VIEW)
def questionnaire_answer(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The caller's own blind questionnaire (404 unless they were invited to this assessment)."""
    workspace = request_workspace(request)
    assessment = selectors.assessment_get(workspace=workspace, pk=assessment_id)
    respondent = workshop_selectors.respondent_for_user(workspace=workspace, assessment=assessment, user=request.user)
    kwargs: dict[str, Any] = {
        "workspace": workspace,
        "respondent": respondent,
        "template": "assessments/questionnaire_answer.html",
        "context": {"client": assessment.client},
    }
    if request.method == "POST":
        return questionnaire_save(request, **kwargs)
    return questionnaire_render(request, **kwargs)


# --- the consolidated view ------------------------------------------------------------------------------------


def _token(value: consolidate.Value | None) -> str:
    return "" if value is None else str(value)


class ConsolidatedRenderer:
    """One practice's row: every respondent's answer, the suggestion, the flag, and the vCIO's final value."""

    def __init__(self, *, view: workshop_selectors.ConsolidatedView, labels: dict[str, str], readonly: bool) -> None:
        self.view, self.labels, self.readonly = view, labels, readonly
        self.tokens = list(STATE_TOKENS)
        self.words = {
            k: escape(v)
            for k, v in {
                "none": _("—"),
                "disagree": _("disagreement"),
                "critical": _("critical: the lowest answer"),
                "final_for": _("Final value for"),
                "why_for": _("Rationale for"),
                "why": _("Why (rationale)"),
                "stale": _("changed meanwhile"),
                "differs": _("differs from the suggestion"),
            }.items()
        }

    def __call__(self, row: DecisionRow) -> DecisionRow:
        a, r, w, pk = row.answer, row.result, self.words, row.answer.pk
        cells = []
        for respondent in self.view.respondents:
            cell = self.view.cells.get(a.practice.key, {}).get(respondent.pk)
            label = self.labels.get(_token(cell.value), "") if cell and cell.value is not None else w["none"]
            title = f' title="{escape(cell.comment)}"' if cell and cell.comment else ""
            mark = " 💬" if cell and cell.comment else ""
            cells.append(f'<td class="num"{title}>{escape(label) if label != w["none"] else label}{mark}</td>')
        suggestion = _token(r.suggestion)
        flags = []
        if r.disagreement:
            flags.append(f'<span class="badge badge--warning">{w["disagree"]} ({r.spread})</span>')
        if r.critical:
            flags.append(f'<span class="badge" title="{w["critical"]}">!</span>')
        key = escape(a.practice.key)
        if self.readonly:
            final = escape(self.labels.get(row.final, row.final))
            why = escape(row.rationale)
        else:
            options = "".join(
                f'<option value="{escape(t)}"{" selected" if t == row.final else ""}>'
                f"{escape(self.labels.get(t, t))}</option>"
                for t in self.tokens
            )
            final = (
                f'<label class="visually-hidden" for="final-{pk}">{w["final_for"]} {key}</label>'
                f'<select id="final-{pk}" name="final-{pk}">{options}</select>'
                f'<input type="hidden" name="version-{pk}" value="{row.version or ""}">'
            )
            if row.final != suggestion and r.suggestion is not None:
                final += f' <span class="muted" title="{w["differs"]}">≠</span>'
            why = (
                f'<label class="visually-hidden" for="rationale-{pk}">{w["why_for"]} {key}</label>'
                f'<textarea id="rationale-{pk}" name="rationale-{pk}" rows="1" placeholder="{w["why"]}">'
                f"{escape(row.rationale)}</textarea>"
            )
        errors = "".join(f'<p class="grid-error" role="alert">{escape(e)}</p>' for e in row.errors)
        if row.conflict:
            errors += f'<p class="grid-error" role="alert">{w["stale"]}</p>'
        css = " is-conflict" if row.conflict else " has-error" if row.errors else ""
        row.html = mark_safe(  # noqa: S308 - every value in it is escaped
            f'<tr id="decision-{pk}" class="grid-row{css}{" is-disagreement" if r.disagreement else ""}">'
            f'<th scope="row" class="grid-practice"><span class="practice-key" title="{key}">'
            f"{escape(a.practice.key.rsplit('.', 1)[-1])}</span> {escape(a.practice.name)}</th>"
            f'{"".join(cells)}<td class="num"><strong>{escape(self.labels.get(suggestion, suggestion) or "—")}'
            f'</strong></td><td>{"".join(flags)}</td><td class="grid-level">{final}</td>'
            f'<td class="grid-note">{why}{errors}</td></tr>'
        )
        return row


def _labels(levels: list[Any]) -> dict[str, str]:
    labels = {"": _("—"), "na": _("N/A"), "unknown": _("Unknown")}
    labels.update({str(m.level): f"{m.level} {m.name}" for m in levels} or {str(n): str(n) for n in range(6)})
    return labels


def _initial(answer: Answer, result: consolidate.PracticeResult) -> str:
    """The final value offered: the stored answer when there is one, else the consolidated suggestion."""
    return state_token(answer) if answer.state else _token(result.suggestion)


def _render_consolidated(
    request: HttpRequest,
    assessment: Assessment,
    *,
    overrides: dict[int, DecisionRow] | None = None,
    status: int = 200,
    errors: list[str] | None = None,
) -> HttpResponse:
    workspace = request_workspace(request)
    view = workshop_selectors.consolidated_view(workspace=workspace, assessment=assessment)
    levels = list(catalog_selectors.maturity_level_list(framework_id=assessment.framework_id))
    labels = _labels(levels)
    readonly = assessment.is_final or not request_can(request, Capability.MANAGE_ASSESSMENTS)
    render_row = ConsolidatedRenderer(view=view, labels=labels, readonly=readonly)
    by_key = view.by_key
    only_disagreements = request.GET.get("disagreements") == "1"
    index = selectors.framework_index(framework_id=assessment.framework_id)
    groups: list[tuple[str, list[DecisionRow]]] = []
    for answer in view.answers:
        result = by_key[answer.practice.key]
        row = (overrides or {}).get(answer.pk) or DecisionRow(
            answer, result, _initial(answer, result), answer.rationale, answer.version
        )
        if only_disagreements and not result.disagreement and answer.pk not in (overrides or {}):
            continue
        block_name = answer.practice.area.block.name
        if not groups or groups[-1][0] != block_name:
            groups.append((block_name, []))
        groups[-1][1].append(render_row(row))
    gaps = [(g, index.practice_names.get(g.key, g.key)) for g in view.result.perception_gaps]
    context = {
        "assessment": assessment,
        "client": assessment.client,
        "view": view,
        "groups": groups,
        "gaps": gaps,
        "readonly": readonly,
        "errors": errors or [],
        "levels": levels,
        "only_disagreements": only_disagreements,
        "disagreements": view.result.disagreements,
        "submitted": sum(1 for r in view.respondents if r.submitted_at),
    }
    return render(request, "assessments/assessment_consolidate.html", context, status=status)


@require_http_methods(GET_OR_POST)
@staff_required(Capability.VIEW)
def assessment_consolidate(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """GET: per practice every respondent's answer, the suggestion and the disagreement flag, with the
    perception gaps on top. POST (manage assessments): write the final values with their rationale."""
    workspace = request_workspace(request)
    assessment = selectors.assessment_get(workspace=workspace, pk=assessment_id)
    if request.method != "POST":
        return _render_consolidated(request, assessment)
    _manage_required(request)
    form = ConsolidationForm(
        request.POST, workshop_selectors.consolidated_view(workspace=workspace, assessment=assessment)
    )
    if not form.is_valid():
        return _render_consolidated(
            request,
            assessment,
            overrides=form.overrides,
            status=422,
            errors=[_("Some rows have problems; nothing was saved.")],
        )
    if form.mark_stale():
        return _render_consolidated(
            request,
            assessment,
            overrides=form.overrides,
            status=409,
            errors=[
                _(
                    "Someone changed some of these answers since you opened the page. Nothing was saved; reload to see "
                    "the current values."
                )
            ],
        )
    try:
        saved = workshop.consolidated_apply(
            workspace=workspace, actor=request.user, assessment=assessment, decisions=form.decisions()
        )
    except ConflictError as exc:
        return _render_consolidated(request, assessment, overrides=form.overrides, status=409, errors=[exc.message])
    except ApplicationError as exc:
        return _render_consolidated(
            request,
            assessment,
            overrides=form.overrides,
            status=409 if exc.status == 409 else 422,
            errors=[exc.message] + [m for msgs in exc.fields.values() for m in msgs],
        )
    if saved:
        messages.success(
            request, ngettext("Set %(n)d final answer.", "Set %(n)d final answers.", len(saved)) % {"n": len(saved)}
        )
    else:
        messages.info(request, _("Nothing had changed; nothing was saved."))
    return redirect("assessments:assessment_consolidate", assessment_id=assessment.pk)
