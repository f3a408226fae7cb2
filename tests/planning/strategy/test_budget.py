"""The operational plan's budget rule (strategy_budget): pure, no database."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from sevenc.planning.strategy.domain import budget as sb


def test_it_puts_the_one_time_cost_and_hours_in_the_items_quarter_and_recurring_from_then_on() -> None:
    m = sb.item_money(
        year=2027, quarter="2027-Q2", one_time_cost=D("1000"), recurring_monthly_cost=D("100"), effort_hours=D("8")
    )
    assert m.cost == (D("0"), D("1300"), D("300"), D("300"))
    assert m.hours == (D("0"), D("8"), D("0"), D("0"))
    assert (m.total_cost, m.total_hours) == (D("1900"), D("8"))


def test_it_carries_a_recurring_cost_into_later_years_only() -> None:
    earlier = sb.item_money(
        year=2027, quarter="2026-Q3", one_time_cost=D("500"), recurring_monthly_cost=D("20"), effort_hours=D("3")
    )
    assert earlier.cost == (D("60"),) * 4 and earlier.total_hours == 0
    later = sb.item_money(
        year=2027, quarter="2028-Q1", one_time_cost=D("500"), recurring_monthly_cost=D("20"), effort_hours=D("3")
    )
    assert later.is_zero


def test_it_costs_nothing_without_a_quarter() -> None:
    assert sb.item_money(
        year=2027, quarter="", one_time_cost=D("9"), recurring_monthly_cost=D("9"), effort_hours=D("9")
    ).is_zero


def test_it_sums_money_per_quarter() -> None:
    a = sb.Money(cost=(D("1"), D("2"), D("3"), D("4")), hours=(D("1"), D("0"), D("0"), D("0")))
    assert sb.total([a, a, sb.Money()]) == sb.Money(
        cost=(D("2"), D("4"), D("6"), D("8")), hours=(D("2"), D("0"), D("0"), D("0"))
    )
    assert sb.year_quarters(2027) == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]


money = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)


@given(year=st.integers(2000, 2100), start_year=st.integers(2000, 2100), q=st.integers(1, 4), one=money, monthly=money)
def test_it_never_counts_more_than_the_one_time_cost_plus_a_year_of_recurring(
    year: int, start_year: int, q: int, one: D, monthly: D
) -> None:
    m = sb.item_money(
        year=year, quarter=f"{start_year}-Q{q}", one_time_cost=one, recurring_monthly_cost=monthly, effort_hours=D("1")
    )
    assert m.total_cost <= one + 12 * monthly
    assert m.total_hours == (1 if start_year == year else 0)
    if start_year == year:
        assert m.total_cost == one + 3 * monthly * (5 - q)
