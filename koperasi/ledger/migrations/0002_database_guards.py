"""The ledger's row-level security and its rules in PostgreSQL itself.

A migration of its own, after the tables: Django adds their foreign keys at the end of the migration
that creates them, and they are made immediate here. With 0001, what migrations 0001–0009 built step
by step (squashed before any production database existed):

* composite keys: a line's entry, account and business unit, a balance's account and an account's
  parent belong to the row's own cooperative;
* the foreign keys of the tables every posting writes are checked at once, not at COMMIT;
* the functions and triggers in ``koperasi/ledger/sql/`` (one file per function, its current body):
  ``ledger_post_entry`` (the one writer of journal rows), ``ledger_lines_inserted`` (balanced entries,
  account balances), the guards of entries, lines and balances.
"""

from django.db import migrations

from koperasi.core.db.migrations import immediate_foreign_keys, run_sql, run_sql_file
from koperasi.tenancy.rls import enable_rls

TENANT_TABLES = (
    "ledger_businessunit",
    "ledger_account",
    "ledger_fiscalperiod",
    "ledger_journalsequence",
    "ledger_journalentry",
    "ledger_journalline",
    "ledger_accountbalance",
    "ledger_fixedasset",
)
POSTING_TABLES = (
    "ledger_journalentry",
    "ledger_journalline",
    "ledger_accountbalance",
    "ledger_fiscalperiod",
    "ledger_journalsequence",
)
FUNCTIONS = (
    "ledger_entry_guard",
    "ledger_line_guard",
    "ledger_lines_inserted",
    "ledger_balance_guard",
    "ledger_post_entry",
)

COMPOSITE_KEYS = r"""
ALTER TABLE ledger_journalentry ADD CONSTRAINT ledger_entry_coop_id_key UNIQUE (cooperative_id, id);
ALTER TABLE ledger_account ADD CONSTRAINT ledger_account_coop_id_key UNIQUE (cooperative_id, id);
ALTER TABLE ledger_businessunit ADD CONSTRAINT ledger_unit_coop_id_key UNIQUE (cooperative_id, id);
ALTER TABLE ledger_journalline
    ADD CONSTRAINT ledger_line_entry_same_coop FOREIGN KEY (cooperative_id, entry_id)
        REFERENCES ledger_journalentry (cooperative_id, id),
    ADD CONSTRAINT ledger_line_account_same_coop FOREIGN KEY (cooperative_id, account_id)
        REFERENCES ledger_account (cooperative_id, id),
    ADD CONSTRAINT ledger_line_unit_same_coop FOREIGN KEY (cooperative_id, business_unit_id)
        REFERENCES ledger_businessunit (cooperative_id, id);
ALTER TABLE ledger_accountbalance
    ADD CONSTRAINT ledger_balance_account_same_coop FOREIGN KEY (cooperative_id, account_id)
        REFERENCES ledger_account (cooperative_id, id);
ALTER TABLE ledger_account
    ADD CONSTRAINT ledger_account_parent_same_coop FOREIGN KEY (cooperative_id, parent_id)
        REFERENCES ledger_account (cooperative_id, id);
"""



class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial"), ("tenancy", "0002_row_level_security")]
    operations = [
        enable_rls(*TENANT_TABLES),
        run_sql(COMPOSITE_KEYS),
        immediate_foreign_keys(*POSTING_TABLES),
        *(run_sql_file("koperasi.ledger", name) for name in FUNCTIONS),
    ]
