"""Pages for goal setting and what follows: the targets form, the gap analysis (with the radar), and a
client's ITCq trend with its benchmark among the workspace's clients.

The targets page is one ``<form method=post>`` over every block and area (works with JavaScript off): only the
rows the user changed are saved, all or none; a stale row → 409 showing the stored value beside the user's,
an invalid row → 422 with the row's messages. Every view: parse the input, call one selector or service, render.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from sevenc.assessments import selectors
from sevenc.assessments.domain import scoring
from sevenc.assessments.domain.scoring import LEVEL_POINTS, Score
from sevenc.assessments.models import Assessment
from sevenc.assessments.targets import selectors as target_selectors
from sevenc.assessments.targets import services as targets
from sevenc.assessments.targets.forms import TargetRow, TargetsForm, stored_values, values_digest
from sevenc.assessments.targets.models import TargetReason
from sevenc.assessments.targets.services import TargetConflictError
from sevenc.core.access import request_can, request_workspace, staff_required
from sevenc.core.domain.charts import Point, Series, line_svg, radar_svg
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.domain.roles import Capability
from sevenc.tenancy import selectors as tenancy_selectors

GET_OR_POST = ["GET", "HEAD", "POST"]


# --- the targets form ------------------------------------------------------------------------------------------


def _rows(workspace: Any, assessment: Assessment) -> tuple[list[TargetRow], dict[str, TargetRow], Any]:
    analysis = target_selectors.assessment_gap_analysis(workspace=workspace, assessment=assessment)
    stored = {f"{t.scope}:{t.key}": t for t in target_selectors.target_list(workspace=workspace, assessment=assessment)}
    index = analysis.index
    area_weight = {a.key: a.weight for a in index.tree.areas}
    blocks: list[TargetRow] = []
    by_ref: dict[str, TargetRow] = {}
    n = 0

    def make(scope: str, key: str, name: str, score: Score | None, weight: float, block_name: str = "") -> TargetRow:
        nonlocal n
        t = stored.get(f"{scope}:{key}")
        values = stored_values(t)
        row = TargetRow(
            n,
            scope,
            key,
            name,
            score,
            weight,
            values,
            str(t.version) if t else "",
            values_digest(**values),
            stored=t,
            block_name=block_name,
        )
        by_ref[row.ref] = row
        n += 1
        return row

    for b in index.tree.blocks:
        block = make("block", b.key, index.block_names[b.key], analysis.scores.blocks[b.key], b.weight)
        block.areas = [
            make("area", k, index.area_names[k], analysis.scores.areas[k], area_weight[k], index.block_names[b.key])
            for k in index.tree.areas_of(b.key)
        ]
        blocks.append(block)
    return blocks, by_ref, analysis


def _render_targets(
    request: HttpRequest,
    assessment: Assessment,
    blocks: list[TargetRow],
    analysis: Any,
    *,
    status: int = 200,
    errors: list[str] | None = None,
) -> HttpResponse:
    places = _places(analysis.index)
    practice_targets = [
        (t, analysis.name("practice", t.key), " › ".join(places.get(("practice", t.key), ("", ""))), _code(t.key))
        for t in target_selectors.target_list(
            workspace=request_workspace(request), assessment=assessment, scope="practice"
        )
    ]
    context = {
        "assessment": assessment,
        "client": assessment.client,
        "blocks": blocks,
        "readonly": not request_can(request, Capability.MANAGE_ASSESSMENTS),
        "errors": errors or [],
        "reasons": TargetReason.choices,
        "practice_targets": practice_targets,
        "scores": analysis.scores,
        "weighted": analysis.weights is not None,
    }
    return render(request, "assessments/target_list.html", context, status=status)


@require_http_methods(GET_OR_POST)
@staff_required(Capability.VIEW)
def target_list(request: HttpRequest, assessment_id: int) -> HttpResponse:
    if request.method == "POST":
        return _targets_save(request, assessment_id)
    workspace = request_workspace(request)
    assessment = selectors.assessment_get(workspace=workspace, pk=assessment_id)
    blocks, _by_ref, analysis = _rows(workspace, assessment)
    return _render_targets(request, assessment, blocks, analysis)


@staff_required(Capability.MANAGE_ASSESSMENTS)
def _targets_save(request: HttpRequest, assessment_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    assessment = selectors.assessment_get(workspace=workspace, pk=assessment_id)
    blocks, by_ref, analysis = _rows(workspace, assessment)
    form = TargetsForm(request.POST, by_ref)
    if form.unknown_key is not None:  # not a block or area of this framework (practice targets: through the API)
        return _render_targets(
            request,
            assessment,
            blocks,
            analysis,
            status=422,
            errors=[
                _(
                    "The form names a target “%(key)s” that is not a block or area of this framework; nothing was "
                    "saved. Reload the page."
                )
                % {"key": form.unknown_key}
            ],
        )
    if not form.is_valid():
        return _render_targets(request, assessment, blocks, analysis, status=422, errors=[_problems(form.invalid)])
    changes = form.changes
    try:
        targets.targets_save(workspace=workspace, actor=request.user, assessment=assessment, changes=changes)
    except TargetConflictError as exc:
        form.mark_conflicts(exc)
        return _render_targets(
            request,
            assessment,
            blocks,
            analysis,
            status=409,
            errors=[exc.message + " " + _("Save again to keep yours.")],
        )
    except ApplicationError as exc:
        rows_with_errors = form.add_errors(exc)
        return _render_targets(
            request,
            assessment,
            blocks,
            analysis,
            status=409 if exc.status == 409 else 422,
            errors=[_problems(rows_with_errors) if rows_with_errors else exc.message],
        )
    if changes:
        messages.success(
            request, ngettext("Saved %(n)d target.", "Saved %(n)d targets.", len(changes)) % {"n": len(changes)}
        )
    else:
        messages.info(request, _("Nothing had changed; nothing was saved."))
    if request.POST.get("then") == "gaps":  # "Save and see the gaps"
        return redirect("assessments:gap_analysis", assessment_id=assessment.pk)
    return redirect("assessments:target_list", assessment_id=assessment.pk)


def _problems(n: int) -> str:
    return ngettext(
        "%(n)d row has a problem; nothing was saved. Correct it and save again.",
        "%(n)d rows have problems; nothing was saved. Correct them and save again.",
        n,
    ) % {"n": n}


# --- the gap analysis ----------------------------------------------------------------------------------------------


def _code(key: str) -> str:
    """A practice's number within its area: "05" of "clear.efficient-…-implementation.05"."""
    return key.rsplit(".", 1)[-1]


