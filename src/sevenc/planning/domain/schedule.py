"""Scheduling action items into quarters under budget, hours, dependencies and pins.

Pure: stdlib and OR-Tools only; frozen dataclasses in and out, no clock: the solver's time limit is CP-SAT's
deterministic time (a count of work done), so the same input gives the same plan however busy the machine is.
``greedy`` is the baseline, ``solve`` the CP-SAT optimiser that is never worse than it; ``validate`` explains
input that cannot be planned and ``check`` lists every rule a plan breaks. docs/planning.md ("Scheduling")
has the rules, the objective and the messages.

Quarters are numbered from 0. Money is ``Decimal``; values are floats (ITCq points from ``prioritise``).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from graphlib import TopologicalSorter
from types import MappingProxyType
from typing import Any, Final, Literal

MONTHS_PER_QUARTER: Final = 3
MONTHS_PER_YEAR: Final = 12
_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
_HUNDRED: Final = Decimal(100)
VALUE_DIGITS: Final = 6  # the solver sees values rounded to 6 decimals (fewer only for huge totals)
PHASE_ONE_SHARE: Final = 0.6  # of the time limit, for maximising value; earliness gets the rest

Method = Literal["cp-sat optimal", "cp-sat feasible", "greedy"]


# ---------------------------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True, slots=True)
class Quarter:
    budget: Decimal  # money available in the quarter, for one-time and recurring cost
    hours: Decimal  # the hours capacity
    label: str = ""  # e.g. "2026-Q3" for messages; "quarter <index>" when empty


@dataclass(frozen=True, slots=True)
class Task:
    key: str
    value: float  # what doing it is worth, e.g. ITCq points (prioritise.item_value); 0 or more
    one_time_cost: Decimal  # spent in the quarter the task is placed in
    recurring_monthly_cost: Decimal  # runs from that quarter to the end of the plan (3 months a quarter)
    hours: Decimal  # needed in the quarter the task is placed in
    depends_on: tuple[str, ...] = ()  # keys that must be done or placed in the same or an earlier quarter
    pinned: int | None = None  # the quarter index the task must be placed in
    title: str = ""  # e.g. "Deploy a SIEM" for messages; the key when empty

    def __post_init__(self) -> None:
        object.__setattr__(self, "depends_on", tuple(self.depends_on))


@dataclass(frozen=True)
class Problem:
    quarters: tuple[Quarter, ...]
    tasks: tuple[Task, ...]
    done: frozenset[str] = frozenset()  # items already done or outside the plan: dependencies on them hold

    def __post_init__(self) -> None:
        object.__setattr__(self, "quarters", tuple(self.quarters))
        object.__setattr__(self, "tasks", tuple(self.tasks))
        object.__setattr__(self, "done", frozenset(self.done))


@dataclass(frozen=True)
class Schedule:
    plan: Mapping[str, int]  # key → quarter index of every scheduled task, by quarter then input order
    value: float  # total value of the scheduled tasks
    earliness: float  # Σ value × (quarters − 1 − quarter): higher = value sooner
    method: Method
    spend: tuple[Decimal, ...]  # per quarter: one-time cost placed there + recurring cost of all placed so far
    hours: tuple[Decimal, ...]  # per quarter
    unscheduled: tuple[str, ...]  # in input order
    note: str = ""  # why the method is what it is, when it is not "cp-sat optimal"


class Infeasible(Exception):
    """The problem cannot be planned; ``reasons`` says why, one plain sentence each."""

    def __init__(self, reasons: Iterable[str]) -> None:
        self.reasons: tuple[str, ...] = tuple(reasons)
        super().__init__("; ".join(self.reasons))


# ---------------------------------------------------------------------------------------------------------------
# Wording


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _hours(amount: Decimal) -> str:
    return f"{amount:,.2f}".rstrip("0").rstrip(".")


def _join(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _quarters(n: int) -> str:
    return "1 quarter" if n == 1 else f"{n} quarters"


class _Words:
    """Names in messages: items by their title (else their key), quarters by their label (else their index)."""

    def __init__(self, problem: Problem) -> None:
        self.labels = [q.label for q in problem.quarters]
        self.titles: dict[str, str] = {}
        for task in problem.tasks:
            if task.title and isinstance(task.title, str):
                self.titles.setdefault(task.key, task.title)

    def bare_item(self, key: str) -> str:
        return self.titles.get(key, key)

    def item(self, key: str) -> str:
        return f"'{self.bare_item(key)}'"

    def items(self, keys: Sequence[str]) -> str:
        return _join([self.item(k) for k in keys])

    def q(self, index: int) -> str:
        """'quarter 2', or the quarter's label."""
        if 0 <= index < len(self.labels) and self.labels[index]:
            return self.labels[index]
        return f"quarter {index}"

    def bare(self, index: int) -> str:
        """'2', or the quarter's label: for 'a later quarter (2)'."""
        if 0 <= index < len(self.labels) and self.labels[index]:
            return self.labels[index]
        return str(index)


