"""Strategy sessions: SWOT, business goals and strategic initiatives (the annual operational plan)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sevenc.core.models import TenantModel, TextField
from sevenc.planning.models import Priority

# --- Strategy sessions -------------------------------------------------------------------------------------------


class StrategySession(TenantModel):
    """An IT strategy planning retreat with the client's leadership."""

    client = models.ForeignKey("tenancy.Client", on_delete=models.CASCADE, related_name="strategy_sessions")
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    year = models.PositiveSmallIntegerField(_("plan year"), help_text=_("The year of the operational plan."))
    notes = TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class SwotKind(models.TextChoices):
    STRENGTH = "strength", _("Strength")
    WEAKNESS = "weakness", _("Weakness")
    OPPORTUNITY = "opportunity", _("Opportunity")
    THREAT = "threat", _("Threat")


class SwotEntry(TenantModel):
    session = models.ForeignKey(StrategySession, on_delete=models.CASCADE, related_name="swot")
    kind = models.CharField(_("kind"), max_length=12, choices=SwotKind.choices)
    text = models.CharField(_("text"), max_length=500)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["kind", "position", "pk"]
        verbose_name_plural = "SWOT entries"

    def __str__(self) -> str:
        return self.text


class BusinessGoal(TenantModel):
    session = models.ForeignKey(StrategySession, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=200)
    measure = models.CharField(_("how we know"), max_length=300, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class StrategicInitiative(TenantModel):
    """A group of action items that serves one or more business goals."""

    client = models.ForeignKey("tenancy.Client", on_delete=models.CASCADE, related_name="initiatives")
    session = models.ForeignKey(
        StrategySession, null=True, blank=True, on_delete=models.SET_NULL, related_name="initiatives"
    )
    goal = models.ForeignKey(BusinessGoal, null=True, blank=True, on_delete=models.SET_NULL, related_name="initiatives")
    title = models.CharField(_("initiative"), max_length=200)
    description = TextField(_("description"), blank=True)
    owner = models.CharField(_("owner"), max_length=150, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.MEDIUM)
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["year", "priority", "title"]

    def __str__(self) -> str:
        return self.title
