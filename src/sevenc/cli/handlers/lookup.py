"""What several commands look up from what the command line names: the staff member a command acts as (``--as``),
the client's assessment that ``--assessment`` names."""

from __future__ import annotations

from typing import Any

from sevenc.assessments import selectors
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.domain.roles import REQUIRED_ROLE, Capability, role_can
from sevenc.tenancy.models import Client


def actor(workspace: Any, email: str, capability: Capability, doing: str) -> Any:
    """The active staff member of ``workspace`` with this email, who must have ``capability`` there. ``doing``
    names the work in the refusal ("planning needs vcio or higher")."""
    membership = selectors.staff_membership_get(workspace=workspace, email=email)
    if membership is None or not membership.user.is_active:
        raise ApplicationError(
            f"{email} is not an active staff member of {workspace.name} (/{workspace.slug}); --as must name one"
        )
    if not role_can(membership.role, capability):
        raise ApplicationError(
            f"{membership.user.email} is {membership.role} in {workspace.name}; {doing} needs "
            f"{REQUIRED_ROLE[capability].value} or higher"
        )
    return membership.user


def client_assessment(client: Client, pk: int) -> Any:
    """The assessment with id ``pk``, which must be one of ``client``'s."""
    assessment = selectors.assessment_get_unscoped(pk=pk)
    if assessment.client_id != client.pk:
        raise ApplicationError(
            f"assessment {assessment.pk} is not one of {client.name}'s; "
            f"`sevenc assessment list --client {client.pk}` shows those there are"
        )
    return assessment
