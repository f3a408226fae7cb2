"""The shape of the ``sevenc`` command's package (src/sevenc/cli/): short functions, every command still there,
every handler a parser names importable, and ``--help`` without Django's apps or a database."""

from __future__ import annotations

import argparse
import ast
import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sevenc.cli import build_parser, main
from sevenc.cli.base import Command

CLI = Path(__file__).resolve().parents[1] / "src" / "sevenc" / "cli"
MAX_LINES = 60

# The commands `sevenc --help` listed when cli.py became this package, in its order.
COMMANDS = [
    "demo",
    "serve",
    "migrate",
    "createadmin",
    "catalog",
    "assessment",
    "scores",
    "plan",
    "meetings",
    "operational-plan",
    "matrix",
    "openapi",
    "manage",
]


def _functions() -> Iterator[tuple[str, int]]:
    for path in sorted(CLI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                where = f"{path.relative_to(CLI.parent)}:{node.lineno} {node.name}"
                yield where, node.end_lineno - node.lineno + 1  # type: ignore[operator]


def _parsers(parser: argparse.ArgumentParser, path: str = "sevenc") -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, f"{path} {name}")


def test_it_finds_the_functions() -> None:
    assert len(list(_functions())) > 40


def test_it_keeps_every_function_short() -> None:
    long = [f"{where}: {lines} lines" for where, lines in _functions() if lines > MAX_LINES]
    assert long == [], f"functions over {MAX_LINES} lines: {long}"


def test_it_keeps_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    top = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert [c for c in COMMANDS if c not in top.choices] == []
    assert main(["--help"]) == 0
    listed = capsys.readouterr().out.split("commands:", 1)[1]
    assert [c for c in COMMANDS if f"\n    {c} " not in listed and f"\n    {c}\n" not in listed] == []


def test_it_names_only_handlers_that_exist() -> None:
    named = {path: p.get_default("func") for path, p in _parsers(build_parser())}
    commands = {path: func for path, func in named.items() if isinstance(func, Command)}
    assert len(commands) >= 20
    missing = [
        f"{path}: sevenc.cli.handlers.{c.module}.{c.function}"
        for path, c in commands.items()
        if not callable(getattr(importlib.import_module(f"sevenc.cli.handlers.{c.module}"), c.function, None))
    ]
    assert missing == []


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["plan", "schedule", "--help"], []])
def test_it_answers_help_without_settings_or_a_database(tmp_path: Path, argv: list[str]) -> None:
    """A bad setting and a database that is not there: help still works, and sets up neither Django nor a handler."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {"SEVENC_DATA_DIR": str(tmp_path / "data"), "TIME_ZONE": "Nowhere/Town"}
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:9/nothing"
    probe = (
        "import sys\n"
        "from sevenc.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "from django.apps import apps\n"
        "handlers = sorted(m for m in sys.modules if m.startswith('sevenc.cli.handlers'))\n"
        "print('PROBE', code, apps.ready, handlers, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *argv], env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert result.stderr.splitlines()[-1] == f"PROBE {0 if argv else 2} False []", result.stderr
    assert "usage: sevenc" in result.stdout or result.stdout.startswith("sevenc ")
    assert not (tmp_path / "data").exists()
