"""The responsibility matrix: responsibility areas (duties, from a shipped library plus the workspace's own) ×
a client's parties, with RACI roles; the PSA mapping of each area; the workspace's matrix templates.

What nobody is responsible for falls to the client's CEO: docs/responsibility.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sevenc.core.models import TenantModel, TenantQuerySet, TextField, TimeStampedModel


class Criticality(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class RaciRole(models.TextChoices):
    RESPONSIBLE = "R", _("Responsible")
    ACCOUNTABLE = "A", _("Accountable")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


class ResponsibilityArea(TimeStampedModel):
    """One duty. ``workspace`` empty: from the shipped library (the same for every workspace); set: the
    workspace's own. Each is tied to a 7C practice by key (and its area and block)."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=120)
    group = models.CharField(_("group"), max_length=120)
    title = models.CharField(_("duty"), max_length=300)
    description = TextField(_("description"), blank=True)
    block_key = models.CharField(max_length=100)
    area_key = models.CharField(max_length=200)
    practice_key = models.CharField(max_length=250)
    criticality = models.CharField(
        _("criticality"), max_length=6, choices=Criticality.choices, default=Criticality.MEDIUM
    )
    position = models.PositiveIntegerField(default=0)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="resp_area_unique_key_per_workspace"),
            models.UniqueConstraint(
                fields=["key"], condition=Q(workspace__isnull=True), name="resp_area_unique_shipped_key"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class HiddenArea(TenantModel):
    """A shipped area the workspace does not use."""

    area = models.ForeignKey(ResponsibilityArea, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "area"], name="hidden_area_unique")]

    def __str__(self) -> str:
        return f"{self.area_id} hidden in {self.workspace_id}"


class PsaMapping(TenantModel):
    """Where tickets about an area go in the MSP's PSA."""

    area = models.ForeignKey(ResponsibilityArea, on_delete=models.CASCADE, related_name="+")
    board = models.CharField(_("board"), max_length=100, blank=True)
    queue = models.CharField(_("queue"), max_length=100, blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "area"], name="psa_mapping_unique")]

    def __str__(self) -> str:
        return f"{self.board}/{self.queue}/{self.category}"


class Assignment(TenantModel):
    """A party's RACI role in one responsibility area of a client."""

    client = models.ForeignKey("tenancy.Client", on_delete=models.CASCADE, related_name="assignments")
    area = models.ForeignKey(ResponsibilityArea, on_delete=models.CASCADE, related_name="assignments")
    party = models.ForeignKey("tenancy.Party", on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(max_length=1, choices=RaciRole.choices)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["area", "party"]
        constraints = [
            models.UniqueConstraint(fields=["client", "area", "party"], name="assignment_unique_cell"),
            models.UniqueConstraint(
                fields=["client", "area"], condition=Q(role="A"), name="assignment_one_accountable"
            ),
        ]
        indexes = [models.Index(fields=["workspace", "client"], name="assignment_ws_client")]

    def __str__(self) -> str:
        return f"{self.party_id} {self.role} in {self.area_id}"


class MatrixTemplate(TenantModel):
    """The MSP's standard split of duties, by kind of party (the MSP, an internal role, the ISP…)."""

    name = models.CharField(_("name"), max_length=150)
    description = TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="matrix_template_unique_name")]

    def __str__(self) -> str:
        return self.name


class TemplateAssignment(models.Model):
    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="+")
    template = models.ForeignKey(MatrixTemplate, on_delete=models.CASCADE, related_name="assignments")
    area = models.ForeignKey(ResponsibilityArea, on_delete=models.CASCADE, related_name="+")
    party_kind = models.CharField(max_length=20)
    role = models.CharField(max_length=1, choices=RaciRole.choices)
    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["template", "area", "party_kind"], name="template_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.party_kind} {self.role} in {self.area_id}"
