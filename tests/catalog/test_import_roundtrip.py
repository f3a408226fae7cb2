"""`sevenc catalog export` then `sevenc catalog import` loses nothing: a derived version, re-weighted, with
critical practices, an area left out and a practice added, comes back with every property. And an import that
names a key the document does not know, gives a key twice or a value of the wrong type changes nothing and
says where."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from sevenc.catalog import services
from sevenc.catalog.models import Area, Block, Framework, MaturityLevel, Practice
from sevenc.catalog.selectors import framework_get, framework_tree
from sevenc.catalog.services import framework_document_parse
from sevenc.cli import main
from sevenc.core.domain.errors import ApplicationError

pytestmark = pytest.mark.django_db

AREA = "continuous.backup-management-implementation"
SMALL_AREA = "continuous.disaster-recovery-plan-implementation"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _properties(framework: Framework) -> dict[str, Any]:
    """Every property of a framework that its content has, read from the database (not from the export):
    the framework's own fields, the scale, and each block, area and practice with all its fields, in order."""
    fields = {"key": framework.key, "name": framework.name, "version": framework.version, "source": framework.source}
    scale = list(
        MaturityLevel.objects.filter(framework=framework).order_by("level").values_list("level", "name", "description")
    )
    blocks = list(
        Block.objects.filter(framework=framework).order_by("position").values_list("key", "name", "question", "weight")
    )
    areas = list(
        Area.objects.filter(framework=framework)
        .order_by("block__position", "position")
        .values_list("block__key", "key", "name", "description", "weight")
    )
    practices = list(
        Practice.objects.filter(framework=framework)
        .order_by("area__block__position", "area__position", "position")
        .values_list("area__key", "key", "name", "weight", "critical")
    )
    return {**fields, "scale": scale, "blocks": blocks, "areas": areas, "practices": practices}


def _derived(world: Any, shipped: Framework) -> Framework:
    """A published derived version that uses everything a derived version can change."""
    ws, admin = world.ws_a, world.admin
    fw = services.framework_derive(
        workspace=ws, actor=admin, source=shipped, version="2026.1-alpha", name="7C, Alpha's weighting"
    )
    services.framework_block_update(workspace=ws, actor=admin, framework=fw, key="continuous", weight=3)
    services.framework_block_update(workspace=ws, actor=admin, framework=fw, key="cost-effective", weight=0)
    services.framework_area_update(workspace=ws, actor=admin, framework=fw, key=AREA, weight=2.5)
    services.framework_area_update(workspace=ws, actor=admin, framework=fw, key=SMALL_AREA, hidden=True)
    services.framework_practice_update(
        workspace=ws, actor=admin, framework=fw, key=f"{AREA}.01", weight=4, critical=True
    )
    services.framework_practice_update(workspace=ws, actor=admin, framework=fw, key=f"{AREA}.02", weight=0)
    services.framework_practice_update(workspace=ws, actor=admin, framework=fw, key=f"{AREA}.03", critical=True)
    services.framework_practice_update(workspace=ws, actor=admin, framework=fw, key=f"{AREA}.04", weight=0.125)
    services.framework_practice_update(workspace=ws, actor=admin, framework=fw, key=f"{AREA}.05", hidden=True)
    services.framework_practice_add(
        workspace=ws,
        actor=admin,
        framework=fw,
        area_key=AREA,
        key=f"{AREA}.alpha-01",
        name="Restore drill with the client each quarter",
        weight=1.75,
        critical=True,
    )
    return services.framework_publish(workspace=ws, actor=admin, framework=fw)


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_a_derived_version_survives_export_and_import_with_every_property(
    capsys: pytest.CaptureFixture[str], world: Any, shipped: Framework, tmp_path: Path, fmt: str
) -> None:
    derived = _derived(world, shipped)
    original = _properties(derived)
    assert (original["blocks"][0][3], original["practices"][0][3:]) == (3.0, (4.0, True))  # it was really edited
    target = tmp_path / f"alpha.{fmt}"
    code, _, err = run(
        capsys,
        "catalog",
        "export",
        "--framework",
        "7c",
        "--version",
        "2026.1-alpha",
        "--workspace",
        world.ws_a.slug,
        "--format",
        fmt,
        "--output",
        str(target),
    )
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert ("critical" in text) and ("weight" in text)

    code, out, err = run(capsys, "catalog", "import", str(target))  # as a shipped framework: a new row
    assert code == 0, err
    assert out.startswith("Created 7c 2026.1-alpha — 7C, Alpha's weighting")
    imported = framework_get(key="7c", version="2026.1-alpha")
    assert imported.pk != derived.pk and imported.workspace_id is None
    assert _properties(imported) == original
    assert imported.checksum == derived.checksum  # the same content, by the same measure
    assert framework_tree(framework=imported) == framework_tree(framework=derived)

    code, out, err = run(capsys, "catalog", "import", str(target), "--workspace", world.ws_b.slug)  # another's
    assert code == 0, err
    assert out.strip().endswith(f"in workspace {world.ws_b.name} (/{world.ws_b.slug})")
    theirs = Framework.objects.get(workspace=world.ws_b, key="7c", version="2026.1-alpha")
    assert _properties(theirs) == original and not theirs.is_draft
    code, out, _ = run(capsys, "catalog", "import", str(target))
    assert out.startswith("Already loaded: 7c 2026.1-alpha")


