"""PostgreSQL itself refuses unbalanced, altered or back-dated postings — raw SQL included."""

import datetime
import threading
from decimal import Decimal

import psycopg2
import pytest
from django.db import connection, connections, transaction

from koperasi.ledger.models import AccountBalance, JournalEntry
from koperasi.ledger.selectors import account_for
from koperasi.ledger.services import close_period
from koperasi.tenancy.context import cooperative_context
from tests.factories.ledger import post_simple
from tests.ledger.conftest import raw_connection

D = Decimal


def _ids(coop):
    with cooperative_context(coop.pk):
        return account_for("cash").pk, account_for("bank").pk


def _insert_entry(cursor, coop_id, status="posted", date="2026-01-15"):
    cursor.execute(
        "INSERT INTO ledger_journalentry (cooperative_id, fiscal_year, number, date, memo, source_type, source_id,"
        " purpose, status, is_closing, created_at, posted_at)"
        " VALUES (%s, 2026, (random() * 1e9)::int, %s, '', 'raw', md5(random()::text), 'raw', %s, false, now(),"
        " now()) RETURNING id",
        [coop_id, date, status],
    )
    return cursor.fetchone()[0]


def _insert_lines(cursor, coop_id, entry_id, *lines):
    """One INSERT statement of ``(account_id, debit, credit)`` lines."""
    values = ", ".join(["(%s, %s, %s, %s, %s, '', '')"] * len(lines))
    params = [value for account, debit, credit in lines for value in (coop_id, entry_id, account, debit, credit)]
    cursor.execute(
        "INSERT INTO ledger_journalline (cooperative_id, entry_id, account_id, debit, credit, memo, party_type)"
        f" VALUES {values}",
        params,
    )


@pytest.mark.django_db(transaction=True)
def test_the_app_role_writes_journal_rows_only_through_the_posting_function(coop):
    cash, _bank = _ids(coop)
    with cooperative_context(coop.pk):
        entry = post_simple("100.00")
    with raw_connection(coop.pk) as conn:
        cursor = conn.cursor()
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            _insert_entry(cursor, coop.pk)
        conn.rollback()
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            _insert_lines(cursor, coop.pk, entry.pk, (cash, 5, 0), (cash, 0, 5))
        conn.rollback()
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):  # the numbers stay gap-free
            cursor.execute("UPDATE ledger_journalsequence SET last_number = last_number + 1")
        conn.rollback()


@pytest.mark.django_db(transaction=True)
def test_the_posting_function_refuses_an_entry_of_fewer_than_two_lines(coop):
    with raw_connection(coop.pk) as conn:
        cursor = conn.cursor()
        with pytest.raises(psycopg2.errors.CheckViolation, match="at least two lines"):
            cursor.execute(
                "SELECT * FROM ledger_post_entry('2026-01-15', '', 'raw', 'one-line', 'raw', NULL, false, NULL, now(),"
                " '{NULL}', '{cash}', '{NULL}', '{NULL}', '{100}', '{0}', '{\"\"}', '{\"\"}', '{NULL}')"
            )
        conn.rollback()


@pytest.mark.django_db(transaction=True)
def test_an_unbalanced_entry_inserted_by_raw_sql_is_refused(coop):
    cash, bank = _ids(coop)
    with raw_connection(coop.pk, owner=True) as conn:
        cursor = conn.cursor()
        entry = _insert_entry(cursor, coop.pk)
        with pytest.raises(psycopg2.errors.CheckViolation, match="unbalanced"):
            _insert_lines(cursor, coop.pk, entry, (cash, 100, 0), (bank, 0, 90))
        conn.rollback()
        cursor.execute("SELECT count(*) FROM ledger_journalentry")
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_lines_come_two_or_more_and_a_balanced_entry_commits_into_the_balances(coop):
    cash, bank = _ids(coop)
    with raw_connection(coop.pk, owner=True) as conn:
        cursor = conn.cursor()
        entry = _insert_entry(cursor, coop.pk)
        with pytest.raises(psycopg2.errors.CheckViolation, match="at least two"):
            _insert_lines(cursor, coop.pk, entry, (cash, 100, 0))
        conn.rollback()
        entry = _insert_entry(cursor, coop.pk)
        _insert_lines(cursor, coop.pk, entry, (cash, 100, 0), (bank, 0, 100))
        conn.commit()
        cursor.execute("SELECT sum(debit), sum(credit) FROM ledger_accountbalance")
        assert cursor.fetchone() == (D("100.00"), D("100.00"))


