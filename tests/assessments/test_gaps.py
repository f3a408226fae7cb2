"""gaps.gap_analysis: target − current, weighted by importance (pure: no database)."""

from __future__ import annotations

import math

import pytest

from sevenc.assessments.domain.gaps import GapRow, Targets, below_target, gap_analysis
from sevenc.assessments.domain.scoring import (
    NA,
    UNKNOWN,
    Answer,
    AreaSpec,
    BlockSpec,
    PracticeSpec,
    Tree,
    Weights,
    score,
)

# Block x (weight 3): areas x1 (weight 1: p1, p2), x2 (weight 1: p3). Block y (weight 1): area y1 (p4 weight 3, p5).
TREE = Tree(
    (BlockSpec("x", 3), BlockSpec("y", 1)),
    (AreaSpec("x1", "x"), AreaSpec("x2", "x"), AreaSpec("y1", "y")),
    (
        PracticeSpec("p1", "x1"),
        PracticeSpec("p2", "x1"),
        PracticeSpec("p3", "x2"),
        PracticeSpec("p4", "y1", 3),
        PracticeSpec("p5", "y1"),
    ),
)
ANSWERS: dict[str, Answer] = {"p1": 1, "p2": 4, "p3": UNKNOWN, "p4": 2, "p5": 3}


def report(
    targets: Targets, answers: dict[str, Answer] | None = None, weights: Weights | None = None
) -> dict[tuple[str, str], GapRow]:
    scores = score(tree=TREE, answers=answers if answers is not None else ANSWERS, weights=weights)
    result = gap_analysis(tree=TREE, scores=scores, targets=targets, weights=weights)
    return {(row.scope, row.key): row for row in result.items}


def test_it_inherits_practice_targets_from_the_area_then_the_block() -> None:
    rows = report(Targets(blocks={"x": 3}, areas={"x2": 4}, practices={"p1": 2}))
    targets = {key: row.target for key, row in rows.items()}
    assert targets == {
        ("block", "x"): 60.0,
        ("area", "x1"): 60.0,
        ("area", "x2"): 80.0,
        ("practice", "p1"): 40.0,
        ("practice", "p2"): 60.0,
        ("practice", "p3"): 80.0,
    }


def test_it_rolls_no_target_up_from_areas_or_practices() -> None:
    rows = report(Targets(areas={"y1": 3}, practices={"p1": 2}))
    assert set(rows) == {("area", "y1"), ("practice", "p4"), ("practice", "p5"), ("practice", "p1")}


def test_it_computes_gaps_counting_a_missing_current_as_zero() -> None:
    rows = report(Targets(blocks={"x": 3.5}))
    assert rows[("practice", "p1")].gap == 50.0  # 70 − 20
    assert rows[("practice", "p2")].gap == 0.0  # 80 is above 70
    assert rows[("practice", "p3")].current is None
    assert rows[("practice", "p3")].gap == 70.0
    assert rows[("area", "x1")].gap == 20.0  # area score 50
    assert rows[("area", "x2")].current is None
    assert rows[("block", "x")].current == 50.0  # x2 has no score
    assert rows[("block", "x")].gap == 20.0


def test_it_shares_the_framework_weight_down_the_tree() -> None:
    rows = report(Targets(blocks={"x": 5, "y": 5}))
    shares = {key: row.weight_share for key, row in rows.items()}
    assert shares[("block", "x")] == 0.75
    assert shares[("area", "x1")] == 0.375
    assert shares[("practice", "p1")] == 0.1875
    assert shares[("practice", "p3")] == 0.375
    assert shares[("practice", "p4")] == 0.1875  # 1/4 · 1 · 3/4
    assert math.fsum(s for (scope, _), s in shares.items() if scope == "practice") == pytest.approx(1.0)
    assert rows[("practice", "p4")].weighted_gap == pytest.approx(60 * 0.1875)


def test_it_leaves_na_out_of_the_shares_and_the_rows() -> None:
    rows = report(Targets(blocks={"x": 5, "y": 5}), answers=ANSWERS | {"p2": NA, "p3": NA})
    assert ("practice", "p2") not in rows
    assert ("area", "x2") not in rows  # not applicable
    assert rows[("practice", "p1")].weight_share == 0.75  # x1 is x's only applicable area, p1 its only practice


def test_it_uses_the_weight_overrides_for_the_shares() -> None:
    rows = report(Targets(blocks={"x": 5, "y": 5}), weights=Weights(blocks={"x": 1}, practices={"p5": 3}))
    assert rows[("block", "y")].weight_share == 0.5
    assert rows[("practice", "p5")].weight_share == 0.25


def test_it_sorts_worst_first_by_weighted_gap_then_gap_then_key() -> None:
    tree = Tree(
        (BlockSpec("b"),),
        (AreaSpec("a", "b"),),
        (PracticeSpec("c", "a"), PracticeSpec("b", "a", 2), PracticeSpec("a", "a"), PracticeSpec("d", "a")),
    )
    scores = score(tree=tree, answers={"a": 3, "b": 4, "c": 3, "d": 0})
    result = gap_analysis(tree=tree, scores=scores, targets=Targets(areas={"a": 5}))
    rows = result.rows("practice")
    # weighted gaps: d 100/5 = 20, b 20·2/5 = 8, a and c 40/5 = 8: b, a, c tie at 8 → gap desc (a, c: 40) then key
    assert [r.key for r in rows] == ["d", "a", "c", "b"]
    assert [r.key for r in result.rows("area")] == ["a"]
    assert result.rows("block") == []


def test_it_lists_the_practices_below_target() -> None:
    scores = score(tree=TREE, answers=ANSWERS)
    result = gap_analysis(tree=TREE, scores=scores, targets=Targets(blocks={"x": 3, "y": 2}))
    assert [r.key for r in below_target(result)] == ["p3", "p1"]


def test_it_refuses_targets_out_of_range_or_outside_the_tree() -> None:
    with pytest.raises(ValueError, match="target"):
        Targets(blocks={"x": 5.5})
    with pytest.raises(ValueError, match="target"):
        Targets(practices={"p1": -1})
    with pytest.raises(ValueError, match="zz"):
        gap_analysis(tree=TREE, scores=score(tree=TREE, answers=ANSWERS), targets=Targets(areas={"zz": 1}))
