"""Row-level security for every ledger table, and the ledger's guards in PostgreSQL itself.

* composite foreign keys: a line's entry, account and business unit belong to the line's cooperative;
* ``ledger_line_guard``: lines of a posted entry cannot be inserted, updated or deleted;
* ``ledger_entry_guard``: a posted entry cannot be updated (nor un-posted) or deleted, and nothing is
  posted dated in a closed month (the month's period row is created if missing and share-locked, so a
  concurrent close waits for the posting to commit);
* ``ledger_entry_add_balances``: posting adds the entry's lines to ``ledger_accountbalance`` (per account
  and month), which nothing else may write (``ledger_balance_guard``);
* constraint triggers ``ledger_line_balanced`` / ``ledger_entry_balanced`` (DEFERRABLE INITIALLY DEFERRED):
  at COMMIT every touched entry must have at least two lines and equal debits and credits.

The deferred check may run after the request's tenant settings were reset (the context restores the
outer settings when it exits, before COMMIT), so it sets ``app.cooperative_id`` to the entry's own
cooperative, transaction-locally, for its one query and then restores the previous value.
"""

from django.db import migrations

from koperasi.core.db.migrations import run_sql
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

FORWARD = r"""
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

CREATE OR REPLACE FUNCTION ledger_line_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    entry_status text;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT status INTO entry_status FROM ledger_journalentry WHERE id = OLD.entry_id;
        IF entry_status = 'posted' THEN
            RAISE EXCEPTION 'ledger: lines of posted journal entry % cannot be changed (% refused); reverse it',
                OLD.entry_id, TG_OP USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT status INTO entry_status FROM ledger_journalentry WHERE id = NEW.entry_id;
        IF entry_status = 'posted' THEN
            RAISE EXCEPTION 'ledger: journal entry % is posted; no lines can be added or moved into it',
                NEW.entry_id USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END;
$$;

CREATE TRIGGER ledger_line_guard
    BEFORE INSERT OR UPDATE OR DELETE ON ledger_journalline
    FOR EACH ROW EXECUTE FUNCTION ledger_line_guard();

CREATE OR REPLACE FUNCTION ledger_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    period_status text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'posted' THEN
            RAISE EXCEPTION 'ledger: posted journal entry % cannot be deleted; reverse it', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status = 'posted' THEN
        RAISE EXCEPTION 'ledger: posted journal entry % cannot be changed or un-posted; reverse it', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.status = 'posted' THEN
        INSERT INTO ledger_fiscalperiod (cooperative_id, year, month)
            VALUES (NEW.cooperative_id, extract(year FROM NEW.date)::int, extract(month FROM NEW.date)::int)
            ON CONFLICT (cooperative_id, year, month) DO NOTHING;
        SELECT status INTO period_status FROM ledger_fiscalperiod
            WHERE cooperative_id = NEW.cooperative_id
              AND year = extract(year FROM NEW.date)::int AND month = extract(month FROM NEW.date)::int
            FOR SHARE;
        IF period_status = 'closed' THEN
            RAISE EXCEPTION 'ledger: the period of % is closed; nothing can be posted into it', NEW.date
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER ledger_entry_guard
    BEFORE INSERT OR UPDATE OR DELETE ON ledger_journalentry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_guard();

CREATE OR REPLACE FUNCTION ledger_entry_add_balances() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ledger_accountbalance (cooperative_id, account_id, period, closing, debit, credit)
        SELECT NEW.cooperative_id, account_id,
               (extract(year FROM NEW.date)::int * 100 + extract(month FROM NEW.date)::int),
               NEW.is_closing, sum(debit), sum(credit)
          FROM ledger_journalline WHERE entry_id = NEW.id
         GROUP BY account_id ORDER BY account_id
    ON CONFLICT (cooperative_id, account_id, period, closing) DO UPDATE
        SET debit = ledger_accountbalance.debit + EXCLUDED.debit,
            credit = ledger_accountbalance.credit + EXCLUDED.credit;
    RETURN NULL;
END;
$$;

CREATE TRIGGER ledger_entry_add_balances_on_insert
    AFTER INSERT ON ledger_journalentry
    FOR EACH ROW WHEN (NEW.status = 'posted') EXECUTE FUNCTION ledger_entry_add_balances();
CREATE TRIGGER ledger_entry_add_balances_on_post
    AFTER UPDATE OF status ON ledger_journalentry
    FOR EACH ROW WHEN (OLD.status = 'draft' AND NEW.status = 'posted') EXECUTE FUNCTION ledger_entry_add_balances();

CREATE OR REPLACE FUNCTION ledger_balance_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'ledger: account balances are written by posting only (% refused)', TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER ledger_balance_guard
    BEFORE INSERT OR UPDATE OR DELETE ON ledger_accountbalance
    FOR EACH ROW EXECUTE FUNCTION ledger_balance_guard();

CREATE OR REPLACE FUNCTION ledger_check_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target_entry bigint;
    target_coop bigint;
    previous_coop text;
    line_count bigint;
    total_debit numeric;
    total_credit numeric;
BEGIN
    IF TG_TABLE_NAME = 'ledger_journalentry' THEN
        target_entry := NEW.id; target_coop := NEW.cooperative_id;
    ELSIF TG_OP = 'DELETE' THEN
        target_entry := OLD.entry_id; target_coop := OLD.cooperative_id;
    ELSE
        target_entry := NEW.entry_id; target_coop := NEW.cooperative_id;
    END IF;
    previous_coop := current_setting('app.cooperative_id', true);
    PERFORM set_config('app.cooperative_id', target_coop::text, true);
    IF EXISTS (SELECT 1 FROM ledger_journalentry WHERE id = target_entry) THEN
        SELECT count(*), coalesce(sum(debit), 0), coalesce(sum(credit), 0)
          INTO line_count, total_debit, total_credit
          FROM ledger_journalline WHERE entry_id = target_entry;
        IF line_count < 2 THEN
            RAISE EXCEPTION 'ledger: journal entry % has % line(s); at least two are needed', target_entry, line_count
                USING ERRCODE = 'check_violation';
        END IF;
        IF total_debit <> total_credit THEN
            RAISE EXCEPTION 'ledger: journal entry % is unbalanced (debit %, credit %)',
                target_entry, total_debit, total_credit USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    PERFORM set_config('app.cooperative_id', coalesce(previous_coop, ''), true);
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER ledger_line_balanced
    AFTER INSERT OR UPDATE OR DELETE ON ledger_journalline
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_entry_balanced();
CREATE CONSTRAINT TRIGGER ledger_entry_balanced
    AFTER INSERT OR UPDATE ON ledger_journalentry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_entry_balanced();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS ledger_entry_balanced ON ledger_journalentry;
DROP TRIGGER IF EXISTS ledger_line_balanced ON ledger_journalline;
DROP FUNCTION IF EXISTS ledger_check_entry_balanced();
DROP TRIGGER IF EXISTS ledger_balance_guard ON ledger_accountbalance;
DROP FUNCTION IF EXISTS ledger_balance_guard();
DROP TRIGGER IF EXISTS ledger_entry_add_balances_on_post ON ledger_journalentry;
DROP TRIGGER IF EXISTS ledger_entry_add_balances_on_insert ON ledger_journalentry;
DROP FUNCTION IF EXISTS ledger_entry_add_balances();
DROP TRIGGER IF EXISTS ledger_entry_guard ON ledger_journalentry;
DROP FUNCTION IF EXISTS ledger_entry_guard();
DROP TRIGGER IF EXISTS ledger_line_guard ON ledger_journalline;
DROP FUNCTION IF EXISTS ledger_line_guard();
ALTER TABLE ledger_account DROP CONSTRAINT IF EXISTS ledger_account_parent_same_coop;
ALTER TABLE ledger_accountbalance DROP CONSTRAINT IF EXISTS ledger_balance_account_same_coop;
ALTER TABLE ledger_journalline DROP CONSTRAINT IF EXISTS ledger_line_unit_same_coop;
ALTER TABLE ledger_journalline DROP CONSTRAINT IF EXISTS ledger_line_account_same_coop;
ALTER TABLE ledger_journalline DROP CONSTRAINT IF EXISTS ledger_line_entry_same_coop;
ALTER TABLE ledger_businessunit DROP CONSTRAINT IF EXISTS ledger_unit_coop_id_key;
ALTER TABLE ledger_account DROP CONSTRAINT IF EXISTS ledger_account_coop_id_key;
ALTER TABLE ledger_journalentry DROP CONSTRAINT IF EXISTS ledger_entry_coop_id_key;
"""


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial"), ("tenancy", "0002_row_level_security")]
    operations = [
        enable_rls(*TENANT_TABLES),
        run_sql(FORWARD, BACKWARD),
    ]
