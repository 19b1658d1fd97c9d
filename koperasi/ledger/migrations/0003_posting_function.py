"""Posting in one round trip, and the balance checked once per entry as its lines are written.

Why: a POS sale is one posting and the till must keep up with a queue. Before this migration an entry
was inserted as a draft, its lines one trigger call each, then updated to posted (a second version of
the row and of its eight index entries), and five deferred balance checks ran at COMMIT. Now an entry
is inserted already posted, its lines follow in one statement, and a statement-level trigger checks
them and adds them to the account balances.

The rules, all in PostgreSQL (raw SQL included):

* ``ledger_entry_guard``: entries are inserted *posted* (there are no stored drafts), dated in an open
  month (the period row is share-locked, so a concurrent close waits for the posting to commit);
  entries are never updated or deleted (reverse them).
* ``ledger_lines_inserted`` (AFTER INSERT, FOR EACH STATEMENT, with the inserted rows as a transition
  table): every entry receives all its lines in one statement (an entry that already had lines gets
  no more), at least two, debits equal to credits; then the lines are added to
  ``ledger_accountbalance`` (per account and month), which nothing else may write.
* ``ledger_line_guard``: lines are never updated or deleted.
* ``ledger_entry_has_lines`` (DEFERRABLE INITIALLY DEFERRED, one per new entry): at COMMIT, an entry
  written in the transaction has its lines (an entry left without lines is refused).
* ``ledger_post_entry(...)``: the posting service's one statement. It resolves accounts (ids or
  system keys) and business units (ids or codes) of the current cooperative, returns the entry of an
  event posted before (the unique source key decides, also under concurrency), refuses a closed
  month, takes the next gap-free number, inserts the entry and its lines. Problems the caller should
  report (unknown or inactive account, unknown unit, closed month) are *returned* as an outcome
  before anything is written, so the caller's transaction stays usable. It runs as the caller
  (SECURITY INVOKER): row-level security applies to everything it touches.

These functions only look rows up by key. Their plans are kept for the life of a connection, so a
plan made while the ledger was still small (where a sequential scan is cheapest) would otherwise stay
as the tables grow, until the next ANALYZE. ``SET enable_seqscan = off`` keeps them on their indexes.
"""

from importlib import import_module

from django.db import migrations

from koperasi.core.db.migrations import run_sql

