"""planning 0006: each workspace takes its planning settings' currency (tenancy 0004 added Workspace.currency), then
the settings' column goes; backwards, the settings get their workspace's currency again."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("planning", "0005_item_duration_staffing"), ("tenancy", "0004_workspace_currency")]
AFTER = [("planning", "0006_currency_moves_to_workspace")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaf() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_the_currency_moves_from_the_planning_settings_to_the_workspace() -> None:
    latest = _leaf()
    try:
        apps = _migrate(BEFORE)
        Workspace = apps.get_model("tenancy", "Workspace")
        PlanningSettings = apps.get_model("planning", "PlanningSettings")
        dollars = Workspace.objects.create(name="Dollars", slug="dollars")
        pounds = Workspace.objects.create(name="Pounds", slug="pounds")
        junk = Workspace.objects.create(name="Junk", slug="junk")
        Workspace.objects.create(name="Unset", slug="unset")  # no planning settings
        PlanningSettings.objects.create(workspace=dollars, currency="USD")
        PlanningSettings.objects.create(workspace=pounds, currency="gbp")  # typed in small letters once
        PlanningSettings.objects.create(workspace=junk, currency="??")

        apps = _migrate(AFTER)
        Workspace = apps.get_model("tenancy", "Workspace")
        got = dict(Workspace.objects.values_list("slug", "currency"))
        assert {k: got[k] for k in ("dollars", "pounds", "junk", "unset")} == {
            "dollars": "USD",
            "pounds": "GBP",
            "junk": "EUR",  # not a currency: the default
            "unset": "EUR",
        }
        assert "currency" not in {f.name for f in apps.get_model("planning", "PlanningSettings")._meta.fields}

        Workspace.objects.filter(slug="dollars").update(currency="CAD")
        apps = _migrate(BEFORE)
        settings = dict(
            apps.get_model("planning", "PlanningSettings").objects.values_list("workspace__slug", "currency")
        )
        assert settings == {"dollars": "CAD", "pounds": "GBP", "junk": "EUR"}
    finally:
        _migrate(latest)
