"""Writes to a workspace's responsibility areas beyond services.py: hiding an area the workspace does not use (and
showing it again) and the area's PSA mapping. Keyword-only arguments; checked, atomic and logged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from sevenc.core.domain.errors import ApplicationError
from sevenc.core.services import activity_record
from sevenc.responsibility.areas.selectors import PSA_FIELDS
from sevenc.responsibility.models import HiddenArea, PsaMapping, ResponsibilityArea

if TYPE_CHECKING:
    from sevenc.accounts.models import User
    from sevenc.tenancy.models import Workspace

PSA_MAX = 100  # the model's column width


def _check_area(workspace: Workspace, area: ResponsibilityArea) -> None:
    if area.workspace_id is not None and area.workspace_id != workspace.pk:
        raise ApplicationError("That responsibility area belongs to another workspace.")


@transaction.atomic
def area_hide(*, workspace: Workspace, actor: User, area: ResponsibilityArea) -> bool:
    """Leave the area out of the workspace's matrices (and of new assignments); its assignments are kept, and
    :func:`area_unhide` brings them back. Mostly for shipped areas; an own area can be retired the same way.
    Returns False when it was hidden already (nothing changes)."""
    _check_area(workspace, area)
    _, created = HiddenArea.objects.get_or_create(workspace=workspace, area=area)
    if created:
        activity_record(
            workspace=workspace,
            actor=actor,
            verb="updated",
            obj=area,
            summary=f"Responsibility area “{area.title}” hidden",
        )
    return created


@transaction.atomic
def area_unhide(*, workspace: Workspace, actor: User, area: ResponsibilityArea) -> bool:
    """Use a hidden area again, with the assignments it had. Returns False when it was not hidden."""
    _check_area(workspace, area)
    deleted, _ = HiddenArea.objects.for_workspace(workspace).filter(area=area).delete()
    if deleted:
        activity_record(
            workspace=workspace,
            actor=actor,
            verb="updated",
            obj=area,
            summary=f"Responsibility area “{area.title}” shown again",
        )
    return bool(deleted)


@transaction.atomic
def psa_mapping_set(
    *, workspace: Workspace, actor: User, area: ResponsibilityArea, board: str, queue: str, category: str
) -> PsaMapping | None:
    """Where tickets about the area go in the MSP's PSA (board, queue, category). All three empty removes the
    mapping (returns None). Values are trimmed; each is at most 100 characters."""
    _check_area(workspace, area)
    values = {"board": (board or "").strip(), "queue": (queue or "").strip(), "category": (category or "").strip()}
    long = {name: [f"At most {PSA_MAX} characters."] for name in PSA_FIELDS if len(values[name]) > PSA_MAX}
    if long:
        raise ApplicationError("Some fields are not valid.", fields=long)
    current = PsaMapping.objects.for_workspace(workspace).filter(area=area).first()
    if not any(values.values()):
        if current is not None:
            current.delete()
            activity_record(
                workspace=workspace,
                actor=actor,
                verb="updated",
                obj=area,
                summary=f"PSA mapping of “{area.title}” removed",
            )
        return None
    if current is not None and all(getattr(current, k) == v for k, v in values.items()):
        return current
    mapping = current or PsaMapping(workspace=workspace, area=area)
    for name, value in values.items():
        setattr(mapping, name, value)
    mapping.full_clean(validate_unique=False, validate_constraints=False)
    mapping.save()
    activity_record(
        workspace=workspace,
        actor=actor,
        verb="updated",
        obj=area,
        summary=f"PSA mapping of “{area.title}”: {values['board']} / {values['queue']} / {values['category']}",
    )
    return mapping
