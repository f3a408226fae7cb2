"""Critical work first: schedule the items that lift critical or Continuous practices before the rest.

Pure: stdlib and ``schedule`` only. The scheduler maximises the total value of a plan, so a large backup or security
project can lose its place to several smaller items worth more together. The vCIO's rule is different: the
critical work goes in first, where it fits, and the rest fills the room left. ``critical_first`` runs the scheduler
twice: first over the critical tasks alone (with what they depend on and the pinned tasks, which take their room
anyway; only the critical tasks count), then over every task with the critical ones held where the first run put
them. Both runs keep every rule of a plan (``schedule.check``). docs/planning.md ("Critical work") describes it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import Final, Literal

from sevenc.planning.domain import schedule

Run = Literal["solver", "greedy"]
FIRST_SHARE: Final = 0.2  # of the time limit for the first run (the critical items alone); the second gets the rest


def _closure(problem: schedule.Problem, keys: Collection[str]) -> set[str]:
    """The keys with everything they depend on (directly or not) among the problem's tasks."""
    tasks = {t.key: t for t in problem.tasks}
    out: set[str] = set()
    stack = [k for k in keys if k in tasks]
    while stack:
        key = stack.pop()
        if key in out:
            continue
        out.add(key)
        stack.extend(d for d in tasks[key].depends_on if d in tasks and d not in out)
    return out


def _run(problem: schedule.Problem, method: Run, time_limit: float) -> schedule.Schedule:
    return schedule.greedy(problem) if method == "greedy" else schedule.solve(problem, time_limit=time_limit)


def critical_value(problem: schedule.Problem, plan: Collection[str], critical: Collection[str]) -> float:
    """The value of the critical tasks a plan places."""
    wanted = set(critical)
    return sum(t.value for t in problem.tasks if t.key in wanted and t.key in plan)


def first_pass(
    problem: schedule.Problem, critical: Collection[str], *, method: Run = "solver", time_limit: float = 0.45
) -> schedule.Schedule:
    """The first run: the critical tasks alone, with what they depend on and the pinned tasks (which take their room
    anyway); only the critical tasks are worth anything."""
    wanted = {t.key for t in problem.tasks} & set(critical)
    pinned = {t.key for t in problem.tasks if t.pinned is not None}
    keys = _closure(problem, wanted | pinned)
    first = schedule.Problem(
        quarters=problem.quarters,
        tasks=tuple(t if t.key in wanted else replace(t, value=0.0) for t in problem.tasks if t.key in keys),
        done=problem.done,
    )
    return _run(first, method, time_limit)


def critical_first(
    problem: schedule.Problem,
    critical: Collection[str],
    *,
    method: Run = "solver",
    time_limit: float = schedule.TIME_LIMIT,
) -> schedule.Schedule:
    """Place the critical tasks first, then the rest around them. ``time_limit`` is the whole budget of deterministic
    time: the first run gets ``FIRST_SHARE`` of it, the second the rest. Raises ``schedule.Infeasible`` as the
    scheduler does. With no critical task it is one ordinary run with the whole limit."""
    wanted = {t.key for t in problem.tasks} & set(critical)
    if not wanted:
        return _run(problem, method, time_limit)
    pinned = {t.key for t in problem.tasks if t.pinned is not None}
    held = first_pass(problem, wanted, method=method, time_limit=time_limit * FIRST_SHARE).plan
    # hold the critical tasks placed and the pinned ones, with what they depend on; not the tasks the first run only
    # added because they were free to add (they compete with the rest in the second run)
    keep = _closure(problem, [k for k in wanted | pinned if k in held]) & set(held)
    second = schedule.Problem(
        quarters=problem.quarters,
        tasks=tuple(replace(t, pinned=held[t.key]) if t.key in keep and t.pinned is None else t for t in problem.tasks),
        done=problem.done,
    )
    return _run(second, method, time_limit * (1 - FIRST_SHARE))
