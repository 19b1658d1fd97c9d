-- ledger_entry_guard: a journal entry is never updated or deleted; it is reversed.
-- Entries are inserted only by ledger_post_entry (already posted), so the guard fires on UPDATE and
-- DELETE alone.
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
