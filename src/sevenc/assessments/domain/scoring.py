"""ITCq: the scores of one assessment, practice → area → block → overall. docs/scoring.md has the formulas.

Pure: stdlib only, frozen dataclasses in and out, no time. Every sum goes through ``math.fsum`` (exactly rounded),
so no number depends on the order of the tree's tuples or of the answers. Nothing is rounded here; the caller
formats.

An answer is a level ``0``–``5`` (a plain ``int``), :data:`NA` or :data:`UNKNOWN`; a practice missing from the
answers is *unanswered* (scored like UNKNOWN, counted apart in :class:`Progress`).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final, Literal, NamedTuple, TypeAlias

NA: Final = "na"
UNKNOWN: Final = "unknown"
Answer: TypeAlias = int | Literal["na", "unknown"]

LEVEL_POINTS: Final = 20.0  # practice score = level × 20
MAX_LEVEL: Final = 5
PROVISIONAL_BELOW: Final = 0.70  # coverage under which a score is provisional
GATE_SHARE: Final = 0.85  # share of an area's weight that must be at level ≥ k for the gated level k
GATE_SLACK: Final = 1e-9  # relative slack on that comparison, so that rescaling weights cannot flip it by rounding

_EMPTY: Mapping[str, float] = MappingProxyType({})


def _check_weight(weight: float, what: str) -> None:
    if not (math.isfinite(weight) and weight >= 0):
        raise ValueError(f"{what}: weight must be a finite number ≥ 0, got {weight!r}")


@dataclass(frozen=True, slots=True)
class BlockSpec:
    key: str
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class AreaSpec:
    key: str
    block_key: str
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class PracticeSpec:
    key: str
    area_key: str
    weight: float = 1.0
    critical: bool = False


@dataclass(frozen=True)
class Tree:
    """A framework version's structure. Tuple order is display order only; it never changes a number."""

    blocks: tuple[BlockSpec, ...]
    areas: tuple[AreaSpec, ...]
    practices: tuple[PracticeSpec, ...]
    # Indexes built once, in __post_init__: area key → its block key, block key → its area keys.
    _area_block: Mapping[str, str] = field(init=False, repr=False, compare=False)
    _block_areas: Mapping[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    # area key → the one weight all its practices share (> 0), or None: lets score() count instead of summing.
    _uniform: Mapping[str, float | None] = field(init=False, repr=False, compare=False)
    # area key → how many practices it has, and whether one of them is critical (for score_counts).
    _area_size: Mapping[str, int] = field(init=False, repr=False, compare=False)
    _area_critical: Mapping[str, bool] = field(init=False, repr=False, compare=False)
    _area_weight: Mapping[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        problems: list[str] = []
        block_keys = {b.key for b in self.blocks}
        area_keys = {a.key for a in self.areas}
        practice_keys = {p.key for p in self.practices}
        for kind, count, keys in (
            ("block", len(self.blocks), block_keys),
            ("area", len(self.areas), area_keys),
            ("practice", len(self.practices), practice_keys),
        ):
            if count != len(keys):
                problems.append(f"duplicate {kind} keys")
        for key, weight in (
            [(b.key, b.weight) for b in self.blocks]
            + [(a.key, a.weight) for a in self.areas]
            + [(p.key, p.weight) for p in self.practices]
        ):
            try:
                _check_weight(weight, key)
            except ValueError as exc:
                problems.append(str(exc))
        problems += [
            f"area {a.key}: unknown block {a.block_key!r}" for a in self.areas if a.block_key not in block_keys
        ]
        problems += [
            f"practice {p.key}: unknown area {p.area_key!r}" for p in self.practices if p.area_key not in area_keys
        ]
        if problems:
            raise ValueError("; ".join(problems))
        block_areas: dict[str, list[str]] = {b.key: [] for b in self.blocks}
        for a in self.areas:
            block_areas[a.block_key].append(a.key)
        object.__setattr__(self, "_area_block", {a.key: a.block_key for a in self.areas})
        object.__setattr__(self, "_block_areas", {k: tuple(v) for k, v in block_areas.items()})
        area_weights: dict[str, set[float]] = {a.key: set() for a in self.areas}
        for p in self.practices:
            area_weights[p.area_key].add(p.weight)
        object.__setattr__(
            self,
            "_uniform",
            {k: next(iter(ws)) if len(ws) == 1 and next(iter(ws)) > 0 else None for k, ws in area_weights.items()},
        )
        size = {a.key: 0 for a in self.areas}
        critical = {a.key: False for a in self.areas}
        for p in self.practices:
            size[p.area_key] += 1
            critical[p.area_key] = critical[p.area_key] or p.critical
        object.__setattr__(self, "_area_size", size)
        object.__setattr__(self, "_area_weight", {a.key: a.weight for a in self.areas})
        object.__setattr__(self, "_area_critical", critical)

    def block_of(self, area_key: str) -> str:
        return self._area_block[area_key]

    def areas_of(self, block_key: str) -> tuple[str, ...]:
        return self._block_areas[block_key]


def tree_from_document(doc: Mapping[str, Any]) -> Tree:
    """A tree from a framework document (the ``catalog/data/7c.json`` shape). Optional ``weight`` (default 1)
    on blocks, areas and practices, and ``critical`` (default false) on practices."""
    blocks, areas, practices = [], [], []
    for b in doc["blocks"]:
        blocks.append(BlockSpec(b["key"], float(b.get("weight", 1.0))))
        for a in b["areas"]:
            areas.append(AreaSpec(a["key"], b["key"], float(a.get("weight", 1.0))))
            practices += [
                PracticeSpec(p["key"], a["key"], float(p.get("weight", 1.0)), bool(p.get("critical", False)))
                for p in a["practices"]
            ]
    return Tree(tuple(blocks), tuple(areas), tuple(practices))


@dataclass(frozen=True)
class Weights:
    """A client's importance weights, each replacing the tree's weight for its key. 0 means "does not count"."""

    blocks: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    areas: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    practices: Mapping[str, float] = field(default_factory=lambda: _EMPTY)

    def __post_init__(self) -> None:
        for mapping in (self.blocks, self.areas, self.practices):
            for key, weight in mapping.items():
                _check_weight(weight, key)

    def check(self, tree: Tree) -> None:
        """Raise ValueError when a key is not in ``tree`` (weights belong to one framework version)."""
        unknown = sorted(
            (set(self.blocks) - {b.key for b in tree.blocks})
            | (set(self.areas) - set(tree._area_block))
            | (set(self.practices) - {p.key for p in tree.practices})
        )
        if unknown:
            raise ValueError(f"weights for keys not in the framework: {', '.join(unknown)}")


NO_WEIGHTS: Final = Weights()


@dataclass(frozen=True, slots=True)
class Score:
    """The score of an area, a block or the whole framework (overall).

    ``applicable`` is False when nothing under it counts (all N/A or weight 0): then score and pessimistic are
    None, coverage 0, not provisional, gated level 0, and it leaves its parent's means. Counts ignore weights:
    ``total`` = non-N/A practices, ``answered`` = those with a level, ``unknown`` = those without one (UNKNOWN
    or unanswered), ``na`` = N/A practices.
    """

    score: float | None
    coverage: float
    pessimistic: float | None
    provisional: bool
    gated_level: int
    applicable: bool
    answered: int
    total: int
    na: int
    unknown: int


AreaScore: TypeAlias = Score


@dataclass(frozen=True, slots=True)
class Progress:
    """How far the questionnaire is, by practice counts (weights ignored). ``answered`` = answered explicitly
    (a level, N/A or UNKNOWN); ``total`` = every practice in the tree = answered + unanswered."""

    answered: int
    total: int
    na: int
    unknown: int
    unanswered: int

    @property
    def share(self) -> float:
        return self.answered / self.total if self.total else 1.0


@dataclass(frozen=True)
class Scores:
    overall: Score
    blocks: Mapping[str, Score]
    areas: Mapping[str, Score]
    progress: Progress
    # practice key → level × 20, or None for UNKNOWN/unanswered; N/A practices are absent (they do not exist).
    practices: Mapping[str, float | None]


class _AreaAcc:
    """What one pass over the practices collects for one area."""

    __slots__ = (
        "weights",
        "rated",
        "points",
        "by_level",
        "critical_min",
        "answered",
        "total",
        "na",
        "uniform",
        "level_counts",
    )

    def __init__(self, uniform: float | None = None) -> None:
        # uniform: every practice of the area has this one weight (> 0) and nothing overrides it. Then the sums
        # are counts (exact integers, so no order can change them) and only level_counts is kept.
        self.uniform = uniform
        self.level_counts = [0] * (MAX_LEVEL + 1)
        self.weights: list[float] = []  # every counting (non-N/A, weight > 0) practice
        self.rated: list[float] = []  # the weights of those with a level
        self.points: list[float] = []  # w × score for those with a level
        self.by_level: list[list[float]] = [[] for _ in range(MAX_LEVEL + 1)]
        self.critical_min = MAX_LEVEL  # lowest level among counting critical practices; -1 if one has none
        self.answered = 0
        self.total = 0
        self.na = 0


_NOT_APPLICABLE: Final = (None, 0.0, None, False, 0, False)


def _area_score_counted(acc: _AreaAcc) -> Score:
    """_area_score for an area whose practices all weigh the same: the weight cancels out of every ratio."""
    return _score_from_counts(acc.level_counts, acc.answered, acc.total, acc.na, acc.critical_min)


def _score_from_counts(level_counts: Sequence[int], rated: int, total: int, na: int, critical_min: int) -> Score:
    """An equal-weight area's score from its level histogram: ``rated`` practices with a level, ``total`` counting
    (not N/A) ones, ``critical_min`` the lowest level of a counting critical practice (-1: one has none)."""
    if total == 0:
        return Score(*_NOT_APPLICABLE, rated, total, na, total - rated)
    c = level_counts
    points = LEVEL_POINTS * (c[1] + 2 * c[2] + 3 * c[3] + 4 * c[4] + 5 * c[5])
    score = points / rated if rated else None
    pessimistic = min(points / total, score) if score is not None else 0.0
    coverage = rated / total
    gated = 0
    at_least = rated
    threshold = GATE_SHARE * total * (1 - GATE_SLACK)
    for k in range(1, MAX_LEVEL + 1):
        at_least -= c[k - 1]
        if critical_min < k or at_least < threshold:
            break
        gated = k
    return Score(
        score, coverage, pessimistic, coverage < PROVISIONAL_BELOW, gated, True, rated, total, na, total - rated
    )


def _area_score(acc: _AreaAcc) -> Score:
    if acc.uniform is not None:
        return _area_score_counted(acc)
    counts = (acc.answered, acc.total, acc.na, acc.total - acc.answered)
    if not acc.weights:
        return Score(*_NOT_APPLICABLE, *counts)
    total_w = math.fsum(acc.weights)
    rated_w = math.fsum(acc.rated)
    points = math.fsum(acc.points)
    score: float | None = None
    if rated_w > 0:  # clamped to the range of the levels averaged (see _clamped)
        levels = [k for k, ws in enumerate(acc.by_level) if ws]
        score = min(max(points / rated_w, levels[0] * LEVEL_POINTS), levels[-1] * LEVEL_POINTS)
    coverage = min(rated_w / total_w, 1.0)
    pessimistic = 0.0 if score is None else score if coverage == 1.0 else min(points / total_w, score)
    gated = 0
    threshold = GATE_SHARE * total_w * (1 - GATE_SLACK)
    for k in range(1, MAX_LEVEL + 1):
        if acc.critical_min < k or math.fsum(w for level in acc.by_level[k:] for w in level) < threshold:
            break
        gated = k
    return Score(score, coverage, pessimistic, coverage < PROVISIONAL_BELOW, gated, True, *counts)


def _clamped(total: float, weight: float, values: list[float]) -> float:
    """total / weight, clamped to the range of the values it averages so that rounding never leaves it."""
    return min(max(total / weight, min(values)), max(values))


def _aggregate(children: Iterable[tuple[float, Score]]) -> Score:
    """Mean of means: the parent of weighted children (areas of a block, blocks of the framework). One pass;
    the same arithmetic as a weighted mean per quantity (fsum of w·v over fsum of w)."""
    answered = total = na = 0
    gated = MAX_LEVEL
    weights: list[float] = []
    coverages: list[float] = []
    coverage_points: list[float] = []
    pessimists: list[float] = []
    pessimist_points: list[float] = []
    score_weights: list[float] = []
    scores: list[float] = []
    score_points: list[float] = []
    for w, s in children:
        answered += s.answered
        total += s.total
        na += s.na
        if w > 0 and s.applicable:
            weights.append(w)
            coverages.append(s.coverage)
            coverage_points.append(w * s.coverage)
            p = s.pessimistic if s.pessimistic is not None else 0.0
            pessimists.append(p)
            pessimist_points.append(w * p)
            if s.score is not None:
                score_weights.append(w)
                scores.append(s.score)
                score_points.append(w * s.score)
            if s.gated_level < gated:
                gated = s.gated_level
    counts = (answered, total, na, total - answered)
    if not weights:
        return Score(*_NOT_APPLICABLE, *counts)
    weight = math.fsum(weights)
    coverage = _clamped(math.fsum(coverage_points), weight, coverages)
    pessimistic = _clamped(math.fsum(pessimist_points), weight, pessimists)
    score = _clamped(math.fsum(score_points), math.fsum(score_weights), scores) if scores else None
    if score is not None:
        pessimistic = min(pessimistic, score)
    return Score(score, coverage, pessimistic, coverage < PROVISIONAL_BELOW, gated, True, *counts)


def score(*, tree: Tree, answers: Mapping[str, Answer], weights: Weights | None = None) -> Scores:
    """Score one assessment. Raises ValueError on an answer that is not 0–5/NA/UNKNOWN, or on answers or
    weights for keys that are not in ``tree``."""
    weights = weights or NO_WEIGHTS
    if weights is not NO_WEIGHTS:
        weights.check(tree)
    practice_weights = weights.practices
    uniform = tree._uniform
    accs = {a.key: _AreaAcc(None if practice_weights else uniform[a.key]) for a in tree.areas}
    practice_scores: dict[str, float | None] = {}
    n_na = n_unknown = n_unanswered = 0
    for p in tree.practices:
        acc = accs[p.area_key]
        answer = answers.get(p.key)
        if answer == NA:
            acc.na += 1
            n_na += 1
            continue
        acc.total += 1
        if acc.uniform is not None and type(answer) is int and 0 <= answer <= MAX_LEVEL:
            practice_scores[p.key] = answer * LEVEL_POINTS
            acc.answered += 1
            acc.level_counts[answer] += 1
            if p.critical and answer < acc.critical_min:
                acc.critical_min = answer
            continue
        w = practice_weights.get(p.key, p.weight)
        if answer is None or answer == UNKNOWN:
            if answer is None:
                if p.key in answers:  # an explicit None is not an answer
                    raise ValueError(f"practice {p.key}: answer must be a level 0–5, NA or UNKNOWN, got None")
                n_unanswered += 1
            else:
                n_unknown += 1
            practice_scores[p.key] = None
            if w > 0:
                acc.weights.append(w)
                if p.critical:
                    acc.critical_min = -1
            continue
        if type(answer) is not int or not 0 <= answer <= MAX_LEVEL:
            raise ValueError(f"practice {p.key}: answer must be a level 0–5, NA or UNKNOWN, got {answer!r}")
        s = answer * LEVEL_POINTS
        practice_scores[p.key] = s
        acc.answered += 1
        if w > 0:
            acc.weights.append(w)
            acc.rated.append(w)
            acc.points.append(w * s)
            acc.by_level[answer].append(w)
            if p.critical and answer < acc.critical_min:
                acc.critical_min = answer
    if len(answers) > len(tree.practices) - n_unanswered:  # some answer matched no practice
        stray = sorted(set(answers) - {p.key for p in tree.practices})
        raise ValueError(f"answers for practices not in the framework: {', '.join(stray)}")

    areas = {key: _area_score(acc) for key, acc in accs.items()}
    area_w, block_w = weights.areas, weights.blocks
    area_weight = {a.key: area_w.get(a.key, a.weight) for a in tree.areas}
    blocks = {b.key: _aggregate((area_weight[k], areas[k]) for k in tree.areas_of(b.key)) for b in tree.blocks}
    overall = _aggregate((block_w.get(b.key, b.weight), blocks[b.key]) for b in tree.blocks)
    progress = Progress(
        answered=len(tree.practices) - n_unanswered,
        total=len(tree.practices),
        na=n_na,
        unknown=n_unknown,
        unanswered=n_unanswered,
    )
    return Scores(
        overall=overall,
        blocks=MappingProxyType(blocks),
        areas=MappingProxyType(areas),
        progress=progress,
        practices=MappingProxyType(practice_scores),
    )


class AreaCounts(NamedTuple):
    """How one area's practices were answered: enough to score an area whose practices weigh the same.

    Any sequence of these ten integers, in this order, will do (a database row, say). ``critical_min``: the
    lowest level among its critical practices that are not N/A, -1 when one of them is Unknown or unanswered,
    MAX_LEVEL when it has none (as in score())."""

    level_0: int
    level_1: int
    level_2: int
    level_3: int
    level_4: int
    level_5: int
    unknown: int = 0
    unanswered: int = 0
    na: int = 0
    critical_min: int = MAX_LEVEL


def counts_scorable(tree: Tree) -> bool:
    """Whether score_counts can score assessments of ``tree``: every area's practices share one weight > 0."""
    return all(w is not None for w in tree._uniform.values())


def score_counts(*, tree: Tree, areas: Mapping[str, Sequence[int]]) -> Scores:
    """score() from each area's answer counts (``AreaCounts``: ten integers) instead of the answers, for a tree
    whose areas each have one practice weight (``counts_scorable``) and without client weights: the same
    numbers as score() on any answers with those counts (a level histogram is all a uniform area's score,
    coverage, bound and gate depend on). The result has no per-practice scores (``practices`` is empty). An area
    missing from ``areas`` counts as all unanswered."""
    if not counts_scorable(tree):
        raise ValueError("score_counts needs every area's practices to share one weight > 0")
    size, has_critical = tree._area_size, tree._area_critical
    if len(areas) > len(size) or not size.keys() >= areas.keys():
        stray = sorted(set(areas) - set(size))
        raise ValueError(f"counts for areas not in the framework: {', '.join(stray)}")
    area_scores: dict[str, Score] = {}
    n_na = n_unknown = n_unanswered = 0
    for key, n in size.items():
        c = areas.get(key)
        if c is None:
            n_unanswered += n
            area_scores[key] = _score_from_counts(_NO_LEVELS, 0, n, 0, -1 if has_critical[key] else MAX_LEVEL)
            continue
        if len(c) != 10:
            raise ValueError(f"area {key}: counts are ten integers (six levels, unknown, unanswered, N/A, critical)")
        l0, l1, l2, l3, l4, l5, unknown, unanswered, na, critical_min = c
        rated = l0 + l1 + l2 + l3 + l4 + l5
        if rated + unknown + unanswered + na != n or min(l0, l1, l2, l3, l4, l5, unknown, unanswered, na) < 0:
            raise ValueError(
                f"area {key}: the counts {tuple(c)[:9]} must be non-negative and add up to its {n} practices"
            )
        n_na += na
        n_unknown += unknown
        n_unanswered += unanswered
        area_scores[key] = _score_from_counts(c, rated, rated + unknown + unanswered, na, critical_min)
    area_weight = tree._area_weight
    blocks = {b.key: _aggregate((area_weight[k], area_scores[k]) for k in tree.areas_of(b.key)) for b in tree.blocks}
    overall = _aggregate((b.weight, blocks[b.key]) for b in tree.blocks)
    total = len(tree.practices)
    progress = Progress(answered=total - n_unanswered, total=total, na=n_na, unknown=n_unknown, unanswered=n_unanswered)
    return Scores(
        overall=overall,
        blocks=MappingProxyType(blocks),
        areas=MappingProxyType(area_scores),
        progress=progress,
        practices=_NO_PRACTICES,
    )


_NO_LEVELS: Final = (0,) * (MAX_LEVEL + 1)
_NO_PRACTICES: Mapping[str, float | None] = MappingProxyType({})


# ---- peer-normed quotient ------------------------------------------------------------------------------------------

IQR_TO_SD: Final = 1.349  # IQR of the standard normal distribution, in standard deviations
PEER_MINIMUM: Final = 30  # clients with a final assessment on one framework version in one year, for a norm


@dataclass(frozen=True, slots=True)
class Norm:
    median: float
    scale: float  # robust standard deviation: IQR / 1.349
    n: int


def norm_from(scores: Sequence[float], *, minimum: int = PEER_MINIMUM) -> Norm | None:
    """The norm of a peer group's scores, or None when there are fewer than ``minimum`` (at least 2) or the IQR is 0.

    Quartiles as ``statistics.quantiles(scores, n=4, method="inclusive")``: linear interpolation on the sorted
    scores between ranks, with the minimum as the 0th and the maximum as the 100th percentile."""
    if len(scores) < max(minimum, 2):
        return None
    q1, _, q3 = statistics.quantiles(scores, n=4, method="inclusive")
    iqr = q3 - q1
    if not iqr > 0:
        return None
    return Norm(median=statistics.median(scores), scale=iqr / IQR_TO_SD, n=len(scores))


def quotient(score: float, norm: Norm) -> float:
    """Like an IQ: 100 at the peer median, 15 points per robust standard deviation."""
    return 100 + 15 * (score - norm.median) / norm.scale
