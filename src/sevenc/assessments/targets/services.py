"""Writes to targets: the goal-setting workshop's levels, importance weights, reasons and dates.

Targets belong to one assessment (usually a final one: the workshop follows the measurement) and are keyed
by scope (block, area, practice) and the key in that assessment's framework. Setting a target never changes
the assessment itself, so it is allowed on a final assessment too; every write is in the activity log.
A target carries a version: an update names the version it was read at, a stale one is refused
(ConflictError with the current target), so two people in the workshop never overwrite each other silently.
docs/goals-and-gaps.md describes the whole.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from sevenc.assessments import selectors
from sevenc.assessments.models import Assessment
from sevenc.assessments.targets.models import Target, TargetReason, TargetScope
from sevenc.core.domain.bulk import refuse_duplicates
from sevenc.core.domain.errors import ApplicationError, ConflictError
from sevenc.core.guards import same_workspace
from sevenc.core.services import activity_record
from sevenc.core.versioning import versioned_update
from sevenc.tenancy.models import Workspace

if TYPE_CHECKING:
    from sevenc.accounts.models import User

MAX_IMPORTANCE = 100.0
MAX_NOTE = 2000
TARGET_FIELDS = ("level", "importance", "reason", "reason_note", "target_date")


@dataclass(frozen=True)
class TargetChange:
    """One target to write. ``version``: the version read (None: a new target). A change with no level, no
    importance, no reason, note or date means "no target": an existing one is deleted."""

    scope: str
    key: str
    version: int | None = None
    level: float | None = None
    importance: float | None = None
    reason: str = ""
    reason_note: str = ""
    target_date: dt.date | None = None

    @property
    def is_empty(self) -> bool:
        return (
            self.level is None
            and self.importance is None
            and not self.reason
            and not self.reason_note.strip()
            and self.target_date is None
        )

    @property
    def ref(self) -> str:
        return f"{self.scope}:{self.key}"


class TargetConflictError(ConflictError):
    """One or more targets were changed by someone else; ``targets`` maps "scope:key" to the current target
    (None when it was deleted)."""

    def __init__(self, message: str, *, targets: dict[str, Target | None]) -> None:
        first = next((t for t in targets.values() if t is not None), None)
        super().__init__(message, current=first)
        self.targets = targets


def _require_same_workspace(workspace: Workspace, assessment: Assessment) -> None:
    same_workspace(workspace, assessment, what="assessment")


def _keys(assessment: Assessment, scope: str) -> dict[str, str]:
    """key → name of one scope in the assessment's framework."""
    index = selectors.framework_index(framework_id=assessment.framework_id)
    if scope == TargetScope.BLOCK:
        return index.block_names
    if scope == TargetScope.AREA:
        return index.area_names
    return index.practice_names


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError
    return float(value)


def validate_change(assessment: Assessment, change: TargetChange) -> dict[str, list[str]]:
    """The problems of one change, by field (empty when it is valid)."""
    problems: dict[str, list[str]] = {}
    if change.scope not in TargetScope.values:
        problems["scope"] = ["Use block, area or practice."]
    elif change.key not in _keys(assessment, change.scope):
        problems["key"] = [f"No {change.scope} {change.key!r} in this assessment's framework."]
    try:
        level = _number(change.level)
        if level is not None and not (math.isfinite(level) and 0 <= level <= 5):
            problems["level"] = ["A target level is from 0 to 5 (e.g. 3.5)."]
    except TypeError:
        problems["level"] = ["A target level is a number from 0 to 5."]
    try:
        importance = _number(change.importance)
        if importance is not None and not (math.isfinite(importance) and 0 <= importance <= MAX_IMPORTANCE):
            problems["importance"] = [
                f"An importance weight is a number from 0 to {MAX_IMPORTANCE:g} "
                "(0: does not count; empty: the framework's weight)."
            ]
    except TypeError:
        problems["importance"] = ["An importance weight is a number."]
    if change.reason and change.reason not in TargetReason.values:
        problems["reason"] = ["Choose one of the business reasons."]
    if len(change.reason_note or "") > MAX_NOTE:
        problems["reason_note"] = [f"At most {MAX_NOTE} characters."]
    if change.target_date is not None and not isinstance(change.target_date, dt.date):
        problems["target_date"] = ["Enter a date (YYYY-MM-DD)."]
    if not problems and change.level is None and change.importance is None:
        problems["level"] = ["Give a target level or an importance weight (or delete the target)."]
    return problems


