"""Writing a loan off: Dr Penyisihan piutang (up to its balance), Dr Beban penyisihan piutang (the
rest) / Cr Piutang pinjaman (member) = the outstanding principal."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.ledger.models import JournalLine
from koperasi.ledger.services import Line
from members import locks
from members.error_codes import MemberErrorCode, coded_error
from members.loans.common import PURPOSE_WRITE_OFF, ZERO
from members.loans.common import require_status as _require_status
from members.loans.models import Loan, LoanStatus
from members.savings.movements import post


def allowance_balance() -> Decimal:
    """The credit balance of Penyisihan piutang tak tertagih (what write-offs can use first)."""
    totals = JournalLine.objects.filter(account__system_key="loan_loss_allowance").aggregate(
        balance=Sum(F("credit") - F("debit"))
    )
    return max(totals["balance"] or ZERO, ZERO)


@transaction.atomic
def write_off_loan(*, actor, loan: Loan, date: datetime.date, reason: str) -> Loan:
    """Write the outstanding principal off (managers): Dr Penyisihan piutang up to its balance, Dr
    Beban penyisihan piutang for the rest / Cr Piutang pinjaman (member). Unpaid interest and
    penalty were never booked as income (cash basis), so they simply lapse."""
    loan = locks.lock_loan(loan.pk)
    _require_status(loan, LoanStatus.DISBURSED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Enter the reason for the write-off.")]})
    if date < loan.disbursed_on:
        raise coded_error("date", _("The write-off cannot be before the disbursement."), MemberErrorCode.DATE_ORDER)
    installments = locks.lock_installments(loan.pk)
    outstanding = sum((row.principal_due for row in installments), ZERO)
    if outstanding <= 0:
        raise coded_error("status", _("Nothing is outstanding."), MemberErrorCode.LOAN_NOTHING_OUTSTANDING)
    from_allowance = min(allowance_balance(), outstanding)
    lines = []
    if from_allowance > 0:
        lines.append(Line("loan_loss_allowance", debit=from_allowance, memo=loan.number))
    if outstanding - from_allowance > 0:
        lines.append(Line("bad_debt", debit=outstanding - from_allowance, memo=loan.number))
    lines.append(Line("loan_receivable", credit=outstanding, party=loan.member, memo=loan.number))
    post(
        date=date,
        source=loan,
        purpose=PURPOSE_WRITE_OFF,
        memo=(_("Write-off of loan %(number)s: %(reason)s") % {"number": loan.number, "reason": reason})[:255],
        actor=actor,
        lines=lines,
    )
    loan.status, loan.closed_on, loan.written_off_amount = LoanStatus.WRITTEN_OFF, date, outstanding
    loan.save(update_fields=["status", "closed_on", "written_off_amount"])
    record_event(
        "loan.written_off",
        actor=actor,
        cooperative_id=loan.cooperative_id,
        obj=loan,
        after={"amount": str(outstanding), "from_allowance": str(from_allowance), "reason": reason},
    )
    return loan
