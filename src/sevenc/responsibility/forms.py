"""Forms of the responsibility matrix."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sevenc.responsibility.domain.starters import Slot

LEAVE_OUT = "-"


class TemplateApplyForm(forms.Form):
    """Start a client's matrix from a template in one step: one select per slot of the template (a kind of party:
    the owner, the MSP, the ISP…) listing the client's parties, prefilled by kind; an optional slot may be left
    out. The service checks the mapping (every slot chosen, no party for two required slots)."""

    template = forms.CharField(widget=forms.HiddenInput, max_length=60)

    def __init__(
        self,
        data: Any = None,
        *,
        ref: str,
        slots: Sequence[Slot],
        parties: Sequence[Any],
        suggested: Mapping[str, int | None],
    ) -> None:
        super().__init__(data, initial={"template": ref}, prefix=None)
        self.ref = ref
        self.slots = tuple(slots)
        party_choices = [(str(p.pk), p.name) for p in parties]
        for slot in self.slots:
            choices = [("", _("— choose a party —")), *party_choices]
            if not slot.required:
                choices.append((LEAVE_OUT, _("Leave out (its duties stay empty)")))
            party = suggested.get(slot.key)
            initial = str(party) if party is not None else ("" if slot.required else LEAVE_OUT)
            self.fields[f"map_{slot.key}"] = forms.ChoiceField(
                label=slot.name, choices=choices, required=False, initial=initial
            )

    def slot_fields(self) -> list[forms.BoundField]:
        return [self[f"map_{s.key}"] for s in self.slots]

    def mapping(self) -> dict[str, int | None]:
        """Slot key → party id, or None to leave it out; a slot with no choice is absent (the service names it)."""
        out: dict[str, int | None] = {}
        for slot in self.slots:
            value = self.cleaned_data.get(f"map_{slot.key}", "")
            if value == LEAVE_OUT:
                out[slot.key] = None
            elif value:
                out[slot.key] = int(value)
        return out
