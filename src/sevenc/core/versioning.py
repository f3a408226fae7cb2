"""Optimistic concurrency, the one implementation: a row carries ``version``; a change names the version it was read
at, and a stale one is refused with 409 and the current row (docs/api.md, "Concurrency").

- :func:`versioned_update` / :func:`versioned_save`: change one row if it is still at the version read.
- :func:`versioned_delete`: delete one row if it is still at the version read.
- :func:`versions_bump`: a service's change to many rows at once (no version to check; each row's version moves on,
  so a client holding an old copy of any of them gets a 409 on its next change).

``tests/test_architecture.py`` refuses a version bump written anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import F, Model, QuerySet
from django.utils import timezone

from sevenc.core.domain.errors import ConflictError

Conflict = Callable[[Any], Exception]  # the current row (None when it is gone) -> the error to raise


def _default_conflict(model: type[Model], expected_version: int | None, verb: str) -> Conflict:
    def conflict(current: Any) -> Exception:
        name = model._meta.verbose_name
        if current is None:
            return ConflictError(f"This {name} was deleted by someone else since you opened it. Nothing was {verb}.")
        return ConflictError(
            f"This {name} was changed by someone else since you opened it "
            f"(you had version {expected_version}, it is now at version {current.version}). "
            f"Nothing was {verb}; reload to see the current values.",
            current=current,
        )

    return conflict


def _has_updated_at(model: type[Model]) -> bool:
    return "updated_at" in {f.name for f in model._meta.get_fields()}


def versioned_update(
    obj: Model,
    *,
    expected_version: int | None,
    values: dict[str, Any],
    conflict: Conflict | None = None,
    current: Callable[[], Any] | None = None,
) -> None:
    """Write ``values`` to ``obj``'s row only if the stored version is still ``expected_version``, and move the
    version on by one (``updated_at`` too, where the model has it). ``obj`` is updated in place.

    ``expected_version=None`` skips the check (a caller with no version, e.g. a script that only archives). On a
    stale version: ``conflict(current row)`` is raised (the default names the model and both versions); ``current``
    fetches the row for the message (default: by primary key).
    """
    model = type(obj)
    values = dict(values)
    if _has_updated_at(model) and "updated_at" not in values:
        values["updated_at"] = timezone.now()
    qs = model._default_manager.filter(pk=obj.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    if qs.update(**values, version=F("version") + 1) == 0:
        row = current() if current else model._default_manager.filter(pk=obj.pk).first()
        raise (conflict or _default_conflict(model, expected_version, "saved"))(row)
    for name, value in values.items():
        setattr(obj, name, value)
    if expected_version is not None:
        obj.version = expected_version + 1  # type: ignore[attr-defined]  # the row matched it, then moved on by one
    else:
        obj.refresh_from_db(fields=["version"])


def versioned_save(
    obj: Model, *, expected_version: int | None, fields: list[str], conflict: Conflict | None = None
) -> None:
    """:func:`versioned_update` with the values of ``fields`` as they are on ``obj``."""
    versioned_update(
        obj, expected_version=expected_version, values={n: getattr(obj, n) for n in fields}, conflict=conflict
    )


def versioned_delete(obj: Model, *, expected_version: int | None, conflict: Conflict | None = None) -> None:
    """Delete ``obj``'s row (and what cascades from it) only if it is still at ``expected_version`` (``None``: no
    check). A stale or vanished row raises ``conflict(current row or None)``; nothing is deleted then."""
    model = type(obj)
    qs = model._default_manager.filter(pk=obj.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    _, per_model = qs.delete()
    if not per_model.get(model._meta.label, 0):
        current = model._default_manager.filter(pk=obj.pk).first()
        raise (conflict or _default_conflict(model, expected_version, "deleted"))(current)


def versions_bump(queryset: QuerySet[Any], **values: Any) -> int:
    """Write ``values`` to every row of ``queryset`` and move each row's version on by one. Returns the count."""
    return queryset.update(**values, version=F("version") + 1)
