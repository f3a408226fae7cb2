"""Reads of assessments and answers; builds the pure scoring inputs. Every read takes ``workspace=`` first."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from sevenc.assessments.domain import scoring
from sevenc.assessments.models import Answer, AnswerState, Assessment, AssessmentStatus, PeerNorm
from sevenc.catalog import selectors as catalog_selectors
from sevenc.catalog.models import Area, Block, MaturityLevel, Practice
from sevenc.core.domain.errors import ApplicationError, NotFoundError
from sevenc.tenancy.models import Client, Membership, Workspace

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def assessment_list(
    *, workspace: Workspace, client: Client | None = None, status: str | None = None
) -> QuerySet[Assessment]:
    qs = Assessment.objects.for_workspace(workspace).select_related("client", "framework")
    if client is not None:
        qs = qs.filter(client=client)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-assessed_on", "-pk")


def assessment_list_with_progress(*, workspace: Workspace, client: Client) -> QuerySet[Assessment]:
    """A client's assessments with answered/total counts, in one query."""
    return assessment_list(workspace=workspace, client=client).annotate(
        answered_count=Count("answers", filter=~Q(answers__state=AnswerState.UNANSWERED)),
        practice_count=Count("answers"),
    )


def assessment_get(*, workspace: Workspace, pk: int) -> Assessment:
    return get_object_or_404(assessment_list(workspace=workspace), pk=pk)


def assessment_previous(*, workspace: Workspace, client: Client) -> Assessment | None:
    """The client's latest assessment (final ones first), to copy answers forward from."""
    qs = assessment_list(workspace=workspace, client=client)
    return qs.filter(status=AssessmentStatus.FINAL).first() or qs.first()


def _answer_queryset(*, workspace: Workspace, assessment: Assessment) -> QuerySet[Answer]:
    return (
        Answer.objects.for_workspace(workspace)
        .filter(assessment=assessment)
        .select_related("practice", "practice__area", "practice__area__block", "answered_by")
    )


def answer_list(*, workspace: Workspace, assessment: Assessment) -> list[Answer]:
    """All answers of an assessment in framework order, each with its practice, area and block: one query.

    The practices (with their areas and blocks) come from a per-process cache of the framework version, which
    never changes once published; only the answer rows (and who answered) are read."""
    practices = framework_practices(framework_id=assessment.framework_id)
    answers = list(Answer.objects.for_workspace(workspace).filter(assessment=assessment).select_related("answered_by"))
    for answer in answers:
        answer.practice = practices[answer.practice_id]
    answers.sort(key=lambda a: practices[a.practice_id].sort_key)  # type: ignore[attr-defined]
    return answers


# --- scoring -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FrameworkIndex:
    """A framework version's scoring tree plus the names to show; frameworks never change once made, so
    one index per framework is built once per process."""

    tree: scoring.Tree
    block_names: dict[str, str]
    area_names: dict[str, str]
    practice_names: dict[str, str]


_INDEXES: dict[int, FrameworkIndex] = {}


def framework_caches_clear() -> None:
    """Forget the per-process framework indexes. Frameworks never change once made and ids are never reused
    in a live database, so only tests need this (a rolled-back SQLite test database reuses ids)."""
    _INDEXES.clear()
    _PRACTICE_KEYS.clear()
    _AREA_KEYS.clear()
    _PRACTICES.clear()
    _LEVELS.clear()


_LEVELS: dict[int, list[MaturityLevel]] = {}


def maturity_levels(*, framework_id: int) -> list[MaturityLevel]:
    """The framework's maturity scale, lowest first, read once per process (a scale never changes)."""
    levels = _LEVELS.get(framework_id)
    if levels is None:
        levels = _LEVELS[framework_id] = list(catalog_selectors.maturity_level_list(framework_id=framework_id))
    return levels


_PRACTICES: dict[int, dict[int, Practice]] = {}


