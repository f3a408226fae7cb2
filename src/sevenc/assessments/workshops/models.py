"""Workshops: respondents who answer an assessment blind, and their responses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sevenc.assessments.models import AnswerState, Assessment
from sevenc.core.models import TenantModel, TenantQuerySet, TextField


class RespondentKind(models.TextChoices):
    STAFF = "staff", _("MSP staff")
    CLIENT = "client", _("Client")


class Respondent(TenantModel):
    """A person invited to answer an assessment blind (workshop or self-assessment). A client respondent answers
    through the portal and sees only this questionnaire, never internal notes."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="respondents")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=RespondentKind.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assessment", "kind", "user__email"]
        constraints = [models.UniqueConstraint(fields=["assessment", "user"], name="respondent_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} on {self.assessment}"


class Response(models.Model):
    """One respondent's own answer to one practice (blind: respondents never see each other's)."""

    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="+")
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="responses")
    practice = models.ForeignKey("catalog.Practice", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=AnswerState.choices, default=AnswerState.UNANSWERED, blank=True)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["respondent", "practice"], name="response_unique_practice"),
            models.CheckConstraint(
                condition=(
                    Q(state="level", level__isnull=False, level__lte=5) | (~Q(state="level") & Q(level__isnull=True))
                ),
                name="response_level_matches_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.respondent_id}/{self.practice_id}: {self.state} {self.level}"
