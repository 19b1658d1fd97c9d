"""Loans (pinjaman): application limits, maker-checker, disbursement and the stored schedule,
repayment allocation (penalty → interest → principal), payoff, write-off, arrears and collectibility,
and repay_from_payable for deductions from payments to a member."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from koperasi.ledger.services import Line, post_entry
from members.loans import selectors
from members.loans import services as loans
from members.loans.models import Loan, LoanProduct, LoanRepayment, LoanStatus
from members.loans.repayments import payoff_loan, repay_from_payable, repay_loan
from members.loans.schedule import Collectibility, build_schedule
from members.loans.terms import terms_of
from members.loans.writeoff import write_off_loan
from tests.factories.accounts import UserFactory
from tests.factories.members import (
    DAY,
    ActiveMemberFactory,
    LoanFactory,
    LoanProductFactory,
    MemberFactory,
    disbursed_loan,
    funded_account,
)
from tests.members.test_savings import ledger_balance, lines_of

pytestmark = pytest.mark.django_db
D = Decimal


def test_a_general_loan_product_is_seeded(in_coop):
    product = LoanProduct.objects.get(code="umum")
    assert (product.interest_method, product.rate, product.rate_period) == ("flat", D("0.015"), "month")


def test_application_checks_member_limits_and_savings_multiple(in_coop, staff):
    product = LoanProductFactory(min_amount=D("100000"), max_amount=D("5000000"), max_term_periods=12)
    member = ActiveMemberFactory()

    def apply(**overrides):
        fields = {"actor": staff, "member": member, "product": product, "amount": D("1000000"), "term_periods": 6}
        return loans.apply_for_loan(applied_on=DAY, **{**fields, **overrides})

    for overrides, field, code in [
        ({"amount": D("50000")}, "amount", "loan_outside_product_limits"),
        ({"amount": D("6000000")}, "amount", "loan_outside_product_limits"),
        ({"term_periods": 13}, "term_periods", "loan_outside_product_limits"),
        ({"member": MemberFactory()}, "member", "member_not_active"),
    ]:
        with pytest.raises(ValidationError) as caught:
            apply(**overrides)
        assert caught.value.error_dict[field][0].code == code, overrides
    product.max_savings_multiple = D("3")
    product.save()
    funded_account("100000", member=member)
    with pytest.raises(ValidationError) as caught:
        apply(amount=D("300000.01"))
    assert caught.value.code == "loan_exceeds_savings_multiple"
    loan = apply(amount=D("300000"))
    assert (loan.status, loan.admin_fee, loan.rate, loan.interest_method) == (
        "applied",
        D("3000.00"),
        D("0.01"),
        "flat",
    )
    assert Loan.objects.count() == 1


def test_maker_checker_the_maker_cannot_approve_service_and_database(in_coop):
    maker, checker = UserFactory(), UserFactory()
    loan = LoanFactory(maker=maker)
    with pytest.raises(ValidationError) as caught:
        loans.approve_loan(actor=maker, loan=loan, on=DAY)
    assert caught.value.code == "loan_maker_checker"
    loan.refresh_from_db()
    assert loan.status == LoanStatus.APPLIED and loan.approved_by is None
    with pytest.raises(IntegrityError, match=r"loan_maker_checker|CHECK"), transaction.atomic():
        Loan.objects.filter(pk=loan.pk).update(approved_by=F("applied_by"), status="approved")
    loans.approve_loan(actor=checker, loan=loan, on=DAY)
    loan.refresh_from_db()
    assert (loan.status, loan.approved_by) == (LoanStatus.APPROVED, checker)
    with pytest.raises(ValidationError) as caught:
        loans.approve_loan(actor=checker, loan=loan, on=DAY)
    assert caught.value.code == "loan_wrong_status"


def test_rejection_is_also_for_someone_else(in_coop):
    maker, checker = UserFactory(), UserFactory()
    loan = LoanFactory(maker=maker)
    with pytest.raises(ValidationError):
        loans.reject_loan(actor=maker, loan=loan, on=DAY, note="no")
    assert loans.reject_loan(actor=checker, loan=loan, on=DAY, note="Agunan kurang").status == "rejected"


def test_disbursement_stores_the_schedule_and_posts_with_fees_deducted(in_coop):
    loan = disbursed_loan("1200000", 12)
    rows = list(loan.installments.order_by("number"))
    expected = build_schedule(terms_of(loan, datetime.date(2026, 2, 10), loan.disbursed_on))
    assert [(r.number, r.due_date, r.principal, r.interest) for r in rows] == [
        (line.number, line.due_date, line.principal, line.interest) for line in expected.stored_instalments()
    ]
    assert rows[0].principal == D("100000") and rows[0].interest == D("12000")
    from koperasi.ledger.selectors import entry_for_source

    posted = entry_for_source("members.Loan", str(loan.pk), "loan.disbursement")
    assert lines_of(posted) == [
        ("admin_fee_income", D("0.00"), D("12000.00"), None),
        ("cash", D("0.00"), D("1188000.00"), None),
        ("loan_receivable", D("1200000.00"), D("0.00"), loan.member_id),
    ]


def test_fees_paid_separately_post_a_second_entry(in_coop):
    loan = disbursed_loan("1000000", 10, product=LoanProductFactory(fees_deducted=False, provision_rate=D("0.005")))
    from koperasi.ledger.selectors import entry_for_source

    payout = entry_for_source("members.Loan", str(loan.pk), "loan.disbursement")
    fees = entry_for_source("members.Loan", str(loan.pk), "loan.admin_fee")
    assert lines_of(payout) == [
        ("cash", D("0.00"), D("1000000.00"), None),
        ("loan_receivable", D("1000000.00"), D("0.00"), loan.member_id),
    ]
    assert lines_of(fees) == [
        ("admin_fee_income", D("0.00"), D("15000.00"), None),
        ("cash", D("15000.00"), D("0.00"), None),
    ]


def test_a_seasonal_loan_repays_principal_only_in_season(in_coop):
    product = LoanProductFactory(principal_months="4-10", interest_method="declining")
    loan = disbursed_loan("1200000", 12, product=product, on=datetime.date(2026, 1, 5))
    for row in loan.installments.all():
        if row.number < 12:
            assert (row.principal > 0) == (4 <= row.due_date.month <= 10), row
    assert sum(row.principal for row in loan.installments.all()) == D("1200000")


def test_a_late_repayment_pays_penalty_then_interest_then_principal(in_coop, staff):
    loan = disbursed_loan("1200000", 12)  # 112,000 a month; first due 10 Feb 2026; penalty 0.1 %/day
    repayment = repay_loan(actor=staff, loan=loan, amount=D("100000"), date=datetime.date(2026, 2, 20), key="r1")
    assert (repayment.penalty, repayment.interest, repayment.principal) == (D("1120"), D("12000"), D("86880"))
    again = repay_loan(actor=staff, loan=loan, amount=D("100000"), date=datetime.date(2026, 2, 20), key="r1")
    assert again.pk == repayment.pk
    assert lines_of(repayment.journal_entry) == [
        ("cash", D("100000.00"), D("0.00"), None),
        ("loan_interest_income", D("0.00"), D("12000.00"), None),
        ("loan_receivable", D("0.00"), D("86880.00"), loan.member_id),
        ("penalty_income", D("0.00"), D("1120.00"), None),
    ]
    first = loan.installments.get(number=1)
    assert (first.principal_paid, first.interest_paid, first.penalty_paid, first.paid_on) == (
        D("86880"),
        D("12000"),
        D("1120"),
        None,
    )
    # Five days later the first instalment still accrues penalty on its full amount (112 a day).
    second = repay_loan(actor=staff, loan=loan, amount=D("13680"), date=datetime.date(2026, 2, 25))
    assert (second.penalty, second.interest, second.principal) == (D("560"), D("0"), D("13120"))
    first.refresh_from_db()
    assert first.paid_on == datetime.date(2026, 2, 25)


def test_paying_ahead_covers_the_next_instalments_and_overpaying_is_refused(in_coop, staff):
    loan = disbursed_loan("1200000", 12)
    repayment = repay_loan(actor=staff, loan=loan, amount=D("224000"), date=datetime.date(2026, 2, 1))
    assert (repayment.interest, repayment.principal) == (D("24000"), D("200000"))
    assert loan.installments.filter(paid_on__isnull=False).count() == 2
    with pytest.raises(ValidationError) as caught:
        repay_loan(actor=staff, loan=loan, amount=D("1120001"), date=datetime.date(2026, 2, 1))
    assert caught.value.code == "loan_overpayment"


def test_early_payoff_waives_interest_not_yet_due(in_coop, staff):
    loan = disbursed_loan("1200000", 12)
    repay_loan(actor=staff, loan=loan, amount=D("100000"), date=datetime.date(2026, 2, 20))
    position = selectors.position(loan, datetime.date(2026, 3, 1))
    assert position.payoff == D("1008") + D("1113120")
    payoff = payoff_loan(actor=staff, loan=loan, date=datetime.date(2026, 3, 1))
    assert (payoff.kind, payoff.penalty, payoff.interest, payoff.principal) == (
        "payoff",
        D("1008"),
        D("0"),
        D("1113120"),
    )
    loan.refresh_from_db()
    assert (loan.status, loan.closed_on) == (LoanStatus.PAID_OFF, datetime.date(2026, 3, 1))
    assert sum(row.interest_waived for row in loan.installments.all()) == D("132000")
    assert ledger_balance("loan_receivable") == D("0.00")
    with pytest.raises(ValidationError) as caught:
        repay_loan(actor=staff, loan=loan, amount=D("1"), date=datetime.date(2026, 3, 2))
    assert caught.value.code == "loan_wrong_status"


def test_write_off_uses_the_allowance_first_then_bad_debt(in_coop, manager):
    loan = disbursed_loan("1200000", 12)
    post_entry(
        date=DAY,
        source=("tests.allowance", 1),
        purpose="loan.allowance",
        lines=[Line("bad_debt", debit=D("500000")), Line("loan_loss_allowance", credit=D("500000"))],
    )
    with pytest.raises(ValidationError):
        write_off_loan(actor=manager, loan=loan, date=datetime.date(2026, 9, 1), reason=" ")
    write_off_loan(actor=manager, loan=loan, date=datetime.date(2026, 9, 1), reason="Macet, anggota pindah")
    loan.refresh_from_db()
    assert (loan.status, loan.written_off_amount) == (LoanStatus.WRITTEN_OFF, D("1200000"))
    from koperasi.ledger.selectors import entry_for_source

    entry = entry_for_source("members.Loan", str(loan.pk), "loan.write_off")
    assert lines_of(entry) == [
        ("bad_debt", D("700000.00"), D("0.00"), None),
        ("loan_loss_allowance", D("500000.00"), D("0.00"), None),
        ("loan_receivable", D("0.00"), D("1200000.00"), loan.member_id),
    ]
    assert ledger_balance("loan_receivable") == D("0.00")


def test_days_past_due_collectibility_and_the_arrears_report(in_coop, staff):
    strict = LoanProductFactory(current_max_days=10, substandard_max_days=20, doubtful_max_days=30)
    late = disbursed_loan("1200000", 12)
    strict_late = disbursed_loan("1200000", 12, product=strict)
    paying = disbursed_loan("1200000", 12)
    repay_loan(actor=staff, loan=paying, amount=D("224000"), date=datetime.date(2026, 2, 10))
    on = datetime.date(2026, 3, 15)
    rows = {row.loan.pk: row for row in selectors.arrears(on)}
    assert set(rows) == {late.pk, strict_late.pk}
    assert rows[late.pk].days_past_due == 33 and rows[late.pk].collectibility == Collectibility.SUBSTANDARD
    assert rows[strict_late.pk].collectibility == Collectibility.LOSS
    assert rows[late.pk].overdue_installments == 2
    assert (rows[late.pk].principal_overdue, rows[late.pk].interest_overdue) == (D("200000"), D("24000"))
    assert rows[late.pk].penalty == D("112") * 33 + D("112") * 5
    summary = {item["class"]: item for item in selectors.collectibility_summary(list(rows.values()), on)}
    assert summary[Collectibility.CURRENT]["loans"] == 1
    assert summary[Collectibility.CURRENT]["outstanding"] == D("1000000")


def test_repay_from_payable_pays_the_oldest_loan_first_and_posts_against_payables(in_coop):
    member = ActiveMemberFactory()
    older = disbursed_loan("120000", 1, member=member, on=datetime.date(2026, 1, 5))
    newer = disbursed_loan("1200000", 12, member=member, on=DAY)
    source = ("procurement.FarmerPayment", 41)
    repayments = repay_from_payable(
        loan_or_member=member,
        amount=D("150000"),
        date=datetime.date(2026, 2, 1),
        source=source,
        purpose="loan.deduction",
    )
    assert [r.loan_id for r in repayments] == [older.pk, newer.pk]
    assert [r.amount for r in repayments] == [D("121200"), D("28800")]  # the older one in full (1 % interest)
    assert [r.kind for r in repayments] == ["payable", "payable"]
    older.refresh_from_db()
    assert older.status == LoanStatus.PAID_OFF
    entry = repayments[0].journal_entry
    assert entry == repayments[1].journal_entry and entry.purpose == "loan.deduction"
    assert lines_of(entry) == [
        ("accounts_payable", D("150000.00"), D("0.00"), member.pk),
        ("loan_interest_income", D("0.00"), D("1200.00"), None),
        ("loan_interest_income", D("0.00"), D("12000.00"), None),
        ("loan_receivable", D("0.00"), D("16800.00"), member.pk),
        ("loan_receivable", D("0.00"), D("120000.00"), member.pk),
    ]
    again = repay_from_payable(
        loan_or_member=member,
        amount=D("150000"),
        date=datetime.date(2026, 2, 1),
        source=source,
        purpose="loan.deduction",
    )
    assert {r.pk for r in again} == {r.pk for r in repayments}
    assert LoanRepayment.objects.count() == 2


def test_repay_from_payable_on_one_loan_with_another_account(in_coop):
    loan = disbursed_loan("1200000", 12)
    (repayment,) = repay_from_payable(
        loan_or_member=loan,
        amount=D("112000"),
        date=datetime.date(2026, 2, 10),
        source=("procurement.Delivery", 3),
        purpose="loan.deduction",
        account="other_income",
    )
    assert (repayment.interest, repayment.principal) == (D("12000"), D("100000"))
    assert ("other_income", D("112000.00"), D("0.00"), loan.member_id) in lines_of(repayment.journal_entry)
    with pytest.raises(ValidationError) as caught:
        repay_from_payable(
            loan_or_member=loan,
            amount=D("99999999"),
            date=datetime.date(2026, 2, 10),
            source=("procurement.Delivery", 4),
            purpose="loan.deduction",
        )
    assert caught.value.code == "loan_overpayment"


def test_loan_receivable_in_the_ledger_equals_the_outstanding_principal(in_coop, staff):
    first = disbursed_loan("1200000", 12)
    second = disbursed_loan("600000", 6)
    repay_loan(actor=staff, loan=first, amount=D("250000"), date=datetime.date(2026, 3, 10))
    repay_loan(actor=staff, loan=second, amount=D("55000"), date=datetime.date(2026, 2, 10))
    outstanding = sum(loan.principal_outstanding for loan in selectors.search_loans())
    assert outstanding == ledger_balance("loan_receivable") * -1  # an asset: debit balance
    repaid = sum(repayment.principal for repayment in LoanRepayment.objects.all())
    assert outstanding == D("1800000") - repaid
    # 250,000: penalty 28 days × 112, interest of two due instalments and of the next one paid ahead
    assert repaid == D("250000") - D("112") * 28 - D("36000") + D("55000") - D("6000")
