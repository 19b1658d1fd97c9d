"""A sale priced on what this process last saw of its products and session, checked as it is written.

``waserda_check_sale_basis`` locks the sale's products (FOR UPDATE, id order, as
``waserda_lock_for_sale`` does) and answers one row, the new sale's id (the next value of the sales'
id sequence), only when every product is still active with the selling price, member price,
quantity, value and average cost the sale was priced and costed on, and the cash session is still
open for the cashier; otherwise it answers no row and the statement that called it writes nothing
(``sale_store.py``: the sale is then priced again on locked rows, in the same transaction).

The sale's writing statement calls it in its FROM list, before ``waserda_insert_sale`` (which takes
its answer as the sale's id), so a check, the sale's rows and its entry are one statement.
"""

from django.db import migrations

from koperasi.core.db.migrations import run_sql

FORWARD = r"""
CREATE OR REPLACE FUNCTION waserda_check_sale_basis(
    p_session_id bigint, p_cashier_id bigint, p_product_ids bigint[], p_sell_prices numeric[],
    p_member_prices numeric[], p_quantities numeric[], p_values numeric[], p_costs numeric[]
) RETURNS TABLE (new_sale_id bigint)
LANGUAGE plpgsql SECURITY INVOKER SET enable_seqscan = off AS $$
DECLARE
    coop bigint := app_cooperative_id();
    matched int;
BEGIN
    PERFORM 1 FROM waserda_cashsession s
      WHERE s.cooperative_id = coop AND s.id = p_session_id AND s.cashier_id = p_cashier_id AND s.status = 'open';
    IF NOT FOUND THEN
        RETURN;
    END IF;
    -- Locked in id order; a row changed by a transaction this one waited for is compared as it is now.
    SELECT count(*) INTO matched
      FROM (SELECT 1
              FROM waserda_product p
              JOIN unnest(p_product_ids, p_sell_prices, p_member_prices, p_quantities, p_values, p_costs)
                   AS b (id, sell_price, member_price, qty_on_hand, stock_value, avg_cost) ON p.id = b.id
             WHERE p.cooperative_id = coop AND p.is_active
               AND p.sell_price = b.sell_price AND p.member_price IS NOT DISTINCT FROM b.member_price
               AND p.qty_on_hand = b.qty_on_hand AND p.stock_value = b.stock_value AND p.avg_cost = b.avg_cost
             ORDER BY p.id
               FOR UPDATE OF p) AS still;
    IF matched = cardinality(p_product_ids) THEN
        new_sale_id := nextval('waserda_sale_id_seq'::regclass);
        RETURN NEXT;
    END IF;
END;
$$;
"""

BACKWARD = r"""
DROP FUNCTION IF EXISTS waserda_check_sale_basis(bigint, bigint, bigint[], numeric[], numeric[], numeric[], numeric[],
    numeric[]);
"""


class Migration(migrations.Migration):
    dependencies = [("waserda", "0005_tenant_keyed_products_and_lean_indexes")]
    operations = [run_sql(FORWARD, BACKWARD)]
