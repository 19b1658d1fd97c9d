"""A delivery's two statements as PL/pgSQL functions (``procurement/sql/``): ``procurement_delivery_basis``
reads what the delivery is priced on, ``procurement_insert_delivery`` writes it and its lot after its
posting (docs/performance.md, "Supply: delivery intake")."""

from django.db import migrations

from koperasi.core.db.migrations import run_sql_file


class Migration(migrations.Migration):
    dependencies = [("procurement", "0003_supply_plans")]
    operations = [
        run_sql_file("procurement", "procurement_delivery_basis"),
        run_sql_file("procurement", "procurement_insert_delivery"),
    ]
