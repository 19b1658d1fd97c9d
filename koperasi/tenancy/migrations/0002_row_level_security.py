from django.db import migrations

from koperasi.core.db.migrations import run_sql
from koperasi.tenancy.rls import FUNCTIONS_DROP_SQL, FUNCTIONS_SQL, enable_rls


class Migration(migrations.Migration):
    dependencies = [("tenancy", "0001_initial")]
    operations = [
        run_sql(FUNCTIONS_SQL, FUNCTIONS_DROP_SQL),
        # A user reads their own role rows in any cooperative: the switcher lists them.
        enable_rls("tenancy_roleassignment", extra_read="user_id = app_user_id()"),
    ]
