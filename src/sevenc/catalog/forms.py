"""Forms of the catalog pages, and the parser of a draft editor's tables.

They only parse input; ``catalog.derive`` validates again and owns the rules (keys, weights, drafts only).

The editor's tables name their inputs ``<kind>-<pk>-<what>``: ``block-3-weight``, ``area-12-weight``,
``area-12-remove``, ``practice-40-weight``, ``practice-40-critical``, ``practice-40-remove``. A hidden ``table``
field says which table was posted (``structure`` or ``area-<pk>``); one table is saved all or nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sevenc.catalog.domain import document
from sevenc.catalog.selectors import EditorArea, EditorBlock
from sevenc.catalog.services import DraftChanges, ItemChange

STRUCTURE = "structure"


class FrameworkDeriveForm(forms.Form):
    version = forms.CharField(
        label=_("New version"),
        max_length=document.MAX["version"],
        help_text=_("e.g. 2026.1-alpha; must be new for this framework."),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=document.MAX["framework_name"],
        required=False,
        help_text=_("Leave empty to keep the source's name."),
    )


class PracticeAddForm(forms.Form):
    area_key = forms.ChoiceField(label=_("Area"))
    key = forms.CharField(
        label=_("Key"),
        max_length=document.MAX["practice_key"],
        help_text=_("Lower-case letters, digits, '.', '_' and '-'; new in this framework."),
    )
    name = forms.CharField(label=_("Practice"), max_length=document.MAX["name"])
    weight = forms.FloatField(label=_("Weight"), min_value=0, initial=1.0)
    critical = forms.BooleanField(label=_("Critical"), required=False)

    def __init__(self, *args: Any, tree: list[EditorBlock], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area_key"].choices = [
            (a.area.key, f"{b.block.name} · {a.area.name}") for b in tree for a in b.areas
        ]


class AreaAddForm(forms.Form):
    block_key = forms.ChoiceField(label=_("Block"))
    key = forms.CharField(
        label=_("Area key"),
        max_length=document.MAX["area_key"],
        help_text=_("Lower-case letters, digits, '.', '_' and '-'; new in this framework."),
    )
    name = forms.CharField(label=_("Area name"), max_length=document.MAX["name"])
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    practice_key = forms.CharField(label=_("First practice: key"), max_length=document.MAX["practice_key"])
    practice_name = forms.CharField(label=_("First practice: name"), max_length=document.MAX["name"])

    def __init__(self, *args: Any, tree: list[EditorBlock], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["block_key"].choices = [(b.block.key, b.block.name) for b in tree]


def _checked(data: Any, name: str) -> bool:
    return data.get(name) in ("on", "1", "true")


def editor_changes(data: Any, tree: list[EditorBlock]) -> tuple[str, DraftChanges] | None:
    """The changes that one posted editor table asks for, or None when ``table`` names no table of ``tree``."""
    table = data.get("table", "")
    if table == STRUCTURE:
        blocks = [
            ItemChange(b.block.key, f"block-{b.block.pk}", weight=data.get(f"block-{b.block.pk}-weight")) for b in tree
        ]
        areas = [
            ItemChange(
                a.area.key,
                f"area-{a.area.pk}",
                weight=data.get(f"area-{a.area.pk}-weight"),
                hidden=_checked(data, f"area-{a.area.pk}-remove"),
            )
            for b in tree
            for a in b.areas
        ]
        return table, DraftChanges(blocks=blocks, areas=areas)
    area = next((a for b in tree for a in b.areas if table == f"area-{a.area.pk}"), None)
    if area is None:
        return None
    return table, DraftChanges(practices=_practice_changes(data, area))


def _practice_changes(data: Any, area: EditorArea) -> list[ItemChange]:
    return [
        ItemChange(
            p.key,
            f"practice-{p.pk}",
            weight=data.get(f"practice-{p.pk}-weight"),
            critical=_checked(data, f"practice-{p.pk}-critical"),
            hidden=_checked(data, f"practice-{p.pk}-remove"),
        )
        for p in area.practices
    ]
