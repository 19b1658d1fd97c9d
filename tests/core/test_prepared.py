"""Prepared statements: PREPAREd once per database connection, then only EXECUTEd."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from koperasi.core.db.prepared import PreparedStatement

pytestmark = pytest.mark.django_db


def _sent(captured) -> list[str]:
    """The statements sent, without the BEGIN that opens the test's transaction with the first."""
    return [query["sql"].removeprefix("BEGIN; ") for query in captured if "SAVEPOINT" not in query["sql"]]


def test_placeholders_become_numbered_parameters():
    statement = PreparedStatement("t_add", "SELECT %s::int + %s::int")
    assert statement.prepare_sql == "PREPARE t_add AS SELECT $1::int + $2::int"
    assert statement.execute_sql == "EXECUTE t_add(%s, %s)"
    with pytest.raises(ValueError, match="placeholders"):
        PreparedStatement("t_bad", "SELECT $1")


def test_the_first_use_on_a_connection_prepares_it_in_the_same_round_trip_then_only_executes():
    statement = PreparedStatement("t_first_use", "SELECT %s::int * 2")
    with CaptureQueriesContext(connection) as captured, connection.cursor() as cursor:
        statement.execute(cursor, [21])
        assert cursor.fetchone() == (42,)
        statement.execute(cursor, [5])
        assert cursor.fetchone() == (10,)
    first, second = _sent(captured.captured_queries)
    assert first.startswith("PREPARE t_first_use AS SELECT $1::int * 2; EXECUTE t_first_use(21)")
    assert second == "EXECUTE t_first_use(5)"


@pytest.mark.django_db(transaction=True)  # it reconnects
def test_a_rollback_keeps_the_statement_and_a_new_connection_prepares_it_again():
    statement = PreparedStatement("t_rollback", "SELECT %s::text || '!'")
    with pytest.raises(RuntimeError), transaction.atomic(), connection.cursor() as cursor:
        statement.execute(cursor, ["kept"])
        raise RuntimeError("roll back")
    with connection.cursor() as cursor:
        statement.execute(cursor, ["still"])  # no second PREPARE: it would fail ("already exists")
        assert cursor.fetchone() == ("still!",)
    connection.close()  # the next cursor opens a new database connection
    with CaptureQueriesContext(connection) as captured, connection.cursor() as cursor:
        statement.execute(cursor, ["again"])
        assert cursor.fetchone() == ("again!",)
    assert _sent(captured.captured_queries)[0].startswith("PREPARE t_rollback AS")
