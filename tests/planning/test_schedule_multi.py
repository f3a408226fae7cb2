"""schedule: items spanning several quarters, work committed outside the plan, and why items are left out."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sevenc.planning.domain import schedule
from sevenc.planning.domain.schedule import (
    Infeasible,
    Problem,
    Quarter,
    Remedy,
    Task,
    Unplaced,
    check,
    explain,
    greedy,
    plan_value,
    solve,
    spread,
    validate,
)

FAST = 0.2  # seconds (deterministic time) for the solver in tests


def D(value: str | int) -> Decimal:  # noqa: N802
    return Decimal(value)


def quarters(
    *budgets: int, hours: int = 100, committed: tuple[int, ...] = (), labels: bool = False
) -> tuple[Quarter, ...]:
    return tuple(
        Quarter(
            D(b),
            D(hours),
            f"2027-Q{q + 1}" if labels else "",
            D(committed[q]) if q < len(committed) else D(0),
        )
        for q, b in enumerate(budgets)
    )


def task(
    key: str,
    value: float = 1.0,
    one_time: str | int = 0,
    monthly: str | int = 0,
    hours: str | int = 0,
    deps: tuple[str, ...] = (),
    pinned: int | None = None,
    duration: int = 1,
    title: str = "",
) -> Task:
    return Task(key, value, D(one_time), D(monthly), D(hours), deps, pinned, title, duration)


def both(problem: Problem) -> list[schedule.Schedule]:
    return [greedy(problem), solve(problem, time_limit=FAST)]


# --- spread ----------------------------------------------------------------------------------------------------


def test_it_spreads_an_amount_evenly_with_the_remainder_last() -> None:
    assert spread(D(100), 3) == (D("33.33"), D("33.33"), D("33.34"))
    assert spread(D(128), 4) == (D(32), D(32), D(32), D(32))
    assert spread(D("0.05"), 2) == (D("0.02"), D("0.03"))
    assert spread(D("0.005"), 2) == (D(0), D("0.005"))
    assert spread(D("12.5"), 1) == (D("12.5"),)
    assert spread(D(0), 3) == (D(0), D(0), D(0))


def test_it_refuses_to_spread_over_no_quarters() -> None:
    for bad in (0, -1, True, 1.5):
        with pytest.raises(ValueError, match="duration must be a whole number of quarters"):
            spread(D(1), bad)  # type: ignore[arg-type]


@given(cents=st.integers(0, 10**9), duration=st.integers(1, 12))
def test_it_spreads_shares_that_add_up_exactly(cents: int, duration: int) -> None:
    amount = D(cents) / 100
    shares = spread(amount, duration)
    assert len(shares) == duration
    assert sum(shares, D(0)) == amount
    assert all(s == shares[0] for s in shares[:-1])
    assert shares[0] <= shares[-1] < shares[0] + D("0.01") * duration


# --- committed load --------------------------------------------------------------------------------------------


def test_it_plans_in_the_room_committed_work_leaves() -> None:
    problem = Problem(
        (Quarter(D(100), D(10), "", D(60), D(4)), Quarter(D(100), D(10))),
        (task("a", 5, one_time=50, hours=3), task("b", 1, one_time=40, hours=6)),
    )
    for result in both(problem):
        assert dict(result.plan) == {"b": 0, "a": 1}  # 'a' first, but only 40 of quarter 0's 100 are free
        assert result.spend == (D(60) + D(40), D(50))  # committed included, as the roadmap shows it
        assert result.hours == (D(4) + D(6), D(3))
        assert result.unplaced == {}
    assert check(problem, {"b": 0, "a": 1}) == []


def test_it_checks_committed_work_with_the_plan() -> None:
    problem = Problem((Quarter(D(100), D(10), "", D(60), D(4)),), (task("a", one_time=50, hours=7),))
    assert check(problem, {"a": 0}) == [
        "Quarter 0 spends 110.00 in one-time and recurring cost (60.00 of it committed outside the plan), more "
        "than its budget (100.00)",
        "Quarter 0 needs 11 hours (4 of them committed outside the plan), more than its capacity (10 hours)",
    ]


def test_it_accepts_committed_work_over_the_limit_as_a_full_quarter() -> None:
    problem = Problem(
        (Quarter(D(100), D(10), "2027-Q1", D(150), D(12)), Quarter(D(100), D(10), "2027-Q2")),
        (task("free", 1), task("paid", 1, one_time=10), task("busy", 1, hours=1)),
    )
    assert validate(problem) == []
    assert check(problem, {}) == []
    for result in both(problem):
        assert dict(result.plan) == {"free": 0, "paid": 1, "busy": 1}
        assert result.spend == (D(150), D(10))
    assert check(problem, {"paid": 0}) == [
        "2027-Q1 spends 160.00 in one-time and recurring cost (150.00 of it committed outside the plan), more "
        "than its budget (100.00)"
    ]
    reason = explain(Problem(problem.quarters[:1], problem.tasks), {"free": 0})["paid"]
    assert (reason.limit, reason.quarter, reason.short_by) == ("budget", 0, D(10))
    assert reason.reason == (
        "'paid' needs 10.00 in one-time cost; 2027-Q1 has 0.00 free of a 100.00 budget (150.00 committed outside "
        "the plan), 10.00 short."
    )
    assert reason.remedies[0] == Remedy("raise-limit", "Raise 2027-Q1's budget to 160.00 (60.00 more).", 0, D(160))


def test_it_reports_pinned_items_over_what_committed_work_leaves() -> None:
    problem = Problem(
        (Quarter(D(100), D(10), "", D(60), D(8)),),
        (task("X", one_time=50, pinned=0), task("Y", hours=3, pinned=0)),
    )
    assert validate(problem) == [
        "'X' is pinned to quarter 0 but its one-time and recurring cost (50.00) exceed what committed work "
        "leaves of that quarter's budget (40.00 of 100.00)",
        "'Y' is pinned to quarter 0 but needs 3 hours, more than what committed work leaves of that quarter's "
        "capacity (2 of 10 hours)",
    ]


def test_it_reports_bad_committed_amounts() -> None:
    problem = Problem((Quarter(D(100), D(10), "", D(-1), D("NaN")),), ())
    assert validate(problem) == [
        "Quarter 0 has a negative committed spend (-1.00)",
        "Quarter 0 has an invalid number of committed hours (Decimal('NaN'); it must be a Decimal number)",
    ]


# --- spans -----------------------------------------------------------------------------------------------------


def test_it_spreads_one_time_cost_and_hours_over_the_span_and_recurring_cost_to_the_end() -> None:
    problem = Problem(quarters(1000, 1000, 1000, 1000), (task("a", one_time=100, monthly=10, hours=9, duration=3),))
    result = schedule._schedule(problem, {"a": 1}, "greedy", "")
    assert result.spend == (D(0), D("33.33") + 30, D("33.33") + 30, D("33.34") + 30)
    assert result.hours == (D(0), D(3), D(3), D(3))
    assert plan_value(problem, {"a": 1}) == (1.0, 0.0)  # earliness counts the last quarter (3)
    assert plan_value(problem, {"a": 0}) == (1.0, 1.0)


def test_it_places_a_long_item_at_the_earliest_start_where_its_whole_span_fits() -> None:
    problem = Problem(
        quarters(100, 100, 100, 100, hours=10),
        (task("pin", 1, hours=8, pinned=1), task("long", 5, hours=12, duration=3)),  # 4 a quarter
    )
    for result in both(problem):
        assert dict(result.plan) == {"long": 2, "pin": 1} or dict(result.plan) == {"pin": 1}
    assert dict(greedy(problem).plan) == {"pin": 1}  # 2..4 runs past the plan; 0..2 meets 'pin' in quarter 1
    wider = Problem(quarters(*[100] * 5, hours=10), problem.tasks)
    for result in both(wider):
        assert result.plan["long"] == 2
        assert result.hours == (D(0), D(8), D(4), D(4), D(4))


def test_it_starts_a_dependent_item_in_or_after_the_last_quarter_of_its_dependency() -> None:
    problem = Problem(
        quarters(*[100] * 4),
        (task("after", 2, deps=("first",)), task("first", 1, one_time=60, duration=3)),
    )
    for result in both(problem):
        assert dict(result.plan) == {"first": 0, "after": 2}
        assert check(problem, result.plan) == []
    assert check(problem, {"first": 0, "after": 1}) == [
        "'after' is scheduled in quarter 1 but depends on 'first', which finishes later (quarter 2)"
    ]


def test_it_checks_that_a_span_stays_inside_the_plan() -> None:
    problem = Problem(quarters(100, 100), (task("a", duration=2),))
    assert check(problem, {"a": 1}) == [
        "'a' is scheduled to start in quarter 1 but takes 2 quarters, which runs past the end of the plan (2 quarters)"
    ]
    assert check(problem, {"a": 0}) == []


def test_it_prefers_the_solver_plan_that_finishes_value_sooner() -> None:
    # 'long' can run 0-1 or 1-2; 'short' either before or after. Value sooner: 'long' first finishes in 1.
    problem = Problem(
        quarters(100, 100, 100, hours=10),
        (task("long", 6, hours=16, duration=2), task("short", 1, hours=10)),
    )
    result = solve(problem, time_limit=FAST)
    assert dict(result.plan) == {"long": 0, "short": 2}
    assert result.method == "cp-sat optimal"
    assert result.earliness == 6 * 1 + 0


def test_it_validates_durations_and_pinned_spans() -> None:
    problem = Problem(
        quarters(100, 100, 100, labels=True),
        (
            task("a", duration=0),
            Task("b", 1.0, D(0), D(0), D(0), (), None, "", "2"),  # type: ignore[arg-type]
            task("c", pinned=2, duration=2),
            task("d", pinned=1, duration=2),
            task("e", deps=("d",), pinned=1),
        ),
    )
    assert validate(problem) == [
        "'a' has an invalid duration (0; it must be a whole number of quarters, 1 or more)",
        "'b' has an invalid duration ('2'; it must be a whole number of quarters, 1 or more)",
        "'c' is pinned to 2027-Q3 but takes 2 quarters, which runs past the end of the plan (3 quarters)",
        "'e' is pinned to 2027-Q2 but depends on 'd', which is pinned to run until a later quarter (2027-Q3)",
    ]
    with pytest.raises(Infeasible):
        greedy(problem)


def test_it_reports_pinned_spans_over_the_budget_where_they_run() -> None:
    problem = Problem(
        quarters(100, 100, 100),
        (task("X", one_time=300, pinned=0, duration=2), task("Y", one_time=60, pinned=1)),
    )
    assert validate(problem) == [
        "'X' is pinned to quarter 0 but its one-time and recurring cost (150.00) exceed that quarter's budget (100.00)",
        "'X' and 'Y' are pinned to run in quarter 1 but their one-time and recurring cost (210.00) exceed that "
        "quarter's budget (100.00)",
    ]


def test_it_fits_what_a_pinned_item_depends_on_to_finish_before_it() -> None:
    problem = Problem(
        quarters(*[100] * 4, hours=10),
        (task("pin", 1, deps=("prep",), pinned=2), task("prep", 0, hours=15, duration=2)),
    )
    for result in both(problem):
        assert result.plan["prep"] + 1 <= 2
        assert check(problem, result.plan) == []
    tight = Problem(quarters(*[100] * 4, hours=10), (task("pin", 1, deps=("prep",), pinned=0), problem.tasks[1]))
    assert validate(tight) == []
    with pytest.raises(Infeasible, match="'pin' is pinned to quarter 0 but 'prep', which it depends on, does not fit"):
        solve(tight, time_limit=FAST)


# --- explain ---------------------------------------------------------------------------------------------------


def test_it_explains_an_item_too_big_for_any_quarter_and_offers_a_longer_duration_and_a_split() -> None:
    problem = Problem(quarters(*[10_000] * 4, hours=40, labels=True), (task("b", 5, hours=128, title="Backups"),))
    for result in both(problem):
        assert result.unscheduled == ("b",)
        why = result.unplaced["b"]
        assert (why.key, why.limit, why.quarter, why.short_by) == ("b", "hours", 0, D(88))
        assert why.reason == (
            "'Backups' needs 128 hours, more than any quarter's capacity (40 hours); 2027-Q1 has 40 hours free of "
            "40, 88 hours short."
        )
        kinds = {r.kind: r for r in why.remedies}
        assert kinds["raise-limit"] == Remedy(
            "raise-limit", "Raise 2027-Q1's hours capacity to 128 hours (88 more).", 0, D(128)
        )
        assert (kinds["longer-duration"].duration, kinds["longer-duration"].quarter) == (4, 0)
        assert "split" in kinds
    longer = Problem(problem.quarters, (task("b", 5, hours=128, title="Backups", duration=4),))
    for result in both(longer):
        assert dict(result.plan) == {"b": 0}
        assert result.hours == (D(32),) * 4
        assert result.unplaced == {}


def test_it_offers_a_split_when_half_an_item_fits() -> None:
    problem = Problem(
        quarters(100, 100, hours=10),
        (task("fill", 9, hours=4, pinned=0), task("more", 9, hours=4, pinned=1), task("big", 1, hours=10)),
    )
    result = greedy(problem)
    assert dict(result.plan) == {"fill": 0, "more": 1}
    why = result.unplaced["big"]
    assert (why.limit, why.quarter, why.short_by) == ("hours", 0, D(4))
    assert why.reason == "'big' needs 10 hours; quarter 0 has 6 hours free of 10, 4 hours short."
    assert [r.kind for r in why.remedies] == ["raise-limit", "longer-duration", "split"]
    assert why.remedies[1] == Remedy(
        "longer-duration",
        "Give it 2 quarters instead of 1: spread from quarter 0 to quarter 1 (up to 5 hours a quarter), it fits "
        "the room left.",
        0,
        None,
        2,
    )
    assert why.remedies[2] == Remedy(
        "split", "Split it into two items of about 5 hours each: one half fits from quarter 0.", 0
    )


def test_it_explains_an_item_blocked_by_its_own_recurring_cost_later() -> None:
    problem = Problem(
        quarters(100, 100, 100),
        (task("pin", 5, one_time=90, pinned=2), task("sub", 1, monthly=5)),  # 15 a quarter, 10 left in quarter 2
    )
    why = greedy(problem).unplaced["sub"]
    assert (why.limit, why.quarter, why.short_by) == ("budget", 2, D(5))
    assert (
        why.reason
        == "The recurring cost of 'sub' needs 15.00 in quarter 2; quarter 2 has 10.00 free of a 100.00 budget, "
        "5.00 short."
    )
    assert [r.kind for r in why.remedies] == ["raise-limit", "split"]  # a longer duration does not help
    assert why.remedies[1] == Remedy(
        "split", "Split it into two items of about 2.50 a month each: one half fits from quarter 0.", 0
    )
    assert why.remedies[0].amount == D(105)


def test_it_explains_an_item_waiting_on_an_unscheduled_dependency() -> None:
    problem = Problem(
        quarters(100, 100),
        (task("huge", 5, one_time=500, title="Huge"), task("after", 5, deps=("huge", "old"))),
        done=frozenset({"old"}),
    )
    for result in both(problem):
        assert list(result.unplaced) == ["huge", "after"]
        why = result.unplaced["after"]
        assert why == Unplaced(
            "after",
            "dependency",
            None,
            D(0),
            "'after' depends on 'Huge', which is not scheduled.",
            (Remedy("schedule-dependency", "Schedule 'Huge' first; 'after' can follow it."),),
        )
        assert result.unplaced["huge"].limit == "budget"


def test_it_explains_an_item_a_dependency_leaves_no_time_for() -> None:
    problem = Problem(
        quarters(100, 100, 100),
        (task("base", 1, pinned=1, duration=2), task("next", 1, duration=2, deps=("base",))),
    )
    for result in both(problem):
        why = result.unplaced["next"]
        assert (why.limit, why.quarter, why.short_by) == ("dependency", None, D(0))
        assert (
            why.reason
            == "'next' takes 2 quarters, so it must start by quarter 1, but 'base' finishes later (quarter 2)."
        )
        assert why.remedies == (Remedy("schedule-dependency", "Schedule 'base' to finish by quarter 1."),)


def test_it_explains_an_item_longer_than_the_plan() -> None:
    problem = Problem(quarters(100, 100), (task("a", duration=3),))
    for result in both(problem):
        why = result.unplaced["a"]
        assert (why.limit, why.quarter, why.short_by) == ("horizon", None, D(0))
        assert why.reason == "'a' takes 3 quarters, more than the plan's 2 quarters."
        assert [r.kind for r in why.remedies] == ["split"]
    assert validate(problem) == []  # unplaceable, not infeasible


def test_it_picks_the_start_closest_to_fitting() -> None:
    problem = Problem(
        quarters(100, 100, 20), (task("a", 1, one_time=70, pinned=0), task("b", 1, one_time=95, pinned=1))
    )
    why = explain(problem, {"a": 0, "b": 1})
    assert why == {}
    problem = Problem(problem.quarters, (*problem.tasks, task("c", 1, one_time=40)))
    why = explain(problem, {"a": 0, "b": 1})["c"]
    assert (why.limit, why.quarter, why.short_by) == ("budget", 0, D(10))  # 30 free in 0, 5 in 1, 20 in 2


def test_it_says_when_an_item_would_fit_the_plan_as_it_stands() -> None:
    problem = Problem(quarters(100, labels=True), (task("a", one_time=10),))
    why = explain(problem, {})["a"]
    assert (why.quarter, why.short_by, why.remedies) == (0, D(0), ())
    assert why.reason == "'a' fits from 2027-Q1 as the plan stands; nothing stops it."


def test_it_refuses_to_explain_an_invalid_problem_or_a_foreign_key() -> None:
    with pytest.raises(Infeasible):
        explain(Problem(quarters(100), (task("a", duration=0),)), {})
    with pytest.raises(ValueError, match="not items of the problem: z"):
        explain(Problem(quarters(100), (task("a"),)), {"z": 0})


# --- laws on random instances ----------------------------------------------------------------------------------


@st.composite
def problems(draw: st.DrawFn, max_tasks: int = 9, max_quarters: int = 5) -> Problem:
    """Small random plans with durations 1–4, committed work (sometimes over the limit), a DAG of dependencies in
    any input order and pins (about one item in six) that may or may not be possible."""
    n = draw(st.integers(1, max_quarters))
    plan_quarters = tuple(
        Quarter(
            D(draw(st.integers(0, 10_000))) / 100,
            D(draw(st.integers(0, 30))),
            "",
            D(draw(st.sampled_from([0, 0, 0, 2500, 12_000]))) / 100,
            D(draw(st.sampled_from([0, 0, 5, 40]))),
        )
        for _ in range(n)
    )
    tasks = []
    for i in range(draw(st.integers(2, max_tasks))):
        deps = draw(st.lists(st.sampled_from(range(i)), max_size=2, unique=True)) if i else []
        duration = draw(st.sampled_from([1, 1, 2, 3, 4]))
        pinned = draw(st.integers(0, max(0, n - duration))) if draw(st.integers(0, 5)) == 0 else None
        tasks.append(
            Task(
                f"t{i}",
                draw(st.integers(0, 40)) / 4,
                D(draw(st.integers(0, 9000))) / 100,
                D(draw(st.sampled_from([0, 0, 0, 150, 525]))) / 100,
                D(draw(st.integers(0, 30))),
                tuple(f"t{d}" for d in deps),
                pinned,
                "",
                duration,
            )
        )
    return Problem(plan_quarters, tuple(draw(st.permutations(tasks))))


def _laws(problem: Problem, result: schedule.Schedule) -> None:
    n = len(problem.quarters)
    tasks = {t.key: t for t in problem.tasks}
    assert check(problem, result.plan) == []  # (a)
    for key, start in result.plan.items():  # (c) consecutive quarters inside the plan
        assert 0 <= start and start + tasks[key].duration <= n
    for key, start in result.plan.items():  # (d)
        for dep in tasks[key].depends_on:
            if dep not in problem.done:
                assert result.plan[dep] + tasks[dep].duration - 1 <= start
    assert list(result.unplaced) == list(result.unscheduled)  # (e)
    for key, why in result.unplaced.items():
        assert why.key == key and why.reason
        if why.limit in ("budget", "hours"):
            assert why.quarter is not None and 0 <= why.quarter < n and why.short_by > 0
        else:
            assert why.short_by == 0
    spend, hours = schedule._totals(problem, result.plan, tasks)
    assert (result.spend, result.hours) == (tuple(spend), tuple(hours))
    assert (result.value, result.earliness) == plan_value(problem, result.plan)


@settings(max_examples=60)  # deadline and speed health check off project-wide (tests/conftest.py)
@given(problem=problems())
def test_it_keeps_every_rule_with_spans_committed_work_and_pins(problem: Problem) -> None:
    if validate(problem):
        with pytest.raises(Infeasible):
            greedy(problem)
        return
    try:
        base: schedule.Schedule | None = greedy(problem)
    except Infeasible:
        base = None
    try:
        best = solve(problem, time_limit=FAST)
    except Infeasible:
        assert base is None
        return
    if base is not None:
        _laws(problem, base)
        assert plan_value(problem, best.plan) >= plan_value(problem, base.plan)  # (b)
    _laws(problem, best)


def test_it_offers_a_duration_that_fits_the_quarters_limits_when_other_items_fill_them() -> None:
    problem = Problem(
        quarters(*[10_000] * 4, hours=40),
        (task("busy", 9, hours=80, pinned=0, duration=4), task("big", 5, hours=128)),  # 20 hours a quarter left
    )
    why = greedy(problem).unplaced["big"]
    longer = next(r for r in why.remedies if r.kind == "longer-duration")
    assert (longer.duration, longer.quarter) == (4, 0)  # 32 a quarter: over the 20 left, within the 40 of each
    assert longer.text == (
        "Give it 4 quarters instead of 1: about 32 hours a quarter from quarter 0 fits the quarters' limits; "
        "schedule again to weigh it against the items there now."
    )
