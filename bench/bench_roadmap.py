"""Benchmark: a client's roadmap with 300 action items.

Generates one client with a final assessment (139 practices), block targets, and ITEMS action items lifting 1–3
practices each, ~20 % with a dependency on an earlier item, spread over 8 quarters and the backlog. Measures,
as the median of several runs, with the number of SQL queries:

- rendering the roadmap page (whole Django stack, logged-in session): goal under 100 ms, constant queries;
- rendering the action-item list page (50 per page);
- scheduling every open item with the solver through the service (reads, solve, writes): goal under 2 s.

    python bench/bench_roadmap.py                       # SQLite in a temporary folder
    python bench/bench_roadmap.py --database postgres   # PostgreSQL (recreates the sevenc_bench database)
    python bench/bench_roadmap.py --items 30            # compare the query counts for fewer items
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from decimal import Decimal
from typing import Any

from bench_assessments import DEFAULT_PG, _prepare_env, _say, measure


def generate(*, items: int, seed: int = 11) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from sevenc.assessments.models import Answer, AnswerState, Assessment, AssessmentStatus
    from sevenc.assessments.targets import services as targets
    from sevenc.catalog.models import Practice
    from sevenc.catalog.services import framework_load_shipped
    from sevenc.core.domain.roles import StaffRole
    from sevenc.planning.models import ActionItem, ItemDependency, ItemLift, Roadmap
    from sevenc.tenancy.models import Client, Membership, Workspace

    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    framework = framework_load_shipped()[0].framework
    practices = list(Practice.objects.filter(framework=framework).order_by("pk"))
    user = get_user_model().objects.create_user(email="bench@sevenc.local", password=None)
    workspace = Workspace.objects.create(name="Bench MSP", slug="bench")
    Membership.objects.create(workspace=workspace, user=user, role=StaffRole.OWNER)
    client = Client.objects.create(workspace=workspace, name="Roadmap Client")
    assessment = Assessment.objects.create(
        workspace=workspace,
        client=client,
        framework=framework,
        title="ITCq",
        assessed_on=dt.date(2026, 9, 30),
        status=AssessmentStatus.FINAL,
    )
    Answer.objects.bulk_create(
        [
            Answer(
                workspace=workspace, assessment=assessment, practice=p, state=AnswerState.LEVEL, level=rng.randint(0, 3)
            )
            for p in practices
        ]
    )
    for block in framework.blocks.all():
        targets.target_set(
            workspace=workspace, actor=user, assessment=assessment, scope="block", key=block.key, level=4
        )
    first = "2027-Q1"
    Roadmap.objects.create(
        workspace=workspace,
        client=client,
        first_quarter=first,
        quarters=8,
        budget_per_quarter=Decimal("40000"),
        hours_per_quarter=Decimal("400"),
    )
    labels = [f"{2027 + i // 4}-Q{i % 4 + 1}" for i in range(8)] + [""]
    made = ActionItem.objects.bulk_create(
        [
            ActionItem(
                workspace=workspace,
                client=client,
                title=f"Action {n}",
                description="Bench item " * 20,
                quarter=rng.choice(labels),
                one_time_cost=Decimal(rng.randrange(0, 30000, 50)),
                recurring_monthly_cost=Decimal(rng.choice([0, 0, 0, 50, 200, 800])),
                effort_hours=Decimal(rng.randint(4, 120)),
                priority=rng.randint(1, 3),
            )
            for n in range(items)
        ]
    )
    ItemLift.objects.bulk_create(
        [
            ItemLift(workspace=workspace, item=item, practice=p, expected_level=4, level_at_start=1)
            for item in made
            for p in rng.sample(practices, rng.randint(1, 3))
        ]
    )
    deps = []
    for i, item in enumerate(made[1:], start=1):
        if rng.random() < 0.2:
            deps.append(ItemDependency(workspace=workspace, item=item, depends_on=made[rng.randrange(0, i)]))
    ItemDependency.objects.bulk_create(deps)
    return {"workspace": workspace, "user": user, "client": client}


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client as HttpClient

    from sevenc.planning import services

    settings.ALLOWED_HOSTS = ["*"]
    _say(f"sevenc roadmap benchmark on {connection.vendor}: {args.items} action items, median of {args.runs} runs")
    data = generate(items=args.items)
    workspace, user, client = data["workspace"], data["user"], data["client"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    http = HttpClient()
    http.force_login(user)

    def get(url: str) -> Any:
        def fn() -> None:
            response = http.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return fn

    results = []
    ms, q = measure(get(f"/clients/{client.pk}/roadmap/"), runs=args.runs)
    results.append((f"roadmap page ({args.items} items, 8 quarters)", ms, q, "< 100 ms, constant queries"))
    ms, q = measure(get(f"/clients/{client.pk}/plan/items/?status=all"), runs=args.runs)
    results.append(("action-item list page (first 50)", ms, q, ""))
    outcome: list[Any] = []

    def schedule() -> None:
        outcome.append(services.roadmap_schedule(workspace=workspace, actor=user, client=client))

    ms, q = measure(schedule, runs=max(1, args.runs // 2))
    results.append(("schedule every open item (service, CP-SAT)", ms, q, "< 2000 ms"))
    _say("")
    _say(f"{'measurement':52} {'median ms':>10} {'queries':>8}  goal")
    for label, ms, q, goal in results:
        _say(f"{label:52} {ms:10.1f} {q:8d}  {goal}")
    last = outcome[-1]
    _say(
        f"last schedule: {last.schedule.method}, {len(last.schedule.plan)} placed, "
        f"{len(last.schedule.unscheduled)} unscheduled, {len(last.excluded)} excluded"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url", help=f"PostgreSQL URL (default {DEFAULT_PG}; the database is recreated)")
    args = parser.parse_args(argv)
    _prepare_env(args)
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
