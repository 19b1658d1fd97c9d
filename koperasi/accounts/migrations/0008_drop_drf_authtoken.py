"""DRF's token app (``rest_framework.authtoken``) is gone since our own ``ApiToken`` (0007): databases made
before still hold its table with keys kept readable, which no code reads any more. Dropped here so a stolen
dump carries no such keys; nothing to restore going back (the tokens stopped working with 0007)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_api_token")]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL("DELETE FROM django_migrations WHERE app = 'authtoken'", reverse_sql=migrations.RunSQL.noop),
    ]
