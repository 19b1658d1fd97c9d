"""Journal rows are written by the posting function only; two per-entry triggers give way to that.

The application role loses INSERT on ``ledger_journalentry`` and ``ledger_journalline``
(``koperasi.core.db.roles``, after every ``migrate``); ``ledger_post_entry`` runs as the owner
(SECURITY DEFINER, search_path pinned, callable by the application role only; row-level security
still applies to it, the tables force it, with the caller's tenant settings as before).
So every entry the application makes comes from that function, which

* refuses fewer than two lines (the lines trigger then checks the lines it wrote: every entry gets all
  its lines in one statement, at least two, debits equal to credits; unchanged);
* inserts the entry posted and numbered, dated in an open month whose period row it share-locks
  (made when missing), so a concurrent close waits for the posting to commit.

Those were checked per entry by triggers that every posting paid for: ``ledger_entry_guard`` on INSERT
(posted status, open month, the period lock) and the deferred ``ledger_entry_has_lines`` at COMMIT (an
entry left without lines). The guard stays for UPDATE and DELETE (posted entries are never changed;
they are reversed); the deferred check goes. The balance triggers and guards are unchanged.
"""

from importlib import import_module

from django.db import migrations

from koperasi.core.db.migrations import run_sql

FORWARD = r"""
CREATE OR REPLACE FUNCTION ledger_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger: posted journal entry % cannot be changed or deleted (% refused); reverse it',
        OLD.id, TG_OP USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
DROP TRIGGER IF EXISTS ledger_entry_guard ON ledger_journalentry;
CREATE TRIGGER ledger_entry_guard
    BEFORE UPDATE OR DELETE ON ledger_journalentry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_guard();

DROP TRIGGER IF EXISTS ledger_entry_has_lines ON ledger_journalentry;
DROP FUNCTION IF EXISTS ledger_check_entry_has_lines();

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
) LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET enable_seqscan = off AS $$
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
    IF coalesce(cardinality(p_debits), 0) < 2 THEN
        RAISE EXCEPTION 'ledger: a journal entry needs at least two lines' USING ERRCODE = 'check_violation';
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
    -- The month must be open. Its row is share-locked (and made when missing), so a concurrent close
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
-- It writes as the owner: only the application role may call it (``migrate`` grants it EXECUTE).
REVOKE EXECUTE ON FUNCTION ledger_post_entry(date, text, text, text, text, bigint, boolean, bigint, timestamptz,
    bigint[], text[], bigint[], text[], numeric[], numeric[], text[], text[], bigint[]) FROM PUBLIC;
"""

# Backward: the guard on INSERT too, the deferred check and the invoker's function of migration 0003.
_0003 = import_module("koperasi.ledger.migrations.0003_posting_function").FORWARD
_GUARD_0003 = _0003[
    _0003.index("CREATE OR REPLACE FUNCTION ledger_entry_guard()") : _0003.index(
        "CREATE OR REPLACE FUNCTION ledger_line_guard()"
    )
]
BACKWARD = (
    "GRANT EXECUTE ON FUNCTION ledger_post_entry(date, text, text, text, text, bigint, boolean, bigint, timestamptz,"
    " bigint[], text[], bigint[], text[], numeric[], numeric[], text[], text[], bigint[]) TO PUBLIC;\n"
    "DROP TRIGGER IF EXISTS ledger_entry_guard ON ledger_journalentry;\n"
    + _GUARD_0003
    + "CREATE TRIGGER ledger_entry_guard BEFORE INSERT OR UPDATE OR DELETE ON ledger_journalentry\n"
    + "    FOR EACH ROW EXECUTE FUNCTION ledger_entry_guard();\n"
    + _0003[_0003.index("-- The deferred check may run") :]  # the deferred check, the invoker's function
)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0007_balance_guard_only_when_needed")]
    operations = [run_sql(FORWARD, BACKWARD)]
