
from datetime import datetime

from ninja import Field, Schema
from pydantic import ConfigDict

from sevenc.core.roles import ClientRole, StaffRole
from sevenc.tenancy.models import PartyKind


class StrictSchema(Schema):
    model_config = ConfigDict(extra="forbid")


class ClientIn(StrictSchema):
    name: str = Field(..., min_length=1, max_length=150)
    seats: int | None = Field(None, ge=0, le=1_000_000)
    industry: str = Field("", max_length=100)
    address: str = ""
    notes: str = ""


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


class PartyIn(StrictSchema):
    name: str = Field(..., min_length=1, max_length=150)
    kind: PartyKind = PartyKind.OTHER
    contact_name: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=50)
    website: str = Field("", max_length=200)
    notes: str = ""


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


class MembershipIn(StrictSchema):
    email: str = Field(..., max_length=254)
    role: StaffRole
    full_name: str = Field("", max_length=150)


class MembershipPatch(StrictSchema):
    role: StaffRole


class MembershipOut(Schema):
    id: int
    user_id: int
    email: str = Field(..., alias="user.email")
    full_name: str = Field(..., alias="user.full_name")
    role: str
    created_at: datetime


class ClientUserIn(StrictSchema):
    email: str = Field(..., max_length=254)
    role: ClientRole
    full_name: str = Field("", max_length=150)


class ClientUserOut(Schema):
    id: int
    client_id: int
    user_id: int
    email: str = Field(..., alias="user.email")
    full_name: str = Field(..., alias="user.full_name")
    role: str
    created_at: datetime
