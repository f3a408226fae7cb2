"""Pages for assessments: a client's list, create/edit/finalise/delete, the scores, and the answer grid.

The grid is one ``<form method=post>`` over every practice (it works with JavaScript off); ``grid.js`` adds
the keyboard and saves each row as it changes through ``answer_save``, which answers ``X-Sevenc-Partial: 1``
with the row partial plus the score panel (see partials/answer_saved.html).
Every view: parse the input, call one selector or service, render.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sevenc.assessments import forms, selectors, services
from sevenc.assessments.forms import RowInput, answer_digest, row_input, row_posted, state_token
from sevenc.assessments.models import Answer, Assessment
from sevenc.catalog import selectors as catalog_selectors
from sevenc.core.access import request_can, request_workspace, staff_required
from sevenc.core.domain import quarters
from sevenc.core.domain.errors import ApplicationError, ConflictError
from sevenc.core.domain.roles import Capability
from sevenc.core.ui import form_add_application_error, wants_partial
from sevenc.tenancy import selectors as tenancy_selectors

GET_OR_POST = ["GET", "HEAD", "POST"]
DEFAULT_FRAMEWORK_KEY = "7c"


# --- list and create -----------------------------------------------------------------------------------


@require_safe
@staff_required(Capability.VIEW)
def assessment_list(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    assessments = list(selectors.assessment_list_with_progress(workspace=workspace, client=client))
    overall = selectors.assessment_overall_scores(workspace=workspace, assessments=assessments)
    rows = [(a, overall[a.pk]) for a in assessments]
    return render(request, "assessments/assessment_list.html", {"client": client, "rows": rows})


def current_quarter(today: Any) -> str:
    return quarters.of_date(today)


@require_http_methods(GET_OR_POST)
@staff_required(Capability.MANAGE_ASSESSMENTS)
def assessment_create(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    frameworks = list(catalog_selectors.framework_usable_list(workspace))
    previous = selectors.assessment_previous(workspace=workspace, client=client)
    context = {"client": client, "previous": previous}
    today = timezone.localdate()
    period = current_quarter(today)
    default = next((f for f in frameworks if f.key == DEFAULT_FRAMEWORK_KEY), frameworks[0] if frameworks else None)
    initial = {
        "title": _("ITCq assessment %(period)s") % {"period": period},
        "period": period,
        "assessed_on": today,
        "framework": str(default.pk) if default else None,
        "copy_previous": previous is not None,
    }
    if request.method != "POST":
        form = forms.AssessmentCreateForm(frameworks=frameworks, previous=previous, initial=initial)
        return render(request, "assessments/assessment_form.html", {**context, "form": form})
    posted: Any = request.POST
    if request.POST.get("defaults") == "1":  # "Start the first assessment" on the client overview: one step
        posted = {k: v for k, v in initial.items() if v not in (None, False)}
    form = forms.AssessmentCreateForm(posted, frameworks=frameworks, previous=previous)
    if form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.assessment_create(
                workspace=workspace,
                actor=request.user,
                client=client,
                framework=data["framework"],
                title=data["title"],
                period=data["period"],
                assessed_on=data["assessed_on"],
                copy_from=previous if data.get("copy_previous") else None,
            )
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            messages.success(request, _("Assessment “%(title)s” started.") % {"title": assessment.title})
            return redirect("assessments:assessment_grid", assessment_id=assessment.pk)
    return render(request, "assessments/assessment_form.html", {**context, "form": form}, status=422)


# --- detail, edit, finalise, delete --------------------------------------------------------------------


def _render_detail(request: HttpRequest, assessment: Assessment, *, status: int = 200, error: str = "") -> HttpResponse:
    workspace = request_workspace(request)
    scores = selectors.assessment_scores(workspace=workspace, assessment=assessment)
    index = selectors.framework_index(framework_id=assessment.framework_id)
    blocks = []
    for spec in index.tree.blocks:
        areas = [(key, index.area_names[key], scores.areas[key]) for key in index.tree.areas_of(spec.key)]
        blocks.append((spec.key, index.block_names[spec.key], scores.blocks[spec.key], areas))
    context = {
        "assessment": assessment,
        "client": assessment.client,
        "scores": scores,
        "blocks": blocks,
        "error": error,
    }
    return render(request, "assessments/assessment_detail.html", context, status=status)


@require_safe
@staff_required(Capability.VIEW)
def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get(workspace=request_workspace(request), pk=assessment_id)
    return _render_detail(request, assessment)


@require_http_methods(GET_OR_POST)
@staff_required(Capability.MANAGE_ASSESSMENTS)
def assessment_edit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    assessment = selectors.assessment_get(workspace=workspace, pk=assessment_id)
    context: dict[str, Any] = {"assessment": assessment, "client": assessment.client}
    if request.method != "POST":
        form = forms.AssessmentEditForm(
            initial={
                "title": assessment.title,
                "period": assessment.period,
                "assessed_on": assessment.assessed_on,
                "version": assessment.version,
            }
        )
        if assessment.is_final:
            context["error"] = services.FinalAssessmentError(assessment).message
            return render(request, "assessments/assessment_form.html", {**context, "form": form}, status=409)
        return render(request, "assessments/assessment_form.html", {**context, "form": form})
    form = forms.AssessmentEditForm(request.POST)
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.assessment_update(
                workspace=workspace,
                actor=request.user,
                assessment=assessment,
                version=form.cleaned_data["version"],
                **values,
            )
        except ConflictError as exc:
            current = selectors.assessment_get(workspace=workspace, pk=assessment_id)
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = forms.AssessmentEditForm(data)
            form.is_valid()
            form.add_error(None, exc.message)
            shown = [(_("Title"), current.title), (_("Period"), current.period), (_("Date"), current.assessed_on)]
            return render(
                request,
                "assessments/assessment_form.html",
                {**context, "assessment": current, "form": form, "conflict": True, "conflict_fields": shown},
                status=409,
            )
        except ApplicationError as exc:
            form_add_application_error(form, exc)
            if exc.status == 409:
                return render(request, "assessments/assessment_form.html", {**context, "form": form}, status=409)
        else:
            messages.success(request, _("Assessment “%(title)s” saved.") % {"title": assessment.title})
            return redirect("assessments:assessment_detail", assessment_id=assessment.pk)
    assessment = selectors.assessment_get(workspace=workspace, pk=assessment_id)
    return render(
        request, "assessments/assessment_form.html", {**context, "assessment": assessment, "form": form}, status=422
    )


@require_POST
@staff_required(Capability.MANAGE_ASSESSMENTS)
def assessment_finalise(request: HttpRequest, assessment_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    assessment = selectors.assessment_get(workspace=workspace, pk=assessment_id)
    form = forms.VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else -1
    try:
        services.assessment_finalise(workspace=workspace, actor=request.user, assessment=assessment, version=version)
    except ApplicationError as exc:
        current = selectors.assessment_get(workspace=workspace, pk=assessment_id)
        return _render_detail(request, current, status=exc.status if exc.status == 409 else 422, error=exc.message)
    messages.success(request, _("Assessment “%(title)s” is final.") % {"title": assessment.title})
    return redirect("assessments:assessment_detail", assessment_id=assessment.pk)


@require_POST
@staff_required(Capability.MANAGE_ASSESSMENTS)
def assessment_delete(request: HttpRequest, assessment_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    assessment = selectors.assessment_get(workspace=workspace, pk=assessment_id)
    client_id, title = assessment.client_id, assessment.title
    try:
        services.assessment_delete(workspace=workspace, actor=request.user, assessment=assessment)
    except ApplicationError as exc:
        return _render_detail(request, assessment, status=exc.status if exc.status == 409 else 422, error=exc.message)
    messages.success(request, _("Draft assessment “%(title)s” deleted.") % {"title": title})
    return redirect("assessments:assessment_list", client_id=client_id)


# --- the grid ------------------------------------------------------------------------------------------


@dataclass
class GridRow:
    """What one row of the grid shows: the stored answer, or what was posted (with its problems)."""

    answer: Answer
    state: str
    note: str
    shared: bool
    evidence: str
    version: int | None
    orig: str
    errors: list[str] = field(default_factory=list)
    conflict: Answer | None = None  # the stored answer, when this row lost a race
    saved: bool = False
    mine_label: str = ""  # on a conflict: the user's value and the stored one, in words
    theirs_label: str = ""
    html: str = ""  # the whole <tr>, made by RowRenderer
    url: str = ""  # where the row autosaves

    @classmethod
    def stored(cls, answer: Answer, *, saved: bool = False) -> GridRow:
        return cls(
            answer,
            state_token(answer),
            answer.note,
            answer.note_shared,
            answer.evidence_url,
            answer.version,
            answer_digest(answer),
            saved=saved,
        )

    @classmethod
    def posted(cls, inp: RowInput, *, conflict: Answer | None = None, errors: list[str] | None = None) -> GridRow:
        """The user's values; on a conflict armed with the current version, so saving again keeps them."""
        return cls(
            inp.answer,
            inp.state,
            inp.note,
            inp.shared,
            inp.evidence,
            conflict.version if conflict else inp.version,
            answer_digest(conflict) if conflict else inp.orig,
            errors=list(errors if errors is not None else inp.errors),
            conflict=conflict,
        )

    @property
    def short_key(self) -> str:
        """The practice key's last part (its number within the area); the full key is in the title."""
        return self.answer.practice.key.rsplit(".", 1)[-1]

    @property
    def conflict_state(self) -> str:
        return state_token(self.conflict) if self.conflict is not None else ""

    def label(self, labels: dict[str, str]) -> GridRow:
        if self.conflict is not None:
            self.mine_label = labels.get(self.state, self.state)
            self.theirs_label = labels.get(self.conflict_state, self.conflict_state)
        return self


