"""Backups: ``manage.py backup`` dumps every cooperative's rows (row-level security does not hide them
from the backup role) and ``restore_check`` restores the dump into a fresh database where
``verify_books`` passes and the rows per table and ledger totals equal the ones taken at backup time."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from koperasi.core.backup import compare_figures, figures_path
from koperasi.tenancy.context import cooperative_context
from tests.factories.members import funded_account
from tests.factories.tenancy import user_with_role
from tests.factories.waserda import make_sale, stocked_product


@pytest.fixture
def books(coop, other_coop):
    for cooperative, amount in ((coop, "750000.00"), (other_coop, "125000.50")):
        with cooperative_context(cooperative.pk):
            funded_account(amount)
            make_sale(product=stocked_product(quantity="12", unit_cost="4500"), quantity="5")
        user_with_role(cooperative, "manager")
    return coop, other_coop


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_books_that_agree_and_match(books, tmp_path):
    dump = tmp_path / "koperasi.dump"
    out = StringIO()
    call_command("backup", str(dump), stdout=out)
    assert "2 cooperative(s)" in out.getvalue()
    taken = json.loads(figures_path(dump).read_text())["cooperatives"]
    assert taken["koperasi-b"]["figures"]["rows"]["members.SavingsAccount"] == 1
    assert taken["koperasi-b"]["figures"]["rows"]["waserda.Sale"] == 1
    assert taken["koperasi-b"]["figures"]["rows"]["tenancy.RoleAssignment"] == 1
    assert dump.stat().st_size > 0

    out = StringIO()
    call_command("restore_check", str(dump), stdout=out)
    assert "restores: 2 cooperative(s), verify_books passes, rows and ledger totals match." in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_restore_that_differs_from_its_backup_is_refused(books, tmp_path):
    dump = tmp_path / "koperasi.dump"
    call_command("backup", str(dump), stdout=StringIO())
    figures = json.loads(figures_path(dump).read_text())
    figures["cooperatives"]["koperasi-a"]["figures"]["rows"]["waserda.Sale"] = 2  # as if a sale were lost
    figures_path(dump).write_text(json.dumps(figures))
    out = StringIO()
    with pytest.raises(CommandError, match="does not match: 0 discrepancy"):
        call_command("restore_check", str(dump), stdout=out)
    assert "koperasi-a: waserda.Sale rows 2 → 1" in out.getvalue()


def test_figures_compare_rows_per_table_ledger_totals_and_cooperatives():
    def books(sales, debit):
        return {"figures": {"rows": {"waserda.Sale": sales}, "ledger": {"debit": debit, "credit": debit}}}

    assert compare_figures({"a": books(3, "10.00")}, {"a": books(3, "10.00")}) == []
    assert compare_figures({"a": books(3, "10.00")}, {"a": books(3, "9.00")}) == [
        "a: ledger totals {'debit': '10.00', 'credit': '10.00'} → {'debit': '9.00', 'credit': '9.00'}"
    ]
    assert compare_figures({"a": books(1, "1.00"), "b": books(1, "1.00")}, {"a": books(1, "1.00")}) == [
        "b: missing from the restore"
    ]


@pytest.mark.django_db
def test_a_pg_dump_newer_than_the_server_is_refused_since_its_dump_would_not_restore(tmp_path, monkeypatch):
    # pg_dump 17+ writes SET transaction_timeout, which PostgreSQL 16 and older reject on restore.
    tool = tmp_path / "pg_dump"
    tool.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 99.0'\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PG_BIN_DIR", str(tmp_path))
    with pytest.raises(CommandError, match=r"pg_dump 99\.0 writes for PostgreSQL 99 or newer, but the server is"):
        call_command("backup", str(tmp_path / "koperasi.dump"), stdout=StringIO())
    assert not (tmp_path / "koperasi.dump").exists()