def _values(change: TargetChange, actor: User) -> dict[str, Any]:
    return {
        "level": None if change.level is None else float(change.level),
        "importance": None if change.importance is None else float(change.importance),
        "reason": change.reason or "",
        "reason_note": (change.reason_note or "").strip(),
        "target_date": change.target_date,
        "set_by": actor if getattr(actor, "is_authenticated", False) else None,
    }


def _label(assessment: Assessment, scope: str, key: str) -> str:
    name = _keys(assessment, scope).get(key, key) if scope in TargetScope.values else key
    return f"{TargetScope(scope).label.lower()} “{name}”"


def _summary(verb: str, assessment: Assessment, change: TargetChange) -> str:
    level = "" if change.level is None else f" to level {change.level:g}"
    return f"Target for {_label(assessment, change.scope, change.key)}{level} {verb} on “{assessment.title}”"


def _write(
    *, workspace: Workspace, actor: User, assessment: Assessment, change: TargetChange, existing: Target | None
) -> Target:
    """Create or update one (valid) target; the version must match the stored row."""
    values = _values(change, actor)
    if existing is None:
        if change.version is not None:
            raise TargetConflictError(
                f"The target for {_label(assessment, change.scope, change.key)} was deleted by someone else since "
                "you loaded it. Nothing was saved.",
                targets={change.ref: None},
            )
        target = Target(workspace=workspace, assessment=assessment, scope=change.scope, key=change.key, **values)
        try:
            with transaction.atomic():
                target.save()
        except IntegrityError:  # someone created it a moment ago
            current = Target.objects.filter(assessment=assessment, scope=change.scope, key=change.key).first()
            raise TargetConflictError(
                f"Someone else set the target for {_label(assessment, change.scope, change.key)} a moment ago. "
                "Nothing was saved; the current value is shown.",
                targets={change.ref: current},
            ) from None
        activity_record(
            workspace=workspace, actor=actor, verb="created", obj=target, summary=_summary("set", assessment, change)
        )
        return target
    if change.version is None or change.version != existing.version:
        raise TargetConflictError(
            _stale_message(assessment, [existing], change.version), targets={change.ref: existing}
        )
    versioned_update(
        existing,
        expected_version=change.version,
        values=values,
        conflict=lambda current: TargetConflictError(
            _stale_message(assessment, [current or existing], change.version), targets={change.ref: current}
        ),
    )
    activity_record(
        workspace=workspace, actor=actor, verb="updated", obj=existing, summary=_summary("changed", assessment, change)
    )
    return existing


def _stale_message(assessment: Assessment, targets: Sequence[Target], version: int | None) -> str:
    names = ", ".join(_label(assessment, t.scope, t.key) for t in targets)
    if version is None and len(targets) == 1:
        return (
            f"The target for {names} already exists (version {targets[0].version}); send its version to "
            "change it. Nothing was saved."
        )
    return (
        f"Someone else changed the target for {names} since you loaded it. Nothing was saved; the current "
        "value is shown."
    )


def _locked(assessment: Assessment, refs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Target]:
    scopes = {s for s, _ in refs}
    keys = {k for _, k in refs}
    rows = Target.objects.select_for_update().filter(assessment=assessment, scope__in=scopes, key__in=keys)
    return {(t.scope, t.key): t for t in rows if (t.scope, t.key) in set(refs)}


