"""The framework document (pure: no database). validate() is canonical, complete and reports paths."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sevenc.catalog import document
from sevenc.catalog.document import DocumentError, checksum, counts, validate

SHIPPED = Path(document.__file__).resolve().parent / "data" / "7c.json"
SCALE = [{"level": n, "name": f"Level {n}", "description": f"What level {n} means."} for n in range(6)]


def shipped() -> dict[str, Any]:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


def minimal(**over: Any) -> dict[str, Any]:
    doc = {
        "key": "mini", "name": "Mini", "version": "1", "scale": copy.deepcopy(SCALE),
        "blocks": [{"key": "b", "name": "B", "areas": [
            {"key": "b.a", "name": "A", "practices": [{"key": "b.a.p", "name": "P"}]}]}],
    }
    doc.update(over)
    return doc


def problems_of(doc: Any) -> list[str]:
    with pytest.raises(DocumentError) as exc:
        validate(doc)
    assert exc.value.problems
    return exc.value.problems


def reorder(value: Any) -> Any:
    """The same document with every object's keys in reverse order."""
    if isinstance(value, dict):
        return {k: reorder(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [reorder(v) for v in value]
    return value


# --- the shipped 7C framework --------------------------------------------------------------------------------

def test_it_validates_the_shipped_7c_framework() -> None:
    doc = validate(shipped())
    assert counts(doc) == (7, 27, 139)
    assert [b["name"] for b in doc["blocks"]] == ["Continuous", "Competent", "Charged", "Conscious", "Controlled",
                                                  "Clear", "Cost effective"]
    assert [s["level"] for s in doc["scale"]] == [0, 1, 2, 3, 4, 5]


def test_it_keeps_the_shipped_framework_canonical() -> None:
    doc = validate(shipped())
    assert validate(doc) == doc
    assert checksum(validate(reorder(shipped()))) == checksum(doc)


# --- round trip on random documents ---------------------------------------------------------------------------

SLUG = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,8}", fullmatch=True)
PAD = st.sampled_from(["", " ", "\t", "\n ", "  "])
VISIBLE = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=30)


@st.composite
def text(draw: Any) -> str:
    return draw(PAD) + draw(VISIBLE) + draw(PAD)


@st.composite
def documents(draw: Any) -> dict[str, Any]:
    """A valid document: keys unique per kind (made so by a running number), names padded with white space."""
    n = iter(range(10_000))
    blocks = []
    for _ in range(draw(st.integers(1, 4))):
        areas = []
        for _ in range(draw(st.integers(1, 3))):
            practices = [{"key": f"{draw(SLUG)}.p{next(n)}", "name": draw(text())}
                         for _ in range(draw(st.integers(1, 4)))]
            area: dict[str, Any] = {"key": f"{draw(SLUG)}.a{next(n)}", "name": draw(text()), "practices": practices}
            if draw(st.booleans()):
                area["description"] = draw(text())
            areas.append(area)
        block: dict[str, Any] = {"key": f"{draw(SLUG)}-b{next(n)}", "name": draw(text()), "areas": areas}
        if draw(st.booleans()):
            block["question"] = draw(text())
        blocks.append(block)
    scale = draw(st.permutations(copy.deepcopy(SCALE)))
    doc: dict[str, Any] = {"key": draw(SLUG), "name": draw(text()),
                           "version": draw(st.one_of(text(), st.integers(0, 99))), "scale": scale,
                           "blocks": blocks}
    if draw(st.booleans()):
        doc["source"] = draw(text())
    return doc


@settings(max_examples=150, deadline=None)
@given(documents())
def test_it_validates_and_round_trips_any_valid_document(doc: dict[str, Any]) -> None:
    once = validate(doc)
    assert validate(once) == once
    assert validate(json.loads(json.dumps(once))) == once
    assert checksum(validate(reorder(doc))) == checksum(once)
    blocks = len(doc["blocks"])
    areas = sum(len(b["areas"]) for b in doc["blocks"])
    practices = sum(len(a["practices"]) for b in doc["blocks"] for a in b["areas"])
    assert counts(once) == (blocks, areas, practices)
    assert [s["level"] for s in once["scale"]] == list(range(6))
    names = [once["name"]] + [b["name"] for b in once["blocks"]]
    assert all(name == name.strip() and name for name in names)


@settings(max_examples=50, deadline=None)
@given(documents(), st.data())
def test_it_reports_a_duplicate_practice_key_with_its_path(doc: dict[str, Any], data: Any) -> None:
    practices = [(bi, ai, pi) for bi, b in enumerate(doc["blocks"]) for ai, a in enumerate(b["areas"])
                 for pi, _ in enumerate(a["practices"])]
    first, *rest = practices
    if not rest:
        doc["blocks"][0]["areas"][0]["practices"].append({"key": "x", "name": "X"})
        rest = [(0, 0, len(doc["blocks"][0]["areas"][0]["practices"]) - 1)]
    bi, ai, pi = data.draw(st.sampled_from(rest))
    key = doc["blocks"][first[0]]["areas"][first[1]]["practices"][first[2]]["key"]
    doc["blocks"][bi]["areas"][ai]["practices"][pi]["key"] = key
    problems = problems_of(doc)
    assert any(p.startswith(f"blocks[{bi}].areas[{ai}].practices[{pi}].key: duplicate key") for p in problems)


# --- problems, each with its path -----------------------------------------------------------------------------

def test_it_accepts_the_minimal_document() -> None:
    assert counts(validate(minimal())) == (1, 1, 1)


