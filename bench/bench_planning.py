"""Benchmark: scheduling a client's action plan with CP-SAT against the greedy baseline.

Generates realistic random instances — by default 300 action items over 8 quarters: values from
``prioritise.item_value`` on 1–3 practice lifts each, 0–30,000 one-time cost, 0–1,500 monthly recurring cost
on about half of them, 4–120 hours, about 20 % of the items depending on 1–2 earlier items, a few pinned items
(one of them with dependencies the solver has to fit in before it), and budgets and hours that fit roughly
40–60 % of the work — then prints:

- the solve time of one full instance (median and max of several runs, the same answer each time?);
- the solve time across all the instances (median, max), and how often each method answered;
- the value of the solver's plan over the greedy plan (min, mean, max), which must never be below 1.0;
- the multi-quarter case: the same instances with a third of the items spanning 2–4 quarters (bigger projects:
  their one-time cost and hours times their duration) and work committed outside the plan in the first two
  quarters (10–25 % of their budget and hours): greedy time, solve time (median, max), the time ``explain``
  adds, and the value ratio solve / greedy over ``--multi-instances`` instances.

    python bench/bench_planning.py                       # 50 instances of 300 items × 8 quarters
    python bench/bench_planning.py --instances 10 --items 100 --quarters 4 --seed 3
    python bench/bench_planning.py --instances 0 --multi-instances 20   # only the multi-quarter case

Pure Python and OR-Tools: no database, no Django settings. Exits 1 when the solver's plan is ever worse than
the greedy plan (value, then earliness) or breaks a rule.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import replace
from decimal import Decimal

from sevenc.planning.domain import schedule as schedule_module
from sevenc.planning.domain.critical import critical_first
from sevenc.planning.domain.prioritise import ItemInput, Lift, Rates, item_value
from sevenc.planning.domain.schedule import Problem, Quarter, Schedule, Task, check, greedy, solve, validate

BLOCKS = ("contract", "capacity", "continuous", "compliance", "control", "communication", "culture")
PRACTICES = 139
RATES = Rates(hourly_rate=Decimal(120), urgency_boost=0.5)


def _say(text: str) -> None:
    print(text, flush=True)


def _money(rng: random.Random, top: int, step: int = 10) -> Decimal:
    return Decimal(round(rng.uniform(0, top) / step) * step)


def generate(*, items: int, quarters: int, seed: int, multi: float = 0.0) -> Problem:
    """One client's plan: ``items`` action items over ``quarters`` quarters that fit roughly 40–60 % of the work.

    With ``multi`` > 0, that share of the items spans 2–4 quarters (their one-time cost and hours times their
    duration) and the first two quarters carry committed work (10–25 % of their limits). The durations and the
    committed work come from a second random stream, so ``multi=0`` gives the same instances as before."""
    rng = random.Random(seed)
    spans = random.Random(seed + 1_000_003)
    shares = [rng.uniform(0.5, 2.0) for _ in range(PRACTICES)]
    total_share = sum(shares)
    tasks: list[Task] = []
    for i in range(items):
        lifts = []
        for p in rng.sample(range(PRACTICES), rng.randint(1, 3)):
            current = rng.randint(0, 3)
            target = min(5, current + rng.randint(1, 2))
            lifts.append(
                Lift(
                    f"p{p:03d}",
                    BLOCKS[p % len(BLOCKS)],
                    current if rng.random() > 0.05 else None,
                    target,
                    min(5, current + rng.randint(1, 2)),
                    shares[p] / total_share,
                )
            )
        one_time = _money(rng, 30000) if rng.random() > 0.1 else Decimal(0)
        monthly = _money(rng, 1500, 5) if rng.random() < 0.5 else Decimal(0)
        hours = Decimal(rng.randint(4, 120))
        duration = min(quarters, spans.randint(2, 4)) if spans.random() < multi else 1
        one_time, hours = one_time * duration, hours * duration
        value = item_value(ItemInput(f"i{i:03d}", tuple(lifts), one_time, monthly, hours), RATES)
        deps: tuple[str, ...] = ()
        if i > 0 and rng.random() < 0.2:
            deps = tuple(f"i{j:03d}" for j in sorted(rng.sample(range(i), min(i, rng.randint(1, 2)))))
        tasks.append(Task(f"i{i:03d}", value, one_time, monthly, hours, deps, None, "", duration))

    middle = quarters / 2  # an item started halfway pays its recurring cost for about half the plan
    work = sum(t.one_time_cost + 3 * t.recurring_monthly_cost * Decimal(middle) for t in tasks)
    hours_total = sum(t.hours for t in tasks)
    fit = Decimal(str(rng.uniform(0.4, 0.6)))
    plan_quarters = tuple(
        Quarter(
            (work * fit / quarters * Decimal(str(rng.uniform(0.8, 1.2)))).quantize(Decimal("1E3")),
            (hours_total * fit / quarters * Decimal(str(rng.uniform(0.8, 1.2)))).quantize(Decimal(1)),
            f"Q{q + 1}",
        )
        for q in range(quarters)
    )
    if multi:
        plan_quarters = tuple(
            replace(
                q,
                committed_spend=(q.budget * Decimal(str(spans.uniform(0.1, 0.25)))).quantize(Decimal(1)),
                committed_hours=(q.hours * Decimal(str(spans.uniform(0.1, 0.25)))).quantize(Decimal(1)),
            )
            if index < 2
            else q
            for index, q in enumerate(plan_quarters)
        )

    # A few pinned items (commitments the client already made), one of them waiting on unpinned items.
    for _ in range(20):
        pinned = list(tasks)
        free = [i for i, t in enumerate(tasks) if not t.depends_on and t.one_time_cost < 8000]
        for i in rng.sample(free, min(len(free), 4)):
            t = pinned[i]
            pinned[i] = replace(t, pinned=min(rng.randrange(quarters), quarters - t.duration))
        waiting = [i for i, t in enumerate(tasks) if t.depends_on and t.one_time_cost < 8000]
        if waiting and quarters > 2:
            t = pinned[rng.choice(waiting)]
            pinned[tasks.index(t)] = replace(
                t, pinned=min(rng.randrange(quarters // 2, quarters), quarters - t.duration)
            )
        problem = Problem(plan_quarters, tuple(pinned))
        if not validate(problem):
            return problem
    return Problem(plan_quarters, tuple(tasks))


CPU: list[float] = []  # the process's CPU time of each ``timed`` call, the last last


def timed(problem: Problem, time_limit: float, workers: int) -> tuple[Schedule, float]:
    """``solve`` and its wall time; its CPU time (all threads of the process) goes to ``CPU``, which a machine
    busy with other work inflates far less than the wall time."""
    started, cpu = time.perf_counter(), time.process_time()
    schedule = solve(problem, time_limit=time_limit, workers=workers)
    CPU.append(time.process_time() - cpu)
    return schedule, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instances", type=int, default=50)
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--quarters", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=5, help="runs of the one full instance")
    parser.add_argument("--time-limit", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--multi-instances", type=int, default=10, help="instances of the multi-quarter case")
    args = parser.parse_args(argv)
    _say(
        f"sevenc planning benchmark: {args.items} items × {args.quarters} quarters, time limit "
        f"{args.time_limit:g} s, {args.workers} workers"
    )
    failures: list[str] = []

    problem = generate(items=args.items, quarters=args.quarters, seed=args.seed)
    pinned = sum(t.pinned is not None for t in problem.tasks)
    deps = sum(bool(t.depends_on) for t in problem.tasks)
    _say(f"one instance: {deps} items with dependencies, {pinned} pinned")
    started = time.perf_counter()
    base = greedy(problem)
    greedy_ms = (time.perf_counter() - started) * 1000
    runs = [timed(problem, args.time_limit, args.workers) for _ in range(args.runs)]
    times = [t for _, t in runs]
    cpu = statistics.median(CPU[-args.runs :])
    plans = {tuple(s.plan.items()) for s, _ in runs}
    first = runs[0][0]
    _say(
        f"  greedy                       {greedy_ms:8.1f} ms   value {base.value:8.3f}  "
        f"scheduled {len(base.plan)}/{len(problem.tasks)}"
    )
    _say(
        f"  solve: median {statistics.median(times):5.2f} s, max {max(times):5.2f} s (CPU median {cpu:5.2f} s)   "
        f"value {first.value:8.3f}  scheduled {len(first.plan)}/{len(problem.tasks)}  method {first.method}"
    )
    _say(f"  the same plan in all {args.runs} runs: {'yes' if len(plans) == 1 else f'no ({len(plans)} plans)'}")

    if args.instances:
        _say(f"\n{args.instances} instances (seeds {args.seed + 1}…{args.seed + args.instances}):")
        times, ratios = [], []
        methods: Counter[str] = Counter()
        for n in range(args.instances):
            instance = generate(items=args.items, quarters=args.quarters, seed=args.seed + 1 + n)
            base = greedy(instance)
            schedule, seconds = timed(instance, args.time_limit, args.workers)
            times.append(seconds)
            methods[schedule.method] += 1
            ratios.append(schedule.value / base.value if base.value else 1.0)
            broken = check(instance, schedule.plan)
            if broken:
                failures.append(f"instance {n}: the solver's plan breaks rules: {broken[:3]}")
            if (schedule.value, schedule.earliness) < (base.value, base.earliness):
                failures.append(
                    f"instance {n}: solver {schedule.value:.4f}/{schedule.earliness:.4f} is worse than "
                    f"greedy {base.value:.4f}/{base.earliness:.4f}"
                )
        cpu = statistics.median(CPU[-args.instances :])
        _say(
            f"  solve time: median {statistics.median(times):5.2f} s, max {max(times):5.2f} s (CPU median "
            f"{cpu:5.2f} s)   (goal < 2 s)"
        )
        _say("  methods: " + ", ".join(f"{m} {c}" for m, c in sorted(methods.items())))
        _say(
            f"  value solver / greedy: min {min(ratios):.4f}, mean {statistics.fmean(ratios):.4f}, "
            f"max {max(ratios):.4f}   (must be ≥ 1.0)"
        )
    failures += multi_case(args)
    for failure in failures:
        _say("FAIL " + failure)
    return 1 if failures else 0


def multi_case(args: argparse.Namespace) -> list[str]:
    """A third of the items spanning 2–4 quarters, committed work in the first two quarters."""
    failures: list[str] = []
    _say(
        f"\nmulti-quarter: {args.items} items (a third multi-quarter, durations 2–4) × {args.quarters} quarters, "
        "committed work in the first two"
    )
    problem = generate(items=args.items, quarters=args.quarters, seed=args.seed, multi=1 / 3)
    long_ = sum(t.duration > 1 for t in problem.tasks)
    pinned = sum(t.pinned is not None for t in problem.tasks)
    _say(f"one instance: {long_} items spanning 2–4 quarters, {pinned} pinned")
    greedy_times, explain_times = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        base = greedy(problem)
        greedy_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        schedule_module.explain(problem, base.plan)
        explain_times.append(time.perf_counter() - started)
    explain_ms = statistics.median(explain_times) * 1000
    runs = [timed(problem, args.time_limit, args.workers) for _ in range(args.runs)]
    times = [t for _, t in runs]
    cpu = statistics.median(CPU[-args.runs :])
    first = runs[0][0]
    plans = {tuple(s.plan.items()) for s, _ in runs}
    limits = Counter(u.limit for u in first.unplaced.values())
    _say(
        f"  greedy: median {statistics.median(greedy_times) * 1000:7.1f} ms (explain {explain_ms:5.1f} ms of it)   "
        f"value {base.value:8.3f}  scheduled {len(base.plan)}/{len(problem.tasks)}"
    )
    _say(
        f"  solve: median {statistics.median(times):5.2f} s, max {max(times):5.2f} s (CPU median {cpu:5.2f} s)   "
        f"value {first.value:8.3f}  scheduled {len(first.plan)}/{len(problem.tasks)}  method {first.method}   "
        "(goal < 2 s)"
    )
    _say(f"  value solver / greedy: {first.value / base.value if base.value else 1.0:.4f}")
    _say("  left out, by limit: " + ", ".join(f"{k} {v}" for k, v in sorted(limits.items())))
    _say(f"  the same plan in all {args.runs} runs: {'yes' if len(plans) == 1 else f'no ({len(plans)} plans)'}")
    # what "Schedule the open items" runs: critical work first (a fifth of the items critical), then the rest
    critical = {t.key for n, t in enumerate(problem.tasks) if n % 5 == 0}
    first_times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        held = critical_first(problem, critical, time_limit=args.time_limit)
        first_times.append(time.perf_counter() - started)
    if check(problem, held.plan):
        failures.append("critical first: the plan breaks rules")
    _say(
        f"  critical first (a fifth critical): median {statistics.median(first_times):5.2f} s, "
        f"max {max(first_times):5.2f} s   critical placed {len(critical & set(held.plan))}/{len(critical)} "
        f"(solve alone {len(critical & set(first.plan))})   value {held.value:8.3f}   (goal < 2 s)"
    )
    if not args.multi_instances:
        return failures
    times, ratios = [], []
    methods: Counter[str] = Counter()
    for n in range(args.multi_instances):
        instance = generate(items=args.items, quarters=args.quarters, seed=args.seed + 1 + n, multi=1 / 3)
        base = greedy(instance)
        result, seconds = timed(instance, args.time_limit, args.workers)
        times.append(seconds)
        methods[result.method] += 1
        ratios.append(result.value / base.value if base.value else 1.0)
        if check(instance, result.plan):
            failures.append(f"multi-quarter instance {n}: the solver's plan breaks rules")
        if (result.value, result.earliness) < (base.value, base.earliness):
            failures.append(f"multi-quarter instance {n}: the solver's plan is worse than greedy's")
        if list(result.unplaced) != list(result.unscheduled):
            failures.append(f"multi-quarter instance {n}: an item left out has no explanation")
    _say(f"{args.multi_instances} multi-quarter instances (seeds {args.seed + 1}…{args.seed + args.multi_instances}):")
    cpu = statistics.median(CPU[-args.multi_instances :])
    _say(
        f"  solve time: median {statistics.median(times):5.2f} s, max {max(times):5.2f} s (CPU median {cpu:5.2f} s)"
        "   (goal < 2 s)"
    )
    _say("  methods: " + ", ".join(f"{m} {c}" for m, c in sorted(methods.items())))
    _say(
        f"  value solver / greedy: min {min(ratios):.4f}, mean {statistics.fmean(ratios):.4f}, "
        f"max {max(ratios):.4f}   (must be ≥ 1.0)"
    )
    return failures


if __name__ == "__main__":
    sys.exit(main())
