from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from sevenc.accounts.models import ApiToken, User
from sevenc.accounts.services import TOKEN_PREFIX, token_hash
from sevenc.tenancy.models import Membership, Workspace


def api_token_list(*, workspace: Workspace, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.for_workspace(workspace).filter(user=user).order_by("-created_at")


def api_token_get(*, workspace: Workspace, user: User, pk: int) -> ApiToken:
    return get_object_or_404(api_token_list(workspace=workspace, user=user), pk=pk)


def api_token_authenticate(*, raw: str) -> tuple[ApiToken, Membership] | None:
    """The token and its owner's current membership, or None if the token is unknown, revoked,
    or its owner is no longer staff of the token's workspace (or inactive)."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.filter(token_hash=token_hash(raw), revoked_at__isnull=True)
        .select_related("user", "workspace")
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    membership = (
        Membership.objects.for_workspace(token.workspace)
        .filter(user=token.user)
        .select_related("workspace", "user")
        .first()
    )
    if membership is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token, membership
