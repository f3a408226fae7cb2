"""The framework document (pure: no database). validate() is canonical, complete and reports paths."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sevenc.catalog.domain import document
from sevenc.catalog.domain.document import DocumentError, checksum, counts, validate

SHIPPED = Path(document.__file__).resolve().parents[1] / "data" / "7c.json"
SCALE = [{"level": n, "name": f"Level {n}", "description": f"What level {n} means."} for n in range(6)]


def shipped() -> dict[str, Any]:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


def minimal(**over: Any) -> dict[str, Any]:
    doc = {
        "key": "mini",
        "name": "Mini",
        "version": "1",
        "scale": copy.deepcopy(SCALE),
        "blocks": [
            {
                "key": "b",
                "name": "B",
                "areas": [{"key": "b.a", "name": "A", "practices": [{"key": "b.a.p", "name": "P"}]}],
            }
        ],
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
    assert [b["name"] for b in doc["blocks"]] == [
        "Continuous",
        "Competent",
        "Charged",
        "Conscious",
        "Controlled",
        "Clear",
        "Cost effective",
    ]
    assert [s["level"] for s in doc["scale"]] == [0, 1, 2, 3, 4, 5]


def test_it_keeps_the_shipped_framework_canonical() -> None:
    doc = validate(shipped())
    assert validate(doc) == doc
    assert checksum(validate(reorder(shipped()))) == checksum(doc)


# --- round trip on random documents ---------------------------------------------------------------------------

SLUG = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,8}", fullmatch=True)
PAD = st.sampled_from(["", " ", "\t", "\n ", "  "])
VISIBLE = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=30)
WEIGHT = st.one_of(
    st.integers(0, document.MAX_WEIGHT), st.floats(0, document.MAX_WEIGHT, allow_nan=False, allow_infinity=False)
)
WEIGHTED = st.one_of(st.just({}), st.builds(lambda w: {"weight": w}, WEIGHT))  # absent, or any valid weight
CRITICAL = st.sampled_from([{}, {"critical": False}, {"critical": True}])


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
            practices = [
                {"key": f"{draw(SLUG)}.p{next(n)}", "name": draw(text()), **draw(WEIGHTED), **draw(CRITICAL)}
                for _ in range(draw(st.integers(1, 4)))
            ]
            area: dict[str, Any] = {
                "key": f"{draw(SLUG)}.a{next(n)}",
                "name": draw(text()),
                "practices": practices,
                **draw(WEIGHTED),
            }
            if draw(st.booleans()):
                area["description"] = draw(text())
            areas.append(area)
        block: dict[str, Any] = {
            "key": f"{draw(SLUG)}-b{next(n)}",
            "name": draw(text()),
            "areas": areas,
            **draw(WEIGHTED),
        }
        if draw(st.booleans()):
            block["question"] = draw(text())
        blocks.append(block)
    scale = draw(st.permutations(copy.deepcopy(SCALE)))
    doc: dict[str, Any] = {
        "key": draw(SLUG),
        "name": draw(text()),
        "version": draw(st.one_of(text(), st.integers(0, 99))),
        "scale": scale,
        "blocks": blocks,
    }
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
    # weights and critical flags are kept (a weight of 1 and critical false are the defaults, left out)
    items = [
        (raw, kept)
        for rb, b in zip(doc["blocks"], once["blocks"], strict=True)
        for raw, kept in [
            (rb, b),
            *[(ra, a) for ra, a in zip(rb["areas"], b["areas"], strict=True)],
            *[
                (rp, p)
                for ra, a in zip(rb["areas"], b["areas"], strict=True)
                for rp, p in zip(ra["practices"], a["practices"], strict=True)
            ],
        ]
    ]
    for raw, kept in items:
        assert kept.get("weight", 1.0) == raw.get("weight", 1) and type(kept.get("weight", 1.0)) is float
        assert ("weight" in kept) == (raw.get("weight", 1) != 1)
        assert kept.get("critical", False) is raw.get("critical", False)
        assert kept.get("critical", True) is True


@settings(max_examples=50, deadline=None)
@given(documents(), st.data())
def test_it_reports_a_duplicate_practice_key_with_its_path(doc: dict[str, Any], data: Any) -> None:
    practices = [
        (bi, ai, pi)
        for bi, b in enumerate(doc["blocks"])
        for ai, a in enumerate(b["areas"])
        for pi, _ in enumerate(a["practices"])
    ]
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
    doc = minimal(
        blocks=[
            {"key": "b", "name": "B", "areas": [{"key": "x.a", "name": "A", "practices": [{"key": "p", "name": "P"}]}]},
            {
                "key": "b",
                "name": "B2",
                "areas": [{"key": "x.a", "name": "A2", "practices": [{"key": "p", "name": "Q"}]}],
            },
        ]
    )
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


@pytest.mark.parametrize(
    "level,message",
    [
        (7, "scale[2].level: expected a whole number from 0 to 5"),
        (-1, "scale[2].level: expected a whole number from 0 to 5"),
        ("2", "scale[2].level: expected a whole number from 0 to 5"),
        (True, "scale[2].level: expected a whole number from 0 to 5"),
        (None, "scale[2].level: expected a whole number from 0 to 5"),
        (1, "scale[2].level: level 1 is listed twice"),
    ],
)
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


@pytest.mark.parametrize(
    "bad,path",
    [
        ([], "(document)"),
        ("text", "(document)"),
        (minimal(blocks="no"), "blocks"),
        (minimal(scale={"level": 0}), "scale"),
        (minimal(blocks=[["not", "an", "object"]]), "blocks[0]"),
    ],
)
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


# --- weights, critical flags, unknown keys and strict types ----------------------------------------------------


def test_it_keeps_weights_and_critical_flags_in_canonical_form() -> None:
    doc = minimal()
    doc["blocks"][0]["weight"] = 2
    doc["blocks"][0]["areas"][0]["weight"] = 0
    doc["blocks"][0]["areas"][0]["practices"] = [
        {"key": "b.a.p", "name": "P", "weight": 1.5, "critical": True},
        {"critical": False, "weight": 1, "name": "Q", "key": "b.a.q"},
    ]
    out = validate(doc)
    block = out["blocks"][0]
    assert list(block) == ["key", "name", "question", "weight", "areas"] and block["weight"] == 2.0
    area = block["areas"][0]
    assert list(area) == ["key", "name", "description", "weight", "practices"] and area["weight"] == 0.0
    assert area["practices"] == [
        {"key": "b.a.p", "name": "P", "weight": 1.5, "critical": True},
        {"key": "b.a.q", "name": "Q"},
    ]  # the defaults are left out
    assert validate(out) == out
    assert checksum(out) != checksum(validate(minimal()))  # weights and flags are content


@pytest.mark.parametrize(
    "where,change",
    [
        ("block", {"weight": 3}),
        ("area", {"weight": 0.5}),
        ("practice", {"weight": 2}),
        ("practice", {"critical": True}),
    ],
)
def test_a_weight_or_a_flag_changes_the_checksum(where: str, change: dict[str, Any]) -> None:
    doc = minimal()
    block = doc["blocks"][0]
    target = {"block": block, "area": block["areas"][0], "practice": block["areas"][0]["practices"][0]}[where]
    target.update(change)
    assert checksum(validate(doc)) != checksum(validate(minimal()))


def test_documents_without_weights_keep_their_checksum() -> None:
    """Databases that loaded the shipped framework before weights were part of the document still match it."""
    assert checksum(validate(shipped())) == "b8a3131bf99b9fed1ffee84674448dbda0176e0bc746a5cd25179bf4df0b96a0"


@pytest.mark.parametrize(
    "where,key",
    [
        ("(document)", "based_on"),
        ("scale[0]", "colour"),
        ("blocks[0]", "weigth"),
        ("blocks[0].areas[0]", "id"),
        ("blocks[0].areas[0].practices[0]", "wieght"),
    ],
)
def test_it_reports_an_unknown_key_with_its_path(where: str, key: str) -> None:
    doc = minimal()
    doc["blocks"][0]["areas"][0]["practices"].append({"key": "b.a.q", "name": "Q"})
    target = {
        "(document)": doc,
        "scale[0]": doc["scale"][0],
        "blocks[0]": doc["blocks"][0],
        "blocks[0].areas[0]": doc["blocks"][0]["areas"][0],
        "blocks[0].areas[0].practices[0]": doc["blocks"][0]["areas"][0]["practices"][0],
    }[where]
    target[key] = 2
    path = key if where == "(document)" else f"{where}.{key}"
    assert problems_of(doc) == [f"{path}: unknown key"]


def test_it_names_the_path_of_an_unknown_key_deep_in_the_document() -> None:
    doc = minimal(
        blocks=[
            {
                "key": f"b{b}",
                "name": "B",
                "areas": [
                    {
                        "key": f"b{b}.a{a}",
                        "name": "A",
                        "practices": [{"key": f"b{b}.a{a}.p{p}", "name": "P"} for p in range(4)],
                    }
                    for a in range(2)
                ],
            }
            for b in range(3)
        ]
    )
    doc["blocks"][2]["areas"][0]["practices"][3]["wieght"] = 2
    doc["blocks"][1]["ареа"] = []
    assert problems_of(doc) == ["blocks[1].ареа: unknown key", "blocks[2].areas[0].practices[3].wieght: unknown key"]


@pytest.mark.parametrize(
    "value,message",
    [
        (True, "expected a number from 0 to 1,000,000, got bool"),
        (False, "expected a number from 0 to 1,000,000, got bool"),
        ("2", "expected a number from 0 to 1,000,000, got str"),
        (None, "expected a number from 0 to 1,000,000, got NoneType"),
        ([1], "expected a number from 0 to 1,000,000, got list"),
        (-1, "expected a number from 0 to 1,000,000"),
        (-0.001, "expected a number from 0 to 1,000,000"),
        (float("nan"), "expected a number from 0 to 1,000,000"),
        (float("inf"), "expected a number from 0 to 1,000,000"),
        pytest.param(10**400, "expected a number from 0 to 1,000,000", id="10**400"),
        (1_000_001, "expected a number from 0 to 1,000,000"),
    ],
)
@pytest.mark.parametrize("where", ["blocks[0]", "blocks[0].areas[0]", "blocks[0].areas[0].practices[0]"])
def test_it_refuses_a_weight_that_is_not_a_number_in_range(value: Any, message: str, where: str) -> None:
    doc = minimal()
    target = {
        "blocks[0]": doc["blocks"][0],
        "blocks[0].areas[0]": doc["blocks"][0]["areas"][0],
        "blocks[0].areas[0].practices[0]": doc["blocks"][0]["areas"][0]["practices"][0],
    }[where]
    target["weight"] = value
    assert problems_of(doc) == [f"{where}.weight: {message}"]


@pytest.mark.parametrize("value", ["true", 1, 0, None, "yes"])
def test_it_refuses_a_critical_flag_that_is_not_a_boolean(value: Any) -> None:
    doc = minimal()
    doc["blocks"][0]["areas"][0]["practices"][0]["critical"] = value
    assert problems_of(doc) == [
        f"blocks[0].areas[0].practices[0].critical: expected true or false, got {type(value).__name__}"
    ]


@pytest.mark.parametrize("version", [True, None, [], {"v": 1}])
def test_it_refuses_a_version_that_is_not_text_or_a_number(version: Any) -> None:
    assert any(p.startswith("version:") for p in problems_of(minimal(version=version)))


def test_it_reports_a_key_given_twice_in_one_object() -> None:
    text = json.dumps(minimal()).replace('"name": "P"', '"name": "P", "weight": 2, "weight": 3')
    doc = json.loads(text, object_pairs_hook=document.object_from_pairs)
    assert problems_of(doc) == ["blocks[0].areas[0].practices[0].weight: given more than once"]
    top = json.loads('{"key": "a", ' + json.dumps(minimal())[1:], object_pairs_hook=document.object_from_pairs)
    assert problems_of(top) == ["key: given more than once"]
