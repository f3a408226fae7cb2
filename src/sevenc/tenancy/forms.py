"""Forms for clients, parties, portal users and staff. They only parse input: saving goes
through tenancy.services, which validates again and owns the rules (unique names, roles)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from sevenc.core.domain.roles import ClientRole, StaffRole
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


class PartyRowForm(forms.Form):
    """One party typed while creating a client; an empty row is skipped."""

    name = forms.CharField(label=_("Party"), max_length=150, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *Party._meta.get_field("kind").choices], required=False
    )  # none chosen: the party's default kind (other)
    contact_name = forms.CharField(label=_("Contact name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name") or "").strip() and (data.get("contact_name") or data.get("email")):
            self.add_error("name", _("Name the party, or clear the row."))
        return data


PARTY_ROWS = 8  # blank rows offered when creating a client
PartyRowFormSet = forms.formset_factory(PartyRowForm, extra=PARTY_ROWS, max_num=50, validate_max=True)


def party_rows(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """The typed parties of a valid formset, empty rows left out."""
    return [
        {k: v for k, v in f.cleaned_data.items() if v}
        for f in formset.forms
        if f.cleaned_data and (f.cleaned_data.get("name") or "").strip()
    ]


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
    """Invite someone to a client's portal (they get access when they accept)."""

    email = forms.EmailField(label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Portal role"),
        choices=[(r.value, r.label) for r in ClientRole],
        initial=ClientRole.CONTRIBUTOR.value,
        help_text=_(
            "Executives see scores, plans and budgets; contributors answer "
            "questionnaires and update items assigned to them."
        ),
    )


class StaffForm(forms.Form):
    """Invite someone to the staff (they join when they accept)."""

    email = forms.EmailField(label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, roles: list[StaffRole], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in roles]
        if StaffRole.ANALYST in roles:
            self.fields["role"].initial = StaffRole.ANALYST.value


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[(r.value, r.label) for r in StaffRole])


class InvitationSignupForm(forms.Form):
    """The invited person without a password chooses one (and their name) on the accept page."""

    full_name = forms.CharField(
        label=_("Your name"), max_length=150, required=False, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("The password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            candidate = get_user_model()(email=self.email, full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(first, user=candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data
