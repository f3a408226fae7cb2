"""``sevenc assessment list|export|import`` and ``sevenc scores``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from sevenc.assessments import selectors
from sevenc.assessments.transfer import services as transfer
from sevenc.cli.base import plural, read_bytes, say, score_text, spreadsheet_output, table, write_file
from sevenc.cli.handlers import lookup
from sevenc.core.domain import spreadsheets
from sevenc.core.domain.errors import ApplicationError
from sevenc.core.domain.roles import Capability


def cmd_assessment_list(args: argparse.Namespace, out: TextIO) -> int:
    client = selectors.client_get_unscoped(workspace_slug=args.workspace, ref=args.client) if args.client else None
    assessments = selectors.assessment_list_unscoped(workspace_slug=args.workspace, client=client)
    rows = [["ID", "WORKSPACE", "CLIENT", "TITLE", "DATE", "STATUS", "ANSWERED"]]
    for a in assessments:
        rows.append(
            [
                str(a.pk),
                a.workspace.slug,
                a.client.name,
                a.title,
                a.assessed_on.isoformat(),
                a.status,
                f"{a.answered_count}/{a.practice_count}",
            ]
        )
    if len(rows) == 1:
        say(out, f"{client.name} has no assessments yet." if client is not None else "No assessments yet.")
        return 0
    table(rows, out)
    return 0


def cmd_assessment_export(args: argparse.Namespace, out: TextIO) -> int:
    output, fmt = spreadsheet_output(args)
    assessment = selectors.assessment_get_unscoped(pk=args.assessment_id)
    rows = transfer.answers_export_rows(workspace=assessment.workspace, assessment=assessment)
    if output is None:
        out.write(spreadsheets.csv_text(transfer.answers_table(rows)))
        return 0
    data = transfer.answers_to_xlsx(rows, title=assessment.title) if fmt == "xlsx" else transfer.answers_to_csv(rows)
    write_file(output, data)
    print(
        f"Wrote {plural(len(rows), 'answer')} of “{assessment.title}” ({assessment.client.name}) to {output}",
        file=sys.stderr,
    )
    return 0


def cmd_assessment_import(args: argparse.Namespace, out: TextIO) -> int:
    assessment = selectors.assessment_get_unscoped(pk=args.assessment_id)
    actor = lookup.actor(assessment.workspace, args.as_email, Capability.ANSWER, "importing answers")
    content, name = read_bytes(args.file)
    result = transfer.answers_import(
        workspace=assessment.workspace, actor=actor, assessment=assessment, content=content, filename=name
    )
    say(out, f"{plural(result.changed, 'answer')} changed, {result.unchanged} unchanged")
    return 0


def _scored_assessment(args: argparse.Namespace, client: Any) -> tuple[Any, str]:
    """The assessment to score (--assessment, else the client's latest) and how to name it."""
    if args.assessment is not None:
        assessment = lookup.client_assessment(client, args.assessment)
        return assessment, f"assessment {assessment.pk} ({assessment.status})"
    assessment = selectors.assessment_previous(workspace=client.workspace, client=client)
    if assessment is None:
        raise ApplicationError(f"{client.name} has no assessments yet")
    which = "latest final assessment" if assessment.is_final else "latest draft (there is no final assessment yet)"
    return assessment, which


def cmd_scores(args: argparse.Namespace, out: TextIO) -> int:
    client = selectors.client_get_unscoped(workspace_slug=args.workspace, ref=args.client)
    assessment, which = _scored_assessment(args, client)
    scores = selectors.assessment_scores(workspace=client.workspace, assessment=assessment)
    index = selectors.framework_index(framework_id=assessment.framework_id)
    if args.format == "json":
        doc = selectors.scores_document(assessment=assessment, scores=scores, index=index)
        out.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return 0
    overall = scores.overall
    say(out, f"{client.name} ({client.workspace.slug}): {which}")
    say(out, f"“{assessment.title}”, {assessment.assessed_on.isoformat()}, id {assessment.pk}")
    say(
        out,
        f"ITCq {score_text(overall.score)}   coverage {overall.coverage:.0%}   "
        f"provisional {'yes' if overall.provisional else 'no'}",
    )
    say(out)
    rows = [["BLOCK", "SCORE", "COVERAGE", "GATED LEVEL"]]
    for block in index.tree.blocks:
        s = scores.blocks[block.key]
        rows.append([index.block_names[block.key], score_text(s.score), f"{s.coverage:.0%}", str(s.gated_level)])
    table(rows, out)
    return 0
