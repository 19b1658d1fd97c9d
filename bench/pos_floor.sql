-- The database work of one POS sale, replayed by pgbench with no Python in between: the statement
-- the sale service sends on a known basis (bench/pos.py runs it against its scratch database, as the
-- application role, with -D coop=… -D p1=… -D p2=… -D p3=… -D session=… -D cashier=…).
-- Amounts are fixed (the products hold millions of units); every sale has a new client UUID. As the
-- service sends it, BEGIN and the tenant settings go in front of the statement (\;). The basis the
-- check compares is read in the statement itself (k), where the service knows it beforehand: a
-- little more work than the service's statement, not less.
\set r random(1, 999999999999)
BEGIN \;
SELECT set_config('app.cooperative_id', :coop::text, true), set_config('app.readable_ids', :coop::text, true),
       set_config('app.user_id', '', true) \;
SELECT s.sale_id, s.products_updated, CASE WHEN s.sale_id IS NOT NULL THEN (
    SELECT ARRAY[outcome, entry_id::text, entry_fiscal_year::text, entry_number::text, detail]
      FROM ledger_post_entry(current_date, 'POS sale (pgbench) WS-' || lpad(s.sale_id::text, 7, '0'),
           'waserda.Sale', s.sale_id::text, 'pos.sale', NULL, false, :cashier, now(), '{NULL,NULL,NULL,NULL}'::bigint[],
           '{"cash","sales_waserda","cogs","merchandise_inventory"}'::text[], '{NULL,NULL,NULL,NULL}'::bigint[],
           '{NULL,"WSD","WSD",NULL}'::text[], '{122000.00,0.00,104000.00,0.00}'::numeric[],
           '{0.00,122000.00,0.00,104000.00}'::numeric[], '{"","","",""}'::text[], '{"","","",""}'::text[],
           '{NULL,NULL,NULL,NULL}'::bigint[])) END
  FROM (SELECT array_agg(id ORDER BY id) AS ids, array_agg(sell_price ORDER BY id) AS sell_prices,
               array_agg(member_price ORDER BY id) AS member_prices, array_agg(qty_on_hand ORDER BY id) AS quantities,
               array_agg(stock_value ORDER BY id) AS stock_values, array_agg(avg_cost ORDER BY id) AS costs
          FROM waserda_product WHERE id IN (:p1, :p2, :p3)) AS k
 CROSS JOIN LATERAL waserda_check_sale_basis(:session, :cashier, k.ids, k.sell_prices, k.member_prices, k.quantities,
       k.stock_values, k.costs) AS b
 CROSS JOIN LATERAL waserda_insert_sale(b.new_sale_id, ('00000000-0000-4000-8000-' || lpad(:r::text, 12, '0'))::uuid,
       :session, :cashier, NULL, now(), now(), false, 'cash', '', 122000.00, 104000.00, 122000.00, 0.00, false, '',
       false, '{:p1,:p2,:p3}'::bigint[], '{-1.000,-2.000,-3.000}'::numeric[],
       '{-61000.00,-31000.00,-12000.00}'::numeric[], '{61000.0000,15500.0000,4000.0000}'::numeric[],
       '{:p1,:p2,:p3}'::bigint[], '{"sale","sale","sale"}'::text[], '{-1.000,-2.000,-3.000}'::numeric[],
       '{-61000.00,-31000.00,-12000.00}'::numeric[], '{0.000,0.000,0.000}'::numeric[], '{0.00,0.00,0.00}'::numeric[],
       '{:p1,:p2,:p3}'::bigint[], '{1.000,2.000,3.000}'::numeric[], '{68000.00,18000.00,6000.00}'::numeric[],
       '{f,f,f}'::boolean[], '{68000.00,36000.00,18000.00}'::numeric[],
       '{61000.00,31000.00,12000.00}'::numeric[]) AS s;
COMMIT;
