"""Writes to workspaces, staff, clients, portal users, invitations and parties.

Every service is keyword-only, validates with ``full_clean()`` before writing, runs in one
transaction and records an activity entry. Bad input raises ApplicationError and writes nothing.

People join a workspace only by accepting an invitation (``staff_invitation_create``,
``portal_invitation_create``, ``invitation_accept``). ``membership_add`` and ``client_membership_add``
add someone directly: they are set-up paths for whoever runs the server (``sevenc demo``), never reachable
from the web UI or the API.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from sevenc.core.domain import money
from sevenc.core.domain.errors import ApplicationError, ConflictError, PermissionDeniedError, validation_fields
from sevenc.core.domain.roles import Capability, ClientRole, StaffRole, assignable_roles, role_can
from sevenc.core.guards import same_workspace
from sevenc.core.services import activity_record
from sevenc.core.versioning import versioned_save
from sevenc.tenancy.models import Client, ClientMembership, Invitation, InvitationStatus, Membership, Party, Workspace
from sevenc.tenancy.selectors import invitation_token_hash

CLIENT_FIELDS = ("name", "seats", "industry", "address", "notes")
PARTY_FIELDS = ("name", "kind", "contact_name", "email", "phone", "website", "notes")


def _clean(obj: Any, *, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        raise ApplicationError("Some fields are not valid.", fields=validation_fields(exc)) from None


def _strip(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}


# --- workspaces and staff -------------------------------------------------------------------------


def _currency(code: Any) -> str:
    """An ISO 4217 code as typed ("usd " → "USD"); anything else is refused, naming the field."""
    code = money.normalise_currency(code)
    problem = money.currency_problem(code)
    if problem is not None:
        raise ApplicationError(problem, fields={"currency": [problem]})
    return str(code)


@transaction.atomic
def workspace_create(
    *, name: str, owner: Any, slug: str | None = None, currency: str = money.DEFAULT_CURRENCY
) -> Workspace:
    """A new workspace owned by ``owner``. Its currency (ISO 4217) is chosen now: every amount of the workspace is
    in it. A bad name or currency creates nothing."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError("A workspace needs a name.", fields={"name": ["This field is required."]})
    currency = _currency(currency)
    base = slugify(slug or name)[:50] or "workspace"
    candidate, n = base, 1
    while Workspace.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    workspace = Workspace.objects.create(name=name, slug=candidate, currency=currency)
    Membership.objects.create(workspace=workspace, user=owner, role=StaffRole.OWNER)
    activity_record(
        workspace=workspace, actor=owner, verb="created", obj=workspace, summary=f"Workspace {name} created"
    )
    return workspace


@transaction.atomic
def workspace_currency_set(*, workspace: Workspace, actor: Any, currency: str) -> Workspace:
    """Change the workspace's currency (ISO 4217). Amounts keep their numbers: this names their currency, it
    converts nothing."""
    code = _currency(currency)
    if code != workspace.currency:
        old = workspace.currency
        Workspace.objects.filter(pk=workspace.pk).update(currency=code)
        workspace.currency = code
        activity_record(
            workspace=workspace, actor=actor, verb="updated", obj=workspace, summary=f"Currency {old} → {code}"
        )
    return workspace


def user_get_or_create(*, email: str, full_name: str = "") -> tuple[Any, bool]:
    User = get_user_model()
    email = (email or "").strip().lower()
    try:
        User._meta.get_field("email").run_validators(email)
    except ValidationError:
        raise ApplicationError(
            "Enter a valid email address.", fields={"email": ["Enter a valid email address."]}
        ) from None
    if not email:
        raise ApplicationError("An email address is required.", fields={"email": ["This field is required."]})
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    user = User.objects.create_user(email=email, password=None, full_name=(full_name or "").strip())
    return user, True


def _check_role_change(*, actor_membership: Membership, role: str) -> StaffRole:
    try:
        new_role = StaffRole(role)
    except ValueError:
        raise ApplicationError(
            f"{role!r} is not a staff role.",
            fields={"role": [f"Choose one of: {', '.join(r.value for r in StaffRole)}."]},
        ) from None
    if new_role not in assignable_roles(actor_membership.role):
        raise PermissionDeniedError(f"Your role ({actor_membership.role}) cannot give the role {new_role.value}.")
    return new_role


