"""Exit settlement: savings returned (pokok and wajib too), loans offset when the manager chooses,
accounts closed, one entry posted and the exit recorded — or nothing at all when the exit is refused."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from koperasi.ledger.models import JournalEntry
from members import settlement
from members.loans.models import LoanStatus
from members.models import MemberStatus
from members.savings.models import AccountStatus, SavingsAccount
from members.savings.selectors import balances_by_ledger_key
from tests.factories.members import ActiveMemberFactory, disbursed_loan, funded_account
from tests.members.test_savings import ledger_balance, lines_of

pytestmark = pytest.mark.django_db
D = Decimal
EXIT = datetime.date(2026, 3, 1)


@pytest.fixture
def leaving(in_coop):
    member = ActiveMemberFactory()
    funded_account("100000", member=member, kind="pokok")
    funded_account("60000", member=member, kind="wajib")
    funded_account("200000", member=member)
    loan = disbursed_loan("120000", 2, member=member)  # 60,000 + 1,200 interest a month, first due 10 Feb
    return member, loan


def test_settlement_offsets_the_loan_and_pays_out_the_rest(leaving, manager):
    member, loan = leaving
    # On 1 Mar: instalment 1 is 19 days late (penalty 0.1 %/day of 61,200 → 1,163), instalment 2 not due.
    result = settlement.settle_exit(
        actor=manager, member=member, exit_date=EXIT, reason="Pindah domisili", offset_loans=True
    )
    assert result.savings_total == D("360000")
    assert result.offset == D("1163") + D("1200") + D("120000")
    assert result.payout == D("360000") - result.offset and result.loans_left == 0
    member.refresh_from_db()
    assert (member.status, member.exit_date) == (MemberStatus.EXITED, EXIT)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.PAID_OFF
    assert set(SavingsAccount.objects.filter(member=member).values_list("status", "balance")) == {
        (AccountStatus.CLOSED, D("0"))
    }
    assert lines_of(result.entry) == [
        ("cash", D("0.00"), result.payout, None),
        ("loan_interest_income", D("0.00"), D("1200.00"), None),
        ("loan_receivable", D("0.00"), D("120000.00"), member.pk),
        ("mandatory_savings", D("60000.00"), D("0.00"), member.pk),
        ("penalty_income", D("0.00"), D("1163.00"), None),
        ("principal_savings", D("100000.00"), D("0.00"), member.pk),
        ("voluntary_savings", D("200000.00"), D("0.00"), member.pk),
    ]
    for key, total in balances_by_ledger_key().items():
        assert ledger_balance(key) == total == 0, key
    assert ledger_balance("loan_receivable") == 0


def test_without_offset_the_loan_stays_and_all_savings_are_paid_out(leaving, manager):
    member, loan = leaving
    preview = settlement.preview(member, EXIT, offset_loans=False)
    assert (preview.savings_total, preview.offset, preview.payout) == (D("360000"), 0, D("360000"))
    result = settlement.settle_exit(actor=manager, member=member, exit_date=EXIT, reason="Mengundurkan diri")
    assert result.payout == D("360000") and result.loans_left == D("1163") + D("1200") + D("120000")
    loan.refresh_from_db()
    assert loan.status == LoanStatus.DISBURSED


def test_a_refused_exit_moves_no_money(leaving, manager):
    member, loan = leaving
    entries = JournalEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        settlement.settle_exit(
            actor=manager, member=member, exit_date=datetime.date(2099, 1, 1), reason="x", offset_loans=True
        )
    assert "exit_date" in caught.value.message_dict
    member.refresh_from_db()
    assert member.status == MemberStatus.MEMBER
    assert JournalEntry.objects.count() == entries
    assert not SavingsAccount.objects.filter(member=member, status=AccountStatus.CLOSED).exists()
    assert sum(SavingsAccount.objects.filter(member=member).values_list("balance", flat=True)) == D("360000")
    loan.refresh_from_db()
    assert loan.status == LoanStatus.DISBURSED and not loan.repayments.exists()
    with pytest.raises(ValidationError):
        settlement.settle_exit(actor=manager, member=member, exit_date=EXIT, reason="")
