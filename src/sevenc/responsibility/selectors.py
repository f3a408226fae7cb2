"""Reads of responsibility areas and a client's matrix. Every read takes ``workspace=`` first; the analysis
comes from the pure module (analysis.py). docs/responsibility.md describes it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from sevenc.responsibility.domain import analysis
from sevenc.responsibility.models import Assignment, HiddenArea, MatrixTemplate, PsaMapping, ResponsibilityArea
from sevenc.tenancy.models import Client, Party, Workspace
from sevenc.tenancy.selectors import OverviewPanel


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
