"""Workspaces (one MSP each), their staff, their clients, client portal users, parties, and the invitations to join
as staff or as a portal user."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sevenc.core.domain import money
from sevenc.core.domain.roles import ClientRole, StaffRole
from sevenc.core.models import TenantModel, TenantQuerySet, TextField, TimeStampedModel


def validate_currency(value: Any) -> None:
    """An ISO 4217 currency code (core.domain.money.currency_problem says why not)."""
    problem = money.currency_problem(value)
    if problem is not None:
        raise ValidationError(problem, code="currency")


class Workspace(TimeStampedModel):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default=money.DEFAULT_CURRENCY,
        validators=[validate_currency],
        help_text=_("ISO 4217 code, such as EUR or USD: every amount of the workspace is in it."),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A staff member of a workspace, with one role."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=[(r.value, r.label) for r in StaffRole])

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["user__email"]
        constraints = [models.UniqueConstraint(fields=["workspace", "user"], name="membership_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} in {self.workspace}"


class Client(TenantModel):
    name = models.CharField(_("name"), max_length=150)
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True, help_text=_("Number of users/devices."))
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    address = TextField(_("address"), blank=True)
    notes = TextField(_("notes"), blank=True)
    archived = models.BooleanField(_("archived"), default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "workspace", name="client_unique_name_per_workspace"),
        ]
        indexes = [models.Index(fields=["workspace", "archived", "name"], name="client_ws_archived_name")]

    def __str__(self) -> str:
        return self.name


class ClientMembership(TenantModel):
    """A client's user with access to that client's portal."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_memberships")
    role = models.CharField(max_length=20, choices=[(r.value, r.label) for r in ClientRole])

    class Meta:
        ordering = ["user__email"]
        constraints = [models.UniqueConstraint(fields=["client", "user"], name="client_membership_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} at {self.client}"


class PartyKind(models.TextChoices):
    INTERNAL_ROLE = "internal_role", _("Internal role")
    PERSON = "person", _("Person")
    MSP = "msp", _("The MSP")
    ISP = "isp", _("ISP")
    SOFTWARE_VENDOR = "software_vendor", _("Software vendor")
    HARDWARE_VENDOR = "hardware_vendor", _("Hardware vendor")
    CLOUD_VENDOR = "cloud_vendor", _("Cloud vendor")
    CONSULTANT = "consultant", _("Consultant")
    OTHER = "other", _("Other")


class Party(TenantModel):
    """A member of a client's IT ecosystem (its "virtual IT department")."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=PartyKind.choices, default=PartyKind.OTHER)
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(Lower("name"), "client", name="party_unique_name_per_client"),
        ]

    def __str__(self) -> str:
        return self.name


class InvitationStatus(models.TextChoices):
    """What is stored. A pending invitation past its expiry reads as ``expired`` (see Invitation.state)."""

    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")


class Invitation(TenantModel):
    """An offer to join a workspace: as staff with ``role`` (no client), or as a portal user of ``client`` with
    a client role. Nothing is granted until the invited person accepts it, logged in as ``email``.

    Only a SHA-256 hash of the one-time secret in the emailed link is kept.
    """

    client = models.ForeignKey(
        "tenancy.Client", null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.CharField(_("email"), max_length=254, help_text="As the inviter typed it; matched ignoring case.")
    full_name = models.CharField(
        _("full name"),
        max_length=150,
        blank=True,
        help_text="Suggested for a new account; never applied to an existing one.",
    )
    role = models.CharField(_("role"), max_length=20)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "status", "client"], name="invitation_ws_status_client")]

    def __str__(self) -> str:
        return f"{self.email} → {self.role}"

    @property
    def is_staff(self) -> bool:
        return self.client_id is None

    @property
    def role_label(self) -> str:
        return StaffRole(self.role).label if self.is_staff else ClientRole(self.role).label

    def state_at(self, now: Any) -> str:
        """pending, expired, accepted or revoked."""
        if self.status == InvitationStatus.PENDING and self.expires_at <= now:
            return "expired"
        return str(self.status)

    @property
    def state(self) -> str:
        return self.state_at(timezone.now())
