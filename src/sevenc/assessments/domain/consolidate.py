"""Consolidating a workshop: several respondents answered the same practices blind; what does the room say?

Pure: stdlib only, frozen dataclasses in and out (see docs/workshops.md for the rules in words).

Per practice, from the respondents' answers (a level 0–5, :data:`NA`, :data:`UNKNOWN`, or ``None`` for "not
answered"):

- **suggestion** — the value the vCIO starts from:

  1. ``None`` when nobody answered the practice at all (the answer stays unanswered);
  2. :data:`NA` when a strict majority of those who answered said N/A;
  3. :data:`UNKNOWN` when nobody gave a level (only N/A and Unknown, N/A not a majority);
  4. for a **critical** practice: the **minimum** of the levels given (a control the area's gated level
     depends on is rated by its weakest account);
  5. otherwise the **lower median** of the levels given: sorted, the element at index ``(n - 1) // 2``. With
     an odd count that is the ordinary median; with an even count it is the lower of the two middle values,
     so the suggestion is always a level somebody actually gave (never 2.5) and leans cautious.

- **disagreement** — the levels given span two levels or more (``max - min >= 2``): a 2 next to a 4 means the
  room does not share one picture of the practice; a 2 next to a 3 is ordinary noise.

- **perception gap** — the mean level given by the client's executives minus the mean level given by MSP
  staff, for every practice where both groups gave at least one level. It is *flagged* when its size is at
  least :data:`PERCEPTION_GAP_THRESHOLD` (1.5 levels: more than one step of the scale, i.e. the two groups
  would describe the practice with different level names even after rounding, and too big for two honest
  readings of the same descriptor). Flagged gaps are listed largest first. Client contributors count for the
  suggestion but not for the perception gap, which is about what the client's leadership believes.

The comparison with the threshold is exact (fractions), so a gap of exactly 1.5 is always flagged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, TypeAlias

from sevenc.assessments.domain.scoring import NA, UNKNOWN

Value: TypeAlias = int | Literal["na", "unknown"]
Kind: TypeAlias = Literal["staff", "client"]
Role: TypeAlias = Literal["staff", "executive", "contributor", ""]

STAFF: Kind = "staff"
CLIENT: Kind = "client"
EXECUTIVE: Role = "executive"

DISAGREEMENT_SPREAD = 2  # levels between the lowest and the highest answer
PERCEPTION_GAP_THRESHOLD = Fraction(3, 2)  # 1.5 levels between executives' and staff's mean


@dataclass(frozen=True)
class Vote:
    """One respondent's answer to one practice. ``value`` None: not answered (yet)."""

    respondent_id: int
    kind: Kind
    role: Role
    value: Value | None


@dataclass(frozen=True)
class PracticeVotes:
    key: str
    votes: tuple[Vote, ...]
    critical: bool = False


@dataclass(frozen=True)
class PracticeResult:
    key: str
    votes: tuple[Vote, ...]  # sorted by respondent id, whatever order they came in
    critical: bool
    levels: tuple[int, ...]  # the levels given, ascending
    suggestion: Value | None
    disagreement: bool
    spread: int | None  # max - min of the levels given; None without a level
    executive_mean: float | None  # mean level of the client's executives; None when none gave a level
    staff_mean: float | None  # mean level of MSP staff


@dataclass(frozen=True)
class PerceptionGap:
    key: str
    executive_mean: float
    staff_mean: float
    difference: float  # executive_mean - staff_mean: positive = the client thinks it is better than the MSP does


@dataclass(frozen=True)
class Consolidation:
    practices: tuple[PracticeResult, ...]  # in the order given
    perception_gaps: tuple[PerceptionGap, ...]  # only the flagged ones, largest first

    @property
    def disagreements(self) -> int:
        return sum(1 for p in self.practices if p.disagreement)


def _check(value: Value | None) -> None:
    if value is None or value in (NA, UNKNOWN):
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
        raise ValueError(f"an answer is a level 0–5, NA, UNKNOWN or None, got {value!r}")


def lower_median(levels: Iterable[int]) -> int:
    """The element at index (n - 1) // 2 of the sorted levels (the lower middle one for an even count)."""
    ordered = sorted(levels)
    if not ordered:
        raise ValueError("the median of no levels")
    return ordered[(len(ordered) - 1) // 2]


def suggest(values: Iterable[Value | None], *, critical: bool = False) -> Value | None:
    """The consolidated suggestion for one practice's answers (rules in the module's docstring)."""
    answered = [v for v in values if v is not None]
    for v in answered:
        _check(v)
    if not answered:
        return None
    na = sum(1 for v in answered if v == NA)
    if 2 * na > len(answered):
        return NA
    levels = [v for v in answered if isinstance(v, int)]
    if not levels:
        return UNKNOWN
    return min(levels) if critical else lower_median(levels)


def _mean(levels: list[int]) -> Fraction | None:
    return Fraction(sum(levels), len(levels)) if levels else None


def consolidate_practice(practice: PracticeVotes) -> tuple[PracticeResult, PerceptionGap | None]:
    votes = tuple(sorted(practice.votes, key=lambda v: (v.respondent_id, v.kind, v.role, str(v.value))))
    levels = tuple(sorted(v.value for v in votes if isinstance(v.value, int)))
    suggestion = suggest((v.value for v in votes), critical=practice.critical)
    spread = levels[-1] - levels[0] if levels else None
    executive = _mean([v.value for v in votes if isinstance(v.value, int) and v.kind == CLIENT and v.role == EXECUTIVE])
    staff = _mean([v.value for v in votes if isinstance(v.value, int) and v.kind == STAFF])
    result = PracticeResult(
        key=practice.key,
        votes=votes,
        critical=practice.critical,
        levels=levels,
        suggestion=suggestion,
        disagreement=spread is not None and spread >= DISAGREEMENT_SPREAD,
        spread=spread,
        executive_mean=float(executive) if executive is not None else None,
        staff_mean=float(staff) if staff is not None else None,
    )
    gap = None
    if executive is not None and staff is not None and abs(executive - staff) >= PERCEPTION_GAP_THRESHOLD:
        gap = PerceptionGap(practice.key, float(executive), float(staff), float(executive - staff))
    return result, gap


def consolidate(practices: Iterable[PracticeVotes]) -> Consolidation:
    results: list[PracticeResult] = []
    gaps: list[PerceptionGap] = []
    for practice in practices:
        result, gap = consolidate_practice(practice)
        results.append(result)
        if gap is not None:
            gaps.append(gap)
    gaps.sort(key=lambda g: (-abs(g.difference), g.key))
    return Consolidation(tuple(results), tuple(gaps))
