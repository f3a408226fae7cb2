"""The client portal's questionnaires: a client's executive or contributor answers the workshop questionnaire
they were invited to, blind. They see the practices, the maturity levels and their own answers and comments,
never the assessment's answers or notes and never another respondent. A questionnaire that is not theirs
(another person's, another client's) is a 404.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from sevenc.assessments.questionnaire_ui import questionnaire_render, questionnaire_save
from sevenc.assessments.workshops import selectors as workshop_selectors
from sevenc.core.access import login_required
from sevenc.tenancy import selectors


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def questionnaire_detail(request: HttpRequest, client_id: int, questionnaire_id: int) -> HttpResponse:
    cm = selectors.portal_membership_get(user=request.user, client_id=client_id)
    respondent = workshop_selectors.portal_respondent_get(membership=cm, pk=questionnaire_id)
    kwargs = {
        "workspace": cm.workspace,
        "respondent": respondent,
        "template": "portal/questionnaire_detail.html",
        "context": {"client": cm.client, "portal_membership": cm},
    }
    if request.method == "POST":
        return questionnaire_save(request, **kwargs)  # type: ignore[arg-type]
    return questionnaire_render(request, **kwargs)  # type: ignore[arg-type]
