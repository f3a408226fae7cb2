"""The matrix grid as HTML, built in Python with every value escaped (250 areas × 30 parties is 7,500 cells;
a template per cell would cost most of the page's time, as the assessment grid found).

A cell is ``<input name="c-<area>-<party>-<seen>" value="<role>">``: the name carries the role the page showed,
so a plain form submit (JavaScript off) tells the server both what the user saw and what they want."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sevenc.responsibility.models import ResponsibilityArea
from sevenc.tenancy.models import Party

CRITICALITY = {"high": "High", "medium": "Medium", "low": "Low"}


def cell_name(area_id: int, party_id: int, seen: str) -> str:
    return f"c-{area_id}-{party_id}-{seen}"


def parse_cells(data: Iterable[tuple[str, str]]) -> list[tuple[int, int, str, str]]:
    """(area id, party id, role wanted, role seen) for every cell field posted, a field posted twice included
    (the save refuses a cell named twice); other fields are ignored."""
    out = []
    for name, value in data:
        parts = name.split("-")
        if len(parts) != 4 or parts[0] != "c" or not parts[1].isdigit() or not parts[2].isdigit():
            continue
        out.append((int(parts[1]), int(parts[2]), value, parts[3]))
    return out


def header(parties: list[Party]) -> SafeString:
    cols = "".join(f'<th scope="col" class="matrix-party"><span>{escape(p.name)}</span></th>' for p in parties)
    return mark_safe(f'<tr><th scope="col" class="matrix-area">Responsibility area</th>{cols}</tr>')  # noqa: S308


def row(
    area: ResponsibilityArea,
    parties: list[Party],
    roles: dict[int, str],
    *,
    readonly: bool,
    wanted: dict[tuple[int, int], str] | None = None,
    conflicts: dict[tuple[int, int], str] | None = None,
) -> SafeString:
    """One area's row: its title, group and criticality, then one cell per party."""
    held = set(roles.values())
    gap = "R" not in held or "A" not in held
    flag = (
        ' <span class="badge badge--provisional" title="No one responsible or accountable: it falls to the CEO">'
        "CEO</span>"
        if gap
        else ""
    )
    cells = []
    for p in parties:
        seen = roles.get(p.pk, "")
        value = seen if wanted is None else wanted.get((area.pk, p.pk), seen)
        conflict = conflicts is not None and (area.pk, p.pk) in conflicts
        cls = f"matrix-cell role-{value or 'none'}" + (" is-conflict" if conflict else "")
        title = f' title="Now: {escape(conflicts[(area.pk, p.pk)] or "nothing")}"' if conflict else ""
        dis = " disabled" if readonly else ""
        cells.append(
            f'<td class="{cls}"{title}><input name="{cell_name(area.pk, p.pk, seen)}" value="{escape(value)}" '
            f'maxlength="1" size="1" autocomplete="off" aria-label="{escape(p.name)}"{dis}></td>'
        )
    crit = escape(area.criticality)
    head = (
        f'<th scope="row" class="matrix-area"><span class="crit crit--{crit}" title="{crit} criticality">'
        f"{escape(CRITICALITY.get(area.criticality, crit))[0]}</span> {escape(area.title)}{flag}"
        f'<br><small class="muted">{escape(area.group)}</small></th>'
    )
    return mark_safe(
        f'<tr class="matrix-row{" is-gap" if gap else ""}" data-area="{area.pk}">{head}'  # noqa: S308
        f"{''.join(cells)}</tr>"
    )