@transaction.atomic
def target_set(
    *,
    workspace: Workspace,
    actor: User,
    assessment: Assessment,
    scope: str,
    key: str,
    level: float | None = None,
    importance: float | None = None,
    reason: str = "",
    reason_note: str = "",
    target_date: dt.date | None = None,
    version: int | None = None,
) -> Target:
    """Create the target (``version`` None) or update it (``version`` = the one read; stale → 409)."""
    _require_same_workspace(workspace, assessment)
    change = TargetChange(
        scope=scope,
        key=key,
        version=version,
        level=level,
        importance=importance,
        reason=reason or "",
        reason_note=reason_note or "",
        target_date=target_date,
    )
    problems = validate_change(assessment, change)
    if problems:
        raise ApplicationError(f"The target for {scope} {key!r} is not valid; nothing was saved.", fields=problems)
    existing = _locked(assessment, [(scope, key)]).get((scope, key))
    return _write(workspace=workspace, actor=actor, assessment=assessment, change=change, existing=existing)


@transaction.atomic
def target_delete(*, workspace: Workspace, actor: User, target: Target, version: int | None = None) -> None:
    """Delete a target (``version``, when given, must be current)."""
    assessment = target.assessment
    _require_same_workspace(workspace, assessment)
    qs = Target.objects.filter(pk=target.pk)
    if version is not None:
        qs = qs.filter(version=version)
    deleted, _ = qs.delete()
    if not deleted:
        current = Target.objects.filter(pk=target.pk).first()
        raise TargetConflictError(
            _stale_message(assessment, [current or target], version), targets={f"{target.scope}:{target.key}": current}
        )
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="deleted",
        obj=None,
        summary=f"Target for {_label(assessment, target.scope, target.key)} removed from “{assessment.title}”",
    )


@transaction.atomic
def targets_save(
    *, workspace: Workspace, actor: User, assessment: Assessment, changes: Sequence[TargetChange]
) -> list[Target]:
    """The goal-setting form: every change or none. Invalid rows → ApplicationError whose ``fields`` are keyed
    "scope:key" (all of them reported at once); stale rows → TargetConflictError naming all of them.
    An empty change deletes its target."""
    _require_same_workspace(workspace, assessment)
    refs = [(c.scope, c.key) for c in changes]
    refuse_duplicates(refs, field="__all__", name=lambda ref: f"The target {ref[0]}:{ref[1]}")
    problems: dict[str, list[str]] = {}
    for change in changes:
        if change.is_empty:
            continue
        row = validate_change(assessment, change)
        if row:
            problems[change.ref] = [m for messages in row.values() for m in messages]
    if problems:
        raise ApplicationError("Some targets are not valid; nothing was saved.", fields=problems)
    existing = _locked(assessment, refs)
    stale: dict[str, Target | None] = {}
    for change in changes:
        current = existing.get((change.scope, change.key))
        if current is None:
            if change.version is not None:
                stale[change.ref] = None
        elif change.version != current.version:
            stale[change.ref] = current
    if stale:
        shown = [t for t in stale.values() if t is not None]
        message = (
            _stale_message(assessment, shown, -1)
            if shown
            else "Someone else deleted a target since you loaded the page. Nothing was saved."
        )
        raise TargetConflictError(message, targets=stale)
    saved = []
    for change in changes:
        current = existing.get((change.scope, change.key))
        if change.is_empty:
            if current is not None:
                target_delete(workspace=workspace, actor=actor, target=current, version=change.version)
            continue
        saved.append(_write(workspace=workspace, actor=actor, assessment=assessment, change=change, existing=current))
    return saved


def targets_copy(*, from_assessment: Assessment | None, to_assessment: Assessment) -> int:
    """Carry the targets of ``from_assessment`` forward to a new assessment of the same client, by scope and
    key (keys that the new assessment's framework does not have are left behind). Returns how many."""
    if from_assessment is None:
        return 0
    if from_assessment.workspace_id != to_assessment.workspace_id:
        raise ApplicationError("Targets can only be copied within one workspace.")
    rows = []
    for t in Target.objects.filter(assessment=from_assessment):
        if t.key in _keys(to_assessment, t.scope):
            rows.append(
                Target(
                    workspace_id=to_assessment.workspace_id,
                    assessment=to_assessment,
                    scope=t.scope,
                    key=t.key,
                    level=t.level,
                    importance=t.importance,
                    reason=t.reason,
                    reason_note=t.reason_note,
                    target_date=t.target_date,
                    set_by_id=t.set_by_id,
                )
            )
    Target.objects.bulk_create(rows, batch_size=500)
    return len(rows)
