"""Money as people read it, and the one vocabulary of an action item's costs (docs/planning.md, "Costs").

- ``format_money(amount, currency, locale)``: an amount in an ISO 4217 currency, formatted by the locale's
  conventions (CLDR, through Babel): ``$1,089.00`` in en_US, ``1.089,00 €`` in de_DE.
- ``currency_problem(code)``: why a currency code is refused, or None.
- The cost labels: every page, export, CLI line and API description names an item's costs with these words, so
  that one amount has one name everywhere. ``gettext_noop`` marks them for translation without importing Django;
  the pages translate them when they show them.

Pure: Babel computes from the locale data it ships; no I/O of its own.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Final

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, is_currency

DEFAULT_CURRENCY: Final = "EUR"
DEFAULT_LOCALE: Final = "en"


def gettext_noop(message: str) -> str:
    """Marks a string for translation (makemessages reads the name) and returns it unchanged."""
    return message


# The costs of an action item (prioritise.item_cost computes the first-year cost).
ONE_TIME_COST: Final = gettext_noop("One-time cost")
MONTHLY_COST: Final = gettext_noop("Monthly cost")
FIRST_YEAR_COST: Final = gettext_noop("First-year cost")
# What a quarter of the roadmap spends (the scheduler's limit): one-time costs placed there + 3 × monthly costs.
QUARTER_SPEND: Final = gettext_noop("Spend in the quarter")

COST_LABELS: Final = {
    "one_time_cost": ONE_TIME_COST,
    "recurring_monthly_cost": MONTHLY_COST,
    "first_year_cost": FIRST_YEAR_COST,
}
# One sentence each, for help texts and API descriptions.
COST_DEFINITIONS: Final = {
    "one_time_cost": gettext_noop("One-time cost: paid once, in the item's quarter(s)."),
    "recurring_monthly_cost": gettext_noop("Monthly cost: paid every month from the item's quarter on."),
    "first_year_cost": gettext_noop(
        "First-year cost: one-time cost + 12 × monthly cost + effort hours × the hourly rate."
    ),
}


def currency_problem(code: object) -> str | None:
    """Why ``code`` is not an ISO 4217 currency code (three capital letters that CLDR knows), or None."""
    if not isinstance(code, str) or len(code) != 3 or not code.isascii() or not code.isalpha():
        return "Enter a currency as its three-letter ISO 4217 code, such as EUR or USD."
    if code != code.upper():
        return f"Write the currency code in capitals: {code.upper()}."
    if not is_currency(code):
        return f"{code} is not an ISO 4217 currency code (such as EUR or USD)."
    return None


def normalise_currency(code: object) -> object:
    """Input as people type it: surrounding spaces dropped and letters in capitals; anything else unchanged."""
    return code.strip().upper() if isinstance(code, str) else code


def _locale(locale: str | None) -> Locale:
    try:
        return Locale.parse((locale or DEFAULT_LOCALE).replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse(DEFAULT_LOCALE)


def format_money(amount: Decimal | int | float | str | None, currency: str, locale: str | None = None) -> str:
    """``amount`` in ``currency`` as the locale writes it: "$1,089.00" (en_US), "1.089,00 €" (de_DE).

    The currency's own number of decimals (2 for EUR and USD, 0 for JPY). An empty amount is "" and a value that
    is not a number is shown as given, so a page never fails on one bad cell. An unknown locale falls back to
    English."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return str(amount)
    if not value.is_finite():
        return str(amount)
    return format_currency(value, currency or DEFAULT_CURRENCY, locale=_locale(locale))
