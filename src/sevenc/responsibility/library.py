"""The shipped library of responsibility areas (data/areas.json): reading and checking the document, and loading
it into the database.

The document is a list of groups, each with its duties::

    {"version": 1, "groups": [{"key": "backup", "name": "Backup and recovery", "areas": [
        {"key": "backup.verify-nightly-jobs", "title": "...", "description": "...",
         "practice_key": "continuous.backup-management-implementation.02", "criticality": "high"}, ...]}, ...]}

Each area serves one 7C practice; its block and area keys are derived from the 7C catalog document
(catalog/data/7c.json). ``validate`` is pure; ``library_load_shipped`` is the idempotent loader that
``sevenc migrate`` and ``sevenc demo`` run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from sevenc.core.domain.errors import ApplicationError
from sevenc.responsibility.models import Criticality, ResponsibilityArea

LIBRARY_PATH = Path(__file__).resolve().parent / "data" / "areas.json"
CATALOG_PATH = Path(__file__).resolve().parents[1] / "catalog" / "data" / "7c.json"

MIN_AREAS = 200
CRITICALITIES = ("high", "medium", "low")
AREA_FIELDS = ("key", "title", "description", "practice_key", "criticality")
GROUP_KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
AREA_KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_KEY, MAX_GROUP, MAX_TITLE = 120, 120, 300  # the model's column widths


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    total: int  # areas in the shipped file (retired rows that stay in the database are not counted)


# --- the document (pure) ---------------------------------------------------------------------------------------


def validate(doc: Any, practice_keys: set[str] | frozenset[str]) -> list[str]:
    """Every problem with a library document, as messages a person can act on; empty when it is sound."""
    if not isinstance(doc, dict):
        return ["the document must be a JSON object with 'version' and 'groups'"]
    problems: list[str] = []
    if doc.get("version") != 1:
        problems.append(f"version must be 1, not {doc.get('version')!r}")
    groups = doc.get("groups")
    if not isinstance(groups, list) or not groups:
        return [*problems, "'groups' must be a non-empty list"]

    seen_groups: set[str] = set()
    seen_keys: dict[str, str] = {}
    seen_titles: dict[str, str] = {}
    count = 0
    for gi, group in enumerate(groups, 1):
        where = f"group {gi}"
        if not isinstance(group, dict):
            problems.append(f"{where}: must be an object with 'key', 'name' and 'areas'")
            continue
        gkey, gname = group.get("key"), group.get("name")
        if not isinstance(gkey, str) or not GROUP_KEY_RE.match(gkey):
            problems.append(f"{where}: key {gkey!r} must be lowercase letters, digits and dashes")
            gkey = None
        else:
            where = f"group {gkey}"
            if gkey in seen_groups:
                problems.append(f"{where}: duplicate group key")
            seen_groups.add(gkey)
        if not isinstance(gname, str) or not gname.strip():
            problems.append(f"{where}: missing name")
        elif len(gname) > MAX_GROUP:
            problems.append(f"{where}: name is longer than {MAX_GROUP} characters")
        areas = group.get("areas")
        if not isinstance(areas, list) or not areas:
            problems.append(f"{where}: 'areas' must be a non-empty list")
            continue
        for ai, area in enumerate(areas, 1):
            count += 1
            problems += _validate_area(area, f"{where}, area {ai}", gkey, practice_keys, seen_keys, seen_titles)
    if count < MIN_AREAS:
        problems.append(f"the library has {count} areas; it must have at least {MIN_AREAS}")
    return problems


def _validate_area(
    area: Any,
    where: str,
    group_key: str | None,
    practice_keys: set[str] | frozenset[str],
    seen_keys: dict[str, str],
    seen_titles: dict[str, str],
) -> list[str]:
    if not isinstance(area, dict):
        return [f"{where}: must be an object with {', '.join(AREA_FIELDS)}"]
    problems: list[str] = []
    missing = [f for f in AREA_FIELDS if not isinstance(area.get(f), str) or not area[f].strip()]
    if missing:
        problems.append(f"{where}: missing {', '.join(missing)}")
    key = area.get("key")
    if isinstance(key, str) and key:
        where = f"{where} ({key})"
        if not AREA_KEY_RE.match(key) or len(key) > MAX_KEY:
            problems.append(f"{where}: key must look like 'group.slug' in lowercase, at most {MAX_KEY} characters")
        elif group_key is not None and key.split(".")[0] != group_key:
            problems.append(f"{where}: key must start with its group's key '{group_key}.'")
        if key in seen_keys:
            problems.append(f"{where}: duplicate key (first used in {seen_keys[key]})")
        else:
            seen_keys[key] = where
    title = area.get("title")
    if isinstance(title, str) and title.strip():
        if len(title) > MAX_TITLE:
            problems.append(f"{where}: title is longer than {MAX_TITLE} characters")
        folded = " ".join(title.lower().split())
        if folded in seen_titles:
            problems.append(f"{where}: duplicate title {title!r} (first used in {seen_titles[folded]})")
        else:
            seen_titles[folded] = where
    practice = area.get("practice_key")
    if isinstance(practice, str) and practice and practice not in practice_keys:
        problems.append(f"{where}: unknown practice key {practice!r}")
    criticality = area.get("criticality")
    if isinstance(criticality, str) and criticality and criticality not in CRITICALITIES:
        problems.append(f"{where}: criticality {criticality!r} must be one of {', '.join(CRITICALITIES)}")
    return problems


def practice_index(catalog: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """practice key → (block key, area key) of a framework document."""
    return {p["key"]: (b["key"], a["key"]) for b in catalog["blocks"] for a in b["areas"] for p in a["practices"]}


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ApplicationError(f"{path.name} cannot be read as JSON: {exc}") from None


def _catalog_index() -> dict[str, tuple[str, str]]:
    return practice_index(_read_json(CATALOG_PATH))


def library_document(*, path: Path = LIBRARY_PATH) -> dict[str, Any]:
    """The shipped library, checked against the 7C catalog; ApplicationError listing the problems if it is not
    sound."""
    doc = _read_json(path)
    problems = validate(doc, frozenset(_catalog_index()))
    if problems:
        raise ApplicationError(
            f"{path.name} is not a valid responsibility library ({len(problems)} problems)",
            fields={"document": problems},
        )
    return dict(doc)


# --- loading (service) ----------------------------------------------------------------------------------------

SYNCED_FIELDS = ("group", "title", "description", "block_key", "area_key", "practice_key", "criticality", "position")


@transaction.atomic
def library_load_shipped(*, path: Path = LIBRARY_PATH) -> LoadResult:
    """Create or update the shipped responsibility areas (workspace empty), keyed by ``key``; position is the
    order in the file. Safe to run any number of times. Nothing is deleted: an area dropped from the file stays,
    so that the assignments made to it are not lost."""
    doc = library_document(path=path)
    index = _catalog_index()
    existing = {a.key: a for a in ResponsibilityArea.objects.filter(workspace__isnull=True)}
    now = timezone.now()
    to_create: list[ResponsibilityArea] = []
    to_update: list[ResponsibilityArea] = []
    position = 0
    for group in doc["groups"]:
        for item in group["areas"]:
            position += 1
            block_key, area_key = index[item["practice_key"]]
            values = {
                "group": group["name"],
                "title": item["title"],
                "description": item["description"],
                "block_key": block_key,
                "area_key": area_key,
                "practice_key": item["practice_key"],
                "criticality": Criticality(item["criticality"]).value,
                "position": position,
            }
            row = existing.get(item["key"])
            if row is None:
                row = ResponsibilityArea(workspace=None, key=item["key"], **values)
                row.full_clean(validate_unique=False, validate_constraints=False)
                to_create.append(row)
            elif any(getattr(row, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(row, name, value)
                row.updated_at = now
                row.full_clean(validate_unique=False, validate_constraints=False)
                to_update.append(row)
    ResponsibilityArea.objects.bulk_create(to_create)
    if to_update:
        ResponsibilityArea.objects.bulk_update(to_update, [*SYNCED_FIELDS, "updated_at"])
    return LoadResult(created=len(to_create), updated=len(to_update), total=position)
