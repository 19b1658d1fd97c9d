"""PostgreSQL row-level security for tenant tables.

Every tenant table gets, in a migration, ``enable_rls("<table>")``:

* ``ENABLE`` and ``FORCE ROW LEVEL SECURITY`` (FORCE: the policies bind the table owner too);
* policy ``tenant_write`` (all commands): the row's ``cooperative_id`` is the writable cooperative
  of the transaction (``app.cooperative_id``), for existing and new rows alike;
* policy ``tenant_read`` (SELECT): or the row's cooperative is in ``app.readable_ids`` (assessors).

With no setting, nothing is visible and nothing can be written. The settings are written by
:mod:`koperasi.tenancy.context`.
"""

from __future__ import annotations

from koperasi.core.db.migrations import run_sql

FUNCTIONS_SQL = """
CREATE OR REPLACE FUNCTION app_cooperative_id() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.cooperative_id', true), '')::bigint $$;

CREATE OR REPLACE FUNCTION app_readable_ids() RETURNS bigint[]
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT COALESCE(string_to_array(NULLIF(current_setting('app.readable_ids', true), ''), ',')::bigint[],
                          ARRAY[]::bigint[]) $$;

CREATE OR REPLACE FUNCTION app_user_id() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.user_id', true), '')::bigint $$;
"""

FUNCTIONS_DROP_SQL = """
DROP FUNCTION IF EXISTS app_cooperative_id();
DROP FUNCTION IF EXISTS app_readable_ids();
DROP FUNCTION IF EXISTS app_user_id();
"""

POLICY_NAMES = ("tenant_write", "tenant_read")


def rls_sql(table: str, extra_read: str = "") -> str:
    """SQL enabling row-level security and the tenant policies on ``table``.

    ``extra_read`` is an additional SQL condition under which rows are readable (e.g. a user's
    own role rows, so the cooperative switcher can list them before a cooperative is chosen).
    """
    read_condition = "cooperative_id = ANY (app_readable_ids())"
    if extra_read:
        read_condition = f"{read_condition} OR ({extra_read})"
    return f"""
ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_write ON {table};
DROP POLICY IF EXISTS tenant_read ON {table};
CREATE POLICY tenant_write ON {table} FOR ALL
    USING (cooperative_id = app_cooperative_id())
    WITH CHECK (cooperative_id = app_cooperative_id());
CREATE POLICY tenant_read ON {table} FOR SELECT
    USING ({read_condition});
"""


def assessor_rls_sql(table: str) -> str:
    """Row-level security on a table of assessors' own work about a cooperative (ratings): written only by the
    assessor of the row (``assessor_id`` = ``app.user_id``, holding the assessor role there) for a cooperative
    they may read; read in the cooperative's own context or by whoever may read the cooperative."""
    own = (
        "cooperative_id = ANY (app_readable_ids()) AND assessor_id = app_user_id() AND EXISTS (SELECT 1 FROM"
        f" tenancy_roleassignment ra WHERE ra.cooperative_id = {table}.cooperative_id AND ra.user_id = app_user_id()"
        " AND ra.role = 'assessor' AND ra.is_active)"
    )
    return f"""
ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_write ON {table};
DROP POLICY IF EXISTS tenant_read ON {table};
CREATE POLICY tenant_write ON {table} FOR ALL USING ({own}) WITH CHECK ({own});
CREATE POLICY tenant_read ON {table} FOR SELECT
    USING (cooperative_id = app_cooperative_id() OR cooperative_id = ANY (app_readable_ids()));
"""


def enable_assessor_rls(*tables: str):
    """Migration operation: :func:`assessor_rls_sql` on each table."""
    return run_sql("\n".join(assessor_rls_sql(t) for t in tables), "\n".join(disable_rls_sql(t) for t in tables))


def disable_rls_sql(table: str) -> str:
    return f"""
DROP POLICY IF EXISTS tenant_write ON {table};
DROP POLICY IF EXISTS tenant_read ON {table};
ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;
ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;
"""


def enable_rls(*tables: str, extra_read: str = ""):
    """Migration operation: row-level security on each tenant table."""
    forward = "\n".join(rls_sql(table, extra_read) for table in tables)
    backward = "\n".join(disable_rls_sql(table) for table in tables)
    return run_sql(forward, backward)
