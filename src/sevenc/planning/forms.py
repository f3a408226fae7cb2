"""Forms for action items, the roadmap and the workspace's planning settings. They only parse input; the
services validate again and own the rules (same client, no dependency cycles, versions)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from sevenc.core.domain import money, quarters
from sevenc.planning.models import ItemStatus, Priority
from sevenc.planning.services import LiftSpec

MAX_LIFT_ROWS = 40
_MONEY = {"min_value": Decimal("0"), "max_digits": 12, "decimal_places": 2}


def _quarter(value: str) -> str:
    value = (value or "").strip().upper()
    if value:
        try:
            quarters.parse(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
    return value


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    status = forms.ChoiceField(label=_("Status"), choices=ItemStatus.choices, initial=ItemStatus.PROPOSED)
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.MEDIUM
    )
    responsible_party = forms.ChoiceField(label=_("Responsible party"), required=False)
    accountable = forms.CharField(label=_("Accountable person"), max_length=150, required=False)
    quarter = forms.CharField(label=_("Quarter"), max_length=7, required=False, help_text=_("e.g. 2027-Q1"))
    pinned = forms.BooleanField(
        label=_("Pinned to this quarter"), required=False, help_text=_("Scheduling keeps a pinned item where it is.")
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    one_time_cost = forms.DecimalField(
        label=_(money.ONE_TIME_COST), help_text=_(money.COST_DEFINITIONS["one_time_cost"]), initial=0, **_MONEY
    )
    recurring_monthly_cost = forms.DecimalField(
        label=_(money.MONTHLY_COST),
        help_text=_(money.COST_DEFINITIONS["recurring_monthly_cost"]),
        initial=0,
        **_MONEY,
    )
    effort_hours = forms.DecimalField(
        label=_("Effort (hours)"), initial=0, min_value=Decimal("0"), max_digits=7, decimal_places=1
    )
    duration = forms.IntegerField(
        label=_("Duration (quarters)"),
        required=False,
        initial=1,
        min_value=1,
        max_value=8,
        help_text=_("Hours and one-time cost are spread evenly over this many consecutive quarters."),
    )
    delivered_by = forms.CharField(
        label=_("Delivered by"),
        max_length=200,
        required=False,
        help_text=_("The MSP service or partner solution that delivers it."),
    )
    psa_reference = forms.CharField(label=_("PSA ticket or project"), max_length=100, required=False)
    psa_url = forms.URLField(label=_("PSA link"), max_length=500, required=False, assume_scheme="https")
    depends_on = forms.MultipleChoiceField(
        label=_("Depends on"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(
        self, *args: Any, parties: list[Any], other_items: list[Any], practices: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.parties = {str(p.pk): p for p in parties}
        self.others = {str(i.pk): i for i in other_items}
        self.fields["responsible_party"].choices = [("", "—")] + [(str(p.pk), p.name) for p in parties]
        self.fields["depends_on"].choices = [(str(i.pk), i.title) for i in other_items]
        self.practice_choices = practices
        self.lifts: list[LiftSpec] = []

    def clean_quarter(self) -> str:
        return _quarter(self.cleaned_data.get("quarter", ""))

    def clean_responsible_party(self) -> Any:
        value = self.cleaned_data.get("responsible_party")
        return self.parties.get(value) if value else None

    def clean_depends_on(self) -> list[Any]:
        return [self.others[v] for v in self.cleaned_data.get("depends_on", []) if v in self.others]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if isinstance(self.data, QueryDict):
            keys = self.data.getlist("lift_practice")[:MAX_LIFT_ROWS]
            levels = self.data.getlist("lift_level")[:MAX_LIFT_ROWS]
            known = {k for k, _ in self.practice_choices}
            lifts, errors = [], []
            for key, level in zip(keys, levels, strict=False):
                key = key.strip()
                if not key:
                    continue
                if key not in known:
                    errors.append(_("Unknown practice: %(key)s") % {"key": key})
                    continue
                try:
                    lvl = int(level)
                except (TypeError, ValueError):
                    errors.append(_("%(key)s: choose the level it should reach.") % {"key": key})
                    continue
                lifts.append(LiftSpec(key, lvl))
            if errors:
                raise ValidationError(errors)
            self.lifts = lifts
        return data


class ItemStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ItemStatus.choices)
    version = forms.IntegerField(min_value=1)


MAX_BULK = 500


class BulkForm(forms.Form):
    """The plan page's bulk form: the ticked items (``item``) with ``action``, or a button ``bulk`` =
    ``accept:all``, ``drop:all``, ``accept:block:<key>`` or ``drop:block:<key>`` (the forms without JavaScript);
    ``seen`` = ``<id>:<version>`` of every item the page showed (a change since refuses the whole operation)."""

    action = forms.ChoiceField(choices=[("accept", "accept"), ("drop", "drop"), ("merge", "merge")], required=False)
    bulk = forms.RegexField(regex=r"^(accept|drop):(all|block:[\w.-]{1,100})$", required=False)

    def __init__(self, data: QueryDict) -> None:
        super().__init__(data)
        self.item_ids = [int(v) for v in data.getlist("item")[:MAX_BULK] if v.isdigit()]
        self.versions: dict[int, int] | None = None
        seen = {}
        for value in data.getlist("seen")[: 2 * MAX_BULK]:
            pk, _sep, version = value.partition(":")
            if pk.isdigit() and version.isdigit():
                seen[int(pk)] = int(version)
        if seen:
            self.versions = seen

    @property
    def scope(self) -> tuple[str, str | None] | None:
        """(action, block key or None for all) for a bulk button; None for the ticked items."""
        bulk = self.cleaned_data.get("bulk") or ""
        if not bulk:
            return None
        action, _sep, rest = bulk.partition(":")
        return action, rest.removeprefix("block:") if rest.startswith("block:") else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("bulk") and not self.item_ids:
            raise ValidationError(_("Tick at least one item first."))
        if not data.get("bulk") and not data.get("action"):
            raise ValidationError(_("Choose what to do with the ticked items."))
        return data


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class MoveForm(forms.Form):
    quarter = forms.CharField(required=False, max_length=7)
    version = forms.IntegerField(min_value=1)
    pinned = forms.BooleanField(required=False)

    def clean_quarter(self) -> str:
        return _quarter(self.cleaned_data.get("quarter", ""))


class SplitForm(forms.Form):
    version = forms.IntegerField(min_value=1)


class DurationForm(forms.Form):
    duration = forms.IntegerField(min_value=1, max_value=8)
    version = forms.IntegerField(min_value=1)


class QuarterLimitForm(forms.Form):
    """One quarter's budget and hours (a remedy on the roadmap: raise the limit that keeps an item out)."""

    quarter = forms.CharField(max_length=7)
    budget = forms.DecimalField(required=False, **_MONEY)
    hours = forms.DecimalField(required=False, min_value=Decimal("0"), max_digits=7, decimal_places=1)
    version = forms.IntegerField(min_value=1, required=False)

    def clean_quarter(self) -> str:
        return _quarter(self.cleaned_data.get("quarter", ""))


