"""core.domain.money: money by locale, currency codes, the cost labels; and the ``money`` template library."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from sevenc.core.domain import money

# --- format_money --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "shown"),
    [
        (Decimal("1089"), "USD", "en_US", "$1,089.00"),
        (Decimal("1089"), "EUR", "de_DE", "1.089,00\xa0€"),
        (Decimal("1089"), "EUR", "en", "€1,089.00"),
        (Decimal("1089.5"), "GBP", "en_GB", "£1,089.50"),
        (Decimal("1089"), "JPY", "en", "¥1,089"),  # the currency's own decimals
        (Decimal("-25.5"), "USD", "en_US", "-$25.50"),
        (0, "USD", "en", "$0.00"),
        ("225", "USD", "en", "$225.00"),
        (Decimal("1234567.891"), "EUR", "fr_FR", "1\u202f234\u202f567,89\xa0€"),
        (Decimal("1234567.891"), "INR", "en_IN", "₹12,34,567.89"),  # grouped as India groups
    ],
)
def test_it_formats_money_by_the_locale(amount: object, currency: str, locale: str, shown: str) -> None:
    assert money.format_money(amount, currency, locale) == shown  # type: ignore[arg-type]


def test_it_takes_a_language_code_or_falls_back_to_english() -> None:
    assert money.format_money(Decimal("1089"), "EUR", "de-de") == "1.089,00\xa0€"
    assert money.format_money(Decimal("1089"), "USD", None) == "$1,089.00"
    assert money.format_money(Decimal("1089"), "USD", "xx_NOPE") == "$1,089.00"


def test_an_empty_or_bad_amount_never_fails_a_page() -> None:
    assert money.format_money(None, "USD", "en") == ""
    assert money.format_money("", "USD", "en") == ""
    assert money.format_money("n/a", "USD", "en") == "n/a"
    assert money.format_money(Decimal("NaN"), "USD", "en") == "NaN"


@given(
    cents=st.integers(min_value=-(10**13), max_value=10**13),
    currency=st.sampled_from(["USD", "EUR", "GBP", "CHF", "AUD"]),
)
def test_english_money_reads_back_as_the_amount(cents: int, currency: str) -> None:
    """In English the digits, once the symbol and the grouping commas are taken out, are the amount to the cent."""
    amount = Decimal(cents) / 100
    shown = money.format_money(amount, currency, "en")
    digits = re.sub(r"[^\d.\-]", "", shown)
    assert Decimal(digits) == amount
    assert shown.count(".") == 1 and len(shown.rsplit(".", 1)[1]) == 2


@given(
    units=st.integers(min_value=0, max_value=10**12),
    locale=st.sampled_from(["en", "en_US", "de_DE", "fr_FR", "es_ES", "nl_NL", "it_IT"]),
)
def test_every_locale_shows_every_digit_and_the_currency(units: int, locale: str) -> None:
    shown = money.format_money(Decimal(units), "EUR", locale)
    assert "€" in shown
    assert re.sub(r"\D", "", shown) == f"{units}00"  # the digits, then the two decimals, in order


# --- currency codes ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["EUR", "USD", "GBP", "JPY", "CHF", "AUD"])
def test_it_accepts_iso_4217_codes(code: str) -> None:
    assert money.currency_problem(code) is None


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("EURO", "three-letter ISO 4217 code"),
        ("", "three-letter ISO 4217 code"),
        ("€", "three-letter ISO 4217 code"),
        ("12A", "three-letter ISO 4217 code"),
        (None, "three-letter ISO 4217 code"),
        ("usd", "in capitals: USD"),
        ("ABC", "ABC is not an ISO 4217 currency code"),
    ],
)
def test_it_says_why_a_code_is_refused(code: object, says: str) -> None:
    problem = money.currency_problem(code)
    assert problem is not None and says in problem


def test_typed_codes_are_normalised() -> None:
    assert money.normalise_currency(" usd ") == "USD"
    assert money.normalise_currency(None) is None


@given(st.text(max_size=5))
def test_a_code_is_accepted_only_when_babel_knows_it(code: str) -> None:
    if money.currency_problem(code) is None:
        assert len(code) == 3 and code.isupper()
        assert money.format_money(1, code, "en")  # and it formats


# --- labels --------------------------------------------------------------------------------------------------------


def test_the_three_costs_have_one_label_and_one_definition_each() -> None:
    assert money.COST_LABELS == {
        "one_time_cost": "One-time cost",
        "recurring_monthly_cost": "Monthly cost",
        "first_year_cost": "First-year cost",
    }
    assert set(money.COST_DEFINITIONS) == set(money.COST_LABELS)
    for key, label in money.COST_LABELS.items():
        assert money.COST_DEFINITIONS[key].startswith(label + ":")
    assert "12 × monthly cost" in money.COST_DEFINITIONS["first_year_cost"]
    assert "hourly rate" in money.COST_DEFINITIONS["first_year_cost"]


# --- the template library ------------------------------------------------------------------------------------------


def _render(source: str, **context: object) -> str:
    return Template("{% load money %}" + source).render(Context(context))


def test_the_filter_formats_in_the_active_language() -> None:
    assert _render("{{ a|money:cur }}", a=Decimal("1089"), cur="USD") == "$1,089.00"
    assert _render("{{ a|money:cur }}", a=None, cur="USD") == ""
    assert _render("{{ a|money }}", a=5) == "€5.00"  # no currency given: the default
    with translation.override("de"):
        assert _render("{{ a|money:cur }}", a=Decimal("1089"), cur="EUR") == "1.089,00\xa0€"


def test_the_tags_name_the_costs() -> None:
    assert _render('{% cost_label "first_year_cost" %}') == "First-year cost"
    assert _render('{% cost_label "recurring_monthly_cost" %}') == "Monthly cost"
    assert _render('{% cost_definition "one_time_cost" %}').startswith("One-time cost: paid once")
