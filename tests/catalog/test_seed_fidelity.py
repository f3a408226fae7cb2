"""The shipped 7C document says exactly what the seed says: same blocks, areas, descriptions and practices,
in the same order, with only white space trimmed or collapsed.

The seed is the blog post the framework comes from. It is not part of the package; the test runs when it is
found (``SEVENC_SEED_DIR`` or /work/shared/seed) and is skipped otherwise.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

import sevenc.catalog

SEED_NAME = "000_f9ce72827f958297.txt"
SHIPPED = Path(sevenc.catalog.__file__).resolve().parent / "data" / "7c.json"
BULLET = "•"
BLOCK_HEADING = re.compile(r"^\d[.:]\s*[A-Za-z][A-Za-z ]*:")  # "1. Continuous: …", "6: Clear: …"
QUESTION = re.compile(r"^(Continuous|Competent|Charged|Conscious|Controlled|Clear|Cost effective):\s*(.+)$")


def _seed_path() -> Path | None:
    folder = os.environ.get("SEVENC_SEED_DIR") or "/work/shared/seed"
    path = Path(folder) / SEED_NAME
    return path if path.is_file() else None


def squash(text: str) -> str:
    """Collapse every run of white space (NBSP included) into one space, trim the ends."""
    return " ".join(text.split())


def parse_seed(text: str) -> list[dict[str, Any]]:
    """Blocks with their questions, areas (name, description) and practices, as the seed lists them."""
    lines = [squash(line) for line in text.splitlines()]
    questions: list[tuple[str, str]] = []
    start = None
    for i, line in enumerate(lines):
        if line.startswith(BULLET):
            m = QUESTION.match(squash(line[1:]))
            if m and m.group(1) not in {name for name, _ in questions}:
                questions.append((m.group(1), m.group(2)))
        if BLOCK_HEADING.match(line):
            start = i
            break
    assert start is not None and len(questions) == 7, "the seed's block list was not found"

    blocks: list[dict[str, Any]] = []
    texts: list[str] = []  # non-bullet lines since the last run of bullets
    area: dict[str, Any] | None = None
    for line in lines[start:]:
        if line == "Conclusion":
            break
        if not line:
            continue
        if BLOCK_HEADING.match(line):
            name, question = questions[len(blocks)]
            blocks.append({"name": name, "question": question, "areas": []})
            texts, area = [], None
            continue
        if line.startswith(BULLET):
            if area is None:
                assert len(texts) >= 2, f"bullets without an area name and description before {line!r}"
                area = {"name": texts[-2], "description": texts[-1], "practices": []}
                blocks[-1]["areas"].append(area)
            area["practices"].append(squash(line[1:]))
            continue
        texts.append(line)
        area = None
    return blocks


@pytest.fixture(scope="module")
def seed_blocks() -> list[dict[str, Any]]:
    path = _seed_path()
    if path is None:
        pytest.skip(f"the seed {SEED_NAME} is not here (set SEVENC_SEED_DIR to the folder that holds it)")
    return parse_seed(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def shipped() -> dict[str, Any]:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


def test_seed_parses_into_the_framework_shape(seed_blocks: list[dict[str, Any]]) -> None:
    assert [b["name"] for b in seed_blocks] == [
        "Continuous",
        "Competent",
        "Charged",
        "Conscious",
        "Controlled",
        "Clear",
        "Cost effective",
    ]
    assert sum(len(b["areas"]) for b in seed_blocks) == 27
    assert sum(len(a["practices"]) for b in seed_blocks for a in b["areas"]) == 139


def test_blocks_and_questions_match_the_seed(seed_blocks: list[dict[str, Any]], shipped: dict[str, Any]) -> None:
    assert [(b["name"], b["question"]) for b in shipped["blocks"]] == [(b["name"], b["question"]) for b in seed_blocks]


def test_areas_match_the_seed(seed_blocks: list[dict[str, Any]], shipped: dict[str, Any]) -> None:
    for seed_block, block in zip(seed_blocks, shipped["blocks"], strict=True):
        assert [a["name"] for a in block["areas"]] == [a["name"] for a in seed_block["areas"]], block["name"]
        assert [a["description"] for a in block["areas"]] == [a["description"] for a in seed_block["areas"]]


def test_practices_match_the_seed(seed_blocks: list[dict[str, Any]], shipped: dict[str, Any]) -> None:
    for seed_block, block in zip(seed_blocks, shipped["blocks"], strict=True):
        for seed_area, area in zip(seed_block["areas"], block["areas"], strict=True):
            assert [p["name"] for p in area["practices"]] == seed_area["practices"], area["name"]


def test_shipped_text_is_already_collapsed(shipped: dict[str, Any]) -> None:
    """Only white space may differ from the seed, and the shipped file holds none to spare."""
    texts = [shipped["name"]]
    for block in shipped["blocks"]:
        texts += [block["name"], block["question"]]
        for area in block["areas"]:
            texts += [area["name"], area["description"], *(p["name"] for p in area["practices"])]
    assert [t for t in texts if t != squash(t)] == []
