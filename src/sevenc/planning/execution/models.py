"""Execution cycles: meetings, their decisions and the calendar feeds."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sevenc.core.models import TenantModel, TextField
from sevenc.planning.models import ActionItem

# --- Execution cycles --------------------------------------------------------------------------------------------


class MeetingKind(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly review")
    MONTHLY = "monthly", _("Monthly review")
    WEEKLY = "weekly", _("Weekly check-in")


class Meeting(TenantModel):
    client = models.ForeignKey("tenancy.Client", on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=10, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=60, validators=[MinValueValidator(5), MaxValueValidator(1440)]
    )
    location = models.CharField(_("location or link"), max_length=300, blank=True)
    agenda = models.JSONField(
        default=dict, blank=True, help_text="The generated agenda, frozen when the meeting is held."
    )
    notes = TextField(_("notes"), blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["workspace", "client", "-starts_at"], name="meeting_client_recent")]

    def __str__(self) -> str:
        return self.title


class DecisionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DECIDED = "decided", _("Decided")


class Decision(TenantModel):
    client = models.ForeignKey("tenancy.Client", on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions")
    item = models.ForeignKey(ActionItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions")
    text = models.CharField(_("decision"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["status", "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text


class CalendarFeed(TenantModel):
    """A secret URL serving a client's meetings and item due dates as iCalendar; revocable."""

    client = models.ForeignKey("tenancy.Client", on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    token_prefix = models.CharField(max_length=8, help_text="The first characters, to tell feeds apart.")
    label = models.CharField(_("label"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.token_prefix}… ({self.client_id})"
