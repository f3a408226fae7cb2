"""Action plans: action items that close gaps and the client's roadmap (strategy and execution cycles are the
sub-packages `strategy/` and `execution/`; their models belong to this app and its migrations).

Money is Decimal in the workspace's currency; quarters are labels such as ``2027-Q1``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sevenc.core.domain.quarters import PATTERN as QUARTER_RE  # the one quarter rule
from sevenc.core.models import TenantModel, TenantQuerySet, TextField

quarter_validator = RegexValidator(QUARTER_RE, _("Use a quarter such as 2027-Q1 (from 2000-Q1 to 2999-Q4)."))
_money = {
    "max_digits": 12,
    "decimal_places": 2,
    "default": Decimal("0"),
    "validators": [MinValueValidator(Decimal("0"))],
}


class PlanningSettings(TenantModel):
    """A workspace's defaults for costing generated proposals and weighing urgency."""

    hourly_rate = models.DecimalField(_("hourly rate"), **_money | {"default": Decimal("120")})
    hours_per_level = models.DecimalField(
        _("effort hours per level of uplift"),
        max_digits=7,
        decimal_places=1,
        default=Decimal("8"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Per practice, per maturity level it should rise; scaled by the area's effort factor."),
    )
    one_time_cost_per_level = models.DecimalField(
        _("one-time cost per level of uplift"), **_money | {"default": Decimal("250")}
    )
    recurring_monthly_per_level = models.DecimalField(
        _("recurring monthly cost per level of uplift"), **_money | {"default": Decimal("0")}
    )
    urgency_boost = models.DecimalField(
        _("urgency boost for the Continuous block"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.25"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("5"))],
        help_text=_("0.25 makes security and continuity work count 25 % more when prioritising."),
    )
    staff_from_matrix = models.BooleanField(
        _("staff proposals from the responsibility matrix"),
        default=True,
        help_text=_(
            "Generated items take their responsible party and accountable person from the parties that hold R and A "
            "for the duties tied to the item's practices."
        ),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace"], name="planning_settings_one_per_workspace")]
        verbose_name_plural = "planning settings"

    def __str__(self) -> str:
        return f"Planning settings of {self.workspace_id}"


class ItemStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


ACCEPTED = "accepted"  # not a stored status: how an accepted proposal is shown until the plan is approved
ACCEPTED_LABEL = _("Accepted")


def shown_status(status: str, accepted: bool) -> tuple[str, str]:
    """The one display rule for an item's status: (key, label). A proposal a vCIO accepted shows "Accepted" until
    the plan's approval moves it to approved; every other status shows as stored. Templates use
    ``ActionItem.status_shown`` and ``status_shown_label``; the roadmap's cards and the CLI call this."""
    if status == ItemStatus.PROPOSED and accepted:
        return ACCEPTED, str(ACCEPTED_LABEL)
    return status, str(ItemStatus(status).label) if status in ItemStatus.values else status


class ItemOrigin(models.TextChoices):
    MANUAL = "manual", _("Added by hand")
    GENERATED = "generated", _("Generated from gaps")


class Priority(models.IntegerChoices):
    HIGH = 1, _("High")
    MEDIUM = 2, _("Medium")
    LOW = 3, _("Low")


class ActionItem(TenantModel):
    client = models.ForeignKey("tenancy.Client", on_delete=models.CASCADE, related_name="action_items")
    title = models.CharField(_("title"), max_length=200)
    description = TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.PROPOSED)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.MEDIUM)
    origin = models.CharField(max_length=10, choices=ItemOrigin.choices, default=ItemOrigin.MANUAL)
    source_assessment = models.ForeignKey(
        "assessments.Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The assessment whose gaps proposed this item.",
    )
    accepted_at = models.DateTimeField(
        null=True, blank=True, help_text="When a vCIO accepted a generated proposal; regeneration keeps it."
    )
    responsible_party = models.ForeignKey(
        "tenancy.Party",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
        verbose_name=_("responsible party"),
    )
    accountable = models.CharField(_("accountable person"), max_length=150, blank=True)
    quarter = models.CharField(_("quarter"), max_length=7, blank=True, validators=[quarter_validator])
    pinned = models.BooleanField(
        _("pinned to its quarter"), default=False, help_text=_("The scheduler keeps a pinned item in its quarter.")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    one_time_cost = models.DecimalField(_("one-time cost"), **_money)
    recurring_monthly_cost = models.DecimalField(_("recurring monthly cost"), **_money)
    effort_hours = models.DecimalField(
        _("effort hours"),
        max_digits=7,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    duration = models.PositiveSmallIntegerField(
        _("duration in quarters"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
        help_text=_("The item's hours and one-time cost are spread evenly over this many consecutive quarters."),
    )
    # Where an MSP offering or a partner solution will be attached (a later feature); free text until then.
    delivered_by = models.CharField(
        _("delivered by"),
        max_length=200,
        blank=True,
        help_text=_("The MSP service or partner solution that delivers this item."),
    )
    psa_reference = models.CharField(_("PSA ticket or project"), max_length=100, blank=True)
    psa_url = models.URLField(_("PSA link"), max_length=500, blank=True)
    initiative = models.ForeignKey(
        "StrategicInitiative",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
        verbose_name=_("strategic initiative"),
    )
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        through="ItemDependency",
        through_fields=("item", "depends_on"),
        related_name="required_by",
        blank=True,
    )
    done_at = models.DateTimeField(null=True, blank=True)
    review_flag = models.CharField(
        max_length=300, blank=True, help_text="Set when a done item's practice did not rise in a later assessment."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["quarter", "priority", "pk"]
        indexes = [
            models.Index(fields=["workspace", "client", "status"], name="item_client_status"),
            models.Index(fields=["workspace", "client", "quarter"], name="item_client_quarter"),
            models.Index(fields=["workspace", "due_date"], name="item_ws_due"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_shown(self) -> str:
        """The status key every page shows (``accepted`` for an accepted proposal): see shown_status()."""
        return shown_status(self.status, self.accepted_at is not None)[0]

    @property
    def status_shown_label(self) -> str:
        return shown_status(self.status, self.accepted_at is not None)[1]

    @property
    def is_pending_proposal(self) -> bool:
        """A generated proposal nobody has touched: regeneration may replace it."""
        return (
            self.origin == ItemOrigin.GENERATED
            and self.accepted_at is None
            and self.status == ItemStatus.PROPOSED
            and self.version == 1
        )


class ItemLift(models.Model):
    """A practice an action item lifts and the level it should reach."""

    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="lifts")
    practice = models.ForeignKey("catalog.Practice", on_delete=models.PROTECT, related_name="+")
    expected_level = models.PositiveSmallIntegerField(validators=[MaxValueValidator(5)])
    level_at_start = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The practice's level when the item was planned."
    )
    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["item", "practice"]
        constraints = [
            models.UniqueConstraint(fields=["item", "practice"], name="lift_unique_practice"),
            models.CheckConstraint(condition=Q(expected_level__lte=5), name="lift_level_0_5"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} lifts {self.practice_id} to {self.expected_level}"


class ItemDependency(models.Model):
    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="+")
    depends_on = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="+")
    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "depends_on"], name="dependency_unique"),
            models.CheckConstraint(condition=~Q(item=models.F("depends_on")), name="dependency_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} after {self.depends_on_id}"


class ItemComment(TenantModel):
    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = TextField(_("comment"))

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class Roadmap(TenantModel):
    """A client's planning horizon and limits; one per client."""

    client = models.OneToOneField("tenancy.Client", on_delete=models.CASCADE, related_name="roadmap")
    first_quarter = models.CharField(_("first quarter"), max_length=7, validators=[quarter_validator])
    quarters = models.PositiveSmallIntegerField(
        _("number of quarters"), default=8, validators=[MinValueValidator(1), MaxValueValidator(16)]
    )
    budget_per_quarter = models.DecimalField(_("budget per quarter"), **_money | {"default": Decimal("10000")})
    hours_per_quarter = models.DecimalField(
        _("hours per quarter"),
        max_digits=7,
        decimal_places=1,
        default=Decimal("80"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Roadmap of {self.client_id}"


class QuarterLimit(models.Model):
    """A quarter whose budget or hours differ from the roadmap's default."""

    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="+")
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="limits")
    quarter = models.CharField(max_length=7, validators=[quarter_validator])
    budget = models.DecimalField(**_money)
    hours = models.DecimalField(
        max_digits=7, decimal_places=1, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))]
    )
    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["quarter"]
        constraints = [models.UniqueConstraint(fields=["roadmap", "quarter"], name="quarter_limit_unique")]

    def __str__(self) -> str:
        return self.quarter


class PlanApproval(TenantModel):
    """Who approved a client's plan and when, with what it contained at that moment."""

    client = models.ForeignKey("tenancy.Client", on_delete=models.CASCADE, related_name="plan_approvals")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    items = models.JSONField(default=list, help_text="Snapshot: id, title, quarter, costs of each item.")
    total_cost = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    comment = TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Plan of {self.client_id} approved {self.created_at:%Y-%m-%d}"
