"""Migration helpers for the database's own code (triggers, policies, functions).

``run_sql(forward, backward)`` executes each text whole, in one call: unlike ``RunSQL``, which splits
a string into statements, it leaves PL/pgSQL bodies (``$$ … $$``) as they are.

``run_sql_file(package, name)`` loads ``<package>/sql/<name>.sql``: every PL/pgSQL function lives in
one such file holding its *current* body (with its trigger, when it has one), and migrations load the
file instead of copying the body. To change a function, edit its file and add a migration that runs
``run_sql_file`` for it again (``tests/core/test_sql_files.py`` fails until the database holds what
the file says). When its signature changes, the file first drops the old signature.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from django.db import migrations


def sql_file(package: str, name: str) -> Path:
    """The file of function ``name`` in ``package`` (``koperasi.ledger`` → ``koperasi/ledger/sql/``)."""
    return Path(import_module(package).__file__).parent / "sql" / f"{name}.sql"


def run_sql_file(package: str, name: str) -> migrations.RunPython:
    """Create (or replace) function ``name`` and its trigger from its file; backward drops them."""
    path = sql_file(package, name)

    def forward(apps, schema_editor):
        schema_editor.execute(path.read_text(encoding="utf-8"), params=None)

    def backward(apps, schema_editor):
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {name} CASCADE", params=None)

    return migrations.RunPython(forward, backward, elidable=False)


def run_sql(forward_sql: str, backward_sql: str = "") -> migrations.RunPython:
    def forward(apps, schema_editor):
        schema_editor.execute(forward_sql, params=None)

    def backward(apps, schema_editor):
        if backward_sql:
            schema_editor.execute(backward_sql, params=None)

    return migrations.RunPython(forward, backward, elidable=False)


def immediate_foreign_keys(*tables: str) -> migrations.RunPython:
    """Make the foreign keys of ``tables`` checked at the end of each statement, not at COMMIT.

    Django creates every foreign key DEFERRABLE INITIALLY DEFERRED; on the tables a POS sale or a
    posting writes, the services write parents before children, so nothing needs the delay, and a
    deferred check costs a second visit to the row at COMMIT (docs/performance.md).
    A later migration that alters one of these fields recreates its constraint deferred again;
    ``tests/ledger/test_database_guards.py`` checks the tables and fails if that happens.
    """
    names = ", ".join(f"'{table}'" for table in tables)
    template = """
DO $$
DECLARE
    fk record;
BEGIN
    FOR fk IN SELECT conrelid::regclass AS tbl, conname FROM pg_constraint
               WHERE contype = 'f' AND conrelid::regclass::text IN ({names})
    LOOP
        EXECUTE format('ALTER TABLE %s ALTER CONSTRAINT %I {mode}', fk.tbl, fk.conname);
    END LOOP;
END;
$$;
"""
    return run_sql(
        template.format(names=names, mode="NOT DEFERRABLE"),
        template.format(names=names, mode="DEFERRABLE INITIALLY DEFERRED"),
    )


def in_each_cooperative(schema_editor, statements: list[tuple[str, dict]]) -> None:
    """Run ``statements`` (SQL with named parameters, ``%(cooperative)s`` the id) once per cooperative
    under its own tenant setting: tables force row-level security, so a data migration writes each
    cooperative's rows as that cooperative."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id FROM tenancy_cooperative ORDER BY id")
        for (cooperative_id,) in cursor.fetchall():
            cursor.execute("SELECT set_config('app.cooperative_id', %s, true)", [str(cooperative_id)])
            cursor.execute("SELECT set_config('app.readable_ids', %s, true)", [str(cooperative_id)])
            for sql, params in statements:
                cursor.execute(sql, {**params, "cooperative": cooperative_id})
        cursor.execute("SELECT set_config('app.cooperative_id', '', true), set_config('app.readable_ids', '', true)")