# ---------------------------------------------------------------------------------------------------------------
# Validation


def _amount_problem(what: str, amount: object, fmt: str = "money") -> str | None:
    """None when ``amount`` is a finite Decimal ≥ 0, otherwise the end of a sentence saying what is wrong."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        return f"an invalid {what} ({amount!r}; it must be a Decimal number)"
    if amount < 0:
        return f"a negative {what} ({_money(amount) if fmt == 'money' else _hours(amount)})"
    return None


def _task_index(problem: Problem) -> dict[str, Task]:
    index: dict[str, Task] = {}
    for task in problem.tasks:
        index.setdefault(task.key, task)
    return index


def _valid_pin(task: Task, n: int) -> bool:
    pin = task.pinned
    return isinstance(pin, int) and not isinstance(pin, bool) and 0 <= pin < n


def _task_ok(task: Task) -> bool:
    return all(_amount_problem("", a) is None for a in (task.one_time_cost, task.recurring_monthly_cost, task.hours))


def _cycles(tasks: Mapping[str, Task], done: frozenset[str]) -> list[list[str]]:
    """Every dependency cycle a depth-first search meets (one per back edge), each starting at its first node."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(tasks, white)
    found: list[list[str]] = []
    seen: set[tuple[str, ...]] = set()
    for root in tasks:
        if colour[root] != white:
            continue
        path: list[str] = [root]
        iters = [iter(tasks[root].depends_on)]
        colour[root] = grey
        while iters:
            dep = next(iters[-1], None)
            if dep is None:
                colour[path.pop()] = black
                iters.pop()
                continue
            if dep in done or dep not in tasks:
                continue
            if colour[dep] == grey:
                cycle = path[path.index(dep) :]
                start = cycle.index(min(cycle))
                canonical = tuple(cycle[start:] + cycle[:start])
                if canonical not in seen:
                    seen.add(canonical)
                    found.append([*canonical, canonical[0]])
            elif colour[dep] == white:
                colour[dep] = grey
                path.append(dep)
                iters.append(iter(tasks[dep].depends_on))
    return found


def validate(problem: Problem) -> list[str]:
    """Why the problem cannot be planned, one plain sentence each; empty when it can be.

    Reported: negative or invalid numbers, duplicate keys, unknown dependencies, dependency cycles, pins outside
    the plan, pinned items that depend on items pinned later, and pinned items that together exceed a quarter's
    budget or hours. A pinned item whose unpinned dependencies do not fit is found by ``solve`` (it raises)."""
    words = _Words(problem)
    n = len(problem.quarters)
    reasons: list[str] = []
    for q, quarter in enumerate(problem.quarters):
        for what, amount, fmt in (("budget", quarter.budget, "money"), ("hours capacity", quarter.hours, "hours")):
            wrong = _amount_problem(what, amount, fmt)
            if wrong:
                reasons.append(f"{_cap(words.q(q))} has {wrong}")

    counts: dict[str, int] = {}
    for task in problem.tasks:
        counts[task.key] = counts.get(task.key, 0) + 1
    reasons += [f"The key '{key}' is used by {count} items" for key, count in counts.items() if count > 1]

    tasks = _task_index(problem)
    for task in problem.tasks:
        k = task.key
        if not (isinstance(task.value, int | float) and math.isfinite(task.value)):
            reasons.append(f"{words.item(k)} has an invalid value ({task.value!r})")
        elif task.value < 0:
            reasons.append(f"{words.item(k)} has a negative value ({task.value!r})")
        for what, amount, fmt in (
            ("one-time cost", task.one_time_cost, "money"),
            ("recurring monthly cost", task.recurring_monthly_cost, "money"),
            ("number of hours", task.hours, "hours"),
        ):
            wrong = _amount_problem(what, amount, fmt)
            if wrong:
                reasons.append(f"{words.item(k)} has {wrong}")
        if task.pinned is not None and not _valid_pin(task, n):
            reasons.append(f"{words.item(k)} is pinned to quarter {task.pinned!r} but the plan has {_quarters(n)}")
        for dep in dict.fromkeys(task.depends_on):
            if dep not in tasks and dep not in problem.done:
                reasons.append(f"{words.item(k)} depends on '{dep}', which is not in the plan")

    reasons += [
        "Dependency cycle: " + " → ".join(words.bare_item(k) for k in cycle) for cycle in _cycles(tasks, problem.done)
    ]
    reasons += _pin_order_reasons(problem, tasks, words)
    reasons += _pinned_load_reasons(problem, tasks, words)
    return reasons


