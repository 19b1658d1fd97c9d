-- The database work of one POS sale, replayed by pgbench with no Python in between: the same
-- statements the sale service sends (bench/pos.py runs it against its scratch database, as the
-- application role, with -D coop=… -D p1=… -D p2=… -D p3=… -D session=… -D cashier=…).
-- Amounts are fixed (the products hold millions of units); every sale has a new client UUID, and
-- the id the lock call took (\gset keeps it in :sale). The tenant settings go with the lock (\;),
-- as the tenancy layer sends them with a transaction's first statement.
\set r random(1, 999999999999)
BEGIN;
SELECT set_config('app.cooperative_id', :coop::text, true), set_config('app.readable_ids', :coop::text, true),
       set_config('app.user_id', '', true) \;
SELECT max(new_sale_id) AS sale FROM waserda_lock_for_sale('{:p1,:p2,:p3}'::bigint[],
    ('00000000-0000-4000-8000-' || lpad(:r::text, 12, '0'))::uuid, :session) \gset
SELECT s.sale_id, s.products_updated, CASE WHEN s.sale_id IS NOT NULL THEN (
    SELECT ARRAY[outcome, entry_id::text, entry_fiscal_year::text, entry_number::text, detail]
      FROM ledger_post_entry(current_date, 'POS sale (pgbench)', 'waserda.Sale', :sale::text, 'pos.sale', NULL,
           false, :cashier, now(), '{NULL,NULL,NULL,NULL}'::bigint[],
           '{"cash","sales_waserda","cogs","merchandise_inventory"}'::text[], '{NULL,NULL,NULL,NULL}'::bigint[],
           '{NULL,"WSD","WSD",NULL}'::text[], '{122000.00,0.00,108000.00,0.00}'::numeric[],
           '{0.00,122000.00,0.00,108000.00}'::numeric[], '{"","","",""}'::text[], '{"","","",""}'::text[],
           '{NULL,NULL,NULL,NULL}'::bigint[])) END
  FROM waserda_insert_sale(:sale, ('00000000-0000-4000-8000-' || lpad(:r::text, 12, '0'))::uuid, :session,
       :cashier, NULL, now(), now(), false, 'cash', '', 122000.00, 108000.00, 122000.00, 0.00, false, '', false,
       '{:p1,:p2,:p3}'::bigint[], '{-1.000,-2.000,-3.000}'::numeric[], '{-61000.00,-31000.00,-12000.00}'::numeric[],
       '{61000.0000,15500.0000,4000.0000}'::numeric[],
       '{:p1,:p2,:p3}'::bigint[], '{"sale","sale","sale"}'::text[], '{-1.000,-2.000,-3.000}'::numeric[],
       '{-61000.00,-31000.00,-12000.00}'::numeric[], '{0.000,0.000,0.000}'::numeric[], '{0.00,0.00,0.00}'::numeric[],
       '{:p1,:p2,:p3}'::bigint[], '{1.000,2.000,3.000}'::numeric[], '{68000.00,18000.00,6000.00}'::numeric[],
       '{f,f,f}'::boolean[], '{68000.00,36000.00,18000.00}'::numeric[],
       '{61000.00,31000.00,12000.00}'::numeric[]) AS s;
COMMIT;
