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
