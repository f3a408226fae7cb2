"""The invited person's side of an invitation: the email with its link, and the page the link opens.

Inviting someone (``tenancy.services.staff_invitation_create`` / ``portal_invitation_create``) grants nothing;
the person accepts here. What the page shows, by who opens it:

- a token that is unknown, used, withdrawn or expired: one generic "no longer works" page (404);
- someone logged in as another address: 404, "this invitation is for another address", nothing of the offer;
- nobody logged in, and the address has an account with a password: sent to log in, and back here after;
- nobody logged in, and the address has no account (or one that never had a password): the offer, and a form
  to choose a password (and a name); sending it creates the account, accepts and logs in;
- the invited person, logged in: the offer (who invites, to what, as which role); accepting is a POST.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from sevenc.core.domain.errors import ApplicationError
from sevenc.tenancy import selectors, services
from sevenc.tenancy.forms import InvitationSignupForm
from sevenc.tenancy.middleware import workspace_remember

SUBJECT_TEMPLATE = "accounts/email/invitation_subject.txt"
BODY_TEMPLATE = "accounts/email/invitation_body.txt"
ACCEPT_TEMPLATE = "accounts/invitation_accept.html"
INVALID_TEMPLATE = "accounts/invitation_invalid.html"


def _offer(invitation: Any) -> dict[str, Any]:
    inviter = invitation.invited_by
    return {
        "invitation": invitation,
        "workspace_name": invitation.workspace.name,
        "client_name": invitation.client.name if invitation.client_id else "",
        "role_label": invitation.role_label,
        "inviter_name": inviter.display_name if inviter is not None else "",
        "expires_at": invitation.expires_at,
    }


def invitation_send(*, request: HttpRequest, new: services.NewInvitation) -> None:
    """Email the invited address its link. The secret exists only in this email (and a hash in the database)."""
    invitation = new.invitation
    context = {
        **_offer(invitation),
        "email": invitation.email,
        "accept_url": request.build_absolute_uri(reverse("accounts:invitation_accept", args=[new.token])),
    }
    subject = "".join(render_to_string(SUBJECT_TEMPLATE, context).splitlines()).strip()
    body = render_to_string(BODY_TEMPLATE, context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])


def is_invited(user: Any, invitation: Any) -> bool:
    """The logged-in ``user`` is the invited person (the service checks it again on acceptance)."""
    return bool(user.email) and user.email.lower() == invitation.email.lower()


def _refused(request: HttpRequest, context: dict[str, Any], exc: ApplicationError) -> HttpResponse:
    """The offer again, with why it cannot be accepted now: 409 (no longer valid), 403, or 422 (a rule)."""
    status = 422 if exc.status == ApplicationError.status else exc.status
    return render(request, ACCEPT_TEMPLATE, {**context, "error": exc.message}, status=status)


def _invalid(request: HttpRequest, *, other_address: bool = False) -> HttpResponse:
    return render(request, INVALID_TEMPLATE, {"other_address": other_address}, status=404)


def _model_backend() -> str:
    """The backend that logs a person in by password (not a lock-out guard placed in front of it)."""
    return next(
        (b for b in settings.AUTHENTICATION_BACKENDS if not b.startswith("axes.")), settings.AUTHENTICATION_BACKENDS[-1]
    )


def _accepted(request: HttpRequest, invitation: Any, access: Any) -> HttpResponse:
    if invitation.is_staff:
        workspace_remember(request, invitation.workspace)
        messages.success(request, _("Welcome to %(name)s.") % {"name": invitation.workspace.name})
        return redirect("core:dashboard")
    messages.success(request, _("You now have access to the portal of %(name)s.") % {"name": access.client.name})
    return redirect("portal:portal_client", client_id=access.client_id)


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_get_by_token(token=token)
    if invitation is None or invitation.state_at(timezone.now()) != "pending":
        return _invalid(request)
    user = request.user
    if user.is_authenticated:
        if not is_invited(user, invitation):
            return _invalid(request, other_address=True)
        return _accept_as_member(request, invitation)
    account = selectors.user_by_email(email=invitation.email)
    if account is not None and account.has_usable_password():
        messages.info(
            request, _("Log in as %(email)s to see and accept your invitation.") % {"email": invitation.email}
        )
        return redirect_to_login(request.get_full_path())
    return _accept_with_signup(request, invitation, account)


def _accept_as_member(request: HttpRequest, invitation: Any) -> HttpResponse:
    context = {**_offer(invitation), "mode": "accept"}
    if request.method != "POST":
        return render(request, ACCEPT_TEMPLATE, context)
    try:
        access = services.invitation_accept(invitation=invitation, user=request.user)
    except ApplicationError as exc:
        return _refused(request, context, exc)
    return _accepted(request, invitation, access)


def _accept_with_signup(request: HttpRequest, invitation: Any, account: Any) -> HttpResponse:
    posted = request.POST if request.method == "POST" else None
    initial = {"full_name": (account.full_name if account is not None else "") or invitation.full_name}
    form = InvitationSignupForm(posted, initial=initial, email=invitation.email)
    context = {**_offer(invitation), "mode": "signup", "form": form}
    if posted is None:
        return render(request, ACCEPT_TEMPLATE, context)
    if not form.is_valid():
        return render(request, ACCEPT_TEMPLATE, context, status=422)
    try:
        user, access = services.invitation_accept_signup(
            invitation=invitation, password=form.cleaned_data["password1"], full_name=form.cleaned_data["full_name"]
        )
    except ApplicationError as exc:
        return _refused(request, context, exc)
    login(request, user, backend=_model_backend())
    return _accepted(request, invitation, access)
