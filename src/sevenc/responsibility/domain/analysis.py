"""Responsibility-matrix analysis: who does what in a client's "virtual IT department", and what falls between
the chairs.

Pure: stdlib only; frozen dataclasses in and out, no clock (``today`` is passed in). The rule behind every
finding: if no one is responsible, ultimately the CEO is. docs/responsibility.md ("Analysis") has the rules.

Every output is in a fixed order that does not depend on the order of the inputs: areas by criticality (high
first), then ``position``, then key; parties by what the output ranks them on, then key.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Final, Literal, TypeAlias, get_args

from sevenc.core.domain import bulk

Criticality: TypeAlias = Literal["high", "medium", "low"]
Role: TypeAlias = Literal["R", "A", "C", "I"]
Severity: TypeAlias = Literal["high", "medium", "low"]
FindingKind: TypeAlias = Literal[
    "no_responsible",
    "no_accountable",
    "single_point_of_failure",
    "ended_contract",
    "several_accountable",
    "concentration",
    "low_score_owned",
]

CRITICALITIES: Final[tuple[Criticality, ...]] = get_args(Criticality)
ROLES: Final[tuple[Role, ...]] = get_args(Role)
FINDING_KINDS: Final[tuple[FindingKind, ...]] = get_args(FindingKind)  # also the order of equally severe findings
NON_VENDOR_KINDS: Final = frozenset({"internal_role", "person"})  # every other party kind is a supplier
EXAMPLES: Final = 3  # area titles quoted in a finding's sentence

_RANK: Final[Mapping[str, int]] = MappingProxyType({"high": 0, "medium": 1, "low": 2})
_NO_SCORES: Final[Mapping[str, float | None]] = MappingProxyType({})
_NUMBER_WORDS: Final = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten")


# ---- inputs ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Area:
    """One responsibility area (a duty), tied to a 7C practice. ``position`` is its place in the area list."""

    key: str
    title: str
    criticality: Criticality
    practice_key: str
    group: str = ""
    position: int = 0

    def __post_init__(self) -> None:
        if self.criticality not in CRITICALITIES:
            raise ValueError(
                f"area {self.key!r}: criticality must be one of {', '.join(CRITICALITIES)}, got {self.criticality!r}"
            )


@dataclass(frozen=True, slots=True)
class Party:
    """A member of the client's IT ecosystem. ``kind`` as ``tenancy.PartyKind`` ("msp", "internal_role"…)."""

    key: str
    name: str
    kind: str
    contract_ends: date | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    """A party's RACI role in one area."""

    area_key: str
    party_key: str
    role: Role

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(
                f"cell ({self.area_key!r}, {self.party_key!r}): role must be one of "
                f"{', '.join(ROLES)}, got {self.role!r}"
            )


def _duplicates(keys: Iterable[Hashable]) -> list[str]:
    """The keys given more than once, as they read in a message (the one duplicate rule: ``core.bulk``)."""
    return sorted(repr(key) for key in bulk.duplicates(keys))


