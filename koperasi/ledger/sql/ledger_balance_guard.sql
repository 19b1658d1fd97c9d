-- ledger_balance_guard: ledger_accountbalance is written by the posting trigger only. The trigger's
-- WHEN condition lets the posting trigger's own writes through without calling the function; a
-- direct write calls it and is refused.
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

DROP TRIGGER IF EXISTS ledger_balance_guard ON ledger_accountbalance;
CREATE TRIGGER ledger_balance_guard
    BEFORE INSERT OR UPDATE OR DELETE ON ledger_accountbalance
    FOR EACH ROW WHEN (pg_trigger_depth() < 1) EXECUTE FUNCTION ledger_balance_guard();
