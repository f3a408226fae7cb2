"""Another framework through `sevenc catalog import`: the NIST Cybersecurity Framework 2.0 Core, converted from
NIST's OSCAL catalog into a framework document (functions → blocks, categories → areas, subcategories →
practices; the withdrawn CSF 1.1 items left out), imports whole with the strict document rules and exports back
unchanged.

Set SEVENC_NIST_CSF to the path of ``NIST_CSF_v2.0_catalog-min.json`` (usnistgov/oscal-content,
``nist.gov/CSF/v2.0/json/``) to run it; it is skipped otherwise.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from sevenc.catalog.domain.document import validate
from sevenc.catalog.selectors import framework_get, framework_tree
from sevenc.catalog.services import SHIPPED_DIR
from sevenc.cli import main

CATALOG = Path(os.environ.get("SEVENC_NIST_CSF", "/nonexistent"))
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not CATALOG.is_file(), reason="set SEVENC_NIST_CSF to the NIST CSF 2.0 OSCAL file"),
]


def _active(item: dict[str, Any]) -> bool:
    return not any(p.get("name") == "status" and p.get("value") == "withdrawn" for p in item.get("props", []))


def _prose(item: dict[str, Any], name: str) -> str:
    return next((p.get("prose", "") for p in item.get("parts", []) if p.get("name") == name), "")


def csf_document(catalog: dict[str, Any]) -> dict[str, Any]:
    """The CSF 2.0 Core as a framework document, sorted by id (the file's order is not the CSF order)."""
    scale = json.loads((SHIPPED_DIR / "7c.json").read_text(encoding="utf-8"))["scale"]
    blocks = []
    for function in sorted(catalog["groups"], key=lambda g: ["GV", "ID", "PR", "DE", "RS", "RC"].index(g["id"])):
        areas = []
        for category in sorted(filter(_active, function.get("controls", [])), key=lambda c: c["id"]):
            practices = [
                {"key": sub["id"].lower(), "name": f"{sub['id']}: {_prose(sub, 'statement')}"}
                for sub in sorted(filter(_active, category.get("controls", [])), key=lambda s: s["id"])
            ]
            areas.append(
                {
                    "key": category["id"].lower(),
                    "name": category["title"],
                    "description": _prose(category, "statement"),
                    "practices": practices,
                }
            )
        blocks.append({"key": function["id"].lower(), "name": function["title"].capitalize(), "areas": areas})
    return {
        "key": "nist-csf",
        "name": "NIST Cybersecurity Framework",
        "version": "2.0",
        "source": f"NIST CSF 2.0 OSCAL catalog {catalog['metadata']['version']}",
        "scale": scale,
        "blocks": blocks,
    }


def test_the_nist_csf_2_0_core_imports_and_exports_unchanged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    doc = csf_document(json.loads(CATALOG.read_text(encoding="utf-8"))["catalog"])
    path = tmp_path / "nist-csf-2.0.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert main(["catalog", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Created nist-csf 2.0 — NIST Cybersecurity Framework (6 blocks, 22 areas, 106 practices)")
    framework = framework_get(key="nist-csf", version="2.0")
    tree = framework_tree(framework=framework)
    assert tree == validate(doc)  # canonical: every text, order and key kept
    assert [len(b["areas"]) for b in tree["blocks"]] == [6, 3, 5, 2, 4, 2]
    assert tree["blocks"][2]["areas"][0]["practices"][0]["key"] == "pr.aa-01"
    assert main(["catalog", "import", str(path)]) == 0
    assert capsys.readouterr().out.startswith("Already loaded: nist-csf 2.0")
