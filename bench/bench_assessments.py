"""Benchmark: ITCq assessments at the scale of a large MSP.

Generates one workspace with CLIENTS clients × ASSESSMENTS quarterly assessments × 139 answers (the 7C
framework), then measures, as the median of several runs, with the number of SQL queries:

- creating an assessment that copies the previous one's answers forward (service call);
- rendering one full assessment grid page (whole Django stack, logged-in session);
- the scores API and the answers list API for one assessment (whole stack);
- scoring the latest final assessment of every client (the portfolio), and one hand-written SQL aggregate
  over the same answer rows, with the ratio between the two.

    python bench/bench_assessments.py                       # SQLite in a temporary folder
    python bench/bench_assessments.py --database postgres   # PostgreSQL (DATABASE_URL or the local test server)
    python bench/bench_assessments.py --clients 100 --runs 5

The generator writes rows with bulk_create (not through the services): it makes test data, fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/sevenc_bench"


def _prepare_env(args: argparse.Namespace) -> None:
    folder = tempfile.mkdtemp(prefix="sevenc-bench-")
    os.environ["SEVENC_DATA_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sevenc.settings")
    if args.database == "postgres":
        url = args.database_url or DEFAULT_PG
        _recreate_pg_database(url)
        os.environ["DATABASE_URL"] = url
    else:
        os.environ.pop("DATABASE_URL", None)


def _recreate_pg_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    from sevenc.conf import database

    cfg = database(url, tempfile.gettempdir())
    admin = psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        password=cfg["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(cfg["NAME"])))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(cfg["NAME"])))


def _say(text: str) -> None:
    print(text, flush=True)


def generate(*, clients: int, assessments: int, seed: int = 7) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    from sevenc.assessments.models import Answer, Assessment, AssessmentStatus
    from sevenc.catalog.models import Practice
    from sevenc.catalog.services import framework_load_shipped
    from sevenc.core.domain.roles import StaffRole
    from sevenc.tenancy.models import Client, Membership, Workspace

    call_command("migrate", verbosity=0)
    framework = framework_load_shipped()[0].framework
    practices = list(Practice.objects.filter(framework=framework).order_by("pk").values_list("pk", flat=True))
    rng = random.Random(seed)
    user = get_user_model().objects.create_user(email="bench@sevenc.local", password=None)
    workspace = Workspace.objects.create(name="Bench MSP", slug="bench")
    Membership.objects.create(workspace=workspace, user=user, role=StaffRole.OWNER)
    started = time.perf_counter()
    Client.objects.bulk_create(
        Client(workspace=workspace, name=f"Client {i:05d}", seats=rng.randint(20, 300)) for i in range(clients)
    )
    client_ids = list(Client.objects.filter(workspace=workspace).order_by("pk").values_list("pk", flat=True))
    quarters = [dt.date(2025, 1, 1) + dt.timedelta(days=91 * q) for q in range(assessments)]
    total = 0
    for n, client_id in enumerate(client_ids, 1):
        with transaction.atomic():
            made = Assessment.objects.bulk_create(
                Assessment(
                    workspace=workspace,
                    client_id=client_id,
                    framework=framework,
                    title=f"ITCq {d}",
                    period=f"{d.year}-Q{(d.month - 1) // 3 + 1}",
                    assessed_on=d,
                    status=AssessmentStatus.FINAL if i < assessments - 1 else AssessmentStatus.DRAFT,
                )
                for i, d in enumerate(quarters)
            )
            levels = {p: rng.randint(0, 4) for p in practices}
            rows = []
            for assessment in made:
                for p in practices:
                    roll = rng.random()
                    if roll < 0.02:
                        rows.append(Answer(workspace=workspace, assessment=assessment, practice_id=p, state="na"))
                    elif roll < 0.05:
                        rows.append(Answer(workspace=workspace, assessment=assessment, practice_id=p, state="unknown"))
                    else:
                        levels[p] = min(5, levels[p] + (rng.random() < 0.15))
                        rows.append(
                            Answer(
                                workspace=workspace,
                                assessment=assessment,
                                practice_id=p,
                                state="level",
                                level=levels[p],
                            )
                        )
            Answer.objects.bulk_create(rows, batch_size=2000)
            total += len(rows)
        if n % max(1, clients // 10) == 0 or n == clients:
            _say(f"  generated {n:>5}/{clients} clients, {total:>9,} answers, {time.perf_counter() - started:6.1f} s")
    return {"workspace": workspace, "user": user, "framework": framework, "client_ids": client_ids}


def measure(fn: Callable[[], Any], *, runs: int) -> tuple[float, int]:
    """Median wall time in ms over ``runs`` runs (after one warm-up), and the queries of one run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    times = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(ctx.captured_queries)
    return statistics.median(times), queries