def _places(index: Any) -> dict[tuple[str, str], tuple[str, ...]]:
    """Where each area and practice stands, by name: (block,) for an area, (block, area) for a practice."""
    area_block = {a.key: a.block_key for a in index.tree.areas}
    places: dict[tuple[str, str], tuple[str, ...]] = {
        ("area", a): (index.block_names[b],) for a, b in area_block.items()
    }
    for p in index.tree.practices:
        places[("practice", p.key)] = (index.block_names[area_block[p.area_key]], index.area_names[p.area_key])
    return places


@dataclass(frozen=True)
class GapLine:
    """One row of a gap table: the catalog's name first, where it stands (its block, and its area for a
    practice), and a practice's number within its area as a small code."""

    scope: str
    name: str
    key: str
    block: str  # the block's name ("" on a block row)
    area: str  # the area's name (practice rows only)
    current: float | None
    target: float
    gap: float
    share: float
    weighted_gap: float

    @property
    def anchor(self) -> str:
        return f"gap-{self.scope}-{self.key}"

    @property
    def code(self) -> str:
        return _code(self.key)


def _gap_lines(analysis: target_selectors.GapAnalysis) -> dict[tuple[str, str], GapLine]:
    places = _places(analysis.index)
    out: dict[tuple[str, str], GapLine] = {}
    for r in analysis.report.items:
        block, area = (*places.get((r.scope, r.key), ()), "", "")[:2]
        out[(r.scope, r.key)] = GapLine(
            r.scope,
            analysis.name(r.scope, r.key),
            r.key,
            block,
            area,
            r.current,
            r.target,
            r.gap,
            r.weight_share,
            r.weighted_gap,
        )
    return out


