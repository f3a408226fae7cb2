"""Forms for clients, parties, portal users and staff. They only parse input: saving goes
through tenancy.services, which validates again and owns the rules (unique names, roles)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sevenc.core.roles import ClientRole, StaffRole
from sevenc.tenancy.models import Client, Party
from sevenc.tenancy.services import CLIENT_FIELDS, PARTY_FIELDS


class ClientForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = CLIENT_FIELDS
        widgets = {"address": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"notes": _("Internal: never shown in the client portal.")}

    def validate_unique(self) -> None:
        """Uniqueness is the service's rule (it knows the workspace)."""


class ClientEditForm(ClientForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PartyForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Party
        fields = PARTY_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"notes": _("Internal: never shown in the client portal.")}

    def validate_unique(self) -> None:
        """Uniqueness is the service's rule (it knows the client)."""


class PartyEditForm(PartyForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def service_values(form: forms.BaseForm) -> dict[str, Any]:
    """The cleaned values a service takes (everything but the concurrency version)."""
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


class PortalUserForm(forms.Form):
    email = forms.EmailField(label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Portal role"), choices=[(r.value, r.label) for r in ClientRole],
                             initial=ClientRole.CONTRIBUTOR.value,
                             help_text=_("Executives see scores, plans and budgets; contributors answer "
                                         "questionnaires and update items assigned to them."))


class StaffForm(forms.Form):
    email = forms.EmailField(label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, roles: list[StaffRole], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in roles]
        if StaffRole.ANALYST in roles:
            self.fields["role"].initial = StaffRole.ANALYST.value


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[(r.value, r.label) for r in StaffRole])
