"""The client's responsibility matrix in the portal: read-only, with the analysis's findings. For the client's
executives (contributors do not see it)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sevenc.core.access import login_required
from sevenc.core.domain.roles import ClientRole
from sevenc.responsibility import matrix_ui
from sevenc.responsibility import selectors as matrix_selectors
from sevenc.tenancy import selectors


@require_safe
@login_required
def matrix_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    cm = selectors.portal_membership_get(user=request.user, client_id=client_id)
    if cm.role != ClientRole.EXECUTIVE:
        raise Http404("No such page")
    view = matrix_selectors.matrix_get(workspace=cm.workspace, client=cm.client)
    result = matrix_selectors.matrix_analysis(workspace=cm.workspace, client=cm.client, view=view)
    roles: dict[int, dict[int, str]] = {a.pk: {} for a in view.areas}
    for (area_id, party_id), role in view.cells.items():
        if area_id in roles:
            roles[area_id][party_id] = role
    only_gaps = request.GET.get("gaps") == "1"
    areas = [
        a for a in view.areas if not only_gaps or "R" not in roles[a.pk].values() or "A" not in roles[a.pk].values()
    ]
    context = {
        "portal_membership": cm,
        "client": cm.client,
        "findings": result.findings,
        "header": matrix_ui.header(view.parties),
        "only_gaps": only_gaps,
        "rows": [matrix_ui.row(a, view.parties, roles[a.pk], readonly=True) for a in areas],
        "gaps": len(result.falls_to_ceo),
        "total": len(view.areas),
        "has_parties": bool(view.parties),
    }
    return render(request, "portal/matrix_detail.html", context)
