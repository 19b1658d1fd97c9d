"""Server-side prepared statements for the few statements a till waits on (PostgreSQL).

psycopg2 sends every statement as text, so PostgreSQL parses, analyses and plans it each time; for
the POS sale's two statements that took longer than running their functions' own plans. A
:class:`PreparedStatement` is ``PREPARE``d once per database connection, sent in the same round
trip as its first ``EXECUTE``; after that only ``EXECUTE name(values)`` travels, and PostgreSQL
keeps the plan. Prepared statements belong to the session, not the transaction: a rollback keeps
them, a new connection (or ``DISCARD ALL`` by a transaction-pooling proxy, which this app does not
support) starts without them.
"""

from __future__ import annotations

import re

_PREPARED = "prepared_statements"  # attribute of the Django connection: (raw connection, names)


class PreparedStatement:
    """``sql`` with ``%s`` placeholders, run through :meth:`execute` as a prepared statement.

    Every placeholder must have a type PostgreSQL can infer from its use (a cast such as
    ``%s::bigint[]``, or a function argument)."""

    def __init__(self, name: str, sql: str) -> None:
        if "%%" in sql or "$" in sql:
            raise ValueError("a prepared statement's text has only %s placeholders")
        self.name = name
        count = sql.count("%s")
        numbers = iter(range(1, count + 1))
        self.prepare_sql = f"PREPARE {name} AS " + re.sub("%s", lambda _match: f"${next(numbers)}", sql)
        self.execute_sql = f"EXECUTE {name}(" + ", ".join(["%s"] * count) + ")"

    def execute(self, cursor, params) -> None:
        """Run it on ``cursor`` (a Django cursor) with ``params``; PREPARE it first on a connection
        that has not seen it."""
        names = _names_prepared_on(cursor.db)
        if self.name in names:
            cursor.execute(self.execute_sql, params)
            return
        # Noted before sending: PREPARE lasts even if the EXECUTE sent with it fails.
        names.add(self.name)
        cursor.execute(f"{self.prepare_sql}; {self.execute_sql}", params)


def _names_prepared_on(connection) -> set[str]:
    raw, names = getattr(connection, _PREPARED, (None, set()))
    if raw is not connection.connection:  # a new database connection has none
        names = set()
        setattr(connection, _PREPARED, (connection.connection, names))
    return names
