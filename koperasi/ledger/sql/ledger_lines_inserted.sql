-- ledger_lines_inserted (AFTER INSERT, once per statement, the inserted rows as a transition table):
-- every entry receives all its lines in one statement (an entry that already had lines gets no
-- more), at least two, debits equal to credits; then the lines are added to ledger_accountbalance
-- (per account and month), which nothing else may write (ledger_balance_guard).
-- It only looks rows up by key: enable_seqscan = off keeps a plan made while the tables were small
-- from staying as they grow (plans live as long as the connection).
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

DROP TRIGGER IF EXISTS ledger_lines_inserted ON ledger_journalline;
CREATE TRIGGER ledger_lines_inserted
    AFTER INSERT ON ledger_journalline
    REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_lines_inserted();
