"""Writes to assessments and answers.

A final assessment is immutable: every service here refuses to change one (corrections are a new
assessment). Answers carry a version; a save names the version it was read at, and a stale one is
refused with the current value (ConflictError), so two people never overwrite each other silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from sevenc.assessments import selectors
from sevenc.assessments.domain import scoring
from sevenc.assessments.models import Answer, AnswerState, Assessment, AssessmentStatus, PeerNorm
from sevenc.assessments.targets.services import targets_copy
from sevenc.catalog.models import Framework, Practice
from sevenc.core.domain.bulk import refuse_duplicates
from sevenc.core.domain.errors import ApplicationError, ConflictError
from sevenc.core.services import activity_record
from sevenc.core.versioning import versioned_save, versioned_update
from sevenc.tenancy.models import Client, Workspace

if TYPE_CHECKING:
    from sevenc.accounts.models import User

# What apps above this one do when an assessment is made final, in the same transaction: planning flags the action
# items whose practices did not rise (planning's AppConfig.ready() adds items_review_after_assessment). Assessments
# never import the apps built on them (docs/architecture.md, "Layers").
AFTER_FINALISE: list[Callable[..., Any]] = []

ASSESSMENT_FIELDS = ("title", "period", "assessed_on")


class FinalAssessmentError(ApplicationError):
    status = 409

    def __init__(self, assessment: Assessment) -> None:
        super().__init__(
            f"“{assessment.title}” is final and cannot be changed; start a new assessment from it to make corrections."
        )


def _require_draft(assessment: Assessment) -> None:
    if assessment.status == AssessmentStatus.FINAL:
        raise FinalAssessmentError(assessment)


def _require_same_workspace(workspace: Workspace, *objs: Any) -> None:
    for obj in objs:
        if obj is not None and getattr(obj, "workspace_id", workspace.pk) != workspace.pk:
            raise ApplicationError(f"That {obj._meta.verbose_name} belongs to another workspace.")


def _validate_fields(*, title: str, period: str, assessed_on: Any) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not title:
        problems["title"] = ["Give the assessment a title."]
    elif len(title) > 200:
        problems["title"] = ["At most 200 characters."]
    if len(period) > 20:
        problems["period"] = ["At most 20 characters, e.g. 2026-Q4."]
    if not isinstance(assessed_on, dt.date):
        problems["assessed_on"] = ["Enter a date (YYYY-MM-DD)."]
    return problems


@transaction.atomic
def assessment_create(
    *,
    workspace: Workspace,
    actor: User,
    client: Client,
    framework: Framework,
    title: str,
    assessed_on: dt.date,
    period: str = "",
    copy_from: Assessment | None = None,
) -> Assessment:
    """Create a draft with one (unanswered) answer per practice; ``copy_from`` copies its answers forward
    by practice key (levels, N/A, Unknown, notes and evidence)."""
    _require_same_workspace(workspace, client, copy_from)
    if framework.workspace_id not in (None, workspace.pk):
        raise ApplicationError("That framework belongs to another workspace.")
    if framework.is_draft:
        raise ApplicationError(
            f"{framework.name} {framework.version} is a draft version, which may still change; "
            "publish it before assessing against it.",
            fields={"framework": ["A draft version."]},
        )
    if client.archived:
        raise ApplicationError(f"{client.name} is archived; restore it before assessing it.")
    title, period = (title or "").strip(), (period or "").strip()
    problems = _validate_fields(title=title, period=period, assessed_on=assessed_on)
    if problems:
        raise ApplicationError("Some fields are not valid.", fields=problems)
    if copy_from is not None and copy_from.client_id != client.pk:
        raise ApplicationError("Answers can only be copied from an earlier assessment of the same client.")
    assessment = Assessment.objects.create(
        workspace=workspace,
        client=client,
        framework=framework,
        title=title,
        period=period,
        assessed_on=assessed_on,
        based_on=copy_from,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if copy_from is not None and copy_from.framework_id == framework.pk:
        _answers_copy_same_framework(workspace=workspace, source=copy_from, target=assessment)
    else:
        _answers_create(workspace=workspace, assessment=assessment, framework=framework, copy_from=copy_from)
    targets_copy(from_assessment=copy_from, to_assessment=assessment)  # targets carry forward by key
    summary = f"Assessment “{title}” started for {client.name}"
    if copy_from is not None:
        summary += f" from “{copy_from.title}”"
    activity_record(workspace=workspace, actor=actor, verb="created", obj=assessment, summary=summary)
    return assessment


_COPIED = ("state", "level", "note", "note_shared", "evidence_url", "answered_by_id", "answered_at")


def _answers_copy_same_framework(*, workspace: Workspace, source: Assessment, target: Assessment) -> None:
    """Copy every answer of ``source`` into ``target`` inside the database (one INSERT … SELECT: the usual
    quarterly case, same framework version), then add unanswered rows for any practice the source lacks."""
    table = connection.ops.quote_name(Answer._meta.db_table)
    q = connection.ops.quote_name
    # concrete fields, so each has its column (get_field is typed for relations too)
    copied = ", ".join(q(Answer._meta.get_field(name).column) for name in _COPIED)  # type: ignore[union-attr,arg-type]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({q('workspace_id')}, {q('assessment_id')}, {q('practice_id')}, {copied}, "
            f"{q('rationale')}, {q('version')}) "
            f"SELECT %s, %s, {q('practice_id')}, {copied}, %s, 1 FROM {table} WHERE {q('assessment_id')} = %s",
            [workspace.pk, target.pk, "", source.pk],
        )
    missing = (
        Practice.objects.filter(framework_id=target.framework_id)
        .exclude(pk__in=Answer.objects.filter(assessment=target).values("practice_id"))
        .values_list("pk", flat=True)
    )
    Answer.objects.bulk_create(Answer(workspace=workspace, assessment=target, practice_id=pk) for pk in missing)


def _answers_create(
    *, workspace: Workspace, assessment: Assessment, framework: Framework, copy_from: Assessment | None
) -> None:
    """One answer per practice of ``framework``, copied by practice key from ``copy_from`` (another framework
    version) where it has one, else unanswered."""
    previous: dict[str, Answer] = {}
    if copy_from is not None:
        previous = {
            a.practice.key: a
            for a in Answer.objects.filter(assessment=copy_from)
            .select_related("practice")
            .only(*_COPIED, "practice__key")
        }
    rows = []
    for practice_id, key in Practice.objects.filter(framework=framework).values_list("pk", "key"):
        old = previous.get(key)
        values = {name: getattr(old, name) for name in _COPIED} if old is not None else {}
        rows.append(Answer(workspace=workspace, assessment=assessment, practice_id=practice_id, **values))
    Answer.objects.bulk_create(rows, batch_size=500)


@transaction.atomic
def assessment_update(
    *, workspace: Workspace, actor: User, assessment: Assessment, version: int | None, **fields: Any
) -> Assessment:
    _require_same_workspace(workspace, assessment)
    _require_draft(assessment)
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items() if k in ASSESSMENT_FIELDS}
    for key, value in values.items():
        setattr(assessment, key, value)
    problems = _validate_fields(title=assessment.title, period=assessment.period, assessed_on=assessment.assessed_on)
    if problems:
        raise ApplicationError("Some fields are not valid.", fields=problems)
    # The status is part of the condition: a concurrent finalise wins and this update is refused.
    if Assessment.objects.filter(pk=assessment.pk, status=AssessmentStatus.FINAL).exists():
        raise FinalAssessmentError(assessment)
    versioned_save(assessment, expected_version=version, fields=list(values))
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="updated",
        obj=assessment,
        summary=f"Assessment “{assessment.title}” updated",
    )
    return assessment


@transaction.atomic
def assessment_finalise(
    *, workspace: Workspace, actor: User, assessment: Assessment, version: int | None
) -> Assessment:
    _require_same_workspace(workspace, assessment)
    _require_draft(assessment)
    assessment.status = AssessmentStatus.FINAL
    assessment.finalised_at = timezone.now()
    assessment.finalised_by = actor if getattr(actor, "is_authenticated", False) else None
    versioned_save(assessment, expected_version=version, fields=["status", "finalised_at", "finalised_by"])
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="finalised",
        obj=assessment,
        summary=f"Assessment “{assessment.title}” of {assessment.client.name} made final",
    )
    peer_norm_freeze(workspace=workspace, framework_id=assessment.framework_id, year=assessment.assessed_on.year)
    for after in AFTER_FINALISE:
        after(workspace=workspace, assessment=assessment)
    return assessment


def peer_norm_freeze(*, workspace: Workspace, framework_id: int, year: int) -> PeerNorm | None:
    """Freeze the peer norm of (framework version, year) once enough clients have their latest final assessment
    on that version in that year (scoring.norm_from: ≥ 30 with a spread). Kept from then on; None until then."""
    existing = PeerNorm.objects.for_workspace(workspace).filter(framework_id=framework_id, year=year).first()
    if existing is not None:
        return existing
    latest = selectors.latest_final_assessments(workspace=workspace)
    peers = {client_id for client_id, (_, fid, y) in latest.items() if (fid, y) == (framework_id, year)}
    if len(peers) < scoring.PEER_MINIMUM:
        return None
    scores = selectors.portfolio_scores(workspace=workspace)
    overall = [s for c in peers if c in scores and (s := scores[c].overall.score) is not None]
    norm = scoring.norm_from(overall, minimum=scoring.PEER_MINIMUM)
    if norm is None:
        return None
    frozen = PeerNorm.objects.create(
        workspace=workspace, framework_id=framework_id, year=year, median=norm.median, scale=norm.scale, peers=norm.n
    )
    activity_record(
        workspace=workspace,
        actor=None,
        verb="froze",
        obj=frozen,
        summary=f"Peer norm {year} frozen from {norm.n} clients: median {norm.median:.1f}",
    )
    return frozen


@transaction.atomic
def assessment_delete(*, workspace: Workspace, actor: User, assessment: Assessment) -> None:
    _require_same_workspace(workspace, assessment)
    _require_draft(assessment)
    summary = f"Draft assessment “{assessment.title}” of {assessment.client.name} deleted"
    assessment.delete()
    activity_record(workspace=workspace, actor=actor, verb="deleted", obj=None, summary=summary)


# --- answers -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerChange:
    """One answer to write. ``state``: "level", "na", "unknown" or "" (clear). Fields left None are kept."""

    practice_key: str
    version: int
    state: str | None = None
    level: int | None = None
    note: str | None = None
    note_shared: bool | None = None
    evidence_url: str | None = None


def state_level_problems(state: str | None, level: int | None) -> dict[str, list[str]]:
    """What is wrong with a state/level pair (of an answer or a workshop response); empty when it is fine."""
    problems: dict[str, list[str]] = {}
    if state is not None and state not in AnswerState.values:
        problems["state"] = ["Use level, na, unknown or an empty value."]
    if state == AnswerState.LEVEL:
        if level is None or isinstance(level, bool) or not 0 <= level <= 5:
            problems["level"] = ["A level is a whole number from 0 to 5."]
    elif level is not None:
        problems["level"] = ["A level goes with state “level”."]
    return problems


def _validate_change(change: AnswerChange) -> dict[str, list[str]]:
    problems = state_level_problems(change.state, change.level)
    if change.evidence_url:
        from django.core.exceptions import ValidationError
        from django.core.validators import URLValidator

        try:
            URLValidator()(change.evidence_url)
        except ValidationError:
            problems["evidence_url"] = ["Enter a full web address (https://…)."]
        if len(change.evidence_url) > 500:
            problems["evidence_url"] = ["At most 500 characters."]
    return problems


def _apply(
    *,
    workspace: Workspace,
    actor: User,
    assessment: Assessment,
    change: AnswerChange,
    answers_by_key: dict[str, Answer],
) -> Answer:
    answer = answers_by_key.get(change.practice_key)
    if answer is None:
        raise ApplicationError(
            f"No practice {change.practice_key!r} in this assessment's framework.",
            fields={"practice_key": ["Unknown practice key."]},
        )
    problems = _validate_change(change)
    if problems:
        raise ApplicationError(f"The answer to {change.practice_key} is not valid.", fields=problems)
    values: dict[str, Any] = {}
    if change.state is not None:
        values["state"] = change.state
        values["level"] = change.level if change.state == AnswerState.LEVEL else None
    for name in ("note", "note_shared", "evidence_url"):
        value = getattr(change, name)
        if value is not None:
            values[name] = value.strip() if isinstance(value, str) else value
    now = timezone.now()
    values["answered_at"] = now
    values["answered_by"] = actor if getattr(actor, "is_authenticated", False) else None
    versioned_update(
        answer,
        expected_version=change.version,
        values=values,
        current=lambda: Answer.objects.select_related("practice", "answered_by").get(pk=answer.pk),
        conflict=lambda current: ConflictError(
            f"The answer to “{current.practice.name}” was changed by someone else since you loaded it "
            f"(you had version {change.version}, it is now version {current.version}). Nothing was saved; "
            "the current value is shown.",
            current=current,
        ),
    )
    return answer


def _answers_by_key(assessment: Assessment, keys: list[str]) -> dict[str, Answer]:
    rows = Answer.objects.filter(assessment=assessment, practice__key__in=keys).select_related("practice")
    return {a.practice.key: a for a in rows}


def _lock_draft(assessment: Assessment) -> None:
    """Refuse when the assessment is (or has just become) final; holds its row while answers are written."""
    current = Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("status", flat=True).first()
    if current is None or current == AssessmentStatus.FINAL:
        raise FinalAssessmentError(assessment)


@transaction.atomic
def answer_set(*, workspace: Workspace, actor: User, assessment: Assessment, change: AnswerChange) -> Answer:
    _require_same_workspace(workspace, assessment)
    _require_draft(assessment)
    _lock_draft(assessment)
    return _apply(
        workspace=workspace,
        actor=actor,
        assessment=assessment,
        change=change,
        answers_by_key=_answers_by_key(assessment, [change.practice_key]),
    )


@transaction.atomic
def answers_bulk_set(
    *, workspace: Workspace, actor: User, assessment: Assessment, changes: list[AnswerChange]
) -> list[Answer]:
    """Apply every change or none: the first invalid or stale one rolls the whole batch back."""
    _require_same_workspace(workspace, assessment)
    _require_draft(assessment)
    _lock_draft(assessment)
    keys = [c.practice_key for c in changes]
    refuse_duplicates(keys, field="practice_key", name=lambda key: f"Practice {key}")
    by_key = _answers_by_key(assessment, keys)
    return [
        _apply(workspace=workspace, actor=actor, assessment=assessment, change=c, answers_by_key=by_key)
        for c in changes
    ]
