"""Targets, gaps, a client's ITCq trend and the workspace benchmark. Mounted at the API root, so its paths are
spelled out in full (/assessments/…, /clients/…, /benchmark)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Status

from sevenc.assessments import selectors
from sevenc.assessments.targets import selectors as target_selectors
from sevenc.assessments.targets import services as targets
from sevenc.assessments.targets.models import Target
from sevenc.assessments.targets.schemas import (
    BenchmarkOut,
    GapOut,
    GapSummaryOut,
    TargetIn,
    TargetOut,
    TrendPointOut,
)
from sevenc.core.api import register_current, require
from sevenc.core.domain.roles import Capability
from sevenc.core.schemas import Id, Key, Version
from sevenc.tenancy import selectors as tenancy_selectors

router = Router(tags=["targets"])
register_current(Target, TargetOut)

Scope = Literal["block", "area", "practice"]


@router.get(
    "/assessments/{assessment_id}/targets",
    response=list[TargetOut],
    operation_id="assessments_target_list",
    summary="The assessment's targets (not paged)",
)
def target_list(request: HttpRequest, assessment_id: Id, scope: Scope | None = None) -> Any:
    m = require(request)
    assessment = selectors.assessment_get(workspace=m.workspace, pk=assessment_id)
    return target_selectors.target_list(workspace=m.workspace, assessment=assessment, scope=scope)


@router.put(
    "/assessments/{assessment_id}/targets/{scope}/{key}",
    response=TargetOut,
    operation_id="assessments_target_set",
    summary="Create a target (no `version`) or change it (the `version` you read; stale → 409). "
    "Allowed on a final assessment: the workshop follows the measurement",
)
def target_set(request: HttpRequest, assessment_id: Id, scope: Scope, key: Key, payload: TargetIn) -> Any:
    m = require(request, Capability.MANAGE_ASSESSMENTS)
    assessment = selectors.assessment_get(workspace=m.workspace, pk=assessment_id)
    return targets.target_set(
        workspace=m.workspace, actor=m.user, assessment=assessment, scope=scope, key=key, **payload.dict()
    )


@router.delete(
    "/assessments/{assessment_id}/targets/{scope}/{key}",
    response={204: None},
    operation_id="assessments_target_delete",
    summary="Remove a target (`?version=` optional: when given it must be current)",
)
def target_delete(
    request: HttpRequest, assessment_id: Id, scope: Scope, key: Key, version: Version | None = None
) -> Status[None]:
    m = require(request, Capability.MANAGE_ASSESSMENTS)
    assessment = selectors.assessment_get(workspace=m.workspace, pk=assessment_id)
    target = target_selectors.target_get(workspace=m.workspace, assessment=assessment, scope=scope, key=key)
    targets.target_delete(workspace=m.workspace, actor=m.user, target=target, version=version)
    return Status(204, None)


@router.get(
    "/assessments/{assessment_id}/gaps",
    response=list[GapOut],
    operation_id="assessments_gap_list",
    summary="Gaps to the targets, worst first (weighted gap, then gap); scores use the importance weights",
)
def gap_list(request: HttpRequest, assessment_id: Id, scope: Scope | None = None) -> Any:
    m = require(request)
    assessment = selectors.assessment_get(workspace=m.workspace, pk=assessment_id)
    analysis = target_selectors.assessment_gap_analysis(workspace=m.workspace, assessment=assessment)
    rows = analysis.report.rows(scope) if scope else list(analysis.report.items)
    return [{**asdict(r), "name": analysis.name(r.scope, r.key)} for r in rows]


@router.get(
    "/assessments/{assessment_id}/gaps/summary",
    response=GapSummaryOut,
    operation_id="assessments_gap_summary",
    summary="What the gap analysis opens with: worst blocks and areas, largest weighted gaps, the gap to target",
)
def gap_summary(request: HttpRequest, assessment_id: Id) -> Any:
    m = require(request)
    assessment = selectors.assessment_get(workspace=m.workspace, pk=assessment_id)
    analysis = target_selectors.assessment_gap_analysis(workspace=m.workspace, assessment=assessment)
    s = analysis.summary()

    def rows(items: Any) -> list[dict[str, Any]]:
        return [{**asdict(r), "name": analysis.name(r.scope, r.key)} for r in items]

    return {
        "itcq_now": s.itcq_now,
        "itcq_at_target": s.itcq_at_target,
        "points_below_target": s.points_below_target,
        "worst_blocks": rows(s.worst_blocks),
        "worst_areas": rows(s.worst_areas),
        "largest_practices": rows(s.largest_practices),
        "below": dict(s.below),
        "targeted": dict(s.targeted),
    }


@router.get(
    "/clients/{client_id}/trend",
    response=list[TrendPointOut],
    operation_id="tenancy_client_trend",
    summary="The client's ITCq across its final assessments, oldest first, then its latest draft",
)
def client_trend(request: HttpRequest, client_id: Id) -> Any:
    m = require(request)
    client = tenancy_selectors.client_get(workspace=m.workspace, pk=client_id)
    out = []
    for p in target_selectors.client_trend(workspace=m.workspace, client=client):
        a = p.assessment
        out.append(
            {
                "assessment_id": a.pk,
                "title": a.title,
                "period": a.period,
                "assessed_on": a.assessed_on,
                "status": a.status,
                "is_draft": p.is_draft,
                "provisional": p.provisional,
                "overall": asdict(p.scores.overall),
                "blocks": [
                    {"key": k, "score": s.score, "coverage": s.coverage, "provisional": s.provisional}
                    for k, s in p.scores.blocks.items()
                ],
            }
        )
    return out


@router.get(
    "/benchmark",
    response=list[BenchmarkOut],
    operation_id="assessments_benchmark",
    summary="Each client's percentile ranks among the workspace's clients' latest final assessments "
    "(empty with fewer than 2 such clients)",
)
def benchmark(request: HttpRequest) -> Any:
    m = require(request)
    summary = target_selectors.workspace_benchmark_summary(workspace=m.workspace)
    latest = selectors.latest_final_assessment_ids(workspace=m.workspace)
    names = dict(tenancy_selectors.client_list(workspace=m.workspace).values_list("pk", "name"))
    return [
        {
            "client_id": cid,
            "client_name": names.get(cid, ""),
            "assessment_id": latest.get(cid),
            "overall_score": summary.scores[cid].overall.score,
            "overall_percentile": p.overall,
            "block_percentiles": dict(p.blocks),
            "quotient": summary.quotient(cid),
        }
        for cid, p in sorted(summary.percentiles.items(), key=lambda kv: names.get(kv[0], ""))
    ]
