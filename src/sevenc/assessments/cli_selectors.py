"""Cross-workspace reads for the trusted local command line ONLY (``sevenc assessment …``, ``sevenc scores``).

Whoever runs ``sevenc`` on the server can read the database directly, so the command line has no workspace
context: it finds assessments and clients by id or name across every workspace. Never call these from a view,
the API or the portal; those go through the workspace-scoped selectors in ``selectors.py``, which are the
tenant boundary. Errors are ApplicationErrors with a message for the command line.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from sevenc.assessments.models import AnswerState, Assessment
from sevenc.core.domain.errors import ApplicationError, NotFoundError
from sevenc.tenancy.models import Client, Membership


def _with_progress(qs: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return qs.select_related("client", "workspace", "framework").annotate(
        answered_count=Count("answers", filter=~Q(answers__state=AnswerState.UNANSWERED)),
        practice_count=Count("answers"),
    )


def assessment_get_unscoped(*, pk: int) -> Assessment:
    """Any workspace's assessment by id, with its client and workspace."""
    assessment = Assessment.objects.select_related("client", "workspace", "framework").filter(pk=pk).first()
    if assessment is None:
        raise NotFoundError(f"no assessment with id {pk}; `sevenc assessment list` shows those there are")
    return assessment


def assessment_list_unscoped(
    *, client: Client | None = None, workspace_slug: str | None = None
) -> QuerySet[Assessment]:
    """Every workspace's assessments (or one workspace's, or one client's), by workspace and client, newest
    first, with answered/practice counts."""
    qs = Assessment.objects.all()
    if client is not None:
        qs = qs.filter(client=client)
    if workspace_slug:
        qs = qs.filter(workspace__slug=workspace_slug)
    return _with_progress(qs).order_by("workspace__slug", "client__name", "-assessed_on", "-pk")


def client_get_unscoped(*, ref: str, workspace_slug: str | None = None) -> Client:
    """A client by id or by exact name (case-insensitive), in any workspace or in ``workspace_slug``.

    A name shared by clients of several workspaces is refused with the workspaces to choose from."""
    ref = ref.strip()
    qs = Client.objects.select_related("workspace")
    if workspace_slug:
        qs = qs.filter(workspace__slug=workspace_slug)
    if ref.isdigit():
        by_id = qs.filter(pk=int(ref)).first()
        if by_id is not None:
            return by_id
    matches = list(qs.filter(name__iexact=ref).order_by("workspace__slug", "pk"))
    if not matches:
        where = f" in workspace {workspace_slug!r}" if workspace_slug else ""
        raise NotFoundError(f"no client {ref!r}{where} (give a client id or its exact name)")
    if len(matches) > 1:
        raise ApplicationError(
            f"{ref!r} names clients in several workspaces; add --workspace SLUG",
            fields={"workspace": [f"{c.workspace.slug} ({c.workspace.name}): client id {c.pk}" for c in matches]},
        )
    return matches[0]


def staff_membership_get(*, workspace: Any, email: str) -> Membership | None:
    """The workspace's staff membership of the user with this email (case-insensitive), or None."""
    return (
        Membership.objects.for_workspace(workspace)
        .select_related("user")
        .filter(user__email__iexact=email.strip())
        .first()
    )
