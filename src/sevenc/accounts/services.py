"""Personal API tokens: created once (the secret is shown once), stored as a SHA-256 hash, revocable."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from sevenc.accounts.models import ApiToken, User
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.services import activity_record

if TYPE_CHECKING:
    from sevenc.tenancy.models import Workspace

TOKEN_PREFIX = "sc_"


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the only time the full token exists outside the caller's hands


@transaction.atomic
def api_token_create(*, workspace: Workspace, user: User, name: str) -> NewToken:
    name = (name or "").strip()
    if not name:
        raise ApplicationError(
            "Give the token a name, e.g. the script that will use it.", fields={"name": ["This field is required."]}
        )
    if len(name) > 100:
        raise ApplicationError(
            "The name is too long (100 characters at most).", fields={"name": ["At most 100 characters."]}
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        workspace=workspace, user=user, name=name, prefix=secret[:10], token_hash=token_hash(secret)
    )
    activity_record(workspace=workspace, actor=user, verb="created", obj=token, summary=f"API token {name} created")
    return NewToken(token, secret)


@transaction.atomic
def api_token_revoke(*, workspace: Workspace, user: User, token: ApiToken) -> ApiToken:
    if token.workspace_id != workspace.pk or token.user_id != user.pk:
        raise ApplicationError("That token is not yours.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        activity_record(
            workspace=workspace, actor=user, verb="revoked", obj=token, summary=f"API token {token.name} revoked"
        )
    return token
