"""Foreign keys of the tables every posting writes are checked at once, not at COMMIT (see the helper)."""

from django.db import migrations

from koperasi.core.db.migrations import immediate_foreign_keys

POSTING_TABLES = (
    "ledger_journalentry",
    "ledger_journalline",
    "ledger_accountbalance",
    "ledger_fiscalperiod",
    "ledger_journalsequence",
)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0004_line_constraints_in_composite_keys")]
    operations = [immediate_foreign_keys(*POSTING_TABLES)]
