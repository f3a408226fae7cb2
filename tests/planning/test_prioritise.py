"""prioritise: the value an action item closes, its first-year cost and the ranking (pure: no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sevenc.planning.domain.prioritise import (
    ItemInput,
    Lift,
    Priority,
    Rates,
    gap_closed,
    item_cost,
    item_value,
    prioritise,
    value_for_money,
)

RATES = Rates(hourly_rate=Decimal("100"))
BOOSTED = Rates(hourly_rate=Decimal("100"), urgency_boost=0.5)


def lift(
    practice: str = "p1",
    *,
    block: str = "contract",
    current: float | None = 1,
    target: float = 3,
    expected: float = 3,
    share: float = 0.05,
) -> Lift:
    return Lift(practice, block, current, target, expected, share)


def item(key: str, *lifts: Lift, one_time: str = "0", monthly: str = "0", hours: str = "0") -> ItemInput:
    return ItemInput(key, tuple(lifts), Decimal(one_time), Decimal(monthly), Decimal(hours))


# --- gap_closed ------------------------------------------------------------------------------------------------


def test_it_closes_the_levels_gained_times_twenty_points_times_the_weight_share() -> None:
    assert gap_closed(lift(current=1, target=3, expected=3, share=0.05)) == pytest.approx(2.0)  # 2 × 20 × 0.05
    assert gap_closed(lift(current=2, target=4, expected=3, share=0.1)) == pytest.approx(2.0)  # 1 × 20 × 0.1
    assert gap_closed(lift(current=0.5, target=2, expected=2, share=0.01)) == pytest.approx(0.3)  # 1.5 × 20 × 0.01


def test_it_counts_an_unanswered_practice_as_level_zero() -> None:
    assert gap_closed(lift(current=None, target=2, expected=2, share=0.02)) == pytest.approx(0.8)
    assert gap_closed(lift(current=None, target=2, expected=2)) == gap_closed(lift(current=0, target=2, expected=2))


def test_it_never_counts_a_lift_beyond_the_target() -> None:
    assert gap_closed(lift(current=1, target=3, expected=5, share=0.05)) == pytest.approx(2.0)
    assert gap_closed(lift(current=3, target=3, expected=5)) == 0.0  # already at target
    assert gap_closed(lift(current=4, target=3, expected=5)) == 0.0  # above target
    assert gap_closed(lift(current=3, target=5, expected=2)) == 0.0  # expected below current: nothing, not less


levels = st.floats(0, 5, allow_nan=False)


@given(current=st.none() | levels, target=levels, expected=levels, share=st.floats(0, 1, allow_nan=False))
def test_it_keeps_the_closed_gap_between_zero_and_the_gap_to_target(
    current: float | None, target: float, expected: float, share: float
) -> None:
    closed = gap_closed(Lift("p", "b", current, target, expected, share))
    assert 0 <= closed <= max(0.0, target - (current or 0)) * 20 * share + 1e-9


# --- item_value ------------------------------------------------------------------------------------------------


def test_it_sums_the_lifts_of_an_item() -> None:
    example = item(
        "a",
        lift("p1", current=1, target=3, expected=4, share=0.05),
        lift("p2", current=None, target=2, expected=2, share=0.02),
    )
    assert item_value(example, RATES) == pytest.approx(2.0 + 0.8)


def test_it_boosts_only_lifts_in_boosted_blocks() -> None:
    example = item(
        "a",
        lift("p1", block="continuous", current=1, target=3, expected=4, share=0.05),
        lift("p2", block="contract", current=None, target=2, expected=2, share=0.02),
    )
    assert item_value(example, BOOSTED) == pytest.approx(2.0 * 1.5 + 0.8)  # 3.8
    elsewhere = Rates(hourly_rate=Decimal("100"), urgency_boost=0.5, boosted_blocks=frozenset({"contract"}))
    assert item_value(example, elsewhere) == pytest.approx(2.0 + 0.8 * 1.5)  # 3.2
    assert item_value(
        example, Rates(hourly_rate=Decimal("100"), urgency_boost=0.5, boosted_blocks=frozenset())
    ) == pytest.approx(2.8)


def test_it_boosts_the_continuous_block_by_default() -> None:
    assert Rates(hourly_rate=Decimal(1)).boosted_blocks == frozenset({"continuous"})
    assert item_value(item("a", lift(block="continuous")), BOOSTED) == pytest.approx(3.0)
    assert item_value(item("a", lift(block="continuous")), RATES) == pytest.approx(2.0)  # boost 0 by default


def test_it_counts_a_practice_lifted_twice_once_with_the_highest_expected_level() -> None:
    twice = item("a", lift("p1", current=1, target=4, expected=2), lift("p1", current=1, target=4, expected=3))
    assert item_value(twice, RATES) == pytest.approx(gap_closed(lift("p1", current=1, target=4, expected=3)))
    reversed_order = item("a", *reversed(twice.lifts))
    assert item_value(reversed_order, RATES) == item_value(twice, RATES)


def test_it_values_an_item_without_lifts_at_zero() -> None:
    assert item_value(item("a"), BOOSTED) == 0.0


# --- item_cost and value for money -----------------------------------------------------------------------------


def test_it_costs_the_first_year_one_time_plus_twelve_months_plus_effort() -> None:
    example = item("a", one_time="2000", monthly="50", hours="10")
    assert item_cost(example, RATES) == Decimal("3600")  # 2000 + 12 × 50 + 10 × 100
    assert item_cost(example, Rates(hourly_rate=Decimal("87.50"))) == Decimal("3475.00")


def test_it_gives_value_per_thousand_of_cost_counting_a_cost_under_one_as_one() -> None:
    assert value_for_money(3.8, Decimal("3600")) == pytest.approx(3.8 / 3600 * 1000)
    assert value_for_money(2.0, Decimal("0")) == pytest.approx(2000.0)
    assert value_for_money(2.0, Decimal("0.50")) == pytest.approx(2000.0)


# --- prioritise ------------------------------------------------------------------------------------------------


def test_it_works_a_whole_example_by_hand() -> None:
    example = item(
        "a",
        lift("p1", block="continuous", current=1, target=3, expected=4, share=0.05),
        lift("p2", current=None, target=2, expected=2, share=0.02),
        one_time="2000",
        monthly="50",
        hours="10",
    )
    [row] = prioritise([example], BOOSTED)
    assert row.key == "a" and row.rank == 1
    assert row.value == pytest.approx(3.8)
    assert row.gap_closed == pytest.approx(2.8)
    assert row.cost == Decimal("3600")
    assert row.value_for_money == pytest.approx(3.8 / 3.6)  # ≈ 1.056 points per 1,000


def test_it_ranks_by_value_for_money_then_value_then_key() -> None:
    one_level = {"current": 0, "target": 1, "expected": 1}  # 20 points × the share; binary-exact numbers below
    items = [
        item("cheap", lift(share=0.25, **one_level), one_time="256"),  # 5 points for 256 → 19.53125 per 1,000
        item("big", lift(share=0.5, **one_level), one_time="512"),  # 10 points for 512: the same, more value
        item("b-tie", lift(share=0.25, **one_level), one_time="256"),  # the same as cheap: the key decides
        item("poor", lift(share=0.25, **one_level), one_time="4096"),
        item("free", lift(share=0.125, **one_level)),  # 2.5 points for nothing → 2,500 per 1,000
        item("nothing", one_time="5"),  # no value
    ]
    ranked = prioritise(items, RATES)
    assert [p.key for p in ranked] == ["free", "big", "b-tie", "cheap", "poor", "nothing"]
    assert [p.rank for p in ranked] == [1, 2, 3, 4, 5, 6]
    assert all(isinstance(p, Priority) for p in ranked)
    assert ranked[1].value_for_money == ranked[2].value_for_money == 19.53125


def test_it_ranks_nothing_when_there_are_no_items() -> None:
    assert prioritise([], RATES) == []


def test_it_refuses_two_items_with_the_same_key() -> None:
    with pytest.raises(ValueError, match="two items have the key 'a'"):
        prioritise([item("a"), item("a")], RATES)


blocks = st.sampled_from(["contract", "continuous", "control"])
lifts = st.builds(
    Lift,
    st.sampled_from(["p1", "p2", "p3", "p4"]),
    blocks,
    st.none() | st.integers(0, 5),
    st.integers(0, 5),
    st.integers(0, 5),
    st.sampled_from([0.0, 0.01, 0.02, 0.05, 0.1]),
)
money = st.integers(0, 5000).map(Decimal)
items_strategy = st.lists(
    st.builds(
        ItemInput,
        st.text("abcdef", min_size=1, max_size=3),
        st.lists(lifts, max_size=4).map(tuple),
        money,
        st.integers(0, 200).map(Decimal),
        st.integers(0, 40).map(Decimal),
    ),
    max_size=12,
    unique_by=lambda i: i.key,
)


@settings(max_examples=100)
@given(items=items_strategy, boost=st.sampled_from([0.0, 0.25, 1.0]), data=st.data())
def test_it_ranks_the_same_whatever_the_input_order(items: list[ItemInput], boost: float, data: st.DataObject) -> None:
    rates = Rates(hourly_rate=Decimal("95"), urgency_boost=boost)
    shuffled = data.draw(st.permutations(items))
    ranked = prioritise(items, rates)
    assert prioritise(shuffled, rates) == ranked
    assert [p.rank for p in ranked] == list(range(1, len(items) + 1))
    keys = [(-p.value_for_money, -p.value, p.key) for p in ranked]
    assert keys == sorted(keys)
    for p in ranked:
        assert p.gap_closed <= p.value <= p.gap_closed * (1 + boost) + 1e-9


# --- validation ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hourly_rate": Decimal("-1")}, "hourly rate must be a Decimal of 0 or more"),
        ({"hourly_rate": Decimal("NaN")}, "hourly rate must be a Decimal of 0 or more"),
        ({"hourly_rate": 100}, "hourly rate must be a Decimal"),
        ({"hourly_rate": Decimal(1), "urgency_boost": -0.1}, r"urgency boost must be a fraction of 0 or more \(0.5"),
        ({"hourly_rate": Decimal(1), "urgency_boost": float("inf")}, "urgency boost must be a fraction"),
        ({"hourly_rate": Decimal(1), "boosted_blocks": "continuous"}, "boosted blocks must be a set of block keys"),
    ],
)
def test_it_validates_rates(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Rates(**kwargs)  # type: ignore[arg-type]


def test_it_accepts_any_set_of_boosted_blocks_and_freezes_it() -> None:
    rates = Rates(hourly_rate=Decimal(1), boosted_blocks={"a", "b"})  # type: ignore[arg-type]
    assert rates.boosted_blocks == frozenset({"a", "b"})


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("one_time_cost", "'x': one-time cost must be a Decimal of 0 or more, got Decimal\\('-1'\\)"),
        ("recurring_monthly_cost", "'x': recurring monthly cost must be a Decimal of 0 or more"),
        ("effort_hours", "'x': effort hours must be a Decimal of 0 or more"),
    ],
)
def test_it_refuses_negative_costs_and_hours(field: str, message: str) -> None:
    values = {"one_time_cost": Decimal(0), "recurring_monthly_cost": Decimal(0), "effort_hours": Decimal(0)}
    values[field] = Decimal(-1)
    with pytest.raises(ValueError, match=message):
        ItemInput("x", (), **values)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"current": 6}, "lift of 'p1': current level must be a level from 0 to 5, got 6"),
        ({"target": -1}, "lift of 'p1': target level must be a level from 0 to 5"),
        ({"expected": float("nan")}, "lift of 'p1': expected level must be a level from 0 to 5"),
        ({"share": 1.5}, "lift of 'p1': weight share must be from 0 to 1, got 1.5"),
    ],
)
def test_it_validates_lifts(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        lift(**kwargs)  # type: ignore[arg-type]
