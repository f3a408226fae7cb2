from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema

from sevenc.core.domain.roles import ClientRole, StaffRole
from sevenc.core.schemas import StrictSchema
from sevenc.tenancy.models import PartyKind


class PartyIn(StrictSchema):
    name: str = Field(..., min_length=1, max_length=150)
    kind: PartyKind = PartyKind.OTHER
    contact_name: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=50)
    website: str = Field("", max_length=200)
    notes: str = ""


class ClientIn(StrictSchema):
    name: str = Field(..., min_length=1, max_length=150)
    seats: int | None = Field(None, ge=0, le=1_000_000)
    industry: str = Field("", max_length=100)
    address: str = ""
    notes: str = ""
    parties: list[PartyIn] = Field(
        default_factory=list,
        max_length=50,
        description="The client's first parties, created with it: all or nothing (a bad or duplicate one refuses the "
        "whole client, naming the row).",
    )


class ClientPatch(StrictSchema):
    version: int = Field(..., description="The version you read; a stale one gets 409 and changes nothing.")
    name: str | None = Field(None, min_length=1, max_length=150)
    seats: int | None = Field(None, ge=0, le=1_000_000)
    industry: str | None = Field(None, max_length=100)
    address: str | None = None
    notes: str | None = None
    archived: bool | None = None


class ClientOut(Schema):
    id: int
    name: str
    seats: int | None
    industry: str
    address: str
    notes: str
    archived: bool
    version: int
    created_at: datetime
    updated_at: datetime


class PartyPatch(StrictSchema):
    version: int = Field(..., description="The version you read; a stale one gets 409 and changes nothing.")
    name: str | None = Field(None, min_length=1, max_length=150)
    kind: PartyKind | None = None
    contact_name: str | None = Field(None, max_length=150)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=50)
    website: str | None = Field(None, max_length=200)
    notes: str | None = None


class PartyOut(Schema):
    id: int
    client_id: int
    name: str
    kind: str
    contact_name: str
    email: str
    phone: str
    website: str
    notes: str
    version: int
    created_at: datetime
    updated_at: datetime


class StaffInvitationIn(StrictSchema):
    email: str = Field(..., max_length=254, description="The address to invite; the invitation keeps it as sent.")
    role: StaffRole
    full_name: str = Field("", max_length=150, description="A name to suggest if they have no account yet.")


class MembershipPatch(StrictSchema):
    role: StaffRole


class MembershipOut(Schema):
    id: int
    user_id: int
    email: str = Field(..., alias="user.email")
    full_name: str = Field(..., alias="user.full_name")
    role: str
    created_at: datetime


class PortalInvitationIn(StrictSchema):
    email: str = Field(..., max_length=254, description="The address to invite; the invitation keeps it as sent.")
    role: ClientRole
    full_name: str = Field("", max_length=150, description="A name to suggest if they have no account yet.")


class ClientUserOut(Schema):
    id: int
    client_id: int
    user_id: int
    email: str = Field(..., alias="user.email")
    full_name: str = Field(..., alias="user.full_name")
    role: str
    created_at: datetime


InvitationState = Literal["pending", "expired", "accepted", "revoked"]


class InvitationOut(Schema):
    """An invitation as its sender sees it: only what was sent, never anything about an account."""

    id: int
    client_id: int | None = Field(..., description="The client of a portal invitation; null for staff.")
    email: str = Field(..., description="As it was sent.")
    full_name: str
    role: str
    status: InvitationState = Field(
        ...,
        description="`expired`: pending past `expires_at`; the link no longer "
        "works, and inviting again sends a new one.",
    )
    invited_by: str | None = Field(..., description="The email of the staff member who sent it.")
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None

    @staticmethod
    def resolve_status(obj: Any) -> str:
        return str(obj.state)

    @staticmethod
    def resolve_invited_by(obj: Any) -> str | None:
        return obj.invited_by.email if obj.invited_by_id else None


class InvitationFilter(StrictSchema):
    status: Literal["pending", "expired", "accepted", "revoked", "open", "all"] = Field(
        "open", description="`open` (default): pending and expired; or one state; or `all`."
    )