@transaction.atomic
def membership_add(
    *, workspace: Workspace, actor_membership: Membership, email: str, role: str, full_name: str = ""
) -> Membership:
    """Make someone staff at once, without asking them: a set-up path (``sevenc demo``), not for the web or
    the API, where adding a person is an invitation they accept."""
    new_role = _check_role_change(actor_membership=actor_membership, role=role)
    user, _created = user_get_or_create(email=email, full_name=full_name)
    if Membership.objects.for_workspace(workspace).filter(user=user).exists():
        raise ApplicationError(
            f"{user.email} is already a member of this workspace.", fields={"email": ["Already a member."]}
        )
    _refuse_portal_user_as_staff(workspace=workspace, email=user.email)
    membership = Membership.objects.create(workspace=workspace, user=user, role=new_role)
    activity_record(
        workspace=workspace,
        actor=actor_membership.user,
        verb="added",
        obj=membership,
        summary=f"{user.email} joined as {new_role.label}",
    )
    return membership


def _owner_count(workspace: Workspace) -> int:
    return Membership.objects.for_workspace(workspace).filter(role=StaffRole.OWNER).count()


@transaction.atomic
def membership_set_role(
    *, workspace: Workspace, actor_membership: Membership, membership: Membership, role: str
) -> Membership:
    same_workspace(workspace, membership, what="member")
    new_role = _check_role_change(actor_membership=actor_membership, role=role)
    if membership.role == StaffRole.OWNER and actor_membership.role != StaffRole.OWNER:
        raise PermissionDeniedError("Only an owner can change an owner's role.")
    if membership.role == StaffRole.OWNER and new_role != StaffRole.OWNER and _owner_count(workspace) <= 1:
        raise ApplicationError("A workspace needs at least one owner; make someone else owner first.")
    old = membership.role
    membership.role = new_role
    membership.save(update_fields=["role", "updated_at"])
    activity_record(
        workspace=workspace,
        actor=actor_membership.user,
        verb="changed",
        obj=membership,
        summary=f"{membership.user.email}: {old} → {new_role.value}",
    )
    return membership


@transaction.atomic
def membership_remove(*, workspace: Workspace, actor_membership: Membership, membership: Membership) -> None:
    same_workspace(workspace, membership, what="member")
    if membership.role == StaffRole.OWNER and actor_membership.role != StaffRole.OWNER:
        raise PermissionDeniedError("Only an owner can remove an owner.")
    if membership.role == StaffRole.OWNER and _owner_count(workspace) <= 1:
        raise ApplicationError("You cannot remove the last owner of a workspace.")
    email = membership.user.email
    # Tokens made in this workspace stop working with the membership (accounts' tokens, reached through the user:
    # tenancy does not import the app above it).
    membership.user.api_tokens.for_workspace(workspace).filter(revoked_at__isnull=True).delete()
    membership.delete()
    activity_record(
        workspace=workspace,
        actor=actor_membership.user,
        verb="removed",
        obj=None,
        summary=f"{email} removed from the workspace",
    )


# --- clients ----------------------------------------------------------------------------------------


def _client_name_taken(*, workspace: Workspace, name: str, exclude_pk: int | None = None) -> bool:
    qs = Client.objects.for_workspace(workspace).filter(name__iexact=name)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def _duplicate_client(name: str) -> ApplicationError:
    return ApplicationError(
        f"A client named {name!r} already exists in this workspace.",
        fields={"name": ["A client with this name already exists."]},
    )


@transaction.atomic
@transaction.atomic
def client_create(*, workspace: Workspace, actor: Any, parties: Sequence[dict[str, Any]] = (), **fields: Any) -> Client:
    """A new client, with its first parties when given (each a dict of party fields): all or nothing; a bad or
    duplicate party refuses the whole client with a message naming the row."""
    client = _client_create(workspace=workspace, actor=actor, **fields)
    for n, values in enumerate(parties, start=1):
        try:
            party_create(workspace=workspace, actor=actor, client=client, **values)
        except ApplicationError as exc:
            raise ApplicationError(
                f"Party {n} ({values.get('name', '')}): {exc.message}", fields={"__all__": [exc.message]}
            ) from None
    return client


