-- ledger_post_entry(...): the one writer of journal entries and lines (koperasi.ledger.services.Posting).
-- It resolves accounts (ids or system keys) and business units (ids or codes) of the current
-- cooperative, returns the entry of an event posted before (the unique source key decides, also under
-- concurrency), refuses a month that was never set up (no_period) or that is on or before the latest
-- closed month (closed), takes the next gap-free number, and inserts the entry (posted) and its lines
-- in one statement. Problems the caller reports are *returned* as an outcome before anything is
-- written, so the caller's transaction stays usable.
-- The application role has no INSERT on the journal tables: this function runs as the owner
-- (SECURITY DEFINER, search_path pinned); row-level security still applies (the tables force it),
-- with the caller's tenant settings. Only the application role may call it (koperasi.core.db.roles
-- grants EXECUTE after every migrate).
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
    -- The month must be set up and open, and no later month closed. Its row is share-locked, so a
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

REVOKE EXECUTE ON FUNCTION ledger_post_entry(date, text, text, text, text, bigint, boolean, bigint, timestamptz,
    bigint[], text[], bigint[], text[], numeric[], numeric[], text[], text[], bigint[]) FROM PUBLIC;
