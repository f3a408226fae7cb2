"""Forms for strategy sessions, SWOT entries, business goals and initiatives. They only parse input; the services
in strategy.py validate again and own the rules (same client, versions)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sevenc.planning.models import Priority
from sevenc.planning.strategy.models import SwotKind

YEAR = {"min_value": 2000, "max_value": 2100}


class StrategySessionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"placeholder": _("IT strategy retreat")})
    )
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    year = forms.IntegerField(label=_("Plan year"), help_text=_("The year of the operational plan."), **YEAR)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=50_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class SwotEntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SwotKind.choices)
    text = forms.CharField(label=_("Text"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class BusinessGoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=200)
    measure = forms.CharField(label=_("How we know"), max_length=300, required=False)
    target_date = forms.DateField(
        label=_("Target date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Initiative"), max_length=200)
    goal = forms.ChoiceField(label=_("Business goal it serves"), required=False)
    owner = forms.CharField(label=_("Owner"), max_length=150, required=False, help_text=_("Who drives it."))
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.MEDIUM
    )
    year = forms.IntegerField(label=_("Year"), **YEAR)
    session = forms.ChoiceField(label=_("Strategy session"), required=False)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, goals: list[Any], sessions: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = {str(g.pk): g for g in goals}
        self.fields["goal"].choices = [("", "—")] + [(str(g.pk), g.title) for g in goals]
        if sessions is None:  # created from a session: it is that session's
            del self.fields["session"]
            self.sessions: dict[str, Any] = {}
        else:
            self.sessions = {str(s.pk): s for s in sessions}
            self.fields["session"].choices = [("", "—")] + [
                (str(s.pk), f"{s.title} ({s.held_on:%Y-%m-%d})") for s in sessions
            ]

    def clean_goal(self) -> Any:
        value = self.cleaned_data.get("goal")
        return self.goals.get(value) if value else None

    def clean_session(self) -> Any:
        value = self.cleaned_data.get("session")
        return self.sessions.get(value) if value else None
