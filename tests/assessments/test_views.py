"""The assessment pages: create (from the previous one), the grid (no-JS form and the autosave), finalise,
who may do what, and the grid's query count."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sevenc.assessments import services
from sevenc.assessments.forms import answer_digest, state_token
from sevenc.assessments.models import Answer, Assessment, AssessmentStatus
from sevenc.assessments.services import AnswerChange
from sevenc.catalog.services import framework_load
from tests.catalog.factories import mini_framework_doc
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

PARTIAL = {"HTTP_X_SEVENC_PARTIAL": "1"}


def _create(
    world: Any,
    framework: Any,
    *,
    client: Any = None,
    title: str = "Q3 review",
    copy_from: Any = None,
    on: dt.date = dt.date(2026, 9, 30),
) -> Assessment:
    return services.assessment_create(
        workspace=world.ws_a,
        actor=world.vcio,
        client=client or world.client_a1,
        framework=framework,
        title=title,
        period="2026-Q3",
        assessed_on=on,
        copy_from=copy_from,
    )


def _answers(assessment: Assessment) -> list[Answer]:
    return list(
        Answer.objects.filter(assessment=assessment)
        .select_related("practice")
        .order_by("practice__area__block__position", "practice__area__position", "practice__position")
    )


def _row(answer: Answer, **changes: Any) -> dict[str, str]:
    """One grid row's fields as the page renders them, with ``changes`` (state, note, shared, evidence) applied."""
    pk = answer.pk
    values = {
        "state": state_token(answer),
        "note": answer.note,
        "shared": answer.note_shared,
        "evidence": answer.evidence_url,
        **changes,
    }
    data = {
        f"state-{pk}": values["state"],
        f"note-{pk}": values["note"],
        f"evidence-{pk}": values["evidence"],
        f"version-{pk}": str(answer.version),
        f"orig-{pk}": answer_digest(answer),
    }
    if values["shared"]:
        data[f"shared-{pk}"] = "1"
    return data


def _grid_post(answers: list[Answer], changes: dict[int, dict[str, Any]]) -> dict[str, str]:
    data: dict[str, str] = {}
    for a in answers:
        data.update(_row(a, **changes.get(a.pk, {})))
    return data


def _url(name: str, **kwargs: Any) -> str:
    return reverse(f"assessments:{name}", kwargs=kwargs)


def _snapshot(assessment: Assessment) -> list[tuple[Any, ...]]:
    return list(
        Answer.objects.filter(assessment=assessment)
        .order_by("pk")
        .values_list("pk", "state", "level", "note", "note_shared", "evidence_url", "version")
    )


# --- create -----------------------------------------------------------------------------------------------


