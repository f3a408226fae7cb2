"""scoring.score and the peer-normed quotient on small hand-made trees (pure: no database)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sevenc.assessments.domain.scoring import (
    NA,
    UNKNOWN,
    Answer,
    AreaSpec,
    BlockSpec,
    Norm,
    PracticeSpec,
    Tree,
    Weights,
    norm_from,
    quotient,
    score,
    tree_from_document,
)

SEVEN_C = Path(__file__).resolve().parents[2] / "src" / "sevenc" / "catalog" / "data" / "7c.json"


def seven_c() -> Tree:
    return tree_from_document(json.loads(SEVEN_C.read_text(encoding="utf-8")))


def one_area(*practices: tuple[str, float, bool]) -> Tree:
    return Tree(
        (BlockSpec("b"),),
        (AreaSpec("a", "b"),),
        tuple(PracticeSpec(k, "a", w, critical) for k, w, critical in practices),
    )


def two_areas(a_practices: int, b_practices: int, *, weight_a: float = 1, weight_b: float = 1) -> Tree:
    return Tree(
        (BlockSpec("b"),),
        (AreaSpec("a1", "b", weight_a), AreaSpec("a2", "b", weight_b)),
        tuple(PracticeSpec(f"a1.{i}", "a1") for i in range(a_practices))
        + tuple(PracticeSpec(f"a2.{i}", "a2") for i in range(b_practices)),
    )


# ---- areas ---------------------------------------------------------------------------------------------------------


def test_it_scores_an_area_as_the_weighted_mean_of_its_levels() -> None:
    tree = one_area(("p1", 3, False), ("p2", 1, False), ("p3", 1, False), ("p4", 5, False))
    s = score(tree=tree, answers={"p1": 4, "p2": 1, "p3": UNKNOWN}).areas["a"]
    # rated weight 4, points 3·80 + 1·20 = 260 → 65; coverage 4/10; pessimistic 260/10 = 26
    assert s.score == 65.0
    assert s.coverage == 0.4
    assert s.pessimistic == 26.0
    assert s.provisional is True
    assert (s.answered, s.total, s.na, s.unknown) == (2, 4, 0, 2)


def test_it_leaves_na_practices_out_of_every_sum() -> None:
    tree = one_area(("p1", 1, False), ("p2", 3, False))
    s = score(tree=tree, answers={"p1": 2, "p2": NA}).areas["a"]
    assert (s.score, s.coverage, s.pessimistic, s.gated_level) == (40.0, 1.0, 40.0, 2)
    assert (s.answered, s.total, s.na, s.unknown) == (1, 1, 1, 0)


def test_it_gives_an_area_without_any_level_no_score_and_a_zero_bound() -> None:
    tree = one_area(("p1", 1, False), ("p2", 1, False))
    s = score(tree=tree, answers={"p1": UNKNOWN}).areas["a"]
    assert (s.score, s.coverage, s.pessimistic, s.provisional, s.applicable) == (None, 0.0, 0.0, True, True)


def test_it_marks_an_all_na_area_not_applicable_and_leaves_it_out_of_its_block() -> None:
    tree = two_areas(1, 2)
    scores = score(tree=tree, answers={"a1.0": 1, "a2.0": NA, "a2.1": NA})
    a2 = scores.areas["a2"]
    assert (a2.applicable, a2.score, a2.coverage, a2.pessimistic, a2.provisional) == (False, None, 0.0, None, False)
    assert (a2.na, a2.total) == (2, 0)
    block = scores.blocks["b"]
    assert (block.score, block.coverage, block.pessimistic, block.gated_level) == (20.0, 1.0, 20.0, 1)
    assert (block.na, block.total, block.answered) == (2, 1, 1)


def test_it_counts_coverage_exactly_at_seventy_percent_as_final() -> None:
    tree = one_area(("p1", 7, False), ("p2", 3, False))
    assert score(tree=tree, answers={"p1": 2}).areas["a"].provisional is False
    tree = one_area(("p1", 6, False), ("p2", 4, False))
    assert score(tree=tree, answers={"p1": 2}).areas["a"].provisional is True


# ---- blocks and overall: mean of means -----------------------------------------------------------------------------


def test_it_takes_a_mean_of_area_means_so_a_large_area_does_not_swamp_a_small_one() -> None:
    tree = two_areas(1, 9)
    answers: dict[str, Answer] = {"a1.0": 5}
    answers |= {f"a2.{i}": 0 for i in range(9)}
    assert score(tree=tree, answers=answers).blocks["b"].score == 50.0


def test_it_weights_areas_in_their_block() -> None:
    tree = two_areas(1, 1, weight_a=3, weight_b=1)
    assert score(tree=tree, answers={"a1.0": 5, "a2.0": 1}).blocks["b"].score == 80.0  # (3·100 + 20) / 4


def test_it_averages_block_scores_over_areas_with_a_score_and_coverage_over_all() -> None:
    tree = two_areas(1, 1)
    block = score(tree=tree, answers={"a1.0": 4}).blocks["b"]
    assert block.score == 80.0  # a2 has no score: left out of the score's mean
    assert block.coverage == 0.5  # (1 + 0) / 2
    assert block.pessimistic == 40.0  # (80 + 0) / 2
    assert block.provisional is True


def test_it_weights_blocks_in_the_overall_score() -> None:
    tree = Tree(
        (BlockSpec("x", 1), BlockSpec("y", 4)),
        (AreaSpec("xa", "x"), AreaSpec("ya", "y")),
        (PracticeSpec("xp", "xa"), PracticeSpec("yp", "ya")),
    )
    scores = score(tree=tree, answers={"xp": 0, "yp": 5})
    assert scores.overall.score == 80.0
    assert (scores.overall.answered, scores.overall.total) == (2, 2)


def test_it_marks_everything_not_applicable_when_all_is_na() -> None:
    tree = two_areas(1, 1)
    scores = score(tree=tree, answers={"a1.0": NA, "a2.0": NA})
    assert scores.overall.applicable is False
    assert scores.overall.score is None
    assert scores.overall.pessimistic is None
    assert scores.practices == {}


# ---- weights -------------------------------------------------------------------------------------------------------


def test_it_applies_weight_overrides_over_the_tree() -> None:
    tree = two_areas(2, 1)
    answers: dict[str, Answer] = {"a1.0": 5, "a1.1": 0, "a2.0": 0}
    assert score(tree=tree, answers=answers).blocks["b"].score == 25.0
    weights = Weights(areas={"a1": 3}, practices={"a1.1": 0})
    # a1: only a1.0 counts → 100; block (3·100 + 1·0) / 4 = 75
    scores = score(tree=tree, answers=answers, weights=weights)
    assert scores.areas["a1"].score == 100.0
    assert scores.blocks["b"].score == 75.0


def test_it_keeps_a_weight_zero_practice_in_the_counts_but_out_of_the_means() -> None:
    tree = one_area(("p1", 1, False), ("p2", 0, True))
    scores = score(tree=tree, answers={"p1": 4})
    area = scores.areas["a"]
    assert (area.score, area.coverage, area.gated_level) == (80.0, 1.0, 4)  # the critical p2 does not count
    assert (area.total, area.unknown) == (2, 1)
    assert scores.progress.unanswered == 1


def test_it_leaves_a_weight_zero_area_out_of_its_block() -> None:
    tree = two_areas(1, 1, weight_b=0)
    block = score(tree=tree, answers={"a1.0": 3, "a2.0": 0}).blocks["b"]
    assert (block.score, block.gated_level) == (60.0, 3)


# ---- gated level ---------------------------------------------------------------------------------------------------


def test_it_reaches_a_level_with_exactly_85_percent_of_the_weight() -> None:
    tree = one_area(*((f"p{i}", 1, False) for i in range(20)))
    answers: dict[str, Answer] = {"p17": 1, "p18": 1, "p19": 1}
    answers |= {f"p{i}": 3 for i in range(17)}
    assert score(tree=tree, answers=answers).areas["a"].gated_level == 3
    answers["p16"] = 2  # 16/20 = 80 % at level 3, 17/20 at level 2
    assert score(tree=tree, answers=answers).areas["a"].gated_level == 2


def test_it_caps_the_gated_level_below_a_critical_practice() -> None:
    tree = one_area(("p1", 10, False), ("p2", 1, True))
    assert score(tree=tree, answers={"p1": 5, "p2": 2}).areas["a"].gated_level == 2
    assert score(tree=tree, answers={"p1": 5, "p2": UNKNOWN}).areas["a"].gated_level == 0
    assert score(tree=tree, answers={"p1": 5}).areas["a"].gated_level == 0
    assert score(tree=tree, answers={"p1": 5, "p2": NA}).areas["a"].gated_level == 5


def test_it_gives_a_block_the_gated_level_of_its_weakest_area() -> None:
    tree = Tree(
        (BlockSpec("x"), BlockSpec("y")),
        (AreaSpec("x1", "x"), AreaSpec("x2", "x"), AreaSpec("y1", "y")),
        (PracticeSpec("p1", "x1"), PracticeSpec("p2", "x2"), PracticeSpec("p3", "y1")),
    )
    scores = score(tree=tree, answers={"p1": 4, "p2": 2, "p3": 5})
    assert [scores.areas[k].gated_level for k in ("x1", "x2", "y1")] == [4, 2, 5]
    assert (scores.blocks["x"].gated_level, scores.blocks["y"].gated_level, scores.overall.gated_level) == (2, 5, 2)


# ---- progress and practices ----------------------------------------------------------------------------------------


def test_it_counts_progress_without_weights() -> None:
    tree = one_area(("p1", 1, False), ("p2", 0, False), ("p3", 9, False), ("p4", 1, False), ("p5", 1, False))
    scores = score(tree=tree, answers={"p1": 0, "p2": NA, "p3": UNKNOWN, "p4": 5})
    p = scores.progress
    assert (p.answered, p.total, p.na, p.unknown, p.unanswered) == (4, 5, 1, 1, 1)
    assert p.share == 0.8
    assert scores.practices == {"p1": 0.0, "p3": None, "p4": 100.0, "p5": None}


# ---- input checks --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [6, -1, True, 2.0, "3", "n/a", None])
def test_it_refuses_an_answer_that_is_not_a_level_na_or_unknown(bad: object) -> None:
    with pytest.raises(ValueError, match="p1"):
        score(tree=one_area(("p1", 1, False)), answers={"p1": bad})  # type: ignore[dict-item,unused-ignore]


def test_it_refuses_answers_and_weights_for_keys_outside_the_tree() -> None:
    tree = one_area(("p1", 1, False))
    with pytest.raises(ValueError, match="zz"):
        score(tree=tree, answers={"p1": 1, "zz": 2})
    with pytest.raises(ValueError, match="zz"):
        score(tree=tree, answers={"p1": 1}, weights=Weights(areas={"zz": 1}))


@pytest.mark.parametrize("weight", [-1.0, float("nan"), float("inf")])
def test_it_refuses_negative_or_non_finite_weights(weight: float) -> None:
    with pytest.raises(ValueError, match="weight"):
        one_area(("p1", weight, False))
    with pytest.raises(ValueError, match="weight"):
        Weights(blocks={"b": weight})


def test_it_refuses_a_tree_with_duplicate_keys_or_dangling_parents() -> None:
    with pytest.raises(ValueError, match="duplicate practice"):
        one_area(("p1", 1, False), ("p1", 1, False))
    with pytest.raises(ValueError, match="unknown block"):
        Tree((BlockSpec("b"),), (AreaSpec("a", "nope"),), ())
    with pytest.raises(ValueError, match="unknown area"):
        Tree((BlockSpec("b"),), (AreaSpec("a", "b"),), (PracticeSpec("p", "nope"),))


# ---- the shipped 7C framework --------------------------------------------------------------------------------------


def test_it_builds_the_7c_tree() -> None:
    tree = seven_c()
    assert (len(tree.blocks), len(tree.areas), len(tree.practices)) == (7, 27, 139)


def test_it_scores_all_threes_on_7c_as_60() -> None:
    tree = seven_c()
    scores = score(tree=tree, answers={p.key: 3 for p in tree.practices})
    assert scores.overall.score == 60.0
    assert scores.overall.coverage == 1.0
    assert scores.overall.gated_level == 3
    assert all(b.score == 60.0 for b in scores.blocks.values())


def test_it_scores_an_empty_7c_assessment_as_unscored() -> None:
    tree = seven_c()
    scores = score(tree=tree, answers={})
    assert (scores.overall.score, scores.overall.coverage, scores.overall.pessimistic) == (None, 0.0, 0.0)
    assert scores.progress.unanswered == 139


# ---- peer-normed quotient ------------------------------------------------------------------------------------------


def test_it_norms_on_the_median_and_the_inclusive_iqr() -> None:
    norm = norm_from([9, 1, 8, 2, 7, 3, 6, 4, 5], minimum=9)  # sorted 1..9: Q1 = 3, median 5, Q3 = 7
    assert norm == Norm(median=5, scale=4 / 1.349, n=9)
    assert quotient(5, norm) == 100
    assert quotient(9, norm) == pytest.approx(100 + 15 * 1.349)
    assert quotient(1, norm) == pytest.approx(100 - 15 * 1.349)


def test_it_interpolates_quartiles_between_ranks() -> None:
    norm = norm_from([0, 10, 20, 40], minimum=4)  # positions 0.75 and 2.25: Q1 = 7.5, Q3 = 25
    assert norm is not None
    assert norm.median == 15
    assert norm.scale == pytest.approx(17.5 / 1.349)


def test_it_gives_no_norm_for_a_small_or_flat_peer_group() -> None:
    assert norm_from(list(range(29))) is None
    assert norm_from(list(range(30))) is not None
    assert norm_from([50.0] * 40) is None
    assert norm_from([1.0], minimum=0) is None