def _pin_order_reasons(problem: Problem, tasks: Mapping[str, Task], words: _Words) -> list[str]:
    """Pinned items that depend (directly or through unpinned items) on an item pinned to a later quarter."""
    n = len(problem.quarters)
    reasons: list[str] = []
    for task in tasks.values():
        if task.pinned is None or not _valid_pin(task, n):
            continue
        pin = task.pinned
        via: dict[str, str | None] = {}  # reached key → the key it was reached from (None: directly)
        queue: deque[tuple[str, str | None]] = deque((d, None) for d in dict.fromkeys(task.depends_on))
        while queue:
            key, parent = queue.popleft()
            if key in via or key in problem.done or key not in tasks or key == task.key:
                continue
            via[key] = parent
            other = tasks[key]
            if other.pinned is not None:
                if _valid_pin(other, n) and other.pinned > pin:
                    chain: list[str] = []
                    step = parent
                    while step is not None:
                        chain.append(step)
                        step = via[step]
                    through = f", through {words.items(chain[::-1])}," if chain else ""
                    reasons.append(
                        f"{words.item(task.key)} is pinned to {words.q(pin)} but depends{through} on "
                        f"{words.item(key)}, "
                        f"which is pinned to a later quarter ({words.bare(other.pinned)})"
                    )
                continue
            queue.extend((d, key) for d in dict.fromkeys(other.depends_on))
    return reasons


def _pinned_load_reasons(problem: Problem, tasks: Mapping[str, Task], words: _Words) -> list[str]:
    """Quarters whose pinned items alone exceed the budget or the hours capacity."""
    n = len(problem.quarters)
    pinned = [t for t in tasks.values() if t.pinned is not None and _valid_pin(t, n) and _task_ok(t)]
    reasons: list[str] = []
    for q, quarter in enumerate(problem.quarters):
        # Only the items that cost something there, or need hours there, are named.
        here = [t for t in pinned if t.pinned == q and (t.one_time_cost > 0 or t.recurring_monthly_cost > 0)]
        earlier = [t for t in pinned if t.pinned is not None and t.pinned < q and t.recurring_monthly_cost > 0]
        if _amount_problem("", quarter.budget) is None:
            spend = sum((t.one_time_cost for t in here), _ZERO) + MONTHS_PER_QUARTER * sum(
                (t.recurring_monthly_cost for t in here + earlier), _ZERO
            )
            if spend > quarter.budget:
                reasons.append(_over_budget(words, q, here, earlier, spend, quarter.budget))
        here = [t for t in pinned if t.pinned == q and t.hours > 0]
        if _amount_problem("", quarter.hours) is None:
            hours = sum((t.hours for t in here), _ZERO)
            if hours > quarter.hours:
                names = words.items([t.key for t in here])
                need = (
                    f"is pinned to {words.q(q)} but needs {_hours(hours)} hours"
                    if len(here) == 1
                    else f"are pinned to {words.q(q)} but need {_hours(hours)} hours together"
                )
                reasons.append(f"{names} {need}, more than that quarter's capacity ({_hours(quarter.hours)} hours)")
    return reasons


