"""The POS sale's keys and functions in PostgreSQL.

A migration of its own, after the tables: Django adds their foreign keys at the end of the migration
that creates them, and they are made immediate here. With 0001, what migrations 0001–0008 built step
by step (squashed before any production database existed):

* sale lines and stock cards reference their product *with its cooperative*
  (``(cooperative_id, product_id)`` → ``waserda_product (cooperative_id, id)``): a row can only name
  a product of its own cooperative, and that one check also proves the row's cooperative;
* the foreign keys of the tables every POS sale writes are checked at once, not at COMMIT;
* ``waserda_lock_for_sale`` and ``waserda_insert_sale`` (``waserda/sql/``), the sale's two statements.
"""

from django.db import migrations

from koperasi.core.db.migrations import immediate_foreign_keys, run_sql, run_sql_file

TENANT_KEYS = r"""
ALTER TABLE waserda_saleline ADD CONSTRAINT waserda_saleline_product_same_coop
    FOREIGN KEY (cooperative_id, product_id) REFERENCES waserda_product (cooperative_id, id);
ALTER TABLE waserda_stockmovement ADD CONSTRAINT waserda_movement_product_same_coop
    FOREIGN KEY (cooperative_id, product_id) REFERENCES waserda_product (cooperative_id, id);
"""
SALE_TABLES = ("waserda_sale", "waserda_saleline", "waserda_stockmovement")


class Migration(migrations.Migration):
    dependencies = [("waserda", "0001_waserda")]
    operations = [
        run_sql(TENANT_KEYS),
        immediate_foreign_keys(*SALE_TABLES),
        run_sql_file("waserda", "waserda_lock_for_sale"),
        run_sql_file("waserda", "waserda_insert_sale"),
    ]