def framework_practices(*, framework_id: int) -> dict[int, Practice]:
    """practice id → the Practice with its area and block loaded, for one framework version, once per process.
    Each carries ``sort_key`` (block, area, practice position): framework order."""
    practices = _PRACTICES.get(framework_id)
    if practices is None:
        practices = {}
        for p in Practice.objects.filter(framework_id=framework_id).select_related("area", "area__block"):
            p.sort_key = (p.area.block.position, p.area.position, p.position)  # type: ignore[attr-defined]
            practices[p.pk] = p
        _PRACTICES[framework_id] = practices
    return practices


def framework_index(*, framework_id: int) -> FrameworkIndex:
    index = _INDEXES.get(framework_id)
    if index is None:
        blocks = list(
            Block.objects.filter(framework_id=framework_id).order_by("position").values_list("key", "name", "weight")
        )
        areas = list(
            Area.objects.filter(framework_id=framework_id)
            .order_by("block__position", "position")
            .values_list("key", "name", "weight", "block__key")
        )
        practices = list(
            Practice.objects.filter(framework_id=framework_id)
            .order_by("area__block__position", "area__position", "position")
            .values_list("key", "name", "weight", "critical", "area__key")
        )
        tree = scoring.Tree(
            blocks=tuple(scoring.BlockSpec(k, w) for k, _, w in blocks),
            areas=tuple(scoring.AreaSpec(k, b, w) for k, _, w, b in areas),
            practices=tuple(scoring.PracticeSpec(k, a, w, c) for k, _, w, c, a in practices),
        )
        index = FrameworkIndex(
            tree, {k: n for k, n, _ in blocks}, {k: n for k, n, _, _ in areas}, {k: n for k, n, _, _, _ in practices}
        )
        _INDEXES[framework_id] = index
    return index


assert (AnswerState.NA.value, AnswerState.UNKNOWN.value) == (scoring.NA, scoring.UNKNOWN)


def answer_value(state: str, level: int | None) -> scoring.Answer | None:
    """A stored answer (state, level) as the scoring engine and the consolidation take it; None: unanswered."""
    if state == AnswerState.LEVEL:
        return level
    if state == AnswerState.NA:
        return scoring.NA
    if state == AnswerState.UNKNOWN:
        return scoring.UNKNOWN
    return None


def assessment_answers(*, workspace: Workspace, assessment: Assessment) -> dict[str, scoring.Answer]:
    """The assessment's answers as the scoring engine takes them (unanswered practices left out): one query."""
    rows = (
        Answer.objects.for_workspace(workspace)
        .filter(assessment=assessment)
        .exclude(state=AnswerState.UNANSWERED)
        .values_list("practice__key", "state", "level")
    )
    out: dict[str, scoring.Answer] = {}
    for key, state, level in rows:
        value = answer_value(state, level)
        if value is not None:
            out[key] = value
    return out


def assessment_scores(
    *, workspace: Workspace, assessment: Assessment, answers: list[Answer] | None = None
) -> scoring.Scores:
    """The assessment's scores; from ``answers`` when the caller has loaded them all already (no query)."""
    index = framework_index(framework_id=assessment.framework_id)
    if answers is None:
        given = assessment_answers(workspace=workspace, assessment=assessment)
    else:
        given = {}
        for a in answers:
            value = answer_value(a.state, a.level)
            if value is not None:
                given[a.practice.key] = value
    return scoring.score(tree=index.tree, answers=given)


# --- for the web pages (assessments/views.py) --------------------------------------------------------------


def scores_document(*, assessment: Assessment, scores: scoring.Scores, index: FrameworkIndex) -> dict[str, Any]:
    """The scores in the REST API's shape (``ScoresOut``, GET /assessments/{id}/scores), also what
    ``sevenc scores --format json`` prints."""
    return {
        "assessment_id": assessment.pk,
        "overall": asdict(scores.overall),
        "blocks": [
            {"key": b.key, "name": index.block_names[b.key], **asdict(scores.blocks[b.key])} for b in index.tree.blocks
        ],
        "areas": [
            {"key": a.key, "block_key": a.block_key, "name": index.area_names[a.key], **asdict(scores.areas[a.key])}
            for a in index.tree.areas
        ],
        "progress": asdict(scores.progress),
    }


