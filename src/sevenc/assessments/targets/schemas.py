"""API schemas for targets, gaps, the trend and the benchmark (input and output kept apart)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from sevenc.assessments.schemas import ScoreOut, StrictSchema


class TargetIn(StrictSchema):
    version: int | None = Field(
        None,
        description="The target's version you read; omit it to create a new target. "
        "A stale one (or none for an existing target) gets 409 with the "
        "current target.",
    )
    level: float | None = Field(
        None, ge=0, le=5, description="Target maturity level 0–5 (e.g. 3.5); × 20 on the 0–100 score scale."
    )
    importance: float | None = Field(
        None,
        ge=0,
        description="The client's importance weight; replaces the "
        "framework's weight in scores and gaps (0: does "
        "not count).",
    )
    reason: str = Field("", description='"more_revenue", "lower_cost", "continuity", "compliance", "other" or "".')
    reason_note: str = Field("", max_length=2000)
    target_date: dt.date | None = None


class TargetOut(Schema):
    id: int
    assessment_id: int
    scope: str
    key: str
    level: float | None
    importance: float | None
    reason: str
    reason_note: str
    target_date: dt.date | None
    set_by: str | None = None
    version: int
    updated_at: dt.datetime

    @staticmethod
    def resolve_set_by(obj: object) -> str | None:
        user = getattr(obj, "set_by", None)
        return user.email if user is not None else None


class GapOut(Schema):
    scope: str
    key: str
    name: str
    current: float | None = Field(..., description="0–100; None when there is no score (counted as 0).")
    target: float = Field(..., description="Target level × 20 (0–100).")
    gap: float = Field(..., description="max(0, target − current).")
    weight_share: float = Field(
        ..., description="The item's share of the framework's weight (0–1), with the client's importance weights."
    )
    weighted_gap: float = Field(..., description="gap × weight_share: the ITCq points the gap costs.")


class GapSummaryOut(Schema):
    itcq_now: float | None = Field(..., description="The overall score (0–100), with the importance weights.")
    itcq_at_target: float | None = Field(
        ..., description="The overall score with every practice at least at its target (an unknown one counted as 0)."
    )
    points_below_target: float = Field(
        ..., description="Σ of the practices' weighted gaps: the ITCq points to gain by reaching every target."
    )
    worst_blocks: list[GapOut] = Field(..., description="The blocks furthest below their target (gap), at most 3.")
    worst_areas: list[GapOut] = Field(..., description="The areas furthest below their target (gap), at most 3.")
    largest_practices: list[GapOut] = Field(..., description="The practices with the largest weighted gaps, at most 5.")
    below: dict[str, int] = Field(..., description="How many blocks, areas and practices are below their target.")
    targeted: dict[str, int] = Field(..., description="How many blocks, areas and practices have a target.")


class BlockScoreOut(Schema):
    key: str
    score: float | None
    coverage: float
    provisional: bool


class TrendPointOut(Schema):
    assessment_id: int
    title: str
    period: str
    assessed_on: dt.date
    status: str
    is_draft: bool
    provisional: bool = Field(..., description="A draft, or coverage under 70 %.")
    overall: ScoreOut
    blocks: list[BlockScoreOut]


class BenchmarkOut(Schema):
    client_id: int
    client_name: str
    assessment_id: int
    overall_score: float | None
    overall_percentile: float | None = Field(
        ..., description="Percentile rank among the workspace's clients' latest final assessments (0–100)."
    )
    block_percentiles: dict[str, float | None]
    quotient: float | None = Field(..., description="Peer-normed quotient (100 = median), only with ≥ 30 clients.")
