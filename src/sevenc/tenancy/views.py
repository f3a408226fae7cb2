"""Pages for clients, their parties and portal users, and the workspace's staff.

Adding a person (staff or portal user) sends an invitation; they join when they accept it (the accept page is
accounts.views.invitation_accept). Pending invitations are listed with the people, and can be withdrawn.

Every view: parse the input, call one selector or service, render. Objects come from selectors that
take ``workspace=request.workspace`` (another workspace's object is a 404); services own the rules.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sevenc.core import selectors as core_selectors
from sevenc.core.access import request_workspace, staff_required
from sevenc.core.domain.errors import ApplicationError, ConflictError, PermissionDeniedError
from sevenc.core.domain.roles import Capability, StaffRole, assignable_roles, role_can
from sevenc.core.ui import form_add_application_error, render_page
from sevenc.tenancy import selectors, services
from sevenc.tenancy.forms import (
    ClientEditForm,
    ClientForm,
    PartyEditForm,
    PartyForm,
    PartyRowFormSet,
    PortalUserForm,
    RoleForm,
    StaffForm,
    party_rows,
    service_values,
)
from sevenc.tenancy.services import CLIENT_FIELDS, PARTY_FIELDS, invitation_send

CLIENTS_PER_PAGE = 25
GET_OR_POST = ["GET", "HEAD", "POST"]


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# --- clients --------------------------------------------------------------------------------------


@require_safe
@staff_required(Capability.VIEW)
def client_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    show_archived = request.GET.get("archived") == "1"
    clients = selectors.client_list(workspace=request_workspace(request), q=q, archived=show_archived)
    paginator = Paginator(clients, CLIENTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    params = {k: v for k, v in (("q", q), ("archived", "1" if show_archived else "")) if v}
    context = {
        "q": q,
        "show_archived": show_archived,
        "page_obj": page_obj,
        "page_range": list(paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)),
        "query_string": urlencode(params) + "&" if params else "",
    }
    return render_page(request, "tenancy/client_list.html", context, partial="tenancy/partials/client_table.html")


@require_http_methods(GET_OR_POST)
@staff_required(Capability.EDIT_CLIENTS)
def client_create(request: HttpRequest) -> HttpResponse:
    """A new client and, in the same step, its parties (the MSP, internal roles, vendors): all or nothing."""
    form = ClientForm(_posted(request))
    posted_rows = request.method == "POST" and "parties-TOTAL_FORMS" in request.POST  # a post without rows: none
    rows = PartyRowFormSet(request.POST if posted_rows else None, prefix="parties")
    if request.method != "POST":
        return render(request, "tenancy/client_form.html", {"form": form, "party_rows": rows})
    if form.is_valid() and (not posted_rows or rows.is_valid()):
        try:
            client = services.client_create(
                workspace=request_workspace(request),
                actor=request.user,
                parties=party_rows(rows) if posted_rows else [],
                **service_values(form),
            )
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            n = client.parties.count()
            messages.success(
                request,
                ngettext(
                    "Client “%(name)s” created with %(n)s party.", "Client “%(name)s” created with %(n)s parties.", n
                )
                % {"name": client.name, "n": n},
            )
            return redirect("tenancy:client_detail", client_id=client.pk)
    return render(request, "tenancy/client_form.html", {"form": form, "party_rows": rows}, status=422)


@require_safe
@staff_required(Capability.VIEW)
def client_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = selectors.client_get(workspace=workspace, pk=client_id)
    context = {
        "client": client,
        "parties": selectors.party_list(workspace=workspace, client=client),
        "portal_user_count": selectors.client_membership_list(workspace=workspace, client=client).count(),
        "overview": selectors.client_overview(workspace=workspace, client=client),
    }
    return render(request, "tenancy/client_detail.html", context)


@require_http_methods(GET_OR_POST)
@staff_required(Capability.EDIT_CLIENTS)
def client_edit(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = selectors.client_get(workspace=workspace, pk=client_id)
    if request.method != "POST":
        form = ClientEditForm(initial={**model_to_dict(client, fields=CLIENT_FIELDS), "version": client.version})
        return render(request, "tenancy/client_form.html", {"form": form, "client": client})
    form = ClientEditForm(request.POST)
    if form.is_valid():
        try:
            services.client_update(
                workspace=workspace,
                actor=request.user,
                client=client,
                version=form.cleaned_data["version"],
                **service_values(form),
            )
        except ConflictError as exc:
            current = exc.current or selectors.client_get(workspace=workspace, pk=client_id)
            return _conflict(
                request,
                "tenancy/client_form.html",
                ClientEditForm,
                exc,
                current,
                {"client": current, "conflict_fields": _shown(current, CLIENT_FIELDS)},
            )
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            messages.success(request, _("Client “%(name)s” saved.") % {"name": client.name})
            return redirect("tenancy:client_detail", client_id=client.pk)
    client = selectors.client_get(workspace=workspace, pk=client_id)  # the stored values, not the rejected ones
    return render(request, "tenancy/client_form.html", {"form": form, "client": client}, status=422)


def _shown(obj: Any, fields: tuple[str, ...]) -> list[tuple[str, Any]]:
    """(label, value) pairs of the stored row, to show next to a form that lost a race."""
    rows = []
    for name in fields:
        field = obj._meta.get_field(name)
        display = getattr(obj, f"get_{name}_display", None)
        rows.append((field.verbose_name, display() if display else getattr(obj, name)))
    return rows


def _conflict(
    request: HttpRequest, template: str, form_class: Any, exc: ConflictError, current: Any, context: dict[str, Any]
) -> HttpResponse:
    """409: keep what the user typed, show what is stored now, and arm the form with the current
    version so that saving again deliberately overwrites it."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = form_class(data)
    form.is_valid()
    form.add_error(None, exc.message)
    return render(request, template, {**context, "form": form, "conflict": True}, status=409)


