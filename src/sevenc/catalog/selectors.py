"""Reads of the catalog. Shipped frameworks are visible to all; derived ones only to their workspace."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from sevenc.catalog.models import Area, Block, Framework, MaturityLevel, Practice

if TYPE_CHECKING:
    from sevenc.tenancy.models import Workspace


def framework_list(*, workspace: Workspace | None = None) -> QuerySet[Framework]:
    visible = Q(workspace__isnull=True) | Q(workspace=workspace) if workspace is not None else Q(workspace__isnull=True)
    return (
        Framework.objects.filter(visible)
        .select_related("based_on")
        .annotate(block_count=Count("blocks", distinct=True), practice_count=Count("practices", distinct=True))
        .order_by("key", "-created_at")
    )


def framework_usable_list(workspace: Workspace) -> QuerySet[Framework]:
    """The frameworks an assessment may use: shipped and the workspace's published versions (never a draft,
    which may still change)."""
    return framework_list(workspace=workspace).filter(is_draft=False)


def framework_get(
    *, workspace: Workspace | None = None, pk: int | None = None, key: str | None = None, version: str | None = None
) -> Framework:
    qs = framework_list(workspace=workspace)
    if pk is not None:
        qs = qs.filter(pk=pk)
    if key is not None:
        qs = qs.filter(key=key)
    if version is not None:
        qs = qs.filter(version=version)
    framework = qs.order_by("-created_at").first()
    if framework is None:
        raise Http404("No such framework")
    return framework


def _weighted(item: dict[str, Any], weight: float, children: str | None = None) -> dict[str, Any]:
    """The document's rule: a weight other than 1 is written (before the children), 1 is left out."""
    if weight == 1.0:
        return item
    kids = {children: item.pop(children)} if children else {}
    return {**item, "weight": float(weight), **kids}


def framework_tree(*, framework: Framework) -> dict[str, Any]:
    """The whole framework as the export document (docs/catalog.md), in canonical form: what
    ``document.validate`` returns for it, so that importing an export loses nothing. Four queries whatever its
    size."""
    levels = MaturityLevel.objects.filter(framework=framework).order_by("level")
    blocks = list(Block.objects.filter(framework=framework).order_by("position"))
    areas = list(Area.objects.filter(framework=framework).order_by("position"))
    practices = list(Practice.objects.filter(framework=framework).order_by("position"))
    by_area: dict[int, list[dict[str, Any]]] = {}
    for p in practices:
        practice = _weighted({"key": p.key, "name": p.name}, p.weight)
        if p.critical:
            practice["critical"] = True
        by_area.setdefault(p.area_id, []).append(practice)
    by_block: dict[int, list[dict[str, Any]]] = {}
    for a in areas:
        by_block.setdefault(a.block_id, []).append(
            _weighted(
                {
                    "key": a.key,
                    "name": a.name,
                    "description": a.description,
                    "practices": by_area.get(a.pk, []),
                },
                a.weight,
                "practices",
            )
        )
    tree: dict[str, Any] = {"key": framework.key, "name": framework.name, "version": framework.version}
    if framework.source:
        tree["source"] = framework.source
    return {
        **tree,
        "scale": [{"level": m.level, "name": m.name, "description": m.description} for m in levels],
        "blocks": [
            _weighted(
                {"key": b.key, "name": b.name, "question": b.question, "areas": by_block.get(b.pk, [])},
                b.weight,
                "areas",
            )
            for b in blocks
        ],
    }


@dataclass(frozen=True)
class EditorArea:
    area: Area
    practices: list[Practice]


@dataclass(frozen=True)
class EditorBlock:
    block: Block
    areas: list[EditorArea]


def framework_editor_tree(*, framework: Framework) -> list[EditorBlock]:
    """The rows of a draft's editor (blocks → areas → practices, with ids, weights and critical flags): three
    queries whatever its size."""
    blocks = list(Block.objects.filter(framework=framework).order_by("position"))
    areas = list(Area.objects.filter(framework=framework).order_by("position"))
    by_area: dict[int, list[Practice]] = {}
    for p in Practice.objects.filter(framework=framework).order_by("position"):
        by_area.setdefault(p.area_id, []).append(p)
    by_block: dict[int, list[EditorArea]] = {}
    for a in areas:
        by_block.setdefault(a.block_id, []).append(EditorArea(a, by_area.get(a.pk, [])))
    return [EditorBlock(b, by_block.get(b.pk, [])) for b in blocks]


def framework_list_all() -> QuerySet[Framework]:
    """Every framework, shipped and derived, with its sizes (for the command line, which has no workspace)."""
    return (
        Framework.objects.select_related("workspace")
        .annotate(
            block_count=Count("blocks", distinct=True),
            area_count=Count("areas", distinct=True),
            practice_count=Count("practices", distinct=True),
        )
        .order_by("key", F("workspace__name").asc(nulls_first=True), "created_at")
    )


def maturity_level_list(*, framework_id: int) -> QuerySet[MaturityLevel]:
    """The framework's maturity scale (levels 0–5 with their descriptors), lowest first."""
    return MaturityLevel.objects.filter(framework_id=framework_id).order_by("level")
