-- The database work of one POS sale, replayed by pgbench with no Python in between: the same
-- statements the sale service sends (bench/pos.py runs it against its scratch database, as the
-- application role, with -D coop=… -D p1=… -D p2=… -D p3=… -D session=… -D cashier=…).
-- Amounts are fixed (the products hold millions of units); every sale has a new client UUID.
\set r random(1, 999999999999)
BEGIN;
SELECT set_config('app.cooperative_id', :coop::text, true), set_config('app.readable_ids', :coop::text, true),
       set_config('app.user_id', '', true);
SELECT * FROM waserda_lock_for_sale(ARRAY[:p1, :p2, :p3]::bigint[],
    ('00000000-0000-4000-8000-' || lpad(:r::text, 12, '0'))::uuid, :session);
SELECT sale_id, products_updated FROM waserda_insert_sale(
    ('00000000-0000-4000-8000-' || lpad(:r::text, 12, '0'))::uuid, :session, :cashier, NULL, now(), now(), false,
    'cash', '', 122000, 108000, 122000, 0, false, '', false,
    ARRAY[:p1, :p2, :p3]::bigint[], ARRAY[-1, -2, -3]::numeric[], ARRAY[-61000, -31000, -12000]::numeric[],
    ARRAY[61000, 15500, 4000]::numeric[],
    ARRAY[:p1, :p2, :p3]::bigint[], ARRAY['sale', 'sale', 'sale']::text[], ARRAY[-1, -2, -3]::numeric[],
    ARRAY[-61000, -31000, -12000]::numeric[], ARRAY[0, 0, 0]::numeric[], ARRAY[0, 0, 0]::numeric[],
    ARRAY[:p1, :p2, :p3]::bigint[], ARRAY[1, 2, 3]::numeric[], ARRAY[68000, 18000, 6000]::numeric[],
    ARRAY[false, false, false]::boolean[], ARRAY[68000, 36000, 18000]::numeric[],
    ARRAY[61000, 31000, 12000]::numeric[]);
SELECT * FROM ledger_post_entry(current_date, 'POS sale (pgbench)', 'bench.pos_floor', :r::text, 'pos.sale', NULL,
    false, :cashier, now(), ARRAY[NULL, NULL, NULL, NULL]::bigint[],
    ARRAY['cash', 'sales_waserda', 'cogs', 'merchandise_inventory']::text[], ARRAY[NULL, NULL, NULL, NULL]::bigint[],
    ARRAY[NULL, 'WSD', 'WSD', NULL]::text[], ARRAY[122000, 0, 108000, 0]::numeric[],
    ARRAY[0, 122000, 0, 108000]::numeric[], ARRAY['', '', '', '']::text[], ARRAY['', '', '', '']::text[],
    ARRAY[NULL, NULL, NULL, NULL]::bigint[]);
COMMIT;
