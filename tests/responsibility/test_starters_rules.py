"""The starter templates as data and the pure rules of applying a template (domain/starters.py): the shipped
document is sound and gives every duty of the library exactly one Accountable and a Responsible in every starter;
suggesting parties; checking a mapping; and the laws of plan_apply (a filled cell is never in the changes, an
area with an Accountable never gets a second). No database."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sevenc.responsibility.domain import starters
from sevenc.responsibility.domain.starters import Duty, PartyRef, Slot, plan_apply
from sevenc.responsibility.library import LIBRARY_PATH
from sevenc.responsibility.selectors import STARTERS_PATH
from sevenc.tenancy.models import PartyKind


def _doc() -> dict[str, Any]:
    return json.loads(STARTERS_PATH.read_text(encoding="utf-8"))


def _catalogue() -> starters.Catalogue:
    return starters.parse(_doc(), PartyKind.values)


def _library() -> list[Duty]:
    lib = json.loads(LIBRARY_PATH.read_text(encoding="utf-8"))
    return [Duty(key=a["key"], block_key=a["practice_key"].split(".")[0]) for g in lib["groups"] for a in g["areas"]]


def test_it_ships_a_sound_document_with_the_three_set_ups() -> None:
    assert starters.validate(_doc(), PartyKind.values) == []
    keys = [s.key for s in _catalogue().starters]
    assert keys == ["small-business-msp", "small-business-it-person", "co-managed"]


def test_it_names_a_duty_kind_for_every_group_and_only_real_areas_as_exceptions() -> None:
    doc = _doc()
    lib = json.loads(LIBRARY_PATH.read_text(encoding="utf-8"))
    assert {g["key"] for g in lib["groups"]} == set(doc["groups"])
    assert set(doc["areas"]) <= {a["key"] for g in lib["groups"] for a in g["areas"]}


@pytest.mark.parametrize("key", ["small-business-msp", "small-business-it-person", "co-managed"])
@pytest.mark.parametrize("with_optional", [True, False])
def test_every_duty_of_the_library_gets_one_accountable_and_a_responsible(key: str, with_optional: bool) -> None:
    catalogue = _catalogue()
    starter = catalogue.starter(key)
    assert starter is not None
    duties = _library()
    assert len(duties) >= 200
    cells = starters.starter_cells(starter, catalogue.rules, duties)
    required = {s.key for s in starter.slots if s.required}
    for duty in duties:
        roles = [role for (d, slot), role in cells.items() if d == duty.key and (with_optional or slot in required)]
        assert roles.count("A") == 1, duty.key
        assert "R" in roles, duty.key


def test_a_workspace_duty_takes_its_blocks_kind() -> None:
    rules = _catalogue().rules
    assert starters.duty_kind(rules, Duty("alpha.x", "continuous", shipped=False)) == "operations"
    assert starters.duty_kind(rules, Duty("alpha.x", "clear", shipped=False)) == "leadership"
    # an own duty whose key looks like a library group's is still judged by its block
    assert starters.duty_kind(rules, Duty("backup.backup-policy", "clear", shipped=False)) == "leadership"
    assert starters.duty_kind(rules, Duty("backup.backup-policy", "continuous")) == "decisions"
    assert starters.duty_kind(rules, Duty("backup.verify-nightly-jobs", "continuous")) == "operations"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["starters"][0]["splits"]["operations"].update(management="R"), "exactly one Accountable"),
        (lambda d: d["starters"][0]["splits"]["operations"].update(msp="C"), "a Responsible"),
        (lambda d: d["starters"][0]["splits"]["operations"].update(isp="A", management="C"), "required slot"),
        (lambda d: d["starters"][1]["splits"].pop("support"), "no split for duty kind support"),
        (lambda d: d["starters"][1]["splits"]["support"].update(cfo="I"), "unknown slot cfo"),
        (lambda d: d["starters"][1]["splits"]["support"].update(msp="X"), "role 'X'"),
        (lambda d: d["areas"].update({"backup.backup-policy": "gardening"}), "unknown duty kind 'gardening'"),
        (lambda d: d["starters"][2]["slots"][0].update(kinds=["boss"]), "needs party kinds"),
        (lambda d: d["starters"].append(dict(d["starters"][0])), "duplicate key"),
    ],
)
def test_it_reports_what_is_wrong_with_a_document(change: Any, message: str) -> None:
    doc = _doc()
    change(doc)
    problems = starters.validate(doc, PartyKind.values)
    assert any(message in p for p in problems), problems
    with pytest.raises(ValueError, match=message.split("'")[0]):
        starters.parse(doc, PartyKind.values)


# --- suggesting and checking a mapping -----------------------------------------------------------------------------


def test_it_suggests_parties_by_hint_then_by_kind_never_one_party_twice() -> None:
    starter = _catalogue().starter("co-managed")
    assert starter is not None
    parties = [
        PartyRef(1, "Head of IT", "internal_role"),  # alphabetical order puts it before the CEO
        PartyRef(2, "CEO", "internal_role"),
        PartyRef(3, "Northwind IT", "msp"),
        PartyRef(4, "Fiberco", "isp"),
    ]
    assert starters.suggest(starter.slots, parties) == {
        "management": 2,
        "it_team": 1,
        "msp": 3,
        "isp": 4,
        "software_vendor": None,
    }
    # no hint: the first free party of the slot's kinds, in the order given
    it_person = _catalogue().starter("small-business-it-person")
    assert it_person is not None
    demo = [PartyRef(1, "CEO", "internal_role"), PartyRef(2, "Office manager", "internal_role")]
    assert starters.suggest(it_person.slots, demo)["it_person"] == 2
    assert starters.suggest(it_person.slots, [PartyRef(1, "Owner", "internal_role")]) == {
        "management": 1,
        "it_person": None,
        "msp": None,
        "isp": None,
        "software_vendor": None,
    }


@given(
    st.lists(
        st.tuples(st.sampled_from(["CEO", "IT lead", "Office", "MSP", "ISP"]), st.sampled_from(PartyKind.values)),
        max_size=8,
    )
)
def test_a_suggestion_never_gives_one_party_to_two_slots_nor_a_party_of_another_kind(rows: list[Any]) -> None:
    parties = [PartyRef(i, name, kind) for i, (name, kind) in enumerate(rows)]
    for starter in _catalogue().starters:
        chosen = starters.suggest(starter.slots, parties)
        ids = [p for p in chosen.values() if p is not None]
        assert len(ids) == len(set(ids))
        for slot in starter.slots:
            if chosen[slot.key] is not None:
                assert parties[chosen[slot.key]].kind in slot.kinds


def test_it_names_every_problem_of_a_mapping() -> None:
    slots = (
        Slot("management", "Owner", ("internal_role",), required=True),
        Slot("msp", "The MSP", ("msp",), required=True),
        Slot("isp", "Internet provider", ("isp",)),
    )
    names = {1: "Owner", 2: "Northwind"}
    assert starters.mapping_problems(slots, {"management": 1, "msp": 2, "isp": None}, names) == []
    problems = starters.mapping_problems(slots, {"management": 1, "cfo": 2}, names)
    assert problems == [
        "There is no “cfo” in this template.",
        "Choose a party for “The MSP”.",
        "Choose a party for “Internet provider”, or leave it out.",
    ]
    assert starters.mapping_problems(slots, {"management": 1, "msp": None, "isp": 9}, names) == [
        "“The MSP” cannot be left out: it holds Accountable or Responsible roles.",
        "The party chosen for “Internet provider” is not one of this client's.",
    ]
    assert starters.mapping_problems(slots, {"management": 1, "msp": 1, "isp": 1}, names) == [
        "Owner is chosen for “Owner” and “The MSP”; each of them needs a party of its own "
        "(a party holds one role per duty)."
    ]


# --- the laws of applying ------------------------------------------------------------------------------------------

ROLES = st.sampled_from(["R", "A", "C", "I"])
AREAS = st.integers(0, 5)
PARTIES = st.integers(10, 14)
SLOTS = st.sampled_from(["s1", "s2", "s3", "s4"])


def _one_a(cells: dict[Any, str]) -> dict[Any, str]:
    """Drop every A after the first in an area (a matrix holds one)."""
    seen: set[Any] = set()
    out: dict[Any, str] = {}
    for (area, party), role in sorted(cells.items()):
        if role == "A":
            if area in seen:
                continue
            seen.add(area)
        out[(area, party)] = role
    return out


@settings(max_examples=300)
@given(
    existing=st.dictionaries(st.tuples(AREAS, PARTIES), ROLES, max_size=20),
    cells=st.dictionaries(st.tuples(AREAS, SLOTS), ROLES, max_size=24),
    mapping=st.dictionaries(SLOTS, st.one_of(st.none(), PARTIES)),
    in_use=st.sets(AREAS),
)
def test_applying_never_overwrites_a_filled_cell_nor_adds_a_second_accountable(
    existing: dict[Any, str], cells: dict[Any, str], mapping: dict[str, int | None], in_use: set[int]
) -> None:
    existing = _one_a(existing)
    plan = plan_apply(cells=cells, mapping=mapping, existing=existing, areas=in_use)
    changed = [(a, p) for a, p, _r in plan.changes]
    assert len(changed) == len(set(changed))
    assert not set(changed) & set(existing)
    after = {**existing, **{(a, p): r for a, p, r in plan.changes}}
    for area in {a for a, _p in after}:
        assert sum(1 for (a, _p), r in after.items() if a == area and r == "A") <= 1
    for area, party, role in plan.changes:
        assert area in in_use
        slots = [s for s, p in mapping.items() if p == party]
        wanted = [cells[(area, s)] for s in slots if (area, s) in cells]
        assert role == min(wanted, key=starters.STRENGTH.__getitem__)  # the strongest of the slots' roles


@given(
    cells=st.dictionaries(st.tuples(AREAS, SLOTS), ROLES, min_size=1, max_size=24),
    parties=st.permutations([10, 11, 12, 13]),
)
def test_on_an_empty_matrix_a_one_to_one_mapping_copies_the_template(cells: dict[Any, str], parties: Any) -> None:
    mapping = dict(zip(["s1", "s2", "s3", "s4"], parties, strict=True))
    cells = _one_a(cells)  # one A per area, as every template holds
    plan = plan_apply(cells=cells, mapping=mapping, existing={}, areas=range(6))
    assert plan.kept == 0
    assert sorted(plan.changes) == sorted((a, mapping[s], r) for (a, s), r in cells.items())


def test_it_counts_what_it_keeps_and_fills_around_it() -> None:
    cells = {(1, "owner"): "A", (1, "msp"): "R", (2, "owner"): "A", (2, "msp"): "R", (3, "isp"): "C"}
    existing = {(1, 10): "C", (2, 11): "A"}  # the owner is consulted on 1; the MSP is accountable for 2
    plan = plan_apply(cells=cells, mapping={"owner": 10, "msp": 11, "isp": None}, existing=existing, areas=[1, 2, 3])
    assert plan.changes == ((1, 11, "R"),)
    assert plan.kept == 3
    assert starters.gaps([1, 2, 3], {**existing, (1, 11): "R"}) == [1, 2, 3]
    assert starters.gaps([1], {(1, 10): "A", (1, 11): "R"}) == []
