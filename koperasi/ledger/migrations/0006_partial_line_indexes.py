"""Journal lines index their party and business unit only where they have one (a sale's cash and cost
lines have neither: four index entries fewer per sale), and entries have no index on
``cooperative_id`` alone (every composite index and key of the table starts with it). Altering the
entries' cooperative column makes Django recreate its foreign key deferred: it is made immediate again
(migration 0005)."""

import django.db.models.deletion
from django.db import migrations, models

from koperasi.core.db.migrations import immediate_foreign_keys


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0005_immediate_foreign_keys'),
        ('tenancy', '0002_row_level_security'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='journalline',
            name='ledger_line_party_idx',
        ),
        migrations.AlterField(
            model_name='journalentry',
            name='cooperative',
            field=models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative'),
        ),
        migrations.AlterField(
            model_name='journalline',
            name='business_unit',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ledger.businessunit', verbose_name='business unit'),
        ),
        migrations.AddIndex(
            model_name='journalline',
            index=models.Index(condition=models.Q(('party_id__isnull', False)), fields=['cooperative', 'party_type', 'party_id'], name='ledger_line_party_idx'),
        ),
        migrations.AddIndex(
            model_name='journalline',
            index=models.Index(condition=models.Q(('business_unit__isnull', False)), fields=['business_unit'], name='ledger_line_unit_idx'),
        ),
        immediate_foreign_keys("ledger_journalentry"),
    ]
