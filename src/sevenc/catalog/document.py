"""The framework document: the JSON/YAML shape that `catalog export` prints and `catalog import` reads.

Pure: no Django. ``validate`` checks a parsed document and returns it in canonical form
(white space trimmed, keys in the documented order) or raises ``DocumentError`` listing
every problem with its path, so that an import either applies whole or not at all.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
# Lengths the database holds (catalog/models.py); a longer value is reported here, not by the database.
MAX = {"framework_key": 40, "block_key": 60, "area_key": 120, "practice_key": 140, "framework_name": 200,
       "block_name": 200, "name": 300, "version": 40, "question": 300, "level_name": 60, "level_description": 300}


class DocumentError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _text(value: Any, path: str, problems: list[str], *, required: bool = True, limit: int = 300) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        problems.append(f"{path}: expected text, got {type(value).__name__}")
        return ""
    text = value.strip()
    if required and not text:
        problems.append(f"{path}: must not be empty")
    if len(text) > limit:
        problems.append(f"{path}: longer than {limit} characters")
    return text


def _key(value: Any, path: str, problems: list[str], seen: set[str], *, limit: int) -> str:
    key = _text(value, path, problems, limit=limit)
    if key and not KEY_RE.match(key):
        problems.append(f"{path}: {key!r} may hold only lower-case letters, digits, '.', '_' and '-'")
    if key in seen:
        problems.append(f"{path}: duplicate key {key!r}")
    seen.add(key)
    return key


def _list(value: Any, path: str, problems: list[str]) -> list[Any]:
    if not isinstance(value, list):
        problems.append(f"{path}: expected a list")
        return []
    return value


def _dict(value: Any, path: str, problems: list[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        problems.append(f"{path}: expected an object")
        return {}
    return value


def validate(data: Any) -> dict[str, Any]:
    problems: list[str] = []
    doc = _dict(data, "(document)", problems)
    if problems:
        raise DocumentError(problems)
    out: dict[str, Any] = {
        "key": _key(doc.get("key"), "key", problems, set(), limit=MAX["framework_key"]),
        "name": _text(doc.get("name"), "name", problems, limit=MAX["framework_name"]),
        "version": _text(doc.get("version") if not isinstance(doc.get("version"), int | float) else str(doc["version"]),
                         "version", problems, limit=MAX["version"]),
    }
    if "source" in doc:
        out["source"] = _text(doc.get("source"), "source", problems, required=False, limit=5000)
    scale = []
    levels_seen: set[int] = set()
    for i, raw in enumerate(_list(doc.get("scale"), "scale", problems)):
        item = _dict(raw, f"scale[{i}]", problems)
        level = item.get("level")
        if not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= 5:
            problems.append(f"scale[{i}].level: expected a whole number from 0 to 5")
        elif level in levels_seen:
            problems.append(f"scale[{i}].level: level {level} is listed twice")
        else:
            levels_seen.add(level)
        scale.append({
            "level": level,
            "name": _text(item.get("name"), f"scale[{i}].name", problems, limit=MAX["level_name"]),
            "description": _text(item.get("description"), f"scale[{i}].description", problems,
                                 limit=MAX["level_description"]),
        })
    if isinstance(doc.get("scale"), list) and levels_seen != set(range(6)):
        problems.append("scale: must list each level from 0 to 5 once")
    out["scale"] = sorted(scale, key=lambda s: s["level"] if isinstance(s["level"], int) else 99)

    blocks = []
    block_keys: set[str] = set()
    area_keys: set[str] = set()
    practice_keys: set[str] = set()
    raw_blocks = _list(doc.get("blocks"), "blocks", problems)
    if isinstance(doc.get("blocks"), list) and not raw_blocks:
        problems.append("blocks: a framework needs at least one block")
    for bi, raw_block in enumerate(raw_blocks):
        bpath = f"blocks[{bi}]"
        block = _dict(raw_block, bpath, problems)
        areas = []
        for ai, raw_area in enumerate(_list(block.get("areas"), f"{bpath}.areas", problems)):
            apath = f"{bpath}.areas[{ai}]"
            area = _dict(raw_area, apath, problems)
            practices = []
            for pi, raw_practice in enumerate(_list(area.get("practices"), f"{apath}.practices", problems)):
                ppath = f"{apath}.practices[{pi}]"
                practice = _dict(raw_practice, ppath, problems)
                practices.append({
                    "key": _key(practice.get("key"), f"{ppath}.key", problems, practice_keys,
                                limit=MAX["practice_key"]),
                    "name": _text(practice.get("name"), f"{ppath}.name", problems),
                })
            if not practices:
                problems.append(f"{apath}.practices: an area needs at least one practice")
            areas.append({
                "key": _key(area.get("key"), f"{apath}.key", problems, area_keys, limit=MAX["area_key"]),
                "name": _text(area.get("name"), f"{apath}.name", problems),
                "description": _text(area.get("description"), f"{apath}.description", problems, required=False,
                                     limit=5000),
                "practices": practices,
            })
        blocks.append({
            "key": _key(block.get("key"), f"{bpath}.key", problems, block_keys, limit=MAX["block_key"]),
            "name": _text(block.get("name"), f"{bpath}.name", problems, limit=MAX["block_name"]),
            "question": _text(block.get("question"), f"{bpath}.question", problems, required=False,
                              limit=MAX["question"]),
            "areas": areas,
        })
    out["blocks"] = blocks
    if problems:
        raise DocumentError(problems)
    return out


def checksum(doc: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a validated document (source excluded: it is a note)."""
    body = {k: v for k, v in doc.items() if k != "source"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def counts(doc: dict[str, Any]) -> tuple[int, int, int]:
    blocks = doc["blocks"]
    areas = [a for b in blocks for a in b["areas"]]
    return len(blocks), len(areas), sum(len(a["practices"]) for a in areas)
