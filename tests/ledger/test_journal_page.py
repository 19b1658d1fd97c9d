"""The journal page (issue 17 items 11 and 13): filters, and sources named in words with a link."""

import datetime

import pytest

from koperasi.ledger.selectors import account_for
from koperasi.tenancy.context import cooperative_context
from members.savings.models import SavingsTransaction
from tests.factories.ledger import post_simple
from tests.factories.members import disbursed_loan, funded_account

pytestmark = [pytest.mark.django_db, pytest.mark.indonesian]


@pytest.fixture
def journal(coop):
    """A savings deposit (5 Jan), a loan disbursement (15 Jan) and a manual-looking test event (2 Feb)."""
    with cooperative_context(coop.pk):
        account = funded_account("750000.00", day=datetime.date(2026, 1, 5))
        loan = disbursed_loan("1200000.00", on=datetime.date(2026, 1, 15))
        post_simple(
            "234567.00", debit="utilities", credit="cash", date=datetime.date(2026, 2, 2), memo="Rekening listrik"
        )
        deposit = SavingsTransaction.objects.select_related("journal_entry").get(account=account)
        depositor, borrower = account.member, loan.member
    return {"deposit": deposit, "depositor": depositor, "loan": loan, "borrower": borrower}


def journal_page(client, coop, **query):
    return client.get(f"/k/{coop.slug}/ledger/", query).content.decode()


def test_item_11_a_source_reads_as_words_and_links_to_its_document(client, coop, staff, journal):
    client.force_login(staff)
    html = journal_page(client, coop)
    receipt = f"/k/{coop.slug}/members/savings/receipts/{journal['deposit'].pk}/"
    assert f'Setoran simpanan <a href="{receipt}">{journal["deposit"].receipt_number}</a>' in html
    loan = journal["loan"]
    assert f'Pencairan pinjaman <a href="/k/{coop.slug}/members/loans/{loan.pk}/">{loan.number}</a>' in html
    table = html[html.index("<tbody>") :]
    assert "members.SavingsTransaction" not in table and "savings.deposit" not in table


def test_item_11_memos_name_the_member(client, coop, staff, journal):
    client.force_login(staff)
    html = journal_page(client, coop)
    assert f"Setoran Simpanan sukarela, {journal['depositor'].name}" in html
    assert f"kepada {journal['borrower'].name}" in html


def test_item_11_an_entry_names_its_parties_not_their_codes(client, coop, staff, journal):
    client.force_login(staff)
    entry = journal["deposit"].journal_entry
    html = client.get(f"/k/{coop.slug}/ledger/entries/{entry.pk}/").content.decode()
    assert str(journal["depositor"]) in html
    assert "members.Member" not in html


def test_item_13_the_journal_filters_by_date_range(client, coop, staff, journal):
    client.force_login(staff)
    html = journal_page(client, coop, date_from="2026-02-01", date_to="2026-02-28")
    assert "Rekening listrik" in html and "Pencairan pinjaman" not in html


def test_item_13_the_journal_filters_by_kind_of_source(client, coop, staff, journal):
    client.force_login(staff)
    html = journal_page(client, coop, source="members.Loan")
    assert "Pencairan pinjaman" in html and "Setoran simpanan" not in html and "Rekening listrik" not in html


def test_item_13_the_journal_filters_by_account(client, coop, staff, journal):
    client.force_login(staff)
    with cooperative_context(coop.pk):
        utilities = account_for("utilities")
    html = journal_page(client, coop, account=utilities.pk)
    assert "Rekening listrik" in html and "Setoran simpanan" not in html


def test_item_13_the_journal_finds_a_text_or_an_entry_number(client, coop, staff, journal):
    client.force_login(staff)
    assert "Rekening listrik" in journal_page(client, coop, text="listrik")
    html = journal_page(client, coop, text="2026/1")
    assert "JU-2026/00001" in html and "JU-2026/00002" not in html


def test_item_13_a_bad_filter_says_so_and_shows_the_whole_journal(client, coop, staff, journal):
    client.force_login(staff)
    html = journal_page(client, coop, date_from="kemarin")
    assert "Masukkan tanggal yang valid" in html and "Rekening listrik" in html
