"""Reads of responsibility areas and a client's matrix. Every read takes ``workspace=`` first; the analysis
comes from the pure module (analysis.py). docs/responsibility.md describes it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from sevenc.responsibility.domain import analysis, starters
from sevenc.responsibility.models import (
    Assignment,
    HiddenArea,
    MatrixTemplate,
    PsaMapping,
    ResponsibilityArea,
    TemplateAssignment,
)
from sevenc.tenancy.models import Client, Party, PartyKind, Workspace
from sevenc.tenancy.selectors import OverviewPanel

STARTERS_PATH = Path(__file__).resolve().parent / "data" / "starters.json"


def area_list(*, workspace: Workspace, include_hidden: bool = False) -> QuerySet[ResponsibilityArea]:
    """The areas a workspace uses: the shipped library (less the ones it hid) and its own, library order first."""
    qs = ResponsibilityArea.objects.filter(Q(workspace__isnull=True) | Q(workspace=workspace))
    if not include_hidden:
        hidden = HiddenArea.objects.for_workspace(workspace).values("area_id")
        qs = qs.exclude(pk__in=hidden)
    return qs.order_by("position", "key")


def area_get(*, workspace: Workspace, pk: int) -> ResponsibilityArea:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        ResponsibilityArea.objects.filter(Q(workspace__isnull=True) | Q(workspace=workspace)), pk=pk
    )


def hidden_area_ids(*, workspace: Workspace) -> set[int]:
    return set(HiddenArea.objects.for_workspace(workspace).values_list("area_id", flat=True))


def psa_mappings(*, workspace: Workspace) -> dict[int, PsaMapping]:
    return {m.area_id: m for m in PsaMapping.objects.for_workspace(workspace)}


@dataclass
class MatrixView:
    client: Client
    areas: list[ResponsibilityArea]
    parties: list[Party]
    cells: dict[tuple[int, int], str] = field(default_factory=dict)  # (area id, party id) → role

    @property
    def area_ids(self) -> set[int]:
        return {a.pk for a in self.areas}

    def roles_of(self, area_id: int) -> dict[int, str]:
        return {p: r for (a, p), r in self.cells.items() if a == area_id}


def matrix_get(*, workspace: Workspace, client: Client) -> MatrixView:
    """The client's matrix: the areas in use, its parties and every assignment (three queries)."""
    areas = sorted(area_list(workspace=workspace), key=_area_order)
    parties = list(Party.objects.for_workspace(workspace).filter(client=client).order_by("name"))
    cells = {
        (a, p): r
        for a, p, r in Assignment.objects.for_workspace(workspace)
        .filter(client=client)
        .values_list("area_id", "party_id", "role")
    }
    return MatrixView(client=client, areas=areas, parties=parties, cells=cells)


def _area_order(area: ResponsibilityArea) -> tuple[int, int, str]:
    return (0 if area.workspace_id is None else 1, area.position, area.key)


def matrix_analysis(*, workspace: Workspace, client: Client, view: MatrixView | None = None) -> analysis.Analysis:
    """The analysis of the client's matrix (analysis.py), with the practice scores of its latest final assessment
    for the low-score finding. From ``view`` when the caller has the matrix already (then one or two queries)."""
    view = view or matrix_get(workspace=workspace, client=client)
    matrix = analysis.Matrix(
        areas=tuple(
            analysis.Area(
                key=str(a.pk),
                title=a.title,
                criticality=a.criticality,  # type: ignore[arg-type]
                practice_key=a.practice_key,
                group=a.group,
                position=i,
            )
            for i, a in enumerate(view.areas)
        ),
        parties=tuple(analysis.Party(key=str(p.pk), name=p.name, kind=p.kind) for p in view.parties),
        cells=tuple(
            analysis.Cell(area_key=str(a), party_key=str(p), role=r)  # type: ignore[arg-type]
            for (a, p), r in view.cells.items()
            if a in view.area_ids
        ),
    )
    return analysis.analyse(
        matrix, practice_scores=_latest_practice_scores(workspace=workspace, client=client), today=timezone.localdate()
    )


