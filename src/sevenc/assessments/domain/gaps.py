"""Gap analysis: how far each block, area and practice is below the client's target, weighted by importance.

Pure: stdlib only. Targets are maturity *levels* (0–5, fractions allowed); rows carry them on the 0–100 score
scale (level × 20). docs/scoring.md ("Gaps") has the rules.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal, TypeAlias

from sevenc.assessments.domain.scoring import LEVEL_POINTS, MAX_LEVEL, NO_WEIGHTS, Scores, Tree, Weights

Scope: TypeAlias = Literal["block", "area", "practice"]
SCOPES: Final[tuple[Scope, ...]] = ("block", "area", "practice")
_EMPTY: Mapping[str, float] = MappingProxyType({})


@dataclass(frozen=True)
class Targets:
    """Target levels by key. A practice without its own target inherits its area's, an area its block's."""

    blocks: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    areas: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    practices: Mapping[str, float] = field(default_factory=lambda: _EMPTY)

    def __post_init__(self) -> None:
        for mapping in (self.blocks, self.areas, self.practices):
            for key, level in mapping.items():
                if not (math.isfinite(level) and 0 <= level <= MAX_LEVEL):
                    raise ValueError(f"{key}: target must be a level from 0 to {MAX_LEVEL}, got {level!r}")


@dataclass(frozen=True, slots=True)
class GapRow:
    scope: Scope
    key: str
    current: float | None  # the score, 0–100; None when there is none (counted as 0 in the gap)
    target: float  # target level × 20, 0–100
    gap: float  # max(0, target − current)
    weight_share: float  # the item's share of the whole framework's weight (0–1)
    weighted_gap: float  # gap × weight_share

    @property
    def sort_key(self) -> tuple[float, float, str]:
        return (-self.weighted_gap, -self.gap, self.key)


@dataclass(frozen=True)
class GapReport:
    items: tuple[GapRow, ...]  # every row, worst first

    def rows(self, scope: Scope) -> list[GapRow]:
        """The rows of one scope, worst first: weighted gap, then gap (both descending), then key."""
        return [row for row in self.items if row.scope == scope]


def _row(scope: Scope, key: str, current: float | None, target_level: float, share: float) -> GapRow:
    target = target_level * LEVEL_POINTS
    gap = max(0.0, target - (current if current is not None else 0.0))
    return GapRow(scope, key, current, target, gap, share, gap * share)


def _shares(weights: Mapping[str, float]) -> dict[str, float]:
    total = math.fsum(weights.values())
    return {key: (w / total if total > 0 else 0.0) for key, w in weights.items()}


def gap_analysis(*, tree: Tree, scores: Scores, targets: Targets, weights: Weights | None = None) -> GapReport:
    """Gap rows for every block, area and practice that has a target (own or inherited) and is not N/A.

    ``scores`` must come from ``scoring.score`` on the same tree with the same ``weights``."""
    weights = weights or NO_WEIGHTS
    unknown = sorted(
        (set(targets.blocks) - {b.key for b in tree.blocks})
        | (set(targets.areas) - set(scores.areas))
        | (set(targets.practices) - {p.key for p in tree.practices})
    )
    if unknown:
        raise ValueError(f"targets for keys not in the framework: {', '.join(unknown)}")
    block_w = {b.key: weights.blocks.get(b.key, b.weight) for b in tree.blocks}
    area_w = {a.key: weights.areas.get(a.key, a.weight) for a in tree.areas}
    # Denominators leave out whatever is N/A: N/A practices, areas and blocks that are not applicable.
    block_share = _shares({k: w for k, w in block_w.items() if scores.blocks[k].applicable})
    area_share: dict[str, float] = {}
    for b in tree.blocks:
        within = _shares({k: area_w[k] for k in tree.areas_of(b.key) if scores.areas[k].applicable})
        area_share |= {k: block_share.get(b.key, 0.0) * s for k, s in within.items()}
    practice_w: dict[str, dict[str, float]] = {a.key: {} for a in tree.areas}
    for p in tree.practices:
        if p.key in scores.practices:  # absent = N/A
            practice_w[p.area_key][p.key] = weights.practices.get(p.key, p.weight)
    practice_share: dict[str, float] = {}
    for area_key, ws in practice_w.items():
        practice_share |= {k: area_share.get(area_key, 0.0) * s for k, s in _shares(ws).items()}

    rows: list[GapRow] = []
    for b in tree.blocks:
        level = targets.blocks.get(b.key)
        if level is not None and scores.blocks[b.key].applicable:
            rows.append(_row("block", b.key, scores.blocks[b.key].score, level, block_share.get(b.key, 0.0)))
    area_target: dict[str, float | None] = {}
    for a in tree.areas:
        level = targets.areas.get(a.key, targets.blocks.get(a.block_key))
        area_target[a.key] = level
        if level is not None and scores.areas[a.key].applicable:
            rows.append(_row("area", a.key, scores.areas[a.key].score, level, area_share.get(a.key, 0.0)))
    for p in tree.practices:
        level = targets.practices.get(p.key, area_target[p.area_key])
        if level is not None and p.key in scores.practices:
            rows.append(_row("practice", p.key, scores.practices[p.key], level, practice_share[p.key]))
    rows.sort(key=lambda r: r.sort_key)
    return GapReport(tuple(rows))


def below_target(report: GapReport) -> list[GapRow]:
    """The practices below their target, worst first: the raw material of the action plan."""
    return [row for row in report.rows("practice") if row.gap > 0]


# --- the summary -------------------------------------------------------------------------------------------------


def _furthest(row: GapRow) -> tuple[float, float, str]:
    return (-row.gap, -row.weighted_gap, row.key)


@dataclass(frozen=True)
class GapSummary:
    """What the gap page says first.

    ``worst_blocks`` / ``worst_areas``: those furthest below their target (gap, then weighted gap, both
    descending, then key), at most ``limit`` each, only those with a gap. ``largest_practices``: the practices
    whose gaps cost the most ITCq points (weighted gap, then gap, then key), at most ``practice_limit``.
    ``points_below_target`` = Σ of every practice's weighted gap: the ITCq points the client gains by bringing
    every practice up to its target. ``itcq_now`` is the overall score; ``itcq_at_target`` is the overall score
    with every practice at max(its level, its target) and an unknown practice counted as 0 (the pessimistic
    score plus ``points_below_target``; equal to ``itcq_now`` + ``points_below_target`` when every practice has
    a level). Both are None when nothing counts."""

    worst_blocks: tuple[GapRow, ...]
    worst_areas: tuple[GapRow, ...]
    largest_practices: tuple[GapRow, ...]
    points_below_target: float
    itcq_now: float | None
    itcq_at_target: float | None
    below: Mapping[Scope, int]  # rows with a gap, by scope
    targeted: Mapping[Scope, int]  # rows with a target, by scope


def gap_summary(report: GapReport, scores: Scores, *, limit: int = 3, practice_limit: int = 5) -> GapSummary:
    """The summary of ``report``; ``scores`` must be the scores the report was computed from."""
    if limit < 0 or practice_limit < 0:
        raise ValueError("limits must not be negative")
    below = {scope: [r for r in report.rows(scope) if r.gap > 0] for scope in SCOPES}
    points = math.fsum(r.weighted_gap for r in below["practice"])
    pessimistic = scores.overall.pessimistic
    return GapSummary(
        worst_blocks=tuple(sorted(below["block"], key=_furthest)[:limit]),
        worst_areas=tuple(sorted(below["area"], key=_furthest)[:limit]),
        largest_practices=tuple(below["practice"][:practice_limit]),  # rows() is already worst first
        points_below_target=points,
        itcq_now=scores.overall.score,
        itcq_at_target=None if pessimistic is None else min(pessimistic + points, float(MAX_LEVEL * LEVEL_POINTS)),
        below=MappingProxyType({scope: len(rows) for scope, rows in below.items()}),
        targeted=MappingProxyType({scope: len(report.rows(scope)) for scope in SCOPES}),
    )


# --- showing shares and points ------------------------------------------------------------------------------------


def format_share(share: float, *, decimal_separator: str = ".") -> str | None:
    """A weight share (0–1) as a percentage for people: the one rule every page follows.

    None for a share of exactly 0 (the item does not count; the caller says so in words). Otherwise never a
    zero: under 10 % one decimal ("0.4 %", "7.5 %"), from 10 % a whole number ("12 %"), and "<0.1 %" where one
    decimal would read 0.0."""
    if not math.isfinite(share) or share < 0:
        raise ValueError(f"a share must be a finite number ≥ 0, got {share!r}")
    if share == 0:
        return None
    percent = share * 100
    text = f"{percent:.1f}"
    if float(text) >= 10:
        text = f"{percent:.0f}"
    elif float(text) == 0:
        text = "<0.1"
    return text.replace(".", decimal_separator) + "\u00a0%"


def format_points(points: float, *, decimal_separator: str = ".") -> str:
    """A weighted gap (ITCq points) for people: two decimals, and "<0.01" where two decimals would read 0.00
    for a gap that is not 0."""
    if not math.isfinite(points) or points < 0:
        raise ValueError(f"points must be a finite number ≥ 0, got {points!r}")
    text = f"{points:.2f}"
    if points > 0 and float(text) == 0:
        text = "<0.01"
    return text.replace(".", decimal_separator)
