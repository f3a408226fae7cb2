"""Logging in and out, passwords, the workspace switcher and personal API tokens."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from sevenc.accounts import selectors, services
from sevenc.accounts.backends import normalise_login
from sevenc.accounts.forms import ApiTokenForm, LoginForm, SevencPasswordResetForm
from sevenc.core.access import login_required, staff_required
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.domain.roles import Capability
from sevenc.core.ui import form_add_application_error
from sevenc.tenancy import selectors as tenancy_selectors
from sevenc.tenancy import services as tenancy_services
from sevenc.tenancy.forms import InvitationSignupForm
from sevenc.tenancy.middleware import workspace_remember


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    if request.user.is_authenticated and request.method != "POST":
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    form = LoginForm(request.POST if request.method == "POST" else None)
    failed = False
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, email=form.cleaned_data["email"], password=form.cleaned_data["password"])
        if user is not None:
            login(request, user)
            return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
        failed = True
    return _login_page(request, form=form, failed=failed, next_url=next_url)


def _login_page(request: HttpRequest, *, form: LoginForm, failed: bool, next_url: str) -> HttpResponse:
    """The login form; after a refused login, one message whatever the reason (a wrong password, an unknown
    email, an inactive or locked account), always with status 200: the answer must not tell whether an
    account exists, and a failed login stays recorded (an answer >= 400 rolls its transaction back)."""
    error = ""
    if failed:
        error = _("Email or password is wrong.")
    pause = _(
        "After %(limit)d failed logins, logging in to that account from this address pauses for "
        "%(minutes)d minutes. Resetting the password ends the pause."
    ) % {"limit": settings.LOGIN_FAILURE_LIMIT, "minutes": settings.LOGIN_LOCKOUT_MINUTES}
    return render(
        request,
        "accounts/login.html",
        {"form": form, "error": error, "pause": pause if failed else "", "next": next_url},
    )


def login_refused(
    request: HttpRequest, original_response: HttpResponseBase | None = None, credentials: Any = None
) -> HttpResponseBase:
    """django-axes' answer for a locked account/address pair (settings.AXES_LOCKOUT_CALLABLE): the login
    view's own answer, the same as for a wrong password, so a lock reveals nothing about the account."""
    if isinstance(original_response, HttpResponseBase):
        return original_response
    return _login_page(request, form=LoginForm(request.POST or None), failed=True, next_url=_safe_next(request))


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:password_change_done")
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html")
password_reset = auth_views.PasswordResetView.as_view(
    form_class=SevencPasswordResetForm,
    template_name="accounts/password_reset.html",
    subject_template_name="accounts/email/password_reset_subject.txt",
    email_template_name="accounts/email/password_reset_body.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the emailed link also lifts any lock-out of the account: whoever did
    it holds the mailbox, so the failed attempts from any address no longer count."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        name = normalise_login(form.user.email)
        if name:  # axes' reset with no name would clear every record
            axes_reset(username=name)
        return response


password_reset_confirm = PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html", success_url=reverse_lazy("accounts:password_reset_complete")
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


@require_POST
@login_required
def workspace_switch(request: HttpRequest) -> HttpResponse:
    try:
        wanted = int(request.POST.get("workspace", ""))
    except ValueError:
        raise Http404("No such workspace") from None
    membership = next((m for m in request.memberships if m.workspace_id == wanted), None)  # type: ignore[attr-defined]
    if membership is None:
        raise Http404("No such workspace")
    workspace_remember(request, membership.workspace)
    messages.success(request, _("Switched to %(name)s.") % {"name": membership.workspace.name})
    return redirect("core:dashboard")


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required(Capability.USE_API)
def api_token_list(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    new_token = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                new_token = services.api_token_create(
                    workspace=workspace, user=request.user, name=form.cleaned_data["name"]
                )
            except ApplicationError as exc:
                form_add_application_error(form, exc)
                status = 422
            else:
                form = ApiTokenForm()
        else:
            status = 422
    context = {
        "form": form,
        "new_token": new_token,
        "tokens": selectors.api_token_list(workspace=workspace, user=request.user),
    }
    response = render(request, "accounts/api_token_list.html", context, status=status)
    if new_token is not None:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
@staff_required(Capability.USE_API)
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    token = selectors.api_token_get(workspace=workspace, user=request.user, pk=token_id)
    services.api_token_revoke(workspace=workspace, user=request.user, token=token)
    messages.success(request, _("The token “%(name)s” has been revoked; it no longer works.") % {"name": token.name})
    return redirect("accounts:api_token_list")


# --- invitations: the invited person's side -------------------------------------------------------------------
# The invited person's side of an invitation: the email with its link, and the page the link opens.
#
# Inviting someone (``tenancy.services.staff_invitation_create`` / ``portal_invitation_create``) grants nothing;
# the person accepts here. What the page shows, by who opens it:
#
# - a token that is unknown, used, withdrawn or expired: one generic "no longer works" page (404);
# - someone logged in as another address: 404, "this invitation is for another address", nothing of the offer;
# - nobody logged in, and the address has an account with a password: sent to log in, and back here after;
# - nobody logged in, and the address has no account (or one that never had a password): the offer, and a form
#   to choose a password (and a name); sending it creates the account, accepts and logs in;
# - the invited person, logged in: the offer (who invites, to what, as which role); accepting is a POST.

INVITATION_ACCEPT_TEMPLATE = "accounts/invitation_accept.html"
INVITATION_INVALID_TEMPLATE = "accounts/invitation_invalid.html"


def is_invited(user: Any, invitation: Any) -> bool:
    """The logged-in ``user`` is the invited person (the service checks it again on acceptance)."""
    return bool(user.email) and user.email.lower() == invitation.email.lower()


def _refused(request: HttpRequest, context: dict[str, Any], exc: ApplicationError) -> HttpResponse:
    """The offer again, with why it cannot be accepted now: 409 (no longer valid), 403, or 422 (a rule)."""
    status = 422 if exc.status == ApplicationError.status else exc.status
    return render(request, INVITATION_ACCEPT_TEMPLATE, {**context, "error": exc.message}, status=status)


def _invalid(request: HttpRequest, *, other_address: bool = False) -> HttpResponse:
    return render(request, INVITATION_INVALID_TEMPLATE, {"other_address": other_address}, status=404)


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
    invitation = tenancy_selectors.invitation_get_by_token(token=token)
    if invitation is None or invitation.state_at(timezone.now()) != "pending":
        return _invalid(request)
    user = request.user
    if user.is_authenticated:
        if not is_invited(user, invitation):
            return _invalid(request, other_address=True)
        return _accept_as_member(request, invitation)
    account = tenancy_selectors.user_by_email(email=invitation.email)
    if account is not None and account.has_usable_password():
        messages.info(
            request, _("Log in as %(email)s to see and accept your invitation.") % {"email": invitation.email}
        )
        return redirect_to_login(request.get_full_path())
    return _accept_with_signup(request, invitation, account)


def _accept_as_member(request: HttpRequest, invitation: Any) -> HttpResponse:
    context = {**tenancy_services.invitation_offer(invitation), "mode": "accept"}
    if request.method != "POST":
        return render(request, INVITATION_ACCEPT_TEMPLATE, context)
    try:
        access = tenancy_services.invitation_accept(invitation=invitation, user=request.user)
    except ApplicationError as exc:
        return _refused(request, context, exc)
    return _accepted(request, invitation, access)


def _accept_with_signup(request: HttpRequest, invitation: Any, account: Any) -> HttpResponse:
    posted = request.POST if request.method == "POST" else None
    initial = {"full_name": (account.full_name if account is not None else "") or invitation.full_name}
    form = InvitationSignupForm(posted, initial=initial, email=invitation.email)
    context = {**tenancy_services.invitation_offer(invitation), "mode": "signup", "form": form}
    if posted is None:
        return render(request, INVITATION_ACCEPT_TEMPLATE, context)
    if not form.is_valid():
        return render(request, INVITATION_ACCEPT_TEMPLATE, context, status=422)
    try:
        user, access = tenancy_services.invitation_accept_signup(
            invitation=invitation, password=form.cleaned_data["password1"], full_name=form.cleaned_data["full_name"]
        )
    except ApplicationError as exc:
        return _refused(request, context, exc)
    login(request, user, backend=_model_backend())
    return _accepted(request, invitation, access)
