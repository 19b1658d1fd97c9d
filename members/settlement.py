"""A member's exit settlement: return all savings (pokok and wajib included), optionally offset the
outstanding loans against them, close the accounts, post one entry, then record the exit — all in
one transaction, so a refused exit leaves no money moved.

Entry (source ``members.exit_settlement``/member id, purpose ``savings.exit_settlement``):
Dr Simpanan pokok, wajib, sukarela, berjangka (member) = the balances /
Cr Pendapatan denda, Jasa pinjaman, Piutang pinjaman (member) = the loans offset (if chosen),
Cr Kas = what is paid out. Term deposits are returned at their balance, without interest or penalty.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.ledger.services import Line
from members import locks, services
from members.error_codes import MemberErrorCode, coded_error
from members.loans.arrears import owed
from members.loans.models import Loan, LoanStatus, RepaymentKind
from members.loans.repayments import link_repayments, repay_from_lines
from members.models import Member, MemberStatus
from members.savings.models import AccountStatus, SavingsAccount, TransactionKind
from members.savings.movements import link_entry, move_balance, post

ZERO = Decimal("0.00")
SOURCE = "members.exit_settlement"
PURPOSE = "savings.exit_settlement"
OFFSET_PURPOSE = "loan.exit_offset"


@dataclass
class Settlement:
    member: Member
    accounts: list[SavingsAccount] = field(default_factory=list)
    savings_total: Decimal = ZERO
    loans_owed: Decimal = ZERO
    offset: Decimal = ZERO
    payout: Decimal = ZERO
    loans_left: Decimal = ZERO
    entry: object = None
    repayments: list = field(default_factory=list)


def preview(member: Member, on: datetime.date, *, offset_loans: bool) -> Settlement:
    """What settling on ``on`` would move (nothing is written)."""
    accounts = list(
        SavingsAccount.objects.filter(member=member, status=AccountStatus.OPEN).select_related("product").order_by("pk")
    )
    result = Settlement(member=member, accounts=accounts)
    result.savings_total = sum((account.balance for account in accounts), ZERO)
    for loan in Loan.objects.filter(member=member, status=LoanStatus.DISBURSED):
        result.loans_owed += owed(loan, list(loan.installments.order_by("number")), on).payoff
    result.offset = min(result.savings_total, result.loans_owed) if offset_loans else ZERO
    result.payout = result.savings_total - result.offset
    result.loans_left = result.loans_owed - result.offset
    return result


@transaction.atomic
def settle_exit(
    *,
    actor,
    member: Member,
    exit_date: datetime.date,
    reason: str,
    offset_loans: bool = False,
    cash_account: str = "cash",
) -> Settlement:
    """Settle the member's savings and record the exit (``members.services.record_exit``)."""
    member = locks.lock_member(member.pk)
    if member.status == MemberStatus.EXITED:
        raise coded_error("status", _("This member has already left the cooperative."), MemberErrorCode.ALREADY_EXITED)
    if exit_date is None:
        raise ValidationError({"exit_date": [_("Enter the exit date.")]})
    if exit_date > timezone.localdate():
        raise ValidationError({"exit_date": [_("The exit date cannot be in the future.")]})
    ids = list(SavingsAccount.objects.filter(member=member, status=AccountStatus.OPEN).values_list("pk", flat=True))
    accounts = locks.lock_savings_accounts(ids)
    loans = locks.lock_loans(
        list(Loan.objects.filter(member=member, status=LoanStatus.DISBURSED).values_list("pk", flat=True))
    )
    result = Settlement(member=member, accounts=accounts)
    result.savings_total = sum((account.balance for account in accounts), ZERO)
    for loan in loans:
        result.loans_owed += owed(loan, list(loan.installments.order_by("number")), exit_date).payoff
    credit_lines: list[Line] = []
    if offset_loans and loans and result.savings_total > 0 and result.loans_owed > 0:
        result.offset = min(result.savings_total, result.loans_owed)
        result.repayments, credit_lines = repay_from_lines(
            sorted(loans, key=lambda loan: (loan.disbursed_on, loan.pk)),
            result.offset,
            date=exit_date,
            kind=RepaymentKind.SAVINGS,
            source_type=SOURCE,
            source_id=str(member.pk),
            purpose=OFFSET_PURPOSE,
            actor=actor,
            limit_to_payoff=True,
        )
    result.payout = result.savings_total - result.offset
    result.loans_left = result.loans_owed - result.offset
    movements, debit_lines = [], []
    for account in accounts:
        if account.balance > 0:
            debit_lines.append(
                Line(account.product.ledger_key, debit=account.balance, party=member, memo=account.number)
            )
            movements.append(
                move_balance(
                    account,
                    kind=TransactionKind.SETTLEMENT,
                    amount=account.balance,
                    date=exit_date,
                    source_type=SOURCE,
                    source_id=f"{member.pk}:{account.pk}",
                    purpose=PURPOSE,
                    memo=_("Exit settlement"),
                    actor=actor,
                )
            )
        SavingsAccount.objects.filter(pk=account.pk).update(status=AccountStatus.CLOSED, closed_on=exit_date)
        account.status, account.closed_on = AccountStatus.CLOSED, exit_date
    if result.savings_total > 0:
        lines = [*debit_lines, *credit_lines]
        if result.payout > 0:
            lines.append(Line(cash_account, credit=result.payout))
        result.entry = post(
            date=exit_date,
            source=(SOURCE, str(member.pk)),
            purpose=PURPOSE,
            memo=_("Exit settlement of %(member)s") % {"member": member.name},
            actor=actor,
            lines=lines,
        )
        for movement in movements:
            link_entry(movement, result.entry)
        link_repayments(result.repayments, result.entry)
    services.record_exit(actor=actor, member=member, exit_date=exit_date, reason=reason)
    member.refresh_from_db()
    return result