def answer_get(*, workspace: Workspace, assessment: Assessment, pk: int) -> Answer:
    """One answer of ``assessment`` with its practice (404 when it belongs to another assessment or workspace)."""
    return get_object_or_404(_answer_queryset(workspace=workspace, assessment=assessment), pk=pk)


def assessment_overall_scores(*, workspace: Workspace, assessments: list[Assessment]) -> dict[int, scoring.Score]:
    """The overall ITCq of several assessments (a client's list page): one query for all their answers."""
    answers: dict[int, dict[str, scoring.Answer]] = {a.pk: {} for a in assessments}
    rows = (
        Answer.objects.for_workspace(workspace)
        .filter(assessment_id__in=list(answers))
        .exclude(state=AnswerState.UNANSWERED)
        .values_list("assessment_id", "practice__key", "state", "level")
    )
    for assessment_id, key, state, level in rows:
        value = answer_value(state, level)
        if value is not None:
            answers[assessment_id][key] = value
    return {
        a.pk: scoring.score(tree=framework_index(framework_id=a.framework_id).tree, answers=answers[a.pk]).overall
        for a in assessments
    }


# --- the portfolio -------------------------------------------------------------------------------------------


class _LatestFinal(TypedDict):
    latest_id: int  # never null: _latest_final keeps only the clients that have one


def _latest_final(*, workspace: Workspace) -> QuerySet[WithAnnotations[Client, _LatestFinal]]:
    latest = (
        Assessment.objects.filter(client=OuterRef("pk"), status=AssessmentStatus.FINAL)
        .order_by("-assessed_on", "-pk")
        .values("pk")[:1]
    )
    return (
        Client.objects.for_workspace(workspace)
        .filter(archived=False)
        .annotate(latest_id=Subquery(latest))
        .filter(latest_id__isnull=False)
    )


def latest_final_assessments(*, workspace: Workspace) -> dict[int, tuple[int, int, int]]:
    """client id → (assessment id, framework id, year) of its latest final assessment: one query."""
    latest_ids = _latest_final(workspace=workspace).values("latest_id")
    rows = (
        Assessment.objects.for_workspace(workspace)
        .filter(pk__in=latest_ids)
        .values_list("client_id", "pk", "framework_id", "assessed_on")
    )
    return {client_id: (pk, framework_id, day.year) for client_id, pk, framework_id, day in rows}


def peer_norms(*, workspace: Workspace) -> dict[tuple[int, int], scoring.Norm]:
    """(framework id, year) → the frozen peer norm (see services.peer_norm_freeze): one query."""
    return {
        (n.framework_id, n.year): scoring.Norm(median=n.median, scale=n.scale, n=n.peers)
        for n in PeerNorm.objects.for_workspace(workspace)
    }


def latest_final_assessment_ids(*, workspace: Workspace) -> dict[int, int]:
    """client id → the id of its latest final assessment, for every active client that has one: one query."""
    return dict(_latest_final(workspace=workspace).values_list("pk", "latest_id"))


