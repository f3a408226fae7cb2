"""People and their credentials: users (email login), API tokens, invitations to a workspace."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sevenc.core.domain.roles import ClientRole, StaffRole
from sevenc.core.models import TenantModel, TenantQuerySet


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin (not used by sevenc's UI).")
    date_joined = models.DateTimeField(default=timezone.now)
    last_workspace = models.ForeignKey(
        "tenancy.Workspace",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The workspace this person last chose (switching, accepting an invitation); they land there.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email


class ApiToken(models.Model):
    """A personal API token, scoped to one workspace. Only a SHA-256 hash of the secret is kept."""

    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, db_index=True, help_text="The first characters, to recognise it.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


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
    invited_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField()
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
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
