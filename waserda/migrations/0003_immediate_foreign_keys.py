"""Foreign keys of the tables every POS sale writes are checked at once, not at COMMIT (see the helper)."""

from django.db import migrations

from koperasi.core.db.migrations import immediate_foreign_keys

SALE_TABLES = ("waserda_sale", "waserda_saleline", "waserda_stockmovement")


class Migration(migrations.Migration):
    dependencies = [("waserda", "0002_sale_functions")]
    operations = [immediate_foreign_keys(*SALE_TABLES)]
