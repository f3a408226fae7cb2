"""Money on pages: ``{% load money %}``, then ``{{ amount|money:currency }}`` and ``{% cost_label "one_time_cost" %}``.

Every template that shows an amount formats it here (core.domain.money.format_money, in the active language's
locale) and names an item's costs with core.domain.money's labels, so a page never shows a bare number as "cost".
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language, gettext, to_locale

from sevenc.core.domain import money as domain_money

register = template.Library()


def active_locale() -> str:
    """The locale of the active language ("en" → "en"), the one money is formatted in."""
    return to_locale(get_language() or domain_money.DEFAULT_LOCALE)


@register.filter(name="money")
def money_filter(amount: Any, currency: str | None = None) -> str:
    """``1089|money:"USD"`` → "$1,089.00" in English."""
    return domain_money.format_money(amount, currency or domain_money.DEFAULT_CURRENCY, active_locale())


@register.simple_tag
def cost_label(key: str) -> str:
    """The label of one of an item's costs ("one_time_cost", "recurring_monthly_cost", "first_year_cost"),
    translated."""
    return gettext(domain_money.COST_LABELS[key])


@register.simple_tag
def cost_definition(key: str) -> str:
    """The one-sentence definition of one of an item's costs, translated."""
    return gettext(domain_money.COST_DEFINITIONS[key])
