"""``sevenc matrix export|import|findings|areas|templates|apply``."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any, TextIO

from django.http import Http404

from sevenc.assessments import selectors as assessment_selectors
from sevenc.cli.base import plural, print_refusal, read_bytes, say, short, spreadsheet_output, table, write_file
from sevenc.cli.handlers import lookup
from sevenc.core.domain import spreadsheets
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.domain.roles import Capability
from sevenc.responsibility import selectors, services
from sevenc.responsibility.areas import selectors as area_selectors
from sevenc.responsibility.transfer import services as transfer
from sevenc.tenancy import selectors as tenancy_selectors


def _client(args: argparse.Namespace) -> Any:
    return assessment_selectors.client_get_unscoped(workspace_slug=args.workspace, ref=args.client)


def cmd_matrix_export(args: argparse.Namespace, out: TextIO) -> int:
    output, fmt = spreadsheet_output(args)
    client = _client(args)
    if output is None:
        out.write(spreadsheets.csv_text(transfer.matrix_table(workspace=client.workspace, client=client)))
        return 0
    data = (
        transfer.matrix_to_xlsx(workspace=client.workspace, client=client)
        if fmt == "xlsx"
        else transfer.matrix_to_csv(workspace=client.workspace, client=client)
    )
    write_file(output, data)
    print(f"Wrote the responsibility matrix of {client.name} ({client.workspace.slug}) to {output}", file=sys.stderr)
    return 0


def cmd_matrix_import(args: argparse.Namespace, out: TextIO) -> int:
    client = _client(args)
    actor = (
        lookup.actor(client.workspace, args.as_email, Capability.MANAGE_RESPONSIBILITIES, "changing the matrix")
        if args.as_email
        else None
    )
    content, name = read_bytes(args.file)
    try:
        result = transfer.matrix_import(
            workspace=client.workspace, actor=actor, client=client, content=content, filename=name
        )
    except ApplicationError as exc:
        if "rows" not in exc.fields:
            raise
        return print_refusal(exc.message, exc.fields["rows"])
    say(
        out,
        f"{plural(result.changed, 'cell')} changed, {result.unchanged} unchanged "
        f"({client.name}, {client.workspace.slug})",
    )
    return 0


def cmd_matrix_findings(args: argparse.Namespace, out: TextIO) -> int:
    """What the client's matrix reveals: the analysis's findings, most severe first, and the load per party."""
    client = _client(args)
    view = selectors.matrix_get(workspace=client.workspace, client=client)
    if not view.parties:
        say(out, f"{client.name} has no parties yet: add its virtual IT department first.")
        return 0
    result = selectors.matrix_analysis(workspace=client.workspace, client=client, view=view)
    say(
        out,
        f"Responsibility matrix of {client.name}: {len(view.areas)} areas × {len(view.parties)} parties, "
        f"{len(view.cells)} roles; {len(result.falls_to_ceo)} areas fall to the CEO.",
    )
    for n, f in enumerate(result.findings, start=1):
        say(out, f"{n:3}. [{f.severity}] {f.sentence}")
    if not result.findings:
        say(out, "No findings: every area has one Responsible and one Accountable.")
    names = {str(p.pk): p.name for p in view.parties}
    say(out, "")
    say(out, f"{'party':40} {'R':>4} {'A':>4} {'C':>4} {'I':>4} {'weighted':>9}")
    for pl in result.load:
        say(
            out,
            f"{names[pl.party_key][:40]:40} {pl.responsible:4} {pl.accountable:4} {pl.consulted:4} "
            f"{pl.informed:4} {pl.weighted:9.0f}",
        )
    return 0


def cmd_matrix_areas(args: argparse.Namespace, out: TextIO) -> int:
    areas = list(area_selectors.library_list(block=args.block or ""))
    if not areas:
        if args.block and area_selectors.library_list().exists():
            blocks = sorted(set(area_selectors.library_list().values_list("block_key", flat=True)))
            raise ApplicationError(
                f"no shipped responsibility areas in block {args.block!r}; the blocks are {', '.join(blocks)}"
            )
        say(out, "The responsibility library is not loaded yet; `sevenc migrate` loads it.")
        return 0
    rows = [["KEY", "BLOCK", "CRITICALITY", "DUTY"]]
    rows += [[a.key, a.block_key, a.criticality, short(a.title)] for a in areas]
    table(rows, out)
    groups = Counter(a.group for a in areas)
    blocks = Counter(a.block_key for a in areas)
    criticality = Counter(a.criticality for a in areas)
    say(out)
    say(
        out,
        f"{plural(len(areas), 'area')} in {plural(len(groups), 'group')}: "
        + ", ".join(f"{criticality[c]} {c}" for c in ("high", "medium", "low")),
    )
    say(out, "By block: " + ", ".join(f"{b} {n}" for b, n in sorted(blocks.items())))
    return 0


def _source(client: Any, ref: str) -> selectors.TemplateSource:
    try:
        return selectors.template_source_get(workspace=client.workspace, ref=ref)
    except Http404:
        raise ApplicationError(
            f"no template {ref!r} in {client.workspace.slug}; `sevenc matrix templates` lists them"
        ) from None


def cmd_matrix_templates(args: argparse.Namespace, out: TextIO) -> int:
    """The starters and the workspace's templates, each slot with the party suggested for it in this client."""
    client = _client(args)
    parties = list(tenancy_selectors.party_list(workspace=client.workspace, client=client))
    names = {p.pk: p.name for p in parties}
    for source in selectors.template_sources(workspace=client.workspace):
        suggested = selectors.template_suggestion(source=source, parties=parties)
        say(out, f"{source.ref}  {source.name}")
        for slot in source.slots:
            party = suggested[slot.key]
            choice = names[party] if party is not None else ("(none: choose one)" if slot.required else "(left out)")
            need = "required" if slot.required else "optional"
            say(out, f"    {slot.key:16} {short(slot.name):40} {need:9} -> {choice}")
    return 0


