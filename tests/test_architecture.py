"""Layering rules from STYLE.md, checked on the source text.

- Pure modules import nothing from Django or from sevenc's models.
- views.py and api.py never touch ``.objects`` (reads go through selectors, writes through services).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "sevenc"
PURE_MODULES = [
    "conf.py",
    "catalog/domain/document.py",
    "core/domain/roles.py",
    "core/domain/errors.py",
    "responsibility/domain/analysis.py",
    "assessments/domain/scoring.py",
    "assessments/domain/gaps.py",
    "assessments/domain/benchmark.py",
    "core/domain/charts.py",
    "planning/execution/domain/agenda.py",
    "planning/strategy/domain/budget.py",
    "planning/domain/proposals.py",
    "core/domain/quarters.py",
    "assessments/domain/consolidate.py",
    "planning/domain/prioritise.py",
    "planning/domain/schedule.py",
    "core/domain/spreadsheets.py",
]
THIN_FILES = sorted(p for p in SRC.rglob("*.py") if p.name in {"views.py", "api.py"})


def _imports(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("relpath", PURE_MODULES)
def test_it_keeps_pure_modules_free_of_django(relpath: str) -> None:
    tree = ast.parse((SRC / relpath).read_text())
    bad = [
        n for n in _imports(tree) if n.split(".")[0] == "django" or (n.startswith("sevenc.") and n.endswith(".models"))
    ]
    assert bad == [], f"{relpath} imports {bad}"


def test_it_finds_the_thin_files() -> None:
    assert len(THIN_FILES) >= 5


@pytest.mark.parametrize("path", THIN_FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_it_keeps_views_and_api_handlers_off_the_orm(path: Path) -> None:
    tree = ast.parse(path.read_text())
    uses = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "objects"]
    assert uses == [], f"{path.name} uses .objects on lines {uses}; go through a selector or a service"