def portfolio_scores(*, workspace: Workspace) -> dict[int, scoring.Scores]:
    """client id → the scores of its latest final assessment. Two queries (plus, once per process, a few per
    framework version in use), whatever the number of clients.

    Assessments of a framework whose areas each have one practice weight (the shipped 7C framework) are scored
    from each area's answer counts, which the database adds up (``scoring.score_counts``: the same numbers as
    from the answers); others from their answer rows."""
    latest = latest_final_assessments(workspace=workspace)
    if not latest:
        return {}
    framework_of = {pk: framework_id for pk, framework_id, _ in latest.values()}
    trees = {fid: framework_index(framework_id=fid).tree for fid in set(framework_of.values())}
    by_counts = [pk for pk, fid in framework_of.items() if scoring.counts_scorable(trees[fid])]
    by_rows = [pk for pk, fid in framework_of.items() if not scoring.counts_scorable(trees[fid])]
    scores: dict[int, scoring.Scores] = {}
    if by_counts:
        counts = _area_counts(workspace=workspace, assessment_ids=by_counts, framework_of=framework_of)
        for pk in by_counts:
            scores[pk] = scoring.score_counts(tree=trees[framework_of[pk]], areas=counts[pk])
    if by_rows:
        answers = _answer_maps(workspace=workspace, assessment_ids=by_rows, framework_of=framework_of)
        for pk in by_rows:
            scores[pk] = scoring.score(tree=trees[framework_of[pk]], answers=answers[pk])
    return {client_id: scores[pk] for client_id, (pk, _, _) in latest.items()}


_COUNTS_SQL = """
SELECT a.assessment_id, p.area_id,
       SUM(CASE WHEN a.state = 'level' AND a.level = 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.state = 'level' AND a.level = 1 THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.state = 'level' AND a.level = 2 THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.state = 'level' AND a.level = 3 THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.state = 'level' AND a.level = 4 THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.state = 'level' AND a.level = 5 THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.state = 'unknown' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.state = '' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.state = 'na' THEN 1 ELSE 0 END),
       COALESCE(MIN(CASE WHEN p.critical AND a.state <> 'na' THEN (CASE WHEN a.state = 'level' THEN a.level
                                                                      ELSE -1 END) END), 5)
FROM assessments_answer a JOIN catalog_practice p ON p.id = a.practice_id
WHERE a.workspace_id = %s AND a.assessment_id IN ({ids})
GROUP BY a.assessment_id, p.area_id
"""


