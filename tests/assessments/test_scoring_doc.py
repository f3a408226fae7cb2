"""docs/scoring.md's worked example is run through the code, so the page and the code cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sevenc.assessments.domain.gaps import Targets, gap_analysis
from sevenc.assessments.domain.scoring import NA, UNKNOWN, Answer, AreaSpec, BlockSpec, PracticeSpec, Score, Tree, score

DOC = Path(__file__).resolve().parents[2] / "docs" / "scoring.md"
TOLERANCE = 5e-5  # the page shows 4 decimals


def example(name: str) -> list[dict[str, str]]:
    """The rows of the ```text block whose first line is '# worked example: <name>', as dicts by header."""
    blocks = re.findall(r"```text\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    found = [b for b in blocks if b.startswith(f"# worked example: {name}\n")]
    assert len(found) == 1, f"docs/scoring.md has {len(found)} '{name}' examples"
    lines = found[0].splitlines()[1:]
    header = lines[0].split()
    rows = [line.split() for line in lines[1:] if line.strip()]
    return [
        dict(zip(header, row, strict=True)) if len(row) == len(header) else {"_line": " ".join(row)} for row in rows
    ]


def number(text: str) -> float | None:
    return None if text == "-" else float(text)


def example_assessment() -> tuple[Tree, dict[str, Answer]]:
    rows = example("practices")
    blocks = {r["block"]: float(r["block_weight"]) for r in rows}
    areas = {r["area"]: (r["block"], float(r["area_weight"])) for r in rows}
    tree = Tree(
        tuple(BlockSpec(k, w) for k, w in blocks.items()),
        tuple(AreaSpec(k, b, w) for k, (b, w) in areas.items()),
        tuple(PracticeSpec(r["practice"], r["area"], float(r["weight"]), r["critical"] == "yes") for r in rows),
    )
    answers: dict[str, Answer] = {}
    for r in rows:
        if r["answer"] == "na":
            answers[r["practice"]] = NA
        elif r["answer"] == "unknown":
            answers[r["practice"]] = UNKNOWN
        elif r["answer"] != "-":
            answers[r["practice"]] = int(r["answer"])
    return tree, answers


def test_it_documents_a_consistent_example() -> None:
    rows = example("practices")
    assert len(rows) == 10
    for r in rows:  # a block's or area's weight is repeated on each of its rows: it must not differ
        assert all(o["block_weight"] == r["block_weight"] for o in rows if o["block"] == r["block"])
        assert all(o["area_weight"] == r["area_weight"] for o in rows if o["area"] == r["area"])


@pytest.mark.parametrize("row", [r for r in example("results") if "_line" not in r], ids=lambda r: r["key"])
def test_it_gives_the_documented_scores(row: dict[str, str]) -> None:
    tree, answers = example_assessment()
    scores = score(tree=tree, answers=answers)
    got: Score = (
        {"area": scores.areas, "block": scores.blocks}[row["scope"]][row["key"]]
        if row["scope"] != "overall"
        else scores.overall
    )
    for name in ("score", "pessimistic"):
        want = number(row[name])
        value = getattr(got, name)
        assert (value is None) == (want is None), name
        if want is not None:
            assert value == pytest.approx(want, abs=TOLERANCE), name
    assert got.coverage == pytest.approx(float(row["coverage"]), abs=TOLERANCE)
    assert got.gated_level == int(row["gated"])
    assert got.provisional == (row["provisional"] == "yes")
    assert (got.answered, got.total, got.na, got.unknown) == tuple(
        int(row[k]) for k in ("answered", "total", "na", "unknown")
    )


def test_it_gives_the_documented_progress() -> None:
    tree, answers = example_assessment()
    [line] = [r["_line"] for r in example("results") if "_line" in r]
    assert line.startswith("progress ")
    documented = dict(part.split("=") for part in line.split()[1:])
    progress = score(tree=tree, answers=answers).progress
    assert {k: getattr(progress, k) for k in documented} == {k: int(v) for k, v in documented.items()}


def test_it_gives_the_documented_gaps_in_the_documented_order() -> None:
    tree, answers = example_assessment()
    targets = Targets(blocks={"A": 3.5}, areas={"A1": 4}, practices={"b1.p1": 4})
    report = gap_analysis(tree=tree, scores=score(tree=tree, answers=answers), targets=targets)
    rows = example("gaps")
    assert [(r.scope, r.key) for r in report.items] == [(r["scope"], r["key"]) for r in rows]
    for got, want in zip(report.items, rows, strict=True):
        current = number(want["current"])
        assert (got.current is None) == (current is None)
        if current is not None:
            assert got.current == pytest.approx(current, abs=TOLERANCE)
        for name in ("target", "gap", "weight_share", "weighted_gap"):
            assert getattr(got, name) == pytest.approx(float(want[name]), abs=TOLERANCE), (got.key, name)
