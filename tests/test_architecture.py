"""The layers of docs/architecture.md, checked on the source of every module under src/sevenc (imports inside
functions included), and the old forms of the shared rules, refused wherever they reappear.

Each rule is a function of a {path: source} map, so that the tests below can plant a violation and show that the
rule notices it.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "sevenc"

# The pure modules: conf.py and every module of a `domain` package. These two patterns are the first entries of
# mypy's list (pyproject.toml), which checks them strictly; the test below holds the two to each other.
PURE_GLOBS = ["src/sevenc/conf.py", "src/sevenc/**/domain/*.py"]
MYPY_FILES: list[str] = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]["files"]
# What a pure module may import beyond the standard library and other pure modules, and why.
PURE_MAY_ALSO_IMPORT = {
    "ortools": "planning/domain/schedule.py: the CP-SAT solver; computation only, no I/O",
    "openpyxl": "core/domain/spreadsheets.py: reads and writes XLSX bytes; no I/O of its own",
    "psycopg": "conf.py: psycopg.conninfo parses DATABASE_URL; it opens no connection",
    "babel": "core/domain/money.py: formats money by locale from the CLDR data it ships; no I/O of its own",
}
CORE = "core"
DOMAINS = {"accounts", "tenancy", "catalog", "assessments", "planning", "responsibility"}
# Above the domains: they read them and are read by nobody but each other.
TOP = {"api", "portal", "reports", "cli", "demo", "urls", "settings", "wsgi", "__main__"}

Files = dict[str, str]  # path relative to src/ ("sevenc/core/models.py") -> source


def _source_files() -> Files:
    return {
        p.relative_to(SRC.parent).as_posix(): p.read_text()
        for p in sorted(SRC.rglob("*.py"))
        if "migrations" not in p.parts
    }


def _module(path: str) -> str:
    parts = path.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _app(module: str) -> str | None:
    """sevenc.planning.strategy.services -> planning; sevenc.demo -> demo; anything outside sevenc -> None."""
    parts = module.split(".")
    return parts[1] if parts[0] == "sevenc" and len(parts) > 1 else None


def _imports(path: str, source: str) -> list[tuple[str, int]]:
    """Every module a file imports, anywhere in it (functions included), with the line."""
    out = []
    package = _module(path) if path.endswith("__init__.py") else _module(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            out.append((base, node.lineno))
            out += [(f"{base}.{a.name}", node.lineno) for a in node.names]
    return out


def _is_pure(path: str) -> bool:
    """conf.py, or a module of a package named `domain` at any depth (PURE_GLOBS; Path.match cannot say `**`)."""
    p = Path(path)
    return path == "sevenc/conf.py" or (p.parent.name == "domain" and p.suffix == ".py")


def _known_modules(files: Files) -> set[str]:
    return {_module(p) for p in files}


# --- the rules --------------------------------------------------------------------------------------------------


def pure_violations(files: Files) -> list[str]:
    """A pure module imports only the standard library, other pure modules and PURE_MAY_ALSO_IMPORT."""
    pure = {_module(p) for p in files if _is_pure(p)}
    known = _known_modules(files)
    out = []
    for path, source in files.items():
        if not _is_pure(path):
            continue
        for name, line in _imports(path, source):
            root = name.split(".")[0]
            if root == "__future__" or root in sys.stdlib_module_names or root in PURE_MAY_ALSO_IMPORT:
                continue
            if name in pure or (name not in known and name.rpartition(".")[0] in pure):
                continue  # a pure module, or a name imported from one
            out.append(f"{path}:{line} is pure but imports {name}")
    return out


def layer_violations(files: Files) -> list[str]:
    """core imports no domain and nothing above; a domain imports nothing above the domains (never sevenc.api)."""
    out = []
    for path, source in files.items():
        me = _app(_module(path))
        for name, line in _imports(path, source):
            other = _app(name)
            if other is None or other == me or other == "conf":
                continue
            if me == CORE and other != CORE:
                out.append(f"{path}:{line}: core imports {name}")
            elif me in DOMAINS and other in TOP:
                out.append(f"{path}:{line}: the domain {me} imports {name}, which is above the domains")
    return out


def app_cycles(files: Files) -> list[str]:
    """No import cycle between apps: the graph of app -> app imports has no strongly connected part of two or more."""
    edges: dict[str, set[str]] = {}
    where: dict[tuple[str, str], str] = {}
    for path, source in files.items():
        me = _app(_module(path))
        if me is None:
            continue
        for name, line in _imports(path, source):
            other = _app(name)
            if other and other != me and (other in DOMAINS or other in TOP or other == CORE):
                edges.setdefault(me, set()).add(other)
                where.setdefault((me, other), f"{path}:{line}")
    out = []
    for cycle in _strongly_connected(edges):
        ring = sorted(cycle)
        links = [f"{a} -> {b} ({where[(a, b)]})" for a in ring for b in ring if (a, b) in where]
        out.append("import cycle between " + ", ".join(ring) + ": " + "; ".join(links))
    return out


def _strongly_connected(edges: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm; returns the parts with two or more apps."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    parts: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = set()
            while True:
                w = stack.pop()
                on.discard(w)
                part.add(w)
                if w == v:
                    break
            if len(part) > 1:
                parts.append(part)

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return parts


def old_forms(files: Files) -> list[str]:
    """The forms the shared rules replaced: scoping by hand, version bumps by hand, a local StrictSchema."""
    out = []
    for path, source in files.items():
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"filter", "get", "exclude"}
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr == "objects"
                and any(k.arg in {"workspace", "workspace_id"} for k in node.keywords)
            ):
                out.append(
                    f"{path}:{node.lineno}: scope with .objects.for_workspace(...), not .objects.{node.func.attr}"
                )
            if (
                path != "sevenc/core/versioning.py"
                and isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "F"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value == "version"
            ):
                out.append(f'{path}:{node.lineno}: F("version") by hand; use sevenc.core.versioning')
            if isinstance(node, ast.ClassDef) and node.name == "StrictSchema" and path != "sevenc/core/schemas.py":
                out.append(f"{path}:{node.lineno}: a local StrictSchema; import sevenc.core.schemas.StrictSchema")
    return out


def thin_violations(files: Files) -> list[str]:
    """Views and API handlers (views*.py, api*.py) never touch .objects: reads go through selectors, writes
    through services."""
    out = []
    for path, source in files.items():
        name = path.rpartition("/")[2]
        if not (name.startswith("views") or name.startswith("api")) or path.startswith("sevenc/api/"):
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Attribute) and node.attr == "objects":
                out.append(f"{path}:{node.lineno} uses .objects; go through a selector or a service")
    return out


RULES: dict[str, Callable[[Files], list[str]]] = {
    "pure": pure_violations,
    "layers": layer_violations,
    "cycles": app_cycles,
    "old forms": old_forms,
    "thin": thin_violations,
}


# --- the source holds to them -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def files() -> Files:
    return _source_files()


def test_it_reads_every_module(files: Files) -> None:
    assert len(files) > 150
    assert "sevenc/planning/domain/schedule.py" in files and "sevenc/core/models.py" in files


def test_it_takes_the_pure_modules_from_mypys_list(files: Files) -> None:
    assert MYPY_FILES[: len(PURE_GLOBS)] == PURE_GLOBS
    pure = sorted(p for p in files if _is_pure(p))
    assert "sevenc/conf.py" in pure and "sevenc/assessments/domain/scoring.py" in pure
    assert all(p == "sevenc/conf.py" or "/domain/" in p for p in pure), pure
    assert "sevenc/planning/strategy/domain/budget.py" in pure and "sevenc/planning/execution/domain/agenda.py" in pure
    assert len(pure) >= 20


@pytest.mark.parametrize("rule", sorted(RULES))
def test_the_source_keeps_the_rule(rule: str, files: Files) -> None:
    assert RULES[rule](files) == []


# --- each rule notices a planted violation ----------------------------------------------------------------------

PLANTED = {
    "pure": ("sevenc/planning/domain/planted.py", "def f():\n    from django.db import models\n"),
    "layers": ("sevenc/core/planted.py", "from sevenc.planning import selectors\n"),
    "cycles": ("sevenc/catalog/planted.py", "def f():\n    from sevenc.assessments import selectors\n"),
    "old forms": ("sevenc/planning/planted.py", "X.objects.filter(workspace=w, pk=1)\n"),
    "thin": ("sevenc/planning/views_planted.py", "def v(r):\n    return Item.objects.all()\n"),
}
MORE_PLANTED = [
    ("layers", "sevenc/responsibility/planted.py", "from sevenc.api.errors import ErrorOut\n", "above the domains"),
    ("pure", "sevenc/core/domain/planted.py", "import sevenc.tenancy.models\n", "is pure but imports"),
    ("pure", "sevenc/assessments/domain/planted.py", "import requests\n", "is pure but imports requests"),
    ("old forms", "sevenc/tenancy/planted.py", 'Q.update(version=F("version") + 1)\n', 'F("version") by hand'),
    ("old forms", "sevenc/catalog/planted.py", "class StrictSchema:\n    pass\n", "a local StrictSchema"),
]


@pytest.mark.parametrize("rule", sorted(PLANTED))
def test_it_notices_a_planted_violation(rule: str, files: Files) -> None:
    path, source = PLANTED[rule]
    found = RULES[rule]({**files, path: source})
    assert found, f"the {rule} rule missed {path}"
    assert any(path in f or "catalog" in f for f in found), found


@pytest.mark.parametrize(("rule", "path", "source", "says"), MORE_PLANTED, ids=[m[1] for m in MORE_PLANTED])
def test_it_notices_more_planted_violations(rule: str, path: str, source: str, says: str, files: Files) -> None:
    found = RULES[rule]({**files, path: source})
    assert any(path in f and says in f for f in found), found


def test_a_cycle_names_the_imports_that_make_it(files: Files) -> None:
    found = app_cycles({**files, "sevenc/catalog/planted.py": "import sevenc.planning.models\n"})
    assert len(found) == 1
    assert "catalog -> planning (sevenc/catalog/planted.py:1)" in found[0]
    assert "planning -> catalog" in found[0]