PORTFOLIO_SQL = """
SELECT ans.assessment_id, p.area_id,
       AVG(CASE WHEN ans.state = 'level' THEN ans.level * 20.0 END) AS score,
       COUNT(CASE WHEN ans.state = 'level' THEN 1 END) AS rated,
       COUNT(CASE WHEN ans.state <> 'na' THEN 1 END) AS counted
FROM assessments_answer ans
JOIN catalog_practice p ON p.id = ans.practice_id
WHERE ans.workspace_id = %s AND ans.assessment_id IN (
    SELECT (SELECT a.id FROM assessments_assessment a
            WHERE a.client_id = c.id AND a.status = 'final'
            ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1)
    FROM tenancy_client c WHERE c.workspace_id = %s AND NOT c.archived)
GROUP BY ans.assessment_id, p.area_id
"""


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client as HttpClient

    from sevenc.assessments import selectors, services
    from sevenc.tenancy.selectors import client_get

    settings.ALLOWED_HOSTS = ["*"]
    vendor = connection.vendor
    _say(
        f"sevenc assessment benchmark on {vendor}: {args.clients} clients × {args.assessments} assessments × 139 "
        f"answers, median of {args.runs} runs"
    )
    data = generate(clients=args.clients, assessments=args.assessments)
    workspace, user, framework = data["workspace"], data["user"], data["framework"]
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    http = HttpClient()
    http.force_login(user)
    middle = client_get(workspace=workspace, pk=data["client_ids"][len(data["client_ids"]) // 2])
    target = selectors.assessment_list(workspace=workspace, client=middle).first()
    results: list[tuple[str, float, int, str]] = []

    clients = iter(data["client_ids"])

    def create() -> None:
        client = client_get(workspace=workspace, pk=next(clients))
        previous = selectors.assessment_previous(workspace=workspace, client=client)
        services.assessment_create(
            workspace=workspace,
            actor=user,
            client=client,
            framework=framework,
            title="bench",
            assessed_on=dt.date(2027, 1, 1),
            copy_from=previous,
        )

    ms, q = measure(create, runs=args.runs)
    results.append(("create assessment (copy 139 answers forward)", ms, q, "< 25 ms"))

    def get(url: str) -> Callable[[], None]:
        def fn() -> None:
            response = http.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return fn

    grid_url = f"/assessments/{target.pk}/grid/"
    for label, url in [
        ("assessment grid page (139 practices)", grid_url),
        ("scores API (one assessment)", f"/api/v1/assessments/{target.pk}/scores"),
        ("answers list API (139 answers)", f"/api/v1/assessments/{target.pk}/answers"),
    ]:
        ms, q = measure(get(url), runs=args.runs)
        results.append((label, ms, q, "< 30 ms, ≤ 10 queries"))

    portfolio_ms, portfolio_q = measure(lambda: selectors.portfolio_scores(workspace=workspace), runs=args.runs)
    scored = len(selectors.portfolio_scores(workspace=workspace))

    def sql() -> None:
        with connection.cursor() as cursor:
            cursor.execute(PORTFOLIO_SQL, [workspace.pk, workspace.pk])
            cursor.fetchall()

    sql_ms, sql_q = measure(sql, runs=args.runs)
    results.append((f"portfolio: score latest final of {scored} clients", portfolio_ms, portfolio_q, "< 1000 ms"))
    results.append(("  hand-written SQL aggregate over the same rows", sql_ms, sql_q, ""))

    _say("")
    _say(f"{'measurement':52} {'median ms':>10} {'queries':>8}  goal")
    for label, ms, q, goal in results:
        _say(f"{label:52} {ms:10.1f} {q:8d}  {goal}")
    _say(f"{'portfolio / SQL ratio':52} {portfolio_ms / sql_ms:10.2f} {'':8}  ≤ 3")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--assessments", type=int, default=8)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url", help=f"PostgreSQL URL (default {DEFAULT_PG}; the database is recreated)")
    args = parser.parse_args(argv)
    _prepare_env(args)
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