@dataclass
class AreaGroup:
    area: Any
    score: Any
    rows: list[GridRow]


@dataclass
class BlockGroup:
    block: Any
    score: Any
    areas: list[AreaGroup]


def _filters(request: HttpRequest) -> dict[str, Any]:
    return {
        "unanswered": request.GET.get("unanswered") == "1",
        "block": request.GET.get("block", "")[:60],
        "noted": request.GET.get("noted") == "1",
    }


def _shown(row: GridRow, filters: dict[str, Any]) -> bool:
    a = row.answer
    if filters["block"] and a.practice.area.block.key != filters["block"]:
        return False
    if filters["unanswered"] and a.state:
        return False
    return not (filters["noted"] and not a.note)


def _choices(levels: list[Any]) -> list[tuple[str, str, str, str]]:
    """(value, label, title, key hint) of a row's radio buttons."""
    out = [("", "–", _("Unanswered"), "⌫")]
    for m in levels:
        out.append((str(m.level), str(m.level), f"{m.level} {m.name}", str(m.level)))  # descriptors: the legend
    if not levels:
        out += [(str(n), str(n), str(n), str(n)) for n in range(6)]
    out.append(("na", _("N/A"), _("Not applicable"), "n"))
    out.append(("unknown", "?", _("Unknown"), "u"))
    return out