FORWARD = r"""
DROP TRIGGER IF EXISTS ledger_line_balanced ON ledger_journalline;
DROP TRIGGER IF EXISTS ledger_entry_balanced ON ledger_journalentry;
DROP FUNCTION IF EXISTS ledger_check_entry_balanced();
DROP TRIGGER IF EXISTS ledger_entry_add_balances_on_insert ON ledger_journalentry;
DROP TRIGGER IF EXISTS ledger_entry_add_balances_on_post ON ledger_journalentry;
DROP FUNCTION IF EXISTS ledger_entry_add_balances();
DROP TRIGGER IF EXISTS ledger_line_guard ON ledger_journalline;
DROP FUNCTION IF EXISTS ledger_line_guard();

CREATE OR REPLACE FUNCTION ledger_entry_guard() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
    period_status text;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'ledger: posted journal entry % cannot be changed or deleted (% refused); reverse it',
            OLD.id, TG_OP USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.status <> 'posted' THEN
        RAISE EXCEPTION 'ledger: journal entries are inserted posted, with their number (entry % is %)',
            NEW.id, NEW.status USING ERRCODE = 'check_violation';
    END IF;
    SELECT status INTO period_status FROM ledger_fiscalperiod
     WHERE cooperative_id = NEW.cooperative_id
       AND year = extract(year FROM NEW.date)::int AND month = extract(month FROM NEW.date)::int
       FOR SHARE;
    IF NOT FOUND THEN
        INSERT INTO ledger_fiscalperiod (cooperative_id, year, month)
            VALUES (NEW.cooperative_id, extract(year FROM NEW.date)::int, extract(month FROM NEW.date)::int)
            ON CONFLICT (cooperative_id, year, month) DO NOTHING;
        SELECT status INTO period_status FROM ledger_fiscalperiod
         WHERE cooperative_id = NEW.cooperative_id
           AND year = extract(year FROM NEW.date)::int AND month = extract(month FROM NEW.date)::int
           FOR SHARE;
    END IF;
    IF period_status = 'closed' THEN
        RAISE EXCEPTION 'ledger: the period of % is closed; nothing can be posted into it', NEW.date
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION ledger_line_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger: lines of posted journal entry % cannot be changed (% refused); reverse it',
        OLD.entry_id, TG_OP USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER ledger_line_guard
    BEFORE UPDATE OR DELETE ON ledger_journalline
    FOR EACH ROW EXECUTE FUNCTION ledger_line_guard();

CREATE OR REPLACE FUNCTION ledger_lines_inserted() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
    bad record;
BEGIN
    SELECT n.entry_id, n.line_count, n.total_debit, n.total_credit,
           (SELECT count(*) FROM ledger_journalline l WHERE l.entry_id = n.entry_id) AS stored
      INTO bad
      FROM (SELECT entry_id, count(*) AS line_count, sum(debit) AS total_debit, sum(credit) AS total_credit
              FROM new_lines GROUP BY entry_id) AS n
     WHERE n.line_count < 2 OR n.total_debit <> n.total_credit
        OR (SELECT count(*) FROM ledger_journalline l WHERE l.entry_id = n.entry_id) <> n.line_count
     LIMIT 1;
    IF FOUND THEN
        IF bad.stored <> bad.line_count THEN
            RAISE EXCEPTION 'ledger: journal entry % is posted; no lines can be added to it', bad.entry_id
                USING ERRCODE = 'integrity_constraint_violation';
        ELSIF bad.line_count < 2 THEN
            RAISE EXCEPTION 'ledger: journal entry % has % line(s); at least two are needed',
                bad.entry_id, bad.line_count USING ERRCODE = 'check_violation';
        END IF;
        RAISE EXCEPTION 'ledger: journal entry % is unbalanced (debit %, credit %)',
            bad.entry_id, bad.total_debit, bad.total_credit USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO ledger_accountbalance (cooperative_id, account_id, period, closing, debit, credit)
        SELECT e.cooperative_id, n.account_id,
               extract(year FROM e.date)::int * 100 + extract(month FROM e.date)::int AS period,
               e.is_closing, sum(n.debit), sum(n.credit)
          FROM new_lines n JOIN ledger_journalentry e ON e.id = n.entry_id
         GROUP BY e.cooperative_id, n.account_id, period, e.is_closing
         ORDER BY n.account_id, period
    ON CONFLICT (cooperative_id, account_id, period, closing) DO UPDATE
        SET debit = ledger_accountbalance.debit + EXCLUDED.debit,
            credit = ledger_accountbalance.credit + EXCLUDED.credit;
    RETURN NULL;
END;
$$;

CREATE TRIGGER ledger_lines_inserted
    AFTER INSERT ON ledger_journalline
    REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_lines_inserted();

-- The deferred check may run after the request's tenant settings were reset (the context restores
-- the outer settings when it exits, before COMMIT): it reads as the entry's own cooperative.
CREATE OR REPLACE FUNCTION ledger_check_entry_has_lines() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
    previous_coop text;
BEGIN
    previous_coop := current_setting('app.cooperative_id', true);
    PERFORM set_config('app.cooperative_id', NEW.cooperative_id::text, true);
    IF EXISTS (SELECT 1 FROM ledger_journalentry WHERE id = NEW.id)
       AND NOT EXISTS (SELECT 1 FROM ledger_journalline WHERE entry_id = NEW.id) THEN
        RAISE EXCEPTION 'ledger: journal entry % has 0 line(s); at least two are needed', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    PERFORM set_config('app.cooperative_id', coalesce(previous_coop, ''), true);
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER ledger_entry_has_lines
    AFTER INSERT ON ledger_journalentry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_entry_has_lines();

CREATE OR REPLACE FUNCTION ledger_post_entry(
    p_date date,
    p_memo text,
    p_source_type text,
    p_source_id text,
    p_purpose text,
    p_reversal_of bigint,
    p_is_closing boolean,
    p_created_by bigint,
    p_at timestamptz,
    p_account_ids bigint[],
    p_account_keys text[],
    p_unit_ids bigint[],
    p_unit_codes text[],
    p_debits numeric[],
    p_credits numeric[],
    p_memos text[],
    p_party_types text[],
    p_party_ids bigint[],
    OUT outcome text,
    OUT entry_id bigint,
    OUT entry_fiscal_year int,
    OUT entry_number int,
    OUT detail text
) LANGUAGE plpgsql SECURITY INVOKER SET enable_seqscan = off AS $$
DECLARE
    coop bigint := app_cooperative_id();
    accounts bigint[];
    units bigint[];
    missing_accounts text;
    inactive_accounts text;
    missing_units text;
    period_status text;
BEGIN
    IF coop IS NULL THEN
        RAISE EXCEPTION 'ledger: no cooperative in the transaction' USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- An event posted before keeps its entry.
    SELECT e.id, e.fiscal_year, e.number INTO entry_id, entry_fiscal_year, entry_number
      FROM ledger_journalentry e
     WHERE e.cooperative_id = coop AND e.source_type = p_source_type
       AND e.source_id = p_source_id AND e.purpose = p_purpose;
    IF FOUND THEN
        outcome := 'exists'; RETURN;
    END IF;
    -- Accounts and units of this cooperative, in line order; what is unknown or inactive is named.
    SELECT array_agg(a.id ORDER BY l.ord), array_agg(u.id ORDER BY l.ord),
           string_agg(coalesce(l.account_key, l.account_id::text), ', ' ORDER BY l.ord) FILTER (WHERE a.id IS NULL),
           string_agg(a.code || ' ' || a.name, ', ' ORDER BY l.ord) FILTER (WHERE NOT a.is_active),
           string_agg(coalesce(l.unit_code, l.unit_id::text), ', ' ORDER BY l.ord)
               FILTER (WHERE u.id IS NULL AND (l.unit_id IS NOT NULL OR l.unit_code IS NOT NULL))
      INTO accounts, units, missing_accounts, inactive_accounts, missing_units
      FROM unnest(p_account_ids, p_account_keys, p_unit_ids, p_unit_codes)
               WITH ORDINALITY AS l (account_id, account_key, unit_id, unit_code, ord)
      LEFT JOIN ledger_account a
             ON a.cooperative_id = coop
            AND a.id = coalesce(l.account_id, (SELECT k.id FROM ledger_account k
                                                WHERE k.cooperative_id = coop AND k.system_key = l.account_key))
      LEFT JOIN ledger_businessunit u
             ON u.cooperative_id = coop
            AND u.id = coalesce(l.unit_id, (SELECT c.id FROM ledger_businessunit c
                                             WHERE c.cooperative_id = coop AND c.code = l.unit_code));
    IF missing_accounts IS NOT NULL THEN
        outcome := 'unknown_account'; detail := missing_accounts; RETURN;
    END IF;
    IF inactive_accounts IS NOT NULL THEN
        outcome := 'inactive_account'; detail := inactive_accounts; RETURN;
    END IF;
    IF missing_units IS NOT NULL THEN
        outcome := 'unknown_unit'; detail := missing_units; RETURN;
    END IF;
    -- The month must be open (the entry guard checks again, for every writer).
    SELECT status INTO period_status FROM ledger_fiscalperiod
     WHERE cooperative_id = coop AND year = extract(year FROM p_date)::int AND month = extract(month FROM p_date)::int;
    IF period_status = 'closed' THEN
        outcome := 'closed'; RETURN;
    END IF;
    -- The number: the sequence row stays locked until COMMIT, so numbers have no gaps.
    SELECT extract(year FROM p_date)::int
           - CASE WHEN extract(month FROM p_date)::int >= c.fiscal_year_start_month THEN 0 ELSE 1 END
      INTO entry_fiscal_year FROM tenancy_cooperative c WHERE c.id = coop;
    INSERT INTO ledger_journalsequence (cooperative_id, fiscal_year, last_number)
         VALUES (coop, entry_fiscal_year, 1)
    ON CONFLICT (cooperative_id, fiscal_year)
    DO UPDATE SET last_number = ledger_journalsequence.last_number + 1
    RETURNING last_number INTO entry_number;
    INSERT INTO ledger_journalentry (cooperative_id, fiscal_year, number, date, memo, source_type, source_id,
                                     purpose, status, reversal_of_id, is_closing, created_by_id, created_at,
                                     posted_at)
         VALUES (coop, entry_fiscal_year, entry_number, p_date, p_memo, p_source_type, p_source_id,
                 p_purpose, 'posted', p_reversal_of, p_is_closing, p_created_by, p_at, p_at)
    ON CONFLICT (cooperative_id, source_type, source_id, purpose) DO NOTHING
    RETURNING id INTO entry_id;
    IF entry_id IS NULL THEN  -- a concurrent transaction posted the event and committed: give the number back
        UPDATE ledger_journalsequence SET last_number = last_number - 1
         WHERE cooperative_id = coop AND fiscal_year = entry_fiscal_year;
        SELECT e.id, e.fiscal_year, e.number INTO entry_id, entry_fiscal_year, entry_number
          FROM ledger_journalentry e
         WHERE e.cooperative_id = coop AND e.source_type = p_source_type
           AND e.source_id = p_source_id AND e.purpose = p_purpose;
        outcome := 'exists'; RETURN;
    END IF;
    INSERT INTO ledger_journalline (cooperative_id, entry_id, account_id, debit, credit, memo, party_type,
                                    party_id, business_unit_id)
         SELECT coop, entry_id, l.account_id, l.debit, l.credit, l.memo, l.party_type, l.party_id, l.unit_id
           FROM unnest(accounts, p_debits, p_credits, p_memos, p_party_types, p_party_ids, units)
                    WITH ORDINALITY AS l (account_id, debit, credit, memo, party_type, party_id, unit_id, ord)
          ORDER BY l.ord;
    outcome := 'posted';
END;
$$;
"""

