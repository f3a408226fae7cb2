"""Clients, their parties and portal users, and the workspace's staff memberships.

People are never added directly: inviting someone (``…/invitations``) emails them a link, and they join when
they accept it in the web UI. The answer to an invitation is the same whether the address has an account or not.
"""

from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Status
from ninja.pagination import paginate

from sevenc.core.api import Pagination, register_current, require
from sevenc.core.domain.roles import Capability
from sevenc.core.schemas import Id, StrictSchema
from sevenc.tenancy import selectors, services
from sevenc.tenancy.models import Client, Party
from sevenc.tenancy.schemas import (
    ClientIn,
    ClientOut,
    ClientPatch,
    ClientUserOut,
    InvitationFilter,
    InvitationOut,
    MembershipOut,
    MembershipPatch,
    PartyIn,
    PartyOut,
    PartyPatch,
    PortalInvitationIn,
    StaffInvitationIn,
)
from sevenc.tenancy.services import invitation_send

router = Router(tags=["clients"])
memberships_router = Router(tags=["staff"])
register_current(Client, ClientOut)
register_current(Party, PartyOut)


class ClientFilter(StrictSchema):
    q: str = Field("", max_length=100, description="Searches name and industry.")
    archived: Literal["false", "true", "all"] = Field(
        "false", description="`false`: active clients (default); `true`: archived ones only; `all`: both."
    )


@router.get(
    "",
    response=list[ClientOut],
    operation_id="tenancy_client_list",
    summary="Clients of the workspace, searchable, active or archived",
)
@paginate(Pagination)
def client_list(request: HttpRequest, filters: Query[ClientFilter]) -> Any:
    m = require(request)
    archived = {"false": False, "true": True, "all": None}[filters.archived]
    return selectors.client_list(workspace=m.workspace, q=filters.q.strip(), archived=archived)


@router.post(
    "",
    response={201: ClientOut},
    operation_id="tenancy_client_create",
    summary="Create a client (name unique in the workspace, case-insensitive)",
)
def client_create(request: HttpRequest, payload: ClientIn) -> Status[Any]:
    m = require(request, Capability.EDIT_CLIENTS)
    data = payload.dict()
    parties = [{k: v for k, v in p.items() if v not in ("", None)} for p in data.pop("parties")]
    return Status(201, services.client_create(workspace=m.workspace, actor=m.user, parties=parties, **data))


@router.get("/{client_id}", response=ClientOut, operation_id="tenancy_client_get", summary="One client")
def client_get(request: HttpRequest, client_id: Id) -> Any:
    m = require(request)
    return selectors.client_get(workspace=m.workspace, pk=client_id)


