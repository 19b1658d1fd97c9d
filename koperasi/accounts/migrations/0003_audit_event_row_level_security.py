"""Row-level security on audit events, the one table with ``cooperative_id`` that is not a tenant model.

An event of a cooperative is read and written only in that cooperative's context (or read by its
assessors), like every tenant row; platform events (no cooperative: logins, API tokens) stay
readable and writable outside any cooperative, and carry no cooperative's data. UPDATE and DELETE
see the rows a writer may see, so the append-only trigger (migration 0002) refuses them loudly
instead of their matching nothing.
"""

from django.db import migrations

from koperasi.core.db.migrations import run_sql

FORWARD = """
ALTER TABLE accounts_auditevent ENABLE ROW LEVEL SECURITY;
ALTER TABLE accounts_auditevent FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_write ON accounts_auditevent FOR INSERT
    WITH CHECK (cooperative_id IS NULL OR cooperative_id = app_cooperative_id());
CREATE POLICY tenant_read ON accounts_auditevent FOR SELECT
    USING (cooperative_id IS NULL OR cooperative_id = app_cooperative_id()
           OR cooperative_id = ANY (app_readable_ids()));
CREATE POLICY append_only_update ON accounts_auditevent FOR UPDATE
    USING (cooperative_id IS NULL OR cooperative_id = app_cooperative_id());
CREATE POLICY append_only_delete ON accounts_auditevent FOR DELETE
    USING (cooperative_id IS NULL OR cooperative_id = app_cooperative_id());
"""

BACKWARD = """
DROP POLICY IF EXISTS tenant_write ON accounts_auditevent;
DROP POLICY IF EXISTS tenant_read ON accounts_auditevent;
DROP POLICY IF EXISTS append_only_update ON accounts_auditevent;
DROP POLICY IF EXISTS append_only_delete ON accounts_auditevent;
ALTER TABLE accounts_auditevent NO FORCE ROW LEVEL SECURITY;
ALTER TABLE accounts_auditevent DISABLE ROW LEVEL SECURITY;
"""


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_audit_event_append_only"), ("tenancy", "0002_row_level_security")]
    operations = [run_sql(FORWARD, BACKWARD)]
