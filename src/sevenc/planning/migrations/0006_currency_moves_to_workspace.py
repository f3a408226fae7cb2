"""The currency moves from the planning settings to the workspace (tenancy 0004 adds Workspace.currency): each
workspace takes its planning settings' currency (in capitals; a code that is not ISO 4217 leaves the default,
EUR), then the planning settings' column goes. Backwards, the settings take their workspace's currency again."""

from django.db import migrations

from sevenc.core.domain import money


def currency_to_workspace(apps, schema_editor):
    PlanningSettings = apps.get_model("planning", "PlanningSettings")
    Workspace = apps.get_model("tenancy", "Workspace")
    for workspace_id, code in PlanningSettings.objects.values_list("workspace_id", "currency"):
        code = money.normalise_currency(code)
        if money.currency_problem(code) is None:
            Workspace.objects.filter(pk=workspace_id).update(currency=code)


def currency_to_settings(apps, schema_editor):
    PlanningSettings = apps.get_model("planning", "PlanningSettings")
    Workspace = apps.get_model("tenancy", "Workspace")
    for workspace_id, code in Workspace.objects.values_list("pk", "currency"):
        PlanningSettings.objects.filter(workspace_id=workspace_id).update(currency=code)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0005_item_duration_staffing"),
        ("tenancy", "0004_workspace_currency"),
    ]

    operations = [
        migrations.RunPython(currency_to_workspace, currency_to_settings),
        migrations.RemoveField(model_name="planningsettings", name="currency"),
    ]
