"""Writes to the catalog: loading a framework document (idempotent, all or nothing, nothing in it ignored)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.db import transaction

from sevenc.catalog.domain import document
from sevenc.catalog.models import Area, Block, Framework, MaturityLevel, Practice
from sevenc.core.domain.bulk import duplicates
from sevenc.core.domain.errors import ApplicationError

if TYPE_CHECKING:
    from sevenc.tenancy.models import Workspace

SHIPPED_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class LoadResult:
    framework: Framework
    created: bool


class _YamlLoader(yaml.SafeLoader):
    """YAML's safe loader, except that a mapping remembers the keys it gives twice (``document.ParsedObject``)."""


def _yaml_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> document.ParsedObject:
    written = sum(1 for key_node, _value in node.value if key_node.tag != "tag:yaml.org,2002:merge")
    loader.flatten_mapping(node)  # merged keys (``<<: *anchor``) first, so that the keys written here win
    pairs = loader.construct_pairs(node, deep=True)
    for (key, _value), (key_node, _value_node) in zip(pairs, node.value, strict=True):
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a key that is not a plain value", key_node.start_mark
            ) from None
    mapping = document.object_from_pairs(pairs)
    mapping.repeated = tuple(duplicates(key for key, _value in pairs[len(pairs) - written :]))
    return mapping


_YamlLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _yaml_mapping)


def framework_document_parse(text: str, *, filename: str = "") -> dict[str, Any]:
    """Parse JSON or YAML text into a validated framework document, or raise ApplicationError naming every
    problem with its path (unknown keys and keys given twice in one object included)."""
    try:
        if filename.endswith(".json") or text.lstrip().startswith("{"):
            data = json.loads(text, object_pairs_hook=document.object_from_pairs)
        else:
            data = yaml.load(text, Loader=_YamlLoader)  # a SafeLoader: plain values only
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
def framework_load(*, doc: dict[str, Any], workspace: Workspace | None = None) -> LoadResult:
    """Create a framework from a validated document. Loading the same document again changes nothing;
    a different document under an existing key and version is refused (give it a new version)."""
    doc = document.validate(doc)
    digest = document.checksum(doc)
    existing = Framework.objects.for_workspace(workspace).filter(key=doc["key"], version=doc["version"]).first()
    if existing is not None:
        if existing.checksum != digest:
            raise ApplicationError(
                f"Framework {doc['key']} version {doc['version']} already exists with different content; "
                "frameworks are never changed in place, so give the file a new version."
            )
        return LoadResult(existing, False)
    framework = Framework.objects.create(
        key=doc["key"],
        name=doc["name"],
        version=doc["version"],
        source=doc.get("source", ""),
        workspace=workspace,
        checksum=digest,
    )
    MaturityLevel.objects.bulk_create(
        MaturityLevel(framework=framework, level=s["level"], name=s["name"], description=s["description"])
        for s in doc["scale"]
    )
    for bpos, b in enumerate(doc["blocks"], 1):
        block = Block.objects.create(
            framework=framework,
            key=b["key"],
            name=b["name"],
            question=b["question"],
            position=bpos,
            weight=b.get("weight", 1.0),
        )
        for apos, a in enumerate(b["areas"], 1):
            area = Area.objects.create(
                framework=framework,
                block=block,
                key=a["key"],
                name=a["name"],
                description=a["description"],
                position=apos,
                weight=a.get("weight", 1.0),
            )
            Practice.objects.bulk_create(
                Practice(
                    framework=framework,
                    area=area,
                    key=p["key"],
                    name=p["name"],
                    position=ppos,
                    weight=p.get("weight", 1.0),
                    critical=p.get("critical", False),
                )
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