def _over_budget(words: _Words, q: int, here: list[Task], earlier: list[Task], spend: Decimal, budget: Decimal) -> str:
    tail = f"that quarter's budget ({_money(budget)})"
    if not here:
        one = len(earlier) == 1
        return (
            f"{words.items([t.key for t in earlier])} {'is' if one else 'are'} pinned before {words.q(q)} but "
            f"{'its' if one else 'their'} recurring cost there ({_money(spend)}) exceeds {tail}"
        )
    one = len(here) == 1
    with_earlier = (
        f", with the recurring cost of {words.items([t.key for t in earlier])}, pinned earlier" if earlier else ""
    )
    return (
        f"{words.items([t.key for t in here])} {'is' if one else 'are'} pinned to {words.q(q)} but "
        f"{'its' if one else 'their'} one-time and recurring cost ({_money(spend)}{with_earlier}) exceed {tail}"
    )


def _raise_if_invalid(problem: Problem) -> None:
    reasons = validate(problem)
    if reasons:
        raise Infeasible(reasons)


# ---------------------------------------------------------------------------------------------------------------
# Checking and valuing a plan


def _totals(
    problem: Problem, plan: Mapping[str, int], tasks: Mapping[str, Task]
) -> tuple[list[Decimal], list[Decimal]]:
    n = len(problem.quarters)
    spend = [_ZERO] * n
    hours = [_ZERO] * n
    starts = [_ZERO] * n  # recurring quarterly cost starting in each quarter
    for key, q in plan.items():
        task = tasks[key]
        spend[q] += task.one_time_cost
        hours[q] += task.hours
        starts[q] += MONTHS_PER_QUARTER * task.recurring_monthly_cost
    running = _ZERO
    for q in range(n):
        running += starts[q]
        spend[q] += running
    return spend, hours


def check(problem: Problem, plan: Mapping[str, int]) -> list[str]:
    """Every rule the plan breaks, one plain sentence each; empty = the plan is valid."""
    words = _Words(problem)
    n = len(problem.quarters)
    tasks = _task_index(problem)
    out: list[str] = []
    placed: dict[str, int] = {}
    for key in sorted(plan):
        q = plan[key]
        if key not in tasks:
            out.append(f"'{key}' is scheduled but is not an item of the plan")
        elif not (isinstance(q, int) and not isinstance(q, bool) and 0 <= q < n):
            out.append(f"{words.item(key)} is scheduled in quarter {q!r} but the plan has {_quarters(n)}")
        else:
            placed[key] = q
    spend, hours = _totals(problem, placed, tasks)
    for q, quarter in enumerate(problem.quarters):
        if spend[q] > quarter.budget:
            out.append(
                f"{_cap(words.q(q))} spends {_money(spend[q])} in one-time and recurring cost, more than "
                f"its budget ({_money(quarter.budget)})"
            )
        if hours[q] > quarter.hours:
            out.append(
                f"{_cap(words.q(q))} needs {_hours(hours[q])} hours, more than its capacity "
                f"({_hours(quarter.hours)} hours)"
            )
    for task in tasks.values():
        at = placed.get(task.key)
        if at is not None:
            for dep in dict.fromkeys(task.depends_on):
                if dep in problem.done:
                    continue
                if dep not in tasks:
                    out.append(f"{words.item(task.key)} depends on '{dep}', which is not in the plan")
                elif dep not in placed:
                    out.append(f"{words.item(task.key)} is scheduled but depends on {words.item(dep)}, which is not")
                elif placed[dep] > at:
                    out.append(
                        f"{words.item(task.key)} is scheduled in {words.q(at)} but depends on "
                        f"{words.item(dep)}, which is "
                        f"scheduled later ({words.q(placed[dep])})"
                    )
        if task.pinned is not None:
            if at is None:
                out.append(f"{words.item(task.key)} is pinned to {words.q(task.pinned)} but is not scheduled")
            elif at != task.pinned:
                out.append(
                    f"{words.item(task.key)} is pinned to {words.q(task.pinned)} but is scheduled in {words.q(at)}"
                )
    return out


def plan_value(problem: Problem, plan: Mapping[str, int]) -> tuple[float, float]:
    """(total value, earliness) of a plan: compare plans with these tuples, higher is better."""
    tasks = _task_index(problem)
    unknown = sorted(set(plan) - set(tasks))
    if unknown:
        raise ValueError(f"the plan has keys that are not items of the problem: {', '.join(unknown)}")
    last = len(problem.quarters) - 1
    return (math.fsum(tasks[k].value for k in plan), math.fsum(tasks[k].value * (last - q) for k, q in plan.items()))


