"""The POS sale's two statements as PostgreSQL functions (``waserda/sale_store.py`` calls them).

Why functions: a till waits on every sale, and for statements this small PostgreSQL spends more time
*planning* them (row-level security adds its conditions to every table) than running them. PL/pgSQL
keeps each statement's plan for the life of the connection, so a sale is planned once per connection
instead of once per sale. Both run as the caller (SECURITY INVOKER): row-level security applies. They
only look rows up by key, and ``SET enable_seqscan = off`` keeps a plan made while the tables were
small (where a sequential scan is cheapest) from staying as they grow.

* ``waserda_lock_for_sale(product ids, client uuid, session id)``: locks the products (FOR UPDATE, id
  order) and answers their pricing and stock fields, with, on every row, the id of a sale already
  recorded under the client UUID and the named cash session's cashier and status (one row with empty
  product fields when no product matched).
* ``waserda_insert_sale(...)``: inserts the sale (nothing, and a null id, when its client UUID is
  already recorded: the unique key decides, also under concurrency), updates each product by its
  deltas (only where stock stays ≥ 0 unless ``p_allow_negative``; the count of updated products is
  answered so the caller can refuse a shortfall), and inserts the stock-card rows and the sale lines.
  The stock-card reference is the sale's number, ``WS-`` and the id in 7 digits (``Sale.number``).
"""

from django.db import migrations

from koperasi.core.db.migrations import run_sql

FORWARD = r"""
CREATE OR REPLACE FUNCTION waserda_lock_for_sale(p_product_ids bigint[], p_client_uuid uuid, p_session_id bigint)
RETURNS TABLE (
    product_id bigint, product_cooperative_id bigint, product_sku varchar, product_name varchar,
    product_is_active boolean, product_sell_price numeric, product_member_price numeric,
    product_qty_on_hand numeric, product_stock_value numeric, product_avg_cost numeric,
    replay_id bigint, session_id bigint, session_cooperative_id bigint, session_cashier_id bigint,
    session_status varchar
) LANGUAGE plpgsql SECURITY INVOKER SET enable_seqscan = off AS $$
DECLARE
    coop bigint := app_cooperative_id();
BEGIN
    RETURN QUERY
    SELECT p.id, p.cooperative_id, p.sku, p.name, p.is_active, p.sell_price, p.member_price,
           p.qty_on_hand, p.stock_value, p.avg_cost, r.id, s.id, s.cooperative_id, s.cashier_id, s.status
      FROM (SELECT 1) AS one
      LEFT JOIN (SELECT w.* FROM waserda_product w
                  WHERE w.cooperative_id = coop AND w.id = ANY (p_product_ids)
                  ORDER BY w.id FOR UPDATE) AS p ON true
      LEFT JOIN waserda_sale r ON r.cooperative_id = coop AND r.client_uuid = p_client_uuid
      LEFT JOIN waserda_cashsession s ON s.cooperative_id = coop AND s.id = p_session_id
     ORDER BY p.id;
END;
$$;

CREATE OR REPLACE FUNCTION waserda_insert_sale(
    p_client_uuid uuid, p_session_id bigint, p_cashier_id bigint, p_member_id bigint,
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
    INSERT INTO waserda_sale (cooperative_id, client_uuid, session_id, cashier_id, member_id, sold_at, recorded_at,
                              offline, payment_method, payment_reference, total, cost_total, tendered, change,
                              returned_total, needs_reconciliation, reconciliation_note)
         VALUES (coop, p_client_uuid, p_session_id, p_cashier_id, p_member_id, p_sold_at, p_recorded_at,
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
"""

BACKWARD = r"""
DROP FUNCTION IF EXISTS waserda_insert_sale(uuid, bigint, bigint, bigint, timestamptz, timestamptz, boolean, text, text,
    numeric, numeric, numeric, numeric, boolean, text, boolean, bigint[], numeric[], numeric[], numeric[], bigint[],
    text[], numeric[], numeric[], numeric[], numeric[], bigint[], numeric[], numeric[], boolean[], numeric[],
    numeric[]);
DROP FUNCTION IF EXISTS waserda_lock_for_sale(bigint[], uuid, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [("waserda", "0001_waserda")]
    operations = [run_sql(FORWARD, BACKWARD)]
