"""The ledger's tables (migrations 0001–0009 squashed before any production database existed)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('tenancy', '0003_role_invitation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='BusinessUnit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=20, verbose_name='code')),
                ('name', models.CharField(max_length=150, verbose_name='name')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
            ],
            options={
                'verbose_name': 'business unit',
                'verbose_name_plural': 'business units',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='Account',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=20, verbose_name='code')),
                ('name', models.CharField(max_length=150, verbose_name='name')),
                ('type', models.CharField(choices=[('asset', 'Asset'), ('liability', 'Liability'), ('equity', 'Equity'), ('income', 'Income'), ('expense', 'Expense')], max_length=10, verbose_name='type')),
                ('system_key', models.CharField(blank=True, default='', max_length=40, verbose_name='system key')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='ledger.account', verbose_name='parent account')),
                ('business_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ledger.businessunit', verbose_name='business unit')),
            ],
            options={
                'verbose_name': 'account',
                'verbose_name_plural': 'accounts',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='FiscalPeriod',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('month', models.PositiveSmallIntegerField(verbose_name='month')),
                ('status', models.CharField(choices=[('open', 'Open'), ('closed', 'Closed')], db_default='open', default='open', max_length=10, verbose_name='status')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed at')),
                ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='closed by')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
            ],
            options={
                'verbose_name': 'fiscal period',
                'verbose_name_plural': 'fiscal periods',
                'ordering': ['-year', '-month'],
            },
        ),
        migrations.CreateModel(
            name='FixedAsset',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=30, verbose_name='code')),
                ('name', models.CharField(max_length=150, verbose_name='name')),
                ('acquisition_date', models.DateField(verbose_name='acquisition date')),
                ('cost', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='cost')),
                ('salvage_value', models.DecimalField(decimal_places=2, default=0, max_digits=18, verbose_name='salvage value')),
                ('useful_life_months', models.PositiveIntegerField(verbose_name='useful life (months)')),
                ('disposed_on', models.DateField(blank=True, null=True, verbose_name='disposed on')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('accumulated_depreciation_account', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ledger.account', verbose_name='accumulated depreciation account')),
                ('asset_account', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ledger.account', verbose_name='asset account')),
                ('business_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ledger.businessunit', verbose_name='business unit')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('depreciation_expense_account', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ledger.account', verbose_name='depreciation expense account')),
            ],
            options={
                'verbose_name': 'fixed asset',
                'verbose_name_plural': 'fixed assets',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='JournalEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fiscal_year', models.PositiveSmallIntegerField(verbose_name='fiscal year')),
                ('number', models.PositiveIntegerField(blank=True, null=True, verbose_name='number')),
                ('date', models.DateField(verbose_name='date')),
                ('memo', models.CharField(blank=True, max_length=255, verbose_name='memo')),
                ('source_type', models.CharField(max_length=60, verbose_name='source document type')),
                ('source_id', models.CharField(max_length=64, verbose_name='source document id')),
                ('purpose', models.CharField(max_length=60, verbose_name='purpose')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('posted', 'Posted')], default='draft', max_length=10, verbose_name='status')),
                ('is_closing', models.BooleanField(default=False, verbose_name='year-end closing entry')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('posted_at', models.DateTimeField(blank=True, null=True, verbose_name='posted at')),
                ('cooperative', models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('reversal_of', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reversed_by', to='ledger.journalentry', verbose_name='reversal of')),
            ],
            options={
                'verbose_name': 'journal entry',
                'verbose_name_plural': 'journal entries',
                'ordering': ['-date', '-fiscal_year', '-number', '-id'],
            },
        ),
        migrations.CreateModel(
            name='JournalLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('debit', models.DecimalField(decimal_places=2, default=0, max_digits=18, verbose_name='debit')),
                ('credit', models.DecimalField(decimal_places=2, default=0, max_digits=18, verbose_name='credit')),
                ('memo', models.CharField(blank=True, max_length=255, verbose_name='memo')),
                ('party_type', models.CharField(blank=True, default='', max_length=60, verbose_name='party type')),
                ('party_id', models.BigIntegerField(blank=True, null=True, verbose_name='party id')),
                ('account', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.PROTECT, related_name='lines', to='ledger.account', verbose_name='account')),
                ('business_unit', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ledger.businessunit', verbose_name='business unit')),
                ('cooperative', models.ForeignKey(db_constraint=False, db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
                ('entry', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='ledger.journalentry', verbose_name='entry')),
            ],
            options={
                'verbose_name': 'journal line',
                'verbose_name_plural': 'journal lines',
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='JournalSequence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fiscal_year', models.PositiveSmallIntegerField(verbose_name='fiscal year')),
                ('last_number', models.PositiveIntegerField(default=0, verbose_name='last number')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
            ],
            options={
                'verbose_name': 'journal sequence',
                'verbose_name_plural': 'journal sequences',
            },
        ),
        migrations.CreateModel(
            name='AccountBalance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('period', models.PositiveIntegerField(verbose_name='period (yyyymm)')),
                ('closing', models.BooleanField(default=False, verbose_name='closing entries')),
                ('debit', models.DecimalField(decimal_places=2, default=0, max_digits=18, verbose_name='debit')),
                ('credit', models.DecimalField(decimal_places=2, default=0, max_digits=18, verbose_name='credit')),
                ('account', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='balances', to='ledger.account', verbose_name='account')),
                ('cooperative', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.cooperative', verbose_name='cooperative')),
            ],
            options={
                'verbose_name': 'account balance',
                'verbose_name_plural': 'account balances',
                'indexes': [models.Index(fields=['cooperative', 'period'], name='ledger_balance_period_idx')],
                'constraints': [models.UniqueConstraint(fields=('cooperative', 'account', 'period', 'closing'), name='ledger_balance_unique')],
            },
        ),
        migrations.AddConstraint(
            model_name='businessunit',
            constraint=models.UniqueConstraint(fields=('cooperative', 'code'), name='ledger_unit_code_unique'),
        ),
        migrations.AddConstraint(
            model_name='account',
            constraint=models.UniqueConstraint(fields=('cooperative', 'code'), name='ledger_account_code_unique'),
        ),
        migrations.AddConstraint(
            model_name='account',
            constraint=models.UniqueConstraint(condition=models.Q(('system_key', ''), _negated=True), fields=('cooperative', 'system_key'), name='ledger_account_key_unique'),
        ),
        migrations.AddConstraint(
            model_name='account',
            constraint=models.CheckConstraint(condition=models.Q(('type__in', ['asset', 'liability', 'equity', 'income', 'expense'])), name='ledger_account_type_valid'),
        ),
        migrations.AddConstraint(
            model_name='fiscalperiod',
            constraint=models.UniqueConstraint(fields=('cooperative', 'year', 'month'), name='ledger_period_unique'),
        ),
        migrations.AddConstraint(
            model_name='fiscalperiod',
            constraint=models.CheckConstraint(condition=models.Q(('month__gte', 1), ('month__lte', 12)), name='ledger_period_month_1_12'),
        ),
        migrations.AddConstraint(
            model_name='fixedasset',
            constraint=models.UniqueConstraint(fields=('cooperative', 'code'), name='ledger_asset_code_unique'),
        ),
        migrations.AddConstraint(
            model_name='fixedasset',
            constraint=models.CheckConstraint(condition=models.Q(('cost__gt', 0)), name='ledger_asset_cost_positive'),
        ),
        migrations.AddConstraint(
            model_name='fixedasset',
            constraint=models.CheckConstraint(condition=models.Q(('salvage_value__gte', 0), ('salvage_value__lte', models.F('cost'))), name='ledger_asset_salvage'),
        ),
        migrations.AddConstraint(
            model_name='fixedasset',
            constraint=models.CheckConstraint(condition=models.Q(('useful_life_months__gt', 0)), name='ledger_asset_life_positive'),
        ),
        migrations.AddIndex(
            model_name='journalentry',
            index=models.Index(fields=['cooperative', 'date'], name='ledger_entry_date_idx'),
        ),
        migrations.AddConstraint(
            model_name='journalentry',
            constraint=models.UniqueConstraint(fields=('cooperative', 'fiscal_year', 'number'), name='ledger_entry_number_unique'),
        ),
        migrations.AddConstraint(
            model_name='journalentry',
            constraint=models.UniqueConstraint(fields=('cooperative', 'source_type', 'source_id', 'purpose'), name='ledger_entry_source_unique'),
        ),
        migrations.AddConstraint(
            model_name='journalentry',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'draft'), models.Q(('number__isnull', False), ('posted_at__isnull', False)), _connector='OR'), name='ledger_entry_posted_numbered'),
        ),
        migrations.AddConstraint(
            model_name='journalentry',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'posted'])), name='ledger_entry_status_valid'),
        ),
        migrations.AddIndex(
            model_name='journalline',
            index=models.Index(condition=models.Q(('party_id__isnull', False)), fields=['cooperative', 'party_type', 'party_id'], name='ledger_line_party_idx'),
        ),
        migrations.AddIndex(
            model_name='journalline',
            index=models.Index(condition=models.Q(('business_unit__isnull', False)), fields=['business_unit'], name='ledger_line_unit_idx'),
        ),
        migrations.AddConstraint(
            model_name='journalline',
            constraint=models.CheckConstraint(condition=models.Q(('debit__gte', 0)), name='ledger_line_debit_nonnegative'),
        ),
        migrations.AddConstraint(
            model_name='journalline',
            constraint=models.CheckConstraint(condition=models.Q(('credit__gte', 0)), name='ledger_line_credit_nonnegative'),
        ),
        migrations.AddConstraint(
            model_name='journalline',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('credit', 0), ('debit__gt', 0)), models.Q(('credit__gt', 0), ('debit', 0)), _connector='OR'), name='ledger_line_one_side'),
        ),
        migrations.AddConstraint(
            model_name='journalline',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('party_id__isnull', True), ('party_type', '')), models.Q(models.Q(('party_type', ''), _negated=True), ('party_id__isnull', False)), _connector='OR'), name='ledger_line_party_pair'),
        ),
        migrations.AddConstraint(
            model_name='journalsequence',
            constraint=models.UniqueConstraint(fields=('cooperative', 'fiscal_year'), name='ledger_sequence_unique'),
        ),
    ]
