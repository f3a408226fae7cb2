"""Roles and what each may do. This table is the one source; docs/permissions.md describes it.

Staff roles are ordered: a higher role may do everything a lower one may.
Client portal roles (executive, contributor) never reach staff pages.
"""

from __future__ import annotations

from enum import StrEnum


class StaffRole(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    VCIO = "vcio"
    ANALYST = "analyst"
    VIEWER = "viewer"

    @property
    def rank(self) -> int:
        return STAFF_RANK[self]

    @property
    def label(self) -> str:
        return STAFF_LABELS[self]


STAFF_RANK = {
    StaffRole.VIEWER: 10,
    StaffRole.ANALYST: 20,
    StaffRole.VCIO: 30,
    StaffRole.ADMIN: 40,
    StaffRole.OWNER: 50,
}

STAFF_LABELS = {
    StaffRole.OWNER: "Owner",
    StaffRole.ADMIN: "Admin",
    StaffRole.VCIO: "vCIO",
    StaffRole.ANALYST: "Analyst",
    StaffRole.VIEWER: "Viewer",
}


class ClientRole(StrEnum):
    EXECUTIVE = "executive"
    CONTRIBUTOR = "contributor"

    @property
    def label(self) -> str:
        return {ClientRole.EXECUTIVE: "Executive", ClientRole.CONTRIBUTOR: "Contributor"}[self]


class Capability(StrEnum):
    """Things a staff member may do; each needs at least the role in REQUIRED_ROLE."""

    VIEW = "view"  # see clients, parties, the catalog, the dashboard
    EDIT_CLIENTS = "edit_clients"  # create, edit, archive clients and their parties and portal users
    MANAGE_STAFF = "manage_staff"  # invite staff, change roles, remove members
    MANAGE_CATALOG = "manage_catalog"  # import frameworks
    MANAGE_WORKSPACE = "manage_workspace"  # rename the workspace, transfer ownership
    USE_API = "use_api"  # create personal API tokens
    ANSWER = "answer"  # answer assessment items
    MANAGE_ASSESSMENTS = "manage_assessments"  # create, edit, finalise and delete assessments
    UPDATE_ITEMS = "update_items"  # move an action item's status on, comment on it
    MANAGE_PLANS = "manage_plans"  # cost, schedule and approve plans; strategy sessions; meetings
    MANAGE_RESPONSIBILITIES = "manage_responsibilities"  # the responsibility matrix, its areas and templates


REQUIRED_ROLE: dict[Capability, StaffRole] = {
    Capability.VIEW: StaffRole.VIEWER,
    Capability.USE_API: StaffRole.VIEWER,
    Capability.ANSWER: StaffRole.ANALYST,
    Capability.EDIT_CLIENTS: StaffRole.VCIO,
    Capability.MANAGE_ASSESSMENTS: StaffRole.VCIO,
    Capability.UPDATE_ITEMS: StaffRole.ANALYST,
    Capability.MANAGE_PLANS: StaffRole.VCIO,
    Capability.MANAGE_RESPONSIBILITIES: StaffRole.VCIO,
    Capability.MANAGE_CATALOG: StaffRole.ADMIN,
    Capability.MANAGE_STAFF: StaffRole.ADMIN,
    Capability.MANAGE_WORKSPACE: StaffRole.OWNER,
}


def role_can(role: str | StaffRole | None, capability: Capability) -> bool:
    if role is None:
        return False
    try:
        staff_role = StaffRole(role)
    except ValueError:
        return False
    return staff_role.rank >= REQUIRED_ROLE[capability].rank


def assignable_roles(actor_role: str | StaffRole) -> list[StaffRole]:
    """Roles an actor may give to others: an owner gives any, an admin any below owner."""
    actor = StaffRole(actor_role)
    if actor is StaffRole.OWNER:
        return list(StaffRole)
    return [r for r in StaffRole if r.rank < StaffRole.OWNER.rank and r.rank <= actor.rank]