def _schedule(problem: Problem, plan: Mapping[str, int], method: Method, note: str) -> Schedule:
    tasks = _task_index(problem)
    position = {key: i for i, key in enumerate(tasks)}
    ordered = dict(sorted(plan.items(), key=lambda kv: (kv[1], position[kv[0]])))
    value, earliness = plan_value(problem, ordered)
    spend, hours = _totals(problem, ordered, tasks)
    return Schedule(
        MappingProxyType(ordered),
        value,
        earliness,
        method,
        tuple(spend),
        tuple(hours),
        tuple(k for k in tasks if k not in ordered),
        note,
    )


# ---------------------------------------------------------------------------------------------------------------
# The dependency graph and the greedy baseline


class _Graph:
    """The valid problem's tasks with their dependencies on other tasks (done items left out), in input order."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.n = len(problem.quarters)
        self.tasks = _task_index(problem)
        self.deps = {
            k: tuple(d for d in dict.fromkeys(t.depends_on) if d not in problem.done and d in self.tasks)
            for k, t in self.tasks.items()
        }
        self.topo = list(TopologicalSorter(self.deps).static_order())
        self.pinned = sorted(
            (t for t in self.tasks.values() if t.pinned is not None), key=lambda t: (t.pinned or 0, t.key)
        )
        # Unpinned items a pinned item depends on (directly or not) must be placed no later than its quarter.
        self.deadline: dict[str, int] = {}
        self.deadline_of: dict[str, str] = {}  # the pinned item that sets the deadline
        for task in self.pinned:
            assert task.pinned is not None
            stack = list(self.deps[task.key])
            while stack:
                key = stack.pop()
                if key in self.deadline or self.tasks[key].pinned is not None:
                    continue
                self.deadline[key] = task.pinned
                self.deadline_of[key] = task.key
                stack += self.deps[key]

    def greedy_order(self) -> list[Task]:
        """Value per first-year cost (a cost under 1 counts as 1), then value, both descending, then key."""

        def rank(task: Task) -> tuple[float, float, str]:
            cost = task.one_time_cost + MONTHS_PER_YEAR * task.recurring_monthly_cost
            return (-task.value / float(max(cost, _ONE)), -task.value, task.key)

        return sorted(self.tasks.values(), key=rank)

    def resource_order(self, recurring_share: float) -> list[Task]:
        """Value per share of the plan's budget and hours used (a hint for the solver, not the baseline): recurring
        cost counted over ``recurring_share`` of the plan's quarters."""
        budget = float(sum((q.budget for q in self.problem.quarters), _ZERO)) or 1.0
        hours = float(sum((q.hours for q in self.problem.quarters), _ZERO)) or 1.0
        months = MONTHS_PER_QUARTER * self.n * recurring_share

        def rank(task: Task) -> tuple[float, float, str]:
            use = (float(task.one_time_cost) + months * float(task.recurring_monthly_cost)) / budget + float(
                task.hours
            ) / hours
            return (-task.value / max(use, 1e-9), -task.value, task.key)

        return sorted(self.tasks.values(), key=rank)


class _Load:
    """Spend and hours per quarter of a plan being built, with exact Decimal arithmetic."""

    def __init__(self, graph: _Graph) -> None:
        quarters = graph.problem.quarters
        self.graph = graph
        self.budget = [q.budget for q in quarters]
        self.capacity = [q.hours for q in quarters]
        self.spend = [_ZERO] * graph.n
        self.hours = [_ZERO] * graph.n
        self.plan: dict[str, int] = {}

    def fits(self, task: Task, q: int) -> bool:
        recurring = MONTHS_PER_QUARTER * task.recurring_monthly_cost
        if self.hours[q] + task.hours > self.capacity[q]:
            return False
        if self.spend[q] + task.one_time_cost + recurring > self.budget[q]:
            return False
        return all(self.spend[later] + recurring <= self.budget[later] for later in range(q + 1, self.graph.n))

    def place(self, task: Task, q: int) -> None:
        recurring = MONTHS_PER_QUARTER * task.recurring_monthly_cost
        self.spend[q] += task.one_time_cost
        self.hours[q] += task.hours
        for later in range(q, self.graph.n):
            self.spend[later] += recurring
        self.plan[task.key] = q

    def earliest(self, task: Task, last: int | None = None) -> int | None:
        """The earliest quarter, after the task's dependencies, where it fits; None if none (up to ``last``)."""
        deps = self.graph.deps[task.key]
        if any(d not in self.plan for d in deps):
            return None
        first = max((self.plan[d] for d in deps), default=0)
        end = self.graph.n - 1 if last is None else last
        return next((q for q in range(first, end + 1) if self.fits(task, q)), None)

    def fill(self, order: Sequence[Task]) -> int:
        """Passes over ``order`` placing every task that fits, until a pass places nothing; the count placed."""
        placed = 0
        while True:
            before = placed
            for task in order:
                if task.key not in self.plan:
                    q = self.earliest(task)
                    if q is not None:
                        self.place(task, q)
                        placed += 1
            if placed == before:
                return placed


