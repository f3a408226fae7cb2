"""The targets form: one row per block and area, each with its level, importance, reason, note and date.

Only the rows the user changed (their values differ from the digest they were shown with) become changes; a row
that does not parse carries its messages, and nothing is saved. On a conflict the form shows, per row, the stored
value beside the user's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _

from sevenc.assessments.domain.scoring import LEVEL_POINTS, Score
from sevenc.assessments.targets.models import Target
from sevenc.assessments.targets.services import TargetChange, TargetConflictError
from sevenc.core.domain.errors import ApplicationError

MAX_ROWS = 1000


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _norm_num(text: str) -> str:
    text = text.strip().replace(",", ".")
    try:
        return f"{float(text):g}" if text else ""
    except ValueError:
        return text


def values_digest(level: str, importance: str, reason: str, note: str, date: str) -> str:
    """A short fingerprint of a row's values, to tell the rows the user changed from those they left alone."""
    text = "\x1f".join(
        [_norm_num(level), _norm_num(importance), reason.strip(), note.replace("\r\n", "\n").strip(), date.strip()]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def stored_values(t: Target | None) -> dict[str, str]:
    if t is None:
        return {"level": "", "importance": "", "reason": "", "note": "", "date": ""}
    return {
        "level": _num(t.level),
        "importance": _num(t.importance),
        "reason": t.reason,
        "note": t.reason_note,
        "date": t.target_date.isoformat() if t.target_date else "",
    }


@dataclass
class TargetRow:
    """One row of the form: a block or an area, its current score, and the stored or posted target."""

    n: int
    scope: str
    key: str
    name: str
    score: Score | None
    default_weight: float
    values: dict[str, str]
    version: str
    orig: str
    stored: Target | None = None
    errors: list[str] = field(default_factory=list)
    conflict: bool = False
    theirs: dict[str, str] | None = None  # the stored values on a conflict (None values: deleted)
    areas: list[TargetRow] = field(default_factory=list)
    block_name: str = ""  # an area row's block: three area names stand in two blocks each

    @property
    def ref(self) -> str:
        return f"{self.scope}:{self.key}"

    @property
    def label(self) -> str:
        """The row's name for the labels of its fields: an area's with its block ("Managed Service
        Implementation (Competent)"), so that no two rows' fields share a label."""
        return f"{self.name} ({self.block_name})" if self.block_name else self.name

    @property
    def target_points(self) -> str:
        """The target level on the 0–100 scale (for the "= 70" hint)."""
        try:
            level = float(_norm_num(self.values["level"]))
        except ValueError:
            return ""
        return f"{level * LEVEL_POINTS:g}" if 0 <= level <= 5 else ""

    @property
    def has_target(self) -> bool:
        return self.stored is not None or any(self.values.values())

    @property
    def open(self) -> bool:
        """Whether the block's area list starts unfolded."""
        return any(a.has_target or a.errors or a.conflict for a in self.areas)

    def posted(self, data: QueryDict) -> None:
        p = f"t{self.n}-"
        self.values = {
            "level": data.get(p + "level", ""),
            "importance": data.get(p + "importance", ""),
            "reason": data.get(p + "reason", ""),
            "note": data.get(p + "note", ""),
            "date": data.get(p + "date", ""),
        }
        self.version = data.get(p + "version", "")
        self.orig = data.get(p + "orig", "")

    @property
    def changed(self) -> bool:
        return values_digest(**self.values) != self.orig

    def change(self) -> TargetChange | None:
        """The row as a service change; None (and ``errors``) when a value does not parse."""
        v = self.values
        level = importance = None
        target_date = None
        version = None
        try:
            level = float(_norm_num(v["level"])) if v["level"].strip() else None
        except ValueError:
            self.errors.append(_("The target level is a number from 0 to 5, e.g. 3.5."))
        try:
            importance = float(_norm_num(v["importance"])) if v["importance"].strip() else None
        except ValueError:
            self.errors.append(_("The importance is a number, e.g. 2 (empty: the framework's weight)."))
        try:
            target_date = dt.date.fromisoformat(v["date"].strip()) if v["date"].strip() else None
        except ValueError:
            self.errors.append(_("Enter the target date as YYYY-MM-DD."))
        try:
            version = int(self.version) if self.version.strip() else None
        except ValueError:
            self.errors.append(_("This row lost its version; reload the page."))
        if self.errors:
            return None
        return TargetChange(
            scope=self.scope,
            key=self.key,
            version=version,
            level=level,
            importance=importance,
            reason=v["reason"].strip(),
            reason_note=v["note"],
            target_date=target_date,
        )


class TargetsForm:
    """The rows posted (``t<n>-scope``, ``t<n>-key``, then the values), bound to the page's rows by reference."""

    def __init__(self, data: QueryDict, by_ref: dict[str, TargetRow]) -> None:
        self.by_ref = by_ref
        self.unknown_key: str | None = None
        self.rows: list[TargetRow] = []
        self._pending: list[tuple[TargetRow, TargetChange | None]] = []
        for n in range(MAX_ROWS):
            scope, key = data.get(f"t{n}-scope"), data.get(f"t{n}-key")
            if scope is None or key is None:
                break
            row = by_ref.get(f"{scope}:{key}")
            if row is None:
                self.unknown_key = key
                return
            row.posted(data)
            self.rows.append(row)
        self._pending = [(row, row.change()) for row in self.rows if row.changed]

    @property
    def invalid(self) -> int:
        """How many changed rows do not parse."""
        return sum(1 for row, _c in self._pending if row.errors)

    def is_valid(self) -> bool:
        return self.unknown_key is None and self.invalid == 0

    @property
    def changes(self) -> list[TargetChange]:
        return [c for _r, c in self._pending if c is not None]

    def mark_conflicts(self, exc: TargetConflictError) -> None:
        """Show each stale row's stored value beside the user's; saving again keeps the user's."""
        for ref, current in exc.targets.items():
            row = self.by_ref[ref]
            row.conflict = True
            row.theirs = stored_values(current)
            row.version = str(current.version) if current is not None else ""
            row.orig = values_digest(**row.theirs)
            row.stored = current

    def add_errors(self, exc: ApplicationError) -> int:
        """Put the service's messages on their rows; returns how many rows have errors."""
        for ref, msgs in exc.fields.items():
            if ref in self.by_ref:
                self.by_ref[ref].errors.extend(msgs)
        return sum(1 for r in self.by_ref.values() if r.errors)
