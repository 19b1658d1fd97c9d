"""Sale lines and stock cards reference their product *with its cooperative*, and the sale tables keep
only the indexes something looks up.

* ``(cooperative_id, product_id)`` of ``waserda_saleline`` and ``waserda_stockmovement`` is a foreign
  key to ``waserda_product (cooperative_id, id)``: a row can only name a product of its own
  cooperative (before, any product id would do), and that one check also proves the row's
  cooperative, so the single-column keys to the product and to the cooperative go (a POS sale made
  six foreign-key checks fewer). Checked at once, like the other keys of the sale's tables.
* No index on ``cooperative_id`` alone where a composite index or key starts with it (sale, sale
  line, stock card), none on the stock card's ``product_id`` alone (the card index starts with
  cooperative and product); the member and reconciler of a sale are indexed only where they are set
  (most sales are to walk-in customers, few are ever reconciled). Django recreates the sale's altered
  foreign keys deferred: they are made immediate again (migration 0003).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from koperasi.core.db.migrations import immediate_foreign_keys, run_sql

TENANT_KEYS = r"""
ALTER TABLE waserda_saleline ADD CONSTRAINT waserda_saleline_product_same_coop
    FOREIGN KEY (cooperative_id, product_id) REFERENCES waserda_product (cooperative_id, id);
ALTER TABLE waserda_stockmovement ADD CONSTRAINT waserda_movement_product_same_coop
    FOREIGN KEY (cooperative_id, product_id) REFERENCES waserda_product (cooperative_id, id);
"""
DROP_TENANT_KEYS = r"""
ALTER TABLE waserda_saleline DROP CONSTRAINT IF EXISTS waserda_saleline_product_same_coop;
ALTER TABLE waserda_stockmovement DROP CONSTRAINT IF EXISTS waserda_movement_product_same_coop;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0002_savings_loans'),
        ('tenancy', '0002_row_level_security'),
        ('waserda', '0004_sale_id_before_writing'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='sale',
            name='cooperative',
            field=models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative'),
        ),
        migrations.AlterField(
            model_name='sale',
            name='member',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='waserda_sales', to='members.member', verbose_name='member'),
        ),
        migrations.AlterField(
            model_name='sale',
            name='reconciled_by',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reconciled by'),
        ),
        migrations.AlterField(
            model_name='saleline',
            name='cooperative',
            field=models.ForeignKey(db_constraint=False, db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative'),
        ),
        migrations.AlterField(
            model_name='saleline',
            name='product',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='waserda.product', verbose_name='product'),
        ),
        migrations.AlterField(
            model_name='stockmovement',
            name='cooperative',
            field=models.ForeignKey(db_constraint=False, db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative'),
        ),
        migrations.AlterField(
            model_name='stockmovement',
            name='product',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='movements', to='waserda.product', verbose_name='product'),
        ),
        migrations.AddIndex(
            model_name='sale',
            index=models.Index(condition=models.Q(('member__isnull', False)), fields=['member'], name='waserda_sale_member_idx'),
        ),
        migrations.AddIndex(
            model_name='sale',
            index=models.Index(condition=models.Q(('reconciled_by__isnull', False)), fields=['reconciled_by'], name='waserda_sale_reconciler_idx'),
        ),
        migrations.AddConstraint(
            model_name='product',
            constraint=models.UniqueConstraint(fields=('cooperative', 'id'), name='waserda_product_coop_id_key'),
        ),
        run_sql(TENANT_KEYS, DROP_TENANT_KEYS),
        immediate_foreign_keys("waserda_sale"),
    ]