@pytest.mark.django_db(transaction=True)
def test_lines_of_several_entries_in_one_statement_add_up_per_account_and_month(coop):
    cash, bank = _ids(coop)
    with raw_connection(coop.pk, owner=True) as conn:
        cursor = conn.cursor()
        first = _insert_entry(cursor, coop.pk, date="2026-01-05")
        second = _insert_entry(cursor, coop.pk, date="2026-01-20")
        third = _insert_entry(cursor, coop.pk, date="2026-02-01")
        values, params = [], []
        for entry, amount in ((first, 100), (second, 50), (third, 7)):
            values += ["(%s, %s, %s, %s, 0, '', '')", "(%s, %s, %s, 0, %s, '', '')"]
            params += [coop.pk, entry, cash, amount, coop.pk, entry, bank, amount]
        cursor.execute(
            "INSERT INTO ledger_journalline (cooperative_id, entry_id, account_id, debit, credit, memo, party_type)"
            f" VALUES {', '.join(values)}",
            params,
        )
        conn.commit()
        cursor.execute(
            "SELECT period, debit, credit FROM ledger_accountbalance WHERE account_id = %s ORDER BY period", [cash]
        )
        assert cursor.fetchall() == [(202601, D("150.00"), D("0.00")), (202602, D("7.00"), D("0.00"))]


@pytest.mark.django_db(transaction=True)
def test_an_entry_gets_all_its_lines_at_once(coop):
    cash, bank = _ids(coop)
    with raw_connection(coop.pk, owner=True) as conn:
        cursor = conn.cursor()
        entry = _insert_entry(cursor, coop.pk)
        _insert_lines(cursor, coop.pk, entry, (cash, 100, 0), (bank, 0, 100))
        with pytest.raises(psycopg2.errors.IntegrityConstraintViolation, match="no lines can be added"):
            _insert_lines(cursor, coop.pk, entry, (cash, 5, 0), (bank, 0, 5))  # balanced, but too late
        conn.rollback()


@pytest.mark.django_db(transaction=True)
def test_a_line_violating_the_check_constraints_is_refused(coop):
    cash, bank = _ids(coop)
    with raw_connection(coop.pk, owner=True) as conn:
        cursor = conn.cursor()
        entry = _insert_entry(cursor, coop.pk)
        for debit, credit in ((100, 100), (0, 0), (-5, 0), (0, -5)):
            cursor.execute("SAVEPOINT s")
            with pytest.raises(psycopg2.errors.CheckViolation):
                _insert_lines(cursor, coop.pk, entry, (cash, debit, credit), (bank, credit, debit))
            cursor.execute("ROLLBACK TO SAVEPOINT s")
        conn.rollback()


@pytest.mark.django_db(transaction=True)
def test_updating_or_deleting_a_posted_line_by_raw_sql_fails(coop):
    with cooperative_context(coop.pk):
        entry = post_simple("100000.00")
    with raw_connection(coop.pk) as conn:
        cursor = conn.cursor()
        for statement in (
            "UPDATE ledger_journalline SET debit = 1 WHERE entry_id = %s AND debit > 0",
            "DELETE FROM ledger_journalline WHERE entry_id = %s",
            "UPDATE ledger_journalentry SET memo = 'rewritten' WHERE id = %s",
            "UPDATE ledger_journalentry SET status = 'draft' WHERE id = %s",
            "DELETE FROM ledger_journalentry WHERE id = %s",
        ):
            with pytest.raises(psycopg2.errors.IntegrityConstraintViolation, match="posted journal entry"):
                cursor.execute(statement, [entry.pk])
            conn.rollback()
        cursor.execute("SELECT sum(debit) FROM ledger_journalline WHERE entry_id = %s", [entry.pk])
        assert cursor.fetchone()[0] == D("100000.00")


@pytest.mark.django_db(transaction=True)
def test_account_balances_are_written_by_posting_only(coop):
    with cooperative_context(coop.pk):
        post_simple()
    for statement in (
        "UPDATE ledger_accountbalance SET debit = 0",
        "DELETE FROM ledger_accountbalance",
        "INSERT INTO ledger_accountbalance (cooperative_id, account_id, period, closing, debit, credit)"
        " SELECT cooperative_id, account_id, 209901, false, 1, 0 FROM ledger_accountbalance LIMIT 1",
    ):
        with raw_connection(coop.pk) as conn:
            cursor = conn.cursor()
            with pytest.raises(psycopg2.errors.IntegrityConstraintViolation, match="posting only"):
                cursor.execute(statement)


