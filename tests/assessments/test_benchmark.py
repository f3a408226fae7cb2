"""benchmark: percentile ranks among the workspace's clients (pure: no database)."""

from __future__ import annotations

import pytest

from sevenc.assessments.domain.benchmark import percentile_rank, portfolio_percentiles
from sevenc.assessments.domain.scoring import (
    NA,
    UNKNOWN,
    Answer,
    AreaSpec,
    BlockSpec,
    PracticeSpec,
    Scores,
    Tree,
    score,
)

TREE = Tree(
    (BlockSpec("x"), BlockSpec("y")),
    (AreaSpec("xa", "x"), AreaSpec("ya", "y")),
    (PracticeSpec("xp", "xa"), PracticeSpec("yp", "ya")),
)


def scores(x: Answer, y: Answer) -> Scores:
    return score(tree=TREE, answers={"xp": x, "yp": y})


def test_it_ranks_half_of_the_ties_as_below() -> None:
    assert percentile_rank(50, [10, 50, 50, 90]) == 50.0  # (1 + 2/2) / 4
    assert percentile_rank(90, [10, 50, 50, 90]) == 87.5
    assert percentile_rank(10, [10, 50, 50, 90]) == 12.5


def test_it_ranks_a_client_alone_at_50() -> None:
    assert percentile_rank(73.2, [73.2]) == 50.0


def test_it_ranks_a_value_outside_the_population() -> None:
    assert percentile_rank(100, [10, 20]) == 100.0
    assert percentile_rank(0, [10, 20]) == 0.0


def test_it_refuses_an_empty_population() -> None:
    with pytest.raises(ValueError, match="empty"):
        percentile_rank(1, [])


def test_it_ranks_every_client_overall_and_per_block() -> None:
    latest = {1: scores(1, 5), 2: scores(3, 5), 3: scores(5, UNKNOWN), 4: scores(NA, NA)}
    ranks = portfolio_percentiles(latest)
    # overall: 1 → 60, 2 → 80, 3 → 100, 4 → None
    assert [ranks[c].overall for c in (1, 2, 3, 4)] == [100 / 6, 50.0, 500 / 6, None]
    assert [ranks[c].blocks["x"] for c in (1, 2, 3, 4)] == [100 / 6, 50.0, 500 / 6, None]
    assert [ranks[c].blocks["y"] for c in (1, 2, 3, 4)] == [50.0, 50.0, None, None]  # two tied at 100


def test_it_matches_percentile_rank_for_every_client() -> None:
    latest = {f"c{i}": scores(i % 6, (i * 7) % 6) for i in range(40)}
    population = [s.overall.score for s in latest.values() if s.overall.score is not None]
    ranks = portfolio_percentiles(latest)
    for client, s in latest.items():
        assert s.overall.score is not None
        assert ranks[client].overall == pytest.approx(percentile_rank(s.overall.score, population))


def test_it_gives_nothing_for_no_clients() -> None:
    assert portfolio_percentiles({}) == {}
