"""Goal setting: the targets set against an assessment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sevenc.assessments.models import Assessment
from sevenc.core.models import TenantModel, TextField


class TargetScope(models.TextChoices):
    BLOCK = "block", _("Block")
    AREA = "area", _("Area")
    PRACTICE = "practice", _("Practice")


class TargetReason(models.TextChoices):
    REVENUE = "more_revenue", _("More revenue")
    COST = "lower_cost", _("Lower cost")
    CONTINUITY = "continuity", _("Business continuity")
    COMPLIANCE = "compliance", _("Compliance")
    OTHER = "other", _("Other")


class Target(TenantModel):
    """A goal set in the goal-setting workshop against one assessment: the level the client wants a block, area
    or practice to reach (0–5; ×20 on the 0–100 scale), why, and by when; optionally the client's importance
    weight for it (replaces the framework's weight in the client's scores and gaps)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="targets")
    scope = models.CharField(max_length=10, choices=TargetScope.choices)
    key = models.CharField(max_length=140, help_text="The block, area or practice key in the assessment's framework.")
    level = models.FloatField(_("target level"), null=True, blank=True)
    importance = models.FloatField(_("importance weight"), null=True, blank=True)
    reason = models.CharField(_("business reason"), max_length=20, choices=TargetReason.choices, blank=True)
    reason_note = TextField(_("why"), blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["assessment", "scope", "key"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "scope", "key"], name="target_unique_key"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=0, level__lte=5), name="target_level_range"
            ),
            models.CheckConstraint(
                condition=Q(importance__isnull=True) | Q(importance__gte=0), name="target_importance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} → {self.level}"
