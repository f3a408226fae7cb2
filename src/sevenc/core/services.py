from __future__ import annotations

from typing import Any

from django.db.models import Model

from sevenc.core.models import ActivityEntry


def activity_record(*, workspace: Any, actor: Any, verb: str, obj: Model | None, summary: str) -> ActivityEntry:
    """Write one line of the workspace's activity log.

    ``workspace`` and ``actor`` are typed Any: core may not name tenancy's Workspace or accounts' User, and
    django-stubs types ActivityEntry's foreign keys as exactly those."""
    return ActivityEntry.objects.create(
        workspace=workspace,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        object_type=obj.__class__.__name__.lower() if obj is not None else "",
        object_id=getattr(obj, "pk", None),
        summary=summary[:300],
    )