def _radar(analysis: target_selectors.GapAnalysis, previous: Assessment | None, workspace: Any, client: Any) -> str:
    index = analysis.index
    block_keys = [b.key for b in index.tree.blocks]
    series = [
        Series(_("Current"), [analysis.scores.blocks[k].score for k in block_keys], "current"),
        Series(
            _("Target"),
            [None if (lv := analysis.targets.blocks.get(k)) is None else lv * LEVEL_POINTS for k in block_keys],
            "target",
        ),
    ]
    if previous is not None:
        before = target_selectors.assessment_scores_weighted(
            workspace=workspace, assessment=previous, weights=analysis.weights
        )
        label = _("Previous (%(period)s)") % {"period": previous.period or previous.assessed_on.isoformat()}
        series.append(
            Series(label, [before.blocks[k].score if k in before.blocks else None for k in block_keys], "previous")
        )
    return radar_svg(
        axes=[index.block_names[k] for k in block_keys],
        series=series,
        chart_id="gap-radar",
        title=_("%(client)s: current vs target per block") % {"client": client.name},
    )


@require_safe
@staff_required(Capability.VIEW)
def gap_analysis(request: HttpRequest, assessment_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    assessment = selectors.assessment_get(workspace=workspace, pk=assessment_id)
    analysis = target_selectors.assessment_gap_analysis(workspace=workspace, assessment=assessment)
    previous = target_selectors.assessment_previous_final(workspace=workspace, assessment=assessment)
    lines = _gap_lines(analysis)

    def table(scope: str, only_below: bool = False) -> list[GapLine]:
        return [lines[(scope, r.key)] for r in analysis.report.rows(scope) if not only_below or r.gap > 0]  # type: ignore[arg-type]

    summary = analysis.summary()
    can_propose = analysis.has_targets and request_can(request, Capability.MANAGE_PLANS)
    source = target_selectors.proposals_source(workspace=workspace, client=assessment.client) if can_propose else None
    context = {
        "assessment": assessment,
        "client": assessment.client,
        "analysis": analysis,
        "previous": previous,
        "radar": mark_safe(_radar(analysis, previous, workspace, assessment.client)),  # noqa: S308 - charts escape
        "has_targets": analysis.has_targets,
        "blocks": table("block"),
        "areas": table("area"),
        "practices": table("practice", only_below=True),
        "summary": summary,
        "worst_blocks": [lines[("block", r.key)] for r in summary.worst_blocks],
        "worst_areas": [lines[("area", r.key)] for r in summary.worst_areas],
        "largest_practices": [lines[("practice", r.key)] for r in summary.largest_practices],
        "can_propose": can_propose,
        "proposals_source": source,
    }
    return render(request, "assessments/gap_analysis.html", context)


# --- the trend and benchmark ---------------------------------------------------------------------------------------


@require_safe
@staff_required(Capability.VIEW)
def client_trend(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    trend = target_selectors.client_trend(workspace=workspace, client=client)
    summary = target_selectors.workspace_benchmark_summary(workspace=workspace)
    blocks: list[tuple[str, str]] = []
    if trend:
        index = selectors.framework_index(framework_id=trend[-1].assessment.framework_id)
        blocks = [(b.key, index.block_names[b.key]) for b in index.tree.blocks]
    draft_word = _("draft")
    points = [
        Point(f"{p.label} ({draft_word})" if p.is_draft else p.label, p.scores.overall.score, p.provisional)
        for p in trend
    ]
    block_series = [
        Series(name, [p.scores.blocks[key].score if key in p.scores.blocks else None for p in trend], f"c{i}")
        for i, (key, name) in enumerate(blocks)
    ]
    chart = line_svg(
        points=points,
        series=block_series if len(trend) > 1 else [],
        label=_("ITCq"),
        title=_("ITCq trend of %(client)s") % {"client": client.name},
        chart_id="itcq-trend",
    )
    rows = [(p, [p.scores.blocks.get(key) for key, _n in blocks]) for p in trend]
    percentiles = summary.percentiles.get(client.pk)
    bench_blocks = [(name, percentiles.blocks.get(key)) for key, name in blocks] if percentiles else []
    context = {
        "client": client,
        "trend": trend,
        "rows": rows,
        "blocks": blocks,
        "chart": mark_safe(chart),  # noqa: S308 - charts escape every text they draw
        "benchmark": summary,
        "percentiles": percentiles,
        "bench_blocks": bench_blocks,
        "min_peers": target_selectors.MIN_PEERS,
        "has_final": client.pk in summary.scores,
        "quotient": summary.quotient(client.pk),
        "norm": summary.norm_for(client.pk),
        "norm_minimum": scoring.PEER_MINIMUM,
    }
    return render(request, "assessments/client_trend.html", context)