def escape(value: Any) -> str:
    """HTML-escape like django.utils.html.escape (same characters), without its lazy-string wrapper: the grid
    calls it some 2,000 times per page."""
    return html.escape(str(value), quote=True)


class RowRenderer:
    """Renders one grid row (``partials/answer_row.html`` shows ``row.html``), for the page and for the autosave
    answer alike. Plain string building with every value escaped: the grid has 139 rows of nine radio buttons,
    note, evidence and status, and a template per row cost most of the page's time."""

    PK = "\x00"  # stands for the answer's pk in the prepared strings; escaped text never holds it

    def __init__(
        self,
        *,
        assessment: Assessment,
        choices: list[tuple[str, str, str, str]],
        readonly: bool,
        labels: dict[str, str],
    ) -> None:
        self.readonly = readonly
        self.disabled = " disabled" if readonly else ""
        self.labels = labels
        self.parts = []
        for i, (value, label, title, hint) in enumerate(choices):
            before = (
                f'<input type="radio" class="levels__input" id="s-{self.PK}-{i}" name="state-{self.PK}" '
                f'value="{escape(value)}"'
            )
            after = (
                f'{self.disabled}><label class="levels__label levels__label--{escape(value or "none")}" '
                f'for="s-{self.PK}-{i}" title="{escape(title)} [{escape(hint)}]">{escape(label)}</label>'
            )
            self.parts.append((value, before, after))
        url = reverse("assessments:answer_save", kwargs={"assessment_id": assessment.pk, "answer_id": 0})
        self.url_head = url[: url.rindex("/0/") + 1]
        self.grid_url = reverse("assessments:assessment_grid", kwargs={"assessment_id": assessment.pk})
        self.words = {key: escape(word) for key, word in _row_words().items()}

    def __call__(self, row: GridRow) -> GridRow:
        row.label(self.labels)
        row.url = f"{self.url_head}{row.answer.pk}/"
        row.html = mark_safe(self._tr(row))  # noqa: S308 - every value in it is escaped
        return row

    def _tr(self, row: GridRow) -> str:
        a, pk, w, dis = row.answer, str(row.answer.pk), self.words, self.disabled
        practice = a.practice
        state_class = (
            " is-conflict" if row.conflict else " has-error" if row.errors else " is-saved" if row.saved else ""
        )
        levels = "".join(
            before + (" checked" if value == row.state else "") + after for value, before, after in self.parts
        ).replace(self.PK, pk)
        key = escape(practice.key)
        status = w["conflict"] if row.conflict else w["not_saved"] if row.errors else w["saved"] if row.saved else ""
        hidden = (
            ""
            if self.readonly
            else f'<input type="hidden" name="version-{pk}" '
            f'value="{"" if row.version is None else row.version}"><input type="hidden" name="orig-{pk}" '
            f'value="{escape(row.orig)}">'
        )
        errors = "".join(f'<p class="grid-error" role="alert">{escape(e)}</p>' for e in row.errors)
        return (
            f'<tr id="answer-{pk}" class="grid-row{state_class}" data-answer="{pk}" data-state="{escape(row.state)}" '
            f'data-block="{escape(practice.area.block.key)}"{" data-noted" if row.note else ""} data-url="{row.url}" '
            f'tabindex="-1">'
            f'<th scope="row" class="grid-practice" id="practice-{pk}"><span class="practice-key" title="{key}">'
            f"{escape(row.short_key)}</span> {escape(practice.name)}</th>"
            f'<td class="grid-level"><div class="levels" role="radiogroup" aria-labelledby="practice-{pk}">{levels}'
            f"</div></td>"
            f'<td class="grid-note"><label class="visually-hidden" for="note-{pk}">{w["note_on"]} {key}</label>'
            f'<textarea id="note-{pk}" name="note-{pk}" rows="1" placeholder="{w["note"]}"{dis}>{escape(row.note)}'
            f'</textarea><label class="grid-shared"><input type="hidden" name="shared-{pk}" value="0"{dis}>'
            f'<input type="checkbox" name="shared-{pk}" value="1"{" checked" if row.shared else ""}{dis}> '
            f"{w['shared']}</label></td>"
            f'<td class="grid-evidence"><label class="visually-hidden" for="evidence-{pk}">{w["evidence_for"]} {key}'
            f'</label><input type="url" id="evidence-{pk}" name="evidence-{pk}" value="{escape(row.evidence)}" '
            f'placeholder="https://…" maxlength="500"{dis}></td>'
            f'<td class="grid-status">{hidden}<span class="grid-status__text" aria-live="polite">{status}</span>'
            f"{errors}{self._conflict(row) if row.conflict else ''}</td></tr>"
        )

    def _conflict(self, row: GridRow) -> str:
        c, w, pk = row.conflict, self.words, row.answer.pk
        assert c is not None
        who = c.answered_by.display_name if c.answered_by else _("someone else")
        when = date_format(timezone.localtime(c.answered_at), "DATETIME_FORMAT") if c.answered_at else "?"
        changed = escape(_("Changed by %(who)s at %(when)s.") % {"who": who, "when": when})
        note = f" — “{escape(Truncator(c.note).chars(120))}”" if c.note else ""
        return (
            f'<div class="grid-conflict" role="alert" data-theirs-state="{escape(row.conflict_state)}" '
            f'data-theirs-note="{escape(c.note)}" data-theirs-shared="{"1" if c.note_shared else ""}" '
            f'data-theirs-evidence="{escape(c.evidence_url)}">'
            f"<p>{changed} {w['stored_now']} <strong>{escape(row.theirs_label)}</strong>{note}; {w['yours']} "
            f"<strong>{escape(row.mine_label)}</strong>.</p>"
            f'<p class="js-only"><button type="button" class="button button--small button--secondary" '
            f'data-action="theirs">{w["use_theirs"]}</button> <button type="button" class="button button--small" '
            f'data-action="mine">{w["keep_mine"]}</button></p>'
            f'<p class="no-js-only">{w["save_again"]} <a href="{self.grid_url}#answer-{pk}">{w["reload"]}</a>.</p>'
            f"</div>"
        )


