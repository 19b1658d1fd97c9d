-- waserda_insert_sale(...): the POS sale's writes (waserda/services/sale_store.py). Inserts the sale under the
-- id waserda_lock_for_sale gave (nothing, and a null id, when its client UUID is already recorded: the
-- unique key decides, also under concurrency), updates each product by its deltas (only where stock
-- stays >= 0 unless p_allow_negative; the count of updated products is answered so the caller can
-- refuse a shortfall), and inserts the stock-card rows and the sale lines. The stock-card reference is
-- the sale's number, WS- and the id in 7 digits (Sale.number). Runs as the caller: row-level security
-- applies. The caller sends it with ledger_post_entry in one statement.
CREATE OR REPLACE FUNCTION waserda_insert_sale(
    p_sale_id bigint, p_client_uuid uuid, p_session_id bigint, p_cashier_id bigint, p_member_id bigint,
    p_sold_at timestamptz, p_recorded_at timestamptz, p_offline boolean,
    p_payment_method text, p_payment_reference text,
    p_total numeric, p_cost_total numeric, p_tendered numeric, p_change numeric,
    p_needs_reconciliation boolean, p_reconciliation_note text, p_allow_negative boolean,
    p_delta_products bigint[], p_delta_quantities numeric[], p_delta_values numeric[], p_delta_costs numeric[],
    p_move_products bigint[], p_move_kinds text[], p_move_quantities numeric[], p_move_values numeric[],
    p_move_quantities_after numeric[], p_move_values_after numeric[],
    p_line_products bigint[], p_line_quantities numeric[], p_line_prices numeric[], p_line_member_prices boolean[],
    p_line_amounts numeric[], p_line_costs numeric[],
    OUT sale_id bigint, OUT products_updated int
) LANGUAGE plpgsql SECURITY INVOKER SET enable_seqscan = off AS $$
DECLARE
    coop bigint := app_cooperative_id();
BEGIN
    INSERT INTO waserda_sale (id, cooperative_id, client_uuid, session_id, cashier_id, member_id, sold_at, recorded_at,
                              offline, payment_method, payment_reference, total, cost_total, tendered, change,
                              returned_total, needs_reconciliation, reconciliation_note)
         VALUES (p_sale_id, coop, p_client_uuid, p_session_id, p_cashier_id, p_member_id, p_sold_at, p_recorded_at,
                 p_offline, p_payment_method, p_payment_reference, p_total, p_cost_total, p_tendered, p_change,
                 0, p_needs_reconciliation, p_reconciliation_note)
    ON CONFLICT (cooperative_id, client_uuid) DO NOTHING
    RETURNING id INTO sale_id;
    IF sale_id IS NULL THEN
        RETURN;
    END IF;
    UPDATE waserda_product AS p
       SET qty_on_hand = p.qty_on_hand + d.quantity, stock_value = p.stock_value + d.value, avg_cost = d.cost
      FROM unnest(p_delta_products, p_delta_quantities, p_delta_values, p_delta_costs) AS d (id, quantity, value, cost)
     WHERE p.id = d.id AND p.cooperative_id = coop
       AND (p_allow_negative OR p.qty_on_hand + d.quantity >= 0 OR d.quantity >= 0);
    GET DIAGNOSTICS products_updated = ROW_COUNT;
    INSERT INTO waserda_stockmovement (cooperative_id, product_id, kind, quantity, value, quantity_after, value_after,
                                       occurred_at, recorded_at, source_type, source_id, reference)
         SELECT coop, m.product_id, m.kind, m.quantity, m.value, m.quantity_after, m.value_after,
                p_sold_at, p_recorded_at, 'sale', sale_id, 'WS-' || lpad(sale_id::text, 7, '0')
           FROM unnest(p_move_products, p_move_kinds, p_move_quantities, p_move_values, p_move_quantities_after,
                       p_move_values_after)
                    WITH ORDINALITY AS m (product_id, kind, quantity, value, quantity_after, value_after, ord)
          ORDER BY m.ord;
    INSERT INTO waserda_saleline (cooperative_id, sale_id, product_id, quantity, unit_price, member_price_applied,
                                  amount, cost, returned_quantity)
         SELECT coop, sale_id, l.product_id, l.quantity, l.unit_price, l.member_price, l.amount, l.cost, 0
           FROM unnest(p_line_products, p_line_quantities, p_line_prices, p_line_member_prices, p_line_amounts,
                       p_line_costs)
                    WITH ORDINALITY AS l (product_id, quantity, unit_price, member_price, amount, cost, ord)
          ORDER BY l.ord;
END;
$$;