class _Stuck(Exception):
    """The greedy baseline could not place what a pinned item depends on (which does not prove it impossible)."""


def _greedy_plan(graph: _Graph, order: Sequence[Task] | None = None) -> dict[str, int]:
    load = _Load(graph)
    for task in graph.pinned:
        assert task.pinned is not None
        load.place(task, task.pinned)
    words = _Words(graph.problem)
    for key in graph.topo:
        if key in graph.deadline:
            task = graph.tasks[key]
            q = load.earliest(task, graph.deadline[key])
            if q is None:
                owner = graph.tasks[graph.deadline_of[key]]
                raise _Stuck(
                    f"The greedy plan could not fit {words.item(key)}, which {words.item(owner.key)} "
                    f"(pinned to {words.q(graph.deadline[key])}) depends on, into that quarter or an "
                    "earlier one"
                )
            load.place(task, q)
    load.fill(graph.greedy_order() if order is None else order)
    return load.plan


def greedy(problem: Problem) -> Schedule:
    """The baseline plan: pinned items, then what they depend on, then the rest by value per first-year cost,
    each in the earliest quarter where it fits after its dependencies; passes repeat until nothing more fits.

    Raises ``Infeasible`` when ``validate`` finds problems, or when it cannot fit what a pinned item depends on
    (``solve`` may still find a way)."""
    _raise_if_invalid(problem)
    try:
        plan = _greedy_plan(_Graph(problem))
    except _Stuck as exc:
        raise Infeasible([str(exc)]) from None
    return _schedule(problem, plan, "greedy", "greedy baseline")


# ---------------------------------------------------------------------------------------------------------------
# CP-SAT


def _cents(amount: Decimal, rounding: str) -> int:
    return int((amount * _HUNDRED).to_integral_value(rounding=rounding))


@dataclass(frozen=True)
class _CpResult:
    status: Literal["optimal", "value optimal", "feasible", "infeasible", "unknown"]
    plan: dict[str, int] | None


def _deterministic(parameters: Any, *, limit: float, workers: int, seed: int) -> None:
    """Only deterministic time ends the search, never the clock: ``max_time_in_seconds`` stays unset (infinite),
    so a busy or slow machine takes longer but finds the same plan. One worker searches alone; several use
    CP-SAT's interleaved search, which is deterministic too. The seed is fixed."""
    parameters.max_deterministic_time = limit
    parameters.num_workers = workers
    parameters.interleave_search = workers > 1
    parameters.random_seed = seed


