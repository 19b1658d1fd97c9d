"""The sale is always priced on locked rows: ``waserda_check_sale_basis`` (migration 0006) goes.

Measured through the API, the in-process "known basis" it checked bought nothing a till feels
(BENCHMARKS.md, "Waserda POS"), so the simpler path stays alone.
"""

from importlib import import_module

from django.db import migrations

from koperasi.core.db.migrations import run_sql

KNOWN_BASIS = import_module("waserda.migrations.0006_sale_on_a_known_basis")


class Migration(migrations.Migration):
    dependencies = [("waserda", "0006_sale_on_a_known_basis")]
    operations = [run_sql(KNOWN_BASIS.BACKWARD, KNOWN_BASIS.FORWARD)]
