"""The roadmap's item cards as HTML, built in Python with every value escaped.

A roadmap holds up to a few hundred cards, each with its own small move form; one template include per card cost
most of the page's time, so the cards are plain string building (as the assessment grid's rows are). The page
template shows ``card.html`` for each; partials/roadmap_card.html is gone.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sevenc.core.domain import money
from sevenc.core.templatetags.money import active_locale
from sevenc.planning import selectors
from sevenc.planning.domain import prioritise
from sevenc.planning.models import ActionItem, ItemStatus, shown_status

_STATUS = dict(ItemStatus.choices)


class CardRenderer:
    ID = "\x00"  # stands for the item's pk in the prepared strings; escaped text never holds it

    def __init__(
        self,
        *,
        quarters: list[str],
        can_move: bool,
        csrf_token: str,
        currency: str = money.DEFAULT_CURRENCY,
        hourly_rate: Decimal = Decimal("0"),
    ) -> None:
        self.can_move = can_move
        self.currency, self.locale = currency, active_locale()
        self.rates = prioritise.Rates(hourly_rate=hourly_rate)
        detail = reverse("planning:item_detail", kwargs={"item_id": 0})
        move = reverse("planning:item_move", kwargs={"item_id": 0})
        self.detail_head = detail[: detail.rindex("/0/") + 1]
        self.move_head = move[: move.rindex("/0/") + 1]
        self.options = [(q, f'<option value="{escape(q)}"', f">{escape(q)}</option>") for q in quarters]
        self.words = {
            "pinned": escape(_("pinned")),
            "one_time": escape(_(money.ONE_TIME_COST)),
            "monthly": escape(_(money.MONTHLY_COST)),
            "first_year": escape(_(money.FIRST_YEAR_COST)),
            "quarter": escape(_("Quarter")),
            "none": escape(_("Not planned")),
            "move": escape(_("Move")),
            "spans": escape(_("quarters")),
            "continues": escape(_("continues")),
        }
        self.csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
        self.status = {k: escape(str(v)) for k, v in _STATUS.items()}

    def _money(self, amount: Decimal) -> str:
        return escape(money.format_money(amount, self.currency, self.locale))

    def costs(self, item: ActionItem) -> str:
        """The item's costs with their labels, as the plan list and the portal name them (docs/planning.md)."""
        first_year = selectors.item_first_year_cost(item, self.rates)
        w = self.words
        parts = [f"{w['one_time']} {self._money(item.one_time_cost)}"]
        if item.recurring_monthly_cost:
            parts.append(f"{w['monthly']} {self._money(item.recurring_monthly_cost)}")
        parts.append(f"{w['first_year']} {self._money(first_year)}")
        return " · ".join(parts)

    def __call__(self, item: ActionItem) -> SafeString:
        w, pk = self.words, str(item.pk)
        pin = f' <span title="{w["pinned"]}" aria-label="{w["pinned"]}">📌</span>' if item.pinned else ""
        hours = number_format(item.effort_hours, decimal_pos=1 if item.effort_hours % 1 else 0)
        done = item.status == ItemStatus.DONE
        shown, label = shown_status(item.status, item.accepted_at is not None)
        html = [
            f'<li class="roadmap-card{" roadmap-card--done" if done else ""}" id="item-{pk}">',
            f'<a href="{self.detail_head}{pk}/">{escape(item.title)}</a> ',
            f'<span class="badge badge--status-{escape(shown)}">{escape(label)}</span>{pin}',
            f'<small class="muted">{self.costs(item)} · {hours} h'
            + (f" · {item.duration} {w['spans']}" if item.duration > 1 else "")
            + "</small>",
        ]
        if self.can_move and not done:
            options = "".join(
                before + (" selected" if q == item.quarter else "") + after for q, before, after in self.options
            )
            html.append(
                f'<form method="post" action="{self.move_head}{pk}/" class="roadmap-move">{self.csrf}'
                f'<input type="hidden" name="version" value="{item.version}">'
                f'<label class="visually-hidden" for="move-{pk}">{w["quarter"]}</label>'
                f'<select id="move-{pk}" name="quarter"><option value="">{w["none"]}</option>{options}</select>'
                f'<button type="submit" class="button button--small button--secondary">{w["move"]}</button></form>'
            )
        html.append("</li>")
        return mark_safe("".join(html))  # noqa: S308 - every value in it is escaped


