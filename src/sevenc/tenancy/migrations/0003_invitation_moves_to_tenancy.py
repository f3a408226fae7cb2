"""Invitation comes from the accounts app: accounts 0005 renamed its table to tenancy_invitation, with every row in
it; here the model enters tenancy's state only (no table is made), and its content type follows it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _move_content_type(apps, from_label, to_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=to_label, model="invitation").exists():
        ContentType.objects.filter(app_label=from_label, model="invitation").update(app_label=to_label)


def _content_type_forwards(apps, schema_editor):
    _move_content_type(apps, "accounts", "tenancy")


def _content_type_backwards(apps, schema_editor):
    _move_content_type(apps, "tenancy", "accounts")


class Migration(migrations.Migration):

    dependencies = [
        ('tenancy', '0002_text_limits'),
        ('accounts', '0005_invitation_moves_to_tenancy'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.CreateModel(
            name='Invitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('email', models.CharField(help_text='As the inviter typed it; matched ignoring case.', max_length=254, verbose_name='email')),
                ('full_name', models.CharField(blank=True, help_text='Suggested for a new account; never applied to an existing one.', max_length=150, verbose_name='full name')),
                ('role', models.CharField(max_length=20, verbose_name='role')),
                ('expires_at', models.DateTimeField()),
                ('token_hash', models.CharField(max_length=64, unique=True)),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('accepted', 'Accepted'), ('revoked', 'Revoked')], default='pending', max_length=10)),
                ('accepted_at', models.DateTimeField(blank=True, null=True)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('accepted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('client', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='tenancy.client')),
                ('invited_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('workspace', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tenancy.workspace')),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['workspace', 'status', 'client'], name='invitation_ws_status_client')],
            },
        )]),
        migrations.RunPython(_content_type_forwards, _content_type_backwards),
    ]