def _row_words() -> dict[str, str]:
    """Words every row repeats, translated once per page instead of once per row."""
    return {
        "note": _("Note"),
        "note_on": _("Note on"),
        "evidence_for": _("Evidence link for"),
        "shared": _("shared with client"),
        "conflict": _("conflict"),
        "not_saved": _("not saved"),
        "saved": _("saved ✓"),
        "stored_now": _("Stored now:"),
        "yours": _("yours:"),
        "use_theirs": _("Use theirs"),
        "keep_mine": _("Keep mine"),
        "save_again": _("Save again to keep yours, or"),
        "reload": _("reload to use theirs"),
    }


def _state_labels(levels: list[Any]) -> dict[str, str]:
    labels = {"": _("unanswered"), "na": _("N/A"), "unknown": _("Unknown")}
    labels.update({str(m.level): f"{m.level} {m.name}" for m in levels})
    return labels


@dataclass(frozen=True)
class _BlockRef:
    key: str
    name: str


def _blocks_of(assessment: Assessment) -> list[_BlockRef]:
    index = selectors.framework_index(framework_id=assessment.framework_id)
    return [_BlockRef(b.key, index.block_names[b.key]) for b in index.tree.blocks]


def _panel(workspace: Any, assessment: Assessment, blocks: list[Any]) -> dict[str, Any]:
    scores = selectors.assessment_scores(workspace=workspace, assessment=assessment)
    return {"scores": scores, "block_scores": [(b, scores.blocks.get(b.key)) for b in blocks]}


