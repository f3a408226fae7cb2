"""Starter templates of the responsibility matrix, and the rule that applies any template to a client's matrix.

A **starter** (data/starters.json) splits every duty of the library between a few *slots*: the kinds of party a
client of that shape has (the owner, an internal IT person, the MSP, the ISP…). The split is a pure rule by
**duty kind**: each duty of the library has a kind (its group's, or its own where the group's does not fit; a
workspace's own duty takes its 7C block's), and each starter says, per duty kind, which slot holds which role.

Applying a template (a starter, or one saved from a client) maps each slot onto one of the client's parties and
fills **only empty cells**: a cell that holds a role keeps it, and an area that has an Accountable gets no second
one (``plan_apply``). docs/responsibility.md describes both.

Pure: the standard library only; plain values and frozen dataclasses in and out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ROLES = ("A", "R", "C", "I")  # strongest first
STRENGTH = {role: i for i, role in enumerate(ROLES)}


@dataclass(frozen=True)
class Slot:
    """A kind of party a template gives roles to. ``kinds``: the party kinds that fill it, likeliest first;
    ``hints``: words in a party's name that mark it (``"ceo"``, ``"it manager"``); ``required``: the slot holds
    an Accountable or the only Responsible of some duty, so it must be mapped onto a party of its own."""

    key: str
    name: str
    kinds: tuple[str, ...]
    hints: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Starter:
    key: str
    name: str
    description: str
    slots: tuple[Slot, ...]
    splits: Mapping[str, Mapping[str, str]]  # duty kind → slot key → role

    def slot(self, key: str) -> Slot:
        return next(s for s in self.slots if s.key == key)


@dataclass(frozen=True)
class Rules:
    """Which kind each duty is: by area key, else by the library group (the key's first part), and for a
    workspace's own duty by its 7C block, else ``default``."""

    duty_kinds: Mapping[str, str]  # duty kind → what it covers
    groups: Mapping[str, str]
    areas: Mapping[str, str]
    blocks: Mapping[str, str]
    default: str


@dataclass(frozen=True)
class Duty:
    key: str
    block_key: str
    shipped: bool = True


@dataclass(frozen=True)
class Catalogue:
    rules: Rules
    starters: tuple[Starter, ...]

    def starter(self, key: str) -> Starter | None:
        return next((s for s in self.starters if s.key == key), None)


def duty_kind(rules: Rules, duty: Duty) -> str:
    if duty.shipped:
        if duty.key in rules.areas:
            return rules.areas[duty.key]
        group = duty.key.split(".", 1)[0]
        if group in rules.groups:
            return rules.groups[group]
    return rules.blocks.get(duty.block_key, rules.default)


def starter_cells(starter: Starter, rules: Rules, duties: Iterable[Duty]) -> dict[tuple[str, str], str]:
    """(duty key, slot key) → role, for every duty."""
    cells: dict[tuple[str, str], str] = {}
    for duty in duties:
        for slot, role in starter.splits[duty_kind(rules, duty)].items():
            cells[(duty.key, slot)] = role
    return cells


# --- the document ------------------------------------------------------------------------------------------------


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def parse(doc: Any, party_kinds: Iterable[str]) -> Catalogue:
    """The catalogue of a starters document; ValueError listing every problem when it is not sound."""
    problems = validate(doc, party_kinds)
    if problems:
        raise ValueError("; ".join(problems))
    rules = Rules(
        duty_kinds=dict(doc["duty_kinds"]),
        groups=dict(doc["groups"]),
        areas=dict(doc["areas"]),
        blocks=dict(doc.get("blocks", {})),
        default=doc["default"],
    )
    starters = tuple(
        Starter(
            key=s["key"],
            name=s["name"],
            description=s.get("description", ""),
            slots=tuple(
                Slot(
                    key=sl["key"],
                    name=sl["name"],
                    kinds=_strs(sl["kinds"]),
                    hints=tuple(h.lower() for h in _strs(sl.get("hints", []))),
                    required=bool(sl.get("required", False)),
                )
                for sl in s["slots"]
            ),
            splits={kind: dict(split) for kind, split in s["splits"].items()},
        )
        for s in doc["starters"]
    )
    return Catalogue(rules=rules, starters=starters)


def validate(doc: Any, party_kinds: Iterable[str]) -> list[str]:
    """Every problem with a starters document, as messages a person can act on; empty when it is sound.

    Besides the shape: every duty kind used is declared; every starter splits every duty kind with exactly one
    Accountable, held by a required slot, and at least one Responsible held by a required slot (so leaving out
    the optional slots never leaves a duty without R or A); roles are R, A, C or I; slots' party kinds exist."""
    if not isinstance(doc, dict) or doc.get("version") != 1:
        return ["the document must be a JSON object with version 1"]
    problems: list[str] = []
    known_party_kinds = set(party_kinds)
    kinds = doc.get("duty_kinds")
    if not isinstance(kinds, dict) or not kinds:
        return ["'duty_kinds' must name the duty kinds"]
    for where in ("groups", "areas", "blocks"):
        table = doc.get(where, {} if where == "blocks" else None)
        if not isinstance(table, dict):
            problems.append(f"'{where}' must map keys to duty kinds")
            continue
        problems += [f"{where}: {k} has an unknown duty kind {v!r}" for k, v in table.items() if v not in kinds]
    if doc.get("default") not in kinds:
        problems.append(f"default: unknown duty kind {doc.get('default')!r}")
    starters = doc.get("starters")
    if not isinstance(starters, list) or not starters:
        return [*problems, "'starters' must be a non-empty list"]
    seen: set[str] = set()
    for i, s in enumerate(starters, 1):
        if not isinstance(s, dict) or not isinstance(s.get("key"), str) or not s.get("name"):
            problems.append(f"starter {i}: needs a key and a name")
            continue
        where = f"starter {s['key']}"
        if s["key"] in seen:
            problems.append(f"{where}: duplicate key")
        seen.add(s["key"])
        slots = s.get("slots")
        if not isinstance(slots, list) or not slots:
            problems.append(f"{where}: needs slots")
            continue
        required: set[str] = set()
        slot_keys: set[str] = set()
        for sl in slots:
            if not isinstance(sl, dict) or not isinstance(sl.get("key"), str) or not sl.get("name"):
                problems.append(f"{where}: every slot needs a key and a name")
                continue
            if sl["key"] in slot_keys:
                problems.append(f"{where}: duplicate slot {sl['key']}")
            slot_keys.add(sl["key"])
            if sl.get("required"):
                required.add(sl["key"])
            bad = [k for k in _strs(sl.get("kinds")) if k not in known_party_kinds]
            if not _strs(sl.get("kinds")) or bad:
                problems.append(f"{where}: slot {sl['key']} needs party kinds among {sorted(known_party_kinds)}")
        splits = s.get("splits")
        if not isinstance(splits, dict):
            problems.append(f"{where}: needs splits")
            continue
        for kind in kinds:
            split = splits.get(kind)
            if not isinstance(split, dict):
                problems.append(f"{where}: no split for duty kind {kind}")
                continue
            problems += [f"{where}, {kind}: unknown slot {k}" for k in split if k not in slot_keys]
            problems += [f"{where}, {kind}: {k} has role {r!r}" for k, r in split.items() if r not in STRENGTH]
            accountable = [k for k, r in split.items() if r == "A"]
            if len(accountable) != 1 or accountable[0] not in required:
                problems.append(f"{where}, {kind}: needs exactly one Accountable, held by a required slot")
            if not any(r == "R" and k in required for k, r in split.items()):
                problems.append(f"{where}, {kind}: needs a Responsible held by a required slot")
        problems += [f"{where}: split for unknown duty kind {k}" for k in splits if k not in kinds]
    return problems


# --- mapping slots onto a client's parties -----------------------------------------------------------------------


@dataclass(frozen=True)
class PartyRef:
    id: int
    name: str
    kind: str


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def suggest(slots: Sequence[Slot], parties: Sequence[PartyRef]) -> dict[str, int | None]:
    """A party for each slot, or None: first the parties whose name carries a slot's hint (the best hint first,
    ``"ceo"`` before ``"director"``), then, for the slots still open, the first party of the slot's kinds not
    taken yet (in the order given). Two slots never get the same party."""
    chosen: dict[str, int | None] = {s.key: None for s in slots}
    taken: set[int] = set()
    matches = []
    for si, slot in enumerate(slots):
        for pi, party in enumerate(parties):
            if party.kind not in slot.kinds:
                continue
            words = _words(party.name)
            rank = next((hi for hi, hint in enumerate(slot.hints) if _words(hint) in words), None)
            if rank is not None:
                matches.append((rank, si, pi))
    for _rank, si, pi in sorted(matches):
        slot, party = slots[si], parties[pi]
        if chosen[slot.key] is None and party.id not in taken:
            chosen[slot.key] = party.id
            taken.add(party.id)
    for slot in slots:
        if chosen[slot.key] is not None:
            continue
        for kind in slot.kinds:
            party_or_none = next((p for p in parties if p.kind == kind and p.id not in taken), None)
            if party_or_none is not None:
                chosen[slot.key] = party_or_none.id
                taken.add(party_or_none.id)
                break
    return chosen


def mapping_problems(
    slots: Sequence[Slot], mapping: Mapping[str, int | None], party_names: Mapping[int, str]
) -> list[str]:
    """What is wrong with a mapping of slots (slot key → party id, or None to leave the slot out) onto the
    client's parties (``party_names``: id → name): a slot not mapped, a required slot left out, an unknown slot
    or party, a party chosen for two required slots. Empty when it can be applied."""
    problems: list[str] = []
    by_key = {s.key: s for s in slots}
    problems += [f"There is no “{k}” in this template." for k in mapping if k not in by_key]
    for slot in slots:
        if slot.key not in mapping:
            problems.append(f"Choose a party for “{slot.name}”" + ("." if slot.required else ", or leave it out."))
        elif mapping[slot.key] is None and slot.required:
            problems.append(f"“{slot.name}” cannot be left out: it holds Accountable or Responsible roles.")
        elif mapping[slot.key] is not None and mapping[slot.key] not in party_names:
            problems.append(f"The party chosen for “{slot.name}” is not one of this client's.")
    holders: dict[int, list[str]] = {}
    for slot in slots:
        party = mapping.get(slot.key)
        if slot.required and party is not None:
            holders.setdefault(party, []).append(slot.name)
    for party, names in holders.items():
        if len(names) > 1 and party in party_names:
            problems.append(
                f"{party_names[party]} is chosen for {' and '.join(f'“{n}”' for n in names)}; "
                "each of them needs a party of its own (a party holds one role per duty)."
            )
    return problems


@dataclass(frozen=True)
class Plan:
    changes: tuple[tuple[int, int, str], ...]  # (area id, party id, role) for cells that are empty now
    kept: int  # cells the template would fill that the matrix already decides (a role, or the area's A)


def plan_apply(
    *,
    cells: Mapping[tuple[int, str], str],
    mapping: Mapping[str, int | None],
    existing: Mapping[tuple[int, int], str],
    areas: Iterable[int],
) -> Plan:
    """The cells a template fills in a client's matrix. ``cells``: (area id, slot key) → role;
    ``mapping``: slot key → party id (None or absent: left out); ``existing``: the matrix, (area id, party id) →
    role; ``areas``: the areas in use.

    Laws (tests/responsibility/test_starters.py): no existing cell is in the changes; an area that has an
    Accountable gets none; an area gets at most one; where two slots map onto one party, it takes the strongest
    of their roles (A, R, C, I)."""
    in_use = set(areas)
    wanted: dict[tuple[int, int], str] = {}
    for (area, slot), role in cells.items():
        party = mapping.get(slot)
        if party is None or area not in in_use or role not in STRENGTH:
            continue
        cell = (area, party)
        if cell not in wanted or STRENGTH[role] < STRENGTH[wanted[cell]]:
            wanted[cell] = role
    has_a = {area for (area, _party), role in existing.items() if role == "A"}
    changes: list[tuple[int, int, str]] = []
    kept = 0
    for (area, party), role in sorted(wanted.items(), key=lambda item: (item[0], STRENGTH[item[1]])):
        if (area, party) in existing or (role == "A" and area in has_a):
            kept += 1
            continue
        if role == "A":
            has_a.add(area)
        changes.append((area, party, role))
    return Plan(changes=tuple(changes), kept=kept)


def gaps(areas: Iterable[int], cells: Mapping[tuple[int, int], str]) -> list[int]:
    """The areas with no Responsible or no Accountable, in the order given."""
    held: dict[int, set[str]] = {}
    for (area, _party), role in cells.items():
        held.setdefault(area, set()).add(role)
    return [a for a in areas if not {"R", "A"} <= held.get(a, set())]
