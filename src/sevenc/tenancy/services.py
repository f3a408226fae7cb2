"""Writes to workspaces, staff, clients, portal users and parties.

Every service is keyword-only, validates with ``full_clean()`` before writing, runs in one
transaction and records an activity entry. Bad input raises ApplicationError and writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from sevenc.core.errors import ApplicationError, PermissionDeniedError, validation_fields
from sevenc.core.roles import ClientRole, StaffRole, assignable_roles
from sevenc.core.services import activity_record
from sevenc.core.versioning import versioned_save
from sevenc.tenancy.models import Client, ClientMembership, Membership, Party, Workspace

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

@transaction.atomic
def workspace_create(*, name: str, owner: Any, slug: str | None = None) -> Workspace:
    name = (name or "").strip()
    if not name:
        raise ApplicationError("A workspace needs a name.", fields={"name": ["This field is required."]})
    base = slugify(slug or name)[:50] or "workspace"
    candidate, n = base, 1
    while Workspace.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    workspace = Workspace.objects.create(name=name, slug=candidate)
    Membership.objects.create(workspace=workspace, user=owner, role=StaffRole.OWNER)
    activity_record(workspace=workspace, actor=owner, verb="created", obj=workspace,
                    summary=f"Workspace {name} created")
    return workspace


def user_get_or_create(*, email: str, full_name: str = "") -> tuple[Any, bool]:
    User = get_user_model()
    email = (email or "").strip().lower()
    try:
        User._meta.get_field("email").run_validators(email)
    except ValidationError:
        raise ApplicationError("Enter a valid email address.", fields={"email": ["Enter a valid email address."]}) \
            from None
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
        raise ApplicationError(f"{role!r} is not a staff role.", fields={"role": [f"Choose one of: "
                               f"{', '.join(r.value for r in StaffRole)}."]}) from None
    if new_role not in assignable_roles(actor_membership.role):
        raise PermissionDeniedError(f"Your role ({actor_membership.role}) cannot give the role {new_role.value}.")
    return new_role


@transaction.atomic
def membership_add(*, workspace: Workspace, actor_membership: Membership, email: str, role: str,
                   full_name: str = "") -> Membership:
    new_role = _check_role_change(actor_membership=actor_membership, role=role)
    user, _created = user_get_or_create(email=email, full_name=full_name)
    if Membership.objects.filter(workspace=workspace, user=user).exists():
        raise ApplicationError(f"{user.email} is already a member of this workspace.",
                               fields={"email": ["Already a member."]})
    membership = Membership.objects.create(workspace=workspace, user=user, role=new_role)
    activity_record(workspace=workspace, actor=actor_membership.user, verb="added", obj=membership,
                    summary=f"{user.email} joined as {new_role.label}")
    return membership


def _owner_count(workspace: Workspace) -> int:
    return Membership.objects.filter(workspace=workspace, role=StaffRole.OWNER).count()


@transaction.atomic
def membership_set_role(*, workspace: Workspace, actor_membership: Membership, membership: Membership,
                        role: str) -> Membership:
    if membership.workspace_id != workspace.pk:
        raise ApplicationError("That member belongs to another workspace.")
    new_role = _check_role_change(actor_membership=actor_membership, role=role)
    if membership.role == StaffRole.OWNER and actor_membership.role != StaffRole.OWNER:
        raise PermissionDeniedError("Only an owner can change an owner's role.")
    if membership.role == StaffRole.OWNER and new_role != StaffRole.OWNER and _owner_count(workspace) <= 1:
        raise ApplicationError("A workspace needs at least one owner; make someone else owner first.")
    old = membership.role
    membership.role = new_role
    membership.save(update_fields=["role", "updated_at"])
    activity_record(workspace=workspace, actor=actor_membership.user, verb="changed", obj=membership,
                    summary=f"{membership.user.email}: {old} → {new_role.value}")
    return membership


@transaction.atomic
def membership_remove(*, workspace: Workspace, actor_membership: Membership, membership: Membership) -> None:
    if membership.workspace_id != workspace.pk:
        raise ApplicationError("That member belongs to another workspace.")
    if membership.role == StaffRole.OWNER and actor_membership.role != StaffRole.OWNER:
        raise PermissionDeniedError("Only an owner can remove an owner.")
    if membership.role == StaffRole.OWNER and _owner_count(workspace) <= 1:
        raise ApplicationError("You cannot remove the last owner of a workspace.")
    email = membership.user.email
    # Tokens made in this workspace stop working with the membership.
    from sevenc.accounts.models import ApiToken

    ApiToken.objects.filter(workspace=workspace, user=membership.user, revoked_at__isnull=True).delete()
    membership.delete()
    activity_record(workspace=workspace, actor=actor_membership.user, verb="removed", obj=None,
                    summary=f"{email} removed from the workspace")


# --- clients ----------------------------------------------------------------------------------------

def _client_name_taken(*, workspace: Workspace, name: str, exclude_pk: int | None = None) -> bool:
    qs = Client.objects.for_workspace(workspace).filter(name__iexact=name)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def _duplicate_client(name: str) -> ApplicationError:
    return ApplicationError(f"A client named {name!r} already exists in this workspace.",
                            fields={"name": ["A client with this name already exists."]})


@transaction.atomic
def client_create(*, workspace: Workspace, actor: Any, **fields: Any) -> Client:
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
    activity_record(workspace=workspace, actor=actor, verb="created", obj=client,
                    summary=f"Client {client.name} created")
    return client


@transaction.atomic
def client_update(*, workspace: Workspace, actor: Any, client: Client, version: int | None, **fields: Any) -> Client:
    if client.workspace_id != workspace.pk:
        raise ApplicationError("That client belongs to another workspace.")
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
    activity_record(workspace=workspace, actor=actor, verb="updated", obj=client,
                    summary=f"Client {client.name} updated")
    return client


@transaction.atomic
def client_set_archived(*, workspace: Workspace, actor: Any, client: Client, archived: bool) -> Client:
    if client.workspace_id != workspace.pk:
        raise ApplicationError("That client belongs to another workspace.")
    if client.archived == archived:
        return client
    client.archived = archived
    versioned_save(client, expected_version=None, fields=["archived"])
    verb = "archived" if archived else "restored"
    activity_record(workspace=workspace, actor=actor, verb=verb, obj=client, summary=f"Client {client.name} {verb}")
    return client


# --- client portal users ------------------------------------------------------------------------------

@transaction.atomic
def client_membership_add(*, workspace: Workspace, actor: Any, client: Client, email: str, role: str,
                          full_name: str = "") -> ClientMembership:
    if client.workspace_id != workspace.pk:
        raise ApplicationError("That client belongs to another workspace.")
    try:
        client_role = ClientRole(role)
    except ValueError:
        raise ApplicationError(f"{role!r} is not a client role.",
                               fields={"role": ["Choose executive or contributor."]}) from None
    user, _ = user_get_or_create(email=email, full_name=full_name)
    if Membership.objects.filter(workspace=workspace, user=user).exists():
        raise ApplicationError(f"{user.email} is staff of this workspace; staff see every client already.",
                               fields={"email": ["Already staff in this workspace."]})
    if ClientMembership.objects.filter(client=client, user=user).exists():
        raise ApplicationError(f"{user.email} already has access to {client.name}.",
                               fields={"email": ["Already a portal user of this client."]})
    cm = ClientMembership.objects.create(workspace=workspace, client=client, user=user, role=client_role)
    activity_record(workspace=workspace, actor=actor, verb="added", obj=cm,
                    summary=f"{user.email} given portal access to {client.name} as {client_role.label}")
    return cm


@transaction.atomic
def client_membership_remove(*, workspace: Workspace, actor: Any, client_membership: ClientMembership) -> None:
    if client_membership.workspace_id != workspace.pk:
        raise ApplicationError("That portal user belongs to another workspace.")
    summary = f"{client_membership.user.email} lost portal access to {client_membership.client.name}"
    client_membership.delete()
    activity_record(workspace=workspace, actor=actor, verb="removed", obj=None, summary=summary)


# --- parties ---------------------------------------------------------------------------------------------

def _party_name_taken(*, client: Client, name: str, exclude_pk: int | None = None) -> bool:
    qs = Party.objects.filter(client=client, name__iexact=name)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def _duplicate_party(name: str, client: Client) -> ApplicationError:
    return ApplicationError(f"{client.name} already has a party named {name!r}.",
                            fields={"name": ["A party with this name already exists for this client."]})


@transaction.atomic
def party_create(*, workspace: Workspace, actor: Any, client: Client, **fields: Any) -> Party:
    if client.workspace_id != workspace.pk:
        raise ApplicationError("That client belongs to another workspace.")
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
    activity_record(workspace=workspace, actor=actor, verb="created", obj=party,
                    summary=f"Party {party.name} added to {client.name}")
    return party


@transaction.atomic
def party_update(*, workspace: Workspace, actor: Any, party: Party, version: int | None, **fields: Any) -> Party:
    if party.workspace_id != workspace.pk:
        raise ApplicationError("That party belongs to another workspace.")
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
    if party.workspace_id != workspace.pk:
        raise ApplicationError("That party belongs to another workspace.")
    summary = f"Party {party.name} removed from {party.client.name}"
    party.delete()
    activity_record(workspace=workspace, actor=actor, verb="deleted", obj=None, summary=summary)