def _client_create(*, workspace: Workspace, actor: Any, **fields: Any) -> Client:
    values = _strip({k: v for k, v in fields.items() if k in CLIENT_FIELDS})
    client = Client(workspace=workspace, **values)
    _clean(client, exclude=["workspace"])
    if _client_name_taken(workspace=workspace, name=client.name):
        raise _duplicate_client(client.name)
    try:
        with transaction.atomic():
            client.save()
    except IntegrityError:
        raise _duplicate_client(client.name) from None
    activity_record(
        workspace=workspace, actor=actor, verb="created", obj=client, summary=f"Client {client.name} created"
    )
    return client


@transaction.atomic
def client_update(*, workspace: Workspace, actor: Any, client: Client, version: int | None, **fields: Any) -> Client:
    same_workspace(workspace, client, what="client")
    values = _strip({k: v for k, v in fields.items() if k in CLIENT_FIELDS})
    for key, value in values.items():
        setattr(client, key, value)
    _clean(client, exclude=["workspace"])
    if "name" in values and _client_name_taken(workspace=workspace, name=client.name, exclude_pk=client.pk):
        raise _duplicate_client(client.name)
    try:
        with transaction.atomic():
            versioned_save(client, expected_version=version, fields=list(values))
    except IntegrityError:
        raise _duplicate_client(client.name) from None
    activity_record(
        workspace=workspace, actor=actor, verb="updated", obj=client, summary=f"Client {client.name} updated"
    )
    return client


@transaction.atomic
def client_set_archived(*, workspace: Workspace, actor: Any, client: Client, archived: bool) -> Client:
    same_workspace(workspace, client, what="client")
    if client.archived == archived:
        return client
    client.archived = archived
    versioned_save(client, expected_version=None, fields=["archived"])
    verb = "archived" if archived else "restored"
    activity_record(workspace=workspace, actor=actor, verb=verb, obj=client, summary=f"Client {client.name} {verb}")
    return client


# --- client portal users ------------------------------------------------------------------------------


def _client_role(role: str) -> ClientRole:
    try:
        return ClientRole(role)
    except ValueError:
        raise ApplicationError(
            f"{role!r} is not a client role.", fields={"role": ["Choose executive or contributor."]}
        ) from None


@transaction.atomic
def client_membership_add(
    *, workspace: Workspace, actor: Any, client: Client, email: str, role: str, full_name: str = ""
) -> ClientMembership:
    """Give someone portal access at once, without asking them: a set-up path (``sevenc demo``), not for the
    web or the API, where it is an invitation they accept."""
    same_workspace(workspace, client, what="client")
    client_role = _client_role(role)
    user, _ = user_get_or_create(email=email, full_name=full_name)
    _refuse_staff_as_portal_user(workspace=workspace, email=user.email)
    if ClientMembership.objects.filter(client=client, user=user).exists():
        raise ApplicationError(
            f"{user.email} already has access to {client.name}.",
            fields={"email": ["Already a portal user of this client."]},
        )
    cm = ClientMembership.objects.create(workspace=workspace, client=client, user=user, role=client_role)
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="added",
        obj=cm,
        summary=f"{user.email} given portal access to {client.name} as {client_role.label}",
    )
    return cm


@transaction.atomic
def client_membership_remove(*, workspace: Workspace, actor: Any, client_membership: ClientMembership) -> None:
    same_workspace(workspace, client_membership, what="portal user")
    summary = f"{client_membership.user.email} lost portal access to {client_membership.client.name}"
    client_membership.delete()
    activity_record(workspace=workspace, actor=actor, verb="removed", obj=None, summary=summary)


# --- invitations ----------------------------------------------------------------------------------------
#
# Inviting reveals nothing about accounts: it never looks a user up, only this workspace's own staff, portal
# users and invitations, so an address with an account and one without get the same answer. What the
# invited person sees (and whether they have an account) is for them alone, on the page their link opens.