def _grid_url(assessment: Assessment, request: HttpRequest, anchor: str = "") -> str:
    url = reverse("assessments:assessment_grid", kwargs={"assessment_id": assessment.pk})
    query = urlencode({k: v for k, v in request.GET.items() if k in ("unanswered", "block", "noted")})
    return url + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


def _render_grid(
    request: HttpRequest,
    assessment: Assessment,
    answers: list[Answer],
    *,
    overrides: dict[int, GridRow] | None = None,
    status: int = 200,
    errors: list[str] | None = None,
) -> HttpResponse:
    workspace = request_workspace(request)
    filters = _filters(request)
    levels = selectors.maturity_levels(framework_id=assessment.framework_id)
    readonly = assessment.is_final or not request_can(request, Capability.ANSWER)
    render_row = RowRenderer(
        assessment=assessment, choices=_choices(levels), readonly=readonly, labels=_state_labels(levels)
    )
    overrides = overrides or {}
    blocks: list[Any] = []
    groups: list[BlockGroup] = []
    scores = selectors.assessment_scores(workspace=workspace, assessment=assessment, answers=answers)
    for answer in answers:
        area = answer.practice.area
        block = area.block
        if not blocks or blocks[-1].pk != block.pk:
            blocks.append(block)
        row = overrides.get(answer.pk) or GridRow.stored(answer)
        if not _shown(row, filters) and answer.pk not in overrides:
            continue
        render_row(row)
        if not groups or groups[-1].block.pk != block.pk:
            groups.append(BlockGroup(block, scores.blocks.get(block.key), []))
        if not groups[-1].areas or groups[-1].areas[-1].area.pk != area.pk:
            groups[-1].areas.append(AreaGroup(area, scores.areas.get(area.key), []))
        groups[-1].areas[-1].rows.append(row)
    panel = {"scores": scores, "block_scores": [(b, scores.blocks.get(b.key)) for b in blocks]}
    context = {
        "assessment": assessment,
        "client": assessment.client,
        "groups": groups,
        "blocks": blocks,
        "levels": levels,
        "readonly": readonly,
        "filters": filters,
        "filtered": any(filters.values()),
        "errors": errors or [],
        "form_action": _grid_url(assessment, request),
        **panel,
    }
    return render(request, "assessments/assessment_grid.html", context, status=status)


