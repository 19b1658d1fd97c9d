"""Loan repayments: allocation (penalty → interest → principal), cash repayment, early payoff, and
deductions from payments owed to a member (``repay_from_payable``, ``repay_from_lines``).

Journal: Dr Kas (or Hutang usaha, or the member's savings on exit) / Cr Pendapatan denda, Cr Jasa
pinjaman, Cr Piutang pinjaman (member). Interest is income when received (cash basis).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.ledger.services import Line
from members import locks
from members.error_codes import MemberErrorCode, coded_error
from members.loans.arrears import owed, penalty_accrued
from members.loans.common import PURPOSE_REPAYMENT, REPAYMENT_SOURCE, ZERO
from members.loans.common import require_status as _require_status
from members.loans.models import Loan, LoanInstallment, LoanRepayment, LoanStatus, RepaymentKind
from members.models import Member
from members.savings.movements import positive_amount, post, source_key


@dataclass
class Allocation:
    penalty: Decimal = ZERO
    interest: Decimal = ZERO
    principal: Decimal = ZERO
    changed: list = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return self.penalty + self.interest + self.principal


def allocate(
    loan: Loan, installments: list[LoanInstallment], amount: Decimal, on: datetime.date, *, payoff: bool = False
) -> Allocation:
    """Split ``amount`` over the instalments (changed in place): all accrued penalty first, then the
    interest, then the principal of instalments due by ``on`` (oldest first); what is left pays the
    next instalments ahead, each interest then principal. ``payoff`` instead pays all principal and
    waives the interest of instalments not yet due. Raises when ``amount`` is more than is owed."""
    result, left = Allocation(), amount
    touched: dict[int, LoanInstallment] = {}

    def take(row, part, attribute):
        nonlocal left
        pay = min(left, part)
        if pay > 0:
            setattr(row, attribute, getattr(row, attribute) + pay)
            touched[row.pk] = row
            left -= pay
        return pay

    for row in installments:
        result.penalty += take(row, penalty_accrued(row, loan.penalty_rate_per_day, on), "penalty_paid")
    due = [row for row in installments if row.due_date <= on]
    later = [row for row in installments if row.due_date > on]
    for row in due:
        result.interest += take(row, row.interest_due, "interest_paid")
    for row in due:
        result.principal += take(row, row.principal_due, "principal_paid")
    if payoff:
        for row in later:
            result.principal += take(row, row.principal_due, "principal_paid")
        if left == 0:
            for row in later:
                if row.interest_due > 0:
                    row.interest_waived += row.interest_due
                    touched[row.pk] = row
    else:
        for row in later:
            result.interest += take(row, row.interest_due, "interest_paid")
            result.principal += take(row, row.principal_due, "principal_paid")
    if left > 0:
        raise coded_error(
            "amount",
            _("The amount is %(extra)s more than the loan's outstanding balance.") % {"extra": left},
            MemberErrorCode.LOAN_OVERPAYMENT,
        )
    for row in touched.values():
        if row.amount_due == 0 and row.paid_on is None:
            row.paid_on = on
    result.changed = list(touched.values())
    return result


def _record_repayment(
    loan: Loan,
    installments: list[LoanInstallment],
    *,
    amount: Decimal,
    date: datetime.date,
    kind: str,
    source_type: str,
    source_id: str,
    purpose: str,
    actor,
    payoff: bool = False,
) -> tuple[LoanRepayment, list[Line]]:
    """Allocate and store a repayment of the (locked) loan; returns it and its credit lines."""
    _require_status(loan, LoanStatus.DISBURSED)
    if date < loan.disbursed_on:
        raise coded_error("date", _("A repayment cannot be before the disbursement."), MemberErrorCode.DATE_ORDER)
    allocation = allocate(loan, installments, amount, date, payoff=payoff)
    LoanInstallment.objects.bulk_update(
        allocation.changed, ["principal_paid", "interest_paid", "interest_waived", "penalty_paid", "paid_on"]
    )
    repayment = LoanRepayment.objects.create(
        loan=loan,
        kind=kind,
        date=date,
        amount=allocation.total,
        penalty=allocation.penalty,
        interest=allocation.interest,
        principal=allocation.principal,
        source_type=source_type,
        source_id=source_id,
        purpose=purpose,
        created_by=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
    )
    if all(row.amount_due == 0 for row in installments):
        loan.status, loan.closed_on = LoanStatus.PAID_OFF, date
        loan.save(update_fields=["status", "closed_on"])
    lines = []
    if allocation.penalty:
        lines.append(Line("penalty_income", credit=allocation.penalty, memo=loan.number))
    if allocation.interest:
        lines.append(Line("loan_interest_income", credit=allocation.interest, memo=loan.number))
    if allocation.principal:
        lines.append(Line("loan_receivable", credit=allocation.principal, party=loan.member, memo=loan.number))
    record_event(
        "loan.repaid",
        actor=actor,
        cooperative_id=loan.cooperative_id,
        obj=loan,
        after={
            "kind": kind,
            "amount": str(repayment.amount),
            "penalty": str(repayment.penalty),
            "interest": str(repayment.interest),
            "principal": str(repayment.principal),
            "date": date.isoformat(),
        },
    )
    return repayment, lines


def link_repayments(repayments, entry) -> None:
    LoanRepayment.objects.filter(pk__in=[repayment.pk for repayment in repayments]).update(journal_entry=entry)
    for repayment in repayments:
        repayment.journal_entry = entry


def _existing_repayment(loan_id, source_type, source_id, purpose) -> LoanRepayment | None:
    return LoanRepayment.objects.filter(
        loan_id=loan_id, source_type=source_type, source_id=source_id, purpose=purpose
    ).first()


@transaction.atomic
def repay_loan(
    *,
    actor,
    loan: Loan,
    amount: Decimal,
    date: datetime.date,
    key: str | uuid.UUID | None = None,
    cash_account: str = "cash",
) -> LoanRepayment:
    """A repayment in cash: Dr Kas / Cr penalty, interest, principal (see :func:`allocate`)."""
    amount = positive_amount(amount)
    source_id = str(key) if key else str(uuid.uuid4())
    loan = locks.lock_loan(loan.pk)
    existing = _existing_repayment(loan.pk, REPAYMENT_SOURCE, source_id, PURPOSE_REPAYMENT)
    if existing is not None:
        return existing
    installments = locks.lock_installments(loan.pk)
    repayment, lines = _record_repayment(
        loan,
        installments,
        amount=amount,
        date=date,
        kind=RepaymentKind.CASH,
        source_type=REPAYMENT_SOURCE,
        source_id=source_id,
        purpose=PURPOSE_REPAYMENT,
        actor=actor,
    )
    memo = _("Repayment of loan %(number)s by %(member)s") % {"number": loan.number, "member": loan.member.name}
    entry = post(
        date=date,
        source=repayment,
        purpose=PURPOSE_REPAYMENT,
        memo=memo,
        actor=actor,
        lines=[Line(cash_account, debit=repayment.amount), *lines],
    )
    link_repayments([repayment], entry)
    return repayment


@transaction.atomic
def payoff_loan(
    *, actor, loan: Loan, date: datetime.date, key: str | uuid.UUID | None = None, cash_account: str = "cash"
) -> LoanRepayment:
    """Settle the loan early: penalty, interest due so far and all outstanding principal; interest of
    instalments not yet due is waived."""
    source_id = str(key) if key else str(uuid.uuid4())
    loan = locks.lock_loan(loan.pk)
    existing = _existing_repayment(loan.pk, REPAYMENT_SOURCE, source_id, PURPOSE_REPAYMENT)
    if existing is not None:
        return existing
    _require_status(loan, LoanStatus.DISBURSED)
    installments = locks.lock_installments(loan.pk)
    amount = owed(loan, installments, date).payoff
    if amount <= 0:
        raise coded_error("amount", _("Nothing is outstanding."), MemberErrorCode.LOAN_NOTHING_OUTSTANDING)
    repayment, lines = _record_repayment(
        loan,
        installments,
        amount=amount,
        date=date,
        kind=RepaymentKind.PAYOFF,
        source_type=REPAYMENT_SOURCE,
        source_id=source_id,
        purpose=PURPOSE_REPAYMENT,
        actor=actor,
        payoff=True,
    )
    if loan.status != LoanStatus.PAID_OFF:  # rows with nothing left, e.g. all interest waived
        loan.status, loan.closed_on = LoanStatus.PAID_OFF, date
        loan.save(update_fields=["status", "closed_on"])
    entry = post(
        date=date,
        source=repayment,
        purpose=PURPOSE_REPAYMENT,
        memo=_("Early payoff of loan %(number)s") % {"number": loan.number},
        actor=actor,
        lines=[Line(cash_account, debit=repayment.amount), *lines],
    )
    link_repayments([repayment], entry)
    return repayment


def running_loans(member: Member) -> list[Loan]:
    return list(Loan.objects.filter(member=member, status=LoanStatus.DISBURSED).order_by("disbursed_on", "pk"))


def repay_from_lines(
    loans: list[Loan],
    amount: Decimal,
    *,
    date: datetime.date,
    kind: str,
    source_type: str,
    source_id: str,
    purpose: str,
    actor=None,
    limit_to_payoff: bool = False,
) -> tuple[list[LoanRepayment], list[Line]]:
    """Pay ``amount`` over the (locked) loans, oldest first; no entry is posted (the caller posts).

    With ``limit_to_payoff`` each loan takes at most its payoff amount and later interest is waived
    (exit settlement); otherwise each loan takes at most everything it still owes.
    """
    repayments, lines, left = [], [], amount
    for loan in loans:
        if left <= 0:
            break
        installments = locks.lock_installments(loan.pk)
        owing = owed(loan, installments, date)
        cap = owing.payoff if limit_to_payoff else owing.everything
        part = min(left, cap)
        if part <= 0:
            continue
        repayment, credit_lines = _record_repayment(
            loan,
            installments,
            amount=part,
            date=date,
            kind=kind,
            source_type=source_type,
            source_id=source_id,
            purpose=purpose,
            actor=actor,
            payoff=limit_to_payoff and part == cap,
        )
        if limit_to_payoff and part == cap and loan.status != LoanStatus.PAID_OFF:
            loan.status, loan.closed_on = LoanStatus.PAID_OFF, date
            loan.save(update_fields=["status", "closed_on"])
        repayments.append(repayment)
        lines += credit_lines
        left -= part
    if left > 0:
        raise coded_error(
            "amount",
            _("The amount is %(extra)s more than the member's loans owe.") % {"extra": left},
            MemberErrorCode.LOAN_OVERPAYMENT,
        )
    return repayments, lines


@transaction.atomic
def repay_from_payable(
    *,
    loan_or_member: Loan | Member,
    amount: Decimal,
    date: datetime.date,
    source,
    purpose: str,
    account="accounts_payable",
    actor=None,
) -> list[LoanRepayment]:
    """Repay loans by deducting from what the cooperative owes the member (e.g. for deliveries).

    Posts one entry for ``(source, purpose)``: Dr ``account`` (default Hutang usaha; party: member) /
    Cr Pendapatan denda, Jasa pinjaman, Piutang pinjaman — split per loan as :func:`allocate` does.
    Given a member, the running loans are paid oldest first. The same ``(source, purpose)`` again
    returns the repayments already recorded. Refuses more than the loans owe (``loan_overpayment``).
    """
    amount = positive_amount(amount)
    source_type, source_id = source_key(source)
    already = list(LoanRepayment.objects.filter(source_type=source_type, source_id=source_id, purpose=purpose))
    if already:
        return already
    if isinstance(loan_or_member, Loan):
        member = loan_or_member.member
        loans = locks.lock_loans([loan_or_member.pk])
        _require_status(loans[0], LoanStatus.DISBURSED)
    else:
        member = loan_or_member
        loans = locks.lock_loans([loan.pk for loan in running_loans(member)])
        loans.sort(key=lambda loan: (loan.disbursed_on, loan.pk))
        if not loans:
            raise coded_error("amount", _("The member has no running loan."), MemberErrorCode.LOAN_NOTHING_OUTSTANDING)
    repayments, lines = repay_from_lines(
        loans,
        amount,
        date=date,
        kind=RepaymentKind.PAYABLE,
        source_type=source_type,
        source_id=source_id,
        purpose=purpose,
        actor=actor,
    )
    entry = post(
        date=date,
        source=source,
        purpose=purpose,
        memo=_("Loan instalments deducted from a payment to %(member)s") % {"member": member.name},
        actor=actor,
        lines=[Line(account, debit=amount, party=member), *lines],
    )
    link_repayments(repayments, entry)
    return repayments
