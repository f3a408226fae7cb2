"""Reads of workspaces, staff, clients and parties. Every read takes ``workspace=`` first."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from sevenc.tenancy.models import Client, ClientMembership, Invitation, InvitationStatus, Membership, Party, Workspace


def membership_list_for_user(*, user: Any) -> list[Membership]:
    return list(Membership.objects.filter(user=user).select_related("workspace").order_by("workspace__name"))


def membership_list(*, workspace: Workspace) -> QuerySet[Membership]:
    return Membership.objects.for_workspace(workspace).select_related("user").order_by("user__email")


def membership_get(*, workspace: Workspace, pk: int) -> Membership:
    return get_object_or_404(membership_list(workspace=workspace), pk=pk)


def client_list(*, workspace: Workspace, q: str = "", archived: bool | None = False) -> QuerySet[Client]:
    """Clients of the workspace; ``archived=None`` lists both active and archived ones."""
    qs = Client.objects.for_workspace(workspace)
    if archived is not None:
        qs = qs.filter(archived=archived)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(industry__icontains=q))
    return qs.annotate(party_count=Count("parties")).order_by("name", "pk")


def client_recent_list(*, workspace: Workspace, limit: int = 5) -> QuerySet[Client]:
    """The active clients changed most recently (for the dashboard)."""
    return (
        Client.objects.for_workspace(workspace)
        .filter(archived=False)
        .annotate(party_count=Count("parties"))
        .order_by("-updated_at", "-pk")[:limit]
    )


def client_get(*, workspace: Workspace, pk: int) -> Client:
    return get_object_or_404(Client.objects.for_workspace(workspace), pk=pk)


# --- the client overview ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewPanel:
    """One part of the client overview that an app above tenancy contributes: the template that shows it (in
    that app's templates) with what it needs, as ``glance``. Panels are shown by ``order``."""

    order: int
    template: str
    glance: Any = None


# The apps above tenancy (which tenancy may not import) register here, in their AppConfig.ready(), a function
# ``(workspace=, client=) -> OverviewPanel | None``: what the client overview shows from them. Each runs a fixed
# number of queries, whatever the client's data.
CLIENT_OVERVIEW: list[Callable[..., OverviewPanel | None]] = []


def overview_register(panel: Callable[..., OverviewPanel | None]) -> None:
    if panel not in CLIENT_OVERVIEW:
        CLIENT_OVERVIEW.append(panel)


def client_overview(*, workspace: Workspace, client: Client) -> list[OverviewPanel]:
    """The panels of the client overview, in their order."""
    panels = [found for panel in CLIENT_OVERVIEW if (found := panel(workspace=workspace, client=client)) is not None]
    return sorted(panels, key=lambda p: p.order)


def client_count(*, workspace: Workspace) -> dict[str, int]:
    row = Client.objects.for_workspace(workspace).aggregate(
        active=Count("pk", filter=Q(archived=False)), archived=Count("pk", filter=Q(archived=True))
    )
    parties = Party.objects.for_workspace(workspace).filter(client__archived=False).count()
    return {"active": row["active"] or 0, "archived": row["archived"] or 0, "parties": parties}


def party_list(*, workspace: Workspace, client: Client) -> QuerySet[Party]:
    return Party.objects.for_workspace(workspace).filter(client=client).order_by("name", "pk")


def party_get(*, workspace: Workspace, client: Client, pk: int) -> Party:
    return get_object_or_404(party_list(workspace=workspace, client=client), pk=pk)


def client_membership_list(*, workspace: Workspace, client: Client) -> QuerySet[ClientMembership]:
    return ClientMembership.objects.for_workspace(workspace).filter(client=client).select_related("user")


def client_membership_get(*, workspace: Workspace, client: Client, pk: int) -> ClientMembership:
    return get_object_or_404(client_membership_list(workspace=workspace, client=client), pk=pk)


def portal_membership_list(*, user: Any) -> QuerySet[ClientMembership]:
    """The clients a portal user belongs to (across workspaces: a person may work for two clients)."""
    return (
        ClientMembership.objects.filter(user=user, client__archived=False)
        .select_related("client", "workspace")
        .order_by("client__name")
    )


def portal_membership_get(*, user: Any, client_id: int) -> ClientMembership:
    return get_object_or_404(portal_membership_list(user=user), client_id=client_id)


# --- invitations ------------------------------------------------------------------------------------------

INVITATION_STATES = ("pending", "expired", "accepted", "revoked")


def invitation_token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def invitation_list(
    *, workspace: Workspace, client: Client | None = None, states: tuple[str, ...] = ("pending",), now: datetime
) -> QuerySet[Invitation]:
    """The workspace's staff invitations (``client=None``) or one client's portal invitations, in the given
    states (pending, expired, accepted, revoked), newest first."""
    qs = Invitation.objects.for_workspace(workspace)
    qs = qs.filter(client__isnull=True) if client is None else qs.filter(client=client)
    wanted = Q(pk__in=[])
    if "pending" in states:
        wanted |= Q(status=InvitationStatus.PENDING, expires_at__gt=now)
    if "expired" in states:
        wanted |= Q(status=InvitationStatus.PENDING, expires_at__lte=now)
    for stored in ("accepted", "revoked"):
        if stored in states:
            wanted |= Q(status=stored)
    return qs.filter(wanted).select_related("invited_by").order_by("-created_at", "-pk")


def invitation_get(*, workspace: Workspace, client: Client | None = None, pk: int) -> Invitation:
    """One staff invitation (``client=None``) or one portal invitation of ``client``; 404 elsewhere."""
    qs = Invitation.objects.for_workspace(workspace)
    qs = qs.filter(client__isnull=True) if client is None else qs.filter(client=client)
    return get_object_or_404(qs, pk=pk)


def invitation_get_by_token(*, token: str) -> Invitation | None:
    """The invitation whose link carries ``token`` (any state), or None. Only hashes are stored."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.filter(token_hash=invitation_token_hash(token))
        .select_related("workspace", "client", "invited_by")
        .first()
    )


def user_by_email(*, email: str) -> Any:
    """The account with this address, or None. Only for the invited person's own accept page."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(email__iexact=(email or "").strip()).first()
