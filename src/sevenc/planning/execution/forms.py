"""Forms for execution cycles. They only parse input: saving goes through planning.meetings, which validates
again and owns the rules (versions, held meetings, same client)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sevenc.planning.execution.domain.agenda import MAX_SERIES
from sevenc.planning.execution.models import MeetingKind

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=DATETIME_INPUT, help_text=_("In the workspace's time zone.")
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Empty: the kind and the date, e.g. “Monthly review 2026-05”."),
    )
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=1440, initial=60)
    location = forms.CharField(label=_("Location or link"), max_length=300, required=False)

    def __init__(self, *args: Any, prefix: str = "meeting", **kwargs: Any) -> None:
        super().__init__(*args, prefix=prefix, **kwargs)


class MeetingEditForm(MeetingForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="edit", **kwargs)


class SeriesForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    first_starts_at = forms.DateTimeField(
        label=_("First meeting"),
        widget=DATETIME_INPUT,
        help_text=_("The others follow every week, month or quarter at the same time."),
    )
    count = forms.IntegerField(
        label=_("How many"),
        min_value=1,
        max_value=MAX_SERIES,
        initial=4,
        help_text=_("At most %(n)d.") % {"n": MAX_SERIES},
    )
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=1440, initial=60)
    location = forms.CharField(label=_("Location or link"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="series", **kwargs)


class NotesForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), max_length=500)
    item = forms.TypedChoiceField(label=_("About the action item"), required=False, coerce=int, empty_value=None)
    decided = forms.BooleanField(label=_("Already decided"), required=False)

    def __init__(self, *args: Any, items: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, prefix="decision", **kwargs)
        self.fields["item"].choices = [("", _("— none —")), *items]  # type: ignore[attr-defined]


class DecisionStateForm(forms.Form):
    status = forms.ChoiceField(choices=[("pending", _("Pending")), ("decided", _("Decided"))])
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class CalendarFeedForm(forms.Form):
    label = forms.CharField(
        label=_("Label"), max_length=100, required=False, help_text=_("Whose calendar it is for, e.g. “CEO's Outlook”.")
    )
