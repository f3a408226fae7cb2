"""Binds each browser request to one workspace: the one chosen in this session; else the one the user last
chose (``User.last_workspace``, set by switching or by accepting a staff invitation) while they are still a
member there; else the first of their workspaces by name. Being added somewhere never moves a user: only their
own choice does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from sevenc.tenancy import selectors, services

SESSION_KEY = "sevenc_workspace_id"


def workspace_remember(request: HttpRequest, workspace: Any) -> None:
    """The user chose ``workspace``: use it for this session and land there on their next login."""
    request.session[SESSION_KEY] = workspace.pk
    services.workspace_choose(user=request.user, workspace=workspace)


class WorkspaceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.workspace = None  # type: ignore[attr-defined]
        request.membership = None  # type: ignore[attr-defined]
        request.memberships = []  # type: ignore[attr-defined]
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            memberships = selectors.membership_list_for_user(user=user)
            request.memberships = memberships  # type: ignore[attr-defined]
            chosen = None
            for wanted in (request.session.get(SESSION_KEY), user.last_workspace_id):
                chosen = next((m for m in memberships if wanted is not None and m.workspace_id == wanted), None)
                if chosen is not None:
                    break
            if chosen is None and memberships:
                chosen = memberships[0]
            if chosen is not None:
                request.membership = chosen  # type: ignore[attr-defined]
                request.workspace = chosen.workspace  # type: ignore[attr-defined]
        workspace = request.workspace  # type: ignore[attr-defined]
        if workspace is None:
            return self.get_response(request)
        try:  # pages show times in the workspace's time zone
            zone = ZoneInfo(workspace.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            zone = None
        with timezone.override(zone):
            return self.get_response(request)
