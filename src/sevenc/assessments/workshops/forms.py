"""The consolidation form: the final answer and rationale the vCIO sets per practice after a workshop.

It reads the rows posted (``final-<answer id>``, ``rationale-<id>``, ``version-<id>``), checks each, and gives the
service its decisions; the view only renders. A row posted twice, an unknown value, a long rationale or a missing
version is an error on that row, and nothing is saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from sevenc.assessments.domain import consolidate
from sevenc.assessments.forms import STATE_TOKENS, clean_text, state_token
from sevenc.assessments.models import Answer
from sevenc.assessments.workshops import services as workshop
from sevenc.core.domain.bulk import posted_twice


@dataclass
class DecisionRow:
    answer: Answer
    result: consolidate.PracticeResult
    final: str  # the token shown in the select: "", "0"–"5", "na", "unknown"
    rationale: str
    version: int | None
    errors: list[str] = field(default_factory=list)
    conflict: bool = False
    html: str = ""


class ConsolidationForm:
    def __init__(self, data: Any, view: Any) -> None:
        self.rows: list[DecisionRow] = [row for answer in view.answers if (row := self._row(data, answer, view))]

    @staticmethod
    def _row(data: Any, answer: Answer, view: Any) -> DecisionRow | None:
        pk = answer.pk
        if f"version-{pk}" not in data:
            return None
        row = DecisionRow(
            answer,
            view.by_key[answer.practice.key],
            data.get(f"final-{pk}", state_token(answer)),
            clean_text(data.get(f"rationale-{pk}", answer.rationale)),
            None,
        )
        if posted_twice(data, [f"{name}-{pk}" for name in ("final", "rationale", "version")]):
            row.errors.append(_("This row was posted more than once; nothing was saved. Reload the page."))
        if row.final not in STATE_TOKENS:
            row.errors.append(_("Choose a level from 0 to 5, N/A, Unknown or —."))
            row.final = state_token(answer)
        if len(row.rationale) > workshop.RATIONALE_MAX:
            row.errors.append(_("The rationale is too long."))
        try:
            row.version = int(data.get(f"version-{pk}", ""))
        except ValueError:
            row.errors.append(_("This row is missing its version; reload the page."))
        return row

    @property
    def overrides(self) -> dict[int, DecisionRow]:
        """The rows as posted, by answer id, for the page to show them again."""
        return {r.answer.pk: r for r in self.rows}

    def is_valid(self) -> bool:
        return not any(r.errors for r in self.rows)

    @property
    def pending(self) -> list[DecisionRow]:
        """The rows whose final answer or rationale differ from what is stored."""
        return [r for r in self.rows if r.final != state_token(r.answer) or r.rationale != r.answer.rationale]

    def mark_stale(self) -> bool:
        """Mark the changed rows whose answer moved on since the page was opened; True when there are any."""
        stale = [r for r in self.pending if r.version != r.answer.version]
        for r in stale:
            r.conflict = True
        return bool(stale)

    def decisions(self) -> list[workshop.Decision]:
        return [
            workshop.Decision(
                r.answer.practice.key,
                "level" if r.final.isdigit() else r.final,
                int(r.final) if r.final.isdigit() else None,
                r.rationale,
                r.version or 0,
            )
            for r in self.pending
        ]
