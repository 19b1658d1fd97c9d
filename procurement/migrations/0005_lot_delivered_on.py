"""A lot carries its delivery's date, so that a batch takes the oldest open lots from this table alone,
through a partial index of the lots still holding something (docs/performance.md, "Processing: finishing a
batch"); the delivery function writes the date."""

from django.db import migrations, models
from django.db.models import Q

from koperasi.core.db.migrations import in_each_cooperative, run_sql_file


def copy_dates(apps, schema_editor):
    """Each existing lot gets its delivery's date."""
    in_each_cooperative(schema_editor, [(
        "UPDATE procurement_rawmateriallot AS lot SET delivered_on = delivery.date"
        " FROM procurement_delivery AS delivery WHERE delivery.id = lot.delivery_id", {},
    )])  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("procurement", "0004_delivery_functions")]

    operations = [
        migrations.AddField(
            model_name="rawmateriallot",
            name="delivered_on",
            field=models.DateField(null=True, verbose_name="delivered"),
        ),
        migrations.RunPython(copy_dates, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="rawmateriallot",
            name="delivered_on",
            field=models.DateField(verbose_name="delivered"),
        ),
        migrations.AddIndex(
            model_name="rawmateriallot",
            index=models.Index(
                condition=Q(("remaining__gt", 0)),
                fields=["cooperative", "material", "delivered_on", "id"],
                name="procurement_open_lot_idx",
            ),
        ),
        run_sql_file("procurement", "procurement_insert_delivery"),
    ]