INVITATION_VALID_DAYS = 14
BOTH_ROLES = "one email cannot be both staff and a portal user of the same workspace"


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str  # the secret of the emailed link: it exists only here and in the email


def _invited_email(email: str) -> str:
    email = (email or "").strip()
    if not email:
        raise ApplicationError("An email address is required.", fields={"email": ["This field is required."]})
    try:
        get_user_model()._meta.get_field("email").run_validators(email)
    except ValidationError:
        raise ApplicationError(
            "Enter a valid email address.", fields={"email": ["Enter a valid email address."]}
        ) from None
    return email


def _refuse_portal_user_as_staff(*, workspace: Workspace, email: str) -> None:
    cm = (
        ClientMembership.objects.for_workspace(workspace)
        .filter(user__email__iexact=email)
        .select_related("client")
        .first()
    )
    if cm is not None:
        raise ApplicationError(
            f"{email} has portal access to {cm.client.name} in this workspace; {BOTH_ROLES}. "
            "Remove that portal access first.",
            fields={"email": ["A portal user of this workspace."]},
        )


def _refuse_staff_as_portal_user(*, workspace: Workspace, email: str) -> None:
    if Membership.objects.for_workspace(workspace).filter(user__email__iexact=email).exists():
        raise ApplicationError(
            f"{email} is staff of this workspace; staff see every client already, and {BOTH_ROLES}.",
            fields={"email": ["Already staff in this workspace."]},
        )


def _pending_invitations(*, workspace: Workspace, email: str) -> Any:
    return Invitation.objects.for_workspace(workspace).filter(status=InvitationStatus.PENDING, email__iexact=email)


def _lock(workspace: Workspace) -> None:
    """Serialise invitations and acceptances per workspace, so that two at once cannot both pass the rules."""
    Workspace.objects.select_for_update().filter(pk=workspace.pk).first()


def _issue(
    *,
    workspace: Workspace,
    client: Client | None,
    email: str,
    role: str,
    full_name: str,
    actor: Any,
    now: datetime,
    place: str,
) -> NewInvitation:
    """Create the invitation, or refresh the pending one for this address and place (a new secret, so the
    old link stops working; a new expiry; the role now asked for)."""
    token = secrets.token_urlsafe(32)
    pending = _pending_invitations(workspace=workspace, email=email)
    pending = pending.filter(client__isnull=True) if client is None else pending.filter(client=client)
    invitation = pending.first()
    verb = "re-invited" if invitation is not None else "invited"
    if invitation is None:
        invitation = Invitation(workspace=workspace, client=client)
    invitation.email = email
    invitation.full_name = (full_name or "").strip()
    invitation.role = role
    invitation.invited_by = actor
    invitation.expires_at = now + timedelta(days=INVITATION_VALID_DAYS)
    invitation.token_hash = invitation_token_hash(token)
    _clean(invitation, exclude=["workspace", "client", "invited_by", "accepted_by"])
    invitation.save()
    activity_record(
        workspace=workspace, actor=actor, verb=verb, obj=invitation, summary=f"{email} invited to {place} as {role}"
    )
    return NewInvitation(invitation, token)