def _party(parties: list[Any], text: str) -> int:
    text = text.strip()
    for p in parties:
        if str(p.pk) == text or p.name.lower() == text.lower():
            return int(p.pk)
    raise ApplicationError(f"{text!r} is not a party of this client (give its id or exact name)")


def cmd_matrix_apply(args: argparse.Namespace, out: TextIO) -> int:
    client = _client(args)
    actor = (
        lookup.actor(client.workspace, args.as_email, Capability.MANAGE_RESPONSIBILITIES, "changing the matrix")
        if args.as_email
        else None
    )
    source = _source(client, args.template)
    parties = list(tenancy_selectors.party_list(workspace=client.workspace, client=client))
    mapping: dict[str, int | None] = {}
    if args.suggested:
        suggested = selectors.template_suggestion(source=source, parties=parties)
        mapping = {s.key: suggested[s.key] for s in source.slots if suggested[s.key] is not None or not s.required}
    for item in args.maps:
        slot, sep, party = item.partition("=")
        if not sep:
            raise ApplicationError(f"--map {item!r}: write SLOT=PARTY")
        mapping[slot.strip()] = _party(parties, party)
    for slot in args.leave_out:
        mapping[slot.strip()] = None
    try:
        result = services.template_apply(
            workspace=client.workspace, actor=actor, client=client, source=source, mapping=mapping
        )
    except ApplicationError as exc:
        if "mapping" not in exc.fields:
            raise
        return print_refusal(exc.message, exc.fields["mapping"])
    say(
        out,
        f"{plural(result.set, 'cell')} filled from “{source.name}”, {result.kept} already decided kept "
        f"({client.name}, {client.workspace.slug}); "
        f"{plural(result.gaps, 'area')} with no one responsible or no one accountable.",
    )
    if result.left_out:
        say(out, "Left out: " + ", ".join(result.left_out))
    return 0
