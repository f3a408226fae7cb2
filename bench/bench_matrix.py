"""Benchmark: a responsibility matrix of 250 areas × 30 parties.

Generates one client with 30 parties and 250 responsibility areas, fills the matrix like a real one (every area
has one Accountable and one or two Responsible, a few Consulted/Informed; some areas left empty), then measures,
as the median of several runs, with the number of SQL queries:

- rendering the matrix page (whole Django stack, logged-in session): goal under 150 ms, constant queries;
- saving 30 changed cells through the page's form.

    python bench/bench_matrix.py                       # SQLite in a temporary folder
    python bench/bench_matrix.py --database postgres   # PostgreSQL (recreates the sevenc_bench database)
"""

from __future__ import annotations

import argparse
import random
import sys
from typing import Any

from bench_assessments import DEFAULT_PG, _prepare_env, _say, measure


def generate(*, areas: int, parties: int, seed: int = 5) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from sevenc.core.domain.roles import StaffRole
    from sevenc.responsibility.models import Assignment, ResponsibilityArea
    from sevenc.tenancy.models import Client, Membership, Party, Workspace

    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    user = get_user_model().objects.create_user(email="bench@sevenc.local", password=None)
    workspace = Workspace.objects.create(name="Bench MSP", slug="bench")
    Membership.objects.create(workspace=workspace, user=user, role=StaffRole.OWNER)
    client = Client.objects.create(workspace=workspace, name="Matrix Client")
    made_parties = Party.objects.bulk_create(
        [Party(workspace=workspace, client=client, name=f"Party {i:02d}") for i in range(parties)]
    )
    made_areas = ResponsibilityArea.objects.bulk_create(
        [
            ResponsibilityArea(
                workspace=workspace,
                key=f"bench.area-{i:03d}",
                title=f"Duty number {i} " + "x" * 40,
                group=f"Group {i // 20}",
                block_key=f"block-{i % 7}",
                area_key="a",
                practice_key="p",
                criticality=rng.choice(["high", "medium", "medium", "low"]),
                position=i,
            )
            for i in range(areas)
        ]
    )
    cells = []
    for area in made_areas:
        if rng.random() < 0.1:
            continue  # a gap
        chosen = rng.sample(made_parties, 5)
        roles = ["A", "R"] + (["R"] if rng.random() < 0.3 else []) + ["C", "I"]
        for party, role in zip(chosen, roles, strict=False):
            cells.append(Assignment(workspace=workspace, client=client, area=area, party=party, role=role))
    Assignment.objects.bulk_create(cells)
    return {
        "workspace": workspace,
        "user": user,
        "client": client,
        "areas": made_areas,
        "parties": made_parties,
        "cells": len(cells),
    }


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client as HttpClient

    from sevenc.responsibility.matrix_ui import cell_name
    from sevenc.responsibility.models import Assignment

    settings.ALLOWED_HOSTS = ["*"]
    _say(
        f"sevenc matrix benchmark on {connection.vendor}: {args.areas} areas × {args.parties} parties, "
        f"median of {args.runs} runs"
    )
    data = generate(areas=args.areas, parties=args.parties)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    http = HttpClient()
    http.force_login(data["user"])
    url = f"/clients/{data['client'].pk}/responsibilities/"

    def page() -> None:
        response = http.get(url)
        assert response.status_code == 200, response.status_code

    results = []
    ms, q = measure(page, runs=args.runs)
    results.append((f"matrix page ({args.areas} × {args.parties}, {data['cells']} cells)", ms, q, "< 150 ms"))
    flip = iter(range(10_000))

    def save() -> None:
        n = next(flip)
        party = data["parties"][n % len(data["parties"])]
        form = {}
        current = dict(Assignment.objects.filter(client=data["client"], party=party).values_list("area_id", "role"))
        for area in data["areas"][:30]:
            seen = current.get(area.pk, "")
            if seen == "A":
                continue
            form[cell_name(area.pk, party.pk, seen)] = "" if seen else "I"
        response = http.post(url, form)
        assert response.status_code == 302, response.status_code

    ms, q = measure(save, runs=args.runs)
    results.append(("save 30 changed cells (form post)", ms, q, ""))
    _say("")
    _say(f"{'measurement':52} {'median ms':>10} {'queries':>8}  goal")
    for label, ms, q, goal in results:
        _say(f"{label:52} {ms:10.1f} {q:8d}  {goal}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--areas", type=int, default=250)
    parser.add_argument("--parties", type=int, default=30)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url", help=f"PostgreSQL URL (default {DEFAULT_PG}; the database is recreated)")
    args = parser.parse_args(argv)
    _prepare_env(args)
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
