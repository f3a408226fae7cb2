"""Writes to the catalog: loading a framework document (idempotent, all or nothing, nothing in it ignored), and
deriving, editing, publishing and deleting a workspace's own versions.

Derived frameworks: a workspace's own version of a framework (re-weighted, trimmed, extended).

A derived version starts as a *draft*: a full copy of its source (scale, blocks, areas, practices with the
same keys, weights and critical flags) that only its workspace can edit. Publishing it freezes it for good;
only then may assessments use it. The shipped frameworks and every published version never change, which is
what lets ``assessments.selectors.framework_index`` cache one scoring tree per framework id, and what keeps the
scores of old assessments identical whatever versions are made later.

"Hiding" a practice or an area deletes it from the draft copy; the source keeps it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from django.db import transaction
from django.db.models import Max

from sevenc.catalog.domain import document
from sevenc.catalog.models import Area, Block, Framework, MaturityLevel, Practice
from sevenc.catalog.selectors import framework_tree
from sevenc.core.domain.bulk import duplicates
from sevenc.core.domain.errors import ApplicationError, NotFoundError
from sevenc.core.services import activity_record

if TYPE_CHECKING:
    from sevenc.tenancy.models import Workspace

_Part = TypeVar("_Part", Block, Area, Practice)
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


# --- a workspace's own versions: derive, edit the draft, publish ------------------------------------------------

PUBLISHED_MESSAGE = "{name} {version} is published, and published versions never change; derive a new version."
SHIPPED_MESSAGE = "{name} {version} is a shipped framework and is never changed; derive your own version of it."
FOREIGN_MESSAGE = "That framework belongs to another workspace."


class PublishedFrameworkError(ApplicationError):
    """A change to a framework that is not an editable draft (shipped or published)."""

    status = 409


# --- guards ---------------------------------------------------------------------------------------------------


def _require_visible(workspace: Any, framework: Framework) -> None:
    if framework.workspace_id not in (None, workspace.pk):
        raise ApplicationError(FOREIGN_MESSAGE)


def _lock_draft(workspace: Any, framework: Framework) -> Framework:
    """The framework re-read under a row lock, if it is one of ``workspace``'s drafts; else refuse.

    The lock orders every change against a concurrent publish, so no edit lands after the checksum."""
    if framework.workspace_id is None:
        raise PublishedFrameworkError(SHIPPED_MESSAGE.format(name=framework.name, version=framework.version))
    if framework.workspace_id != workspace.pk:
        raise ApplicationError(FOREIGN_MESSAGE)
    current = Framework.objects.select_for_update().get(pk=framework.pk)
    if not current.is_draft:
        raise PublishedFrameworkError(PUBLISHED_MESSAGE.format(name=current.name, version=current.version))
    return current


def _weight(value: Any, name: str) -> float:
    """A weight as the framework document allows it (0 to ``document.MAX_WEIGHT``), so that every version can be
    exported and imported again; a boolean is not a number."""
    hint = f"Enter a number from 0 to {document.MAX_WEIGHT:,}."
    try:
        if isinstance(value, bool):
            raise TypeError
        weight = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ApplicationError("A weight must be a number.", fields={name: [hint]}) from None
    if not math.isfinite(weight) or not 0 <= weight <= document.MAX_WEIGHT:
        raise ApplicationError(f"A weight must be a number from 0 to {document.MAX_WEIGHT:,}.", fields={name: [hint]})
    return weight


def _critical(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise ApplicationError("Critical is true or false.", fields={name: ["Enter true or false."]})
    return value


def _text(value: Any, name: str, *, limit: int, required: bool = True) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise ApplicationError("Some fields are not valid.", fields={name: ["This field is required."]})
    if len(text) > limit:
        raise ApplicationError("Some fields are not valid.", fields={name: [f"At most {limit} characters."]})
    return text


def _new_key(value: Any, name: str, *, limit: int, taken: Iterable[str]) -> str:
    """A new block/area/practice key, checked like ``catalog/domain/document.py`` checks an imported one."""
    key = _text(value, name, limit=limit)
    if not document.KEY_RE.match(key):
        raise ApplicationError(
            "Some fields are not valid.",
            fields={
                name: [
                    f"{key!r} may hold only lower-case letters, digits, '.', '_' and '-', and must start with a letter "
                    "or digit."
                ]
            },
        )
    if key in set(taken):
        raise ApplicationError(
            "Some fields are not valid.", fields={name: [f"The key {key!r} is already used in this framework."]}
        )
    return key


def _get(model: type[_Part], framework: Framework, key: str, what: str) -> _Part:
    obj = model._default_manager.filter(framework=framework, key=key).first()
    if obj is None:
        raise NotFoundError(
            f"No {what} {key!r} in {framework.name} {framework.version}.", fields={"key": [f"No such {what}."]}
        )
    return obj


# --- derive ---------------------------------------------------------------------------------------------------


@transaction.atomic
def framework_derive(
    *, workspace: Any, actor: Any, source: Framework, version: str, name: str | None = None
) -> Framework:
    """A new draft version of ``source`` in ``workspace``: the same key, a new version, and a full copy of the
    scale, blocks, areas and practices. ``source`` is a shipped framework or one of the workspace's published
    versions; it is left exactly as it was."""
    _require_visible(workspace, source)
    if source.is_draft:
        raise ApplicationError(
            f"{source.name} {source.version} is a draft; publish it first, or derive from a published version."
        )
    version = _text(version, "version", limit=document.MAX["version"])
    name = _text(name, "name", limit=document.MAX["framework_name"], required=False) or source.name
    if Framework.objects.for_workspace(workspace).filter(key=source.key, version=version).exists():
        raise ApplicationError(
            "Some fields are not valid.",
            fields={
                "version": [f"This workspace already has version {version} of {source.key}; choose a new version."]
            },
        )
    if Framework.objects.filter(workspace__isnull=True, key=source.key, version=version).exists():
        raise ApplicationError(
            "Some fields are not valid.",
            fields={
                "version": [
                    f"{version} is a shipped version of {source.key}; choose a version of your own (e.g. {version}-"
                    f"{workspace.pk})."
                ]
            },
        )
    derived = Framework(
        key=source.key,
        name=name,
        version=version,
        source=source.source,
        workspace=workspace,
        based_on=source,
        checksum="",
        is_draft=True,
    )
    derived.full_clean(exclude=["checksum"])
    derived.save()
    MaturityLevel.objects.bulk_create(
        MaturityLevel(framework=derived, level=m.level, name=m.name, description=m.description)
        for m in MaturityLevel.objects.filter(framework=source)
    )
    Block.objects.bulk_create(
        Block(framework=derived, key=b.key, name=b.name, question=b.question, position=b.position, weight=b.weight)
        for b in Block.objects.filter(framework=source)
    )
    blocks = dict(Block.objects.filter(framework=derived).values_list("key", "pk"))
    Area.objects.bulk_create(
        Area(
            framework=derived,
            block_id=blocks[a.block.key],
            key=a.key,
            name=a.name,
            description=a.description,
            position=a.position,
            weight=a.weight,
        )
        for a in Area.objects.filter(framework=source).select_related("block")
    )
    areas = dict(Area.objects.filter(framework=derived).values_list("key", "pk"))
    Practice.objects.bulk_create(
        (
            Practice(
                framework=derived,
                area_id=areas[p.area.key],
                key=p.key,
                name=p.name,
                position=p.position,
                weight=p.weight,
                critical=p.critical,
            )
            for p in Practice.objects.filter(framework=source).select_related("area")
        ),
        batch_size=500,
    )
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="derived",
        obj=derived,
        summary=f"Framework {derived.name} {version} derived from {source.name} {source.version}",
    )
    return derived


# --- edit a draft ---------------------------------------------------------------------------------------------


def _block_update(framework: Framework, key: str, *, weight: Any = None) -> Block:
    block = _get(Block, framework, key, "block")
    if weight is not None:
        block.weight = _weight(weight, "weight")
        block.save(update_fields=["weight"])
    return block


def _area_update(framework: Framework, key: str, *, weight: Any = None, hidden: bool = False) -> Area | None:
    area = _get(Area, framework, key, "area")
    if hidden:
        if not Area.objects.filter(block_id=area.block_id).exclude(pk=area.pk).exists():
            raise ApplicationError(
                f"“{area.name}” is the last area of its block; a block needs at least one area.",
                fields={"hidden": ["Keep at least one area in each block."]},
            )
        area.delete()
        return None
    if weight is not None:
        area.weight = _weight(weight, "weight")
        area.save(update_fields=["weight"])
    return area


def _practice_update(
    framework: Framework, key: str, *, weight: Any = None, critical: bool | None = None, hidden: bool = False
) -> Practice | None:
    practice = _get(Practice, framework, key, "practice")
    if hidden:
        if not Practice.objects.filter(area_id=practice.area_id).exclude(pk=practice.pk).exists():
            raise ApplicationError(
                f"“{practice.name}” is the last practice of its area; an area needs at least "
                "one practice (remove the whole area instead).",
                fields={"hidden": ["Keep at least one practice in each area."]},
            )
        practice.delete()
        return None
    fields = []
    if weight is not None:
        practice.weight = _weight(weight, "weight")
        fields.append("weight")
    if critical is not None:
        practice.critical = _critical(critical, "critical")
        fields.append("critical")
    if fields:
        practice.save(update_fields=fields)
    return practice


@transaction.atomic
def framework_block_update(
    *, workspace: Any, actor: Any, framework: Framework, key: str, weight: float | None = None
) -> Block:
    framework = _lock_draft(workspace, framework)
    block = _block_update(framework, key, weight=weight)
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="updated",
        obj=framework,
        summary=f"Draft {framework.name} {framework.version}: block {key} weight {block.weight:g}",
    )
    return block


@transaction.atomic
def framework_area_update(
    *, workspace: Any, actor: Any, framework: Framework, key: str, weight: float | None = None, hidden: bool = False
) -> Area | None:
    """Re-weight an area of a draft, or hide it (``hidden=True`` deletes it and its practices from the draft)."""
    framework = _lock_draft(workspace, framework)
    area = _area_update(framework, key, weight=weight, hidden=hidden)
    change = "removed" if area is None else f"weight {area.weight:g}"
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="updated",
        obj=framework,
        summary=f"Draft {framework.name} {framework.version}: area {key} {change}",
    )
    return area


@transaction.atomic
def framework_practice_update(
    *,
    workspace: Any,
    actor: Any,
    framework: Framework,
    key: str,
    weight: float | None = None,
    critical: bool | None = None,
    hidden: bool = False,
) -> Practice | None:
    """Re-weight a practice of a draft, (un)mark it critical, or hide it (deletes it from the draft)."""
    framework = _lock_draft(workspace, framework)
    practice = _practice_update(framework, key, weight=weight, critical=critical, hidden=hidden)
    change = "removed" if practice is None else f"weight {practice.weight:g}{', critical' if practice.critical else ''}"
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="updated",
        obj=framework,
        summary=f"Draft {framework.name} {framework.version}: practice {key} {change}",
    )
    return practice


@dataclass(frozen=True)
class ItemChange:
    """One row of the editor: ``field`` prefixes the names of its inputs in error messages."""

    key: str
    field: str
    weight: Any = None
    critical: bool | None = None
    hidden: bool = False


@dataclass(frozen=True)
class DraftChanges:
    blocks: list[ItemChange] = field(default_factory=list)
    areas: list[ItemChange] = field(default_factory=list)
    practices: list[ItemChange] = field(default_factory=list)


@transaction.atomic
def framework_draft_edit(*, workspace: Any, actor: Any, framework: Framework, changes: DraftChanges) -> int:
    """Apply one editor table at once, all or nothing: weights first, then removals (practices before areas).
    Every problem is reported under its row's field (``<field>-weight``, ``<field>-remove``); returns the number
    of rows changed."""
    framework = _lock_draft(workspace, framework)
    problems: dict[str, list[str]] = {}
    changed = 0
    steps = (
        [(c, lambda c: _block_update(framework, c.key, weight=c.weight)) for c in changes.blocks]
        + [(c, lambda c: _area_update(framework, c.key, weight=c.weight)) for c in changes.areas if not c.hidden]
        + [
            (c, lambda c: _practice_update(framework, c.key, weight=c.weight, critical=c.critical))
            for c in changes.practices
            if not c.hidden
        ]
        + [(c, lambda c: _practice_update(framework, c.key, hidden=True)) for c in changes.practices if c.hidden]
        + [(c, lambda c: _area_update(framework, c.key, hidden=True)) for c in changes.areas if c.hidden]
    )
    for change, step in steps:
        try:
            step(change)
        except ApplicationError as exc:
            for name, messages in (exc.fields or {"__all__": [exc.message]}).items():
                target = f"{change.field}-{'remove' if name == 'hidden' else name}" if name != "__all__" else name
                problems.setdefault(target, []).extend([exc.message] if name == "hidden" else messages)
        else:
            changed += 1
    if problems:
        raise ApplicationError("Nothing was saved; correct the marked rows.", fields=problems)
    removed = sum(c.hidden for c in changes.areas) + sum(c.hidden for c in changes.practices)
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="updated",
        obj=framework,
        summary=f"Draft {framework.name} {framework.version} edited ({removed} removed)",
    )
    return changed


# --- add ------------------------------------------------------------------------------------------------------


def _practice_create(
    framework: Framework,
    area: Area,
    key: Any,
    name: Any,
    *,
    weight: Any = 1.0,
    critical: bool = False,
    prefix: str = "",
) -> Practice:
    key = _new_key(
        key,
        f"{prefix}key",
        limit=document.MAX["practice_key"],
        taken=Practice.objects.filter(framework=framework).values_list("key", flat=True),
    )
    name = _text(name, f"{prefix}name", limit=document.MAX["name"])
    position = (Practice.objects.filter(area=area).aggregate(m=Max("position"))["m"] or 0) + 1
    return Practice.objects.create(
        framework=framework,
        area=area,
        key=key,
        name=name,
        position=position,
        weight=_weight(weight, f"{prefix}weight"),
        critical=_critical(critical, f"{prefix}critical"),
    )


@transaction.atomic
def framework_practice_add(
    *,
    workspace: Any,
    actor: Any,
    framework: Framework,
    area_key: str,
    key: str,
    name: str,
    weight: float = 1.0,
    critical: bool = False,
) -> Practice:
    """A new practice at the end of an area of a draft; its key must be new in the framework."""
    framework = _lock_draft(workspace, framework)
    area = Area.objects.filter(framework=framework, key=area_key).first()
    if area is None:
        raise ApplicationError("Some fields are not valid.", fields={"area_key": ["No such area in this draft."]})
    practice = _practice_create(framework, area, key, name, weight=weight, critical=critical)
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="updated",
        obj=framework,
        summary=f"Draft {framework.name} {framework.version}: practice {practice.key} added",
    )
    return practice


@transaction.atomic
def framework_area_add(
    *,
    workspace: Any,
    actor: Any,
    framework: Framework,
    block_key: str,
    key: str,
    name: str,
    description: str = "",
    practices: list[tuple[str, str]],
) -> Area:
    """A new area at the end of a block of a draft, with at least one practice (``(key, name)`` pairs)."""
    framework = _lock_draft(workspace, framework)
    block = Block.objects.filter(framework=framework, key=block_key).first()
    if block is None:
        raise ApplicationError("Some fields are not valid.", fields={"block_key": ["No such block in this draft."]})
    if not practices:
        raise ApplicationError(
            "An area needs at least one practice.", fields={"practice_key": ["Give the area's first practice."]}
        )
    key = _new_key(
        key,
        "key",
        limit=document.MAX["area_key"],
        taken=Area.objects.filter(framework=framework).values_list("key", flat=True),
    )
    name = _text(name, "name", limit=document.MAX["name"])
    description = _text(description, "description", limit=5000, required=False)
    position = (Area.objects.filter(block=block).aggregate(m=Max("position"))["m"] or 0) + 1
    area = Area.objects.create(
        framework=framework, block=block, key=key, name=name, description=description, position=position
    )
    for practice_key, practice_name in practices:
        _practice_create(framework, area, practice_key, practice_name, prefix="practice_")
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="updated",
        obj=framework,
        summary=f"Draft {framework.name} {framework.version}: area {key} added",
    )
    return area


# --- publish / delete -----------------------------------------------------------------------------------------


@transaction.atomic
def framework_publish(*, workspace: Any, actor: Any, framework: Framework) -> Framework:
    """Freeze a draft: from now on assessments may use it and nothing in it ever changes."""
    locked = _lock_draft(workspace, framework)
    counting = Practice.objects.filter(framework=locked, weight__gt=0, area__weight__gt=0, area__block__weight__gt=0)
    if not counting.exists():
        raise ApplicationError(
            "Every practice has weight 0 (itself, or through its area or block), so no "
            "assessment on this version could be scored; give something a weight above 0."
        )
    locked.checksum = document.checksum(framework_tree(framework=locked))
    locked.is_draft = False
    locked.save(update_fields=["checksum", "is_draft"])
    framework.checksum, framework.is_draft = locked.checksum, locked.is_draft  # the caller's copy too
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="published",
        obj=framework,
        summary=f"Framework {framework.name} {framework.version} published",
    )
    return framework


@transaction.atomic
def framework_draft_delete(*, workspace: Any, actor: Any, framework: Framework) -> None:
    """Delete a draft version (published ones stay, since assessments may point at them)."""
    framework = _lock_draft(workspace, framework)
    label = f"{framework.name} {framework.version}"
    activity_record(
        workspace=workspace, actor=actor, verb="deleted", obj=framework, summary=f"Draft framework {label} deleted"
    )
    framework.delete()
