"""Where a client stands among the workspace's clients: percentile ranks of its latest scores.

Pure: stdlib only. docs/scoring.md ("Benchmark") has the definition.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar

from sevenc.assessments.domain.scoring import Scores

K = TypeVar("K", bound=Hashable)


def percentile_rank(value: float, population: Sequence[float]) -> float:
    """100 × (count below + ½ count equal) / n. The population includes the value's own client, so a client
    alone scores 50 and the best of n scores 100 − 50/n."""
    if not population:
        raise ValueError("percentile_rank needs a non-empty population")
    below = sum(1 for x in population if x < value)
    equal = sum(1 for x in population if x == value)
    return 100 * (below + equal / 2) / len(population)


def _rank_sorted(value: float, ordered: Sequence[float]) -> float:
    """percentile_rank on a sorted population, in O(log n)."""
    below = bisect_left(ordered, value)
    equal = bisect_right(ordered, value) - below
    return 100 * (below + equal / 2) / len(ordered)


@dataclass(frozen=True)
class Percentiles:
    overall: float | None  # None when the client has no overall score
    blocks: Mapping[str, float | None]  # by block key; None where the client has no score for the block


def portfolio_percentiles(latest: Mapping[K, Scores]) -> Mapping[K, Percentiles]:
    """Each client's percentile rank among the clients of ``latest`` (each client's latest scores), overall and
    per block. Scores that are None are left out of every population; a block is compared by its key, among
    the clients whose scores have that block."""
    overall = sorted(s.overall.score for s in latest.values() if s.overall.score is not None)
    by_block: dict[str, list[float]] = {}
    for s in latest.values():
        for key, block in s.blocks.items():
            if block.score is not None:
                by_block.setdefault(key, []).append(block.score)
    for values in by_block.values():
        values.sort()
    out: dict[K, Percentiles] = {}
    for client, s in latest.items():
        blocks = {
            key: (_rank_sorted(b.score, by_block[key]) if b.score is not None else None) for key, b in s.blocks.items()
        }
        mine = s.overall.score
        out[client] = Percentiles(
            overall=_rank_sorted(mine, overall) if mine is not None else None, blocks=MappingProxyType(blocks)
        )
    return MappingProxyType(out)
