"""``sevenc catalog list|export|import``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

import yaml
from django.http import Http404

from sevenc.catalog import selectors, services
from sevenc.catalog.domain import document
from sevenc.cli.base import CommandError, say, table
from sevenc.tenancy.models import Workspace


def _workspace(slug: str | None) -> Any:
    """The workspace named by ``--workspace`` (its slug), or None for the shipped frameworks."""
    if not slug:
        return None
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        raise CommandError(f"no workspace {slug!r}; the address of its pages shows its slug (/{slug}/…)")
    return workspace


def _framework_get(key: str, version: str | None, workspace: Any = None) -> Any:
    try:
        return selectors.framework_get(workspace=workspace, key=key, version=version)
    except Http404:
        which = f"{key!r} version {version!r}" if version else repr(key)
        where = f" in workspace {workspace.slug!r}" if workspace is not None else ""
        raise CommandError(f"no framework {which}{where}; `sevenc catalog list` shows those there are") from None


def cmd_catalog_list(args: argparse.Namespace, out: TextIO) -> int:
    rows = [["KEY", "VERSION", "NAME", "BLOCKS/AREAS/PRACTICES", "ORIGIN"]]
    for fw in selectors.framework_list_all():
        origin = "shipped" if fw.workspace_id is None else f"derived ({fw.workspace.name})"
        rows.append([fw.key, fw.version, fw.name, f"{fw.block_count}/{fw.area_count}/{fw.practice_count}", origin])
    if len(rows) == 1:
        say(out, "No frameworks yet; `sevenc migrate` loads the shipped ones.")
        return 0
    table(rows, out)
    return 0


def export_text(doc: dict[str, Any], fmt: str) -> str:
    if fmt == "yaml":
        return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def cmd_catalog_export(args: argparse.Namespace, out: TextIO) -> int:
    framework = _framework_get(args.framework, args.version, _workspace(args.workspace))
    text = export_text(selectors.framework_tree(framework=framework), args.format)
    if args.output and args.output != "-":
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Wrote {framework.key} {framework.version} to {args.output}", file=sys.stderr)
    else:
        out.write(text)
    return 0


def _read_text(file: str) -> tuple[str, str]:
    """The text of ``file`` ('-': standard input) and the name to report it by."""
    if file == "-":
        return sys.stdin.read(), "(stdin)"
    path = Path(file)
    try:
        return path.read_text(encoding="utf-8"), path.name
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read {file}: {getattr(exc, 'strerror', None) or exc}") from None


def cmd_catalog_import(args: argparse.Namespace, out: TextIO) -> int:
    workspace = _workspace(args.workspace)
    text, name = _read_text(args.file)
    doc = services.framework_document_parse(text, filename=name)
    result = services.framework_load(doc=doc, workspace=workspace)
    blocks, areas, practices = document.counts(doc)
    fw = result.framework
    state = "Created" if result.created else "Already loaded:"
    where = f" in workspace {workspace.name} (/{workspace.slug})" if workspace is not None else ""
    say(
        out, f"{state} {fw.key} {fw.version} — {fw.name} ({blocks} blocks, {areas} areas, {practices} practices){where}"
    )
    return 0
