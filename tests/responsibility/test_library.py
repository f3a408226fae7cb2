"""The shipped library of responsibility areas: the document itself, its validator and its loader."""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from sevenc.core.domain.errors import ApplicationError
from sevenc.responsibility.library import (
    CATALOG_PATH,
    LIBRARY_PATH,
    library_document,
    library_load_shipped,
    practice_index,
    validate,
)
from sevenc.responsibility.models import ResponsibilityArea
from tests.factories import WorkspaceFactory

CATALOG = json.loads(CATALOG_PATH.read_text(encoding="utf-8"))
INDEX = practice_index(CATALOG)
PRACTICES = frozenset(INDEX)


def shipped() -> dict[str, Any]:
    return json.loads(LIBRARY_PATH.read_text(encoding="utf-8"))


def all_areas(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for g in doc["groups"] for a in g["areas"]]


def area(key: str = "backup.check", title: str = "Check the backup", **fields: Any) -> dict[str, Any]:
    return {
        "key": key,
        "title": title,
        "description": "Done every morning.",
        "practice_key": "continuous.backup-management-implementation.02",
        "criticality": "high",
        **fields,
    }


def small_doc(*areas: dict[str, Any]) -> dict[str, Any]:
    return {"version": 1, "groups": [{"key": "backup", "name": "Backup", "areas": list(areas) or [area()]}]}


def problems_of(doc: Any) -> list[str]:
    """The validator's messages, less the one about the size of the library (small test documents)."""
    return [p for p in validate(doc, PRACTICES) if "it must have at least" not in p]


# --- the shipped document (no database) -----------------------------------------------------------------------


def test_it_ships_a_valid_library() -> None:
    assert validate(shipped(), PRACTICES) == []
    assert library_document()["version"] == 1


def test_it_ships_at_least_200_areas() -> None:
    assert len(all_areas(shipped())) >= 200


def test_it_ties_every_area_to_an_existing_practice() -> None:
    assert {a["practice_key"] for a in all_areas(shipped())} <= PRACTICES


def test_it_covers_every_block_and_gives_every_7c_area_at_least_three_duties() -> None:
    areas = all_areas(shipped())
    per_block = Counter(INDEX[a["practice_key"]][0] for a in areas)
    per_area = Counter(INDEX[a["practice_key"]][1] for a in areas)
    assert set(per_block) == {b["key"] for b in CATALOG["blocks"]}
    thin = {a["key"]: per_area[a["key"]] for b in CATALOG["blocks"] for a in b["areas"] if per_area[a["key"]] < 3}
    assert thin == {}


def test_it_keeps_keys_and_titles_unique() -> None:
    areas = all_areas(shipped())
    keys = [a["key"] for a in areas]
    titles = [a["title"].lower() for a in areas]
    assert len(set(keys)) == len(keys)
    assert len(set(titles)) == len(titles)
    assert all(key == key.lower() and key.count(".") == 1 for key in keys)


def test_it_spreads_criticality_sensibly() -> None:
    counts = Counter(a["criticality"] for a in all_areas(shipped()))
    total = sum(counts.values())
    assert set(counts) == {"high", "medium", "low"}
    assert 0.2 <= counts["high"] / total <= 0.4
    assert 0.4 <= counts["medium"] / total <= 0.6
    assert 0.1 <= counts["low"] / total <= 0.3


# --- the validator (pure) -------------------------------------------------------------------------------------


def test_it_accepts_a_sound_small_document_apart_from_its_size() -> None:
    assert problems_of(small_doc()) == []
    assert validate(small_doc(), PRACTICES) == ["the library has 1 areas; it must have at least 200"]


def test_it_reports_an_unknown_practice_key() -> None:
    problems = problems_of(small_doc(area(practice_key="continuous.nope.01")))
    assert problems == ["group backup, area 1 (backup.check): unknown practice key 'continuous.nope.01'"]


def test_it_reports_duplicate_keys() -> None:
    problems = problems_of(small_doc(area(), area(title="Another title")))
    assert problems == [
        "group backup, area 2 (backup.check): duplicate key (first used in group backup, area 1 (backup.check))"
    ]


def test_it_reports_duplicate_titles_whatever_their_case() -> None:
    problems = problems_of(small_doc(area(), area(key="backup.other", title="check the  BACKUP")))
    assert len(problems) == 1
    assert problems[0].startswith("group backup, area 2 (backup.other): duplicate title 'check the  BACKUP'")


def test_it_reports_a_bad_criticality() -> None:
    problems = problems_of(small_doc(area(criticality="urgent")))
    assert problems == ["group backup, area 1 (backup.check): criticality 'urgent' must be one of high, medium, low"]


def test_it_reports_missing_fields() -> None:
    incomplete = area()
    del incomplete["description"]
    incomplete["practice_key"] = ""
    assert problems_of(small_doc(incomplete)) == ["group backup, area 1: missing description, practice_key"]


