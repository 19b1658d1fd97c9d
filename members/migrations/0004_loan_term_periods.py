"""A loan's term is a number of instalments, now that instalments need not be monthly."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0003_shu")]

    operations = [
        migrations.RenameField("loan", "term_months", "term_periods"),
        migrations.RenameField("loan", "grace_months", "grace_periods"),
        migrations.RenameField("loanproduct", "min_term_months", "min_term_periods"),
        migrations.RenameField("loanproduct", "max_term_months", "max_term_periods"),
        migrations.RenameField("loanproduct", "grace_months", "grace_periods"),
    ]
