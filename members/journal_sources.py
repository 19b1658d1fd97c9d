"""Members' kinds of journal source: savings receipts, loans, repayments, exit settlements."""

from django.utils.translation import gettext_lazy as _

from koperasi.ledger.sources import SourceKind, register_source
from members.loans.common import PURPOSE_ADMIN_FEE, PURPOSE_DISBURSEMENT, PURPOSE_WRITE_OFF
from members.savings.movements import (
    INTEREST_SOURCE,
    PURPOSE_DEPOSIT,
    PURPOSE_INTEREST,
    PURPOSE_MATURITY,
    PURPOSE_WITHDRAWAL,
)
from members.settlement import OFFSET_PURPOSE
from members.settlement import SOURCE as EXIT_SOURCE


def register() -> None:
    register_source(
        SourceKind(
            "members.SavingsTransaction",
            _("Savings transaction"),
            purposes={
                PURPOSE_DEPOSIT: _("Savings deposit"),
                PURPOSE_WITHDRAWAL: _("Savings withdrawal"),
                PURPOSE_INTEREST: _("Savings interest"),
                PURPOSE_MATURITY: _("Term deposit maturity"),
            },
            number=lambda movement: movement.receipt_number,
            link=lambda movement: ("members:savings-receipt", {"pk": movement.pk}),
        )
    )
    register_source(SourceKind(INTEREST_SOURCE, _("Savings interest")))
    register_source(
        SourceKind(
            "members.Loan",
            _("Loan"),
            purposes={
                PURPOSE_DISBURSEMENT: _("Loan disbursement"),
                PURPOSE_ADMIN_FEE: _("Loan fees"),
                PURPOSE_WRITE_OFF: _("Loan write-off"),
            },
            number=lambda loan: loan.number,
            link=lambda loan: ("members:loan-detail", {"pk": loan.pk}),
        )
    )
    register_source(
        SourceKind(
            "members.LoanRepayment",
            _("Loan repayment"),
            number=lambda repayment: repayment.receipt_number,
            link=lambda repayment: ("members:loan-receipt", {"pk": repayment.pk}),
        )
    )
    register_source(
        SourceKind(
            EXIT_SOURCE,
            _("Exit settlement"),
            purposes={OFFSET_PURPOSE: _("Loan offset at exit")},
            model="members.Member",
            number=lambda member: f"{member.member_no} {member.name}",
            link=lambda member: ("members:detail", {"pk": member.pk}),
        )
    )
    register_source(
        SourceKind(
            "members.ShuDistribution",
            _("SHU distribution"),
            number=lambda distribution: f"SHU {distribution.fiscal_year}",
            link=lambda distribution: ("members:shu", {}),
        )
    )
    register_source(SourceKind("members.ShuPayout", _("SHU payout"),
                               link=lambda payout: ("members:shu-slip", {"pk": payout.share_id})))  # fmt: skip