def _area_counts(
    *, workspace: Workspace, assessment_ids: list[int], framework_of: dict[int, int]
) -> dict[int, dict[str, tuple[int, ...]]]:
    """assessment id → area key → its ``scoring.AreaCounts`` (as the row's ten integers): one query, the counting
    done by the database."""
    area_keys = {fid: area_key_by_id(framework_id=fid) for fid in {framework_of[pk] for pk in assessment_ids}}
    out: dict[int, dict[str, tuple[int, ...]]] = {pk: {} for pk in assessment_ids}
    sql = _COUNTS_SQL.format(ids=", ".join(["%s"] * len(assessment_ids)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [workspace.pk, *assessment_ids])
        rows = cursor.fetchall()
    if len(area_keys) == 1:  # the usual case: one framework version for every client
        keys = next(iter(area_keys.values()))
        for row in rows:
            out[row[0]][keys[row[1]]] = row[2:]
    else:
        for row in rows:
            out[row[0]][area_keys[framework_of[row[0]]][row[1]]] = row[2:]
    return out


def _answer_maps(
    *, workspace: Workspace, assessment_ids: list[int], framework_of: dict[int, int]
) -> dict[int, dict[str, scoring.Answer]]:
    """assessment id → its answers as the scoring engine takes them: one query."""
    keys = {fid: practice_key_by_id(framework_id=fid) for fid in {framework_of[pk] for pk in assessment_ids}}
    out: dict[int, dict[str, scoring.Answer]] = {pk: {} for pk in assessment_ids}
    rows = (
        Answer.objects.for_workspace(workspace)
        .filter(assessment_id__in=assessment_ids)
        .exclude(state=AnswerState.UNANSWERED)
        .values_list("assessment_id", "practice_id", "state", "level")
    )
    # Read with the plain cursor (the ORM's per-row work would double the time). The stored states "na"/"unknown"
    # are the scoring engine's NA/UNKNOWN, so a row maps to its answer directly.
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for assessment_id, practice_id, state, level in cursor.fetchall():
            out[assessment_id][keys[framework_of[assessment_id]][practice_id]] = (
                level if state == AnswerState.LEVEL else state
            )
    return out


_AREA_KEYS: dict[int, dict[int, str]] = {}


def area_key_by_id(*, framework_id: int) -> dict[int, str]:
    keys = _AREA_KEYS.get(framework_id)
    if keys is None:
        keys = _AREA_KEYS[framework_id] = dict(Area.objects.filter(framework_id=framework_id).values_list("pk", "key"))
    return keys


_PRACTICE_KEYS: dict[int, dict[int, str]] = {}


def practice_key_by_id(*, framework_id: int) -> dict[int, str]:
    keys = _PRACTICE_KEYS.get(framework_id)
    if keys is None:
        keys = _PRACTICE_KEYS[framework_id] = dict(
            Practice.objects.filter(framework_id=framework_id).values_list("pk", "key")
        )
    return keys


# --- the command line's reads, across workspaces ---------------------------------------------------------------
# For the trusted local command line ONLY (``sevenc assessment …``, ``sevenc scores``, ``plan``, ``matrix``).
# Whoever runs ``sevenc`` on the server can read the database directly, so the command line has no workspace
# context: it finds assessments and clients by id or name across every workspace. Never call these from a view,
# the API or the portal; those use the workspace-scoped selectors above, which are the tenant boundary. Errors are
# ApplicationErrors with a message for the command line.


def _with_progress_unscoped(qs: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return qs.select_related("client", "workspace", "framework").annotate(
        answered_count=Count("answers", filter=~Q(answers__state=AnswerState.UNANSWERED)),
        practice_count=Count("answers"),
    )


def assessment_get_unscoped(*, pk: int) -> Assessment:
    """Any workspace's assessment by id, with its client and workspace."""
    assessment = Assessment.objects.select_related("client", "workspace", "framework").filter(pk=pk).first()
    if assessment is None:
        raise NotFoundError(f"no assessment with id {pk}; `sevenc assessment list` shows those there are")
    return assessment


def assessment_list_unscoped(
    *, workspace_slug: str | None = None, client: Client | None = None
) -> QuerySet[Assessment]:
    """Every workspace's assessments (or one workspace's, or one client's), by workspace and client, newest
    first, with answered/practice counts."""
    qs = Assessment.objects.all()
    if client is not None:
        qs = qs.filter(client=client)
    if workspace_slug:
        qs = qs.filter(workspace__slug=workspace_slug)
    return _with_progress_unscoped(qs).order_by("workspace__slug", "client__name", "-assessed_on", "-pk")


def client_get_unscoped(*, workspace_slug: str | None = None, ref: str) -> Client:
    """A client by id or by exact name (case-insensitive), in any workspace or in ``workspace_slug``.

    A name shared by clients of several workspaces is refused with the workspaces to choose from."""
    ref = ref.strip()
    qs = Client.objects.select_related("workspace")
    if workspace_slug:
        qs = qs.filter(workspace__slug=workspace_slug)
    if ref.isdigit():
        by_id = qs.filter(pk=int(ref)).first()
        if by_id is not None:
            return by_id
    matches = list(qs.filter(name__iexact=ref).order_by("workspace__slug", "pk"))
    if not matches:
        where = f" in workspace {workspace_slug!r}" if workspace_slug else ""
        raise NotFoundError(f"no client {ref!r}{where} (give a client id or its exact name)")
    if len(matches) > 1:
        raise ApplicationError(
            f"{ref!r} names clients in several workspaces; add --workspace SLUG",
            fields={"workspace": [f"{c.workspace.slug} ({c.workspace.name}): client id {c.pk}" for c in matches]},
        )
    return matches[0]


def staff_membership_get(*, workspace: Workspace, email: str) -> Membership | None:
    """The workspace's staff membership of the user with this email (case-insensitive), or None."""
    return (
        Membership.objects.for_workspace(workspace)
        .select_related("user")
        .filter(user__email__iexact=email.strip())
        .first()
    )
