"""PostgreSQL row-level security backs the scoped managers up on every tenant table."""

import pytest
from django.db import DatabaseError, connection, transaction

from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.rls import POLICY_NAMES
from tests.factories.registry import missing_factories, tenant_models

pytestmark = pytest.mark.django_db


# RLS refuses the row, unless a BEFORE trigger of the table (e.g. the ledger's guards, which fire
# before the policy check) already refused the statement: either way the database refuses it.
# test_the_refusal_is_row_level_security_where_no_trigger_intervenes pins the RLS message itself.
REFUSED = None


def tables() -> list[str]:
    return [model._meta.db_table for model in tenant_models()]


def fetch(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_every_tenant_model_has_a_factory_for_the_isolation_suites():
    assert missing_factories() == []


def test_every_tenant_table_has_forced_row_level_security_and_both_policies():
    rows = dict(
        (name, (enabled, forced))
        for name, enabled, forced in fetch(
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY(%s)", [tables()]
        )
    )
    policies = fetch("SELECT tablename, policyname FROM pg_policies WHERE tablename = ANY(%s)", [tables()])
    lacking = [
        table
        for table in tables()
        if rows.get(table) != (True, True) or {p for t, p in policies if t == table} != set(POLICY_NAMES)
    ]
    assert lacking == [], f"tenant tables without RLS (use koperasi.tenancy.rls.enable_rls): {lacking}"
    print(f"\nRLS checked on {len(tables())} tenant tables: {', '.join(tables())}")


def test_every_table_with_a_cooperative_column_has_forced_row_level_security_and_policies():
    """From the catalog, not from the models: a table that carries ``cooperative_id`` without a model
    of ours that says so (audit events, a future raw table) is found too."""
    lacking = fetch(
        """
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
           AND EXISTS (SELECT 1 FROM pg_attribute a
                        WHERE a.attrelid = c.oid AND a.attname = 'cooperative_id' AND NOT a.attisdropped)
           AND NOT (c.relrowsecurity AND c.relforcerowsecurity
                    AND EXISTS (SELECT 1 FROM pg_policies p
                                 WHERE p.tablename = c.relname AND p.cmd IN ('SELECT', 'ALL'))
                    AND EXISTS (SELECT 1 FROM pg_policies p
                                 WHERE p.tablename = c.relname AND p.cmd IN ('INSERT', 'ALL')))
         ORDER BY 1
        """
    )
    assert lacking == [], f"tables with cooperative_id but without forced RLS and read/write policies: {lacking}"


def test_audit_events_of_a_cooperative_are_invisible_without_its_context(coop, other_coop):
    from koperasi.accounts.services import record_event

    with cooperative_context(coop.pk):
        record_event("a.thing", cooperative_id=coop.pk)
    record_event("login")  # a platform event: no cooperative
    visible = fetch("SELECT action, cooperative_id FROM accounts_auditevent ORDER BY id")
    assert visible == [("login", None)]
    mine = "SELECT action FROM accounts_auditevent WHERE action = 'a.thing'"
    with cooperative_context(other_coop.pk):
        assert fetch(mine) == []
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            record_event("forged", cooperative_id=coop.pk)
    with cooperative_context(coop.pk):
        assert fetch(mine) == [("a.thing",)]


def test_the_app_role_is_no_superuser_owns_no_table_and_cannot_bypass_rls():
    ((user, superuser, bypass),) = fetch(
        "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
    )
    assert (superuser, bypass) == (False, False)
    owned = fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user")
    assert owned == [], f"{user} owns tables: {owned}"


def test_raw_sql_sees_only_the_cooperative_in_the_setting(two_worlds, coop, other_coop):
    with cooperative_context(coop.pk):
        for table in tables():
            seen = {row[0] for row in fetch(f"SELECT cooperative_id FROM {table}")}
            assert seen == {coop.pk}, table
    for table in tables():
        assert fetch(f"SELECT count(*) FROM {table}") == [(0,)], f"{table} visible with no cooperative set"


def test_raw_sql_cannot_insert_a_row_for_another_cooperative(two_worlds, coop, other_coop):
    with cooperative_context(coop.pk):
        for table in tables():
            columns = [
                column.name
                for column in connection.introspection.get_table_description(connection.cursor(), table)
                if column.name != "id"
            ]
            values = ", ".join("%s" if name == "cooperative_id" else name for name in columns)
            statement = (
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {values} FROM {table} WHERE cooperative_id = %s"
            )
            with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(statement, [other_coop.pk, coop.pk])


def test_raw_sql_cannot_move_or_delete_another_cooperatives_rows(two_worlds, coop, other_coop):
    with cooperative_context(coop.pk):
        for table in tables():
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table} WHERE cooperative_id = %s", [other_coop.pk])
                assert cursor.rowcount == 0, table
            # Refused, or (tables only their assessor writes: ratings) no row of the context's to move at all.
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(f"UPDATE {table} SET cooperative_id = %s", [other_coop.pk])
                    moved = cursor.rowcount
            except DatabaseError:
                moved = 0
            assert moved == 0, f"{table}: rows moved to another cooperative"


def test_assessor_setting_reads_but_cannot_write(two_worlds, coop, other_coop):
    with cooperative_context(coop.pk, read_only=True, readable_ids=frozenset({coop.pk})):
        for table in tables():
            assert {row[0] for row in fetch(f"SELECT cooperative_id FROM {table}")} == {coop.pk}
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table} WHERE cooperative_id = %s", [coop.pk])
                assert cursor.rowcount == 0, f"{table}: a read-only context deleted rows"


def test_the_refusal_is_row_level_security_where_no_trigger_intervenes(two_worlds, coop, other_coop):
    with cooperative_context(coop.pk):
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("UPDATE tenancy_roleassignment SET cooperative_id = %s", [other_coop.pk])
