"""The framework document: the JSON/YAML shape that `catalog export` prints and `catalog import` reads.

Pure: no Django. ``validate`` checks a parsed document and returns it in canonical form
(white space trimmed, keys in the documented order, weights as floats, a weight of 1 and ``critical: false``
left out since they are the defaults) or raises ``DocumentError`` listing every problem with its path, so that
an import either applies whole or not at all. Strict: an unknown key, a key given twice in one object, or a
value of the wrong type (``true`` or ``"2"`` for a weight) is a problem, never silently dropped or converted.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from typing import Any

from sevenc.core.domain.bulk import duplicates

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
# Lengths the database holds (catalog/models.py); a longer value is reported here, not by the database.
MAX = {
    "framework_key": 40,
    "block_key": 60,
    "area_key": 120,
    "practice_key": 140,
    "framework_name": 200,
    "block_name": 200,
    "name": 300,
    "version": 40,
    "question": 300,
    "level_name": 60,
    "level_description": 300,
}
MAX_WEIGHT = 1_000_000  # weights are relative; a bound keeps every weighted sum finite
# The keys each object may hold, in the canonical order.
DOCUMENT_KEYS = ("key", "name", "version", "source", "scale", "blocks")
LEVEL_KEYS = ("level", "name", "description")
BLOCK_KEYS = ("key", "name", "question", "weight", "areas")
AREA_KEYS = ("key", "name", "description", "weight", "practices")
PRACTICE_KEYS = ("key", "name", "weight", "critical")


class DocumentError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class ParsedObject(dict[Any, Any]):
    """A JSON or YAML object as read from a file, remembering the keys it gave more than once (the parsers
    keep only the last value of such a key; ``validate`` reports them instead)."""

    repeated: tuple[Any, ...] = ()


def object_from_pairs(pairs: Iterable[tuple[Any, Any]]) -> ParsedObject:
    """``object_pairs_hook`` for ``json.loads`` (and the YAML loader's mapping constructor)."""
    pairs = list(pairs)
    obj = ParsedObject(pairs)
    obj.repeated = tuple(duplicates(key for key, _value in pairs))
    return obj


def _at(path: str, key: Any) -> str:
    return str(key) if path == "(document)" else f"{path}.{key}"


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


def _dict(value: Any, path: str, problems: list[str], allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        problems.append(f"{path}: expected an object")
        return {}
    problems += [f"{_at(path, key)}: given more than once" for key in getattr(value, "repeated", ())]
    problems += [f"{_at(path, key)}: unknown key" for key in value if key not in allowed]
    return value


def _weight(item: dict[str, Any], path: str, problems: list[str]) -> float:
    """The item's weight: a number from 0 to MAX_WEIGHT (1 when absent). A boolean or text is not a number."""
    if "weight" not in item:
        return 1.0
    value = item["weight"]
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.append(f"{path}.weight: expected a number from 0 to {MAX_WEIGHT:,}, got {type(value).__name__}")
        return 1.0
    if not (0 <= value <= MAX_WEIGHT):  # NaN fails both comparisons
        problems.append(f"{path}.weight: expected a number from 0 to {MAX_WEIGHT:,}")
        return 1.0
    return float(value) + 0.0  # -0.0 is 0.0


def _critical(item: dict[str, Any], path: str, problems: list[str]) -> bool:
    value = item.get("critical", False)
    if not isinstance(value, bool):
        problems.append(f"{path}.critical: expected true or false, got {type(value).__name__}")
        return False
    return value


def _weighted(out: dict[str, Any], weight: float, *, before: str | None = None) -> dict[str, Any]:
    """``out`` with its weight (placed before the key ``before``, or last), unless it is the default 1."""
    if weight == 1.0:
        return out
    if before is None:
        return {**out, "weight": weight}
    return {**{k: v for k, v in out.items() if k != before}, "weight": weight, before: out[before]}


def validate(data: Any) -> dict[str, Any]:
    problems: list[str] = []
    if not isinstance(data, dict):
        raise DocumentError(["(document): expected an object"])
    doc = _dict(data, "(document)", problems, DOCUMENT_KEYS)
    version = doc.get("version")
    if isinstance(version, int | float) and not isinstance(version, bool):  # a bare number in YAML: its text
        version = str(version)
    out: dict[str, Any] = {
        "key": _key(doc.get("key"), "key", problems, set(), limit=MAX["framework_key"]),
        "name": _text(doc.get("name"), "name", problems, limit=MAX["framework_name"]),
        "version": _text(version, "version", problems, limit=MAX["version"]),
    }
    if "source" in doc:
        out["source"] = _text(doc.get("source"), "source", problems, required=False, limit=5000)
    scale = []
    levels_seen: set[int] = set()
    for i, raw in enumerate(_list(doc.get("scale"), "scale", problems)):
        item = _dict(raw, f"scale[{i}]", problems, LEVEL_KEYS)
        level = item.get("level")
        if not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= 5:
            problems.append(f"scale[{i}].level: expected a whole number from 0 to 5")
        elif level in levels_seen:
            problems.append(f"scale[{i}].level: level {level} is listed twice")
        else:
            levels_seen.add(level)
        scale.append(
            {
                "level": level,
                "name": _text(item.get("name"), f"scale[{i}].name", problems, limit=MAX["level_name"]),
                "description": _text(
                    item.get("description"), f"scale[{i}].description", problems, limit=MAX["level_description"]
                ),
            }
        )
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
        block = _dict(raw_block, bpath, problems, BLOCK_KEYS)
        areas = []
        for ai, raw_area in enumerate(_list(block.get("areas"), f"{bpath}.areas", problems)):
            apath = f"{bpath}.areas[{ai}]"
            area = _dict(raw_area, apath, problems, AREA_KEYS)
            practices = []
            for pi, raw_practice in enumerate(_list(area.get("practices"), f"{apath}.practices", problems)):
                ppath = f"{apath}.practices[{pi}]"
                practice = _dict(raw_practice, ppath, problems, PRACTICE_KEYS)
                out_practice = _weighted(
                    {
                        "key": _key(
                            practice.get("key"), f"{ppath}.key", problems, practice_keys, limit=MAX["practice_key"]
                        ),
                        "name": _text(practice.get("name"), f"{ppath}.name", problems),
                    },
                    _weight(practice, ppath, problems),
                )
                if _critical(practice, ppath, problems):
                    out_practice["critical"] = True
                practices.append(out_practice)
            if not practices:
                problems.append(f"{apath}.practices: an area needs at least one practice")
            areas.append(
                _weighted(
                    {
                        "key": _key(area.get("key"), f"{apath}.key", problems, area_keys, limit=MAX["area_key"]),
                        "name": _text(area.get("name"), f"{apath}.name", problems),
                        "description": _text(
                            area.get("description"), f"{apath}.description", problems, required=False, limit=5000
                        ),
                        "practices": practices,
                    },
                    _weight(area, apath, problems),
                    before="practices",
                )
            )
        blocks.append(
            _weighted(
                {
                    "key": _key(block.get("key"), f"{bpath}.key", problems, block_keys, limit=MAX["block_key"]),
                    "name": _text(block.get("name"), f"{bpath}.name", problems, limit=MAX["block_name"]),
                    "question": _text(
                        block.get("question"), f"{bpath}.question", problems, required=False, limit=MAX["question"]
                    ),
                    "areas": areas,
                },
                _weight(block, bpath, problems),
                before="areas",
            )
        )
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
