"""The client's plan in the portal: the roadmap by quarter with costs and the projected ITCq, and the approval.

Executives approve the plan (recorded with who and when); no portal user edits items or costs. Internal
comments and review flags are never shown here.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sevenc.core.access import login_required
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.domain.roles import ClientRole
from sevenc.planning import selectors as plan_selectors
from sevenc.planning import services as plan_services
from sevenc.tenancy import selectors


@require_safe
@login_required
def plan_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    cm = selectors.portal_membership_get(user=request.user, client_id=client_id)
    view = plan_selectors.roadmap_view(workspace=cm.workspace, client=cm.client)
    rates = plan_selectors.rates_for(view.settings)
    context = {
        "portal_membership": cm,
        "client": cm.client,
        "view": view,
        "currency": cm.workspace.currency,
        # per quarter with items: the column and its items with their first-year cost, as the plan list counts it
        "quarters": [
            (col, [(item, plan_selectors.item_first_year_cost(item, rates)) for item in col.items])
            for col in view.columns
            if col.items
        ],
        "can_approve": cm.role == ClientRole.EXECUTIVE,
        "approvals": list(plan_selectors.plan_approval_list(workspace=cm.workspace, client=cm.client)[:5]),
    }
    return render(request, "portal/plan_detail.html", context)


@require_POST
@login_required
def plan_approve(request: HttpRequest, client_id: int) -> HttpResponse:
    cm = selectors.portal_membership_get(user=request.user, client_id=client_id)
    if cm.role != ClientRole.EXECUTIVE:
        raise PermissionDenied("Only the client's executives approve the plan.")
    try:
        plan_services.plan_approve(
            workspace=cm.workspace, actor=request.user, client=cm.client, comment=request.POST.get("comment", "")[:2000]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you: the plan is approved."))
    return redirect("portal:plan_detail", client_id=cm.client_id)
