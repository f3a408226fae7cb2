"""The annual operational plan's budget rule: what one action item costs in each quarter of a year. Pure: stdlib
and the pure ``quarters`` module only, frozen dataclasses in and out.

An item scheduled in quarter *q* costs, in each quarter *Q* of year *Y*:

- its one-time cost, when *Q* is *q*;
- 3 × its recurring monthly cost, for every *Q* from *q* on (a subscription keeps running, also into later
  years: an item of 2026-Q3 with a recurring cost costs 3 × that in each quarter of 2027);
- its effort hours, when *Q* is *q*.

An item without a quarter is not scheduled and costs nothing in any quarter. docs/strategy.md describes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sevenc.core.domain import quarters

ZERO = Decimal("0")
MONTHS_PER_QUARTER = 3


@dataclass(frozen=True)
class Money:
    """Cost and hours in each of the four quarters of a year."""

    cost: tuple[Decimal, Decimal, Decimal, Decimal] = (ZERO, ZERO, ZERO, ZERO)
    hours: tuple[Decimal, Decimal, Decimal, Decimal] = (ZERO, ZERO, ZERO, ZERO)

    @property
    def total_cost(self) -> Decimal:
        return sum(self.cost, ZERO)

    @property
    def total_hours(self) -> Decimal:
        return sum(self.hours, ZERO)

    @property
    def is_zero(self) -> bool:
        return not any(self.cost) and not any(self.hours)

    def __add__(self, other: Money) -> Money:
        return Money(
            cost=tuple(a + b for a, b in zip(self.cost, other.cost, strict=True)),  # type: ignore[arg-type]
            hours=tuple(a + b for a, b in zip(self.hours, other.hours, strict=True)),  # type: ignore[arg-type]
        )


def year_quarters(year: int) -> list[str]:
    """``2027`` → ``["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]``."""
    return [quarters.label(year, q) for q in (1, 2, 3, 4)]


def item_money(
    *, year: int, quarter: str, one_time_cost: Decimal, recurring_monthly_cost: Decimal, effort_hours: Decimal
) -> Money:
    """What an item scheduled in ``quarter`` ("" for none) costs in each quarter of ``year`` (the rule above)."""
    if not quarter:
        return Money()
    start = quarters.parse(quarter)
    cost = []
    hours = []
    for q in (1, 2, 3, 4):
        here = (year, q)
        amount = ZERO
        if here == start:
            amount += one_time_cost
        if here >= start:
            amount += MONTHS_PER_QUARTER * recurring_monthly_cost
        cost.append(amount)
        hours.append(effort_hours if here == start else ZERO)
    return Money(cost=tuple(cost), hours=tuple(hours))  # type: ignore[arg-type]


def total(moneys: Iterable[Money]) -> Money:
    out = Money()
    for m in moneys:
        out = out + m
    return out
