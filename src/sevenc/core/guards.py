"""The same-workspace guard: a service never links, moves or changes an object of another workspace.

Selectors already answer 404 for another workspace's objects; this is the second line, for objects a service is
handed directly (a party, an initiative, a template). docs/architecture.md, "Shared rules".
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol

from django.db.models import Model
from django.db.models.options import Options

from sevenc.core.domain.errors import ApplicationError


class Owned(Protocol):
    """A row of one workspace: what the guard reads."""

    _meta: ClassVar[Options[Any]]

    @property
    def workspace_id(self) -> int | None: ...


def same_workspace(workspace: Model, *objs: Owned | None, what: str | None = None) -> None:
    """Raise ApplicationError (422) unless every object given (``None`` is skipped) belongs to ``workspace``.

    The message names the object: ``what``, else the model's verbose name ("That party belongs to another
    workspace.").
    """
    for obj in objs:
        if obj is not None and obj.workspace_id != workspace.pk:
            raise ApplicationError(f"That {what or obj._meta.verbose_name} belongs to another workspace.")