@transaction.atomic
def staff_invitation_create(
    *,
    workspace: Workspace,
    actor_membership: Membership,
    email: str,
    role: str,
    full_name: str = "",
    now: datetime | None = None,
) -> NewInvitation:
    """Invite someone to join the workspace's staff with ``role``. Nothing is granted until they accept."""
    if actor_membership.workspace_id != workspace.pk or not role_can(actor_membership.role, Capability.MANAGE_STAFF):
        raise PermissionDeniedError("Your role in this workspace does not allow inviting staff.")
    new_role = _check_role_change(actor_membership=actor_membership, role=role)
    email = _invited_email(email)
    _lock(workspace)
    if Membership.objects.for_workspace(workspace).filter(user__email__iexact=email).exists():
        raise ApplicationError(
            f"{email} is already a member of this workspace.", fields={"email": ["Already a member of this workspace."]}
        )
    _refuse_portal_user_as_staff(workspace=workspace, email=email)
    portal = _pending_invitations(workspace=workspace, email=email).filter(client__isnull=False).first()
    if portal is not None:
        raise ApplicationError(
            f"{email} has a pending invitation to the portal of {portal.client.name}; "
            f"{BOTH_ROLES}. Withdraw that invitation first.",
            fields={"email": ["Invited as a portal user of this workspace."]},
        )
    staff = _pending_invitations(workspace=workspace, email=email).filter(client__isnull=True).first()
    if staff is not None and staff.role == StaffRole.OWNER and actor_membership.role != StaffRole.OWNER:
        raise PermissionDeniedError("Only an owner can change an invitation to become owner.")
    return _issue(
        workspace=workspace,
        client=None,
        email=email,
        role=new_role.value,
        full_name=full_name,
        actor=actor_membership.user,
        now=now or timezone.now(),
        place=f"the staff of {workspace.name}",
    )


@transaction.atomic
def portal_invitation_create(
    *,
    workspace: Workspace,
    actor: Any,
    client: Client,
    email: str,
    role: str,
    full_name: str = "",
    now: datetime | None = None,
) -> NewInvitation:
    """Invite someone to the portal of ``client`` with a client role. Nothing is granted until they accept."""
    same_workspace(workspace, client, what="client")
    client_role = _client_role(role)
    email = _invited_email(email)
    _lock(workspace)
    _refuse_staff_as_portal_user(workspace=workspace, email=email)
    if ClientMembership.objects.for_workspace(workspace).filter(client=client, user__email__iexact=email).exists():
        raise ApplicationError(
            f"{email} already has access to {client.name}.", fields={"email": ["Already a portal user of this client."]}
        )
    if _pending_invitations(workspace=workspace, email=email).filter(client__isnull=True).exists():
        raise ApplicationError(
            f"{email} has a pending invitation to the staff of this workspace; {BOTH_ROLES}. "
            "Withdraw that invitation first.",
            fields={"email": ["Invited as staff of this workspace."]},
        )
    return _issue(
        workspace=workspace,
        client=client,
        email=email,
        role=client_role.value,
        full_name=full_name,
        actor=actor,
        now=now or timezone.now(),
        place=f"the portal of {client.name}",
    )


@transaction.atomic
def invitation_revoke(
    *, workspace: Workspace, actor_membership: Membership, invitation: Invitation, now: datetime | None = None
) -> Invitation:
    """Withdraw an invitation: its link stops working. Staff invitations need ``manage_staff`` (and an owner
    for an invitation to become owner), portal invitations ``edit_clients``. Revoking twice is harmless."""
    same_workspace(workspace, invitation, actor_membership, what="invitation")
    needed = Capability.MANAGE_STAFF if invitation.is_staff else Capability.EDIT_CLIENTS
    if not role_can(actor_membership.role, needed):
        raise PermissionDeniedError("Your role in this workspace does not allow withdrawing this invitation.")
    if invitation.is_staff and invitation.role == StaffRole.OWNER and actor_membership.role != StaffRole.OWNER:
        raise PermissionDeniedError("Only an owner can withdraw an invitation to become owner.")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status == InvitationStatus.REVOKED:
        return invitation
    if invitation.status == InvitationStatus.ACCEPTED:
        raise ConflictError(
            f"{invitation.email} has accepted this invitation already; remove the "
            f"{'member' if invitation.is_staff else 'portal user'} instead."
        )
    invitation.status = InvitationStatus.REVOKED
    invitation.revoked_at = now or timezone.now()
    invitation.save(update_fields=["status", "revoked_at", "updated_at"])
    activity_record(
        workspace=workspace,
        actor=actor_membership.user,
        verb="revoked",
        obj=invitation,
        summary=f"Invitation of {invitation.email} withdrawn",
    )
    return invitation


class InvitationNotValid(ApplicationError):
    """The invitation cannot be accepted (used, withdrawn, expired, or its sender may no longer give it)."""

    status = 409


class InvitationForAnotherAddress(PermissionDeniedError):
    """The logged-in person is not the one invited."""


