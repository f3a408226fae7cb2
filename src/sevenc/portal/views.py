"""The client portal: what a client's own people see. Only clients they belong to; never internal notes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from sevenc.assessments.workshops import selectors as workshop_selectors
from sevenc.core.access import login_required
from sevenc.tenancy import selectors


@require_safe
@login_required
def portal_home(request: HttpRequest) -> HttpResponse:
    memberships = list(selectors.portal_membership_list(user=request.user))
    if len(memberships) == 1:
        return redirect("portal:portal_client", client_id=memberships[0].client_id)
    return render(request, "portal/portal_home.html", {"portal_memberships": memberships})


@require_safe
@login_required
def portal_client(request: HttpRequest, client_id: int) -> HttpResponse:
    cm = selectors.portal_membership_get(user=request.user, client_id=client_id)
    context = {
        "portal_membership": cm,
        "client": cm.client,
        "parties": selectors.party_list(workspace=cm.workspace, client=cm.client),
        "has_other_clients": selectors.portal_membership_list(user=request.user).exclude(pk=cm.pk).exists(),
        "questionnaires": workshop_selectors.portal_respondent_list(membership=cm),
    }
    return render(request, "portal/portal_client.html", context)
