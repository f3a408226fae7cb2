from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sevenc.core.models import ActivityEntry


def activity_list(*, workspace: Any, limit: int = 10) -> QuerySet[ActivityEntry]:
    return ActivityEntry.objects.for_workspace(workspace).select_related("actor")[:limit]
