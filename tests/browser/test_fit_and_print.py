"""Pages fit the screen and print on paper (docs/ui.md).

On screen, at 1280, 1440 and 1920 px and on a 390 px phone, no element of a demo client's pages is wider than
the window and the document never scrolls sideways; only the intended frames scroll (``.table-wrap``,
``.scroll-frame`` and the boards: the roadmap and the responsibility matrix). From 1280 px up a table in a
``.table-wrap`` fits whole: the targets keep their date column, the action plan every column after "Hours".

On paper (print media, A4), navigation, buttons and controls are gone, the data is there (form values as text,
every quarter of the roadmap, every row of the targets and the gaps), no table is wider than its page, and the
PDFs of the targets, the roadmap and the gap analysis have a bounded number of pages and the expected text.

One browser page per person serves every check; the two tests load the demo once each.
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 1440, 1920, 390)
WIDE = 1280  # from here up, a table in a .table-wrap fits without scrolling

# The printable width of A4 in CSS pixels (96 per inch) with print.css's margins: 210 - 22 mm and 297 - 20 mm.
PORTRAIT_PX = int((210 - 22) / 25.4 * 96)
LANDSCAPE_PX = int((297 - 20) / 25.4 * 96)

# Every element outside an intended scroll frame that reaches past the window's edges. An element entirely left
# of the window (the skip link's off-screen technique) is not seen and does not widen the page.
OVERFLOWING = """() => {
  const vw = document.documentElement.clientWidth, out = [];
  const frames = '.table-wrap, .scroll-frame, .roadmap, .matrix-wrap';
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= 0) continue;
    if (r.right <= vw + 0.5 && r.left >= -0.5) continue;
    if (el.parentElement.closest(frames)) continue;
    out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, viewport: vw, overflowing: out.slice(0, 5)};
}"""

# The .table-wrap frames whose table does not fit (it would hide its last columns behind a scroll bar).
CLIPPED_TABLES = """() => [...document.querySelectorAll('.table-wrap')]
  .filter(w => w.getClientRects().length && w.scrollWidth > w.clientWidth + 1)
  .map(w => `${w.querySelector('table')?.className || 'table'}: ${w.clientWidth} < ${w.scrollWidth} px`)"""

# On a phone, the share of the matrix's frame that its sticky area column covers (the parties' cells need the rest).
STICKY_SHARE = """() => { const w = document.querySelector('.matrix-wrap');
  return w.querySelector('.matrix-area').getBoundingClientRect().width / w.clientWidth; }"""

# In print media: what is shown that should not be, the tables wider than the page, the rows shown.
PRINTED = """() => {
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const vw = document.documentElement.clientWidth;
  return {
    page: getComputedStyle(document.querySelector('main')).page,
    scrollWidth: document.documentElement.scrollWidth,
    chrome: [...document.querySelectorAll('.site-header, nav, .tabs, .breadcrumbs, button, .button, .site-footer')]
      .filter(shown).map(el => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.trim().slice(0, 40)}`),
    wideTables: [...document.querySelectorAll('table')].filter(shown)
      .filter(t => t.getBoundingClientRect().right > vw + 0.5)
      .map(t => `${t.className || 'table'} ends at ${Math.round(t.getBoundingClientRect().right)} px`),
    rows: [...document.querySelectorAll('main tbody tr')].filter(shown).length,
    text: document.querySelector('main').innerText.length,
  };
}"""


def _demo_client(demo: Any) -> dict[str, Any]:
    """Harbourview's pages: the latest final assessment with targets, its next review, its plan's year."""
    from sevenc.assessments.models import Assessment
    from sevenc.planning.execution.models import Meeting
    from sevenc.tenancy.models import Client

    client = Client.objects.get(workspace=demo.workspace, name="Harbourview Dental Group")
    assessment = (
        Assessment.objects.filter(client=client, status="final", targets__target_date__isnull=False)
        .order_by("-pk")
        .first()
    )
    meeting = (
        Meeting.objects.filter(client=client, kind="quarterly", held_at__isnull=True).order_by("starts_at").first()
    )
    dated = assessment.targets.exclude(target_date=None).order_by("target_date").first()
    first_quarter = client.action_items.exclude(quarter="").order_by("quarter").values_list("quarter", flat=True)[0]
    c, a = client.pk, assessment.pk
    staff = {
        "client overview": f"/clients/{c}/",
        "assessment": f"/assessments/{a}/",
        "targets": f"/assessments/{a}/targets/",
        "gap analysis": f"/assessments/{a}/gaps/",
        "trend": f"/clients/{c}/trend/",
        "action plan": f"/clients/{c}/plan/items/",
        "roadmap": f"/clients/{c}/roadmap/",
        "operational plan": f"/clients/{c}/operational-plan/{first_quarter[:4]}/",
        "meetings": f"/clients/{c}/meetings/",
        "meeting agenda": f"/meetings/{meeting.pk}/",
        "matrix": f"/clients/{c}/responsibilities/",
    }
    portal = {
        "portal home": "/portal/",
        "portal client": f"/portal/{c}/",
        "portal plan": f"/portal/{c}/plan/",
        "portal matrix": f"/portal/{c}/responsibilities/",
    }
    return {"staff": staff, "portal": portal, "target_date": dated.target_date}


def _person_page(browser: Any, log_in: Any, email: str) -> Any:
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="en-US")
    log_in(page, email)
    return page


def test_it_fits_the_screen_and_prints(live_server: Any, browser: Any, demo: Any, log_in: Any) -> None:
    """One demo load for both (it takes most of the time); each part reports every problem it finds."""
    pages = _demo_client(demo)
    _it_fits_every_width_without_clipping(live_server.url, browser, log_in, pages)
    _it_prints_the_data_without_the_furniture(live_server.url, browser, log_in, pages)


def _it_fits_every_width_without_clipping(url: str, browser: Any, log_in: Any, pages: dict[str, Any]) -> None:
    from sevenc.demo import STAFF

    problems: list[str] = []
    for email, paths in [(STAFF[1][1], pages["staff"]), ("ceo@harbourview-dental.example", pages["portal"])]:
        page = _person_page(browser, log_in, email)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for name, path in paths.items():
                response = page.goto(url + path)
                assert response is not None and response.ok, f"{name}: {path} answered {response and response.status}"
                fit = page.evaluate(OVERFLOWING)
                if fit["scrollWidth"] > width:
                    problems.append(f"{name} at {width} px: the document is {fit['scrollWidth']} px wide")
                problems += [f"{name} at {width} px: {el} sticks out" for el in fit["overflowing"]]
                if width >= WIDE:
                    problems += [f"{name} at {width} px: {t}" for t in page.evaluate(CLIPPED_TABLES)]
                elif page.locator(".matrix-wrap .matrix-area").count():
                    share = page.evaluate(STICKY_SHARE)
                    if share > 0.5:
                        problems.append(f"{name} at {width} px: the area column hides {share:.0%} of the matrix")
        page.close()
    assert not problems, "\n".join(problems)

    # The roadmap is a board: its quarters scroll inside its frame, and a quarter's name stays in sight while its
    # items scroll under it.
    page = _person_page(browser, log_in, STAFF[1][1])
    page.goto(url + pages["staff"]["roadmap"])
    board = page.locator(".roadmap")
    frame = board.evaluate(
        "b => ({client: b.clientWidth, scroll: b.scrollWidth, overflow: getComputedStyle(b).overflowX})"
    )
    assert frame["overflow"] == "auto" and frame["scroll"] > frame["client"], frame
    board.evaluate("b => { b.scrollIntoView(); b.scrollTop = 200; }")
    top = board.bounding_box()
    heading = page.locator(".roadmap-col > h2").first.bounding_box()
    assert top and heading and top["y"] <= heading["y"] <= top["y"] + 2, (
        "the quarter's name scrolled away with its items"
    )
    page.close()


def _pdf(page: Any) -> tuple[int, str]:
    from pypdf import PdfReader

    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    return len(reader.pages), _text("\n".join(p.extract_text() for p in reader.pages))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(text: str) -> str:
    """The PDF's text as typed: ligatures (the "ff" of "Cost effective") back to letters."""
    return unicodedata.normalize("NFKC", text)


def _it_prints_the_data_without_the_furniture(url: str, browser: Any, log_in: Any, pages: dict[str, Any]) -> None:
    from sevenc.demo import STAFF

    problems: list[str] = []
    staff = _person_page(browser, log_in, STAFF[1][1])
    executive = _person_page(browser, log_in, "ceo@harbourview-dental.example")
    printed = ["targets", "gap analysis", "roadmap", "action plan", "operational plan", "meeting agenda", "matrix"]
    printed += ["client overview"]
    for page, name, path in [(staff, n, pages["staff"][n]) for n in printed] + [
        (executive, n, pages["portal"][n]) for n in ("portal client", "portal plan", "portal matrix")
    ]:
        page.emulate_media(media="screen")
        page.set_viewport_size({"width": 1440, "height": 900})
        page.goto(url + path)
        page.emulate_media(media="print")
        landscape = page.evaluate("getComputedStyle(document.querySelector('main')).page") == "wide"
        page.set_viewport_size({"width": LANDSCAPE_PX if landscape else PORTRAIT_PX, "height": 900})
        shown = page.evaluate(PRINTED)
        problems += [f"{name}: {c} is printed" for c in shown["chrome"]]
        problems += [f"{name}: {t}, wider than the page" for t in shown["wideTables"]]
        if shown["scrollWidth"] > (LANDSCAPE_PX if landscape else PORTRAIT_PX):
            problems.append(f"{name}: the printed page is {shown['scrollWidth']} px wide")
        if shown["text"] < 200:
            problems.append(f"{name}: prints {shown['text']} characters")
    assert not problems, "\n".join(problems)

    # The targets: every row, with the values of its fields, on a few pages.
    staff.emulate_media(media="screen")
    staff.goto(url + pages["staff"]["targets"])
    names = staff.locator("tr.target-row > th").all_inner_texts()
    staff.emulate_media(media="print")
    assert staff.locator("tr.target-row").evaluate_all("rows => rows.every(r => r.getClientRects().length)")
    count, text = _pdf(staff)
    assert 1 <= count <= 6, f"the targets print on {count} pages"
    assert pages["target_date"].strftime("%m/%d/%Y") in text, "a target date is missing"
    assert "mm/dd/yyyy" not in text, "an empty date prints its placeholder"
    for block in ("Continuous", "Competent", "Charged", "Conscious", "Controlled", "Clear", "Cost effective"):
        assert block in text
    assert len(names) > 20 and _flat(min(names, key=len)) in _flat(text)

    # The roadmap: landscape, every quarter of the horizon (8 in the demo) and its items, no move controls.
    staff.emulate_media(media="screen")
    staff.goto(url + pages["staff"]["roadmap"])
    quarters = staff.locator(".roadmap-col:not(.roadmap-col--backlog) > h2").all_inner_texts()
    cards = staff.locator(".roadmap-card").count()
    staff.emulate_media(media="print")
    assert (
        staff.locator(".roadmap-card").evaluate_all("cs => cs.filter(c => c.getClientRects().length).length") == cards
    )
    count, text = _pdf(staff)
    assert len(quarters) == 8 and 1 <= count <= 6, f"{len(quarters)} quarters on {count} pages"
    missing = [q for q in quarters if q not in text]
    assert not missing, f"the printed roadmap lacks {missing}"

    # The gap analysis: compact (it printed 16 pages), every block, the practices by name.
    staff.emulate_media(media="screen")
    staff.goto(url + pages["staff"]["gap analysis"])
    rows = staff.locator("main tbody th[scope=row]").all_inner_texts()
    count, text = _pdf(staff)
    assert 1 <= count <= 6, f"the gap analysis prints on {count} pages"
    for block in ("Continuous", "Competent", "Charged", "Conscious", "Controlled", "Clear", "Cost effective"):
        assert block in text
    assert len(rows) > 20 and _flat(min(rows, key=len)) in _flat(text)
    staff.close()
    executive.close()