def test_it_reports_duplicate_keys_with_their_paths() -> None:
    doc = minimal(blocks=[
        {"key": "b", "name": "B", "areas": [{"key": "x.a", "name": "A", "practices": [{"key": "p", "name": "P"}]}]},
        {"key": "b", "name": "B2", "areas": [{"key": "x.a", "name": "A2", "practices": [{"key": "p", "name": "Q"}]}]},
    ])
    problems = problems_of(doc)
    assert "blocks[1].key: duplicate key 'b'" in problems
    assert "blocks[1].areas[0].key: duplicate key 'x.a'" in problems
    assert "blocks[1].areas[0].practices[0].key: duplicate key 'p'" in problems


def test_it_reports_missing_and_empty_names_with_their_paths() -> None:
    doc = minimal()
    del doc["name"]
    doc["blocks"][0]["name"] = "   "
    del doc["blocks"][0]["areas"][0]["practices"][0]["name"]
    problems = problems_of(doc)
    assert any(p.startswith("name:") for p in problems)
    assert "blocks[0].name: must not be empty" in problems
    assert any(p.startswith("blocks[0].areas[0].practices[0].name:") for p in problems)


@pytest.mark.parametrize("level,message", [
    (7, "scale[2].level: expected a whole number from 0 to 5"),
    (-1, "scale[2].level: expected a whole number from 0 to 5"),
    ("2", "scale[2].level: expected a whole number from 0 to 5"),
    (True, "scale[2].level: expected a whole number from 0 to 5"),
    (None, "scale[2].level: expected a whole number from 0 to 5"),
    (1, "scale[2].level: level 1 is listed twice"),
])
def test_it_reports_bad_levels_with_their_path(level: Any, message: str) -> None:
    doc = minimal()
    doc["scale"][2]["level"] = level
    assert message in problems_of(doc)


def test_it_requires_all_six_levels() -> None:
    doc = minimal(scale=copy.deepcopy(SCALE[:5]))
    assert "scale: must list each level from 0 to 5 once" in problems_of(doc)


@pytest.mark.parametrize("key", ["Upper", "with space", "-lead", "ü", ""])
def test_it_reports_bad_keys(key: str) -> None:
    doc = minimal()
    doc["blocks"][0]["areas"][0]["key"] = key
    assert any(p.startswith("blocks[0].areas[0].key:") for p in problems_of(doc))


def test_it_reports_empty_structures() -> None:
    assert "blocks: a framework needs at least one block" in problems_of(minimal(blocks=[]))
    doc = minimal()
    doc["blocks"][0]["areas"][0]["practices"] = []
    assert "blocks[0].areas[0].practices: an area needs at least one practice" in problems_of(doc)


@pytest.mark.parametrize("bad,path", [
    ([], "(document)"),
    ("text", "(document)"),
    (minimal(blocks="no"), "blocks"),
    (minimal(scale={"level": 0}), "scale"),
    (minimal(blocks=[["not", "an", "object"]]), "blocks[0]"),
])
def test_it_reports_the_wrong_shape(bad: Any, path: str) -> None:
    assert any(p.startswith(f"{path}:") for p in problems_of(bad))


def test_it_reports_text_that_is_too_long() -> None:
    doc = minimal()
    doc["blocks"][0]["areas"][0]["practices"][0]["name"] = "x" * 301
    assert "blocks[0].areas[0].practices[0].name: longer than 300 characters" in problems_of(doc)


def test_it_reports_every_problem_at_once() -> None:
    doc = minimal(key="Bad Key", name="")
    doc["scale"][0]["level"] = 9
    doc["blocks"][0]["areas"][0]["practices"][0]["name"] = ""
    assert len(problems_of(doc)) >= 4


# --- checksum ------------------------------------------------------------------------------------------------

def test_it_keeps_the_checksum_stable_under_key_order_and_white_space() -> None:
    doc = minimal()
    padded = copy.deepcopy(doc)
    padded["name"] = "  Mini\n"
    assert checksum(validate(reorder(doc))) == checksum(validate(doc)) == checksum(validate(padded))


def test_it_leaves_the_source_note_out_of_the_checksum() -> None:
    assert checksum(validate(minimal(source="one note"))) == checksum(validate(minimal(source="another")))


def test_it_changes_the_checksum_with_the_content() -> None:
    other = minimal()
    other["blocks"][0]["areas"][0]["practices"][0]["name"] = "P, reworded"
    assert checksum(validate(other)) != checksum(validate(minimal()))
    assert checksum(validate(minimal(version="2"))) != checksum(validate(minimal()))


def test_it_reports_keys_longer_than_the_database_holds() -> None:
    doc = json.loads(SHIPPED.read_text(encoding="utf-8"))
    doc["key"] = "k" * 41
    doc["blocks"][0]["key"] = "b" * 61
    with pytest.raises(DocumentError) as exc:
        validate(doc)
    assert any(p.startswith("key:") and "40" in p for p in exc.value.problems)
    assert any(p.startswith("blocks[0].key:") and "60" in p for p in exc.value.problems)


def test_it_reports_a_bad_scale_alongside_other_problems() -> None:
    doc = json.loads(SHIPPED.read_text(encoding="utf-8"))
    doc["name"] = ""
    doc["scale"] = doc["scale"][:3]
    with pytest.raises(DocumentError) as exc:
        validate(doc)
    assert any(p.startswith("name:") for p in exc.value.problems)
    assert any(p.startswith("scale:") for p in exc.value.problems)
