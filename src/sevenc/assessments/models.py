"""ITCq assessments: a dated measurement of one client against one framework version, one answer per practice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sevenc.core.models import TenantModel, TenantQuerySet, TextField


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class Assessment(TenantModel):
    client = models.ForeignKey("tenancy.Client", on_delete=models.CASCADE, related_name="assessments")
    framework = models.ForeignKey(
        "catalog.Framework",
        on_delete=models.PROTECT,
        related_name="assessments",
        help_text="The exact framework version answered; never changes.",
    )
    title = models.CharField(_("title"), max_length=200)
    period = models.CharField(_("period"), max_length=20, blank=True, help_text=_("e.g. 2026-Q4"))
    assessed_on = models.DateField(_("date"))
    status = models.CharField(max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The assessment whose answers were copied forward.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        indexes = [
            models.Index(fields=["workspace", "client", "-assessed_on"], name="assessment_client_recent"),
            models.Index(fields=["workspace", "status", "-assessed_on"], name="assessment_ws_status_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.assessed_on})"

    @property
    def is_final(self) -> bool:
        return self.status == AssessmentStatus.FINAL


class AnswerState(models.TextChoices):
    UNANSWERED = "", _("Unanswered")
    LEVEL = "level", _("Level")
    NA = "na", _("Not applicable")
    UNKNOWN = "unknown", _("Unknown")


class Answer(models.Model):
    """One practice's answer in one assessment. Every practice has a row from the start (unanswered)."""

    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    practice = models.ForeignKey("catalog.Practice", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=AnswerState.choices, default=AnswerState.UNANSWERED, blank=True)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    note = TextField(blank=True)
    note_shared = models.BooleanField(default=False, help_text="Show the note to the client (else internal only).")
    evidence_url = models.URLField(max_length=500, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    rationale = TextField(blank=True, help_text="Why the vCIO set this value after a workshop's answers.")
    version = models.PositiveIntegerField(default=1)
    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "practice"], name="answer_unique_practice"),
            models.CheckConstraint(
                condition=(
                    Q(state="level", level__isnull=False, level__lte=5) | (~Q(state="level") & Q(level__isnull=True))
                ),
                name="answer_level_matches_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practice_id}: {self.state or '—'} {self.level if self.level is not None else ''}"


class PeerNorm(TenantModel):
    """The peer norm of a workspace's ITCq for one framework version and one year, frozen the first time at
    least 30 clients have a latest final assessment on that version in that year (docs/scoring.md). Frozen
    means kept: a client's quotient does not drift as other clients are assessed during the year."""

    framework = models.ForeignKey("catalog.Framework", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    median = models.FloatField()
    scale = models.FloatField(help_text="Robust standard deviation: IQR / 1.349.")
    peers = models.PositiveIntegerField()

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["workspace", "framework", "year"], name="peer_norm_unique")]

    def __str__(self) -> str:
        return f"norm {self.framework_id}/{self.year}: {self.median:.1f} ± {self.scale:.1f} (n={self.peers})"
