"""Django's PostgreSQL backend (psycopg2), with ``BEGIN`` sent in front of a transaction's first
statement instead of on its own.

psycopg2 opens a transaction with a round trip of its own: ``BEGIN``, alone, before the first
statement. Here the driver stays in autocommit mode and the backend opens Django's transactions
itself: when Django turns autocommit off (``atomic()``), nothing is sent; the transaction's first
statement goes out as ``BEGIN; <statement>`` (one round trip); ``COMMIT`` and ``ROLLBACK`` are sent
only when a ``BEGIN`` was. Savepoints, errors and ``on_commit`` work as in Django's backend: what
Django sees of the connection (``get_autocommit()``, ``in_atomic_block``) does not change.

* Server-side cursors (``QuerySet.iterator()``) are declared ``WITH HOLD`` (psycopg2 requires it of
  a connection in autocommit mode); ``BEGIN`` is sent alone before one that opens a transaction,
  and before ``executemany`` and ``callproc``.
* The isolation level of ``OPTIONS["isolation_level"]`` goes with the ``BEGIN``.
"""

from __future__ import annotations

import psycopg2.extensions
from django.db.backends.postgresql import base
from django.db.backends.utils import debug_transaction

_ISOLATION = {
    psycopg2.extensions.ISOLATION_LEVEL_READ_UNCOMMITTED: "READ UNCOMMITTED",
    psycopg2.extensions.ISOLATION_LEVEL_READ_COMMITTED: "READ COMMITTED",
    psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ: "REPEATABLE READ",
    psycopg2.extensions.ISOLATION_LEVEL_SERIALIZABLE: "SERIALIZABLE",
}


class LazyBeginConnection(psycopg2.extensions.connection):
    """The driver's connection (always in autocommit mode) and the transaction Django asked for."""

    begin_sql = "BEGIN"
    wants_transaction = False  # Django's autocommit is off
    in_transaction = False  # ``BEGIN`` was sent

    def pending_begin(self) -> str | None:
        """``BEGIN`` if this statement opens the transaction Django asked for (then it is open)."""
        if not self.wants_transaction or self.in_transaction:
            return None
        self.in_transaction = True  # also if the statement fails: the BEGIN before it ran
        return self.begin_sql

    def end_transaction(self, command: str) -> None:
        """``COMMIT`` or ``ROLLBACK`` the open transaction, if one was opened (a failing COMMIT ends
        it too). Django's autocommit stays as it is: a manual transaction goes on after a commit."""
        if self.in_transaction:
            self.in_transaction = False
            self.send(command)

    def send(self, sql: str) -> None:
        """Send ``sql`` as it is (a plain cursor: no BEGIN in front)."""
        with self.cursor(cursor_factory=psycopg2.extensions.cursor) as cursor:
            cursor.execute(sql)


class LazyBeginCursor(psycopg2.extensions.cursor):
    """Every cursor of the connection (Django's and raw ones): the first statement of a transaction
    takes the pending ``BEGIN`` with it, or sends it first when it cannot."""

    def execute(self, query, vars=None):
        begin = self.connection.pending_begin()
        if begin is not None:
            if self.name is None and isinstance(query, str):
                query = f"{begin}; {query}"
            elif self.name is None and isinstance(query, bytes):
                query = begin.encode() + b"; " + query
            else:
                self.connection.send(begin)
        return super().execute(query, vars)

    def executemany(self, query, vars_list):
        self._begin_alone()
        return super().executemany(query, vars_list)

    def callproc(self, procname, parameters=None):
        self._begin_alone()
        return super().callproc(procname, parameters)

    def _begin_alone(self) -> None:
        begin = self.connection.pending_begin()
        if begin is not None:
            self.connection.send(begin)


class DatabaseWrapper(base.DatabaseWrapper):
    """Django's, with the driver in autocommit mode and Django's transactions opened as above."""

    def get_connection_params(self):
        params = super().get_connection_params()
        params["connection_factory"] = LazyBeginConnection
        params["cursor_factory"] = LazyBeginCursor
        return params

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        level = _ISOLATION.get(int(self.isolation_level))
        if level and level != "READ COMMITTED":
            connection.begin_sql = f"BEGIN ISOLATION LEVEL {level}"
        connection.autocommit = True
        return connection

    def _set_autocommit(self, autocommit):
        self.connection.wants_transaction = not autocommit

    def _commit(self):
        if self.connection is not None:
            with debug_transaction(self, "COMMIT"), self.wrap_database_errors:
                self.connection.end_transaction("COMMIT")

    def _rollback(self):
        if self.connection is not None:
            with debug_transaction(self, "ROLLBACK"), self.wrap_database_errors:
                self.connection.end_transaction("ROLLBACK")
