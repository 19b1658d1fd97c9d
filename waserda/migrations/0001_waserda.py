"""The waserda's tables and their row-level security (migrations 0001–0008 squashed before any
production database existed)."""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models

from koperasi.tenancy.rls import enable_rls


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('members', '0002_savings_loans'),
        ('tenancy', '0003_role_invitation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CashSession',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('open', 'Open'), ('closed', 'Closed')], default='open', max_length=10, verbose_name='status')),
                ('opened_at', models.DateTimeField(verbose_name='opened at')),
                ('opening_float', models.DecimalField(decimal_places=2, default=0, max_digits=18, verbose_name='opening float')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed at')),
                ('counted_cash', models.DecimalField(blank=True, decimal_places=2, max_digits=18, null=True, verbose_name='counted cash')),
                ('expected_cash', models.DecimalField(blank=True, decimal_places=2, max_digits=18, null=True, verbose_name='expected cash')),
                ('difference', models.DecimalField(blank=True, decimal_places=2, max_digits=18, null=True, verbose_name='over / short')),
                ('summary', models.JSONField(blank=True, default=dict, verbose_name='Z-report figures')),
                ('note', models.CharField(blank=True, max_length=255, verbose_name='note')),
                ('cashier', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='cashier')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
            ],
            options={
                'verbose_name': 'cash session',
                'verbose_name_plural': 'cash sessions',
                'ordering': ['-opened_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Category',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
            ],
            options={
                'verbose_name': 'category',
                'verbose_name_plural': 'categories',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='CreditPayment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.UUIDField(default=uuid.uuid4, verbose_name='idempotency key')),
                ('date', models.DateField(verbose_name='date')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='amount')),
                ('method', models.CharField(choices=[('cash', 'Cash'), ('bank', 'Bank transfer')], max_length=10, verbose_name='paid by')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.member', verbose_name='member')),
                ('session', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='credit_payments', to='waserda.cashsession', verbose_name='cash session')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'credit payment',
                'verbose_name_plural': 'credit payments',
                'ordering': ['-date', '-id'],
            },
        ),
        migrations.CreateModel(
            name='MemberCard',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('card_code', models.CharField(max_length=40, verbose_name='card code')),
                ('credit_limit', models.DecimalField(blank=True, decimal_places=2, help_text="Empty: the shop's default limit.", max_digits=18, null=True, verbose_name='credit limit')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='members.member', verbose_name='member')),
            ],
            options={
                'verbose_name': 'member card',
                'verbose_name_plural': 'member cards',
                'ordering': ['card_code'],
            },
        ),
        migrations.CreateModel(
            name='Product',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sku', models.CharField(max_length=40, verbose_name='SKU')),
                ('barcode', models.CharField(blank=True, max_length=40, verbose_name='barcode')),
                ('name', models.CharField(max_length=150, verbose_name='name')),
                ('unit', models.CharField(choices=[('pcs', 'piece'), ('kg', 'kg'), ('liter', 'litre'), ('pak', 'pack'), ('dus', 'box'), ('karung', 'sack'), ('meter', 'metre'), ('rol', 'roll'), ('balok', 'block'), ('botol', 'bottle')], default='pcs', max_length=10, verbose_name='unit')),
                ('sell_price', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='selling price')),
                ('member_price', models.DecimalField(blank=True, decimal_places=2, max_digits=18, null=True, verbose_name='member price')),
                ('reorder_point', models.DecimalField(decimal_places=3, default=0, max_digits=18, verbose_name='reorder point')),
                ('safety_stock', models.DecimalField(decimal_places=3, default=0, max_digits=18, verbose_name='safety stock')),
                ('lead_time_days', models.PositiveSmallIntegerField(default=7, verbose_name='supplier lead time (days)')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('qty_on_hand', models.DecimalField(decimal_places=3, default=0, editable=False, max_digits=18, verbose_name='quantity on hand')),
                ('stock_value', models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=18, verbose_name='stock value')),
                ('avg_cost', models.DecimalField(decimal_places=4, default=0, editable=False, max_digits=18, verbose_name='average cost')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('category', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='products', to='waserda.category', verbose_name='category')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
            ],
            options={
                'verbose_name': 'product',
                'verbose_name_plural': 'products',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='PriceChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sell_price', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='selling price')),
                ('member_price', models.DecimalField(blank=True, decimal_places=2, max_digits=18, null=True, verbose_name='member price')),
                ('changed_at', models.DateTimeField(auto_now_add=True, verbose_name='changed at')),
                ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('product', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='prices', to='waserda.product', verbose_name='product')),
            ],
            options={
                'verbose_name': 'price change',
                'verbose_name_plural': 'price changes',
                'ordering': ['-changed_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='PurchaseOrder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('ordered', 'Ordered'), ('partial', 'Partially received'), ('received', 'Received'), ('cancelled', 'Cancelled')], default='draft', max_length=10, verbose_name='status')),
                ('order_date', models.DateField(verbose_name='order date')),
                ('expected_date', models.DateField(blank=True, null=True, verbose_name='expected on')),
                ('note', models.CharField(blank=True, max_length=255, verbose_name='note')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
            ],
            options={
                'verbose_name': 'purchase order',
                'verbose_name_plural': 'purchase orders',
                'ordering': ['-order_date', '-id'],
            },
        ),
        migrations.CreateModel(
            name='GoodsReceipt',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(verbose_name='date')),
                ('reference', models.CharField(blank=True, max_length=60, verbose_name='delivery note')),
                ('settlement', models.CharField(choices=[('credit', 'On credit (hutang usaha)'), ('cash', 'Cash'), ('bank', 'Bank transfer')], default='credit', max_length=10, verbose_name='paid by')),
                ('total', models.DecimalField(decimal_places=2, default=0, max_digits=18, verbose_name='total')),
                ('key', models.UUIDField(default=uuid.uuid4, verbose_name='idempotency key')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('received_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='received by')),
                ('order', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='receipts', to='waserda.purchaseorder', verbose_name='purchase order')),
            ],
            options={
                'verbose_name': 'goods receipt',
                'verbose_name_plural': 'goods receipts',
                'ordering': ['-date', '-id'],
            },
        ),
        migrations.CreateModel(
            name='PurchaseOrderLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('quantity', models.DecimalField(decimal_places=3, max_digits=18, verbose_name='quantity')),
                ('unit_cost', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='unit cost')),
                ('received_quantity', models.DecimalField(decimal_places=3, default=0, max_digits=18, verbose_name='received')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('order', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='waserda.purchaseorder', verbose_name='order')),
                ('product', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='waserda.product', verbose_name='product')),
            ],
            options={
                'verbose_name': 'purchase order line',
                'verbose_name_plural': 'purchase order lines',
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='GoodsReceiptLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('quantity', models.DecimalField(decimal_places=3, max_digits=18, verbose_name='quantity')),
                ('unit_cost', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='unit cost')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='amount')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('receipt', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='waserda.goodsreceipt', verbose_name='receipt')),
                ('product', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='waserda.product', verbose_name='product')),
                ('order_line', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='waserda.purchaseorderline', verbose_name='order line')),
            ],
            options={
                'verbose_name': 'goods receipt line',
                'verbose_name_plural': 'goods receipt lines',
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='RejectedSale',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('client_uuid', models.UUIDField(verbose_name='client id')),
                ('code', models.CharField(max_length=40, verbose_name='code')),
                ('message', models.CharField(max_length=255, verbose_name='message')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('cashier', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='cashier')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
            ],
            options={
                'verbose_name': 'rejected sale',
                'verbose_name_plural': 'rejected sales',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='Sale',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('client_uuid', models.UUIDField(default=uuid.uuid4, verbose_name='client id')),
                ('sold_at', models.DateTimeField(verbose_name='sold at')),
                ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded at')),
                ('offline', models.BooleanField(default=False, verbose_name='made offline')),
                ('payment_method', models.CharField(choices=[('cash', 'Cash'), ('transfer', 'Bank transfer'), ('qris', 'QRIS'), ('credit', 'Member credit'), ('savings', 'Voluntary savings')], max_length=10, verbose_name='payment')),
                ('payment_reference', models.CharField(blank=True, max_length=80, verbose_name='payment reference')),
                ('total', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='total')),
                ('cost_total', models.DecimalField(decimal_places=2, default=0, max_digits=18, verbose_name='cost of goods')),
                ('tendered', models.DecimalField(blank=True, decimal_places=2, max_digits=18, null=True, verbose_name='tendered')),
                ('change', models.DecimalField(decimal_places=2, default=0, max_digits=18, verbose_name='change')),
                ('returned_total', models.DecimalField(decimal_places=2, default=0, max_digits=18, verbose_name='returned')),
                ('price_shortfall', models.DecimalField(db_default=0, decimal_places=2, default=0, max_digits=18, verbose_name='below the price in force')),
                ('needs_reconciliation', models.BooleanField(default=False, verbose_name='needs reconciliation')),
                ('reconciliation_note', models.TextField(blank=True, verbose_name='reconciliation note')),
                ('reconciled_at', models.DateTimeField(blank=True, null=True, verbose_name='reconciled at')),
                ('cashier', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='cashier')),
                ('cooperative', models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('member', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='waserda_sales', to='members.member', verbose_name='member')),
                ('reconciled_by', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reconciled by')),
                ('session', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='sales', to='waserda.cashsession', verbose_name='cash session')),
            ],
            options={
                'verbose_name': 'sale',
                'verbose_name_plural': 'sales',
                'ordering': ['-sold_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='SaleLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('quantity', models.DecimalField(decimal_places=3, max_digits=18, verbose_name='quantity')),
                ('unit_price', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='unit price')),
                ('member_price_applied', models.BooleanField(default=False, verbose_name='member price')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='amount')),
                ('cost', models.DecimalField(decimal_places=2, default=0, max_digits=18, verbose_name='cost')),
                ('returned_quantity', models.DecimalField(decimal_places=3, default=0, max_digits=18, verbose_name='returned')),
                ('cooperative', models.ForeignKey(db_constraint=False, db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('product', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='waserda.product', verbose_name='product')),
                ('sale', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='waserda.sale', verbose_name='sale')),
            ],
            options={
                'verbose_name': 'sale line',
                'verbose_name_plural': 'sale lines',
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='SaleReturn',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.UUIDField(default=uuid.uuid4, verbose_name='idempotency key')),
                ('returned_at', models.DateTimeField(verbose_name='returned at')),
                ('reason', models.CharField(blank=True, max_length=255, verbose_name='reason')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='refund')),
                ('cost', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='cost')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('sale', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='returns', to='waserda.sale', verbose_name='sale')),
                ('session', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='returns', to='waserda.cashsession', verbose_name='cash session')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'sale return',
                'verbose_name_plural': 'sale returns',
                'ordering': ['-returned_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='SaleReturnLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('quantity', models.DecimalField(decimal_places=3, max_digits=18, verbose_name='quantity')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='refund')),
                ('cost', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='cost')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('sale_line', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='waserda.saleline', verbose_name='sale line')),
                ('sale_return', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='waserda.salereturn', verbose_name='return')),
            ],
            options={
                'verbose_name': 'sale return line',
                'verbose_name_plural': 'sale return lines',
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='StockCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(verbose_name='date')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('posted', 'Posted')], default='draft', max_length=10, verbose_name='status')),
                ('note', models.CharField(blank=True, max_length=255, verbose_name='note')),
                ('posted_at', models.DateTimeField(blank=True, null=True, verbose_name='posted at')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
            ],
            options={
                'verbose_name': 'stock count',
                'verbose_name_plural': 'stock counts',
                'ordering': ['-date', '-id'],
            },
        ),
        migrations.CreateModel(
            name='StockCountLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('counted_quantity', models.DecimalField(decimal_places=3, max_digits=18, verbose_name='counted')),
                ('expected_quantity', models.DecimalField(blank=True, decimal_places=3, max_digits=18, null=True, verbose_name='on record')),
                ('difference_quantity', models.DecimalField(blank=True, decimal_places=3, max_digits=18, null=True, verbose_name='difference')),
                ('difference_value', models.DecimalField(blank=True, decimal_places=2, max_digits=18, null=True, verbose_name='difference value')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('count', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='waserda.stockcount', verbose_name='stock count')),
                ('product', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='waserda.product', verbose_name='product')),
            ],
            options={
                'verbose_name': 'stock count line',
                'verbose_name_plural': 'stock count lines',
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='StockMovement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('receipt', 'Goods receipt'), ('sale', 'Sale'), ('return', 'Sale return'), ('adjustment', 'Stock count adjustment'), ('revaluation', 'Cost correction of goods sold short')], max_length=12, verbose_name='kind')),
                ('quantity', models.DecimalField(decimal_places=3, max_digits=18, verbose_name='quantity')),
                ('value', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='value')),
                ('quantity_after', models.DecimalField(decimal_places=3, max_digits=18, verbose_name='quantity after')),
                ('value_after', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='value after')),
                ('occurred_at', models.DateTimeField(verbose_name='occurred at')),
                ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded at')),
                ('source_type', models.CharField(max_length=40, verbose_name='source document type')),
                ('source_id', models.BigIntegerField(verbose_name='source document id')),
                ('reference', models.CharField(blank=True, max_length=60, verbose_name='reference')),
                ('cooperative', models.ForeignKey(db_constraint=False, db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('product', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='movements', to='waserda.product', verbose_name='product')),
            ],
            options={
                'verbose_name': 'stock movement',
                'verbose_name_plural': 'stock movements',
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='Supplier',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=150, verbose_name='name')),
                ('phone', models.CharField(blank=True, max_length=30, verbose_name='phone')),
                ('address', models.TextField(blank=True, verbose_name='address')),
                ('lead_time_days', models.PositiveSmallIntegerField(default=7, verbose_name='lead time (days)')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.member', verbose_name='member')),
            ],
            options={
                'verbose_name': 'supplier',
                'verbose_name_plural': 'suppliers',
                'ordering': ['name'],
            },
        ),
        migrations.AddField(
            model_name='purchaseorder',
            name='supplier',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='orders', to='waserda.supplier', verbose_name='supplier'),
        ),
        migrations.AddField(
            model_name='product',
            name='supplier',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='waserda.supplier', verbose_name='usual supplier'),
        ),
        migrations.AddField(
            model_name='goodsreceipt',
            name='supplier',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='waserda.supplier', verbose_name='supplier'),
        ),
        migrations.CreateModel(
            name='SupplierBill',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(max_length=60, verbose_name="supplier's invoice number")),
                ('date', models.DateField(verbose_name='date')),
                ('due_date', models.DateField(blank=True, null=True, verbose_name='due date')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='amount')),
                ('paid_amount', models.DecimalField(decimal_places=2, default=0, max_digits=18, verbose_name='paid')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('supplier', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bills', to='waserda.supplier', verbose_name='supplier')),
            ],
            options={
                'verbose_name': 'supplier bill',
                'verbose_name_plural': 'supplier bills',
                'ordering': ['-date', '-id'],
            },
        ),
        migrations.AddField(
            model_name='goodsreceipt',
            name='bill',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='receipts', to='waserda.supplierbill', verbose_name='bill'),
        ),
        migrations.CreateModel(
            name='SupplierPayment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(verbose_name='date')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='amount')),
                ('method', models.CharField(choices=[('cash', 'Cash'), ('bank', 'Bank transfer')], max_length=10, verbose_name='paid by')),
                ('reference', models.CharField(blank=True, max_length=60, verbose_name='reference')),
                ('key', models.UUIDField(default=uuid.uuid4, verbose_name='idempotency key')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('bill', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payments', to='waserda.supplierbill', verbose_name='bill')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('paid_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='paid by (user)')),
            ],
            options={
                'verbose_name': 'supplier payment',
                'verbose_name_plural': 'supplier payments',
                'ordering': ['-date', '-id'],
            },
        ),
        migrations.CreateModel(
            name='WaserdaSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('default_credit_limit', models.DecimalField(decimal_places=2, default=0, max_digits=18, verbose_name='default member credit limit')),
                ('demand_window_days', models.PositiveSmallIntegerField(default=30, verbose_name='demand window (days)')),
                ('order_cycle_days', models.PositiveSmallIntegerField(default=14, verbose_name='order cycle (days)')),
                ('receipt_header', models.CharField(blank=True, max_length=200, verbose_name='receipt header')),
                ('receipt_footer', models.CharField(blank=True, max_length=200, verbose_name='receipt footer')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
            ],
            options={
                'verbose_name': 'shop settings',
                'verbose_name_plural': 'shop settings',
            },
        ),
        migrations.AddConstraint(
            model_name='cashsession',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'open')), fields=('cooperative', 'cashier'), name='waserda_session_one_open'),
        ),
        migrations.AddConstraint(
            model_name='cashsession',
            constraint=models.CheckConstraint(condition=models.Q(('opening_float__gte', 0)), name='waserda_session_float_nonnegative'),
        ),
        migrations.AddConstraint(
            model_name='category',
            constraint=models.UniqueConstraint(fields=('cooperative', 'name'), name='waserda_category_name_unique'),
        ),
        migrations.AddConstraint(
            model_name='creditpayment',
            constraint=models.UniqueConstraint(fields=('cooperative', 'key'), name='waserda_credit_payment_key_unique'),
        ),
        migrations.AddConstraint(
            model_name='creditpayment',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='waserda_credit_payment_positive'),
        ),
        migrations.AddConstraint(
            model_name='membercard',
            constraint=models.UniqueConstraint(fields=('cooperative', 'card_code'), name='waserda_card_code_unique'),
        ),
        migrations.AddConstraint(
            model_name='membercard',
            constraint=models.UniqueConstraint(fields=('cooperative', 'member'), name='waserda_card_one_per_member'),
        ),
        migrations.AddConstraint(
            model_name='purchaseorderline',
            constraint=models.CheckConstraint(condition=models.Q(('quantity__gt', 0)), name='waserda_po_line_quantity_positive'),
        ),
        migrations.AddConstraint(
            model_name='purchaseorderline',
            constraint=models.CheckConstraint(condition=models.Q(('unit_cost__gte', 0)), name='waserda_po_line_cost_nonnegative'),
        ),
        migrations.AddConstraint(
            model_name='purchaseorderline',
            constraint=models.CheckConstraint(condition=models.Q(('received_quantity__gte', 0), ('received_quantity__lte', models.F('quantity'))), name='waserda_po_line_received_within_ordered'),
        ),
        migrations.AddConstraint(
            model_name='goodsreceiptline',
            constraint=models.CheckConstraint(condition=models.Q(('quantity__gt', 0)), name='waserda_receipt_line_quantity_positive'),
        ),
        migrations.AddConstraint(
            model_name='goodsreceiptline',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='waserda_receipt_line_amount_nonnegative'),
        ),
        migrations.AddConstraint(
            model_name='rejectedsale',
            constraint=models.UniqueConstraint(fields=('cooperative', 'client_uuid'), name='waserda_rejected_uuid_unique'),
        ),
        migrations.AddIndex(
            model_name='sale',
            index=models.Index(fields=['cooperative', 'sold_at'], name='waserda_sale_time_idx'),
        ),
        migrations.AddIndex(
            model_name='sale',
            index=models.Index(condition=models.Q(('needs_reconciliation', True)), fields=['cooperative', 'needs_reconciliation'], name='waserda_sale_reconcile_idx'),
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
            model_name='sale',
            constraint=models.UniqueConstraint(fields=('cooperative', 'client_uuid'), name='waserda_sale_client_uuid_unique'),
        ),
        migrations.AddConstraint(
            model_name='sale',
            constraint=models.CheckConstraint(condition=models.Q(('total__gte', 0)), name='waserda_sale_total_nonnegative'),
        ),
        migrations.AddConstraint(
            model_name='sale',
            constraint=models.CheckConstraint(condition=models.Q(('returned_total__gte', 0), ('returned_total__lte', models.F('total'))), name='waserda_sale_returned_within_total'),
        ),
        migrations.AddConstraint(
            model_name='saleline',
            constraint=models.CheckConstraint(condition=models.Q(('quantity__gt', 0)), name='waserda_sale_line_quantity_positive'),
        ),
        migrations.AddConstraint(
            model_name='saleline',
            constraint=models.CheckConstraint(condition=models.Q(('returned_quantity__gte', 0), ('returned_quantity__lte', models.F('quantity'))), name='waserda_sale_line_returned_within_sold'),
        ),
        migrations.AddConstraint(
            model_name='salereturn',
            constraint=models.UniqueConstraint(fields=('cooperative', 'key'), name='waserda_return_key_unique'),
        ),
        migrations.AddConstraint(
            model_name='salereturnline',
            constraint=models.CheckConstraint(condition=models.Q(('quantity__gt', 0)), name='waserda_return_line_positive'),
        ),
        migrations.AddConstraint(
            model_name='stockcountline',
            constraint=models.UniqueConstraint(fields=('count', 'product'), name='waserda_count_line_unique'),
        ),
        migrations.AddConstraint(
            model_name='stockcountline',
            constraint=models.CheckConstraint(condition=models.Q(('counted_quantity__gte', 0)), name='waserda_count_nonnegative'),
        ),
        migrations.AddIndex(
            model_name='stockmovement',
            index=models.Index(fields=['cooperative', 'product', 'id'], name='waserda_movement_card_idx'),
        ),
        migrations.AddIndex(
            model_name='stockmovement',
            index=models.Index(fields=['cooperative', 'occurred_at'], name='waserda_movement_time_idx'),
        ),
        migrations.AddConstraint(
            model_name='supplier',
            constraint=models.UniqueConstraint(fields=('cooperative', 'name'), name='waserda_supplier_name_unique'),
        ),
        migrations.AddIndex(
            model_name='product',
            index=models.Index(fields=['cooperative', 'name'], name='waserda_product_name_idx'),
        ),
        migrations.AddConstraint(
            model_name='product',
            constraint=models.UniqueConstraint(fields=('cooperative', 'sku'), name='waserda_product_sku_unique'),
        ),
        migrations.AddConstraint(
            model_name='product',
            constraint=models.UniqueConstraint(fields=('cooperative', 'id'), name='waserda_product_coop_id_key'),
        ),
        migrations.AddConstraint(
            model_name='product',
            constraint=models.UniqueConstraint(condition=models.Q(('barcode', ''), _negated=True), fields=('cooperative', 'barcode'), name='waserda_product_barcode_unique'),
        ),
        migrations.AddConstraint(
            model_name='product',
            constraint=models.CheckConstraint(condition=models.Q(('sell_price__gte', 0)), name='waserda_product_price_nonnegative'),
        ),
        migrations.AddConstraint(
            model_name='product',
            constraint=models.CheckConstraint(condition=models.Q(('member_price__isnull', True), ('member_price__gte', 0), _connector='OR'), name='waserda_product_member_price_nonnegative'),
        ),
        migrations.AddConstraint(
            model_name='product',
            constraint=models.CheckConstraint(condition=models.Q(('reorder_point__gte', 0), ('safety_stock__gte', 0)), name='waserda_product_levels_nonnegative'),
        ),
        migrations.AddConstraint(
            model_name='supplierbill',
            constraint=models.UniqueConstraint(fields=('cooperative', 'supplier', 'number'), name='waserda_bill_number_unique'),
        ),
        migrations.AddConstraint(
            model_name='supplierbill',
            constraint=models.CheckConstraint(condition=models.Q(('paid_amount__gte', 0), ('paid_amount__lte', models.F('amount'))), name='waserda_bill_paid_range'),
        ),
        migrations.AddConstraint(
            model_name='goodsreceipt',
            constraint=models.UniqueConstraint(fields=('cooperative', 'key'), name='waserda_receipt_key_unique'),
        ),
        migrations.AddConstraint(
            model_name='supplierpayment',
            constraint=models.UniqueConstraint(fields=('cooperative', 'key'), name='waserda_payment_key_unique'),
        ),
        migrations.AddConstraint(
            model_name='supplierpayment',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='waserda_payment_amount_positive'),
        ),
        migrations.AddConstraint(
            model_name='waserdasettings',
            constraint=models.UniqueConstraint(fields=('cooperative',), name='waserda_settings_one'),
        ),
            enable_rls("waserda_cashsession", "waserda_category", "waserda_creditpayment", "waserda_membercard", "waserda_product", "waserda_pricechange", "waserda_purchaseorder", "waserda_goodsreceipt", "waserda_purchaseorderline", "waserda_goodsreceiptline", "waserda_rejectedsale", "waserda_sale", "waserda_saleline", "waserda_salereturn", "waserda_salereturnline", "waserda_stockcount", "waserda_stockcountline", "waserda_stockmovement", "waserda_supplier", "waserda_supplierbill", "waserda_supplierpayment", "waserda_waserdasettings"),
    ]