@router.patch(
    "/{client_id}",
    response=ClientOut,
    operation_id="tenancy_client_update",
    summary="Change a client's fields or archive/restore it; send the `version` you read",
)
def client_update(request: HttpRequest, client_id: Id, payload: ClientPatch) -> Any:
    m = require(request, Capability.EDIT_CLIENTS)
    client = selectors.client_get(workspace=m.workspace, pk=client_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    archived = data.pop("archived", None)
    if data or archived is None:
        client = services.client_update(workspace=m.workspace, actor=m.user, client=client, version=version, **data)
        version = client.version
    elif client.version != version:
        client = services.client_update(workspace=m.workspace, actor=m.user, client=client, version=version)
    if archived is not None:
        client = services.client_set_archived(workspace=m.workspace, actor=m.user, client=client, archived=archived)
    return client


# --- parties ------------------------------------------------------------------------------------------


@router.get(
    "/{client_id}/parties",
    response=list[PartyOut],
    operation_id="tenancy_party_list",
    summary="The parties of a client's IT ecosystem",
)
@paginate(Pagination)
def party_list(request: HttpRequest, client_id: Id) -> Any:
    m = require(request)
    client = selectors.client_get(workspace=m.workspace, pk=client_id)
    return selectors.party_list(workspace=m.workspace, client=client)


@router.post(
    "/{client_id}/parties",
    response={201: PartyOut},
    operation_id="tenancy_party_create",
    summary="Add a party to a client (name unique per client)",
)
def party_create(request: HttpRequest, client_id: Id, payload: PartyIn) -> Status[Any]:
    m = require(request, Capability.EDIT_CLIENTS)
    client = selectors.client_get(workspace=m.workspace, pk=client_id)
    return Status(201, services.party_create(workspace=m.workspace, actor=m.user, client=client, **payload.dict()))


@router.get("/{client_id}/parties/{party_id}", response=PartyOut, operation_id="tenancy_party_get", summary="One party")
def party_get(request: HttpRequest, client_id: Id, party_id: Id) -> Any:
    m = require(request)
    client = selectors.client_get(workspace=m.workspace, pk=client_id)
    return selectors.party_get(workspace=m.workspace, client=client, pk=party_id)


@router.patch(
    "/{client_id}/parties/{party_id}",
    response=PartyOut,
    operation_id="tenancy_party_update",
    summary="Change a party; send the `version` you read",
)
def party_update(request: HttpRequest, client_id: Id, party_id: Id, payload: PartyPatch) -> Any:
    m = require(request, Capability.EDIT_CLIENTS)
    client = selectors.client_get(workspace=m.workspace, pk=client_id)
    party = selectors.party_get(workspace=m.workspace, client=client, pk=party_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return services.party_update(workspace=m.workspace, actor=m.user, party=party, version=version, **data)


@router.delete(
    "/{client_id}/parties/{party_id}",
    response={204: None},
    operation_id="tenancy_party_delete",
    summary="Remove a party from a client",
)
def party_delete(request: HttpRequest, client_id: Id, party_id: Id) -> Status[None]:
    m = require(request, Capability.EDIT_CLIENTS)
    client = selectors.client_get(workspace=m.workspace, pk=client_id)
    party = selectors.party_get(workspace=m.workspace, client=client, pk=party_id)
    services.party_delete(workspace=m.workspace, actor=m.user, party=party)
    return Status(204, None)


# --- client portal users ----------------------------------------------------------------------------


@router.get(
    "/{client_id}/users",
    response=list[ClientUserOut],
    operation_id="tenancy_client_membership_list",
    summary="The client's portal users (executives and contributors)",
)
@paginate(Pagination)
def client_membership_list(request: HttpRequest, client_id: Id) -> Any:
    m = require(request)
    client = selectors.client_get(workspace=m.workspace, pk=client_id)
    return selectors.client_membership_list(workspace=m.workspace, client=client)


@router.delete(
    "/{client_id}/users/{client_membership_id}",
    response={204: None},
    operation_id="tenancy_client_membership_delete",
    summary="Remove a person's portal access",
)
def client_membership_delete(request: HttpRequest, client_id: Id, client_membership_id: Id) -> Status[None]:
    m = require(request, Capability.EDIT_CLIENTS)
    client = selectors.client_get(workspace=m.workspace, pk=client_id)
    cm = selectors.client_membership_get(workspace=m.workspace, client=client, pk=client_membership_id)
    services.client_membership_remove(workspace=m.workspace, actor=m.user, client_membership=cm)
    return Status(204, None)


# --- invitations ------------------------------------------------------------------------------------------

STATES = {"open": ("pending", "expired"), "all": selectors.INVITATION_STATES}


def _states(status: str) -> tuple[str, ...]:
    return STATES.get(status, (status,))


@router.get(
    "/{client_id}/invitations",
    response=list[InvitationOut],
    operation_id="tenancy_client_invitation_list",
    summary="Invitations to the client's portal (by default the open ones: pending and expired)",
)
@paginate(Pagination)
def client_invitation_list(request: HttpRequest, client_id: Id, filters: Query[InvitationFilter]) -> Any:
    m = require(request)
    client = selectors.client_get(workspace=m.workspace, pk=client_id)
    return selectors.invitation_list(
        workspace=m.workspace, client=client, states=_states(filters.status), now=timezone.now()
    )


@router.post(
    "/{client_id}/invitations",
    response={201: InvitationOut},
    operation_id="tenancy_client_invitation_create",
    summary="Invite someone to the client's portal; they get access when they accept (again: a new link)",
)
def client_invitation_create(request: HttpRequest, client_id: Id, payload: PortalInvitationIn) -> Status[Any]:
    m = require(request, Capability.EDIT_CLIENTS)
    client = selectors.client_get(workspace=m.workspace, pk=client_id)
    new = services.portal_invitation_create(
        workspace=m.workspace,
        actor=m.user,
        client=client,
        email=payload.email,
        role=payload.role,
        full_name=payload.full_name,
    )
    invitation_send(request=request, new=new)
    return Status(201, new.invitation)


@router.delete(
    "/{client_id}/invitations/{invitation_id}",
    response={204: None},
    operation_id="tenancy_client_invitation_revoke",
    summary="Withdraw an invitation to the client's portal; its link stops working",
)
def client_invitation_revoke(request: HttpRequest, client_id: Id, invitation_id: Id) -> Status[None]:
    m = require(request, Capability.EDIT_CLIENTS)
    client = selectors.client_get(workspace=m.workspace, pk=client_id)
    invitation = selectors.invitation_get(workspace=m.workspace, client=client, pk=invitation_id)
    services.invitation_revoke(workspace=m.workspace, actor_membership=m, invitation=invitation)
    return Status(204, None)


# --- staff memberships ----------------------------------------------------------------------------------


@memberships_router.get(
    "",
    response=list[MembershipOut],
    operation_id="tenancy_membership_list",
    summary="Staff of the workspace and their roles",
)
@paginate(Pagination)
def membership_list(request: HttpRequest) -> Any:
    m = require(request)
    return selectors.membership_list(workspace=m.workspace)


# The invitation paths come before /{membership_id}, so that "invitations" is never taken for an id.


@memberships_router.get(
    "/invitations",
    response=list[InvitationOut],
    operation_id="tenancy_invitation_list",
    summary="Invitations to the staff (by default the open ones: pending and expired)",
)
@paginate(Pagination)
def invitation_list(request: HttpRequest, filters: Query[InvitationFilter]) -> Any:
    m = require(request, Capability.MANAGE_STAFF)
    return selectors.invitation_list(workspace=m.workspace, states=_states(filters.status), now=timezone.now())


@memberships_router.post(
    "/invitations",
    response={201: InvitationOut},
    operation_id="tenancy_invitation_create",
    summary="Invite someone to the staff; they join when they accept (an admin may give any "
    "role below owner; again: a new link)",
)
def invitation_create(request: HttpRequest, payload: StaffInvitationIn) -> Status[Any]:
    m = require(request, Capability.MANAGE_STAFF)
    new = services.staff_invitation_create(
        workspace=m.workspace, actor_membership=m, email=payload.email, role=payload.role, full_name=payload.full_name
    )
    invitation_send(request=request, new=new)
    return Status(201, new.invitation)


@memberships_router.delete(
    "/invitations/{invitation_id}",
    response={204: None},
    operation_id="tenancy_invitation_revoke",
    summary="Withdraw an invitation to the staff; its link stops working",
)
def invitation_revoke(request: HttpRequest, invitation_id: Id) -> Status[None]:
    m = require(request, Capability.MANAGE_STAFF)
    invitation = selectors.invitation_get(workspace=m.workspace, pk=invitation_id)
    services.invitation_revoke(workspace=m.workspace, actor_membership=m, invitation=invitation)
    return Status(204, None)


@memberships_router.patch(
    "/{membership_id}",
    response=MembershipOut,
    operation_id="tenancy_membership_update",
    summary="Change a staff member's role (a workspace keeps at least one owner)",
)
def membership_update(request: HttpRequest, membership_id: Id, payload: MembershipPatch) -> Any:
    m = require(request, Capability.MANAGE_STAFF)
    target = selectors.membership_get(workspace=m.workspace, pk=membership_id)
    return services.membership_set_role(workspace=m.workspace, actor_membership=m, membership=target, role=payload.role)


@memberships_router.delete(
    "/{membership_id}",
    response={204: None},
    operation_id="tenancy_membership_delete",
    summary="Remove a staff member from the workspace (their tokens here stop working)",
)
def membership_delete(request: HttpRequest, membership_id: Id) -> Status[None]:
    m = require(request, Capability.MANAGE_STAFF)
    target = selectors.membership_get(workspace=m.workspace, pk=membership_id)
    services.membership_remove(workspace=m.workspace, actor_membership=m, membership=target)
    return Status(204, None)