@require_http_methods(GET_OR_POST)
@staff_required(Capability.VIEW)
def assessment_grid(request: HttpRequest, assessment_id: int) -> HttpResponse:
    if request.method == "POST":
        return _grid_save(request, assessment_id)
    workspace = request_workspace(request)
    assessment = selectors.assessment_get(workspace=workspace, pk=assessment_id)
    answers = list(selectors.answer_list(workspace=workspace, assessment=assessment))
    return _render_grid(request, assessment, answers)


def _conflict_message(rows: list[GridRow]) -> str:
    names = ", ".join(f"{r.answer.practice.key} “{r.answer.practice.name}”" for r in rows)
    return ngettext(
        "Someone else changed %(names)s since you opened the grid. Nothing was saved. The stored value is shown "
        "at the row, next to yours; save again to keep yours.",
        "Someone else changed these practices since you opened the grid: %(names)s. Nothing was saved. The "
        "stored values are shown at each row, next to yours; save again to keep yours.",
        len(rows),
    ) % {"names": names}


@staff_required(Capability.ANSWER)
def _grid_save(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The no-JavaScript path: every posted row that the user changed, in one all-or-nothing batch."""
    workspace = request_workspace(request)
    assessment = selectors.assessment_get(workspace=workspace, pk=assessment_id)
    answers = list(selectors.answer_list(workspace=workspace, assessment=assessment))
    inputs = [row_input(request.POST, a) for a in answers if row_posted(request.POST, a)]
    overrides = {i.answer.pk: GridRow.posted(i) for i in inputs}
    invalid = [i for i in inputs if i.errors]
    if invalid:
        message = ngettext(
            "%(n)d row has a problem; nothing was saved. Correct it and save again.",
            "%(n)d rows have problems; nothing was saved. Correct them and save again.",
            len(invalid),
        ) % {"n": len(invalid)}
        return _render_grid(request, assessment, answers, overrides=overrides, status=422, errors=[message])
    pending = [(i, c) for i in inputs if (c := i.change()) is not None]
    stale = [GridRow.posted(i, conflict=i.answer) for i, _c in pending if i.stale]
    if stale:
        overrides.update({r.answer.pk: r for r in stale})
        return _render_grid(
            request, assessment, answers, overrides=overrides, status=409, errors=[_conflict_message(stale)]
        )
    try:
        saved = services.answers_bulk_set(
            workspace=workspace, actor=request.user, assessment=assessment, changes=[c for _i, c in pending]
        )
    except ConflictError as exc:  # lost a race after the check above
        current = exc.current if isinstance(exc.current, Answer) else None
        by_pk = {i.answer.pk: i for i in inputs}
        rows = [GridRow.posted(by_pk[current.pk], conflict=current)] if current and current.pk in by_pk else []
        overrides.update({r.answer.pk: r for r in rows})
        return _render_grid(
            request,
            assessment,
            answers,
            overrides=overrides,
            status=409,
            errors=[_conflict_message(rows) if rows else exc.message],
        )
    except ApplicationError as exc:
        errors = [exc.message] + [m for msgs in exc.fields.values() for m in msgs]
        return _render_grid(
            request, assessment, answers, overrides=overrides, status=409 if exc.status == 409 else 422, errors=errors
        )
    if saved:
        messages.success(
            request, ngettext("Saved %(n)d answer.", "Saved %(n)d answers.", len(saved)) % {"n": len(saved)}
        )
    else:
        messages.info(request, _("Nothing had changed; nothing was saved."))
    return redirect(_grid_url(assessment, request))


@require_POST
@staff_required(Capability.ANSWER)
def answer_save(request: HttpRequest, assessment_id: int, answer_id: int) -> HttpResponse:
    """One row (the autosave). With ``X-Sevenc-Partial: 1``: the row partial and the score panel; else a redirect
    to the row in the grid (or the grid with the row's problem)."""
    workspace = request_workspace(request)
    assessment = selectors.assessment_get(workspace=workspace, pk=assessment_id)
    answer = selectors.answer_get(workspace=workspace, assessment=assessment, pk=answer_id)
    inp = row_input(request.POST, answer)
    if not row_posted(request.POST, answer):
        inp.errors.append(_("This row is missing its version; reload the page."))
    status, row = 200, GridRow.posted(inp)
    if not inp.errors:
        change = inp.change()
        try:
            saved = services.answers_bulk_set(
                workspace=workspace, actor=request.user, assessment=assessment, changes=[change] if change else []
            )
        except ConflictError as exc:
            current = exc.current if isinstance(exc.current, Answer) else answer
            status, row = 409, GridRow.posted(inp, conflict=current)
        except ApplicationError as exc:
            status = 409 if exc.status == 409 else 422
            row = GridRow.posted(inp, errors=[exc.message] + [m for msgs in exc.fields.values() for m in msgs])
        else:
            if saved:
                saved[0].practice = answer.practice  # with its area and block, for the row's data attributes
            row = GridRow.stored(saved[0] if saved else answer, saved=True)
    else:
        status = 422
    if not wants_partial(request):
        if status == 200:
            return redirect(_grid_url(assessment, request, anchor=f"answer-{answer.pk}"))
        answers = list(selectors.answer_list(workspace=workspace, assessment=assessment))
        errors = [_conflict_message([row])] if row.conflict else row.errors
        return _render_grid(request, assessment, answers, overrides={answer.pk: row}, status=status, errors=errors)
    levels = selectors.maturity_levels(framework_id=assessment.framework_id)
    RowRenderer(
        assessment=assessment, choices=_choices(levels), readonly=assessment.is_final, labels=_state_labels(levels)
    )(row)
    blocks = _blocks_of(assessment)
    context = {
        "assessment": assessment,
        "row": row,
        "readonly": assessment.is_final,
        **_panel(workspace, assessment, blocks),
    }
    response = render(request, "assessments/partials/answer_saved.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response