class RoadmapForm(forms.Form):
    first_quarter = forms.CharField(label=_("First quarter"), max_length=7)
    quarters = forms.IntegerField(label=_("Quarters"), min_value=1, max_value=16)
    budget_per_quarter = forms.DecimalField(label=_("Budget per quarter"), **_MONEY)
    hours_per_quarter = forms.DecimalField(
        label=_("Hours per quarter"), min_value=Decimal("0"), max_digits=7, decimal_places=1
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def clean_first_quarter(self) -> str:
        value = _quarter(self.cleaned_data.get("first_quarter", ""))
        if not value:
            raise ValidationError(_("This field is required."))
        return value


class PlanningSettingsForm(forms.Form):
    hourly_rate = forms.DecimalField(label=_("Hourly rate"), **_MONEY)
    hours_per_level = forms.DecimalField(
        label=_("Effort hours per level of uplift"), min_value=Decimal("0"), max_digits=7, decimal_places=1
    )
    one_time_cost_per_level = forms.DecimalField(label=_("One-time cost per level of uplift"), **_MONEY)
    recurring_monthly_per_level = forms.DecimalField(label=_("Recurring monthly cost per level of uplift"), **_MONEY)
    urgency_boost = forms.DecimalField(
        label=_("Urgency boost for the Continuous block"),
        min_value=Decimal("0"),
        max_value=Decimal("5"),
        max_digits=4,
        decimal_places=2,
        help_text=_("0.25 makes security and continuity work count 25 % more."),
    )
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        min_length=3,
        help_text=_(
            "The workspace's currency, as an ISO 4217 code such as EUR or USD. It names every amount; it converts none."
        ),
    )
    staff_from_matrix = forms.BooleanField(
        label=_("Staff proposals from the responsibility matrix"),
        required=False,
        help_text=_(
            "Items proposed from the gaps take their responsible party and accountable person from the parties "
            "that hold R and A for the duties tied to their practices. Off: they come unstaffed."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class ApproveForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