def test_it_reports_too_few_areas() -> None:
    doc = small_doc(*(area(key=f"backup.check-{i}", title=f"Check backup {i}") for i in range(199)))
    assert validate(doc, PRACTICES) == ["the library has 199 areas; it must have at least 200"]


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ([], "the document must be a JSON object with 'version' and 'groups'"),
        ({"version": 1, "groups": []}, "'groups' must be a non-empty list"),
        ({"version": 2, "groups": small_doc()["groups"]}, "version must be 1, not 2"),
        (
            {"version": 1, "groups": [{"key": "Backup", "name": "B", "areas": [area()]}]},
            "group 1: key 'Backup' must be lowercase letters, digits and dashes",
        ),
        ({"version": 1, "groups": [{"key": "backup", "name": "", "areas": [area()]}]}, "group backup: missing name"),
        (
            {"version": 1, "groups": [{"key": "backup", "name": "B", "areas": []}]},
            "group backup: 'areas' must be a non-empty list",
        ),
        (
            small_doc(area(key="backup.Check")),
            "group backup, area 1 (backup.Check): key must look like 'group.slug' in lowercase, at most 120 characters",
        ),
        (
            small_doc(area(key="network.check")),
            "group backup, area 1 (network.check): key must start with its group's key 'backup.'",
        ),
        (small_doc(area(title="x" * 301)), "group backup, area 1 (backup.check): title is longer than 300 characters"),
        (
            small_doc("not an area"),  # type: ignore[arg-type]
            "group backup, area 1: must be an object with key, title, description, practice_key, criticality",
        ),
    ],
)
def test_it_reports_malformed_documents(doc: Any, message: str) -> None:
    assert message in validate(doc, PRACTICES)


def test_it_refuses_to_read_an_invalid_library(tmp_path: Path) -> None:
    path = tmp_path / "areas.json"
    path.write_text(json.dumps(small_doc(area(criticality="urgent"))), encoding="utf-8")
    with pytest.raises(ApplicationError) as exc:
        library_document(path=path)
    assert exc.value.message == "areas.json is not a valid responsibility library (2 problems)"
    assert len(exc.value.fields["document"]) == 2


def test_it_refuses_a_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "areas.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ApplicationError, match="areas.json cannot be read as JSON"):
        library_document(path=path)


# --- the loader -----------------------------------------------------------------------------------------------


def write_library(tmp_path: Path, doc: dict[str, Any]) -> Path:
    path = tmp_path / "areas.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_it_loads_the_shipped_library() -> None:
    result = library_load_shipped()
    areas = all_areas(shipped())
    assert (result.created, result.updated, result.total) == (len(areas), 0, len(areas))
    rows = list(ResponsibilityArea.objects.filter(workspace__isnull=True).order_by("position"))
    assert [r.key for r in rows] == [a["key"] for a in areas]
    assert [r.position for r in rows] == list(range(1, len(areas) + 1))
    first = rows[0]
    assert (first.group, first.block_key, first.area_key) == (
        shipped()["groups"][0]["name"],
        *INDEX[first.practice_key],
    )


@pytest.mark.django_db
def test_it_loads_idempotently() -> None:
    library_load_shipped()
    stamps = dict(ResponsibilityArea.objects.values_list("key", "updated_at"))
    again = library_load_shipped()
    assert (again.created, again.updated) == (0, 0)
    assert dict(ResponsibilityArea.objects.values_list("key", "updated_at")) == stamps


@pytest.mark.django_db
def test_it_updates_a_changed_area_and_keeps_a_removed_one(tmp_path: Path) -> None:
    library_load_shipped()
    doc = copy.deepcopy(shipped())
    changed = doc["groups"][0]["areas"][0]
    changed["title"] = "Check every backup job before nine each morning"
    changed["criticality"] = "medium"
    removed = doc["groups"][-1]["areas"].pop()

    result = library_load_shipped(path=write_library(tmp_path, doc))

    assert (result.created, result.updated, result.total) == (0, 1, len(all_areas(shipped())) - 1)
    row = ResponsibilityArea.objects.get(workspace__isnull=True, key=changed["key"])
    assert (row.title, row.criticality) == (changed["title"], "medium")
    assert ResponsibilityArea.objects.filter(workspace__isnull=True, key=removed["key"]).exists()


@pytest.mark.django_db
def test_it_moves_an_area_to_another_practice(tmp_path: Path) -> None:
    library_load_shipped()
    doc = copy.deepcopy(shipped())
    moved = doc["groups"][0]["areas"][0]
    moved["practice_key"] = "clear.vendor-management-implementation.04"
    library_load_shipped(path=write_library(tmp_path, doc))
    row = ResponsibilityArea.objects.get(workspace__isnull=True, key=moved["key"])
    assert (row.block_key, row.area_key) == ("clear", "clear.vendor-management-implementation")


@pytest.mark.django_db
def test_it_leaves_the_workspaces_own_areas_alone() -> None:
    workspace = WorkspaceFactory()
    own = ResponsibilityArea.objects.create(
        workspace=workspace,
        key="backup.verify-nightly-jobs",
        group="Ours",
        title="Our own check",
        block_key="continuous",
        area_key="continuous.backup-management-implementation",
        practice_key="continuous.backup-management-implementation.02",
    )
    library_load_shipped()
    own.refresh_from_db()
    assert (own.title, own.group) == ("Our own check", "Ours")
    assert ResponsibilityArea.objects.filter(key="backup.verify-nightly-jobs").count() == 2


@pytest.mark.django_db
def test_it_changes_nothing_when_the_file_is_invalid(tmp_path: Path) -> None:
    library_load_shipped()
    doc = copy.deepcopy(shipped())
    doc["groups"][0]["areas"][0]["title"] = "A new title that will not be saved"
    doc["groups"][0]["areas"][1]["practice_key"] = "continuous.nope.01"
    with pytest.raises(ApplicationError):
        library_load_shipped(path=write_library(tmp_path, doc))
    first = shipped()["groups"][0]["areas"][0]
    assert ResponsibilityArea.objects.get(workspace__isnull=True, key=first["key"]).title == first["title"]
