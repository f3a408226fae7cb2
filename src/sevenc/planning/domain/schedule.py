"""Scheduling action items into quarters under budget, hours, dependencies and pins.

Pure: stdlib and OR-Tools only; frozen dataclasses in and out, no clock: the solver's time limit is CP-SAT's
deterministic time (a count of work done), so the same input gives the same plan however busy the machine is.
``greedy`` is the baseline, ``solve`` the CP-SAT optimiser that is never worse than it; ``validate`` explains
input that cannot be planned, ``check`` lists every rule a plan breaks and ``explain`` says, for every item a
plan leaves out, what stops it and what would let it in. docs/planning.md ("Scheduling") has the rules, the
objective and the messages.

Quarters are numbered from 0. An item may span several consecutive quarters (``Task.duration``); a plan maps it
to its first quarter, and its one-time cost and hours are spread over its quarters (``spread``). Money is
``Decimal``; values are floats (ITCq points from ``prioritise``).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from graphlib import TopologicalSorter
from types import MappingProxyType
from typing import Any, Final, Literal

MONTHS_PER_QUARTER: Final = 3
MONTHS_PER_YEAR: Final = 12
_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
_HUNDRED: Final = Decimal(100)
_CENT: Final = Decimal("0.01")
VALUE_DIGITS: Final = 6  # the solver sees values rounded to 6 decimals (fewer only for huge totals)
TIME_LIMIT: Final = 1.0  # deterministic seconds: a 300-item, 8-quarter plan in about 1.6 s (bench/README.md)
PHASE_ONE_SHARE: Final = 0.6  # of the time limit, for maximising value; earliness gets the rest

Method = Literal["cp-sat optimal", "cp-sat feasible", "greedy"]
Limit = Literal["budget", "hours", "dependency", "horizon"]
RemedyKind = Literal["raise-limit", "longer-duration", "split", "schedule-dependency"]


# ---------------------------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True, slots=True)
class Quarter:
    budget: Decimal  # money available in the quarter, for one-time and recurring cost
    hours: Decimal  # the hours capacity
    label: str = ""  # e.g. "2026-Q3" for messages; "quarter <index>" when empty
    committed_spend: Decimal = _ZERO  # already taken by work outside the problem (done items)
    committed_hours: Decimal = _ZERO  # likewise; more than the limit only leaves no room, it is not an error


@dataclass(frozen=True, slots=True)
class Task:
    key: str
    value: float  # what doing it is worth, e.g. ITCq points (prioritise.item_value); 0 or more
    one_time_cost: Decimal  # spent over the task's quarters, spread evenly (``spread``)
    recurring_monthly_cost: Decimal  # runs from its first quarter to the end of the plan (3 months a quarter)
    hours: Decimal  # needed over the task's quarters, spread evenly (``spread``)
    depends_on: tuple[str, ...] = ()  # keys that must be done, or finish in or before the task's first quarter
    pinned: int | None = None  # the quarter index the task must start in
    title: str = ""  # e.g. "Deploy a SIEM" for messages; the key when empty
    duration: int = 1  # the number of consecutive quarters the task spans, all inside the plan

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


@dataclass(frozen=True, slots=True)
class Remedy:
    """One change that would let a left-out item in: raise a quarter's limit (to ``amount``), give the item a
    longer ``duration``, split it in two, or schedule (or bring forward) a dependency."""

    kind: RemedyKind
    text: str  # a plain sentence for the vCIO
    quarter: int | None = None
    amount: Decimal | None = None  # raise-limit: the new budget or hours capacity of ``quarter``
    duration: int | None = None  # longer-duration: the number of quarters that fits (starting in ``quarter``)


@dataclass(frozen=True, slots=True)
class Unplaced:
    """Why a plan leaves an item out: the limit in the way, in the quarter closest to fitting, and by how much."""

    key: str
    limit: Limit
    quarter: int | None  # where the item falls short, at its start closest to fitting; None for dependency/horizon
    short_by: Decimal  # money or hours missing in ``quarter``; 0 for dependency and horizon
    reason: str  # a plain sentence: which limit, which quarter, by how much
    remedies: tuple[Remedy, ...] = ()


def _no_unplaced() -> Mapping[str, Unplaced]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Schedule:
    plan: Mapping[str, int]  # key → start quarter of every scheduled task, by quarter then input order
    value: float  # total value of the scheduled tasks
    earliness: float  # Σ value × (quarters − 1 − last quarter): higher = value sooner
    method: Method
    spend: tuple[Decimal, ...]  # per quarter: committed + one-time shares running there + recurring started so far
    hours: tuple[Decimal, ...]  # per quarter: committed + hour shares running there
    unscheduled: tuple[str, ...]  # in input order
    note: str = ""  # why the method is what it is, when it is not "cp-sat optimal"
    unplaced: Mapping[str, Unplaced] = field(default_factory=_no_unplaced)  # key → why, for every unscheduled key


class Infeasible(Exception):
    """The problem cannot be planned; ``reasons`` says why, one plain sentence each."""

    def __init__(self, reasons: Iterable[str]) -> None:
        self.reasons: tuple[str, ...] = tuple(reasons)
        super().__init__("; ".join(self.reasons))


def spread(amount: Decimal, duration: int) -> tuple[Decimal, ...]:
    """The per-quarter shares of ``amount`` over ``duration`` quarters: each amount / duration rounded down to
    0.01, the last taking the remainder, so the shares add up exactly to ``amount``."""
    if not _duration_ok(duration):
        raise ValueError(f"duration must be a whole number of quarters, 1 or more, got {duration!r}")
    if duration == 1:
        return (amount,)
    share = (amount / duration).quantize(_CENT, rounding=ROUND_FLOOR)
    return (share,) * (duration - 1) + (amount - share * (duration - 1),)


def _duration_ok(duration: object) -> bool:
    return isinstance(duration, int) and not isinstance(duration, bool) and duration >= 1


def _span(task: Task) -> int:
    """The task's duration; 1 when it is invalid (``validate`` reports that)."""
    return task.duration if _duration_ok(task.duration) else 1


