from datetime import datetime

from ninja import Schema


class MeOut(Schema):
    user_id: int
    email: str
    full_name: str
    workspace_id: int
    workspace: str
    role: str
    capabilities: list[str]


class ApiTokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
