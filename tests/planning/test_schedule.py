"""schedule: placing action items in quarters under budget, hours, dependencies and pins (pure: no database)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sevenc.planning.domain import schedule
from sevenc.planning.domain.schedule import (
    Infeasible,
    Problem,
    Quarter,
    Task,
    check,
    greedy,
    plan_value,
    solve,
    validate,
)

FAST = 0.3  # seconds (deterministic time) for the solver in tests


def D(value: str | int) -> Decimal:  # noqa: N802
    return Decimal(value)


def quarters(*budgets: int, hours: int = 100) -> tuple[Quarter, ...]:
    return tuple(Quarter(D(b), D(hours)) for b in budgets)


def task(
    key: str,
    value: float = 1.0,
    one_time: str | int = 0,
    monthly: str | int = 0,
    hours: str | int = 0,
    deps: tuple[str, ...] = (),
    pinned: int | None = None,
) -> Task:
    return Task(key, value, D(one_time), D(monthly), D(hours), deps, pinned)


def reasons(problem: Problem) -> list[str]:
    with pytest.raises(Infeasible) as caught:
        solve(problem, time_limit=FAST)
    with pytest.raises(Infeasible) as caught_greedy:
        greedy(problem)
    assert caught.value.reasons == caught_greedy.value.reasons == tuple(validate(problem))
    assert str(caught.value) == "; ".join(caught.value.reasons)
    return list(caught.value.reasons)


# --- spend, check and plan_value -------------------------------------------------------------------------------


def test_it_charges_recurring_cost_from_its_quarter_onwards() -> None:
    problem = Problem(
        quarters(1000, 1000, 1000),
        (task("a", one_time=100, monthly=10, hours=5), task("b", one_time=50, monthly="2.50", hours=3)),
    )
    result = schedule._schedule(problem, {"a": 0, "b": 1}, "greedy", "")
    assert result.spend == (D(130), D(30) + D(50) + D("7.50"), D(30) + D("7.50"))
    assert result.hours == (D(5), D(3), D(0))


def test_it_values_a_plan_and_its_earliness() -> None:
    problem = Problem(quarters(0, 0, 0, 0), (task("a", 2.0), task("b", 0.5), task("c", 3.0)))
    assert plan_value(problem, {"a": 0, "b": 3}) == (2.5, 2.0 * 3 + 0.5 * 0)
    assert plan_value(problem, {}) == (0.0, 0.0)
    with pytest.raises(ValueError, match="not items of the problem: z"):
        plan_value(problem, {"z": 0})


def test_it_checks_every_rule_of_a_plan() -> None:
    problem = Problem(
        quarters(100, 100, hours=10),
        (
            task("a", one_time=90, hours=8),
            task("b", one_time=20, monthly=1, hours=4),
            task("c", deps=("a",)),
            task("d", deps=("b", "gone", "old")),
            task("e", pinned=0),
            task("f", pinned=1),
        ),
        done=frozenset({"old"}),
    )
    plan = {"a": 1, "b": 1, "c": 0, "d": 1, "f": 0, "x": 0, "g": 5}
    assert check(problem, plan) == [
        "'g' is scheduled but is not an item of the plan",
        "'x' is scheduled but is not an item of the plan",
        "Quarter 1 spends 113.00 in one-time and recurring cost, more than its budget (100.00)",
        "Quarter 1 needs 12 hours, more than its capacity (10 hours)",
        "'c' is scheduled in quarter 0 but depends on 'a', which is scheduled later (quarter 1)",
        "'d' depends on 'gone', which is not in the plan",
        "'e' is pinned to quarter 0 but is not scheduled",
        "'f' is pinned to quarter 1 but is scheduled in quarter 0",
    ]
    assert check(problem, {"a": 0, "c": 0, "e": 0, "f": 1, "b": 1}) == []
    assert check(problem, {"c": 0, "e": 0, "f": 1}) == ["'c' is scheduled but depends on 'a', which is not"]
    assert check(problem, {"a": 2, "e": 0, "f": 1}) == ["'a' is scheduled in quarter 2 but the plan has 2 quarters"]


def test_it_names_items_by_their_title_when_they_have_one() -> None:
    problem = Problem(
        quarters(100, 100),
        (
            Task("7", 1.0, D(0), D(0), D(0), ("8",), 0, "Deploy a SIEM"),
            Task("8", 1.0, D(0), D(0), D(0), ("7",), 1),
            Task("9", 1.0, D(200), D(0), D(0), (), 1, "Replace the firewall"),
        ),
    )
    assert validate(problem) == [
        "Dependency cycle: Deploy a SIEM → 8 → Deploy a SIEM",
        "'Deploy a SIEM' is pinned to quarter 0 but depends on '8', which is pinned to a later quarter (1)",
        "'Replace the firewall' is pinned to quarter 1 but its one-time and recurring cost (200.00) exceed that "
        "quarter's budget (100.00)",
    ]
    assert check(problem, {"7": 0}) == [
        "'Deploy a SIEM' is scheduled but depends on '8', which is not",
        "'8' is pinned to quarter 1 but is not scheduled",
        "'Replace the firewall' is pinned to quarter 1 but is not scheduled",
    ]


def test_it_names_quarters_by_their_label_when_they_have_one() -> None:
    problem = Problem(
        (Quarter(D(10), D(10), "2026-Q1"), Quarter(D(10), D(10), "2026-Q2")), (task("a", one_time=20, pinned=1),)
    )
    assert validate(problem) == [
        "'a' is pinned to 2026-Q2 but its one-time and recurring cost (20.00) exceed that quarter's budget (10.00)"
    ]
    assert check(problem, {"a": 0}) == [
        "2026-Q1 spends 20.00 in one-time and recurring cost, more than its budget (10.00)",
        "'a' is pinned to 2026-Q2 but is scheduled in 2026-Q1",
    ]


# --- greedy ----------------------------------------------------------------------------------------------------


def test_it_places_greedily_by_value_per_cost_in_the_earliest_quarter_that_fits() -> None:
    problem = Problem(
        quarters(100, 100),
        (
            task("big", 10, one_time=100),  # 0.1 per unit of cost
            task("small", 2, one_time=10),  # 0.2: placed first, so big no longer fits in quarter 0
            task("free", 0.5),  # cost under 1 counts as 1: 0.5, first of all
        ),
    )
    result = greedy(problem)
    assert dict(result.plan) == {"small": 0, "free": 0, "big": 1}
    assert result.method == "greedy"
    assert result.value == 12.5
    assert result.earliness == 2 + 0.5
    assert result.unscheduled == ()


def test_it_keeps_room_for_recurring_cost_in_later_quarters() -> None:
    # 'sub' (recurring 3 × 20 = 60 a quarter) fits quarter 0 alone but would break quarter 1 after 'project'.
    problem = Problem(quarters(100, 100), (task("project", 10, one_time=50, pinned=1), task("sub", 1, monthly=20)))
    assert dict(greedy(problem).plan) == {"project": 1}
    assert greedy(problem).unscheduled == ("sub",)
    lighter = Problem(quarters(100, 100), (task("project", 10, one_time=40, pinned=1), task("sub", 1, monthly=20)))
    assert dict(greedy(lighter).plan) == {"sub": 0, "project": 1}


def test_it_repeats_passes_so_an_item_follows_its_dependencies() -> None:
    problem = Problem(
        quarters(100, 100, 100),
        (
            task("base", 1, one_time=90),  # low value per cost, yet 'top' needs it
            task("top", 9, one_time=10, deps=("base",)),  # best value per cost: skipped in the first pass
        ),
    )
    assert dict(greedy(problem).plan) == {"base": 0, "top": 0}


def test_it_counts_done_items_as_satisfied_dependencies() -> None:
    problem = Problem(quarters(100), (task("a", 1, deps=("old",)),), done=frozenset({"old"}))
    assert dict(greedy(problem).plan) == {"a": 0}
    assert dict(solve(problem, time_limit=FAST).plan) == {"a": 0}


def test_it_leaves_out_an_item_that_depends_on_an_unscheduled_one() -> None:
    problem = Problem(quarters(100, 100), (task("huge", 5, one_time=500), task("after", 5, deps=("huge",))))
    for result in (greedy(problem), solve(problem, time_limit=FAST)):
        assert dict(result.plan) == {}
        assert result.unscheduled == ("huge", "after")


# --- solve -----------------------------------------------------------------------------------------------------


def test_it_beats_greedy_when_the_best_value_per_cost_blocks_more_value() -> None:
    problem = Problem(quarters(100), (task("big", 10, one_time=100), task("small", 2, one_time=10)))
    assert dict(greedy(problem).plan) == {"small": 0}
    result = solve(problem, time_limit=FAST)
    assert dict(result.plan) == {"big": 0}
    assert (result.value, result.earliness, result.method) == (10.0, 0.0, "cp-sat optimal")


def test_it_brings_value_forward_when_the_total_is_the_same() -> None:
    # Each quarter holds either 'a' (6) or 'b' + 'c' (6.5): the same total both ways, so the 6.5 goes first.
    problem = Problem(
        (Quarter(D(100), D(10)), Quarter(D(100), D(10))),
        (task("a", 6, one_time=100, hours=1), task("b", 2, one_time=50, hours=5), task("c", 4.5, one_time=50, hours=5)),
    )
    result = solve(problem, time_limit=FAST)
    assert result.value == 12.5
    assert dict(result.plan) == {"b": 0, "c": 0, "a": 1}  # 6.5 in quarter 0 beats 6
    assert result.earliness == 6.5


def test_it_schedules_what_a_pinned_item_depends_on_before_it() -> None:
    problem = Problem(
        quarters(100, 100, 100),
        (
            task("later", 1, one_time=60, deps=("first",), pinned=1),
            task("first", 0, one_time=60),  # no value of its own, but 'later' needs it by quarter 1
            task("other", 5, one_time=60),
        ),
    )
    result = solve(problem, time_limit=FAST)
    assert result.plan["first"] <= 1 and result.plan["later"] == 1
    assert check(problem, result.plan) == []
    assert result.value == 6.0


def test_it_solves_what_the_greedy_baseline_gets_stuck_on() -> None:
    # 'pin' in quarter 1 needs 'b' (50) and 'c' (60); greedy puts 'b' first in quarter 0, then 'c' fits nowhere.
    problem = Problem(
        quarters(60, 50),
        (task("pin", 1, deps=("b", "c"), pinned=1), task("b", 1, one_time=50), task("c", 1, one_time=60)),
    )
    with pytest.raises(
        Infeasible,
        match="The greedy plan could not fit 'c', which 'pin' \\(pinned to quarter 1\\) "
        "depends on, into that quarter or an earlier one",
    ):
        greedy(problem)
    result = solve(problem, time_limit=FAST)
    assert dict(result.plan) == {"c": 0, "b": 1, "pin": 1}
    assert result.method == "cp-sat optimal"


def test_it_explains_when_what_a_pinned_item_depends_on_cannot_fit() -> None:
    problem = Problem(
        quarters(100, 100, 100),
        (
            task("siem", 1, one_time=10, deps=("logging",), pinned=1),
            task("logging", 1, one_time=95),
            task("backup", 1, one_time=95, pinned=0),
        ),
    )
    assert validate(problem) == []  # only the solver can tell
    with pytest.raises(Infeasible) as caught:
        solve(problem, time_limit=FAST)
    assert caught.value.reasons == (
        "'siem' is pinned to quarter 1 but 'logging', which it depends on, does not "
        "fit into the budget and hours left in that quarter or an earlier one",
    )


def test_it_names_every_pinned_item_whose_dependencies_cannot_fit() -> None:
    problem = Problem(
        quarters(100, 100),
        (
            task("p1", deps=("d1",), pinned=0),
            task("p2", deps=("d2",), pinned=1),
            task("d1", one_time=60),
            task("d2", one_time=60),
            task("big", one_time=50, pinned=0),
            task("big2", one_time=50, pinned=1),
        ),
    )
    with pytest.raises(Infeasible) as caught:
        solve(problem, time_limit=FAST)
    assert caught.value.reasons == (
        "The items pinned to a quarter ('p1' to quarter 0 and 'p2' to quarter 1) depend "
        "on items ('d1' and 'd2') that cannot all be fitted into the budget and hours "
        "left in their quarters or earlier ones",
    )


def test_it_falls_back_to_greedy_when_the_solver_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = Problem(quarters(100), (task("a", 1, one_time=10),))
    monkeypatch.setattr(schedule, "_cp_solve", lambda *args: schedule._CpResult("unknown", None))
    result = solve(problem, time_limit=FAST)
    assert (dict(result.plan), result.method) == ({"a": 0}, "greedy")
    assert result.note == "the solver found no plan within 0.3 s"


def test_it_falls_back_to_greedy_when_the_solver_returns_something_worse(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = Problem(quarters(100), (task("a", 5, one_time=100), task("b", 1, one_time=100)))
    monkeypatch.setattr(schedule, "_cp_solve", lambda *args: schedule._CpResult("feasible", {"b": 0}))
    result = solve(problem, time_limit=FAST)
    assert (dict(result.plan), result.method) == (dict(greedy(problem).plan), "greedy")
    assert result.note == "the solver found no better plan within 0.3 s"


def test_it_falls_back_to_greedy_when_the_solver_breaks_a_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = Problem(quarters(100), (task("a", 5, one_time=100), task("b", 5, one_time=100)))
    monkeypatch.setattr(schedule, "_cp_solve", lambda *args: schedule._CpResult("optimal", {"a": 0, "b": 0}))
    assert solve(problem, time_limit=FAST).method == "greedy"


def test_it_says_so_when_neither_the_solver_nor_greedy_finds_a_plan_in_time(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = Problem(
        quarters(60, 50),
        (task("pin", 1, deps=("b", "c"), pinned=1), task("b", 1, one_time=50), task("c", 1, one_time=60)),
    )
    monkeypatch.setattr(schedule, "_cp_solve", lambda *args: schedule._CpResult("unknown", None))
    with pytest.raises(
        Infeasible,
        match="^'pin' is pinned to quarter 1 but the items it depends on \\('b' and 'c'\\) "
        "could not be fitted in before it within 0.3 s: the solver could neither "
        "find a way nor prove that none exists, and the greedy plan could not fit "
        "'c'",
    ):
        solve(problem, time_limit=FAST)


def test_it_places_items_of_no_value_where_they_still_fit() -> None:
    problem = Problem(quarters(100, 100), (task("gain", 5, one_time=80), task("chore", 0, one_time=30)))
    result = solve(problem, time_limit=FAST)
    assert dict(result.plan) == {"gain": 0, "chore": 1}
    assert result.method == "cp-sat optimal"


def test_it_gives_the_same_plan_every_time() -> None:
    """A problem the time limit cuts short (so where the search stops decides the plan): the same plan on every
    run, with one worker and with two. The limit is deterministic time, so this holds however busy the machine
    is; the next test shows the clock has no say."""
    problem = _generated(seed=4, items=30, quarters_=4)
    first = solve(problem, time_limit=0.05)
    assert first.method == "cp-sat feasible" and "ended the search" in first.note  # the limit really binds
    assert [solve(problem, time_limit=0.05) for _ in range(2)] == [first, first]
    parallel = solve(problem, time_limit=0.05, workers=2)
    assert solve(problem, time_limit=0.05, workers=2) == parallel
    assert solve(problem, time_limit=0.05, seed=1) == solve(problem, time_limit=0.05, seed=1)


def test_it_ends_the_search_on_deterministic_time_never_on_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    from ortools.sat.python import cp_model

    seen: list[tuple[float, float, int, bool, int]] = []

    class Recording(cp_model.CpSolver):
        def solve(self, *args: object, **kwargs: object) -> cp_model.CpSolverStatus:
            p = self.parameters
            seen.append(
                (p.max_time_in_seconds, p.max_deterministic_time, p.num_workers, p.interleave_search, p.random_seed)
            )
            return super().solve(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cp_model, "CpSolver", Recording)
    problem = _generated(seed=4, items=12, quarters_=3)
    solve(problem, time_limit=0.5, workers=1, seed=0)
    solve(problem, time_limit=0.5, workers=3, seed=7)
    assert len(seen) == 4  # two phases each: the most value, then the earliest plan with that value
    assert all(wall == float("inf") for wall, *_ in seen)  # no wall-clock limit at all
    assert all(0 < limit <= 0.5 for _, limit, *_ in seen)
    assert [(w, i, s) for *_, w, i, s in seen] == [(1, False, 0), (1, False, 0), (3, True, 7), (3, True, 7)]


def test_it_refuses_a_bad_time_limit_or_worker_count() -> None:
    problem = Problem(quarters(1), ())
    with pytest.raises(ValueError, match="time limit must be a positive number of seconds"):
        solve(problem, time_limit=0)
    with pytest.raises(ValueError, match="workers must be 1 or more"):
        solve(problem, workers=0)


def test_it_plans_nothing_without_quarters() -> None:
    result = solve(Problem((), (task("a"),)), time_limit=FAST)
    assert (dict(result.plan), result.unscheduled, result.spend) == ({}, ("a",), ())


# --- infeasible input ------------------------------------------------------------------------------------------


def test_it_reports_a_dependency_cycle() -> None:
    problem = Problem(
        quarters(100), (task("A", deps=("B",)), task("B", deps=("A",)), task("C", deps=("C",)), task("D", deps=("A",)))
    )
    assert reasons(problem) == ["Dependency cycle: A → B → A", "Dependency cycle: C → C"]


def test_it_reports_a_longer_cycle_once() -> None:
    problem = Problem(quarters(100), (task("b", deps=("c",)), task("c", deps=("a",)), task("a", deps=("b",))))
    assert reasons(problem) == ["Dependency cycle: a → b → c → a"]


def test_it_reports_a_pinned_item_over_the_budget() -> None:
    problem = Problem(quarters(*[10_000] * 8), (task("X", one_time=11_000, monthly=500, pinned=2),))
    assert reasons(problem) == [
        "'X' is pinned to quarter 2 but its one-time and recurring cost (12,500.00) exceed "
        "that quarter's budget (10,000.00)"
    ]


def test_it_reports_pinned_items_jointly_over_the_budget() -> None:
    problem = Problem(
        quarters(1000, 1000, 100),
        (
            task("X", one_time=600, pinned=1),
            task("Y", one_time=300, monthly=50, pinned=1),
            task("Z", monthly=20, pinned=0),
            task("fine", one_time=900, pinned=0),
        ),
    )
    assert reasons(problem) == [
        "'X' and 'Y' are pinned to quarter 1 but their one-time and recurring cost (1,110.00, with the recurring "
        "cost of 'Z', pinned earlier) exceed that quarter's budget (1,000.00)",
        "'Y' and 'Z' are pinned before quarter 2 but their recurring cost there (210.00) exceeds that quarter's "
        "budget (100.00)",
    ]


def test_it_reports_pinned_items_over_the_hours() -> None:
    problem = Problem(
        (Quarter(D(100), D(120)), Quarter(D(100), D("37.5"))),
        (task("X", hours=130, pinned=0), task("Y", hours=20, pinned=1), task("Z", hours="17.75", pinned=1)),
    )
    assert reasons(problem) == [
        "'X' is pinned to quarter 0 but needs 130 hours, more than that quarter's capacity (120 hours)",
        "'Y' and 'Z' are pinned to quarter 1 but need 37.75 hours together, more than that quarter's capacity "
        "(37.5 hours)",
    ]


def test_it_reports_a_pinned_item_before_its_pinned_dependency() -> None:
    problem = Problem(
        quarters(*[100] * 4),
        (
            task("X", deps=("Y",), pinned=1),
            task("Y", pinned=3),
            task("W", deps=("A",), pinned=0),
            task("A", deps=("B",)),
            task("B", deps=("Y",)),
        ),
    )
    assert reasons(problem) == [
        "'X' is pinned to quarter 1 but depends on 'Y', which is pinned to a later quarter (3)",
        "'W' is pinned to quarter 0 but depends, through 'A' and 'B', on 'Y', which is pinned to a later quarter (3)",
    ]


def test_it_reports_an_unknown_dependency() -> None:
    problem = Problem(quarters(100), (task("X", deps=("Z", "done-one")),), done=frozenset({"done-one"}))
    assert reasons(problem) == ["'X' depends on 'Z', which is not in the plan"]


def test_it_reports_a_pin_outside_the_plan() -> None:
    problem = Problem(quarters(*[100] * 8), (task("X", pinned=9), task("Y", pinned=-1)))
    assert reasons(problem) == [
        "'X' is pinned to quarter 9 but the plan has 8 quarters",
        "'Y' is pinned to quarter -1 but the plan has 8 quarters",
    ]
    assert reasons(Problem(quarters(100), (task("X", pinned=1),))) == [
        "'X' is pinned to quarter 1 but the plan has 1 quarter"
    ]


def test_it_reports_duplicate_keys_and_bad_numbers() -> None:
    problem = Problem(
        (Quarter(D(-1), D(10)), Quarter(D(10), D("NaN"))),
        (task("X"), task("X"), Task("Y", -1.0, D("-0.5"), D(-2), D(-3)), Task("Z", float("nan"), D(1), D(0), D(0))),
    )
    assert reasons(problem) == [
        "Quarter 0 has a negative budget (-1.00)",
        "Quarter 1 has an invalid hours capacity (Decimal('NaN'); it must be a Decimal number)",
        "The key 'X' is used by 2 items",
        "'Y' has a negative value (-1.0)",
        "'Y' has a negative one-time cost (-0.50)",
        "'Y' has a negative recurring monthly cost (-2.00)",
        "'Y' has a negative number of hours (-3)",
        "'Z' has an invalid value (nan)",
    ]


def test_it_accepts_a_pinned_item_that_depends_on_an_unpinned_one() -> None:
    problem = Problem(quarters(100, 100), (task("X", deps=("Y",), pinned=0), task("Y")))
    assert validate(problem) == []
    assert dict(solve(problem, time_limit=FAST).plan) == {"X": 0, "Y": 0}
    assert dict(greedy(problem).plan) == {"X": 0, "Y": 0}


# --- properties on random instances ----------------------------------------------------------------------------


@st.composite
def problems(draw: st.DrawFn, max_tasks: int = 12, max_quarters: int = 4, min_tasks: int = 3) -> Problem:
    """Small random plans: budgets that fit a few items a quarter, a DAG of dependencies in any input order, and
    pins (about one item in six) that may or may not be possible. Money in cents, values in quarters of a point."""
    n = draw(st.sampled_from(range(1, max_quarters + 1)))
    plan_quarters = tuple(Quarter(D(draw(st.integers(0, 10_000))) / 100, D(draw(st.integers(0, 30)))) for _ in range(n))
    tasks = []
    for i in range(draw(st.integers(min_tasks, max_tasks))):
        deps = draw(st.lists(st.sampled_from(range(i)), max_size=2, unique=True)) if i else []
        pinned = draw(st.sampled_from(range(n))) if draw(st.sampled_from(range(6))) == 0 else None
        tasks.append(
            Task(
                f"t{i}",
                draw(st.integers(0, 40)) / 4,
                D(draw(st.integers(0, 6000))) / 100,
                D(draw(st.sampled_from([0, 0, 0, 150, 525, 1000]))) / 100,
                D(draw(st.integers(0, 16))),
                tuple(f"t{d}" for d in deps),
                pinned,
            )
        )
    return Problem(plan_quarters, tuple(draw(st.permutations(tasks))))  # dependencies need not come first


def _outcome(fn: object, problem: Problem) -> schedule.Schedule | None:
    try:
        return fn(problem)  # type: ignore[operator, no-any-return]
    except Infeasible:
        return None


@settings(max_examples=150)  # deadline and speed health check off project-wide (tests/conftest.py)
@given(problem=problems())
def test_it_always_keeps_the_rules_and_never_loses_to_greedy(problem: Problem) -> None:
    base = _outcome(greedy, problem)
    best = _outcome(lambda p: solve(p, time_limit=0.2), problem)
    if validate(problem):
        assert base is None and best is None
        return
    if base is not None:
        assert check(problem, base.plan) == []
        assert best is not None  # greedy found a plan, so there is one
    if best is None:
        return
    assert check(problem, best.plan) == []
    assert (best.value, best.earliness) == plan_value(problem, best.plan)
    assert set(best.plan) | set(best.unscheduled) == {t.key for t in problem.tasks}
    assert list(best.unplaced) == list(best.unscheduled)  # every item left out is explained
    assert best.spend == tuple(schedule._totals(problem, best.plan, schedule._task_index(problem))[0])
    if base is not None:
        assert plan_value(problem, best.plan) >= plan_value(problem, base.plan)


def _brute_force(problem: Problem) -> tuple[float, float] | None:
    keys = [t.key for t in problem.tasks]
    best: tuple[float, float] | None = None
    for choice in itertools.product([None, *range(len(problem.quarters))], repeat=len(keys)):
        plan: Mapping[str, int] = {k: q for k, q in zip(keys, choice, strict=True) if q is not None}
        if not check(problem, plan):
            score = plan_value(problem, plan)
            best = score if best is None or score > best else best
    return best


@settings(max_examples=100)
@given(problem=problems(max_tasks=6, max_quarters=2, min_tasks=0))
def test_it_finds_the_optimum_a_brute_force_finds(problem: Problem) -> None:
    if validate(problem):
        return
    optimum = _brute_force(problem)
    best = _outcome(lambda p: solve(p, time_limit=1.0), problem)
    if optimum is None:
        assert best is None
        return
    assert best is not None
    assert best.method == "cp-sat optimal"
    assert (best.value, best.earliness) == optimum


# --- helpers ---------------------------------------------------------------------------------------------------


def _generated(*, seed: int, items: int, quarters_: int) -> Problem:
    import random

    rng = random.Random(seed)
    tasks = []
    for i in range(items):
        deps = tuple(f"i{j}" for j in rng.sample(range(i), min(i, rng.randint(1, 2)))) if rng.random() < 0.2 else ()
        tasks.append(
            Task(
                f"i{i}",
                rng.uniform(0, 2),
                D(rng.randrange(0, 30_000, 10)),
                D(rng.choice([0, 0, rng.randrange(0, 1500, 5)])),
                D(rng.randint(4, 120)),
                deps,
            )
        )
    return Problem(
        tuple(Quarter(D(rng.randrange(40_000, 80_000, 1000)), D(rng.randint(200, 400))) for _ in range(quarters_)),
        tuple(tasks),
    )
