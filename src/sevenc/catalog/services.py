"""Writes to the catalog: loading a framework document (idempotent, all or nothing)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from sevenc.catalog import document
from sevenc.catalog.models import Area, Block, Framework, MaturityLevel, Practice
from sevenc.core.errors import ApplicationError

SHIPPED_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class LoadResult:
    framework: Framework
    created: bool


def framework_document_parse(text: str, *, filename: str = "") -> dict[str, Any]:
    """Parse JSON or YAML text into a validated framework document, or raise ApplicationError."""
    try:
        data = json.loads(text) if filename.endswith(".json") or text.lstrip().startswith("{") else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ApplicationError(f"{filename or 'the file'} is neither valid JSON nor valid YAML: {exc}") from None
    try:
        return document.validate(data)
    except document.DocumentError as exc:
        raise ApplicationError(
            f"{filename or 'the file'} is not a valid framework document ({len(exc.problems)} problems)",
            fields={"document": exc.problems},
        ) from None


@transaction.atomic
def framework_load(*, doc: dict[str, Any], workspace: Any = None) -> LoadResult:
    """Create a framework from a validated document. Loading the same document again changes nothing;
    a different document under an existing key and version is refused (give it a new version)."""
    doc = document.validate(doc)
    digest = document.checksum(doc)
    existing = Framework.objects.filter(key=doc["key"], version=doc["version"], workspace=workspace).first()
    if existing is not None:
        if existing.checksum != digest:
            raise ApplicationError(
                f"Framework {doc['key']} version {doc['version']} already exists with different content; "
                "frameworks are never changed in place, so give the file a new version."
            )
        return LoadResult(existing, False)
    framework = Framework.objects.create(
        key=doc["key"], name=doc["name"], version=doc["version"], source=doc.get("source", ""),
        workspace=workspace, checksum=digest,
    )
    MaturityLevel.objects.bulk_create(
        MaturityLevel(framework=framework, level=s["level"], name=s["name"], description=s["description"])
        for s in doc["scale"]
    )
    for bpos, b in enumerate(doc["blocks"], 1):
        block = Block.objects.create(framework=framework, key=b["key"], name=b["name"], question=b["question"],
                                     position=bpos)
        for apos, a in enumerate(b["areas"], 1):
            area = Area.objects.create(framework=framework, block=block, key=a["key"], name=a["name"],
                                       description=a["description"], position=apos)
            Practice.objects.bulk_create(
                Practice(framework=framework, area=area, key=p["key"], name=p["name"], position=ppos)
                for ppos, p in enumerate(a["practices"], 1)
            )
    return LoadResult(framework, True)


def framework_load_shipped() -> list[LoadResult]:
    """Load every framework shipped in sevenc/catalog/data (safe to run any number of times)."""
    results = []
    for path in sorted(SHIPPED_DIR.glob("*.json")):
        doc = framework_document_parse(path.read_text(encoding="utf-8"), filename=path.name)
        results.append(framework_load(doc=doc))
    return results
