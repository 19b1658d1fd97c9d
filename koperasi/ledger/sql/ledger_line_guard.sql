-- ledger_line_guard: journal lines are never updated or deleted (the entry is reversed instead).
CREATE OR REPLACE FUNCTION ledger_line_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger: lines of posted journal entry % cannot be changed (% refused); reverse it',
        OLD.entry_id, TG_OP USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

DROP TRIGGER IF EXISTS ledger_line_guard ON ledger_journalline;
CREATE TRIGGER ledger_line_guard
    BEFORE UPDATE OR DELETE ON ledger_journalline
    FOR EACH ROW EXECUTE FUNCTION ledger_line_guard();
