"""Benchmark: analysing a client's responsibility matrix (``sevenc.responsibility.domain.analysis.analyse``).

Generates a realistic random matrix — by default 250 areas × 30 parties: the MSP, internal roles, people, the
ISP and software, hardware and cloud vendors and consultants, some with contracts that have ended; per area
usually one R (the MSP in about half of them, none in ~5 %, two in ~8 %), usually one A (none in ~8 %, two in
~2 %), 0–3 C and 0–4 I; 30 % high, 45 % medium, 25 % low criticality; practice scores for most of the 139
practices — then prints the median and max of several runs of ``analyse`` (goal: median < 50 ms) and of
building the ``Matrix`` (its validation), and what the analysis found.

    python bench/bench_responsibility.py
    python bench/bench_responsibility.py --areas 500 --parties 40 --runs 50 --seed 3

Pure Python: no database, no Django settings.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta

from sevenc.responsibility.domain.analysis import Area, Cell, Matrix, Party, Role, analyse

TODAY = date(2026, 11, 27)
PRACTICES = 139
GOAL_MS = 50.0
# (kind, how many of every 30 parties)
MIX = (
    ("msp", 1),
    ("internal_role", 8),
    ("person", 6),
    ("isp", 1),
    ("software_vendor", 6),
    ("hardware_vendor", 3),
    ("cloud_vendor", 3),
    ("consultant", 2),
)
OPTIONAL_ROLES: tuple[tuple[Role, int], ...] = (("C", 3), ("I", 4))  # each area: 0–3 C and 0–4 I


def _say(text: str) -> None:
    print(text, flush=True)


Generated = tuple[list[Area], list[Party], list[Cell], dict[str, float | None]]


def generate(*, areas: int, parties: int, seed: int) -> Generated:
    rng = random.Random(seed)
    kinds = [kind for kind, n in MIX for _ in range(n)]
    kinds = (kinds * (parties // len(kinds) + 1))[:parties]
    party_list = []
    for j, kind in enumerate(kinds):
        ends = None
        if kind not in ("internal_role", "person") and rng.random() < 0.6:
            ends = TODAY + timedelta(days=rng.randint(-200, 900))  # about a fifth have ended
        name = "Northwind IT" if kind == "msp" else f"{kind.replace('_', ' ').capitalize()} {j}"
        party_list.append(Party(f"party-{j:02d}", name, kind, ends))
    msp = party_list[0].key
    others = [p.key for p in party_list[1:]]
    area_list = [
        Area(
            f"area-{i:03d}",
            f"Duty number {i}",
            rng.choices(("high", "medium", "low"), (30, 45, 25))[0],
            f"practice-{rng.randrange(PRACTICES):03d}",
            f"group-{i // 12}",
            i,
        )
        for i in range(areas)
    ]
    cells: list[Cell] = []
    for area in area_list:
        roles: dict[str, Role] = {}
        r = rng.random()
        responsible = 0 if r < 0.05 else 2 if r > 0.92 else 1
        for _ in range(responsible):
            roles[msp if rng.random() < 0.5 and msp not in roles else rng.choice(others)] = "R"
        a = rng.random()
        for _ in range(0 if a < 0.08 else 2 if a > 0.98 else 1):
            roles.setdefault(rng.choice(others), "A")
        for role, most in OPTIONAL_ROLES:
            for key in rng.sample(others, rng.randint(0, most)):
                roles.setdefault(key, role)
        cells += [Cell(area.key, key, role) for key, role in roles.items()]
    rng.shuffle(cells)
    scores: dict[str, float | None] = {
        f"practice-{k:03d}": (None if rng.random() < 0.1 else rng.uniform(0, 100))
        for k in range(PRACTICES)
        if rng.random() < 0.9
    }
    return area_list, party_list, cells, scores


def _ms(seconds: list[float]) -> str:
    return f"median {statistics.median(seconds) * 1000:7.2f} ms, max {max(seconds) * 1000:7.2f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--areas", type=int, default=250)
    parser.add_argument("--parties", type=int, default=30)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    areas, parties, cells, scores = generate(areas=args.areas, parties=args.parties, seed=args.seed)
    _say(
        f"sevenc responsibility benchmark: {len(areas)} areas × {len(parties)} parties, {len(cells)} cells, "
        f"{sum(v is not None for v in scores.values())} practice scores; {args.runs} runs"
    )

    built, analysed = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        matrix = Matrix(tuple(areas), tuple(parties), tuple(cells))
        built.append(time.perf_counter() - started)
        started = time.perf_counter()
        result = analyse(matrix, practice_scores=scores, today=TODAY)
        analysed.append(time.perf_counter() - started)
    median_ms = statistics.median(analysed) * 1000
    _say(f"  Matrix(...) (validation)  {_ms(built)}")
    _say(
        f"  analyse                   {_ms(analysed)}   (goal < {GOAL_MS:g} ms: "
        f"{'ok' if median_ms < GOAL_MS else 'MISSED'})"
    )
    _say(
        f"  found: {len(result.no_responsible)} areas without R, {len(result.no_accountable)} without A "
        f"({len(result.falls_to_ceo)} fall to the CEO), {len(result.several_accountable)} with several A, "
        f"{len(result.single_points_of_failure)} single points of failure, {len(result.concentration)} "
        f"concentrations, {len(result.ended_contracts)} ended contracts, {len(result.low_score_owned)} low-score "
        f"ownerships; {len(result.findings)} findings"
    )
    for finding in result.findings[:5]:
        _say(f"    [{finding.severity}] {finding.sentence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
