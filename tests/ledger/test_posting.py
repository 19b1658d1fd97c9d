"""post_entry: the one way money enters the books — balanced, numbered without gaps, idempotent."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from koperasi.ledger.error_codes import LedgerError, LedgerErrorCode
from koperasi.ledger.models import Account, AccountBalance, EntryStatus, JournalEntry, JournalLine
from koperasi.ledger.selectors import account_for
from koperasi.ledger.services import Line, post_entry, reverse_entry
from tests.factories.ledger import post_simple

pytestmark = pytest.mark.django_db
D = Decimal
JAN = datetime.date(2026, 1, 15)


def test_a_new_cooperative_has_the_koperasi_chart_of_accounts(in_coop):
    names = dict(Account.objects.values_list("system_key", "name"))
    assert names["cash"] == "Kas"
    assert names["current_shu"] == "SHU tahun berjalan"
    assert account_for("voluntary_savings").type == "liability"
    assert account_for("mandatory_savings").type == "equity"
    assert account_for("fund_education").type == "liability"
    assert account_for("depreciation").type == "expense"
    assert Account.objects.count() >= 38


def test_seeding_twice_changes_nothing(in_coop):
    from koperasi.ledger.services import seed_chart_of_accounts

    before = Account.objects.count()
    seed_chart_of_accounts(in_coop)
    assert Account.objects.count() == before


def test_posting_a_loan_disbursement_with_admin_fee(in_coop):
    entry = post_entry(
        date=JAN,
        source=("members.Loan", 7),
        purpose="loan.disbursement",
        memo="Pencairan pinjaman",
        lines=[
            Line("loan_receivable", debit=D("5000000.00"), party=("members.Member", 3)),
            Line("cash", credit=D("4950000.00")),
            Line("admin_fee_income", credit=D("50000.00")),
        ],
    )
    assert entry.status == EntryStatus.POSTED
    assert (entry.fiscal_year, entry.number) == (2026, 1)
    assert entry.display_number == "JU-2026/00001"
    loan_line = entry.lines.get(account__system_key="loan_receivable")
    assert (loan_line.party_type, loan_line.party_id) == ("members.Member", 3)
    cash = AccountBalance.objects.get(account=account_for("cash"), period=202601)
    assert (cash.debit, cash.credit) == (D("0"), D("4950000.00"))


def test_posting_the_same_business_event_twice_returns_the_first_entry(in_coop):
    first = post_simple(source=("waserda.Sale", 1), purpose="pos.sale")
    again = post_simple(source=("waserda.Sale", 1), purpose="pos.sale")
    assert again.pk == first.pk
    assert JournalEntry.objects.count() == 1
    assert AccountBalance.objects.get(account=account_for("cash")).debit == D("100000.00")
    other_purpose = post_simple(source=("waserda.Sale", 1), purpose="pos.cogs")
    assert other_purpose.pk != first.pk


def test_numbers_run_per_fiscal_year_without_gaps(in_coop):
    numbers = [post_simple(date=datetime.date(2024, m, 1)).number for m in (1, 2, 3)]
    assert numbers == [1, 2, 3]
    with pytest.raises(LedgerError):
        post_entry(
            date=JAN, source=("x", 1), purpose="bad", lines=[Line("cash", debit=D("1")), Line("bank", credit=D("2"))]
        )
    assert post_simple(date=datetime.date(2025, 1, 1)).number == 1
    assert post_simple(date=datetime.date(2024, 1, 15)).number == 4


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        ([Line("cash", debit=D("10"))], LedgerErrorCode.TOO_FEW_LINES),
        ([Line("cash", debit=D("10")), Line("bank", credit=D("9"))], LedgerErrorCode.UNBALANCED),
        ([Line("cash", debit=D("10"), credit=D("10")), Line("bank", credit=D("0"))], LedgerErrorCode.INVALID_LINE),
        ([Line("cash", debit=D("-10")), Line("bank", credit=D("-10"))], LedgerErrorCode.INVALID_LINE),
        ([Line("cash", debit=D("10.001")), Line("bank", credit=D("10.001"))], LedgerErrorCode.INVALID_LINE),
        ([Line("cash", debit=D("10")), Line("no_such_key", credit=D("10"))], LedgerErrorCode.ACCOUNT_UNKNOWN),
    ],
)
def test_invalid_entries_are_refused_with_a_code(in_coop, lines, code):
    with pytest.raises(LedgerError) as error:
        post_entry(date=JAN, source=("x", 1), purpose="p", lines=lines)
    assert error.value.code == code
    assert not JournalEntry.objects.exists()


def test_accounts_and_units_are_named_by_key_or_code_and_unknown_ones_are_refused(in_coop):
    entry = post_entry(
        date=JAN,
        source=("x", 1),
        purpose="p",
        lines=[Line("cash", debit=D("10")), Line("sales_waserda", credit=D("10"), business_unit="WSD")],
    )
    assert entry.lines.get(credit=D("10")).business_unit.code == "WSD"
    with pytest.raises(LedgerError) as error:
        post_entry(
            date=JAN,
            source=("x", 2),
            purpose="p",
            lines=[Line("cash", debit=D("10")), Line("sales_waserda", credit=D("10"), business_unit="NOPE")],
        )
    assert "NOPE" in error.value.message


def test_an_inactive_account_named_by_key_is_refused(in_coop):
    Account.objects.filter(system_key="bank").update(is_active=False)
    with pytest.raises(LedgerError) as error:
        post_entry(
            date=JAN, source=("x", 1), purpose="p", lines=[Line("cash", debit=D("1")), Line("bank", credit=D("1"))]
        )
    assert error.value.code == LedgerErrorCode.ACCOUNT_INACTIVE


def test_a_refused_posting_leaves_the_callers_transaction_usable(in_coop):
    from django.db import transaction

    from koperasi.ledger.services import close_period

    close_period(actor=None, year=2026, month=1)
    with transaction.atomic():
        with pytest.raises(LedgerError) as error:
            post_simple(date=JAN)
        assert error.value.code == LedgerErrorCode.PERIOD_CLOSED
        entry = post_simple(date=datetime.date(2026, 2, 2))  # same transaction, no savepoint needed
    assert JournalEntry.objects.get().pk == entry.pk


def test_money_must_not_be_float(in_coop):
    with pytest.raises(TypeError):
        post_entry(date=JAN, source=("x", 1), purpose="p", lines=[Line("cash", debit=1.5), Line("bank", credit=1.5)])


def test_accounts_of_another_cooperative_cannot_be_posted_to(coop, other_coop):
    from koperasi.tenancy.context import cooperative_context

    with cooperative_context(other_coop.pk):
        foreign_cash = account_for("cash")
    with cooperative_context(coop.pk), pytest.raises(LedgerError):
        post_entry(
            date=JAN,
            source=("x", 1),
            purpose="p",
            lines=[Line(foreign_cash, debit=D("1")), Line("bank", credit=D("1"))],
        )


def test_posted_entries_and_lines_cannot_be_changed_through_the_orm(in_coop):
    entry = post_simple()
    entry.memo = "rewritten"
    with pytest.raises(LedgerError):
        entry.save()
    with pytest.raises(LedgerError):
        entry.delete()
    line = entry.lines.first()
    line.debit = D("1")
    with pytest.raises(LedgerError):
        line.save()
    with pytest.raises(LedgerError):
        line.delete()


def test_reversal_posts_the_mirror_entry_and_nets_to_zero(in_coop, manager):
    entry = post_simple("250000.00")
    reversal = reverse_entry(entry, date=datetime.date(2026, 1, 20), reason="salah akun", actor=manager)
    assert reversal.reversal_of == entry
    assert entry.reversed_by == reversal
    assert {(line.account.system_key, line.debit, line.credit) for line in reversal.lines.all()} == {
        ("cash", D("0"), D("250000.00")),
        ("other_income", D("250000.00"), D("0")),
    }
    for key in ("cash", "other_income"):
        row = AccountBalance.objects.get(account=account_for(key))
        assert row.debit == row.credit == D("250000.00")
    with pytest.raises(LedgerError) as error:
        reverse_entry(entry, date=JAN, reason="lagi")
    assert error.value.code == LedgerErrorCode.ALREADY_REVERSED
    with pytest.raises(LedgerError):
        reverse_entry(reversal, date=JAN, reason="balik")
    from koperasi.accounts.models import AuditEvent

    assert AuditEvent.objects.filter(action="ledger.entry_reversed").count() == 1


def test_lines_keep_their_business_unit(in_coop):
    from koperasi.ledger.models import BusinessUnit

    unit = BusinessUnit.objects.get(code="WSD")
    entry = post_entry(
        date=JAN,
        source=("x", 1),
        purpose="p",
        lines=[
            Line("cash", debit=D("5"), business_unit=unit),
            Line("sales_waserda", credit=D("5"), business_unit=unit),
        ],
    )
    assert set(JournalLine.objects.filter(entry=entry).values_list("business_unit__code", flat=True)) == {"WSD"}


def test_posting_inside_a_callers_statement_posts_only_when_its_condition_holds(in_coop):
    """The POS sale posts in the statement that writes the sale, and not at all for a replay."""
    from koperasi.ledger.services import Posting, prepare_posting

    posting = prepare_posting(
        date=JAN,
        lines=[Line("cash", debit=D("500.00")), Line("other_income", credit=D("500.00"))],
        source=("test.Thing", "42"),
        purpose="test.event",
        memo="Thing no. 42",
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {Posting.sql_when('t.id < 0')} FROM (SELECT 42 AS id) AS t", posting.params())
        assert cursor.fetchone()[0] is None
        assert not JournalEntry.objects.filter(source_type="test.Thing").exists()
        cursor.execute(f"SELECT {Posting.sql_when('t.id > 0')} FROM (SELECT 42 AS id) AS t", posting.params())
        answer = cursor.fetchone()[0]
    posting.check(answer)
    entry = JournalEntry.objects.get(pk=int(answer[1]))
    assert (entry.source_type, entry.source_id, entry.memo) == ("test.Thing", "42", "Thing no. 42")