def _free(limit: Decimal, used: Decimal) -> Decimal:
    return max(_ZERO, limit - used)


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


def _valid_span(task: Task, n: int) -> bool:
    """A valid pin whose whole span lies inside the plan."""
    return _valid_pin(task, n) and _duration_ok(task.duration) and (task.pinned or 0) + task.duration <= n


def _task_ok(task: Task) -> bool:
    amounts = (task.one_time_cost, task.recurring_monthly_cost, task.hours)
    return _duration_ok(task.duration) and all(_amount_problem("", a) is None for a in amounts)


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

    Reported: negative or invalid numbers and durations, duplicate keys, unknown dependencies, dependency cycles,
    pins outside the plan (or whose span runs past its end), pinned items that depend on items pinned to finish
    later, and pinned items that together exceed a quarter's budget or hours (what committed work leaves of
    them). A pinned item whose unpinned dependencies do not fit is found by ``solve`` (it raises)."""
    words = _Words(problem)
    n = len(problem.quarters)
    reasons: list[str] = []
    for q, quarter in enumerate(problem.quarters):
        for what, amount, fmt in (
            ("budget", quarter.budget, "money"),
            ("hours capacity", quarter.hours, "hours"),
            ("committed spend", quarter.committed_spend, "money"),
            ("number of committed hours", quarter.committed_hours, "hours"),
        ):
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
        if not _duration_ok(task.duration):
            reasons.append(
                f"{words.item(k)} has an invalid duration ({task.duration!r}; it must be a whole number of "
                "quarters, 1 or more)"
            )
        if task.pinned is not None and not _valid_pin(task, n):
            reasons.append(f"{words.item(k)} is pinned to quarter {task.pinned!r} but the plan has {_quarters(n)}")
        elif task.pinned is not None and _duration_ok(task.duration) and not _valid_span(task, n):
            reasons.append(
                f"{words.item(k)} is pinned to {words.q(task.pinned)} but takes {_quarters(task.duration)}, which "
                f"runs past the end of the plan ({_quarters(n)})"
            )
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
                if _valid_pin(other, n) and other.pinned + _span(other) - 1 > pin:
                    chain: list[str] = []
                    step = parent
                    while step is not None:
                        chain.append(step)
                        step = via[step]
                    through = f", through {words.items(chain[::-1])}," if chain else ""
                    later = (
                        f"pinned to a later quarter ({words.bare(other.pinned)})"
                        if _span(other) == 1
                        else f"pinned to run until a later quarter ({words.bare(other.pinned + _span(other) - 1)})"
                    )
                    reasons.append(
                        f"{words.item(task.key)} is pinned to {words.q(pin)} but depends{through} on "
                        f"{words.item(key)}, which is {later}"
                    )
                continue
            queue.extend((d, key) for d in dict.fromkeys(other.depends_on))
    return reasons


def _pinned_load_reasons(problem: Problem, tasks: Mapping[str, Task], words: _Words) -> list[str]:
    """Quarters where the pinned items alone exceed the budget or the hours capacity left after committed work."""
    n = len(problem.quarters)
    pinned = [t for t in tasks.values() if t.pinned is not None and _valid_span(t, n) and _task_ok(t)]
    shares = {t.key: (spread(t.one_time_cost, t.duration), spread(t.hours, t.duration)) for t in pinned}

    def running(t: Task, q: int) -> bool:
        return t.pinned is not None and t.pinned <= q < t.pinned + t.duration

    reasons: list[str] = []
    for q, quarter in enumerate(problem.quarters):
        # Only the items that cost something there, or need hours there, are named.
        here = [
            t
            for t in pinned
            if running(t, q) and (shares[t.key][0][q - (t.pinned or 0)] > 0 or t.recurring_monthly_cost > 0)
        ]
        earlier = [
            t
            for t in pinned
            if t.pinned is not None and t.pinned < q and not running(t, q) and t.recurring_monthly_cost > 0
        ]
        limits = (quarter.budget, quarter.committed_spend, quarter.hours, quarter.committed_hours)
        if any(_amount_problem("", a) is not None for a in limits):
            continue
        spend = sum((shares[t.key][0][q - (t.pinned or 0)] for t in here), _ZERO) + MONTHS_PER_QUARTER * sum(
            (t.recurring_monthly_cost for t in here + earlier), _ZERO
        )
        if spend > _free(quarter.budget, quarter.committed_spend):
            reasons.append(_over_budget(words, q, here, earlier, spend, quarter))
        here = [t for t in pinned if running(t, q) and shares[t.key][1][q - (t.pinned or 0)] > 0]
        hours = sum((shares[t.key][1][q - (t.pinned or 0)] for t in here), _ZERO)
        if hours > _free(quarter.hours, quarter.committed_hours):
            one = len(here) == 1
            need = (
                f"{_pinned_to(words, q, here)} but {'needs' if one else 'need'} {_hours(hours)} hours"
                f"{'' if one else ' together'}"
            )
            room = f"that quarter's capacity ({_hours(quarter.hours)} hours)"
            if quarter.committed_hours:
                free = _free(quarter.hours, quarter.committed_hours)
                room = (
                    f"what committed work leaves of that quarter's capacity ({_hours(free)} of "
                    f"{_hours(quarter.hours)} hours)"
                )
            reasons.append(f"{words.items([t.key for t in here])} {need}, more than {room}")
    return reasons


def _pinned_to(words: _Words, q: int, here: Sequence[Task]) -> str:
    """'is pinned to quarter 1', or 'are pinned to run in quarter 1' when some started earlier."""
    verb = "is" if len(here) == 1 else "are"
    if all(t.pinned == q for t in here):
        return f"{verb} pinned to {words.q(q)}"
    return f"{verb} pinned to run in {words.q(q)}"


def _over_budget(words: _Words, q: int, here: list[Task], earlier: list[Task], spend: Decimal, quarter: Quarter) -> str:
    tail = f"that quarter's budget ({_money(quarter.budget)})"
    if quarter.committed_spend:
        free = _free(quarter.budget, quarter.committed_spend)
        tail = f"what committed work leaves of that quarter's budget ({_money(free)} of {_money(quarter.budget)})"
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
        f"{words.items([t.key for t in here])} {_pinned_to(words, q, here)} but "
        f"{'its' if one else 'their'} one-time and recurring cost ({_money(spend)}{with_earlier}) exceed {tail}"
    )


def _raise_if_invalid(problem: Problem) -> None:
    reasons = validate(problem)
    if reasons:
        raise Infeasible(reasons)


# ---------------------------------------------------------------------------------------------------------------
# Checking and valuing a plan


def _plan_load(
    problem: Problem, plan: Mapping[str, int], tasks: Mapping[str, Task]
) -> tuple[list[Decimal], list[Decimal]]:
    """Spend and hours per quarter of the plan's tasks alone (without committed work)."""
    n = len(problem.quarters)
    spend = [_ZERO] * n
    hours = [_ZERO] * n
    starts = [_ZERO] * n  # recurring quarterly cost starting in each quarter
    for key, s in plan.items():
        task = tasks[key]
        d = _span(task)
        for i, (one, hrs) in enumerate(zip(spread(task.one_time_cost, d), spread(task.hours, d), strict=True)):
            if s + i < n:
                spend[s + i] += one
                hours[s + i] += hrs
        starts[s] += MONTHS_PER_QUARTER * task.recurring_monthly_cost
    running = _ZERO
    for q in range(n):
        running += starts[q]
        spend[q] += running
    return spend, hours


