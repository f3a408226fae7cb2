"""Clients, their parties and portal users, and the workspace's staff memberships."""


from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from sevenc.api.errors import register_current
from sevenc.api.permissions import require
from sevenc.core.roles import Capability
from sevenc.tenancy import selectors, services
from sevenc.tenancy.models import Client, Party
from sevenc.tenancy.schemas import (
    ClientIn,
    ClientOut,
    ClientPatch,
    ClientUserIn,
    ClientUserOut,
    MembershipIn,
    MembershipOut,
    MembershipPatch,
    PartyIn,
    PartyOut,
    PartyPatch,
)

router = Router(tags=["clients"])
memberships_router = Router(tags=["staff"])
register_current(Client, ClientOut)
register_current(Party, PartyOut)


class ClientFilter(Schema):
    q: str = Field("", max_length=100, description="Searches name and industry.")
    archived: Literal["false", "true", "all"] = Field(
        "false", description="`false`: active clients (default); `true`: archived ones only; `all`: both.")


@router.get("", response=list[ClientOut], operation_id="tenancy_client_list",
            summary="Clients of the workspace, searchable, active or archived")
@paginate(PageNumberPagination)
def client_list(request: HttpRequest, filters: Query[ClientFilter]) -> Any:
    m = require(request)
    archived = {"false": False, "true": True, "all": None}[filters.archived]
    return selectors.client_list(workspace=m.workspace, q=filters.q.strip(), archived=archived)


@router.post("", response={201: ClientOut}, operation_id="tenancy_client_create",
             summary="Create a client (name unique in the workspace, case-insensitive)")
def client_create(request: HttpRequest, payload: ClientIn) -> Status[Any]:
    m = require(request, Capability.EDIT_CLIENTS)
    return Status(201, services.client_create(workspace=m.workspace, actor=m.user, **payload.dict()))


@router.get("/{client_id}", response=ClientOut, operation_id="tenancy_client_get", summary="One client")
def client_get(request: HttpRequest, client_id: int) -> Any:
    m = require(request)
    return selectors.client_get(workspace=m.workspace, pk=client_id)


@router.patch("/{client_id}", response=ClientOut, operation_id="tenancy_client_update",
              summary="Change a client's fields or archive/restore it; send the `version` you read")
def client_update(request: HttpRequest, client_id: int, payload: ClientPatch) -> Any:
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

@router.get("/{client_id}/parties", response=list[PartyOut], operation_id="tenancy_party_list",
            summary="The parties of a client's IT ecosystem")
@paginate(PageNumberPagination)
def party_list(request: HttpRequest, client_id: int) -> Any:
    m = require(request)
    client = selectors.client_get(workspace=m.workspace, pk=client_id)
    return selectors.party_list(workspace=m.workspace, client=client)


@router.post("/{client_id}/parties", response={201: PartyOut}, operation_id="tenancy_party_create",
             summary="Add a party to a client (name unique per client)")
def party_create(request: HttpRequest, client_id: int, payload: PartyIn) -> Status[Any]:
    m = require(request, Capability.EDIT_CLIENTS)
    client = selectors.client_get(workspace=m.workspace, pk=client_id)
    return Status(201, services.party_create(workspace=m.workspace, actor=m.user, client=client, **payload.dict()))


@router.get("/{client_id}/parties/{party_id}", response=PartyOut, operation_id="tenancy_party_get",
            summary="One party")
def party_get(request: HttpRequest, client_id: int, party_id: int) -> Any:
    m = require(request)
    client = selectors.client_get(workspace=m.workspace, pk=client_id)
    return selectors.party_get(workspace=m.workspace, client=client, pk=party_id)


@router.patch("/{client_id}/parties/{party_id}", response=PartyOut, operation_id="tenancy_party_update",
              summary="Change a party; send the `version` you read")