def _latest_practice_scores(*, workspace: Workspace, client: Client) -> dict[str, float | None]:
    from sevenc.assessments import selectors as assessment_selectors
    from sevenc.assessments.models import AssessmentStatus

    latest = assessment_selectors.assessment_list(
        workspace=workspace, client=client, status=AssessmentStatus.FINAL
    ).first()
    if latest is None:
        return {}
    return dict(assessment_selectors.assessment_scores(workspace=workspace, assessment=latest).practices)


@dataclass
class Annex:
    client: Client
    party: Party
    by_role: list[tuple[str, str, list[ResponsibilityArea]]]  # (role, its label, the areas), R, A, C, I

    @property
    def count(self) -> int:
        return sum(len(areas) for _, _, areas in self.by_role)


def party_annex(*, workspace: Workspace, client: Client, party_id: int) -> Annex:
    """The areas one party of the client holds a role in, by role (R, A, C, I) in library order: two queries."""
    from django.shortcuts import get_object_or_404

    from sevenc.responsibility.models import RaciRole

    party = get_object_or_404(Party.objects.for_workspace(workspace).filter(client=client), pk=party_id)
    visible = {a.pk: a for a in area_list(workspace=workspace)}
    rows = Assignment.objects.for_workspace(workspace).filter(client=client, party=party).values_list("area_id", "role")
    grouped: dict[str, list[ResponsibilityArea]] = {r: [] for r in RaciRole.values}
    for area_id, role in rows:
        if area_id in visible:
            grouped[role].append(visible[area_id])
    by_role = [(role, str(label), sorted(grouped[role], key=_area_order)) for role, label in RaciRole.choices]
    return Annex(client=client, party=party, by_role=by_role)


# --- matrix templates ------------------------------------------------------------------------------------------


def template_list(*, workspace: Workspace) -> list[MatrixTemplate]:
    return list(MatrixTemplate.objects.for_workspace(workspace).order_by("name"))


def template_get(*, workspace: Workspace, pk: int) -> MatrixTemplate:
    return get_object_or_404(MatrixTemplate.objects.for_workspace(workspace), pk=pk)


# --- the client at a glance --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixGlance:
    """What the client overview shows of the matrix: the duties with no R or no A (they fall to the CEO)."""

    duties: int
    assigned: int  # cells with a role
    no_responsible: int
    no_accountable: int
    gaps: int  # no R or no A


def client_matrix_glance(*, workspace: Workspace, client: Client) -> MatrixGlance:
    """Five queries, whatever the size of the matrix (the matrix's three, the latest final assessment's two)."""
    view = matrix_get(workspace=workspace, client=client)
    found = matrix_analysis(workspace=workspace, client=client, view=view)
    return MatrixGlance(
        duties=len(view.areas),
        assigned=len(view.cells),
        no_responsible=len(found.no_responsible),
        no_accountable=len(found.no_accountable),
        gaps=len(found.falls_to_ceo),
    )


def client_overview_panel(*, workspace: Workspace, client: Client) -> OverviewPanel:
    """The matrix's part of the client overview (tenancy's CLIENT_OVERVIEW, registered by the app's ready())."""
    glance = client_matrix_glance(workspace=workspace, client=client)
    return OverviewPanel(order=30, template="responsibility/partials/client_glance.html", glance=glance)


# --- starters and the templates a client's matrix can start from -------------------------------------------------


@cache
def starter_catalogue() -> starters.Catalogue:
    """The shipped starter templates (data/starters.json): the same for every workspace, read from the file, never
    copied into a workspace's rows."""
    doc = json.loads(STARTERS_PATH.read_text(encoding="utf-8"))
    return starters.parse(doc, PartyKind.values)


