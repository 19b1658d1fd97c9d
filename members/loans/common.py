"""What the loan modules share: posting purposes and the status check."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from members.error_codes import MemberErrorCode, coded_error
from members.loans.models import Loan

ZERO = Decimal("0.00")
REPAYMENT_SOURCE = "members.loan_repayment"
PURPOSE_DISBURSEMENT = "loan.disbursement"
PURPOSE_ADMIN_FEE = "loan.admin_fee"
PURPOSE_REPAYMENT = "loan.repayment"
PURPOSE_WRITE_OFF = "loan.write_off"


def require_status(loan: Loan, *statuses: str) -> None:
    if loan.status not in statuses:
        raise coded_error(
            "status",
            _("Not possible while the loan is %(status)s.") % {"status": loan.get_status_display()},
            MemberErrorCode.LOAN_STATUS,
        )
