"""The catalog: versioned frameworks of blocks, areas and practices, and their maturity scale.

Shipped frameworks have no workspace and are never edited in place; a new version is a new row.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from sevenc.core.models import TenantQuerySet, TextField


class Framework(models.Model):
    key = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=40)
    source = TextField(blank=True)
    workspace = models.ForeignKey(
        "tenancy.Workspace",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="frameworks",
        help_text="Empty for a shipped framework.",
    )
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="derived")
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the canonical export, to load idempotently.")
    is_draft = models.BooleanField(
        default=False,
        help_text="A derived version being edited; assessments use only "
        "published (non-draft) versions, which never change.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["key", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"], condition=Q(workspace__isnull=True), name="framework_unique_shipped_version"
            ),
            models.UniqueConstraint(
                fields=["workspace", "key", "version"],
                condition=Q(workspace__isnull=False),
                name="framework_unique_workspace_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class MaturityLevel(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=60)
    description = models.CharField(max_length=300)

    class Meta:
        ordering = ["framework", "level"]
        constraints = [models.UniqueConstraint(fields=["framework", "level"], name="maturity_level_unique")]

    def __str__(self) -> str:
        return f"{self.level} {self.name}"


class Block(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="blocks")
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    question = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField()
    weight = models.FloatField(default=1.0, help_text="Importance within the framework (relative; 0 = not counted).")

    class Meta:
        ordering = ["framework", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "key"], name="block_unique_key")]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="areas")
    key = models.CharField(max_length=120)
    name = models.CharField(max_length=300)
    description = TextField(blank=True)
    position = models.PositiveSmallIntegerField()
    weight = models.FloatField(default=1.0, help_text="Importance within its block (relative; 0 = not counted).")

    class Meta:
        ordering = ["block__position", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "key"], name="area_unique_key")]

    def __str__(self) -> str:
        return self.name


class Practice(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="practices")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="practices")
    key = models.CharField(max_length=140)
    name = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField()
    weight = models.FloatField(default=1.0, help_text="Importance within its area (relative; 0 = not counted).")
    critical = models.BooleanField(default=False, help_text="Caps the area's gated level while it lags.")

    class Meta:
        ordering = ["area__block__position", "area__position", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "key"], name="practice_unique_key")]

    def __str__(self) -> str:
        return self.name