def test_the_api_shows_the_weights_and_flags_of_a_version(world: Any, shipped: Framework, client: Any) -> None:
    derived = _derived(world, shipped)
    client.force_login(world.viewer)
    body = client.get(f"/api/v1/frameworks/{derived.pk}").json()
    block = body["blocks"][0]
    practice = block["areas"][0]["practices"][0]
    assert (block["weight"], block["areas"][0]["weight"], practice["weight"], practice["critical"]) == (
        3.0,
        2.5,
        4.0,
        True,
    )
    assert body["source"] == shipped.source


def _counts() -> tuple[int, ...]:
    return (
        Framework.objects.count(),
        Block.objects.count(),
        Area.objects.count(),
        Practice.objects.count(),
        MaturityLevel.objects.count(),
    )


def _exported(shipped: Framework) -> dict[str, Any]:
    doc = framework_tree(framework=shipped)
    doc["version"] = "2.0"
    return doc


@pytest.mark.parametrize(
    "change,problem",
    [
        (
            lambda d: d["blocks"][2]["areas"][0]["practices"][3].update(wieght=2),
            "blocks[2].areas[0].practices[3].wieght: unknown key",
        ),
        (
            lambda d: d["blocks"][0]["areas"][1].update(weight=True),
            "blocks[0].areas[1].weight: expected a number from 0 to 1,000,000, got bool",
        ),
        (
            lambda d: d["blocks"][1].update(weight="2"),
            "blocks[1].weight: expected a number from 0 to 1,000,000, got str",
        ),
        (
            lambda d: d["blocks"][0]["areas"][0]["practices"][0].update(critical="yes"),
            "blocks[0].areas[0].practices[0].critical: expected true or false, got str",
        ),
        (lambda d: d.update(based_on="7c 1.0"), "based_on: unknown key"),
        (lambda d: d.update(id=7), "id: unknown key"),
    ],
)
def test_an_import_with_a_problem_changes_nothing_and_names_its_path(
    capsys: pytest.CaptureFixture[str], shipped: Framework, tmp_path: Path, change: Any, problem: str
) -> None:
    before = _counts()
    doc = _exported(shipped)
    change(doc)
    for name, text in [("bad.json", json.dumps(doc)), ("bad.yaml", yaml.safe_dump(doc, sort_keys=False))]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        code, out, err = run(capsys, "catalog", "import", str(path))
        assert (code, out) == (1, "")
        assert err.splitlines() == [
            f"sevenc: error: {name} is not a valid framework document (1 problems)",
            f"  {problem}",
        ]
        assert _counts() == before


def test_a_key_given_twice_in_a_file_is_a_problem_not_the_last_value(shipped: Framework) -> None:
    doc = _exported(shipped)
    text = json.dumps(doc).replace('"name": "Continuous"', '"name": "Continuous", "weight": 2, "weight": 0', 1)
    with pytest.raises(ApplicationError) as exc:
        framework_document_parse(text, filename="twice.json")
    assert exc.value.fields == {"document": ["blocks[0].weight: given more than once"]}
    yaml_text = "key: 7c\nname: Seven\nname: Eight\nversion: '2.0'\n" + yaml.safe_dump(
        {"scale": doc["scale"], "blocks": doc["blocks"]}, sort_keys=False
    )
    with pytest.raises(ApplicationError) as exc:
        framework_document_parse(yaml_text, filename="twice.yaml")
    assert exc.value.fields == {"document": ["name: given more than once"]}
    with pytest.raises(ApplicationError, match="neither valid JSON nor valid YAML"):
        framework_document_parse("key: 7c\n? [a, b]\n: c\n", filename="odd.yaml")  # a list as a key


def test_yaml_anchors_and_merge_keys_still_work() -> None:
    scale = "".join(f"  - {{level: {n}, name: L{n}, description: level {n}}}\n" for n in range(6))
    text = (
        "key: mini\nname: Mini\nversion: '1'\nscale:\n"
        + scale
        + "blocks:\n  - key: b\n    name: B\n    areas:\n      - key: b.a\n        name: A\n"
        "        practices:\n          - &first {key: b.a.1, name: One, weight: 2, critical: true}\n"
        "          - {<<: *first, key: b.a.2}\n"
    )
    doc = framework_document_parse(text, filename="mini.yaml")
    assert doc["blocks"][0]["areas"][0]["practices"] == [
        {"key": "b.a.1", "name": "One", "weight": 2.0, "critical": True},
        {"key": "b.a.2", "name": "One", "weight": 2.0, "critical": True},
    ]


def test_a_derived_version_is_found_only_in_its_workspace(
    capsys: pytest.CaptureFixture[str], world: Any, shipped: Framework, tmp_path: Path
) -> None:
    _derived(world, shipped)
    code, _, err = run(capsys, "catalog", "export", "--framework", "7c", "--version", "2026.1-alpha")
    assert code == 1 and "no framework '7c' version '2026.1-alpha'" in err  # not a shipped one
    code, _, err = run(
        capsys, "catalog", "export", "--framework", "7c", "--version", "2026.1-alpha", "--workspace", world.ws_b.slug
    )
    assert code == 1 and f"in workspace {world.ws_b.slug!r}" in err
    code, _, err = run(capsys, "catalog", "import", str(tmp_path / "x.json"), "--workspace", "no-such-place")
    assert code == 1 and "no workspace 'no-such-place'" in err