@require_POST
@staff_required(Capability.EDIT_CLIENTS)
def client_archive(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = selectors.client_get(workspace=workspace, pk=client_id)
    client = services.client_set_archived(
        workspace=workspace, actor=request.user, client=client, archived=not client.archived
    )
    if client.archived:
        messages.success(request, _("Client “%(name)s” archived.") % {"name": client.name})
    else:
        messages.success(request, _("Client “%(name)s” restored.") % {"name": client.name})
    return redirect("tenancy:client_detail", client_id=client.pk)


# --- parties --------------------------------------------------------------------------------------


@require_safe
@staff_required(Capability.VIEW)
def party_list(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = selectors.client_get(workspace=workspace, pk=client_id)
    context = {"client": client, "parties": selectors.party_list(workspace=workspace, client=client)}
    return render_page(request, "tenancy/party_list.html", context, partial="tenancy/partials/party_table.html")


@require_http_methods(GET_OR_POST)
@staff_required(Capability.EDIT_CLIENTS)
def party_create(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = selectors.client_get(workspace=workspace, pk=client_id)
    form = PartyForm(_posted(request))
    if request.method != "POST":
        return render(request, "tenancy/party_form.html", {"form": form, "client": client})
    if form.is_valid():
        try:
            party = services.party_create(
                workspace=workspace, actor=request.user, client=client, **service_values(form)
            )
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            messages.success(request, _("Party “%(name)s” added.") % {"name": party.name})
            return redirect("tenancy:party_list", client_id=client.pk)
    return render(request, "tenancy/party_form.html", {"form": form, "client": client}, status=422)


@require_http_methods(GET_OR_POST)
@staff_required(Capability.EDIT_CLIENTS)
def party_edit(request: HttpRequest, client_id: int, party_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = selectors.client_get(workspace=workspace, pk=client_id)
    party = selectors.party_get(workspace=workspace, client=client, pk=party_id)
    if request.method != "POST":
        form = PartyEditForm(initial={**model_to_dict(party, fields=PARTY_FIELDS), "version": party.version})
        return render(request, "tenancy/party_form.html", {"form": form, "client": client, "party": party})
    form = PartyEditForm(request.POST)
    if form.is_valid():
        try:
            services.party_update(
                workspace=workspace,
                actor=request.user,
                party=party,
                version=form.cleaned_data["version"],
                **service_values(form),
            )
        except ConflictError as exc:
            current = exc.current or selectors.party_get(workspace=workspace, client=client, pk=party_id)
            return _conflict(
                request,
                "tenancy/party_form.html",
                PartyEditForm,
                exc,
                current,
                {"client": client, "party": current, "conflict_fields": _shown(current, PARTY_FIELDS)},
            )
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            messages.success(request, _("Party “%(name)s” saved.") % {"name": party.name})
            return redirect("tenancy:party_list", client_id=client.pk)
    party = selectors.party_get(workspace=workspace, client=client, pk=party_id)
    return render(request, "tenancy/party_form.html", {"form": form, "client": client, "party": party}, status=422)


@require_POST
@staff_required(Capability.EDIT_CLIENTS)
def party_delete(request: HttpRequest, client_id: int, party_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = selectors.client_get(workspace=workspace, pk=client_id)
    party = selectors.party_get(workspace=workspace, client=client, pk=party_id)
    name = party.name
    services.party_delete(workspace=workspace, actor=request.user, party=party)
    messages.success(request, _("Party “%(name)s” removed.") % {"name": name})
    return redirect("tenancy:party_list", client_id=client.pk)


# --- client portal users --------------------------------------------------------------------------

OPEN_INVITATIONS = ("pending", "expired")  # listed with the people; accepted ones are people now


def _status(exc: ApplicationError) -> int:
    """A refusal's status on a page: 403, 404 and 409 as they are; a plain refusal is 422."""
    return 422 if exc.status == ApplicationError.status else exc.status


def _render_portal_users(
    request: HttpRequest, client: Any, form: PortalUserForm, status: int = 200, error: str = ""
) -> HttpResponse:
    workspace = request_workspace(request)
    context = {
        "client": client,
        "client_memberships": selectors.client_membership_list(workspace=workspace, client=client),
        "invitations": selectors.invitation_list(
            workspace=workspace, client=client, states=OPEN_INVITATIONS, now=timezone.now()
        ),
        "form": form,
        "error": error,
    }
    return render(request, "tenancy/client_membership_list.html", context, status=status)


@require_http_methods(GET_OR_POST)
@staff_required(Capability.VIEW)
def client_membership_list(request: HttpRequest, client_id: int) -> HttpResponse:
    if request.method == "POST":
        return _client_invitation_create(request, client_id)
    client = selectors.client_get(workspace=request_workspace(request), pk=client_id)
    return _render_portal_users(request, client, PortalUserForm())


@staff_required(Capability.EDIT_CLIENTS)
def _client_invitation_create(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = selectors.client_get(workspace=workspace, pk=client_id)
    form = PortalUserForm(request.POST)
    if form.is_valid():
        try:
            new = services.portal_invitation_create(
                workspace=workspace, actor=request.user, client=client, **form.cleaned_data
            )
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            _invited(request, new)
            return redirect("tenancy:client_membership_list", client_id=client.pk)
    return _render_portal_users(request, client, form, status=422)


def _invited(request: HttpRequest, new: services.NewInvitation) -> None:
    """Email the link and say so: the same words whether the address has an account or not."""
    invitation_send(request=request, new=new)
    messages.success(
        request,
        _("Invitation sent to %(email)s. Nothing changes until they accept it; the link works for %(days)d days.")
        % {"email": new.invitation.email, "days": services.INVITATION_VALID_DAYS},
    )


@require_POST
@staff_required(Capability.EDIT_CLIENTS)
def client_invitation_revoke(request: HttpRequest, client_id: int, invitation_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = selectors.client_get(workspace=workspace, pk=client_id)
    invitation = selectors.invitation_get(workspace=workspace, client=client, pk=invitation_id)
    try:
        services.invitation_revoke(workspace=workspace, actor_membership=_actor(request), invitation=invitation)
    except ApplicationError as exc:
        return _render_portal_users(request, client, PortalUserForm(), status=_status(exc), error=exc.message)
    messages.success(
        request, _("The invitation of %(email)s is withdrawn; its link no longer works.") % {"email": invitation.email}
    )
    return redirect("tenancy:client_membership_list", client_id=client.pk)


@require_POST
@staff_required(Capability.EDIT_CLIENTS)
def client_membership_remove(request: HttpRequest, client_id: int, client_membership_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = selectors.client_get(workspace=workspace, pk=client_id)
    cm = selectors.client_membership_get(workspace=workspace, client=client, pk=client_membership_id)
    email = cm.user.email
    services.client_membership_remove(workspace=workspace, actor=request.user, client_membership=cm)
    messages.success(
        request,
        _("%(email)s no longer has access to the portal of %(client)s.") % {"email": email, "client": client.name},
    )
    return redirect("tenancy:client_membership_list", client_id=client.pk)


# --- staff ----------------------------------------------------------------------------------------


def _actor(request: HttpRequest) -> Any:
    return request.membership  # type: ignore[attr-defined]


def _render_staff(
    request: HttpRequest, *, form: StaffForm | None = None, error: str = "", status: int = 200
) -> HttpResponse:
    actor = _actor(request)
    roles = assignable_roles(actor.role)
    workspace = request_workspace(request)
    context = {
        "memberships": selectors.membership_list(workspace=workspace),
        "invitations": selectors.invitation_list(workspace=workspace, states=OPEN_INVITATIONS, now=timezone.now()),
        "assignable_values": [r.value for r in roles],
        "form": form or StaffForm(roles=roles),
        "assignable_roles": roles,
        "actor_is_owner": actor.role == StaffRole.OWNER,
        "error": error,
    }
    return render(request, "tenancy/membership_list.html", context, status=status)


@require_http_methods(GET_OR_POST)
@staff_required(Capability.MANAGE_STAFF)
def membership_list(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_staff(request)
    actor = _actor(request)
    form = StaffForm(request.POST, roles=assignable_roles(actor.role))
    if form.is_valid():
        try:
            new = services.staff_invitation_create(
                workspace=request_workspace(request), actor_membership=actor, **form.cleaned_data
            )
        except PermissionDeniedError as exc:
            form_add_application_error(form, exc)
            return _render_staff(request, form=form, status=403)
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            _invited(request, new)
            return redirect("tenancy:membership_list")
    return _render_staff(request, form=form, status=422)


@require_POST
@staff_required(Capability.MANAGE_STAFF)
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    invitation = selectors.invitation_get(workspace=workspace, pk=invitation_id)
    try:
        services.invitation_revoke(workspace=workspace, actor_membership=_actor(request), invitation=invitation)
    except ApplicationError as exc:
        return _render_staff(request, error=exc.message, status=_status(exc))
    messages.success(
        request, _("The invitation of %(email)s is withdrawn; its link no longer works.") % {"email": invitation.email}
    )
    return redirect("tenancy:membership_list")


@require_POST
@staff_required(Capability.MANAGE_STAFF)
def membership_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    membership = selectors.membership_get(workspace=workspace, pk=membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _render_staff(request, error=_("Choose one of the listed roles."), status=422)
    try:
        membership = services.membership_set_role(
            workspace=workspace, actor_membership=_actor(request), membership=membership, role=form.cleaned_data["role"]
        )
    except PermissionDeniedError as exc:
        return _render_staff(request, error=exc.message, status=403)
    except ApplicationError as exc:
        return _render_staff(request, error=exc.message, status=422)
    messages.success(
        request,
        _("%(email)s is now %(role)s.") % {"email": membership.user.email, "role": membership.get_role_display()},
    )
    if membership.user_id == request.user.pk and not role_can(membership.role, Capability.MANAGE_STAFF):
        return redirect("core:dashboard")
    return redirect("tenancy:membership_list")


@require_POST
@staff_required(Capability.MANAGE_STAFF)
def membership_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    membership = selectors.membership_get(workspace=workspace, pk=membership_id)
    email, removed_self = membership.user.email, membership.user_id == request.user.pk
    try:
        services.membership_remove(workspace=workspace, actor_membership=_actor(request), membership=membership)
    except PermissionDeniedError as exc:
        return _render_staff(request, error=exc.message, status=403)
    except ApplicationError as exc:
        return _render_staff(request, error=exc.message, status=422)
    messages.success(request, _("%(email)s removed from the workspace.") % {"email": email})
    return redirect("core:dashboard" if removed_self else "tenancy:membership_list")


# --- the home page ---------------------------------------------------------------------------------------------


@staff_required(Capability.VIEW)
def _dashboard(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    context = {
        "counts": selectors.client_count(workspace=workspace),
        "activity": core_selectors.activity_list(workspace=workspace, limit=10),
        "recent_clients": selectors.client_recent_list(workspace=workspace, limit=5),
    }
    return render(request, "core/dashboard.html", context)


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """Staff see the workspace dashboard; client portal users go to the portal; anyone else is told why not."""
    if request.user.is_authenticated and getattr(request, "membership", None) is None:
        if selectors.portal_membership_list(user=request.user).exists():
            return redirect("portal:portal_home")
        return render(request, "core/no_workspace.html", status=403)
    return _dashboard(request)


dashboard.required_capability = Capability.VIEW  # type: ignore[attr-defined]
