"""Invitation moves to the tenancy app (it is an offer to join a workspace). Its rows stay where they are: the table
is renamed to tenancy's name, and the model leaves this app's state; tenancy 0003 takes it into its own state."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_drop_old_lockout_fields"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name="invitation", table="tenancy_invitation")],
            state_operations=[migrations.DeleteModel(name="Invitation")],
        ),
    ]
