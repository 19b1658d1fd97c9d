-- procurement_insert_delivery(...): a delivery's writes (procurement/services/deliveries.py). Inserts the
-- delivery under the id procurement_delivery_basis gave, with the journal entry posted for it (null when
-- it is worth nothing), and its lot of accepted raw material at the unit price (none when everything was
-- rejected). The caller sends it in one statement after ledger_post_entry, and only when the posting
-- was accepted, so a refused posting writes nothing. A delivery recorded meanwhile under the same key
-- (a retried request) makes the unique key refuse this one. Runs as the caller: row-level security
-- applies; PL/pgSQL keeps the two inserts' plans for the connection's life.
CREATE OR REPLACE FUNCTION procurement_insert_delivery(
    p_id bigint, p_key uuid, p_supplier bigint, p_farmer bigint, p_material bigint, p_date date,
    p_collection_point text, p_quantity numeric, p_rejected numeric, p_grade text, p_readings jsonb,
    p_rule bigint, p_rule_version int, p_unit_price numeric, p_value numeric, p_created_by bigint,
    p_created_at timestamptz, p_journal_entry bigint
) RETURNS void LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE
    coop bigint := app_cooperative_id();
BEGIN
    INSERT INTO procurement_delivery (id, cooperative_id, key, supplier_id, farmer_id, material_id, date,
                                      collection_point, quantity, rejected_quantity, grade, readings,
                                      price_rule_id, price_rule_version, unit_price, value, status,
                                      reversal_reason, journal_entry_id, created_by_id, created_at)
         VALUES (p_id, coop, p_key, p_supplier, p_farmer, p_material, p_date, p_collection_point, p_quantity,
                 p_rejected, p_grade, p_readings, p_rule, p_rule_version, p_unit_price, p_value, 'posted', '',
                 p_journal_entry, p_created_by, p_created_at);
    IF p_quantity > p_rejected THEN
        INSERT INTO procurement_rawmateriallot (cooperative_id, delivery_id, material_id, delivered_on, quantity,
                                                remaining, unit_cost)
             VALUES (coop, p_id, p_material, p_date, p_quantity - p_rejected, p_quantity - p_rejected,
                     p_unit_price);
    END IF;
END;
$$;
