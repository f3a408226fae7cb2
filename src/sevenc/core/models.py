"""Shared model bases: time stamps, the tenant queryset and the activity log."""

from __future__ import annotations

from typing import Any, Self, TypeVar

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

from sevenc.core.domain.limits import TEXT_MAX


class TextField(models.TextField):
    """Free text with the documented limit (``TEXT_MAX`` unless ``max_length`` says less), checked by
    ``full_clean()`` (so by every service) and by the forms built from the model. Django's own TextField
    passes ``max_length`` to forms only."""

    def __init__(self, *args: Any, max_length: int | None = TEXT_MAX, **kwargs: Any) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)
        if max_length is not None:
            self.validators.append(MaxLengthValidator(max_length))


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


_M = TypeVar("_M", bound=models.Model)


class TenantQuerySet(models.QuerySet[_M]):
    """The single choke point for tenant data: every read starts with ``for_workspace``."""

    def for_workspace(self, workspace: Any) -> Self:
        return self.filter(workspace=workspace)


class TenantModel(TimeStampedModel):
    """A row owned by one workspace."""

    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True


class ActivityEntry(models.Model):
    """What happened in a workspace, written explicitly by services (never by signals)."""

    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="activity")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=40)
    object_type = models.CharField(max_length=40)
    object_id = models.BigIntegerField(null=True, blank=True)
    summary = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "-created_at"], name="activity_ws_recent")]
        verbose_name_plural = "activity entries"

    def __str__(self) -> str:
        return self.summary
