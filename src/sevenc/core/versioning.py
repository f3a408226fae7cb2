"""Optimistic concurrency: a row carries ``version``; an update names the version it was read at."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Model

from sevenc.core.domain.errors import ConflictError


def versioned_save(obj: Model, *, expected_version: int | None, fields: list[str]) -> None:
    """Save ``fields`` of ``obj`` only if the stored version is still ``expected_version``.

    ``expected_version=None`` skips the check (used where the caller has no version, e.g. a script
    that only archives). On a stale version raises ConflictError carrying the current row.
    """
    model = type(obj)
    values: dict[str, Any] = {name: getattr(obj, name) for name in fields}
    if "updated_at" in {f.name for f in model._meta.get_fields()}:
        from django.utils import timezone

        values["updated_at"] = timezone.now()
        obj.updated_at = values["updated_at"]  # type: ignore[attr-defined]
    qs = model._default_manager.filter(pk=obj.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    updated = qs.update(**values, version=F("version") + 1)
    if updated == 0:
        current = model._default_manager.filter(pk=obj.pk).first()
        raise ConflictError(
            f"This {model._meta.verbose_name} was changed by someone else since you opened it "
            f"(you had version {expected_version}, it is now at version {getattr(current, 'version', '?')}). "
            "Nothing was saved; reload to see the current values.",
            current=current,
        )
    obj.refresh_from_db(fields=["version"])
