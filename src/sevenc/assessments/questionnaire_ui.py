"""One respondent's blind questionnaire as a web page, shared by the staff page (``views_workshop``) and the
client portal (``portal/views_questionnaire.py``): the same rows, the same form, the same rules.

It shows the practice names, the maturity levels with their descriptors, and the respondent's *own* answers
and comments, nothing else: never the assessment's answers or their (internal) notes, never another
respondent. The whole questionnaire is one ``<form method=post>`` (it works with JavaScript off); a row is
named ``<field>-<response pk>`` (``state-12``, ``comment-12``, ``version-12``). Rows are built in Python
with every value escaped, like the grid's ``RowRenderer``: 139 rows of nine radio buttons each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sevenc.assessments.forms import STATE_TOKENS, clean_text, state_token
from sevenc.assessments.services import FinalAssessmentError
from sevenc.assessments.workshops import selectors as workshop_selectors
from sevenc.assessments.workshops import services as workshop
from sevenc.assessments.workshops.models import Respondent, Response
from sevenc.catalog import selectors as catalog_selectors
from sevenc.core.domain.bulk import posted_twice
from sevenc.core.domain.errors import ApplicationError, ConflictError


@dataclass
class QuestionRow:
    response: Response
    state: str
    comment: str
    version: int | None
    errors: list[str] = field(default_factory=list)
    conflict: bool = False
    html: str = ""

    @classmethod
    def stored(cls, response: Response) -> QuestionRow:
        return cls(response, state_token(response), response.comment, response.version)  # type: ignore[arg-type]

    def change(self) -> workshop.ResponseChange | None:
        r = self.response
        values: dict[str, Any] = {}
        if self.state != state_token(r):  # type: ignore[arg-type]
            values["state"] = "level" if self.state.isdigit() else self.state
            values["level"] = int(self.state) if self.state.isdigit() else None
        if self.comment != clean_text(r.comment):
            values["comment"] = self.comment
        if not values:
            return None
        return workshop.ResponseChange(practice_key=r.practice.key, version=self.version or 0, **values)


def _parse(data: Any, response: Response) -> QuestionRow:
    pk = response.pk
    row = QuestionRow.stored(response)
    if posted_twice(data, [f"{name}-{pk}" for name in ("state", "comment", "version")]):
        row.errors.append(_("This row was posted more than once; nothing was saved. Reload the page."))
    state = data.get(f"state-{pk}", row.state)
    if state in STATE_TOKENS:
        row.state = state
    else:
        row.errors.append(_("Choose a level from 0 to 5, N/A or Unknown."))
    row.comment = clean_text(data.get(f"comment-{pk}", response.comment))
    if len(row.comment) > workshop.COMMENT_MAX:
        row.errors.append(_("The comment is too long (at most %(n)s characters).") % {"n": workshop.COMMENT_MAX})
    try:
        row.version = int(data.get(f"version-{pk}", ""))
    except ValueError:
        row.version = None
        row.errors.append(_("This row is missing its version; reload the page."))
    return row


class QuestionRenderer:
    PK = "\x00"

    def __init__(self, *, levels: list[Any], readonly: bool) -> None:
        dis = " disabled" if readonly else ""
        choices = [("", "–", _("Not answered"))]
        choices += [(str(m.level), str(m.level), f"{m.level} {m.name}: {m.description}") for m in levels]
        if not levels:
            choices += [(str(n), str(n), str(n)) for n in range(6)]
        choices += [("na", _("N/A"), _("Not applicable")), ("unknown", "?", _("I don't know"))]
        self.parts = []
        for i, (value, label, title) in enumerate(choices):
            before = (
                f'<input type="radio" class="levels__input" id="s-{self.PK}-{i}" name="state-{self.PK}" '
                f'value="{escape(value)}"'
            )
            after = (
                f'{dis}><label class="levels__label levels__label--{escape(value or "none")}" '
                f'for="s-{self.PK}-{i}" title="{escape(title)}">{escape(label)}</label>'
            )
            self.parts.append((value, before, after))
        self.readonly, self.dis = readonly, dis
        self.words = {
            "comment": escape(_("Comment (optional)")),
            "comment_on": escape(_("Comment on")),
            "conflict": escape(_("changed elsewhere")),
            "not_saved": escape(_("not saved")),
        }

    def __call__(self, row: QuestionRow) -> QuestionRow:
        r, pk, w = row.response, str(row.response.pk), self.words
        practice = r.practice
        levels = "".join(
            before + (" checked" if value == row.state else "") + after for value, before, after in self.parts
        ).replace(self.PK, pk)
        css = " is-conflict" if row.conflict else " has-error" if row.errors else ""
        status = w["conflict"] if row.conflict else w["not_saved"] if row.errors else ""
        hidden = "" if self.readonly else f'<input type="hidden" name="version-{pk}" value="{row.version or ""}">'
        errors = "".join(f'<p class="grid-error" role="alert">{escape(e)}</p>' for e in row.errors)
        key = escape(practice.key)
        row.html = mark_safe(  # noqa: S308 - every value in it is escaped
            f'<tr id="response-{pk}" class="grid-row{css}" data-state="{escape(row.state)}">'
            f'<th scope="row" class="grid-practice" id="practice-{pk}"><span class="practice-key" title="{key}">'
            f"{escape(practice.key.rsplit('.', 1)[-1])}</span> {escape(practice.name)}</th>"
            f'<td class="grid-level"><div class="levels" role="radiogroup" aria-labelledby="practice-{pk}">{levels}'
            f"</div></td>"
            f'<td class="grid-note"><label class="visually-hidden" for="comment-{pk}">{w["comment_on"]} {key}</label>'
            f'<textarea id="comment-{pk}" name="comment-{pk}" rows="1" placeholder="{w["comment"]}"{self.dis}>'
            f"{escape(row.comment)}</textarea></td>"
            f'<td class="grid-status">{hidden}<span class="grid-status__text">{status}</span>{errors}</td></tr>'
        )
        return row


@dataclass
class Group:
    name: str
    key: str
    areas: list[tuple[Any, list[QuestionRow]]]


def _groups(responses: list[Response], overrides: dict[int, QuestionRow], render_row: QuestionRenderer) -> list[Group]:
    groups: list[Group] = []
    for response in responses:
        area = response.practice.area
        block = area.block
        row = render_row(overrides.get(response.pk) or QuestionRow.stored(response))
        if not groups or groups[-1].key != block.key:
            groups.append(Group(block.name, block.key, []))
        if not groups[-1].areas or groups[-1].areas[-1][0].pk != area.pk:
            groups[-1].areas.append((area, []))
        groups[-1].areas[-1][1].append(row)
    return groups


def questionnaire_render(
    request: HttpRequest,
    *,
    workspace: Any,
    respondent: Respondent,
    template: str,
    context: dict[str, Any],
    overrides: dict[int, QuestionRow] | None = None,
    responses: list[Response] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    assessment = respondent.assessment
    if responses is None:
        responses = list(workshop_selectors.response_list(workspace=workspace, respondent=respondent))
    levels = list(catalog_selectors.maturity_level_list(framework_id=assessment.framework_id))
    readonly = assessment.is_final or respondent.submitted_at is not None
    render_row = QuestionRenderer(levels=levels, readonly=readonly)
    answered = sum(1 for r in responses if r.state)
    page = {
        **context,
        "respondent": respondent,
        "assessment": assessment,
        "levels": levels,
        "readonly": readonly,
        "groups": _groups(responses, overrides or {}, render_row),
        "errors": errors or [],
        "answered": answered,
        "total": len(responses),
        "form_action": request.path,
    }
    response = render(request, template, page, status=status)
    response["Cache-Control"] = "no-store"
    return response


def questionnaire_save(
    request: HttpRequest, *, workspace: Any, respondent: Respondent, template: str, context: dict[str, Any]
) -> HttpResponse:
    """The POST: every row the respondent changed, all or nothing; then, with ``submit``, hand it in."""
    responses = list(workshop_selectors.response_list(workspace=workspace, respondent=respondent))
    rows = [_parse(request.POST, r) for r in responses if f"version-{r.pk}" in request.POST]
    overrides = {row.response.pk: row for row in rows}

    def again(status: int, errors: list[str]) -> HttpResponse:
        return questionnaire_render(
            request,
            workspace=workspace,
            respondent=respondent,
            template=template,
            context=context,
            overrides=overrides,
            responses=responses,
            errors=errors,
            status=status,
        )

    if respondent.assessment.is_final:
        return again(409, [FinalAssessmentError(respondent.assessment).message])
    if respondent.submitted_at is not None:
        return again(409, [workshop.SubmittedError().message])
    invalid = [row for row in rows if row.errors]
    if invalid:
        return again(
            422,
            [
                ngettext(
                    "%(n)d answer has a problem; nothing was saved.",
                    "%(n)d answers have problems; nothing was saved.",
                    len(invalid),
                )
                % {"n": len(invalid)}
            ],
        )
    pending = [(row, change) for row in rows if (change := row.change()) is not None]
    stale = [row for row, _c in pending if row.version != row.response.version]
    if stale:
        for row in stale:
            row.conflict = True
        return again(
            409,
            [
                _(
                    "Your answers were changed in another window since you opened this page. Nothing "
                    "was saved; reload the page to see them."
                )
            ],
        )
    try:
        saved = (
            workshop.responses_bulk_set(
                workspace=workspace, actor=request.user, respondent=respondent, changes=[c for _r, c in pending]
            )
            if pending
            else []
        )
        if "submit" in request.POST:
            workshop.respondent_submit(workspace=workspace, actor=request.user, respondent=respondent)
    except ConflictError as exc:
        return again(409, [exc.message])
    except ApplicationError as exc:
        respondent.refresh_from_db(fields=["submitted_at"])
        return again(
            409 if exc.status == 409 else 422, [exc.message] + [m for msgs in exc.fields.values() for m in msgs]
        )
    if "submit" in request.POST:
        messages.success(request, _("Thank you: your answers are handed in."))
    elif saved:
        messages.success(
            request, ngettext("Saved %(n)d answer.", "Saved %(n)d answers.", len(saved)) % {"n": len(saved)}
        )
    else:
        messages.info(request, _("Nothing had changed; nothing was saved."))
    return redirect(request.path)
