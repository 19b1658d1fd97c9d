"""Migration helpers for SQL that only PostgreSQL runs (triggers, policies, functions).

``postgres_only(forward, backward)`` is a ``RunPython`` that executes the SQL on PostgreSQL and
does nothing on SQLite, where the Python-side guards are the only ones (documented per feature).
"""

from __future__ import annotations

from django.db import migrations


def postgres_only(forward_sql: str, backward_sql: str = "") -> migrations.RunPython:
    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(forward_sql, params=None)

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql" and backward_sql:
            schema_editor.execute(backward_sql, params=None)

    return migrations.RunPython(forward, backward, elidable=False)
