"""The roadmap's item cards as HTML, built in Python with every value escaped.

A roadmap holds up to a few hundred cards, each with its own small move form; one template include per card cost
most of the page's time, so the cards are plain string building (as the assessment grid's rows are). The page
template shows ``card.html`` for each; partials/roadmap_card.html is gone.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sevenc.planning.models import ActionItem, ItemStatus

_STATUS = dict(ItemStatus.choices)


def _money(value: Decimal) -> str:
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


class CardRenderer:
    ID = "\x00"  # stands for the item's pk in the prepared strings; escaped text never holds it

    def __init__(self, *, quarters: list[str], can_move: bool, csrf_token: str) -> None:
        self.can_move = can_move
        detail = reverse("planning:item_detail", kwargs={"item_id": 0})
        move = reverse("planning:item_move", kwargs={"item_id": 0})
        self.detail_head = detail[: detail.rindex("/0/") + 1]
        self.move_head = move[: move.rindex("/0/") + 1]
        self.options = [(q, f'<option value="{escape(q)}"', f">{escape(q)}</option>") for q in quarters]
        self.words = {
            "pinned": escape(_("pinned")),
            "month": escape(_("mo")),
            "quarter": escape(_("Quarter")),
            "none": escape(_("Not planned")),
            "move": escape(_("Move")),
        }
        self.csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
        self.status = {k: escape(str(v)) for k, v in _STATUS.items()}

    def __call__(self, item: ActionItem) -> SafeString:
        w, pk = self.words, str(item.pk)
        pin = f' <span title="{w["pinned"]}" aria-label="{w["pinned"]}">📌</span>' if item.pinned else ""
        recurring = f" + {_money(item.recurring_monthly_cost)}/{w['month']}" if item.recurring_monthly_cost else ""
        hours = number_format(item.effort_hours, decimal_pos=1 if item.effort_hours % 1 else 0)
        done = item.status == ItemStatus.DONE
        html = [
            f'<li class="roadmap-card{" roadmap-card--done" if done else ""}" id="item-{pk}">',
            f'<a href="{self.detail_head}{pk}/">{escape(item.title)}</a> ',
            f'<span class="badge badge--status-{item.status}">{self.status.get(item.status, "")}</span>{pin}',
            f'<small class="muted">{_money(item.one_time_cost)}{recurring} · {hours} h</small>',
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
