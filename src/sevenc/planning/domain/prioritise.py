"""Action-item value, first-year cost and value for money: which items to do first.

Pure: stdlib only; frozen dataclasses in and out. The value of an item is the number of ITCq points (0–100)
it closes: for every practice it lifts, the levels it gains towards the target, × 20 points a level, × the
practice's share of the framework's weight (``GapRow.weight_share`` in ``sevenc.assessments.domain.gaps``).
docs/planning.md ("Value and prioritisation") has the rules and a worked example.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final

LEVEL_POINTS: Final = 20.0  # a maturity level is worth 20 points on the 0–100 scale (as in assessments.scoring)
MAX_LEVEL: Final = 5
MONTHS_PER_YEAR: Final = 12
PER_AMOUNT: Final = 1000  # value for money is value per 1,000 of currency
_ONE: Final = Decimal(1)
CRITICAL_BLOCKS: Final = frozenset({"continuous"})  # backup, recovery and security: the Continuous block


def critical_work(practices: Iterable[tuple[bool, str]]) -> bool:
    """Whether work on these practices is critical: one (critical flag, block key) pair is a critical practice or a
    practice of the Continuous block. The one rule behind high-priority proposals and unplaced-work warnings."""
    return any(critical or block in CRITICAL_BLOCKS for critical, block in practices)


def _check_level(name: str, level: float | None, *, optional: bool = False) -> None:
    if level is None and optional:
        return
    if level is None or not (math.isfinite(level) and 0 <= level <= MAX_LEVEL):
        raise ValueError(f"{name} must be a level from 0 to {MAX_LEVEL}, got {level!r}")


def _check_money(name: str, amount: Decimal) -> None:
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0:
        raise ValueError(f"{name} must be a Decimal of 0 or more, got {amount!r}")


@dataclass(frozen=True, slots=True)
class Lift:
    """One practice an action item lifts from its current level towards the target."""

    practice_key: str
    block_key: str
    current_level: float | None  # None = unanswered (or unknown), counted as level 0
    target_level: float
    expected_level: float  # the level the practice reaches once the item is done
    weight_share: float  # the practice's share of the whole framework's weight, 0–1

    def __post_init__(self) -> None:
        where = f"lift of {self.practice_key!r}"
        _check_level(f"{where}: current level", self.current_level, optional=True)
        _check_level(f"{where}: target level", self.target_level)
        _check_level(f"{where}: expected level", self.expected_level)
        if not (math.isfinite(self.weight_share) and 0 <= self.weight_share <= 1):
            raise ValueError(f"{where}: weight share must be from 0 to 1, got {self.weight_share!r}")


@dataclass(frozen=True, slots=True)
class Rates:
    """The workspace's hourly rate and the urgency boost for some blocks.

    ``urgency_boost`` is a fraction: 0.5 multiplies the value of lifts in ``boosted_blocks`` by 1.5."""

    hourly_rate: Decimal
    urgency_boost: float = 0.0
    boosted_blocks: frozenset[str] = field(default_factory=lambda: frozenset({"continuous"}))

    def __post_init__(self) -> None:
        _check_money("hourly rate", self.hourly_rate)
        if not (math.isfinite(self.urgency_boost) and self.urgency_boost >= 0):
            raise ValueError(
                f"urgency boost must be a fraction of 0 or more (0.5 = value × 1.5), got {self.urgency_boost!r}"
            )
        if isinstance(self.boosted_blocks, str) or not all(isinstance(b, str) for b in self.boosted_blocks):
            raise ValueError(f"boosted blocks must be a set of block keys, got {self.boosted_blocks!r}")
        object.__setattr__(self, "boosted_blocks", frozenset(self.boosted_blocks))


@dataclass(frozen=True, slots=True)
class ItemInput:
    """An action item as prioritisation sees it: the practices it lifts and what it costs."""

    key: str
    lifts: tuple[Lift, ...]
    one_time_cost: Decimal
    recurring_monthly_cost: Decimal
    effort_hours: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "lifts", tuple(self.lifts))
        _check_money(f"{self.key!r}: one-time cost", self.one_time_cost)
        _check_money(f"{self.key!r}: recurring monthly cost", self.recurring_monthly_cost)
        _check_money(f"{self.key!r}: effort hours", self.effort_hours)


@dataclass(frozen=True, slots=True)
class Priority:
    key: str
    value: float  # ITCq points closed, boosted
    gap_closed: float  # ITCq points closed, without the boost
    cost: Decimal  # first-year cost
    value_for_money: float  # value per 1,000 of first-year cost
    rank: int  # 1 = do first


def gap_closed(lift: Lift) -> float:
    """ITCq points (0–100 scale) the lift closes: the levels gained up to the target × 20 × the weight share."""
    start = max(lift.current_level or 0.0, 0.0)
    levels = max(0.0, min(lift.expected_level, lift.target_level) - start)
    return levels * LEVEL_POINTS * lift.weight_share


def _boost(lift: Lift, rates: Rates) -> float:
    return 1.0 + rates.urgency_boost if lift.block_key in rates.boosted_blocks else 1.0


def _distinct_lifts(item: ItemInput, rates: Rates) -> list[Lift]:
    """One lift per practice: the one with the highest expected level (then the highest value), by practice key."""
    best: dict[str, Lift] = {}
    for lift in item.lifts:
        held = best.get(lift.practice_key)
        if held is None or _lift_rank(lift, rates) > _lift_rank(held, rates):
            best[lift.practice_key] = lift
    return [best[k] for k in sorted(best)]


def _lift_rank(lift: Lift, rates: Rates) -> tuple[float, float]:
    return (lift.expected_level, gap_closed(lift) * _boost(lift, rates))


def item_value(item: ItemInput, rates: Rates) -> float:
    """ITCq points the item closes, lifts in boosted blocks × (1 + boost); a practice counts once."""
    return math.fsum(gap_closed(lift) * _boost(lift, rates) for lift in _distinct_lifts(item, rates))


def item_cost(item: ItemInput, rates: Rates) -> Decimal:
    """First-year cost: one-time + 12 × recurring monthly + effort hours × hourly rate."""
    return item.one_time_cost + MONTHS_PER_YEAR * item.recurring_monthly_cost + item.effort_hours * rates.hourly_rate


def value_for_money(value: float, cost: Decimal) -> float:
    """Value per 1,000 of cost; a cost under 1 counts as 1 (so free items rank by value, without dividing by 0)."""
    return value / float(max(cost, _ONE)) * PER_AMOUNT


def prioritise(items: Iterable[ItemInput], rates: Rates) -> list[Priority]:
    """Items ranked best first: value for money, then value (both descending), then key. Input order is irrelevant."""
    rows: list[Priority] = []
    seen: set[str] = set()
    for item in items:
        if item.key in seen:
            raise ValueError(f"two items have the key {item.key!r}")
        seen.add(item.key)
        lifts = _distinct_lifts(item, rates)
        value = math.fsum(gap_closed(lift) * _boost(lift, rates) for lift in lifts)
        cost = item_cost(item, rates)
        rows.append(
            Priority(
                item.key, value, math.fsum(gap_closed(lift) for lift in lifts), cost, value_for_money(value, cost), 0
            )
        )
    rows.sort(key=lambda p: (-p.value_for_money, -p.value, p.key))
    return [Priority(p.key, p.value, p.gap_closed, p.cost, p.value_for_money, rank) for rank, p in enumerate(rows, 1)]