@pytest.mark.django_db(transaction=True)
def test_posting_into_a_closed_period_fails_in_the_database(coop):
    cash, bank = _ids(coop)
    with cooperative_context(coop.pk):
        close_period(actor=None, year=2026, month=1)
    post = (
        "SELECT outcome FROM ledger_post_entry(%s, '', 'raw', %s, 'raw', NULL, false, NULL, now(), %s::bigint[],"
        " '{NULL,NULL}', '{NULL,NULL}', '{NULL,NULL}', '{100,0}', '{0,100}', '{\"\",\"\"}', '{\"\",\"\"}',"
        " '{NULL,NULL}')"
    )
    with raw_connection(coop.pk) as conn:
        cursor = conn.cursor()
        cursor.execute(post, ["2026-01-31", "in-january", [cash, bank]])
        assert cursor.fetchone() == ("closed",)
        cursor.execute(post, ["2026-02-01", "in-february", [cash, bank]])  # February is open
        assert cursor.fetchone() == ("posted",)
        conn.rollback()


@pytest.mark.django_db(transaction=True)
def test_a_line_cannot_point_at_another_cooperatives_account(coop, other_coop):
    foreign_cash, _ = _ids(other_coop)
    _cash, bank = _ids(coop)
    with raw_connection(coop.pk, owner=True) as conn:
        cursor = conn.cursor()
        entry = _insert_entry(cursor, coop.pk)
        with pytest.raises(psycopg2.errors.ForeignKeyViolation):
            _insert_lines(cursor, coop.pk, entry, (foreign_cash, 100, 0), (bank, 0, 100))
        conn.rollback()


@pytest.mark.django_db(transaction=True)
def test_numbering_has_no_gaps_under_eight_concurrent_posters(coop):
    per_thread, errors = 10, []
    barrier = threading.Barrier(8)

    def poster(index):
        try:
            barrier.wait()
            for i in range(per_thread):
                with cooperative_context(coop.pk):
                    post_simple(str(1000 + i), source=("tests.concurrent", f"{index}-{i}"))
                    if i % 3 == 0:  # a failing poster in the mix must not burn a number
                        try:
                            with transaction.atomic():
                                post_simple("5", source=("tests.concurrent", f"{index}-{i}-x"))
                                raise RuntimeError("rolled back")
                        except RuntimeError:
                            pass
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=poster, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    with cooperative_context(coop.pk):
        numbers = sorted(JournalEntry.objects.values_list("number", flat=True))
        assert numbers == list(range(1, 8 * per_thread + 1))
        cash = AccountBalance.objects.get(account=account_for("cash"))
        assert cash.debit == sum(D(1000 + i) for i in range(per_thread)) * 8


@pytest.mark.django_db(transaction=True)
def test_the_same_event_posted_concurrently_is_recorded_once(coop):
    barrier, results, errors = threading.Barrier(4), [], []

    def poster():
        try:
            barrier.wait()
            with cooperative_context(coop.pk):
                results.append(post_simple(source=("tests.same", 1), purpose="once").pk)
        except Exception as exc:  # pragma: no cover
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=poster) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(set(results)) == 1
    with cooperative_context(coop.pk):
        assert JournalEntry.objects.count() == 1
        assert JournalEntry.objects.get().number == 1


def test_row_level_security_hides_other_cooperatives_entries(coop, other_coop):
    with cooperative_context(other_coop.pk):
        post_simple(date=datetime.date(2026, 1, 2))
    with cooperative_context(coop.pk), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM ledger_journalentry")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT count(*) FROM ledger_journalline")
        assert cursor.fetchone()[0] == 0


def test_the_foreign_keys_of_the_posting_and_sale_tables_are_checked_at_once(db):
    from importlib import import_module

    tables = import_module("koperasi.ledger.migrations.0002_database_guards").POSTING_TABLES
    tables += import_module("waserda.migrations.0002_sale_functions").SALE_TABLES
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, count(*), count(*) FILTER (WHERE condeferrable) FROM pg_constraint"
            " WHERE contype = 'f' AND conrelid::regclass::text = ANY (%s) GROUP BY 1",
            [list(tables)],
        )
        found = {table: (total, deferrable) for table, total, deferrable in cursor.fetchall()}
    assert set(found) == set(tables)
    assert {table: deferrable for table, (_total, deferrable) in found.items()} == dict.fromkeys(tables, 0)