def _cp_solve(graph: _Graph, hint: Mapping[str, int] | None, time_limit: float, workers: int, seed: int) -> _CpResult:
    """Maximise total value, then, with the value held, earliness. Money and hours in hundredths: costs rounded
    up and budgets down, so whatever the model accepts is valid in exact arithmetic."""
    from ortools.sat.python import cp_model

    n, tasks = graph.n, graph.tasks
    quarters = graph.problem.quarters
    budget = [_cents(q.budget, ROUND_FLOOR) for q in quarters]
    capacity = [_cents(q.hours, ROUND_FLOOR) for q in quarters]
    one = {k: _cents(t.one_time_cost, ROUND_CEILING) for k, t in tasks.items()}
    rec = {k: _cents(MONTHS_PER_QUARTER * t.recurring_monthly_cost, ROUND_CEILING) for k, t in tasks.items()}
    hrs = {k: _cents(t.hours, ROUND_CEILING) for k, t in tasks.items()}
    total = math.fsum(t.value for t in tasks.values())
    digits = VALUE_DIGITS
    while digits > 0 and total * max(n, 1) * 10**digits > 1e12:
        digits -= 1
    val = {k: round(t.value * 10**digits) for k, t in tasks.items()}

    # Pinned items are constants: take them off the budgets and capacities.
    for task in graph.pinned:
        assert task.pinned is not None
        k, p = task.key, task.pinned
        budget[p] -= one[k]
        capacity[p] -= hrs[k]
        for q in range(p, n):
            budget[q] -= rec[k]
    if any(b < 0 for b in budget) or any(c < 0 for c in capacity):  # only from rounding sub-cent amounts
        return _CpResult("infeasible", None)

    # The quarters each free item could take on its own, after its dependencies, by its deadline.
    allowed: dict[str, list[int]] = {}
    for k in graph.topo:
        task = tasks[k]
        if task.pinned is not None:
            continue
        first = 0
        for d in graph.deps[k]:
            other = tasks[d]
            start = other.pinned if other.pinned is not None else min(allowed[d], default=n)
            first = max(first, start)
        last = graph.deadline.get(k, n - 1)
        allowed[k] = [
            q
            for q in range(first, last + 1)
            if one[k] + rec[k] <= budget[q]
            and hrs[k] <= capacity[q]
            and all(rec[k] <= budget[later] for later in range(q + 1, n))
        ]
        if k in graph.deadline and not allowed[k]:
            return _CpResult("infeasible", None)

    model = cp_model.CpModel()
    x: dict[tuple[str, int], cp_model.IntVar] = {
        (k, q): model.new_bool_var(f"x[{k},{q}]") for k, qs in allowed.items() for q in qs
    }
    for k, qs in allowed.items():
        if k in graph.deadline:
            model.add_exactly_one(x[k, q] for q in qs)
        elif len(qs) > 1:
            model.add_at_most_one(x[k, q] for q in qs)
    for q in range(n):
        terms = [
            (x[k, p], one[k] + rec[k] if p == q else rec[k])
            for k, qs in allowed.items()
            for p in qs
            if p <= q and (rec[k] or (p == q and one[k]))
        ]
        if terms:
            model.add(cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [c for _, c in terms]) <= budget[q])
        terms = [(x[k, q], hrs[k]) for k, qs in allowed.items() if q in qs and hrs[k]]
        if terms:
            model.add(cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [c for _, c in terms]) <= capacity[q])
    for k, qs in allowed.items():
        for d in graph.deps[k]:
            if d not in allowed:  # pinned: the first allowed quarter is already at or after it
                continue
            for q in qs:
                model.add(x[k, q] <= sum(x[d, p] for p in allowed[d] if p <= q))
    keys = [k for k, qs in allowed.items() for _ in qs]
    quarter_of = [q for qs in allowed.values() for q in qs]
    variables = [x[k, q] for k, q in zip(keys, quarter_of, strict=True)]
    value = cp_model.LinearExpr.weighted_sum(variables, [val[k] for k in keys])
    earliness = cp_model.LinearExpr.weighted_sum(
        variables, [val[k] * (n - 1 - q) for k, q in zip(keys, quarter_of, strict=True)]
    )

    def run(limit: float, start: Mapping[str, int] | None) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
        model.clear_hints()  # type: ignore[no-untyped-call]
        if start is not None:
            for (k, q), var in x.items():
                model.add_hint(var, start.get(k) == q)
        solver = cp_model.CpSolver()
        _deterministic(solver.parameters, limit=limit, workers=workers, seed=seed)
        return solver.solve(model), solver

    def read(solver: cp_model.CpSolver) -> dict[str, int]:
        plan = {t.key: t.pinned for t in graph.pinned if t.pinned is not None}
        plan |= {k: q for (k, q), var in x.items() if solver.boolean_value(var)}
        return plan

    model.maximize(value)
    status, solver = run(time_limit * PHASE_ONE_SHARE, hint)
    if status == cp_model.INFEASIBLE:
        return _CpResult("infeasible", None)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _CpResult("unknown", None)
    first_optimal = status == cp_model.OPTIMAL
    best = read(solver)
    model.add(value >= round(solver.objective_value))
    model.maximize(earliness)
    status, second = run(max(time_limit - solver.deterministic_time, time_limit * (1 - PHASE_ONE_SHARE) / 4), best)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        best = read(second)
    if not first_optimal:
        return _CpResult("feasible", best)
    return _CpResult("optimal" if status == cp_model.OPTIMAL else "value optimal", best)


