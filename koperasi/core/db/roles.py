"""The application database role: owns nothing, so PostgreSQL row-level security applies to it.

Migrations run as the owner role; after every ``migrate`` the app role gets exactly the data
privileges it needs (no DDL, no TRUNCATE, no ownership). Set ``DATABASE_APP_ROLE`` to its name.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connections

APP_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
# What the app role may not do to tables written only through a SECURITY DEFINER function: journal
# entries, their lines and their gap-free numbers come from ``ledger_post_entry`` alone
# (``koperasi/ledger/sql/``), which checks what triggers would otherwise check for every writer. (Entries and lines
# are never updated or deleted: their triggers refuse it. A deleted numbering row would make the next
# posting collide with the numbers already used, loudly, never leave a gap.)
WRITTEN_BY_FUNCTIONS_ONLY = {
    "ledger_journalentry": "INSERT",
    "ledger_journalline": "INSERT",
    "ledger_journalsequence": "INSERT, UPDATE",
}


def grant_app_role(using: str = "default", *, extra_table_privileges: str = "") -> bool:
    """Grant the app role its privileges on every table and sequence; False when nothing to do."""
    role = getattr(settings, "DATABASE_APP_ROLE", "")
    connection = connections[using]
    if not role:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        if cursor.fetchone()[0] == role:
            return False  # connected as the app role itself: nothing it could grant
        quoted = connection.ops.quote_name(role)
        privileges = APP_PRIVILEGES + (f", {extra_table_privileges}" if extra_table_privileges else "")
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {quoted}")
        cursor.execute(f"GRANT {privileges} ON ALL TABLES IN SCHEMA public TO {quoted}")
        cursor.execute(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {quoted}")
        cursor.execute(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {quoted}")
        for table, refused in WRITTEN_BY_FUNCTIONS_ONLY.items():
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
            if cursor.fetchone()[0]:
                cursor.execute(f"REVOKE {refused} ON {connection.ops.quote_name(table)} FROM {quoted}")
    return True