def _amount(value: Decimal) -> str:
    """A limit as typed in the limits form: whole numbers without decimals, others with theirs (never rounded)."""
    places = max(0, -int(value.normalize().as_tuple().exponent)) if value != value.to_integral_value() else 0
    return number_format(value, decimal_pos=places, force_grouping=True)


def continuing_card(item: ActionItem, part: int) -> SafeString:
    """A multi-quarter item in one of its later quarters: its title and which of its quarters this is."""
    detail = reverse("planning:item_detail", kwargs={"item_id": item.pk})
    label = escape(_("continues: quarter %(part)s of %(n)s") % {"part": part, "n": item.duration})
    return mark_safe(  # noqa: S308 - every value in it is escaped
        f'<li class="roadmap-card roadmap-card--continuing"><a href="{escape(detail)}">{escape(item.title)}</a> '
        f'<small class="muted">{label}</small></li>'
    )


class RemedyRenderer:
    """The one-step actions that would place an unplaced item: raise a quarter's limit, spread the item over more
    quarters, or split it in two. Each is a small POST form; values are escaped."""

    def __init__(self, *, client_id: int, columns: list[Any], roadmap_version: int | None, csrf_token: str) -> None:
        self.columns = columns
        self.roadmap_version = roadmap_version
        self.limit_url = reverse("planning:roadmap_limit", kwargs={"client_id": client_id})
        split = reverse("planning:item_split", kwargs={"item_id": 0})
        duration = reverse("planning:item_duration", kwargs={"item_id": 0})
        self.split_head = split[: split.rindex("/0/") + 1]
        self.duration_head = duration[: duration.rindex("/0/") + 1]
        self.csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'

    def _form(self, action: str, fields: dict[str, Any], label: str) -> str:
        hidden = "".join(
            f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">' for k, v in fields.items() if v is not None
        )
        return (
            f'<form method="post" action="{escape(action)}" class="inline-form">{self.csrf}{hidden}'
            f'<button type="submit" class="button button--small button--secondary">{escape(label)}</button></form>'
        )

    def __call__(self, unplaced: Any) -> SafeString:
        item = unplaced.item
        out = []
        for remedy in unplaced.remedies:
            if remedy.kind == "raise-limit" and remedy.quarter is not None and remedy.amount is not None:
                col = self.columns[remedy.quarter]
                hours = unplaced.limit == "hours"
                fields = {
                    "quarter": col.quarter,
                    "budget": col.budget if hours else remedy.amount,
                    "hours": remedy.amount if hours else col.capacity,
                    "version": self.roadmap_version,
                }
                what = _("hours to %(n)s") if hours else _("budget to %(n)s")
                label = _("Raise %(quarter)s's %(what)s") % {
                    "quarter": col.quarter,
                    "what": what % {"n": _amount(remedy.amount)},
                }
                out.append(self._form(self.limit_url, fields, label))
            elif remedy.kind == "longer-duration" and remedy.duration:
                label = _("Spread over %(n)s quarters") % {"n": remedy.duration}
                fields = {"duration": remedy.duration, "version": item.version}
                out.append(self._form(f"{self.duration_head}{item.pk}/", fields, label))
            elif remedy.kind == "split":
                out.append(self._form(f"{self.split_head}{item.pk}/", {"version": item.version}, _("Split in two")))
        return mark_safe("".join(out))  # noqa: S308 - every value in it is escaped