def test_it_offers_sensible_defaults_and_the_previous_assessment(world: Any, login: Any, framework: Any) -> None:
    previous = _create(world, framework, title="Spring check")
    response = login(world.vcio).get(_url("assessment_create", client_id=world.client_a1.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'name="period" value="\d{4}-Q[1-4]"', html)
    assert 'value="ITCq assessment ' in html
    assert "Spring check" in html and previous.assessed_on.isoformat() in html
    assert re.search(r'<input type="checkbox" name="copy_previous"[^>]*checked', html)
    assert f'<option value="{framework.pk}" selected>' in html


def test_it_creates_an_assessment_from_the_previous_one(world: Any, login: Any, framework: Any) -> None:
    previous = _create(world, framework)
    first = _answers(previous)[0]
    services.answer_set(
        workspace=world.ws_a,
        actor=world.analyst,
        assessment=previous,
        change=AnswerChange(first.practice.key, version=1, state="level", level=4, note="monthly test"),
    )
    response = login(world.vcio).post(
        _url("assessment_create", client_id=world.client_a1.pk),
        {
            "title": "ITCq assessment 2026-Q4",
            "period": "2026-Q4",
            "assessed_on": "2026-12-01",
            "framework": str(framework.pk),
            "copy_previous": "on",
        },
    )
    new = Assessment.objects.exclude(pk=previous.pk).get()
    assert response.status_code == 302
    assert response["Location"] == _url("assessment_grid", assessment_id=new.pk)
    copied = _answers(new)[0]
    assert (new.based_on_id, copied.state, copied.level, copied.note) == (previous.pk, "level", 4, "monthly test")


def test_it_creates_an_empty_assessment_when_not_copying(world: Any, login: Any, framework: Any) -> None:
    previous = _create(world, framework)
    services.answer_set(
        workspace=world.ws_a,
        actor=world.analyst,
        assessment=previous,
        change=AnswerChange(_answers(previous)[0].practice.key, version=1, state="na"),
    )
    login(world.vcio).post(
        _url("assessment_create", client_id=world.client_a1.pk),
        {"title": "Fresh", "period": "2026-Q4", "assessed_on": "2026-12-01", "framework": str(framework.pk)},
    )
    new = Assessment.objects.get(title="Fresh")
    assert new.based_on_id is None
    assert {a.state for a in _answers(new)} == {""}


def test_it_lists_the_clients_assessments_with_progress(world: Any, login: Any, draft: Assessment) -> None:
    services.answer_set(
        workspace=world.ws_a,
        actor=world.analyst,
        assessment=draft,
        change=AnswerChange(_answers(draft)[0].practice.key, version=1, state="level", level=5),
    )
    html = login(world.viewer).get(_url("assessment_list", client_id=world.client_a1.pk)).content.decode()
    assert "Q3 review" in html and "1/139" in html and "provisional" in html
    empty = login(world.vcio).get(_url("assessment_list", client_id=world.client_a2.pk)).content.decode()
    assert "No assessments yet" in empty and _url("assessment_create", client_id=world.client_a2.pk) in empty


# --- the grid ---------------------------------------------------------------------------------------------


def test_it_renders_every_practice_of_the_7c_framework(world: Any, login: Any, draft: Assessment) -> None:
    response = login(world.analyst).get(_url("assessment_grid", assessment_id=draft.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<tr id="answer-') == 139
    assert html.count('type="radio"') == 139 * 9
    assert "0/139" in html
    assert "Written down, owned by a named party" in html  # the level descriptors (legend and titles)
    assert html.count('<form method="post"') == 1 + 1  # the grid, plus the log-out form of the header


def test_it_filters_the_grid_on_the_server(world: Any, login: Any, draft: Assessment) -> None:
    answers = _answers(draft)
    services.answer_set(
        workspace=world.ws_a,
        actor=world.analyst,
        assessment=draft,
        change=AnswerChange(answers[0].practice.key, version=1, state="level", level=2, note="n"),
    )
    http = login(world.analyst)
    assert (
        http.get(_url("assessment_grid", assessment_id=draft.pk) + "?unanswered=1")
        .content.decode()
        .count('<tr id="answer-')
        == 138
    )
    assert (
        http.get(_url("assessment_grid", assessment_id=draft.pk) + "?noted=1").content.decode().count('<tr id="answer-')
        == 1
    )
    clear = http.get(_url("assessment_grid", assessment_id=draft.pk) + "?block=clear").content.decode()
    assert 0 < clear.count('<tr id="answer-') < 139


def test_it_saves_only_the_changed_rows_without_javascript(world: Any, login: Any, draft: Assessment) -> None:
    answers = _answers(draft)
    first, second, third = answers[:3]
    data = _grid_post(
        answers,
        {
            first.pk: {"state": "3"},
            second.pk: {"state": "na", "note": "no servers\r\nat all"},
            third.pk: {"evidence": "https://wiki.example/backup", "shared": True},
        },
    )
    response = login(world.analyst).post(_url("assessment_grid", assessment_id=draft.pk), data)
    assert response.status_code == 302
    assert response["Location"] == _url("assessment_grid", assessment_id=draft.pk)
    after = {a.pk: a for a in _answers(draft)}
    assert (after[first.pk].state, after[first.pk].level, after[first.pk].version) == ("level", 3, 2)
    assert (after[second.pk].state, after[second.pk].note) == ("na", "no servers\nat all")
    assert (after[third.pk].evidence_url, after[third.pk].note_shared, after[third.pk].state) == (
        "https://wiki.example/backup",
        True,
        "",
    )
    assert [a.pk for a in after.values() if a.version != 1] == [first.pk, second.pk, third.pk]
    assert after[first.pk].answered_by == world.analyst
    followed = login(world.analyst).get(response["Location"]).content.decode()
    assert "Saved 3 answers" in followed


def test_it_refuses_a_stale_row_and_saves_nothing(world: Any, login: Any, draft: Assessment) -> None:
    answers = _answers(draft)
    first, second = answers[:2]
    data = _grid_post(answers, {first.pk: {"state": "2"}, second.pk: {"state": "4"}})
    services.answer_set(
        workspace=world.ws_a,
        actor=world.vcio,
        assessment=draft,  # someone else, meanwhile
        change=AnswerChange(second.practice.key, version=1, state="level", level=1),
    )
    before = _snapshot(draft)
    response = login(world.analyst).post(_url("assessment_grid", assessment_id=draft.pk), data)
    html = response.content.decode()
    assert response.status_code == 409
    assert _snapshot(draft) == before
    assert second.practice.name in html and "Nothing was saved" in html
    assert "Changed by Alpha vCIO" in html
    assert "<strong>1 Ad hoc</strong>" in html and "<strong>4 Managed</strong>" in html
    assert re.search(rf'name="state-{first.pk}" value="2" checked', html)  # the user's values are kept
    assert re.search(rf'name="state-{second.pk}" value="4" checked', html)
    assert f'name="version-{second.pk}" value="2"' in html  # armed: saving again keeps mine
    again = login(world.analyst).post(
        _url("assessment_grid", assessment_id=draft.pk),
        {
            **data,
            f"version-{second.pk}": "2",
            f"orig-{second.pk}": re.search(rf'name="orig-{second.pk}" value="(\w+)"', html).group(1),
        },
    )
    assert again.status_code == 302
    levels = {a.pk: a.level for a in _answers(draft)}
    assert (levels[first.pk], levels[second.pk]) == (2, 4)


def test_it_leaves_an_untouched_row_alone_even_when_someone_changed_it(
    world: Any, login: Any, draft: Assessment
) -> None:
    answers = _answers(draft)
    first, second = answers[:2]
    data = _grid_post(answers, {first.pk: {"state": "5"}})
    services.answer_set(
        workspace=world.ws_a,
        actor=world.vcio,
        assessment=draft,
        change=AnswerChange(second.practice.key, version=1, state="level", level=1),
    )
    response = login(world.analyst).post(_url("assessment_grid", assessment_id=draft.pk), data)
    assert response.status_code == 302
    levels = {a.pk: a.level for a in _answers(draft)}
    assert (levels[first.pk], levels[second.pk]) == (5, 1)


def test_it_shows_problems_at_the_row_and_saves_nothing(world: Any, login: Any, draft: Assessment) -> None:
    answers = _answers(draft)
    first, second = answers[:2]
    data = _grid_post(answers, {first.pk: {"state": "3"}, second.pk: {"evidence": "not a link at all"}})
    data[f"state-{answers[2].pk}"] = "7"
    before = _snapshot(draft)
    response = login(world.analyst).post(_url("assessment_grid", assessment_id=draft.pk), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert _snapshot(draft) == before
    assert "2 rows have problems" in html
    assert "Enter a valid URL" in html and "Choose a level from 0 to 5" in html
    assert 'value="not a link at all"' in html


# --- the autosave of one row ---------------------------------------------------------------------------------


def test_it_autosaves_one_row_and_returns_the_row_and_the_scores(world: Any, login: Any, draft: Assessment) -> None:
    first = _answers(draft)[0]
    response = login(world.analyst).post(
        _url("answer_save", assessment_id=draft.pk, answer_id=first.pk), _row(first, state="4"), **PARTIAL
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<template data-row>" in html and "<template data-panel>" in html
    assert re.search(rf'name="state-{first.pk}" value="4" checked', html)
    assert f'name="version-{first.pk}" value="2"' in html and "saved ✓" in html
    assert "1/139" in html  # the live progress
    assert Answer.objects.get(pk=first.pk).level == 4


def test_it_returns_the_block_and_area_subtotals_with_each_autosave(world: Any, login: Any, draft: Assessment) -> None:
    """The grid's headings show each block's and area's score; the autosave answers with all of them, as the
    scoring module computes them, so that the page updates them without a reload."""
    first = _answers(draft)[0]
    area, block = first.practice.area.key, first.practice.area.block.key
    page = login(world.analyst).get(_url("assessment_grid", assessment_id=draft.pk)).content.decode()
    assert f'data-score-area="{area}">—<' in page and f'data-score-block="{block}">—<' in page
    response = login(world.analyst).post(
        _url("answer_save", assessment_id=draft.pk, answer_id=first.pk), _row(first, state="4"), **PARTIAL
    )
    subtotals = response.content.decode().split("<template data-subtotals>", 1)[1].split("</template>", 1)[0]
    assert f'<span data-score-area="{area}">80</span>' in subtotals  # the only answer in its area: level 4
    assert f'<span data-score-block="{block}">80</span>' in subtotals
    assert subtotals.count("data-score-block=") == 7 and subtotals.count("data-score-area=") == 27
    page = login(world.analyst).get(_url("assessment_grid", assessment_id=draft.pk)).content.decode()
    assert f'data-score-area="{area}">80<' in page  # the page, reloaded, shows what the autosave returned


def test_it_redirects_to_the_row_without_the_partial_header(world: Any, login: Any, draft: Assessment) -> None:
    first = _answers(draft)[0]
    response = login(world.analyst).post(
        _url("answer_save", assessment_id=draft.pk, answer_id=first.pk), _row(first, state="unknown")
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#answer-{first.pk}")
    assert Answer.objects.get(pk=first.pk).state == "unknown"


def test_it_answers_409_with_the_current_value_on_a_stale_autosave(world: Any, login: Any, draft: Assessment) -> None:
    first = _answers(draft)[0]
    services.answer_set(
        workspace=world.ws_a,
        actor=world.vcio,
        assessment=draft,
        change=AnswerChange(first.practice.key, version=1, state="level", level=1, note="theirs"),
    )
    before = _snapshot(draft)
    response = login(world.analyst).post(
        _url("answer_save", assessment_id=draft.pk, answer_id=first.pk), _row(first, state="3"), **PARTIAL
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert _snapshot(draft) == before
    assert "Changed by Alpha vCIO" in html and 'data-theirs-state="1"' in html and "Keep mine" in html
    assert f'name="version-{first.pk}" value="2"' in html


def test_it_answers_422_at_the_row_for_a_bad_link(world: Any, login: Any, draft: Assessment) -> None:
    first = _answers(draft)[0]
    response = login(world.analyst).post(
        _url("answer_save", assessment_id=draft.pk, answer_id=first.pk), _row(first, evidence="nope nope"), **PARTIAL
    )
    assert response.status_code == 422
    assert "Enter a valid URL" in response.content.decode()
    assert Answer.objects.get(pk=first.pk).version == 1


# --- detail, edit, finalise, delete ----------------------------------------------------------------------------


def test_it_shows_the_scores_per_block_and_area(world: Any, login: Any, draft: Assessment) -> None:
    for a in _answers(draft)[:10]:
        services.answer_set(
            workspace=world.ws_a,
            actor=world.analyst,
            assessment=draft,
            change=AnswerChange(a.practice.key, version=1, state="level", level=3),
        )
    html = login(world.viewer).get(_url("assessment_detail", assessment_id=draft.pk)).content.decode()
    assert "Continuous" in html and "Backup management implementation" in html
    assert "10/139" in html and "provisional" in html
    assert _url("assessment_finalise", assessment_id=draft.pk) not in html  # a viewer gets no buttons


def test_it_edits_and_finalises_a_draft(world: Any, login: Any, draft: Assessment) -> None:
    http = login(world.vcio)
    response = http.post(
        _url("assessment_edit", assessment_id=draft.pk),
        {"title": "Q3 review (site visit)", "period": "2026-Q3", "assessed_on": "2026-09-29", "version": "1"},
    )
    assert response.status_code == 302
    stale = http.post(
        _url("assessment_edit", assessment_id=draft.pk),
        {"title": "Mine", "period": "2026-Q3", "assessed_on": "2026-09-29", "version": "1"},
    )
    assert stale.status_code == 409 and "Q3 review (site visit)" in stale.content.decode()
    assert http.post(_url("assessment_finalise", assessment_id=draft.pk), {"version": "1"}).status_code == 409
    assert http.post(_url("assessment_finalise", assessment_id=draft.pk), {"version": "2"}).status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Q3 review (site visit)", AssessmentStatus.FINAL)


def test_it_refuses_every_change_to_a_final_assessment(world: Any, login: Any, draft: Assessment) -> None:
    services.assessment_finalise(workspace=world.ws_a, actor=world.vcio, assessment=draft, version=1)
    answers = _answers(draft)
    first = answers[0]
    before, count = _snapshot(draft), Assessment.objects.count()
    http = login(world.owner)
    assert (
        http.post(
            _url("assessment_grid", assessment_id=draft.pk), _grid_post(answers, {first.pk: {"state": "3"}})
        ).status_code
        == 409
    )
    assert http.post(_url("assessment_grid", assessment_id=draft.pk), {}).status_code == 409
    assert (
        http.post(
            _url("answer_save", assessment_id=draft.pk, answer_id=first.pk), _row(first, state="3"), **PARTIAL
        ).status_code
        == 409
    )
    assert http.get(_url("assessment_edit", assessment_id=draft.pk)).status_code == 409
    assert (
        http.post(
            _url("assessment_edit", assessment_id=draft.pk),
            {"title": "x", "period": "", "assessed_on": "2026-01-01", "version": "2"},
        ).status_code
        == 409
    )
    assert http.post(_url("assessment_delete", assessment_id=draft.pk)).status_code == 409
    assert http.post(_url("assessment_finalise", assessment_id=draft.pk), {"version": "2"}).status_code == 409
    assert _snapshot(draft) == before and Assessment.objects.count() == count
    draft.refresh_from_db()
    assert draft.title == "Q3 review"
    grid = http.get(_url("assessment_grid", assessment_id=draft.pk)).content.decode()
    assert "is final" in grid and 'name="version-' not in grid and "Save all changes" not in grid


def test_it_deletes_a_draft(world: Any, login: Any, draft: Assessment) -> None:
    response = login(world.vcio).post(_url("assessment_delete", assessment_id=draft.pk))
    assert response.status_code == 302
    assert response["Location"] == _url("assessment_list", client_id=world.client_a1.pk)
    assert not Assessment.objects.filter(pk=draft.pk).exists()


# --- who may -----------------------------------------------------------------------------------------------


def test_it_refuses_a_viewer_any_answer(world: Any, login: Any, draft: Assessment) -> None:
    answers = _answers(draft)
    first = answers[0]
    before = _snapshot(draft)
    http = login(world.viewer)
    grid = http.get(_url("assessment_grid", assessment_id=draft.pk))
    assert grid.status_code == 200 and 'name="version-' not in grid.content.decode()
    assert (
        http.post(
            _url("assessment_grid", assessment_id=draft.pk), _grid_post(answers, {first.pk: {"state": "3"}})
        ).status_code
        == 403
    )
    assert (
        http.post(
            _url("answer_save", assessment_id=draft.pk, answer_id=first.pk), _row(first, state="3"), **PARTIAL
        ).status_code
        == 403
    )
    assert _snapshot(draft) == before


def test_it_lets_an_analyst_answer_but_not_manage(world: Any, login: Any, framework: Any, draft: Assessment) -> None:
    first = _answers(draft)[0]
    http = login(world.analyst)
    assert (
        http.post(
            _url("answer_save", assessment_id=draft.pk, answer_id=first.pk), _row(first, state="2"), **PARTIAL
        ).status_code
        == 200
    )
    assert http.get(_url("assessment_create", client_id=world.client_a1.pk)).status_code == 403
    assert (
        http.post(
            _url("assessment_create", client_id=world.client_a1.pk),
            {"title": "x", "period": "", "assessed_on": "2026-01-01", "framework": str(framework.pk)},
        ).status_code
        == 403
    )
    assert http.post(_url("assessment_finalise", assessment_id=draft.pk), {"version": "1"}).status_code == 403
    assert http.post(_url("assessment_delete", assessment_id=draft.pk)).status_code == 403
    assert http.get(_url("assessment_edit", assessment_id=draft.pk)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT and Assessment.objects.count() == 1


def test_it_answers_404_for_another_workspace(world: Any, login: Any, framework: Any, draft: Assessment) -> None:
    first = _answers(draft)[0]
    http = login(world.outsider)
    for name in ("assessment_detail", "assessment_grid", "assessment_edit"):
        assert http.get(_url(name, assessment_id=draft.pk)).status_code == 404, name
    for name in ("assessment_grid", "assessment_finalise", "assessment_delete"):
        assert http.post(_url(name, assessment_id=draft.pk), {"version": "1"}).status_code == 404, name
    assert (
        http.post(_url("answer_save", assessment_id=draft.pk, answer_id=first.pk), _row(first, state="3")).status_code
        == 404
    )
    assert http.get(_url("assessment_list", client_id=world.client_a1.pk)).status_code == 404
    # an answer of another assessment through this assessment's URL is not found either
    other = _create(world, framework, client=world.client_a2)
    foreign = _answers(other)[0]
    assert (
        login(world.analyst)
        .post(_url("answer_save", assessment_id=draft.pk, answer_id=foreign.pk), _row(foreign, state="3"))
        .status_code
        == 404
    )


# --- query counts ------------------------------------------------------------------------------------------


def _grid_queries(http: Any, assessment: Assessment) -> int:
    url = _url("assessment_grid", assessment_id=assessment.pk)
    assert http.get(url).status_code == 200  # warms the per-process framework index
    with CaptureQueriesContext(connection) as ctx:
        response = http.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_grid_takes_the_same_few_queries_whatever_its_size(world: Any, login: Any, framework: Any) -> None:
    mini = framework_load(doc=mini_framework_doc(10)).framework
    http = login(world.analyst)
    small = _create(world, mini, client=world.client_a2)
    large = _create(world, framework)
    n_small, n_large = _grid_queries(http, small), _grid_queries(http, large)
    for i in range(19):  # the client now has 20 assessments
        _create(world, framework, title=f"Older {i}", on=dt.date(2025, 1, 1) + dt.timedelta(days=i))
    n_many = _grid_queries(http, large)
    assert n_small == n_large == n_many
    assert n_large <= 10


def test_the_list_takes_the_same_queries_for_1_and_20_assessments(world: Any, login: Any, framework: Any) -> None:
    client = ClientFactory(workspace=world.ws_a)
    _create(world, framework, client=client)
    http = login(world.viewer)
    url = _url("assessment_list", client_id=client.pk)
    http.get(url)
    with CaptureQueriesContext(connection) as one:
        http.get(url)
    for i in range(19):
        _create(world, framework, client=client, title=f"Older {i}")
    with CaptureQueriesContext(connection) as twenty:
        assert "Older 18" in http.get(url).content.decode()
    assert len(one.captured_queries) == len(twenty.captured_queries)


def test_it_escapes_what_people_typed_into_the_grid(world: Any, login: Any, draft: Assessment) -> None:
    first = _answers(draft)[0]
    services.answer_set(
        workspace=world.ws_a,
        actor=world.vcio,
        assessment=draft,
        change=services.AnswerChange(
            first.practice.key,
            version=first.version,
            note='<script>alert("x")</script>',
            evidence_url='https://example.com/?a="><b>',
        ),
    )
    html = login(world.viewer).get(_url("assessment_grid", assessment_id=draft.pk)).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '"><b>' not in html
