"""Loading frameworks: idempotent, all or nothing, never changing a version in place."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from sevenc.catalog.domain.document import DocumentError
from sevenc.catalog.models import Area, Block, Framework, MaturityLevel, Practice
from sevenc.catalog.selectors import framework_get, framework_list, framework_tree
from sevenc.catalog.services import SHIPPED_DIR, framework_document_parse, framework_load, framework_load_shipped
from sevenc.core.domain.errors import ApplicationError
from tests.factories import WorkspaceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_catalog")]  # these tests load it


def row_counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Framework, MaturityLevel, Block, Area, Practice)}


def shipped_doc() -> dict[str, Any]:
    path = SHIPPED_DIR / "7c.json"
    return framework_document_parse(path.read_text(encoding="utf-8"), filename=path.name)


def test_it_loads_the_shipped_7c_framework(db: Any) -> None:
    (result,) = framework_load_shipped()
    assert result.created
    fw = result.framework
    assert (fw.key, fw.workspace) == ("7c", None)
    assert (fw.blocks.count(), fw.areas.count(), fw.practices.count(), fw.levels.count()) == (7, 27, 139, 6)
    assert list(fw.blocks.values_list("position", flat=True)) == list(range(1, 8))


def test_it_loads_the_shipped_frameworks_idempotently(db: Any) -> None:
    first = framework_load_shipped()
    counts = row_counts()
    second = framework_load_shipped()
    assert row_counts() == counts
    assert [r.framework.pk for r in second] == [r.framework.pk for r in first]
    assert not any(r.created for r in second)


def test_it_exports_what_it_loaded(db: Any) -> None:
    doc = shipped_doc()
    (result,) = framework_load_shipped()
    tree = framework_tree(framework=result.framework)
    assert tree == doc  # the source note included: an export loses nothing


def test_it_refuses_other_content_under_the_same_key_and_version(db: Any) -> None:
    framework_load_shipped()
    before = row_counts()
    doc = copy.deepcopy(shipped_doc())
    doc["blocks"][0]["areas"][0]["practices"][0]["name"] += " (edited)"
    with pytest.raises(ApplicationError) as exc:
        framework_load(doc=doc)
    assert "7c" in exc.value.message and "1.0" in exc.value.message
    assert "new version" in exc.value.message
    assert row_counts() == before


def test_it_loads_changed_content_under_a_new_version(db: Any) -> None:
    framework_load_shipped()
    doc = copy.deepcopy(shipped_doc())
    doc["version"] = "1.1"
    doc["blocks"][0]["areas"][0]["practices"].append({"key": "continuous.extra", "name": "An extra practice"})
    result = framework_load(doc=doc)
    assert result.created
    assert result.framework.practices.count() == 140
    assert Framework.objects.filter(key="7c").count() == 2


def test_it_writes_nothing_for_an_invalid_document(db: Any) -> None:
    doc = copy.deepcopy(shipped_doc())
    doc["blocks"][6]["areas"][0]["practices"][0]["key"] = doc["blocks"][0]["areas"][0]["practices"][0]["key"]
    with pytest.raises(DocumentError):
        framework_load(doc=doc)
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_it_keeps_workspace_frameworks_apart_from_shipped_ones(db: Any) -> None:
    ws_a, ws_b = WorkspaceFactory(), WorkspaceFactory()
    framework_load_shipped()
    doc = copy.deepcopy(shipped_doc())
    doc["name"] = "Alpha's 7C"
    own = framework_load(doc=doc, workspace=ws_a)
    assert own.created and own.framework.workspace == ws_a
    assert set(framework_list(workspace=ws_a).values_list("workspace", flat=True)) == {None, ws_a.pk}
    assert set(framework_list(workspace=ws_b).values_list("workspace", flat=True)) == {None}
    from django.http import Http404

    with pytest.raises(Http404):
        framework_get(workspace=ws_b, pk=own.framework.pk)


def test_it_parses_json_and_yaml(db: Any) -> None:
    doc = shipped_doc()
    import yaml

    assert framework_document_parse(yaml.safe_dump(doc), filename="7c.yaml") == doc
    assert framework_document_parse(json.dumps(doc)) == doc


def test_it_explains_unparseable_text(db: Any) -> None:
    with pytest.raises(ApplicationError) as exc:
        framework_document_parse("{not json", filename="broken.json")
    assert "broken.json" in exc.value.message


def test_it_lists_every_problem_of_an_invalid_document(db: Any) -> None:
    with pytest.raises(ApplicationError) as exc:
        framework_document_parse(
            json.dumps({"key": "x", "name": "", "version": "1", "scale": [], "blocks": []}), filename="x.json"
        )
    problems = exc.value.fields["document"]
    assert any(p.startswith("name:") for p in problems)
    assert any(p.startswith("blocks:") for p in problems)
