-- waserda_lock_for_sale(product ids, client uuid, session id): the POS sale's first statement
-- (waserda/services/sale_store.py). Locks the products (FOR UPDATE, id order) and answers their pricing and
-- stock fields with, on every row, the id of a sale already recorded under the client UUID, the named
-- cash session's cashier and status, and new_sale_id (the next value of the sales' id sequence; a sale
-- refused after that leaves its id unused, so sale numbers may skip). One row with empty product
-- fields when no product matched. Runs as the caller: row-level security applies. PL/pgSQL keeps the
-- plan for the connection's life (planning cost more than running); enable_seqscan = off keeps it on
-- the indexes as the tables grow.
CREATE OR REPLACE FUNCTION waserda_lock_for_sale(p_product_ids bigint[], p_client_uuid uuid, p_session_id bigint)
RETURNS TABLE (
    product_id bigint, product_cooperative_id bigint, product_sku varchar, product_name varchar,
    product_is_active boolean, product_sell_price numeric, product_member_price numeric,
    product_qty_on_hand numeric, product_stock_value numeric, product_avg_cost numeric,
    replay_id bigint, session_id bigint, session_cooperative_id bigint, session_cashier_id bigint,
    session_status varchar, new_sale_id bigint
) LANGUAGE plpgsql SECURITY INVOKER SET enable_seqscan = off AS $$
DECLARE
    coop bigint := app_cooperative_id();
    next_id bigint := nextval('waserda_sale_id_seq'::regclass);
BEGIN
    RETURN QUERY
    SELECT p.id, p.cooperative_id, p.sku, p.name, p.is_active, p.sell_price, p.member_price,
           p.qty_on_hand, p.stock_value, p.avg_cost, r.id, s.id, s.cooperative_id, s.cashier_id, s.status, next_id
      FROM (SELECT 1) AS one
      LEFT JOIN (SELECT w.* FROM waserda_product w
                  WHERE w.cooperative_id = coop AND w.id = ANY (p_product_ids)
                  ORDER BY w.id FOR UPDATE) AS p ON true
      LEFT JOIN waserda_sale r ON r.cooperative_id = coop AND r.client_uuid = p_client_uuid
      LEFT JOIN waserda_cashsession s ON s.cooperative_id = coop AND s.id = p_session_id
     ORDER BY p.id;
END;
$$;
