"""Existing cooperatives: the savings-and-loan accounts belong to the USP business unit (chart.ACCOUNT_UNITS),
as new cooperatives are seeded."""

from django.db import migrations

from koperasi.core.db.migrations import in_each_cooperative
from koperasi.ledger.chart import ACCOUNT_UNITS

ASSIGN = (
    "UPDATE ledger_account SET business_unit_id = (SELECT id FROM ledger_businessunit"
    " WHERE cooperative_id = %(cooperative)s AND code = %(unit)s)"
    " WHERE cooperative_id = %(cooperative)s AND system_key = %(key)s AND business_unit_id IS NULL"
)


def assign_units(apps, schema_editor):
    in_each_cooperative(schema_editor, [(ASSIGN, {"key": key, "unit": unit}) for key, unit in ACCOUNT_UNITS.items()])


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_database_guards")]

    operations = [migrations.RunPython(assign_units, migrations.RunPython.noop, elidable=False)]
