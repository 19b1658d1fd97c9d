"""A migration step that adds new chart accounts to cooperatives that exist already (new cooperatives get
them from ``koperasi.ledger.chart`` with the rest of the chart)."""

from __future__ import annotations

from django.db import migrations


def add_accounts(*accounts: tuple[str, str, str, str]) -> migrations.RunPython:
    """``RunPython`` adding each ``(code, name, type, system key)`` to every cooperative that has neither
    the code nor the key. The table forces row-level security, so each cooperative's rows are written
    under its own setting."""

    def run(apps, schema_editor):
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT id FROM tenancy_cooperative ORDER BY id")
            for (cooperative_id,) in cursor.fetchall():
                cursor.execute("SELECT set_config('app.cooperative_id', %s, true)", [str(cooperative_id)])
                cursor.execute("SELECT set_config('app.readable_ids', %s, true)", [str(cooperative_id)])
                for code, name, kind, key in accounts:
                    cursor.execute(
                        "INSERT INTO ledger_account (cooperative_id, code, name, type, system_key, is_active)"
                        " SELECT %s, %s, %s, %s, %s, true WHERE NOT EXISTS (SELECT 1 FROM ledger_account"
                        " WHERE cooperative_id = %s AND (code = %s OR system_key = %s))",
                        [cooperative_id, code, name, kind, key, cooperative_id, code, key],
                    )
            cursor.execute(
                "SELECT set_config('app.cooperative_id', '', true), set_config('app.readable_ids', '', true)"
            )

    return migrations.RunPython(run, migrations.RunPython.noop, elidable=False)