def party_update(request: HttpRequest, client_id: int, party_id: int, payload: PartyPatch) -> Any:
    m = require(request, Capability.EDIT_CLIENTS)
    client = selectors.client_get(workspace=m.workspace, pk=client_id)
    party = selectors.party_get(workspace=m.workspace, client=client, pk=party_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return services.party_update(workspace=m.workspace, actor=m.user, party=party, version=version, **data)


@router.delete("/{client_id}/parties/{party_id}", response={204: None}, operation_id="tenancy_party_delete",
               summary="Remove a party from a client")
def party_delete(request: HttpRequest, client_id: int, party_id: int) -> Status[None]:
    m = require(request, Capability.EDIT_CLIENTS)
    client = selectors.client_get(workspace=m.workspace, pk=client_id)
    party = selectors.party_get(workspace=m.workspace, client=client, pk=party_id)
    services.party_delete(workspace=m.workspace, actor=m.user, party=party)
    return Status(204, None)


# --- client portal users ----------------------------------------------------------------------------

@router.get("/{client_id}/users", response=list[ClientUserOut], operation_id="tenancy_client_membership_list",
            summary="The client's portal users (executives and contributors)")
@paginate(PageNumberPagination)
def client_membership_list(request: HttpRequest, client_id: int) -> Any:
    m = require(request)
    client = selectors.client_get(workspace=m.workspace, pk=client_id)
    return selectors.client_membership_list(workspace=m.workspace, client=client)


@router.post("/{client_id}/users", response={201: ClientUserOut}, operation_id="tenancy_client_membership_create",
             summary="Give a person portal access to this client")
def client_membership_create(request: HttpRequest, client_id: int, payload: ClientUserIn) -> Status[Any]:
    m = require(request, Capability.EDIT_CLIENTS)
    client = selectors.client_get(workspace=m.workspace, pk=client_id)
    cm = services.client_membership_add(workspace=m.workspace, actor=m.user, client=client, email=payload.email,
                                        role=payload.role, full_name=payload.full_name)
    return Status(201, cm)


@router.delete("/{client_id}/users/{client_membership_id}", response={204: None},
               operation_id="tenancy_client_membership_delete", summary="Remove a person's portal access")
def client_membership_delete(request: HttpRequest, client_id: int, client_membership_id: int) -> Status[None]:
    m = require(request, Capability.EDIT_CLIENTS)
    client = selectors.client_get(workspace=m.workspace, pk=client_id)
    cm = selectors.client_membership_get(workspace=m.workspace, client=client, pk=client_membership_id)
    services.client_membership_remove(workspace=m.workspace, actor=m.user, client_membership=cm)
    return Status(204, None)


# --- staff memberships ----------------------------------------------------------------------------------

@memberships_router.get("", response=list[MembershipOut], operation_id="tenancy_membership_list",
                        summary="Staff of the workspace and their roles")
@paginate(PageNumberPagination)
def membership_list(request: HttpRequest) -> Any:
    m = require(request)
    return selectors.membership_list(workspace=m.workspace)


@memberships_router.post("", response={201: MembershipOut}, operation_id="tenancy_membership_create",
                         summary="Add a staff member (an admin may give any role below owner)")
def membership_create(request: HttpRequest, payload: MembershipIn) -> Status[Any]:
    m = require(request, Capability.MANAGE_STAFF)
    membership = services.membership_add(workspace=m.workspace, actor_membership=m, email=payload.email,
                                         role=payload.role, full_name=payload.full_name)
    return Status(201, membership)


@memberships_router.patch("/{membership_id}", response=MembershipOut, operation_id="tenancy_membership_update",
                          summary="Change a staff member's role (a workspace keeps at least one owner)")
def membership_update(request: HttpRequest, membership_id: int, payload: MembershipPatch) -> Any:
    m = require(request, Capability.MANAGE_STAFF)
    target = selectors.membership_get(workspace=m.workspace, pk=membership_id)
    return services.membership_set_role(workspace=m.workspace, actor_membership=m, membership=target,
                                        role=payload.role)


@memberships_router.delete("/{membership_id}", response={204: None}, operation_id="tenancy_membership_delete",
                           summary="Remove a staff member from the workspace (their tokens here stop working)")
def membership_delete(request: HttpRequest, membership_id: int) -> Status[None]:
    m = require(request, Capability.MANAGE_STAFF)
    target = selectors.membership_get(workspace=m.workspace, pk=membership_id)
    services.membership_remove(workspace=m.workspace, actor_membership=m, membership=target)
    return Status(204, None)