def _inviter_may_still_give(invitation: Invitation) -> bool:
    """The rules at the moment of acceptance: whoever sent it must still be allowed to give this access."""
    if invitation.invited_by_id is None:
        return False
    inviter = Membership.objects.for_workspace(invitation.workspace).filter(user_id=invitation.invited_by_id).first()
    if inviter is None:
        return False
    if invitation.is_staff:
        return role_can(inviter.role, Capability.MANAGE_STAFF) and invitation.role in assignable_roles(inviter.role)
    return role_can(inviter.role, Capability.EDIT_CLIENTS)


def _check_acceptable(invitation: Invitation, now: datetime) -> None:
    if invitation.state_at(now) != InvitationStatus.PENDING:
        raise InvitationNotValid(
            "This invitation no longer works: it has been used, withdrawn or it has expired. "
            "Ask whoever invited you to send a new one."
        )
    if not _inviter_may_still_give(invitation):
        raise InvitationNotValid(
            "This invitation no longer works: whoever sent it may no longer give this access. Ask for a new one."
        )


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, user: Any, now: datetime | None = None
) -> Membership | ClientMembership:
    """``user`` (logged in as the invited address) accepts: the membership or portal access is created, in one
    transaction, after checking the rules again as they are now. Accepting a staff invitation makes that
    workspace the one the user lands in."""
    now = now or timezone.now()
    workspace = invitation.workspace
    _lock(workspace)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)  # no outer join: PostgreSQL
    if (user.email or "").lower() != invitation.email.lower():
        raise InvitationForAnotherAddress("This invitation is for another address.")
    if not user.is_active:
        raise InvitationNotValid("This account is disabled.")
    _check_acceptable(invitation, now)
    access: Membership | ClientMembership
    if invitation.is_staff:
        _refuse_portal_user_as_staff(workspace=workspace, email=user.email)
        existing = Membership.objects.for_workspace(workspace).filter(user=user).first()
        access = existing or Membership.objects.create(workspace=workspace, user=user, role=StaffRole(invitation.role))
        summary = f"{user.email} accepted the invitation and joined as {StaffRole(invitation.role).label}"
        workspace_choose(user=user, workspace=workspace)
    else:
        client = invitation.client
        assert client is not None
        _refuse_staff_as_portal_user(workspace=workspace, email=user.email)
        existing_cm = ClientMembership.objects.for_workspace(workspace).filter(client=client, user=user).first()
        access = existing_cm or ClientMembership.objects.create(
            workspace=workspace, client=client, user=user, role=ClientRole(invitation.role)
        )
        summary = (
            f"{user.email} accepted the invitation to the portal of {client.name} as "
            f"{ClientRole(invitation.role).label}"
        )
    invitation.status = InvitationStatus.ACCEPTED
    invitation.accepted_by = user
    invitation.accepted_at = now
    invitation.save(update_fields=["status", "accepted_by", "accepted_at", "updated_at"])
    activity_record(workspace=workspace, actor=user, verb="joined", obj=access, summary=summary)
    return access


@transaction.atomic
def invitation_accept_signup(
    *, invitation: Invitation, password: str, full_name: str = "", now: datetime | None = None
) -> tuple[Any, Membership | ClientMembership]:
    """Someone without a way to log in accepts through their link: the account is created (or, for an
    account that never had a password, given one) with ``password``, then the invitation is accepted.
    The link in their mailbox is the proof that the address is theirs. The caller validated the password."""
    now = now or timezone.now()
    _check_acceptable(invitation, now)
    User = get_user_model()
    user = User.objects.select_for_update().filter(email__iexact=invitation.email).first()
    if user is not None and user.has_usable_password():
        raise InvitationNotValid("There is an account for this address already: log in to accept.")
    name = (full_name or "").strip()[:150]
    if user is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(email=invitation.email.lower(), password=password, full_name=name)
        except IntegrityError:  # created a moment ago, by another request
            raise InvitationNotValid("There is an account for this address already: log in to accept.") from None
    else:
        user.set_password(password)
        if name and not user.full_name:
            user.full_name = name
        user.save(update_fields=["password", "full_name"])
    return user, invitation_accept(invitation=invitation, user=user, now=now)


