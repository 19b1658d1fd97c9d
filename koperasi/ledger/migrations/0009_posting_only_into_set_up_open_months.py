"""Postings go only into months the fiscal-year set-up made, and never on or before a closed month.

``ledger_post_entry`` used to make a missing month's period on the fly, so a deposit dated 1900 or
2099 opened a period of its own; and it checked only the entry's own month, so with June closed an
entry dated in May (or in 2020) still changed the balances carried into June. Now:

* a month without a period row is refused (``no_period``): periods come from the fiscal-year set-up
  (``koperasi.ledger.services.open_fiscal_year``), which also bounds the books' first month;
* a month on or before the cooperative's latest closed month is refused (``closed``): closing a
  month locks every month before it. A close of a later month updates the earlier open months'
  rows (``close_period``), so it waits for a posting that share-locked one of them.
"""

from importlib import import_module

from django.db import migrations

from koperasi.core.db.migrations import run_sql

_0008 = import_module("koperasi.ledger.migrations.0008_journal_written_by_the_posting_function").FORWARD
_FUNCTION_0008 = _0008[_0008.index("CREATE OR REPLACE FUNCTION ledger_post_entry(") : _0008.index("-- It writes as the owner")]

_OLD_PERIOD_CHECK = """    -- The month must be open. Its row is share-locked (and made when missing), so a concurrent close
    -- waits for this posting to commit.
    SELECT status INTO period_status FROM ledger_fiscalperiod
     WHERE cooperative_id = coop AND year = extract(year FROM p_date)::int AND month = extract(month FROM p_date)::int
       FOR SHARE;
    IF NOT FOUND THEN
        INSERT INTO ledger_fiscalperiod (cooperative_id, year, month)
            VALUES (coop, extract(year FROM p_date)::int, extract(month FROM p_date)::int)
            ON CONFLICT (cooperative_id, year, month) DO NOTHING;
        SELECT status INTO period_status FROM ledger_fiscalperiod
         WHERE cooperative_id = coop AND year = extract(year FROM p_date)::int
           AND month = extract(month FROM p_date)::int
           FOR SHARE;
    END IF;
    IF period_status = 'closed' THEN
        outcome := 'closed'; RETURN;
    END IF;
"""
_NEW_PERIOD_CHECK = """    -- The month must be set up and open, and no later month closed. Its row is share-locked, so a
    -- concurrent close of it or of a later month (which closes it too) waits for this posting.
    SELECT status INTO period_status FROM ledger_fiscalperiod
     WHERE cooperative_id = coop AND year = extract(year FROM p_date)::int AND month = extract(month FROM p_date)::int
       FOR SHARE;
    IF NOT FOUND THEN
        outcome := 'no_period'; RETURN;
    END IF;
    IF period_status = 'closed' OR EXISTS (
        SELECT 1 FROM ledger_fiscalperiod p
         WHERE p.cooperative_id = coop AND p.status = 'closed'
           AND (p.year, p.month) > (extract(year FROM p_date)::int, extract(month FROM p_date)::int)
    ) THEN
        outcome := 'closed'; RETURN;
    END IF;
"""
assert _OLD_PERIOD_CHECK in _FUNCTION_0008
FORWARD = _FUNCTION_0008.replace(_OLD_PERIOD_CHECK, _NEW_PERIOD_CHECK)
BACKWARD = _FUNCTION_0008


class Migration(migrations.Migration):
    dependencies = [("ledger", "0008_journal_written_by_the_posting_function")]
    operations = [run_sql(FORWARD, BACKWARD)]
