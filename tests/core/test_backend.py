"""The PostgreSQL backend: a transaction's BEGIN travels with its first statement, and transactions,
savepoints and rollbacks behave as with Django's own backend."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.backends.postgresql.psycopg_any import IsolationLevel
from django.test.utils import CaptureQueriesContext
from psycopg2.extensions import TRANSACTION_STATUS_IDLE, TRANSACTION_STATUS_INTRANS

from koperasi.core.db.backends.postgresql.base import DatabaseWrapper

pytestmark = pytest.mark.django_db(transaction=True)


def _status() -> int:
    return connection.connection.info.transaction_status


@pytest.fixture
def scratch_table():
    """A temporary table of this connection (no row-level security), dropped afterwards."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE backend_scratch (n int)")
    yield "backend_scratch"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE backend_scratch")


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


def test_a_transaction_opens_with_its_first_statement_in_one_round_trip():
    connection.ensure_connection()
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        assert _status() == TRANSACTION_STATUS_IDLE  # nothing sent on entering the block
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        assert _status() == TRANSACTION_STATUS_INTRANS
    assert _status() == TRANSACTION_STATUS_IDLE  # committed
    # Django logs the transaction's ends as "BEGIN" and "COMMIT"; the statement went with its BEGIN.
    assert [query["sql"] for query in captured.captured_queries] == ["BEGIN", "BEGIN; SELECT 1", "COMMIT"]


def test_every_block_opens_a_transaction_of_its_own(scratch_table):
    for value in (1, 2):
        with pytest.raises(RuntimeError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO backend_scratch VALUES (%s)", [value])
            assert _status() == TRANSACTION_STATUS_INTRANS
            raise RuntimeError("undo")
    assert _count(scratch_table) == 0


def test_a_block_without_statements_sends_nothing():
    connection.ensure_connection()
    with transaction.atomic(), transaction.atomic():
        pass
    assert _status() == TRANSACTION_STATUS_IDLE


def test_statements_outside_a_transaction_are_sent_alone_and_commit_at_once(scratch_table):
    with CaptureQueriesContext(connection) as captured, connection.cursor() as cursor:
        cursor.execute("INSERT INTO backend_scratch VALUES (1)")
    assert captured.captured_queries[0]["sql"] == "INSERT INTO backend_scratch VALUES (1)"
    assert _status() == TRANSACTION_STATUS_IDLE
    assert _count(scratch_table) == 1


def test_a_failing_block_rolls_back_everything_it_wrote(scratch_table):
    with pytest.raises(RuntimeError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO backend_scratch VALUES (1)")
        raise RuntimeError("undo")
    assert _count(scratch_table) == 0


def test_a_failing_statement_rolls_back_its_transaction_and_the_connection_stays_usable(scratch_table):
    with pytest.raises(Exception, match="division by zero"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO backend_scratch VALUES (1)")
        cursor.execute("SELECT 1 / 0")
    assert _status() == TRANSACTION_STATUS_IDLE
    assert _count(scratch_table) == 0


def test_a_savepoint_undoes_only_its_own_part(scratch_table):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO backend_scratch VALUES (1)")
        with pytest.raises(RuntimeError), transaction.atomic():
            cursor.execute("INSERT INTO backend_scratch VALUES (2)")
            raise RuntimeError("undo the savepoint")
        cursor.execute("INSERT INTO backend_scratch VALUES (3)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM backend_scratch ORDER BY n")
        assert cursor.fetchall() == [(1,), (3,)]


def test_executemany_opens_the_transaction_first(scratch_table):
    with pytest.raises(RuntimeError), transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany("INSERT INTO backend_scratch VALUES (%s)", [(1,), (2,)])
        assert _status() == TRANSACTION_STATUS_INTRANS
        raise RuntimeError("undo")
    assert _count(scratch_table) == 0


def test_a_server_side_cursor_opens_the_transaction_first(scratch_table):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO backend_scratch SELECT generate_series(1, 5)")
    with transaction.atomic():
        with connection.chunked_cursor() as cursor:
            cursor.execute("SELECT n FROM backend_scratch ORDER BY n")
            assert _status() == TRANSACTION_STATUS_INTRANS
            assert [row[0] for row in cursor.fetchmany(2)] == [1, 2]
            assert [row[0] for row in cursor.fetchall()] == [3, 4, 5]
    with connection.chunked_cursor() as cursor:  # outside a transaction too
        cursor.execute("SELECT count(*) FROM backend_scratch")
        assert cursor.fetchone() == (5,)


def test_the_configured_isolation_level_goes_with_begin():
    settings = {**connection.settings_dict, "OPTIONS": {"isolation_level": IsolationLevel.SERIALIZABLE}}
    serializable = DatabaseWrapper(settings, alias="serializable")
    try:
        serializable.set_autocommit(False)
        with serializable.cursor() as cursor:
            cursor.execute("SHOW transaction_isolation")
            assert cursor.fetchone() == ("serializable",)
        serializable.rollback()
        serializable.set_autocommit(True)
    finally:
        serializable.close()


def test_a_manual_transaction_goes_on_after_a_commit(scratch_table):
    transaction.set_autocommit(False)
    try:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO backend_scratch VALUES (1)")
        transaction.commit()
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO backend_scratch VALUES (2)")
            assert _status() == TRANSACTION_STATUS_INTRANS
        transaction.rollback()
    finally:
        transaction.set_autocommit(True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM backend_scratch")
        assert cursor.fetchall() == [(1,)]
