"""``sevenc openapi`` and ``sevenc manage``."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import TextIO

from django.core.management import execute_from_command_line

from sevenc.cli.base import PROG


def cmd_openapi(args: argparse.Namespace, out: TextIO) -> int:
    # Importing the API builds every app's router (over half a second). Only this command needs it; at the top of
    # the module, every `sevenc manage …` would pay for it too.
    from sevenc.api.api import api

    schema = api.get_openapi_schema()
    out.write(json.dumps(schema, indent=args.indent if args.indent > 0 else None, ensure_ascii=False) + "\n")
    return 0


def run_manage(rest: Sequence[str]) -> int:
    try:
        execute_from_command_line([f"{PROG} manage", *rest])
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
