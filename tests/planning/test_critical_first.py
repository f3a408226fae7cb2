"""Critical work first (planning/domain/critical.py): a large critical project is placed before smaller items worth
more together, every plan keeps the rules, and hypothesis laws over random problems."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sevenc.planning.domain import schedule
from sevenc.planning.domain.critical import critical_first, critical_value, first_pass


def _q(n: int, hours: str = "60", budget: str = "6000") -> tuple[schedule.Quarter, ...]:
    return tuple(schedule.Quarter(Decimal(budget), Decimal(hours), f"Q{i}") for i in range(n))


def _t(key: str, value: float, hours: str, **kw: object) -> schedule.Task:
    return schedule.Task(key, value, Decimal("0"), Decimal("0"), Decimal(hours), **kw)  # type: ignore[arg-type]


def test_a_critical_project_goes_in_before_smaller_items_worth_more() -> None:
    backups = _t("backups", 3.0, "100", duration=2, title="Backups")
    small = [_t(f"s{i}", 1.0, "30") for i in range(8)]  # 8 × 30 h fill 4 quarters of 60 h, worth 8
    problem = schedule.Problem(quarters=_q(4), tasks=(backups, *small))
    plain = schedule.solve(problem, time_limit=0.3)
    assert "backups" not in plain.plan  # value alone prefers the small items
    first = critical_first(problem, {"backups"}, time_limit=0.3)
    assert "backups" in first.plan and schedule.check(problem, first.plan) == []
    assert first.plan["backups"] == 0  # as early as it fits
    greedy = critical_first(problem, {"backups"}, method="greedy")
    assert "backups" in greedy.plan and schedule.check(problem, greedy.plan) == []


def test_without_critical_tasks_it_is_one_ordinary_run() -> None:
    problem = schedule.Problem(quarters=_q(2), tasks=(_t("a", 1.0, "10"), _t("b", 2.0, "60")))
    assert dict(critical_first(problem, set(), time_limit=0.2).plan) == dict(
        schedule.solve(problem, time_limit=0.2).plan
    )


def test_what_a_critical_task_depends_on_is_placed_before_it() -> None:
    dep = _t("policy", 0.0, "20")
    crit = _t("siem", 2.0, "50", depends_on=("policy",))
    filler = [_t(f"f{i}", 1.0, "40") for i in range(3)]
    problem = schedule.Problem(quarters=_q(3), tasks=(crit, dep, *filler))
    result = critical_first(problem, {"siem"}, time_limit=0.3)
    assert "siem" in result.plan and result.plan["policy"] <= result.plan["siem"]
    assert schedule.check(problem, result.plan) == []


@st.composite
def problems(draw: st.DrawFn) -> tuple[schedule.Problem, set[str]]:
    n = draw(st.integers(1, 4))
    quarters = tuple(
        schedule.Quarter(Decimal(draw(st.integers(0, 50))), Decimal(draw(st.integers(0, 40))), f"Q{i}")
        for i in range(n)
    )
    count = draw(st.integers(1, 7))
    tasks = []
    for i in range(count):
        deps = tuple(f"t{j}" for j in draw(st.sets(st.integers(0, i - 1), max_size=2))) if i else ()
        tasks.append(
            schedule.Task(
                f"t{i}",
                float(draw(st.integers(0, 5))),
                Decimal(draw(st.integers(0, 30))),
                Decimal(draw(st.integers(0, 3))),
                Decimal(draw(st.integers(0, 30))),
                depends_on=deps,
                duration=draw(st.integers(1, 2)),
            )
        )
    critical = {t.key for t in tasks if draw(st.booleans())}
    return schedule.Problem(quarters=quarters, tasks=tuple(tasks)), critical


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_laws_critical_first_keeps_every_rule_and_places_at_least_the_critical_value_of_greedy_first(
    case: tuple[schedule.Problem, set[str]],
) -> None:
    problem, critical = case
    result = critical_first(problem, critical, time_limit=0.05)
    assert schedule.check(problem, result.plan) == []
    assert schedule.check(problem, critical_first(problem, critical, method="greedy").plan) == []
    # the critical work the solver holds is never less than what the greedy first pass would place
    greedy_first = first_pass(problem, critical, method="greedy")
    held = critical_value(problem, result.plan, critical)
    assert held >= critical_value(problem, greedy_first.plan, critical) - 1e-9
