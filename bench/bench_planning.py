"""Benchmark: scheduling a client's action plan with CP-SAT against the greedy baseline.

Generates realistic random instances — by default 300 action items over 8 quarters: values from
``prioritise.item_value`` on 1–3 practice lifts each, 0–30,000 one-time cost, 0–1,500 monthly recurring cost
on about half of them, 4–120 hours, about 20 % of the items depending on 1–2 earlier items, a few pinned items
(one of them with dependencies the solver has to fit in before it), and budgets and hours that fit roughly
40–60 % of the work — then prints:

- the solve time of one full instance (median and max of several runs, the same answer each time?);
- the solve time across all the instances (median, max), and how often each method answered;
- the value of the solver's plan over the greedy plan (min, mean, max), which must never be below 1.0.

    python bench/bench_planning.py                       # 50 instances of 300 items × 8 quarters
    python bench/bench_planning.py --instances 10 --items 100 --quarters 4 --seed 3

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
from decimal import Decimal

from sevenc.planning.domain.prioritise import ItemInput, Lift, Rates, item_value
from sevenc.planning.domain.schedule import Problem, Quarter, Schedule, Task, check, greedy, solve, validate

BLOCKS = ("contract", "capacity", "continuous", "compliance", "control", "communication", "culture")
PRACTICES = 139
RATES = Rates(hourly_rate=Decimal(120), urgency_boost=0.5)


def _say(text: str) -> None:
    print(text, flush=True)


def _money(rng: random.Random, top: int, step: int = 10) -> Decimal:
    return Decimal(round(rng.uniform(0, top) / step) * step)


def generate(*, items: int, quarters: int, seed: int) -> Problem:
    """One client's plan: ``items`` action items over ``quarters`` quarters that fit roughly 40–60 % of the work."""
    rng = random.Random(seed)
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
        value = item_value(ItemInput(f"i{i:03d}", tuple(lifts), one_time, monthly, hours), RATES)
        deps: tuple[str, ...] = ()
        if i > 0 and rng.random() < 0.2:
            deps = tuple(f"i{j:03d}" for j in sorted(rng.sample(range(i), min(i, rng.randint(1, 2)))))
        tasks.append(Task(f"i{i:03d}", value, one_time, monthly, hours, deps))

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

    # A few pinned items (commitments the client already made), one of them waiting on unpinned items.
    for _ in range(20):
        pinned = list(tasks)
        free = [i for i, t in enumerate(tasks) if not t.depends_on and t.one_time_cost < 8000]
        for i in rng.sample(free, min(len(free), 4)):
            t = pinned[i]
            pinned[i] = Task(
                t.key,
                t.value,
                t.one_time_cost,
                t.recurring_monthly_cost,
                t.hours,
                t.depends_on,
                rng.randrange(quarters),
            )
        waiting = [i for i, t in enumerate(tasks) if t.depends_on and t.one_time_cost < 8000]
        if waiting and quarters > 2:
            t = pinned[rng.choice(waiting)]
            pinned[tasks.index(t)] = Task(
                t.key,
                t.value,
                t.one_time_cost,
                t.recurring_monthly_cost,
                t.hours,
                t.depends_on,
                rng.randrange(quarters // 2, quarters),
            )
        problem = Problem(plan_quarters, tuple(pinned))
        if not validate(problem):
            return problem
    return Problem(plan_quarters, tuple(tasks))


def timed(problem: Problem, time_limit: float, workers: int) -> tuple[Schedule, float]:
    started = time.perf_counter()
    schedule = solve(problem, time_limit=time_limit, workers=workers)
    return schedule, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instances", type=int, default=50)
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--quarters", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=5, help="runs of the one full instance")
    parser.add_argument("--time-limit", type=float, default=1.5)
    parser.add_argument("--workers", type=int, default=1)
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
    plans = {tuple(s.plan.items()) for s, _ in runs}
    first = runs[0][0]
    _say(
        f"  greedy                       {greedy_ms:8.1f} ms   value {base.value:8.3f}  "
        f"scheduled {len(base.plan)}/{len(problem.tasks)}"
    )
    _say(
        f"  solve: median {statistics.median(times):5.2f} s, max {max(times):5.2f} s   value {first.value:8.3f}  "
        f"scheduled {len(first.plan)}/{len(problem.tasks)}  method {first.method}"
    )
    _say(f"  the same plan in all {args.runs} runs: {'yes' if len(plans) == 1 else f'no ({len(plans)} plans)'}")

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
    _say(f"  solve time: median {statistics.median(times):5.2f} s, max {max(times):5.2f} s   (goal < 2 s)")
    _say("  methods: " + ", ".join(f"{m} {c}" for m, c in sorted(methods.items())))
    _say(
        f"  value solver / greedy: min {min(ratios):.4f}, mean {statistics.fmean(ratios):.4f}, "
        f"max {max(ratios):.4f}   (must be ≥ 1.0)"
    )
    for failure in failures:
        _say("FAIL " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
