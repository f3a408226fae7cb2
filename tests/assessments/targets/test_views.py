"""The goal-setting page (one form, all or nothing, 409/422), the gap analysis with its radar, and the trend
with the benchmark."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.urls import reverse

from sevenc.assessments import selectors
from sevenc.assessments.models import Assessment
from sevenc.assessments.targets import selectors as target_selectors
from sevenc.assessments.targets import services as targets
from sevenc.assessments.targets.models import Target
from tests.assessments.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

AREA = "continuous.backup-management-implementation"


def _assessment(
    world: Any,
    framework: Any,
    *,
    client: Any = None,
    on: dt.date = dt.date(2026, 3, 31),
    copy_from: Any = None,
    level: int | None = None,
    final: bool = True,
) -> Assessment:
    return AssessmentFactory(
        client=client or world.client_a1,
        actor=world.vcio,
        framework=framework,
        title=f"ITCq {on}",
        period=f"{on.year}-Q{(on.month - 1) // 3 + 1}",
        assessed_on=on,
        based_on=copy_from,
        level=level,
        final=final,
    )


def _url(name: str, **kw: Any) -> str:
    return reverse(f"assessments:{name}", kwargs=kw)


def _form(html: str) -> dict[str, str]:
    """The targets form's fields as the browser would post them (inputs, selects, textareas)."""
    data: dict[str, str] = {}
    for m in re.finditer(r'<input type="(?:hidden|number|date)"[^>]*name="(t\d+-[a-z]+)"[^>]*?value="([^"]*)"', html):
        data[m.group(1)] = m.group(2)
    for m in re.finditer(r'<select id="[^"]+" name="(t\d+-reason)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', m.group(2))
        data[m.group(1)] = chosen.group(1) if chosen else ""
    for m in re.finditer(r'<textarea[^>]*name="(t\d+-note)"[^>]*>(.*?)</textarea>', html, re.S):
        data[m.group(1)] = m.group(2)
    return data


def _row_index(data: dict[str, str], scope: str, key: str) -> int:
    for name, value in data.items():
        if name.endswith("-key") and value == key and data[name.replace("-key", "-scope")] == scope:
            return int(name[1:].split("-")[0])
    raise AssertionError(f"no row {scope}:{key}")


