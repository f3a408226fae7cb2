"""Reads that the responsibility API, its files and the command line need beyond selectors.py: the filtered area
list with each area's hidden flag and PSA mapping (one query), the PSA table and the shipped library. Every read
of a workspace's data takes ``workspace=`` first; an area of another workspace is never found (404)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from sevenc.responsibility import selectors
from sevenc.responsibility.models import HiddenArea, PsaMapping, ResponsibilityArea

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from sevenc.tenancy.models import Workspace

PSA_FIELDS = ("board", "queue", "category")


class _AreaState(TypedDict):
    """What :func:`area_search` adds to each area."""

    is_hidden: bool
    psa_board: str | None
    psa_queue: str | None
    psa_category: str | None


def _matrix_order(qs: QuerySet[ResponsibilityArea]) -> QuerySet[ResponsibilityArea]:
    """The matrix's order (selectors._area_order): the shipped library first, then the workspace's own."""
    return qs.order_by(F("workspace_id").asc(nulls_first=True), "position", "key")


def area_search(
    *,
    workspace: Workspace,
    block: str = "",
    group: str = "",
    criticality: str = "",
    q: str = "",
    include_hidden: bool = False,
) -> QuerySet[WithAnnotations[ResponsibilityArea, _AreaState]]:
    """The areas the workspace uses (with ``include_hidden`` also the shipped ones it hid), filtered, in matrix
    order. Each carries ``is_hidden`` and ``psa_board``/``psa_queue``/``psa_category`` (None when unmapped)."""
    qs = selectors.area_list(workspace=workspace, include_hidden=include_hidden)
    if block:
        qs = qs.filter(block_key=block)
    if group:
        qs = qs.filter(group=group)
    if criticality:
        qs = qs.filter(criticality=criticality)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(group__icontains=q) | Q(key__icontains=q))
    mapping = PsaMapping.objects.for_workspace(workspace).filter(area=OuterRef("pk"))
    qs = qs.annotate(
        is_hidden=Exists(HiddenArea.objects.for_workspace(workspace).filter(area=OuterRef("pk"))),
        **{f"psa_{name}": Subquery(mapping.values(name)[:1]) for name in PSA_FIELDS},
    )
    # the plugin cannot name annotations given as **kwargs: these are the four above
    return cast("QuerySet[WithAnnotations[ResponsibilityArea, _AreaState]]", _matrix_order(qs))


def area_detail(*, workspace: Workspace, pk: int) -> WithAnnotations[ResponsibilityArea, _AreaState]:
    """One area the workspace can see (hidden or not), annotated as :func:`area_search`; 404 otherwise."""
    return get_object_or_404(area_search(workspace=workspace, include_hidden=True), pk=pk)


def psa_table(*, workspace: Workspace) -> list[WithAnnotations[ResponsibilityArea, _AreaState]]:
    """Every area in use, in matrix order, with its PSA mapping (``psa_*``; None when unmapped)."""
    return list(area_search(workspace=workspace))


def library_list(*, block: str = "") -> QuerySet[ResponsibilityArea]:
    """The shipped library (the same for every workspace), in library order; ``block`` narrows it."""
    qs = ResponsibilityArea.objects.filter(workspace__isnull=True)
    if block:
        qs = qs.filter(block_key=block)
    return qs.order_by("position", "key")