@dataclass(frozen=True)
class Matrix:
    """A client's matrix: its areas, its parties and the filled cells (an empty cell is simply absent)."""

    areas: tuple[Area, ...]
    parties: tuple[Party, ...]
    cells: tuple[Cell, ...]

    def __post_init__(self) -> None:
        for name in ("areas", "parties", "cells"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if twice := _duplicates(a.key for a in self.areas):
            raise ValueError(f"duplicate area keys: {', '.join(twice)}")
        if twice := _duplicates(p.key for p in self.parties):
            raise ValueError(f"duplicate party keys: {', '.join(twice)}")
        area_keys = {a.key for a in self.areas}
        party_keys = {p.key for p in self.parties}
        if unknown := sorted({c.area_key for c in self.cells} - area_keys):
            raise ValueError(f"cells for unknown areas: {', '.join(map(repr, unknown))}")
        if unknown := sorted({c.party_key for c in self.cells} - party_keys):
            raise ValueError(f"cells for unknown parties: {', '.join(map(repr, unknown))}")
        if twice := _duplicates((c.area_key, c.party_key) for c in self.cells):
            raise ValueError(f"more than one role for the same (area, party): {', '.join(twice)}")


def _default_weights() -> Mapping[str, float]:
    return MappingProxyType({"high": 3, "medium": 2, "low": 1})


@dataclass(frozen=True)
class Options:
    """Thresholds of the analysis; the defaults are those of docs/responsibility.md."""

    criticality_weights: Mapping[str, float] = field(default_factory=_default_weights)
    spof_min_areas: int = 3  # a single point of failure: the only R of at least this many high-criticality areas
    concentration_share: float = 0.5  # a supplier holding more than this share of the high/medium R cells
    low_score_below: float = 40.0  # a practice score (0–100) below this is low

    def __post_init__(self) -> None:
        weights = dict(self.criticality_weights)
        if set(weights) != set(CRITICALITIES):
            raise ValueError(
                f"criticality weights must give exactly high, medium and low, got "
                f"{', '.join(sorted(weights)) or 'none'}"
            )
        for key, weight in weights.items():
            if (
                isinstance(weight, bool)
                or not isinstance(weight, int | float)
                or not (math.isfinite(weight) and weight >= 0)
            ):
                raise ValueError(f"criticality weight of {key!r} must be a number of 0 or more, got {weight!r}")
        object.__setattr__(self, "criticality_weights", MappingProxyType(weights))
        if isinstance(self.spof_min_areas, bool) or not isinstance(self.spof_min_areas, int) or self.spof_min_areas < 1:
            raise ValueError(f"spof_min_areas must be a whole number of 1 or more, got {self.spof_min_areas!r}")
        if not (math.isfinite(self.concentration_share) and 0 <= self.concentration_share <= 1):
            raise ValueError(f"concentration_share must be a fraction from 0 to 1, got {self.concentration_share!r}")
        if not (math.isfinite(self.low_score_below) and 0 <= self.low_score_below <= 100):
            raise ValueError(f"low_score_below must be a score from 0 to 100, got {self.low_score_below!r}")


# ---- outputs ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartyLoad:
    party_key: str
    responsible: int  # R cells
    accountable: int  # A cells
    consulted: int
    informed: int
    weighted: float  # Σ criticality weight over the party's R and A cells (an R and an A each count)


@dataclass(frozen=True, slots=True)
class Finding:
    kind: FindingKind
    severity: Severity
    sentence: str  # plain English, for the client's executives
    area_keys: tuple[str, ...]
    party_keys: tuple[str, ...]


@dataclass(frozen=True)
class Analysis:
    no_responsible: tuple[str, ...]  # areas with no R: they fall to the CEO
    no_accountable: tuple[str, ...]  # areas with no A: they fall to the CEO
    falls_to_ceo: tuple[str, ...]  # no R or no A
    several_accountable: tuple[tuple[str, tuple[str, ...]], ...]  # (area, its A parties)
    load: tuple[PartyLoad, ...]  # every party, heaviest first
    single_points_of_failure: tuple[tuple[str, tuple[str, ...]], ...]  # (party, high areas where it is the only R)
    concentration: tuple[tuple[str, float], ...]  # (supplier, its share of the high/medium R cells)
    ended_contracts: tuple[tuple[str, tuple[str, ...]], ...]  # (party, areas where it still holds R or A)
    low_score_owned: tuple[tuple[str, str, float], ...]  # (area, its R party, the practice score)
    findings: tuple[Finding, ...]  # the risk summary, most severe first


# ---- analysis --------------------------------------------------------------------------------------------------


def _check_scores(practice_scores: Mapping[str, float | None]) -> None:
    for key, value in practice_scores.items():
        if value is not None and not (math.isfinite(value) and 0 <= value <= 100):
            raise ValueError(f"practice score of {key!r} must be from 0 to 100 or None, got {value!r}")


def _number(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _names(names: Sequence[str]) -> str:
    """A, B and C."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _listed(items: Sequence[str]) -> str:
    """A, B and C; past three, "e.g." and the first three."""
    return "e.g. " + ", ".join(items[:EXAMPLES]) if len(items) > EXAMPLES else _names(items)


def _quoted(titles: Sequence[str]) -> str:
    return _listed([f"'{t}'" for t in titles])


def _worst(criticalities: Iterable[Criticality]) -> Severity:
    return min(criticalities, key=_RANK.__getitem__, default="low")


class _Analyser:
    """Indexes the matrix once; each method computes one output."""

    def __init__(
        self, matrix: Matrix, options: Options, practice_scores: Mapping[str, float | None], today: date
    ) -> None:
        self.options = options
        self.scores = practice_scores
        self.today = today
        self.areas = sorted(matrix.areas, key=lambda a: (_RANK[a.criticality], a.position, a.key))
        self.area = {a.key: a for a in self.areas}
        self.order = {a.key: i for i, a in enumerate(self.areas)}
        self.parties = sorted(matrix.parties, key=lambda p: p.key)
        self.party = {p.key: p for p in self.parties}
        # area → role → party keys (sorted), party → role → area keys (in area order)
        self.by_area: dict[str, dict[str, list[str]]] = {a.key: {r: [] for r in ROLES} for a in self.areas}
        self.by_party: dict[str, dict[str, list[str]]] = {p.key: {r: [] for r in ROLES} for p in self.parties}
        for cell in sorted(matrix.cells, key=lambda c: (self.order[c.area_key], c.party_key)):
            self.by_area[cell.area_key][cell.role].append(cell.party_key)
            self.by_party[cell.party_key][cell.role].append(cell.area_key)
        # R cells in high- and medium-criticality areas: in all, and by party
        self.r_held = {p.key: len(self.r_areas(p.key)) for p in self.parties}
        self.r_total = sum(self.r_held.values())

    def r_areas(self, party_key: str) -> tuple[str, ...]:
        """The high- and medium-criticality areas where the party is R."""
        return tuple(k for k in self.by_party[party_key]["R"] if self.area[k].criticality != "low")

    def titles(self, area_keys: Iterable[str]) -> list[str]:
        return [self.area[k].title for k in area_keys]

    def without(self, role: Role) -> tuple[str, ...]:
        return tuple(a.key for a in self.areas if not self.by_area[a.key][role])

    def several_accountable(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple((a.key, tuple(self.by_area[a.key]["A"])) for a in self.areas if len(self.by_area[a.key]["A"]) > 1)

    def load(self) -> tuple[PartyLoad, ...]:
        weights = self.options.criticality_weights
        loads = []
        for p in self.parties:
            roles = self.by_party[p.key]
            weighted = math.fsum(weights[self.area[k].criticality] for k in roles["R"] + roles["A"])
            loads.append(PartyLoad(p.key, len(roles["R"]), len(roles["A"]), len(roles["C"]), len(roles["I"]), weighted))
        loads.sort(key=lambda pl: (-pl.weighted, pl.party_key))
        return tuple(loads)

    def single_points_of_failure(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        alone: dict[str, list[str]] = {}
        for a in self.areas:
            responsible = self.by_area[a.key]["R"]
            if a.criticality == "high" and len(responsible) == 1:
                alone.setdefault(responsible[0], []).append(a.key)
        found = [(p, tuple(keys)) for p, keys in alone.items() if len(keys) >= self.options.spof_min_areas]
        found.sort(key=lambda item: (-len(item[1]), item[0]))
        return tuple(found)

    def concentration(self) -> tuple[tuple[str, float], ...]:
        if not self.r_total:
            return ()
        shares = {p: n / self.r_total for p, n in self.r_held.items() if self.party[p].kind not in NON_VENDOR_KINDS}
        found = [(p, share) for p, share in shares.items() if share > self.options.concentration_share]
        found.sort(key=lambda item: (-item[1], item[0]))
        return tuple(found)

    def ended_contracts(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        found = []
        for p in self.parties:
            if p.contract_ends is None or p.contract_ends >= self.today:
                continue
            holding = set(self.by_party[p.key]["R"]) | set(self.by_party[p.key]["A"])
            if holding:
                found.append((p.contract_ends, p.key, tuple(sorted(holding, key=self.order.__getitem__))))
        found.sort()
        return tuple((key, areas) for _, key, areas in found)

    def low_score_owned(self) -> tuple[tuple[str, str, float], ...]:
        found = []
        for a in self.areas:
            value = self.scores.get(a.practice_key)
            if value is not None and value < self.options.low_score_below:
                found += [(a.key, p, float(value)) for p in self.by_area[a.key]["R"]]
        found.sort(key=lambda row: (row[2], self.order[row[0]], row[1]))
        return tuple(found)

    # -- the risk summary --

    def nobody(self, kind: FindingKind, area_keys: tuple[str, ...], role_word: str) -> list[Finding]:
        if not area_keys:
            return []
        n = len(area_keys)
        high = sum(self.area[k].criticality == "high" for k in area_keys)
        titles = _quoted(self.titles(area_keys))
        if n == 1:
            area = self.area[area_keys[0]]
            sentence = f"1 area has no one {role_word}; it falls to the CEO: {titles} ({area.criticality} criticality)."
        else:
            of_them = f", {high} of them high-criticality" if high else ""
            sentence = f"{n} areas have no one {role_word}; they fall to the CEO{of_them} ({titles})."
        severity = _worst(self.area[k].criticality for k in area_keys)
        return [Finding(kind, severity, sentence, area_keys, ())]

    def findings(self, analysis: Analysis) -> tuple[Finding, ...]:
        found = self.nobody("no_responsible", analysis.no_responsible, "responsible")
        found += self.nobody("no_accountable", analysis.no_accountable, "accountable")
        for p, keys in analysis.single_points_of_failure:
            found.append(
                Finding(
                    "single_point_of_failure",
                    "high",
                    f"{self.party[p].name} is the only one responsible for "
                    f"{_number(len(keys), 'high-criticality area')} with no backup "
                    f"({_quoted(self.titles(keys))}).",
                    keys,
                    (p,),
                )
            )
        for p, keys in analysis.ended_contracts:
            party = self.party[p]
            found.append(
                Finding(
                    "ended_contract",
                    _worst(self.area[k].criticality for k in keys),
                    f"The contract with {party.name} ended on {party.contract_ends}, but "
                    f"it is still responsible or accountable for {_number(len(keys), 'area')} "
                    f"({_quoted(self.titles(keys))}).",
                    keys,
                    (p,),
                )
            )
        for k, parties in analysis.several_accountable:
            count = _NUMBER_WORDS[len(parties)] if len(parties) < len(_NUMBER_WORDS) else str(len(parties))
            found.append(
                Finding(
                    "several_accountable",
                    self.area[k].criticality,
                    f"{count} parties are accountable for '{self.area[k].title}': "
                    f"{_names([self.party[p].name for p in parties])}; there should be one.",
                    (k,),
                    parties,
                )
            )
        for p, share in analysis.concentration:
            found.append(
                Finding(
                    "concentration",
                    "medium",
                    f"{self.party[p].name} holds {share:.0%} of the responsibilities in high- and "
                    f"medium-criticality areas ({self.r_held[p]} of {self.r_total}): the "
                    f"client depends heavily on one supplier.",
                    self.r_areas(p),
                    (p,),
                )
            )
        owned: dict[str, list[tuple[str, float]]] = {}
        for k, p, value in analysis.low_score_owned:
            owned.setdefault(p, []).append((k, value))
        for p, rows in owned.items():
            rows.sort(key=lambda row: self.order[row[0]])
            keys = tuple(k for k, _ in rows)
            shown = _listed([f"'{self.area[k].title}' at {value:.3g}" for k, value in rows])
            found.append(
                Finding(
                    "low_score_owned",
                    _worst(self.area[k].criticality for k in keys),
                    f"{self.party[p].name} is responsible for {_number(len(keys), 'area')} whose "
                    f"practice scores below {self.options.low_score_below:g} "
                    f"({shown}).",
                    keys,
                    (p,),
                )
            )
        found.sort(
            key=lambda f: (
                _RANK[f.severity],
                FINDING_KINDS.index(f.kind),
                -len(f.area_keys),
                [self.order[k] for k in f.area_keys],
                f.party_keys,
            )
        )
        return tuple(found)


DEFAULT_OPTIONS: Final = Options()


def analyse(
    matrix: Matrix,
    *,
    options: Options = DEFAULT_OPTIONS,
    practice_scores: Mapping[str, float | None] = _NO_SCORES,
    today: date,
) -> Analysis:
    """Analyse a client's responsibility matrix as of ``today``.

    ``practice_scores``: the latest assessment's practice scores (0–100, None = no score), by practice key; may
    be empty."""
    _check_scores(practice_scores)
    an = _Analyser(matrix, options, practice_scores, today)
    no_responsible = an.without("R")
    no_accountable = an.without("A")
    falls = set(no_responsible) | set(no_accountable)
    analysis = Analysis(
        no_responsible=no_responsible,
        no_accountable=no_accountable,
        falls_to_ceo=tuple(a.key for a in an.areas if a.key in falls),
        several_accountable=an.several_accountable(),
        load=an.load(),
        single_points_of_failure=an.single_points_of_failure(),
        concentration=an.concentration(),
        ended_contracts=an.ended_contracts(),
        low_score_owned=an.low_score_owned(),
        findings=(),
    )
    return replace(analysis, findings=an.findings(analysis))
