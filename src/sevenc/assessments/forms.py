"""Forms for assessments, and the parser of the answer grid's rows.

They only parse input: saving goes through assessments.services, which validates again and owns the rules
(final means immutable, versions).

A grid row's fields are named ``<field>-<answer pk>`` (``state-12``, ``note-12``, ``shared-12``,
``evidence-12``, ``version-12``, ``orig-12``), so the whole grid is one form and one row is the same fields
posted alone (the autosave). ``orig`` is a digest of the values the row was rendered with: a row counts as
changed when what comes back differs from it, so an untouched row is never written even when someone else
has changed it meanwhile.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sevenc.assessments.models import Answer, AnswerState
from sevenc.assessments.services import AnswerChange
from sevenc.core.domain.bulk import posted_twice

NOTE_MAX = 10_000
STATE_TOKENS = ("", "0", "1", "2", "3", "4", "5", "na", "unknown")


class AssessmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    period = forms.CharField(label=_("Period"), max_length=20, required=False, help_text=_("e.g. 2026-Q4"))
    assessed_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))


class AssessmentCreateForm(AssessmentForm):
    framework = forms.ChoiceField(label=_("Framework"))
    copy_previous = forms.BooleanField(label=_("Start from the previous assessment"), required=False)

    def __init__(self, *args: Any, frameworks: list[Any], previous: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.frameworks = {str(f.pk): f for f in frameworks}
        self.fields["framework"].choices = [(str(f.pk), f"{f.name} {f.version}") for f in frameworks]
        if previous is None:
            del self.fields["copy_previous"]
        else:
            self.fields["copy_previous"].help_text = _(
                "Copy the levels, notes and evidence of “%(title)s” (%(date)s); you then only change what has changed."
            ) % {"title": previous.title, "date": previous.assessed_on.isoformat()}

    def clean_framework(self) -> Any:
        return self.frameworks[self.cleaned_data["framework"]]


class AssessmentEditForm(AssessmentForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=1)


# --- the grid's rows ---------------------------------------------------------------------------------------


def state_token(answer: Answer) -> str:
    """ "0"–"5", "na", "unknown" or "" (unanswered): the value of the row's radio buttons."""
    if answer.state == AnswerState.LEVEL:
        return str(answer.level)
    return answer.state or ""


def clean_text(value: str) -> str:
    """Browsers post text areas with CRLF line ends; store and compare with LF, trimmed."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def digest(state: str, note: str, shared: bool, evidence: str) -> str:
    raw = "\x1f".join((state, clean_text(note), "1" if shared else "0", evidence.strip()))
    return hashlib.blake2s(raw.encode(), digest_size=6).hexdigest()


def answer_digest(answer: Answer) -> str:
    return digest(state_token(answer), answer.note, answer.note_shared, answer.evidence_url)


_url_field = forms.URLField(max_length=500, required=False, assume_scheme="https")


@dataclass
class RowInput:
    """One posted grid row, parsed against the stored answer. Fields not posted keep the stored value."""

    answer: Answer
    state: str
    note: str
    shared: bool
    evidence: str
    version: int | None
    orig: str
    errors: list[str] = field(default_factory=list)

    @property
    def touched(self) -> bool:
        """The user changed something in this row (compared with what the row was rendered with)."""
        return digest(self.state, self.note, self.shared, self.evidence) != self.orig

    @property
    def stale(self) -> bool:
        return self.version != self.answer.version

    def change(self) -> AnswerChange | None:
        """The change to write: only the fields that differ from the stored answer (None: nothing to write)."""
        if not self.touched:
            return None
        a = self.answer
        values: dict[str, Any] = {}
        if self.state != state_token(a):
            values["state"] = "level" if self.state.isdigit() else self.state
            values["level"] = int(self.state) if self.state.isdigit() else None
        if self.note != clean_text(a.note):
            values["note"] = self.note
        if self.shared != a.note_shared:
            values["note_shared"] = self.shared
        if self.evidence != a.evidence_url:
            values["evidence_url"] = self.evidence
        if not values:
            return None
        return AnswerChange(practice_key=a.practice.key, version=self.version or 0, **values)


def row_posted(data: Any, answer: Answer) -> bool:
    return f"version-{answer.pk}" in data


def row_input(data: Any, answer: Answer) -> RowInput:
    """Parse the posted fields of ``answer``'s row (call only when ``row_posted``)."""
    pk = answer.pk
    errors: list[str] = []
    if posted_twice(data, [f"{name}-{pk}" for name in ("state", "note", "evidence", "version", "orig")]):
        errors.append(str(_("This row was posted more than once; nothing was saved. Reload the page.")))
    state = data.get(f"state-{pk}", state_token(answer))
    if state not in STATE_TOKENS:
        errors.append(str(_("Choose a level from 0 to 5, N/A or Unknown.")))
        state = state_token(answer)
    note = clean_text(data.get(f"note-{pk}", answer.note))
    if len(note) > NOTE_MAX:
        errors.append(str(_("The note is too long (at most %(n)s characters).") % {"n": NOTE_MAX}))
    shared_values = data.getlist(f"shared-{pk}")
    shared = "1" in shared_values if shared_values else answer.note_shared
    evidence = data.get(f"evidence-{pk}", answer.evidence_url).strip()
    try:
        evidence = _url_field.clean(evidence)
    except ValidationError as exc:
        errors.append(str(_("Evidence: %(problem)s") % {"problem": " ".join(exc.messages)}))
    try:
        version: int | None = int(data.get(f"version-{pk}", ""))
    except ValueError:
        version = None
        errors.append(str(_("This row is missing its version; reload the page.")))
    orig = data.get(f"orig-{pk}") or answer_digest(answer)
    return RowInput(answer, state, note, shared, evidence, version, orig, errors)