@dataclass(frozen=True)
class TemplateSource:
    """What a matrix can start from: a shipped starter (``starter`` set) or one of the workspace's templates
    (``template`` set); ``ref`` names it in forms, the API and the CLI: ``starter:<key>`` or ``template:<id>``."""

    ref: str
    name: str
    description: str
    slots: tuple[starters.Slot, ...]
    starter: starters.Starter | None = None
    template: MatrixTemplate | None = None


def _kind_slot(kind: str) -> starters.Slot:
    label = str(dict(PartyKind.choices).get(kind, kind))
    return starters.Slot(key=kind, name=label, kinds=(kind,), required=False)


def _starter_source(starter: starters.Starter) -> TemplateSource:
    return TemplateSource(
        ref=f"starter:{starter.key}",
        name=starter.name,
        description=starter.description,
        slots=starter.slots,
        starter=starter,
    )


def _template_source(template: MatrixTemplate, kinds: list[str]) -> TemplateSource:
    order = {k: i for i, k in enumerate(PartyKind.values)}
    return TemplateSource(
        ref=f"template:{template.pk}",
        name=template.name,
        description=template.description,
        slots=tuple(_kind_slot(k) for k in sorted(set(kinds), key=lambda k: (order.get(k, len(order)), k))),
        template=template,
    )


def template_sources(*, workspace: Workspace) -> list[TemplateSource]:
    """The starters, then the workspace's own templates by name, each with its slots (two queries)."""
    templates = template_list(workspace=workspace)
    kinds: dict[int, list[str]] = {}
    for template_id, kind in (
        TemplateAssignment.objects.for_workspace(workspace)
        .filter(template__in=templates)
        .values_list("template_id", "party_kind")
        .distinct()
    ):
        kinds.setdefault(template_id, []).append(kind)
    return [_starter_source(s) for s in starter_catalogue().starters] + [
        _template_source(t, kinds.get(t.pk, [])) for t in templates
    ]


def template_source_get(*, workspace: Workspace, ref: str) -> TemplateSource:
    """A starter (``starter:<key>``) or a workspace template (``template:<id>``, or the id alone); 404 when the
    workspace has no such thing."""
    ref = (ref or "").strip()
    if ref.startswith("starter:"):
        starter = starter_catalogue().starter(ref.removeprefix("starter:"))
        if starter is None:
            raise Http404("No such starter template.")
        return _starter_source(starter)
    number = ref.removeprefix("template:")
    if not re.fullmatch(r"[0-9]{1,18}", number):
        raise Http404("No such template.")
    template = template_get(workspace=workspace, pk=int(number))
    kinds = list(
        TemplateAssignment.objects.for_workspace(workspace)
        .filter(template=template)
        .values_list("party_kind", flat=True)
        .distinct()
    )
    return _template_source(template, kinds)


def template_source_cells(
    *, workspace: Workspace, source: TemplateSource, areas: list[ResponsibilityArea]
) -> dict[tuple[int, str], str]:
    """(area id, slot key) → role over ``areas``: a starter's rule by duty kind, or a template's stored cells."""
    if source.starter is not None:
        ids = {a.key if a.workspace_id is None else f"own:{a.pk}": a.pk for a in areas}
        duties = [
            starters.Duty(
                key=a.key if a.workspace_id is None else f"own:{a.pk}",
                block_key=a.block_key,
                shipped=a.workspace_id is None,
            )
            for a in areas
        ]
        cells = starters.starter_cells(source.starter, starter_catalogue().rules, duties)
        return {(ids[duty], slot): role for (duty, slot), role in cells.items()}
    in_use = {a.pk for a in areas}
    return {
        (area_id, kind): role
        for area_id, kind, role in TemplateAssignment.objects.for_workspace(workspace)
        .filter(template=source.template)
        .values_list("area_id", "party_kind", "role")
        if area_id in in_use
    }


def template_suggestion(*, source: TemplateSource, parties: list[Party]) -> dict[str, int | None]:
    """The mapping the form starts with: by kind (and a hint in the name) onto the client's parties (by name)."""
    refs = [starters.PartyRef(id=p.pk, name=p.name, kind=p.kind) for p in parties]
    return starters.suggest(source.slots, refs)
