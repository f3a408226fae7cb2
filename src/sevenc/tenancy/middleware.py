"""Binds each browser request to one workspace: the one chosen in the session, else the user's first."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from sevenc.tenancy import selectors

SESSION_KEY = "sevenc_workspace_id"


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
            wanted = request.session.get(SESSION_KEY)
            chosen = next((m for m in memberships if m.workspace_id == wanted), None)
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
