"""Refuse UPDATE and DELETE of audit events in PostgreSQL itself (``koperasi/accounts/sql/``)."""

from django.db import migrations

from koperasi.core.db.migrations import run_sql_file


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [run_sql_file("koperasi.accounts", "accounts_auditevent_append_only")]