def workspace_choose(*, user: Any, workspace: Workspace) -> None:
    """Remember ``workspace`` as the one ``user`` chose: they land there when they next log in."""
    if user.last_workspace_id != workspace.pk:
        get_user_model().objects.filter(pk=user.pk).update(last_workspace=workspace)
        user.last_workspace = workspace


# --- parties ---------------------------------------------------------------------------------------------


def _party_name_taken(*, client: Client, name: str, exclude_pk: int | None = None) -> bool:
    qs = Party.objects.filter(client=client, name__iexact=name)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def _duplicate_party(name: str, client: Client) -> ApplicationError:
    return ApplicationError(
        f"{client.name} already has a party named {name!r}.",
        fields={"name": ["A party with this name already exists for this client."]},
    )


@transaction.atomic
def party_create(*, workspace: Workspace, actor: Any, client: Client, **fields: Any) -> Party:
    same_workspace(workspace, client, what="client")
    values = _strip({k: v for k, v in fields.items() if k in PARTY_FIELDS and v is not None})
    party = Party(workspace=workspace, client=client, **values)
    _clean(party, exclude=["workspace", "client"])
    if _party_name_taken(client=client, name=party.name):
        raise _duplicate_party(party.name, client)
    try:
        with transaction.atomic():
            party.save()
    except IntegrityError:
        raise _duplicate_party(party.name, client) from None
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="created",
        obj=party,
        summary=f"Party {party.name} added to {client.name}",
    )
    return party


@transaction.atomic
def party_update(*, workspace: Workspace, actor: Any, party: Party, version: int | None, **fields: Any) -> Party:
    same_workspace(workspace, party, what="party")
    values = _strip({k: v for k, v in fields.items() if k in PARTY_FIELDS and v is not None})
    for key, value in values.items():
        setattr(party, key, value)
    _clean(party, exclude=["workspace", "client"])
    if "name" in values and _party_name_taken(client=party.client, name=party.name, exclude_pk=party.pk):
        raise _duplicate_party(party.name, party.client)
    try:
        with transaction.atomic():
            versioned_save(party, expected_version=version, fields=list(values))
    except IntegrityError:
        raise _duplicate_party(party.name, party.client) from None
    activity_record(workspace=workspace, actor=actor, verb="updated", obj=party, summary=f"Party {party.name} updated")
    return party


@transaction.atomic
def party_delete(*, workspace: Workspace, actor: Any, party: Party) -> None:
    same_workspace(workspace, party, what="party")
    summary = f"Party {party.name} removed from {party.client.name}"
    party.delete()
    activity_record(workspace=workspace, actor=actor, verb="deleted", obj=None, summary=summary)


# --- the invitation email -----------------------------------------------------------------------------------------

INVITATION_SUBJECT_TEMPLATE = "accounts/email/invitation_subject.txt"
INVITATION_BODY_TEMPLATE = "accounts/email/invitation_body.txt"


def invitation_offer(invitation: Invitation) -> dict[str, Any]:
    """What an invitation offers, as the email and the page its link opens show it."""
    inviter = invitation.invited_by
    return {
        "invitation": invitation,
        "workspace_name": invitation.workspace.name,
        "client_name": invitation.client.name if invitation.client is not None else "",
        "role_label": invitation.role_label,
        "inviter_name": inviter.display_name if inviter is not None else "",
        "expires_at": invitation.expires_at,
    }


def invitation_send(*, request: HttpRequest, new: NewInvitation) -> None:
    """Email the invited address its link. The secret exists only in this email (and a hash in the database)."""
    invitation = new.invitation
    context = {
        **invitation_offer(invitation),
        "email": invitation.email,
        "accept_url": request.build_absolute_uri(reverse("accounts:invitation_accept", args=[new.token])),
    }
    subject = "".join(render_to_string(INVITATION_SUBJECT_TEMPLATE, context).splitlines()).strip()
    body = render_to_string(INVITATION_BODY_TEMPLATE, context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
