"""Gap numbers on pages: ``{% load gap_format %}``, then ``{{ row.share|share }}`` and
``{{ row.weighted_gap|points }}``.

Every page that shows a weight share or a weighted gap formats it here, with the rules of gaps.format_share and
gaps.format_points (never a zero for a number that is not 0) and the active language's decimal separator.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import get_format
from django.utils.translation import gettext

from sevenc.assessments.domain.gaps import format_points, format_share

register = template.Library()


def _separator() -> str:
    return str(get_format("DECIMAL_SEPARATOR"))


@register.filter(name="share")
def share_filter(share: Any) -> str:
    """``0.0004|share`` → "<0.1 %", ``0.042|share`` → "4.2 %", ``0.25|share`` → "25 %", ``0|share`` → "not
    counted" (weight 0: the item does not count in the ITCq)."""
    text = format_share(float(share), decimal_separator=_separator())
    return gettext("not counted") if text is None else text


@register.filter(name="points")
def points_filter(points: Any) -> str:
    """``0.1234|points`` → "0.12", ``0.001|points`` → "<0.01"."""
    return format_points(float(points), decimal_separator=_separator())
