"""The account-balance guard fires only for writes that do not come from a trigger.

``ledger_balance_guard`` (migration 0002) refuses every write to ``ledger_accountbalance`` made
outside the posting triggers; it ran as a PL/pgSQL call for each row the posting trigger itself wrote
(eight per POS sale: the INSERT … ON CONFLICT DO UPDATE of four accounts), only to let them pass. A
``WHEN (pg_trigger_depth() < 1)`` condition, evaluated by the executor before any call, now lets the
triggers' own writes through without calling it; a direct write still calls it and is refused.
"""

from django.db import migrations

from koperasi.core.db.migrations import run_sql

FORWARD = r"""
DROP TRIGGER IF EXISTS ledger_balance_guard ON ledger_accountbalance;
CREATE TRIGGER ledger_balance_guard
    BEFORE INSERT OR UPDATE OR DELETE ON ledger_accountbalance
    FOR EACH ROW WHEN (pg_trigger_depth() < 1) EXECUTE FUNCTION ledger_balance_guard();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS ledger_balance_guard ON ledger_accountbalance;
CREATE TRIGGER ledger_balance_guard
    BEFORE INSERT OR UPDATE OR DELETE ON ledger_accountbalance
    FOR EACH ROW EXECUTE FUNCTION ledger_balance_guard();
"""


class Migration(migrations.Migration):
    dependencies = [("ledger", "0006_partial_line_indexes")]
    operations = [run_sql(FORWARD, BACKWARD)]
