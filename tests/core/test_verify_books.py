"""``manage.py verify_books``: the books agree after real business, and each kind of disagreement —
a savings balance, a product's stock, an account's monthly balance — is found and named."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from koperasi.tenancy.context import cooperative_context
from tests.factories.members import funded_account
from tests.factories.waserda import make_sale, stocked_product
from tests.ledger.conftest import raw_connection

pytestmark = pytest.mark.django_db
OTHER = "koperasi-b"


def verify(*args) -> str:
    out = StringIO()
    call_command("verify_books", *args, stdout=out)
    return out.getvalue()


def refused(*args) -> str:
    out = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("verify_books", *args, stdout=out)
    assert failure.value.returncode == 1
    return out.getvalue() + str(failure.value)


@pytest.fixture
def trading(coop, other_coop):
    """Both cooperatives with deposits, a withdrawal-free savings book, received stock and a sale."""
    books = {}
    for cooperative in (coop, other_coop):
        with cooperative_context(cooperative.pk):
            account = funded_account("750000.00")
            product = stocked_product(quantity="20", unit_cost="8000")
            make_sale(product=product, quantity="3")
            books[cooperative.slug] = {"account": account, "product": product}
    return books


def test_books_written_by_the_services_agree(trading):
    output = verify()
    for name in ("ledger.entries_balance", "ledger.account_balances", "savings.balances", "waserda.stock"):
        assert f"ok  {name}" in output
    assert "The books agree (2 cooperative(s))." in output


def test_a_savings_balance_that_is_not_its_transactions_is_named(trading):
    account = trading["koperasi-a"]["account"]
    with cooperative_context(account.cooperative_id), connection.cursor() as cursor:
        cursor.execute("UPDATE members_savingsaccount SET balance = balance + 1 WHERE id = %s", [account.pk])
    output = refused()
    assert f"savings account {account.pk}: expected balance 750001.00" in output
    assert "sum of transactions 750000.00, balance after the last 750000.00" in output
    assert "1 discrepancy(ies) found." in output


def test_stock_that_is_not_its_stock_card_is_named_and_so_is_the_ledger_it_no_longer_matches(trading):
    product = trading[OTHER]["product"]
    with cooperative_context(product.cooperative_id), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE waserda_product SET qty_on_hand = qty_on_hand - 1, stock_value = stock_value - 8000 WHERE id = %s",
            [product.pk],
        )
    output = refused()
    assert f"waserda.stock: product {product.pk}: expected quantity 16.000, value 128000.00" in output
    assert "stock card: sums 17.000 / 136000.00, last running 17.000 / 136000.00" in output
    assert "waserda.inventory_ledger: Persediaan barang dagangan: expected stock value 128000.00" in output


def test_only_the_cooperatives_and_checks_asked_for(trading):
    account = trading["koperasi-a"]["account"]
    with cooperative_context(account.cooperative_id), connection.cursor() as cursor:
        cursor.execute("UPDATE members_savingsaccount SET balance = 0 WHERE id = %s", [account.pk])
    assert "The books agree (1 cooperative(s))." in verify("--cooperative", OTHER)
    assert "ok  waserda.stock" in verify("--cooperative", "koperasi-a", "--check", "waserda.stock")
    with pytest.raises(CommandError, match="Unknown check"):
        verify("--check", "nonsense")
    with pytest.raises(CommandError, match="No cooperative with slug"):
        verify("--cooperative", "nowhere")


def test_json_gives_findings_and_the_figures_to_compare_two_copies_of_the_books(trading):
    report = json.loads(verify("--json"))
    books = report["koperasi-a"]
    assert all(found == [] for found in books["findings"].values())
    rows = books["figures"]["rows"]
    assert rows["members.SavingsAccount"] == 1
    assert rows["waserda.Sale"] == 1
    assert rows["tenancy.RoleAssignment"] == 0
    debit, credit = (Decimal(books["figures"]["ledger"][side]) for side in ("debit", "credit"))
    assert debit == credit > Decimal("750000.00")


@pytest.mark.django_db(transaction=True)
def test_a_monthly_account_balance_that_is_not_its_journal_lines_is_named(coop):
    with cooperative_context(coop.pk):
        funded_account("100000.00")
    # Only the owner can get past the posting guard, by switching the table's triggers off.
    with raw_connection(coop.pk, owner=True) as conn, conn.cursor() as cursor:
        cursor.execute("ALTER TABLE ledger_accountbalance DISABLE TRIGGER USER")
        cursor.execute(
            "UPDATE ledger_accountbalance SET debit = debit + 5 WHERE debit > 0 AND cooperative_id = %s", [coop.pk]
        )
        cursor.execute("ALTER TABLE ledger_accountbalance ENABLE TRIGGER USER")
        conn.commit()
    output = refused("--check", "ledger.account_balances")
    assert "ledger.account_balances: account" in output
    assert "expected debit 100000.00, credit 0.00, found debit 100005.00, credit 0.00" in output
