"""Migration helpers for the database's own code (triggers, policies, functions).

``run_sql(forward, backward)`` executes each text whole, in one call: unlike ``RunSQL``, which splits
a string into statements, it leaves PL/pgSQL bodies (``$$ … $$``) as they are.
"""

from __future__ import annotations

from django.db import migrations


def run_sql(forward_sql: str, backward_sql: str = "") -> migrations.RunPython:
    def forward(apps, schema_editor):
        schema_editor.execute(forward_sql, params=None)

    def backward(apps, schema_editor):
        if backward_sql:
            schema_editor.execute(backward_sql, params=None)

    return migrations.RunPython(forward, backward, elidable=False)


def immediate_foreign_keys(*tables: str) -> migrations.RunPython:
    """Make the foreign keys of ``tables`` checked at the end of each statement, not at COMMIT.

    Django creates every foreign key DEFERRABLE INITIALLY DEFERRED. On the tables a POS sale or a
    posting writes, each deferred check costs a second visit to its row at COMMIT (measured: about
    0.3 ms of a 3 ms sale); the services write parents before children, so nothing needs the delay.
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
