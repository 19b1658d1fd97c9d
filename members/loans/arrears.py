"""What a loan owes on a day: accrued late penalty, interest and principal due now and later, and
the days past due (the basis of collectibility)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from koperasi.money import quantize_whole_rupiah
from members.loans.common import ZERO
from members.loans.models import Loan, LoanInstallment


def penalty_accrued(installment: LoanInstallment, rate: Decimal, on: datetime.date) -> Decimal:
    """Late penalty of one instalment up to ``on``: rate × instalment amount × days late (until the
    instalment was paid in full), less what was paid; whole Rupiah."""
    end = installment.paid_on or on
    days = (min(end, on) - installment.due_date).days
    if days <= 0 or rate <= 0:
        return max(ZERO - installment.penalty_paid, ZERO)
    accrued = quantize_whole_rupiah(installment.total * rate * days)
    return max(accrued - installment.penalty_paid, ZERO)


@dataclass
class Owed:
    penalty: Decimal = ZERO
    interest_due: Decimal = ZERO  # interest of instalments due on or before the day
    principal_due: Decimal = ZERO  # principal of instalments due on or before the day
    interest_later: Decimal = ZERO
    principal_later: Decimal = ZERO
    days_past_due: int = 0
    overdue_installments: int = 0

    @property
    def due_now(self) -> Decimal:
        return self.penalty + self.interest_due + self.principal_due

    @property
    def principal_outstanding(self) -> Decimal:
        return self.principal_due + self.principal_later

    @property
    def payoff(self) -> Decimal:
        """Settling the loan today: penalty, interest due so far and all principal (later interest waived)."""
        return self.penalty + self.interest_due + self.principal_outstanding

    @property
    def everything(self) -> Decimal:
        return self.penalty + self.interest_due + self.interest_later + self.principal_outstanding


def owed(loan: Loan, installments: list[LoanInstallment], on: datetime.date) -> Owed:
    result = Owed()
    oldest_overdue = None
    for row in installments:
        result.penalty += penalty_accrued(row, loan.penalty_rate_per_day, on)
        if row.due_date <= on:
            result.interest_due += row.interest_due
            result.principal_due += row.principal_due
        else:
            result.interest_later += row.interest_due
            result.principal_later += row.principal_due
        if row.due_date < on and row.amount_due > 0:
            result.overdue_installments += 1
            oldest_overdue = row.due_date if oldest_overdue is None else min(oldest_overdue, row.due_date)
    result.days_past_due = (on - oldest_overdue).days if oldest_overdue else 0
    return result
