"""Action-item proposals from an assessment's gaps. Pure: stdlib only.

One proposal per area that has practices below target, lifting each of those practices to its target
(rounded up to a whole level). Practices that an item the vCIO kept already lifts far enough are left
out, so regenerating never proposes what is planned already. docs/planning.md ("Proposals from gaps").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

from sevenc.planning.domain import prioritise

MAX_LEVEL = 5
_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")


@dataclass(frozen=True, slots=True)
class PracticeGap:
    """A practice below its target in the assessment proposals are made from."""

    practice_key: str
    practice_name: str
    area_key: str
    block_key: str
    current_level: float | None  # None: unanswered or Unknown (counted as 0)
    target_level: float
    weight_share: float
    critical: bool = False

    @property
    def expected_level(self) -> int:
        """The whole level the practice should reach: the target rounded up (3.5 → 4)."""
        return min(MAX_LEVEL, math.ceil(self.target_level - 1e-9))

    @property
    def uplift(self) -> int:
        """Whole levels to climb from the current level (unanswered counts as 0)."""
        return max(0, self.expected_level - math.floor((self.current_level or 0.0) + 1e-9))


@dataclass(frozen=True)
class AreaAdvice:
    title: str
    summary: str
    steps: tuple[str, ...] = ()
    deliverables: tuple[str, ...] = ()
    effort_factor: float = 1.0


@dataclass(frozen=True)
class Library:
    """The recommendation library: advice per area, a sentence per practice (both optional)."""

    areas: Mapping[str, AreaAdvice] = field(default_factory=lambda: MappingProxyType({}))
    practices: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class CostDefaults:
    hours_per_level: Decimal = Decimal("8")
    one_time_cost_per_level: Decimal = Decimal("250")
    recurring_monthly_per_level: Decimal = Decimal("0")

    def __post_init__(self) -> None:
        for name in ("hours_per_level", "one_time_cost_per_level", "recurring_monthly_per_level"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name.replace('_', ' ')} cannot be negative")


@dataclass(frozen=True, slots=True)
class ProposedLift:
    practice_key: str
    expected_level: int
    level_at_start: int | None


@dataclass(frozen=True)
class Proposal:
    area_key: str
    title: str
    description: str
    lifts: tuple[ProposedLift, ...]
    one_time_cost: Decimal
    recurring_monthly_cost: Decimal
    effort_hours: Decimal
    priority: int  # 1 high, 2 medium, 3 low
    weighted_gap: float  # ITCq points the proposal closes (before any urgency boost)


def _level_text(level: float | None) -> str:
    return "unanswered" if level is None else f"{level:g}"


def _description(advice: AreaAdvice | None, gaps: list[PracticeGap], library: Library) -> str:
    parts: list[str] = []
    if advice is not None:
        parts.append(advice.summary)
        if advice.steps:
            parts.append("What we will do:\n" + "\n".join(f"- {s}" for s in advice.steps))
    lines = []
    for g in gaps:
        line = f"- {g.practice_name}: {_level_text(g.current_level)} → {g.expected_level}"
        specific = library.practices.get(g.practice_key)
        if specific:
            line += f". {specific}"
        lines.append(line)
    parts.append("Practices this lifts:\n" + "\n".join(lines))
    if advice is not None and advice.deliverables:
        parts.append("You get:\n" + "\n".join(f"- {d}" for d in advice.deliverables))
    return "\n\n".join(parts)


def _priority(gaps: list[PracticeGap]) -> int:
    if prioritise.critical_work((g.critical, g.block_key) for g in gaps):
        return 1
    if max(g.target_level - (g.current_level or 0.0) for g in gaps) >= 2:
        return 2
    return 3


def propose(
    *,
    gaps: Iterable[PracticeGap],
    covered: Mapping[str, int],
    library: Library,
    costs: CostDefaults,
    area_names: Mapping[str, str],
) -> list[Proposal]:
    """Proposals for every practice below target that no kept item covers.

    ``covered``: practice key → the highest level an item the vCIO kept (accepted, edited, in any status
    but a pending proposal) already lifts it to. A practice is left out when that level reaches its
    expected level. Proposals come worst area first (the weighted gap they close), then by area key."""
    by_area: dict[str, list[PracticeGap]] = {}
    for g in gaps:
        if g.uplift <= 0 or covered.get(g.practice_key, -1) >= g.expected_level:
            continue
        by_area.setdefault(g.area_key, []).append(g)
    out: list[Proposal] = []
    for area_key, area_gaps in by_area.items():
        area_gaps.sort(key=lambda g: (-g.weight_share * (g.target_level - (g.current_level or 0.0)), g.practice_key))
        advice = library.areas.get(area_key)
        factor = Decimal(str(advice.effort_factor if advice else 1.0))
        levels = Decimal(sum(g.uplift for g in area_gaps))
        title = advice.title if advice else f"Lift {area_names.get(area_key, area_key)}"
        weighted = math.fsum(
            max(0.0, g.target_level - (g.current_level or 0.0)) * 20 * g.weight_share for g in area_gaps
        )
        out.append(
            Proposal(
                area_key=area_key,
                title=title,
                description=_description(advice, area_gaps, library),
                lifts=tuple(
                    ProposedLift(
                        g.practice_key,
                        g.expected_level,
                        None if g.current_level is None else math.floor(g.current_level + 1e-9),
                    )
                    for g in area_gaps
                ),
                one_time_cost=(costs.one_time_cost_per_level * levels * factor).quantize(_CENT, ROUND_HALF_UP),
                recurring_monthly_cost=(costs.recurring_monthly_per_level * levels).quantize(_CENT, ROUND_HALF_UP),
                effort_hours=(costs.hours_per_level * levels * factor).quantize(_TENTH, ROUND_HALF_UP),
                priority=_priority(area_gaps),
                weighted_gap=weighted,
            )
        )
    out.sort(key=lambda p: (-p.weighted_gap, p.area_key))
    return out
