"""A migration step that adds new chart accounts to cooperatives that exist already (new cooperatives get
them from ``koperasi.ledger.chart`` with the rest of the chart)."""

from __future__ import annotations

from django.db import migrations

from koperasi.core.db.migrations import in_each_cooperative


def add_accounts(*accounts: tuple[str, str, str, str]) -> migrations.RunPython:
    """``RunPython`` adding each ``(code, name, type, system key)`` to every cooperative that has neither
    the code nor the key."""

    insert = (
        "INSERT INTO ledger_account (cooperative_id, code, name, type, system_key, is_active)"
        " SELECT %(cooperative)s, %(code)s, %(name)s, %(kind)s, %(key)s, true WHERE NOT EXISTS"
        " (SELECT 1 FROM ledger_account WHERE cooperative_id = %(cooperative)s"
        " AND (code = %(code)s OR system_key = %(key)s))"
    )
    statements = [
        (insert, {"code": code, "name": name, "kind": kind, "key": key}) for code, name, kind, key in accounts
    ]

    def run(apps, schema_editor):
        in_each_cooperative(schema_editor, statements)

    return migrations.RunPython(run, migrations.RunPython.noop, elidable=False)