def _totals(
    problem: Problem, plan: Mapping[str, int], tasks: Mapping[str, Task]
) -> tuple[list[Decimal], list[Decimal]]:
    """Spend and hours per quarter: committed work plus the plan's tasks."""
    spend, hours = _plan_load(problem, plan, tasks)
    return (
        [quarter.committed_spend + x for quarter, x in zip(problem.quarters, spend, strict=True)],
        [quarter.committed_hours + x for quarter, x in zip(problem.quarters, hours, strict=True)],
    )


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
        elif q + _span(tasks[key]) > n:
            out.append(
                f"{words.item(key)} is scheduled to start in {words.q(q)} but takes "
                f"{_quarters(_span(tasks[key]))}, which runs past the end of the plan ({_quarters(n)})"
            )
        else:
            placed[key] = q
    spend, hours = _plan_load(problem, placed, tasks)
    for q, quarter in enumerate(problem.quarters):
        committed = quarter.committed_spend
        if spend[q] > (quarter.budget - committed if committed <= quarter.budget else _ZERO):
            of_it = f" ({_money(committed)} of it committed outside the plan)" if committed else ""
            out.append(
                f"{_cap(words.q(q))} spends {_money(committed + spend[q])} in one-time and recurring cost{of_it}, "
                f"more than its budget ({_money(quarter.budget)})"
            )
        committed = quarter.committed_hours
        if hours[q] > (quarter.hours - committed if committed <= quarter.hours else _ZERO):
            of_them = f" ({_hours(committed)} of them committed outside the plan)" if committed else ""
            out.append(
                f"{_cap(words.q(q))} needs {_hours(committed + hours[q])} hours{of_them}, more than its capacity "
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
                elif placed[dep] + _span(tasks[dep]) - 1 > at:
                    later = (
                        f"scheduled later ({words.q(placed[dep])})"
                        if _span(tasks[dep]) == 1
                        else f"finishes later ({words.q(placed[dep] + _span(tasks[dep]) - 1)})"
                    )
                    out.append(
                        f"{words.item(task.key)} is scheduled in {words.q(at)} but depends on "
                        f"{words.item(dep)}, which {'is ' if _span(tasks[dep]) == 1 else ''}{later}"
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
    """(total value, earliness) of a plan: compare plans with these tuples, higher is better. Earliness counts a
    task at its last quarter (its value arrives when it is finished): Σ value × (quarters − 1 − last)."""
    tasks = _task_index(problem)
    unknown = sorted(set(plan) - set(tasks))
    if unknown:
        raise ValueError(f"the plan has keys that are not items of the problem: {', '.join(unknown)}")
    last = len(problem.quarters) - 1
    return (
        math.fsum(tasks[k].value for k in plan),
        math.fsum(tasks[k].value * (last - (q + _span(tasks[k]) - 1)) for k, q in plan.items()),
    )


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
        MappingProxyType(_explain(problem, ordered, tasks)),
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
        self.span = {k: t.duration for k, t in self.tasks.items()}
        self.one = {k: spread(t.one_time_cost, t.duration) for k, t in self.tasks.items()}  # shares per quarter
        self.hrs = {k: spread(t.hours, t.duration) for k, t in self.tasks.items()}
        self.rec = {k: MONTHS_PER_QUARTER * t.recurring_monthly_cost for k, t in self.tasks.items()}  # a quarter
        self.pinned = sorted(
            (t for t in self.tasks.values() if t.pinned is not None), key=lambda t: (t.pinned or 0, t.key)
        )
        # Unpinned items a pinned item depends on (directly or not) must finish no later than its quarter.
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
        quarters = self.problem.quarters
        budget = float(sum((_free(q.budget, q.committed_spend) for q in quarters), _ZERO)) or 1.0
        hours = float(sum((_free(q.hours, q.committed_hours) for q in quarters), _ZERO)) or 1.0
        months = MONTHS_PER_QUARTER * self.n * recurring_share

        def rank(task: Task) -> tuple[float, float, str]:
            use = (float(task.one_time_cost) + months * float(task.recurring_monthly_cost)) / budget + float(
                task.hours
            ) / hours
            return (-task.value / max(use, 1e-9), -task.value, task.key)

        return sorted(self.tasks.values(), key=rank)


class _Load:
    """Spend and hours per quarter of a plan being built, against the room committed work leaves, with exact
    Decimal arithmetic."""

    def __init__(self, graph: _Graph) -> None:
        quarters = graph.problem.quarters
        self.graph = graph
        self.budget = [_free(q.budget, q.committed_spend) for q in quarters]
        self.capacity = [_free(q.hours, q.committed_hours) for q in quarters]
        self.spend = [_ZERO] * graph.n
        self.hours = [_ZERO] * graph.n
        self.plan: dict[str, int] = {}

    def fits(self, task: Task, start: int) -> bool:
        graph, k = self.graph, task.key
        span, recurring, one, hrs = graph.span[k], graph.rec[k], graph.one[k], graph.hrs[k]
        if start < 0 or start + span > graph.n:
            return False
        for i in range(span):
            q = start + i
            if self.hours[q] + hrs[i] > self.capacity[q]:
                return False
            if self.spend[q] + one[i] + recurring > self.budget[q]:
                return False
        return all(self.spend[later] + recurring <= self.budget[later] for later in range(start + span, graph.n))

    def place(self, task: Task, start: int) -> None:
        graph, k = self.graph, task.key
        for i in range(graph.span[k]):
            self.spend[start + i] += graph.one[k][i]
            self.hours[start + i] += graph.hrs[k][i]
        for q in range(start, graph.n):
            self.spend[q] += graph.rec[k]
        self.plan[k] = start

    def earliest(self, task: Task, last: int | None = None) -> int | None:
        """The earliest start, in or after the last quarter of each of the task's dependencies, where every quarter
        of its span fits; None if none (finishing by ``last``, when given)."""
        graph = self.graph
        deps = graph.deps[task.key]
        if any(d not in self.plan for d in deps):
            return None
        first = max((self.plan[d] + graph.span[d] - 1 for d in deps), default=0)
        span = graph.span[task.key]
        end = graph.n - span if last is None else min(graph.n - span, last - span + 1)
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
    each at the earliest start after its dependencies where every quarter of its span fits; passes repeat until
    nothing more fits. ``Schedule.unplaced`` explains every item left out (``explain``).

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
    """Maximise total value, then, with the value held, earliness. One yes/no variable per task and feasible
    start. Money and hours in hundredths: costs (each quarter's share) rounded up and the room left after
    committed work rounded down, so whatever the model accepts is valid in exact arithmetic."""
    from ortools.sat.python import cp_model

    n, tasks, span = graph.n, graph.tasks, graph.span
    quarters = graph.problem.quarters
    budget = [_cents(_free(q.budget, q.committed_spend), ROUND_FLOOR) for q in quarters]
    capacity = [_cents(_free(q.hours, q.committed_hours), ROUND_FLOOR) for q in quarters]
    one = {k: [_cents(a, ROUND_CEILING) for a in graph.one[k]] for k in tasks}
    rec = {k: _cents(graph.rec[k], ROUND_CEILING) for k in tasks}
    hrs = {k: [_cents(a, ROUND_CEILING) for a in graph.hrs[k]] for k in tasks}
    total = math.fsum(t.value for t in tasks.values())
    digits = VALUE_DIGITS
    while digits > 0 and total * max(n, 1) * 10**digits > 1e12:
        digits -= 1
    val = {k: round(t.value * 10**digits) for k, t in tasks.items()}

    # Pinned items are constants: take them off the budgets and capacities.
    for task in graph.pinned:
        assert task.pinned is not None
        k, p = task.key, task.pinned
        for i in range(span[k]):
            budget[p + i] -= one[k][i]
            capacity[p + i] -= hrs[k][i]
        for q in range(p, n):
            budget[q] -= rec[k]
    if any(b < 0 for b in budget) or any(c < 0 for c in capacity):  # only from rounding sub-cent amounts
        return _CpResult("infeasible", None)

    # The starts each free item could take on its own: after its dependencies finish, its whole span inside the
    # plan and finished by its deadline.
    allowed: dict[str, list[int]] = {}
    for k in graph.topo:
        task = tasks[k]
        if task.pinned is not None:
            continue
        first = 0
        for d in graph.deps[k]:
            other = tasks[d]
            start = other.pinned if other.pinned is not None else min(allowed[d], default=n)
            first = max(first, start + span[d] - 1)
        last = n - span[k]
        if k in graph.deadline:
            last = min(last, graph.deadline[k] - span[k] + 1)
        allowed[k] = [
            s
            for s in range(first, last + 1)
            if all(one[k][i] + rec[k] <= budget[s + i] and hrs[k][i] <= capacity[s + i] for i in range(span[k]))
            and all(rec[k] <= budget[later] for later in range(s + span[k], n))
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
        terms = []
        for k, qs in allowed.items():
            for s in qs:
                if s > q:
                    break
                cost = rec[k] + (one[k][q - s] if q - s < span[k] else 0)
                if cost:
                    terms.append((x[k, s], cost))
        if terms:
            model.add(cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [c for _, c in terms]) <= budget[q])
        terms = [
            (x[k, s], hrs[k][q - s]) for k, qs in allowed.items() for s in qs if s <= q < s + span[k] and hrs[k][q - s]
        ]
        if terms:
            model.add(cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [c for _, c in terms]) <= capacity[q])
    for k, qs in allowed.items():
        for d in graph.deps[k]:
            if d not in allowed:  # pinned: the first allowed start is already at or after its last quarter
                continue
            for s in qs:
                model.add(x[k, s] <= sum(x[d, p] for p in allowed[d] if p + span[d] - 1 <= s))
    keys = [k for k, qs in allowed.items() for _ in qs]
    quarter_of = [q for qs in allowed.values() for q in qs]
    variables = [x[k, q] for k, q in zip(keys, quarter_of, strict=True)]
    value = cp_model.LinearExpr.weighted_sum(variables, [val[k] for k in keys])
    earliness = cp_model.LinearExpr.weighted_sum(
        variables, [val[k] * (n - span[k] - s) for k, s in zip(keys, quarter_of, strict=True)]
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


def solve(problem: Problem, *, time_limit: float = TIME_LIMIT, workers: int = 1, seed: int = 0) -> Schedule:
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


# ---------------------------------------------------------------------------------------------------------------
# Explaining what a plan leaves out


def explain(problem: Problem, plan: Mapping[str, int]) -> dict[str, Unplaced]:
    """Why each task the plan leaves out is not in it, in input order: the limit in the way (budget, hours, a
    dependency, or the plan's horizon), where it falls short and by how much at the start closest to fitting
    (least shortfall relative to what it needs), and what would let it in (``Remedy``). The plan's own load and
    the committed work are taken as they are.

    Raises ``Infeasible`` when ``validate`` finds problems, ``ValueError`` when the plan has keys that are not
    items of the problem."""
    _raise_if_invalid(problem)
    tasks = _task_index(problem)
    unknown = sorted(set(plan) - set(tasks))
    if unknown:
        raise ValueError(f"the plan has keys that are not items of the problem: {', '.join(unknown)}")
    n = len(problem.quarters)
    inside = {k: q for k, q in plan.items() if isinstance(q, int) and 0 <= q and q + _span(tasks[k]) <= n}
    return _explain(problem, inside, tasks)


@dataclass(frozen=True, slots=True)
class _Short:
    quarter: int
    limit: Literal["budget", "hours"]
    need: Decimal  # what the task needs there
    free: Decimal  # the room left there
    short: Decimal  # need − free, when positive

    @property
    def relative(self) -> float:
        return float(self.short / self.need) if self.need else 0.0


class _Room:
    """The room a plan leaves in each quarter, and what a task would lack at a given start."""

    def __init__(self, problem: Problem, plan: Mapping[str, int], tasks: Mapping[str, Task]) -> None:
        self.problem = problem
        self.plan = plan
        self.tasks = tasks
        self.words = _Words(problem)
        self.n = len(problem.quarters)
        spend, hours = _plan_load(problem, plan, tasks)
        self.used_budget = [q.committed_spend + x for q, x in zip(problem.quarters, spend, strict=True)]
        self.used_hours = [q.committed_hours + x for q, x in zip(problem.quarters, hours, strict=True)]
        self.free_budget = [_free(q.budget, u) for q, u in zip(problem.quarters, self.used_budget, strict=True)]
        self.free_hours = [_free(q.hours, u) for q, u in zip(problem.quarters, self.used_hours, strict=True)]
        self.max_budget = max((q.budget for q in problem.quarters), default=_ZERO)
        self.max_hours = max((q.hours for q in problem.quarters), default=_ZERO)
        self._spread: dict[tuple[Decimal, int], tuple[Decimal, ...]] = {}

    def spread(self, amount: Decimal, span: int) -> tuple[Decimal, ...]:
        shares = self._spread.get((amount, span))
        if shares is None:
            shares = self._spread[amount, span] = spread(amount, span)
        return shares

    def fits(self, one_time: Decimal, hours: Decimal, recurring: Decimal, start: int, span: int) -> bool:
        """``shorts`` is empty, found faster."""
        ones, hrs = self.spread(one_time, span), self.spread(hours, span)
        for i in range(span):
            q = start + i
            if ones[i] + recurring > self.free_budget[q] or hrs[i] > self.free_hours[q]:
                return False
        return all(recurring <= self.free_budget[q] for q in range(start + span, self.n))

    def shorts(self, one_time: Decimal, hours: Decimal, recurring: Decimal, start: int, span: int) -> list[_Short]:
        """Every (quarter, limit) where a task with these amounts, started at ``start``, would not fit."""
        ones, hrs = self.spread(one_time, span), self.spread(hours, span)
        found: list[_Short] = []
        for q in range(start, self.n):
            i = q - start
            need = (ones[i] if i < span else _ZERO) + recurring
            if need > self.free_budget[q]:
                found.append(_Short(q, "budget", need, self.free_budget[q], need - self.free_budget[q]))
            if i < span and hrs[i] > self.free_hours[q]:
                found.append(_Short(q, "hours", hrs[i], self.free_hours[q], hrs[i] - self.free_hours[q]))
        return found

    def task_shorts(self, task: Task, start: int, span: int | None = None) -> list[_Short]:
        recurring = MONTHS_PER_QUARTER * task.recurring_monthly_cost
        return self.shorts(task.one_time_cost, task.hours, recurring, start, task.duration if span is None else span)


def _explain(problem: Problem, plan: Mapping[str, int], tasks: Mapping[str, Task]) -> dict[str, Unplaced]:
    left = [t for t in tasks.values() if t.key not in plan]
    if not left:
        return {}
    room = _Room(problem, plan, tasks)
    return {t.key: _why(room, t) for t in left}


def _why(room: _Room, task: Task) -> Unplaced:
    words, n, plan, key = room.words, room.n, room.plan, task.key
    item, span = words.item(key), task.duration
    if span > n:
        plan_has = f"the plan's {_quarters(n)}" if n else "the plan, which has no quarters"
        pieces = f"Split it into items of at most {_quarters(n)} each, or plan over more quarters."
        return Unplaced(
            key,
            "horizon",
            None,
            _ZERO,
            f"{item} takes {_quarters(span)}, more than {plan_has}.",
            (Remedy("split", pieces),) if n else (),
        )

    deps = [d for d in dict.fromkeys(task.depends_on) if d not in room.problem.done and d in room.tasks]
    missing = [d for d in deps if d not in plan]
    if missing:
        one = len(missing) == 1
        return Unplaced(
            key,
            "dependency",
            None,
            _ZERO,
            f"{item} depends on {words.items(missing)}, which {'is' if one else 'are'} not scheduled.",
            tuple(
                Remedy("schedule-dependency", f"Schedule {words.item(d)} first; {item} can follow it.") for d in missing
            ),
        )
    finish = {d: plan[d] + _span(room.tasks[d]) - 1 for d in deps}
    first = max(finish.values(), default=0)
    latest = n - span if task.pinned is None else task.pinned
    if task.pinned is not None and task.pinned < first:
        first = task.pinned + 1  # so that the dependency case below explains it
    if first > latest:
        late = [d for d in deps if finish[d] > latest]
        one = len(late) == 1
        when = (
            f"is pinned to {words.q(latest)}"
            if task.pinned is not None
            else f"takes {_quarters(span)}, so it must start by {words.q(latest)}"
        )
        return Unplaced(
            key,
            "dependency",
            None,
            _ZERO,
            f"{item} {when}, but {words.items(late)} {'finishes' if one else 'finish'} later "
            f"({words.q(max(finish[d] for d in late))}).",
            tuple(
                Remedy("schedule-dependency", f"Schedule {words.item(d)} to finish by {words.q(latest)}.") for d in late
            ),
        )

    starts = [task.pinned] if task.pinned is not None else list(range(first, latest + 1))
    options = [(s, room.task_shorts(task, s)) for s in starts]
    start, shorts = min(options, key=lambda o: (math.fsum(x.relative for x in o[1]), o[0]))
    if not shorts:
        return Unplaced(
            key, "budget", start, _ZERO, f"{item} fits from {words.q(start)} as the plan stands; nothing stops it.", ()
        )
    worst = max(shorts, key=lambda x: (x.relative, -x.quarter, x.limit == "budget"))
    remedies = [_raise(room, x, several=len(shorts) > 1) for x in shorts]
    longer = _longer(room, task, starts if task.pinned is not None else None, first)
    if longer is not None:
        remedies.append(longer)
    split = _split(room, task, starts)
    if split is not None:
        remedies.append(split)
    return Unplaced(
        key, worst.limit, worst.quarter, worst.short, _short_reason(room, task, start, worst), tuple(remedies)
    )


def _short_reason(room: _Room, task: Task, start: int, x: _Short) -> str:
    words, item, q = room.words, room.words.item(task.key), x.quarter
    quarter = room.problem.quarters[q]
    span = task.duration
    if x.limit == "hours":
        what = f"{item} needs {_hours(x.need)} hours"
        if span > 1:
            what += f" in {words.q(q)} ({_hours(task.hours)} spread over {_quarters(span)})"
        if x.need > room.max_hours:
            what += f", more than any quarter's capacity ({_hours(room.max_hours)} hours)"
        committed = (
            f" ({_hours(quarter.committed_hours)} committed outside the plan)" if quarter.committed_hours else ""
        )
        return (
            f"{what}; {words.q(q)} has {_hours(x.free)} hours free of {_hours(quarter.hours)}{committed}, "
            f"{_hours(x.short)} hours short."
        )
    running = q < start + span
    if not running:
        what = f"The recurring cost of {item} needs {_money(x.need)} in {words.q(q)}"
    else:
        kind = (
            "recurring cost"
            if not task.one_time_cost
            else "one-time cost"
            if not task.recurring_monthly_cost
            else "one-time and recurring cost"
        )
        what = f"{item} needs {_money(x.need)} in {kind}"
        if span > 1:
            what += f" in {words.q(q)}"
    if x.need > room.max_budget:
        what += f", more than any quarter's budget ({_money(room.max_budget)})"
    committed = f" ({_money(quarter.committed_spend)} committed outside the plan)" if quarter.committed_spend else ""
    return (
        f"{what}; {words.q(q)} has {_money(x.free)} free of a {_money(quarter.budget)} budget{committed}, "
        f"{_money(x.short)} short."
    )


def _raise(room: _Room, x: _Short, *, several: bool) -> Remedy:
    words, q = room.words, x.quarter
    quarter = room.problem.quarters[q]
    also = ", together with the other raises listed" if several else ""
    if x.limit == "hours":
        new = room.used_hours[q] + x.need
        more = new - quarter.hours
        text = f"Raise {words.q(q)}'s hours capacity to {_hours(new)} hours ({_hours(more)} more){also}."
    else:
        new = room.used_budget[q] + x.need
        more = new - quarter.budget
        text = f"Raise {words.q(q)}'s budget to {_money(new)} ({_money(more)} more){also}."
    return Remedy("raise-limit", text, q, new)


def _longer(room: _Room, task: Task, pinned: Sequence[int] | None, first: int) -> Remedy | None:
    """The smallest longer duration whose spread shares fit the room left, at the earliest start that fits."""
    words = room.words
    recurring = MONTHS_PER_QUARTER * task.recurring_monthly_cost
    for span in range(task.duration + 1, room.n + 1):
        starts = [s for s in pinned if s + span <= room.n] if pinned is not None else range(first, room.n - span + 1)
        for s in starts:
            if room.fits(task.one_time_cost, task.hours, recurring, s, span):
                per = []
                if task.hours:
                    per.append(f"{_hours(spread(task.hours, span)[-1])} hours")
                if task.one_time_cost:
                    per.append(f"{_money(spread(task.one_time_cost, span)[-1])} of one-time cost")
                share = f" (up to {' and '.join(per)} a quarter)" if per else ""
                return Remedy(
                    "longer-duration",
                    f"Give it {_quarters(span)} instead of {task.duration}: spread from {words.q(s)} to "
                    f"{words.q(s + span - 1)}{share}, it fits the room left.",
                    s,
                    None,
                    span,
                )
    return _longer_than_any_quarter(room, task, pinned, first)


def _longer_than_any_quarter(room: _Room, task: Task, pinned: Sequence[int] | None, first: int) -> Remedy | None:
    """For a task whose hours or one-time cost exceed every quarter's limit: the smallest duration whose shares fit
    the quarters' limits themselves (not the room other items leave), so that scheduling again can make room for it
    by weighing it against them."""
    if task.hours <= room.max_hours and task.one_time_cost <= room.max_budget:
        return None
    words = room.words
    recurring = MONTHS_PER_QUARTER * task.recurring_monthly_cost
    quarters = room.problem.quarters
    for span in range(task.duration + 1, room.n + 1):
        starts = [s for s in pinned if s + span <= room.n] if pinned is not None else range(first, room.n - span + 1)
        ones, hrs = spread(task.one_time_cost, span), spread(task.hours, span)
        for s in starts:
            if all(
                ones[i] + recurring <= _free(quarters[s + i].budget, quarters[s + i].committed_spend)
                and hrs[i] <= _free(quarters[s + i].hours, quarters[s + i].committed_hours)
                for i in range(span)
            ):
                per = f"{_hours(hrs[-1])} hours" if task.hours > room.max_hours else f"{_money(ones[-1])}"
                return Remedy(
                    "longer-duration",
                    f"Give it {_quarters(span)} instead of {task.duration}: about {per} a quarter from {words.q(s)} "
                    f"fits the quarters' limits; schedule again to weigh it against the items there now.",
                    s,
                    None,
                    span,
                )
    return None


def _split(room: _Room, task: Task, starts: Sequence[int]) -> Remedy | None:
    """Split in two when a half (half the one-time cost, hours and monthly cost; the larger half when they do not
    halve evenly) fits somewhere; always offered when the item's hours or one-time cost exceed every quarter's
    limit."""
    words = room.words
    one_time, hours = spread(task.one_time_cost, 2)[-1], spread(task.hours, 2)[-1]
    monthly = spread(task.recurring_monthly_cost, 2)[-1]
    parts = []
    if task.hours:
        parts.append(f"{_hours(hours)} hours")
    if task.one_time_cost:
        parts.append(f"{_money(one_time)} of one-time cost")
    if task.recurring_monthly_cost:
        parts.append(f"{_money(monthly)} a month")
    if not parts:
        return None
    recurring = MONTHS_PER_QUARTER * monthly
    fits = next((s for s in starts if room.fits(one_time, hours, recurring, s, task.duration)), None)
    halves = f"Split it into two items of about {' and '.join(parts)} each"
    if fits is not None:
        return Remedy("split", f"{halves}: one half fits from {words.q(fits)}.", fits)
    too_big = []
    if task.hours > room.max_hours:
        too_big.append(
            f"its {_hours(task.hours)} hours are more than any quarter's capacity ({_hours(room.max_hours)} hours)"
        )
    if task.one_time_cost > room.max_budget:
        too_big.append(
            f"its one-time cost ({_money(task.one_time_cost)}) is more than any quarter's budget "
            f"({_money(room.max_budget)})"
        )
    if too_big:
        return Remedy("split", f"{halves}, or smaller: {' and '.join(too_big)}.")
    return None