def solve(problem: Problem, *, time_limit: float = 1.5, workers: int = 1, seed: int = 0) -> Schedule:
    """The best plan CP-SAT finds within ``time_limit`` deterministic seconds (CP-SAT's count of work done, about
    a second each on an idle current machine; never the wall clock): most value first, then value soonest. The
    same problem, limit, ``workers`` and ``seed`` always give the same plan.

    Never worse than ``greedy`` (compared by ``plan_value``): when the solver finds nothing better in time, the
    greedy plan is returned with ``method="greedy"``. Raises ``Infeasible`` when ``validate`` finds problems,
    or when what the pinned items depend on cannot be fitted in before them."""
    if not (math.isfinite(time_limit) and time_limit > 0):
        raise ValueError(f"time limit must be a positive number of seconds, got {time_limit!r}")
    if workers < 1:
        raise ValueError(f"workers must be 1 or more, got {workers!r}")
    _raise_if_invalid(problem)
    graph = _Graph(problem)
    baseline: dict[str, int] | None
    try:
        baseline = _greedy_plan(graph)
        stuck = ""
    except _Stuck as exc:
        baseline, stuck = None, str(exc)
    hint = baseline
    if baseline is not None:  # the solver starts from the best of a few greedy orders
        for share in (1.0, 0.5):
            other = _greedy_plan(graph, graph.resource_order(share))
            if plan_value(problem, other) > plan_value(problem, hint or {}):
                hint = other
    result = _cp_solve(graph, hint, time_limit, workers, seed)
    if result.plan is not None:
        load = _Load(graph)
        for key, q in result.plan.items():
            load.place(graph.tasks[key], q)
        before = plan_value(problem, load.plan)
        load.fill(graph.greedy_order())  # items of no value the solver had no reason to place, where they fit
        status = result.status
        if plan_value(problem, load.plan) != before:
            status = "feasible"  # only rounding can hide a valuable item from the solver: not optimal after all
        if not check(problem, load.plan) and (
            baseline is None or plan_value(problem, load.plan) >= plan_value(problem, baseline)
        ):
            if status == "optimal":
                return _schedule(problem, load.plan, "cp-sat optimal", "")
            note = (
                f"the most value is proven; the time limit ({time_limit:g} s) ended the search for a plan that "
                "delivers it sooner"
                if status == "value optimal"
                else f"the time limit ({time_limit:g} s) ended the search before the plan was proven best"
            )
            return _schedule(problem, load.plan, "cp-sat feasible", note)
    if baseline is not None:
        note = {
            "infeasible": "the solver's rounded model has no plan; the greedy plan fits in exact amounts",
            "unknown": f"the solver found no plan within {time_limit:g} s",
        }.get(result.status, f"the solver found no better plan within {time_limit:g} s")
        return _schedule(problem, baseline, "greedy", note)
    raise Infeasible([_pinned_dependencies_reason(graph, result.status == "infeasible", time_limit, stuck)])


def _pinned_dependencies_reason(graph: _Graph, proven: bool, time_limit: float, stuck: str) -> str:
    words = _Words(graph.problem)
    owners = sorted({graph.tasks[graph.deadline_of[k]] for k in graph.deadline}, key=lambda t: (t.pinned or 0, t.key))
    needed = sorted(graph.deadline, key=list(graph.tasks).index)
    if len(owners) == 1:
        owner = owners[0]
        what = f"{words.item(owner.key)} is pinned to {words.q(owner.pinned or 0)} but " + (
            f"{words.item(needed[0])}, which it depends on,"
            if len(needed) == 1
            else f"the items it depends on ({words.items(needed)})"
        )
    else:
        what = (
            "The items pinned to a quarter ("
            + _join([f"{words.item(t.key)} to {words.q(t.pinned or 0)}" for t in owners])
            + f") depend on items ({words.items(needed)}) that"
        )
    if proven:
        fit = " does not fit" if len(needed) == 1 else " cannot all be fitted"
        return (
            what
            + fit
            + " into the budget and hours left in "
            + ("that quarter or an earlier one" if len(owners) == 1 else "their quarters or earlier ones")
        )
    before = "it" if len(owners) == 1 else "them"
    return (
        what + f" could not be fitted in before {before} within {time_limit:g} s: the solver could neither find a "
        f"way nor prove that none exists, and {stuck[:1].lower()}{stuck[1:]}"
    )