# Backward: drop what this migration made, then recreate 0002's guards, balance trigger and checks.
_GUARDS_0002 = import_module("koperasi.ledger.migrations.0002_database_guards").FORWARD
BACKWARD = (
    r"""
DROP FUNCTION IF EXISTS ledger_post_entry(date, text, text, text, text, bigint, boolean, bigint, timestamptz,
    bigint[], text[], bigint[], text[], numeric[], numeric[], text[], text[], bigint[]);
DROP TRIGGER IF EXISTS ledger_entry_has_lines ON ledger_journalentry;
DROP FUNCTION IF EXISTS ledger_check_entry_has_lines();
DROP TRIGGER IF EXISTS ledger_lines_inserted ON ledger_journalline;
DROP FUNCTION IF EXISTS ledger_lines_inserted();
DROP TRIGGER IF EXISTS ledger_line_guard ON ledger_journalline;
DROP TRIGGER IF EXISTS ledger_entry_guard ON ledger_journalentry;
DROP TRIGGER IF EXISTS ledger_balance_guard ON ledger_accountbalance;
"""
    + _GUARDS_0002[_GUARDS_0002.index("CREATE OR REPLACE FUNCTION ledger_line_guard()") :]
)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_database_guards")]
    operations = [run_sql(FORWARD, BACKWARD)]