def test_it_shows_the_goal_setting_form_with_blocks_and_areas(world: Any, login: Any, framework: Any) -> None:
    a = _assessment(world, framework, level=2)
    targets.target_set(
        workspace=world.ws_a, actor=world.vcio, assessment=a, scope="area", key=AREA, level=4, reason="continuity"
    )
    response = login(world.vcio).get(_url("target_list", assessment_id=a.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Continuous" in html and "Cost effective" in html
    assert html.count('class="target-row') == 7 + 27
    assert "= 80" in html  # the area's level 4 on the 0–100 scale
    assert 'details class="area" open' in html  # the block with an area target starts unfolded
    assert "Save targets" in html


def test_it_shows_the_form_read_only_to_a_viewer(world: Any, login: Any, framework: Any) -> None:
    a = _assessment(world, framework)
    html = login(world.viewer).get(_url("target_list", assessment_id=a.pk)).content.decode()
    assert "Save targets" not in html and " disabled" in html
    response = login(world.analyst).post(_url("target_list", assessment_id=a.pk), {"t0-scope": "block"})
    assert response.status_code == 403


def test_it_saves_only_the_changed_rows_and_redirects(world: Any, login: Any, framework: Any) -> None:
    a = _assessment(world, framework, level=2)
    http = login(world.vcio)
    data = _form(http.get(_url("target_list", assessment_id=a.pk)).content.decode())
    n = _row_index(data, "block", "continuous")
    m = _row_index(data, "area", AREA)
    data.update(
        {
            f"t{n}-level": "3.5",
            f"t{n}-importance": "2",
            f"t{n}-reason": "continuity",
            f"t{n}-note": "ransomware",
            f"t{n}-date": "2026-12-31",
            f"t{m}-level": "4",
        }
    )
    response = http.post(_url("target_list", assessment_id=a.pk), data)
    assert response.status_code == 302
    saved = {(t.scope, t.key): t for t in Target.objects.filter(assessment=a)}
    assert set(saved) == {("block", "continuous"), ("area", AREA)}
    block = saved[("block", "continuous")]
    assert (block.level, block.importance, block.reason, block.reason_note, block.target_date) == (
        3.5,
        2.0,
        "continuity",
        "ransomware",
        dt.date(2026, 12, 31),
    )
    # Posting the page again unchanged saves nothing.
    data = _form(http.get(_url("target_list", assessment_id=a.pk)).content.decode())
    http.post(_url("target_list", assessment_id=a.pk), data)
    assert Target.objects.get(pk=block.pk).version == 1
    # Emptying a row removes its target.
    data.update({f"t{m}-level": ""})
    assert http.post(_url("target_list", assessment_id=a.pk), data).status_code == 302
    assert not Target.objects.filter(scope="area").exists()


def test_it_refuses_an_invalid_form_with_422_and_saves_nothing(world: Any, login: Any, framework: Any) -> None:
    a = _assessment(world, framework)
    http = login(world.vcio)
    data = _form(http.get(_url("target_list", assessment_id=a.pk)).content.decode())
    n = _row_index(data, "block", "continuous")
    k = _row_index(data, "block", "competent")
    j = _row_index(data, "block", "charged")
    data.update({f"t{n}-level": "3", f"t{k}-level": "7", f"t{j}-date": "soon"})
    response = http.post(_url("target_list", assessment_id=a.pk), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "A target level is from 0 to 5" in html or "Enter the target date" in html
    assert 'value="7"' in html  # the user's input is kept
    assert not Target.objects.exists()
    data[f"t{j}-date"] = ""
    response = http.post(_url("target_list", assessment_id=a.pk), data)
    assert response.status_code == 422 and "A target level is from 0 to 5" in response.content.decode()
    assert not Target.objects.exists()


def test_it_answers_a_stale_row_with_409_and_the_current_value(world: Any, login: Any, framework: Any) -> None:
    a = _assessment(world, framework)
    t = targets.target_set(
        workspace=world.ws_a, actor=world.vcio, assessment=a, scope="block", key="continuous", level=2
    )
    http = login(world.vcio)
    data = _form(http.get(_url("target_list", assessment_id=a.pk)).content.decode())
    targets.target_set(
        workspace=world.ws_a,
        actor=world.admin,
        assessment=a,
        scope="block",
        key="continuous",
        level=3,
        version=t.version,
    )  # someone else, meanwhile
    n = _row_index(data, "block", "continuous")
    k = _row_index(data, "block", "competent")
    data.update({f"t{n}-level": "4", f"t{k}-level": "3"})
    response = http.post(_url("target_list", assessment_id=a.pk), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Stored now:" in html and "level 3" in html and 'value="4"' in html
    assert list(Target.objects.values_list("key", "level")) == [("continuous", 3.0)]
    # Saving again (the form now carries the current version) keeps the user's value.
    again = _form(html)
    assert http.post(_url("target_list", assessment_id=a.pk), again).status_code == 302
    assert dict(Target.objects.values_list("key", "level")) == {"continuous": 4.0, "competent": 3.0}


def test_it_shows_the_gap_analysis_with_the_radar(world: Any, login: Any, framework: Any) -> None:
    first = _assessment(world, framework, level=1)
    a = _assessment(world, framework, level=2, on=dt.date(2026, 6, 30), copy_from=first)
    targets.target_set(
        workspace=world.ws_a, actor=world.vcio, assessment=a, scope="block", key="continuous", level=4, importance=3
    )
    targets.target_set(workspace=world.ws_a, actor=world.vcio, assessment=a, scope="block", key="competent", level=3)
    response = login(world.viewer).get(_url("gap_analysis", assessment_id=a.pk))
    assert response.status_code == 200
    html = response.content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    legend = [t.text for t in root.findall(".//s:g[@class='chart__legend']//s:text", ns)]
    assert legend == ["Current", "Target", "Previous (2026-Q1)"]
    assert "Previous: " not in html  # the previous series is labelled with its period
    blocks = re.search(r'<h2 id="gap-blocks">Blocks</h2>(.*?)</table>', html, re.S).group(1)
    assert blocks.index("Continuous") < blocks.index("Competent")  # worst first: higher weight, bigger gap


def test_it_explains_where_targets_are_set_when_there_are_none(world: Any, login: Any, framework: Any) -> None:
    a = _assessment(world, framework, level=2)
    html = login(world.viewer).get(_url("gap_analysis", assessment_id=a.pk)).content.decode()
    assert "No targets yet" in html and _url("target_list", assessment_id=a.pk) in html
    assert "no earlier final assessment" in html


def test_it_shows_the_trend_and_the_benchmark(world: Any, login: Any, framework: Any) -> None:
    first = _assessment(world, framework, level=1)
    second = _assessment(world, framework, level=3, on=dt.date(2026, 6, 30), copy_from=first)
    _assessment(world, framework, on=dt.date(2026, 9, 30), copy_from=second, final=False)
    url = reverse("assessments:client_trend", kwargs={"client_id": world.client_a1.pk})
    html = login(world.viewer).get(url).content.decode()
    assert "needs at least 2 clients" in html
    assert 'aria-current="page">Trend' in html
    svg = re.search(r"<svg[^>]*chart--line.*?</svg>", html, re.S).group(0)
    ET.fromstring(svg)
    assert "2026-Q3 (draft)" in svg and "chart__point--provisional" in svg
    assert html.count("<tr>") >= 4  # header + 3 assessments
    _assessment(world, framework, client=world.client_a2, level=2)
    html = login(world.viewer).get(url).content.decode()
    assert "Percentile rank among the 2 clients" in html
    assert "Only the absolute score" in html


def test_it_shows_an_empty_trend(world: Any, login: Any) -> None:
    url = reverse("assessments:client_trend", kwargs={"client_id": world.client_a2.pk})
    response = login(world.viewer).get(url)
    assert response.status_code == 200 and "No assessments yet" in response.content.decode()


def test_it_links_the_pages_from_the_assessment(world: Any, login: Any, framework: Any) -> None:
    a = _assessment(world, framework)
    html = login(world.viewer).get(_url("assessment_detail", assessment_id=a.pk)).content.decode()
    assert _url("target_list", assessment_id=a.pk) in html and _url("gap_analysis", assessment_id=a.pk) in html


# --- the gap analysis as the vCIO shows it ---------------------------------------------------------------------------


def _targeted(world: Any, framework: Any, **kw: Any) -> Assessment:
    a = _assessment(world, framework, level=2, **kw)
    for key, level in (("competent", 4), ("charged", 3), ("clear", 4)):
        targets.target_set(workspace=world.ws_a, actor=world.vcio, assessment=a, scope="block", key=key, level=level)
    return a


def _section(html: str, heading_id: str) -> str:
    return re.search(rf'<h2 id="{heading_id}">.*?</table>', html, re.S).group(0)


def test_it_names_the_practices_and_places_each_area_in_its_block(world: Any, login: Any, framework: Any) -> None:
    a = _targeted(world, framework)
    html = login(world.viewer).get(_url("gap_analysis", assessment_id=a.pk)).content.decode()
    areas = _section(html, "gap-areas")
    rows = re.findall(r"<th scope=\"row\">(.*?)</th>\s*<td>(.*?)</td>", areas, re.S)
    managed = sorted(block for name, block in rows if name.strip() == "Managed Service Implementation")
    assert managed == ["Charged", "Competent"]
    practices = _section(html, "gap-practices")
    first_cells = re.findall(r'<th scope="row"><span class="gap-name">(.*?)</span>', practices)
    assert first_cells and not any(re.match(r"[a-z-]+\.[a-z-]+\.\d+", c) for c in first_cells)  # names, not keys
    index = selectors.framework_index(framework_id=framework.pk)
    assert set(first_cells) <= set(index.practice_names.values())
    key = next(k for k in index.practice_names if k.startswith("clear.efficient"))
    assert f'<code class="practice-key" title="{key}">{key.rsplit(".", 1)[-1]}</code>' in practices


def test_it_never_writes_a_zero_share_beside_a_gap(world: Any, login: Any, framework: Any) -> None:
    a = _targeted(world, framework)
    # Continuous weighs 100, Competent 0.5 (the others 1): a Competent practice's share is far below 0.1 %.
    targets.target_set(
        workspace=world.ws_a, actor=world.vcio, assessment=a, scope="block", key="continuous", importance=100
    )
    competent = Target.objects.get(assessment=a, scope="block", key="competent")
    targets.target_set(
        workspace=world.ws_a,
        actor=world.vcio,
        assessment=a,
        scope="block",
        key="competent",
        level=4,
        importance=0.5,
        version=competent.version,
    )
    html = login(world.viewer).get(_url("gap_analysis", assessment_id=a.pk)).content.decode()
    rows = re.findall(r'<tr id="gap-[^"]+">(.*?)</tr>', html, re.S)
    assert rows
    for row in rows:
        cells = re.findall(r'<td class="num">(?:<strong>)?(.*?)(?:</strong>)?</td>', row)
        gap, share, weighted = cells[-3], cells[-2], cells[-1]
        if gap != "0":
            assert share not in ("0\u00a0%", "0 %", "0.0\u00a0%") and weighted != "0.00", row
    assert "&lt;0.1\u00a0%" in html


def test_it_opens_with_a_summary(world: Any, login: Any, framework: Any) -> None:
    a = _targeted(world, framework)
    html = login(world.viewer).get(_url("gap_analysis", assessment_id=a.pk)).content.decode()
    summary = re.search(r'<section class="gap-summary".*?</section>', html, re.S).group(0)
    assert html.index("gap-summary") < html.index('id="gap-blocks"')
    worst_blocks = re.search(r"Worst blocks.*?</h3>(.*?)</ol>", summary, re.S).group(1)
    # Every practice at level 2 (40): Competent and Clear (target 80) are 40 below, Charged (60) 20.
    assert re.findall(r'<a href="#gap-block-[^"]+">(.*?)</a>', worst_blocks) == ["Clear", "Competent", "Charged"]
    largest = re.search(r"Largest weighted gaps.*?</h3>(.*?)</ol>", summary, re.S).group(1)
    assert len(re.findall(r"<li>", largest)) == 5
    analysis = target_selectors.assessment_gap_analysis(workspace=world.ws_a, assessment=a)
    expected = analysis.summary()
    assert f"<dd>{expected.points_below_target:.1f}</dd>" in summary
    assert f"<dd>{expected.itcq_at_target:.0f}</dd>" in summary and "<dd>40</dd>" in summary


def test_it_offers_to_propose_items_to_a_vcio_only(world: Any, login: Any, framework: Any) -> None:
    a = _targeted(world, framework)
    generate = reverse("planning:items_generate", kwargs={"client_id": world.client_a1.pk})
    url = _url("gap_analysis", assessment_id=a.pk)
    for persona in (world.viewer, world.analyst):
        html = login(persona).get(url).content.decode()
        assert generate not in html and "Propose items from these gaps" not in html
    client = login(world.vcio)
    html = client.get(url).content.decode()
    assert f'<form method="post" action="{generate}"' in html and "Propose items from these gaps" in html
    response = client.post(generate)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("planning:item_list", kwargs={"client_id": world.client_a1.pk}))


def test_it_says_where_proposals_come_from_when_not_from_this_assessment(
    world: Any, login: Any, framework: Any
) -> None:
    older = _targeted(world, framework)
    newer = _assessment(world, framework, level=3, on=dt.date(2026, 6, 30), copy_from=older)  # targets copied
    html = login(world.vcio).get(_url("gap_analysis", assessment_id=older.pk)).content.decode()
    assert "Propose items from these gaps" not in html
    assert _url("gap_analysis", assessment_id=newer.pk) in html and "not from this one" in html


def test_it_finds_the_assessment_proposals_come_from_as_planning_does(world: Any, framework: Any) -> None:
    from sevenc.planning.selectors import planning_assessment

    def both() -> tuple[Any, Any]:
        kw = {"workspace": world.ws_a, "client": world.client_a1}
        return target_selectors.proposals_source(**kw), planning_assessment(**kw)

    assert both() == (None, None)
    first = _assessment(world, framework, level=1)
    assert both() == (first, first)  # no targets anywhere: the latest final
    draft = _assessment(world, framework, on=dt.date(2026, 9, 30), copy_from=first, final=False)
    targets.target_set(workspace=world.ws_a, actor=world.vcio, assessment=draft, scope="block", key="clear", level=3)
    assert both() == (draft, draft)  # the only one with targets
    second = _targeted(world, framework, on=dt.date(2026, 6, 30), copy_from=first)
    assert both() == (second, second)  # a final one with targets before a draft


def test_it_reads_the_gap_page_in_the_same_number_of_queries_whatever_the_data(
    world: Any, login: Any, framework: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    before = _assessment(world, framework, level=1, on=dt.date(2026, 3, 31))
    small = _assessment(world, framework, level=2, on=dt.date(2026, 6, 30), copy_from=before)
    targets.target_set(workspace=world.ws_a, actor=world.vcio, assessment=small, scope="block", key="clear", level=3)
    first = _assessment(world, framework, client=world.client_a2, level=1, on=dt.date(2026, 3, 31))
    big = _assessment(world, framework, client=world.client_a2, level=3, on=dt.date(2026, 6, 30), copy_from=first)
    index = selectors.framework_index(framework_id=framework.pk)
    for b in index.tree.blocks:
        targets.target_set(workspace=world.ws_a, actor=world.vcio, assessment=big, scope="block", key=b.key, level=4)
    for area in index.tree.areas[:20]:
        targets.target_set(
            workspace=world.ws_a, actor=world.vcio, assessment=big, scope="area", key=area.key, level=5, importance=2
        )
    client = login(world.vcio)
    counts = []
    for a in (small, big):
        client.get(_url("gap_analysis", assessment_id=a.pk))  # warm the per-process framework caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("gap_analysis", assessment_id=a.pk)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_it_places_each_area_in_its_block_on_the_targets_page(world: Any, login: Any, framework: Any) -> None:
    a = _assessment(world, framework, level=2)
    targets.target_set(
        workspace=world.ws_a,
        actor=world.vcio,
        assessment=a,
        scope="practice",
        key="continuous.backup-management-implementation.01",
        level=4,
    )
    html = login(world.vcio).get(_url("target_list", assessment_id=a.pk)).content.decode()
    labels = re.findall(r'<label class="visually-hidden" for="t\d+-level">(.*?)</label>', html)
    assert len(labels) == len(set(labels))  # no two rows share a label
    assert "Target level for Managed Service Implementation (Competent)" in labels
    assert "Target level for Managed Service Implementation (Charged)" in labels
    practice = re.search(r"<h2>Practice targets</h2>.*?</table>", html, re.S).group(0)
    assert "Backup policy, regulation implementation" in practice and "Continuous › " in practice
    assert '<span class="practice-key">continuous' not in practice


def test_it_draws_a_readable_trend_of_many_assessments_with_a_line_per_block(
    world: Any, login: Any, framework: Any
) -> None:
    previous = None
    for i in range(9):
        on = dt.date(2024 + i // 4, (i % 4) * 3 + 1, 15)
        previous = _assessment(world, framework, level=i % 6, on=on, copy_from=previous)
    html = (
        login(world.viewer)
        .get(reverse("assessments:client_trend", kwargs={"client_id": world.client_a1.pk}))
        .content.decode()
    )
    figure = re.search(r"<figure[^>]*data-line-chooser=.*?</figure>", html, re.S).group(0)
    root = ET.fromstring(re.search(r"<svg.*?</svg>", figure, re.S).group(0))
    ns = {"s": "http://www.w3.org/2000/svg"}
    lines = [g.get("data-label") for g in root.findall(".//s:g[@data-label]", ns)]
    assert lines == ["Continuous", "Competent", "Charged", "Conscious", "Controlled", "Clear", "Cost effective", "ITCq"]
    assert "assessments/trend.js" in html
