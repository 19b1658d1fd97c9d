"""A member's own data, for the member to download from the portal: their profile, savings accounts and
movements, mandatory bills, loans with their schedules and repayments, credit lines and SHU, as one ZIP
of CSV files (every column of those rows) with the profile as JSON. Every row is found through the member
(``member=...``), inside the cooperative's context: nobody else's row can be in it."""

from __future__ import annotations

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from koperasi.core.data_export import write_table
from members.credit_lines.models import CreditLine, CreditLineMovement
from members.loans.models import Loan, LoanInstallment, LoanRepayment
from members.models import Member
from members.savings.models import MandatoryBill, SavingsAccount, SavingsTransaction
from members.shu.models import ShuPayout, ShuShare
from members.shu.selectors import member_history

PROFILE_FIELDS = ["member_no", "nik", "name", "sex", "birth_date", "address", "phone", "occupation",
                  "farmer_group", "join_date", "admitted_on", "status", "exit_date", "exit_reason"]  # fmt: skip


def member_tables(member: Member) -> dict[str, object]:
    """File name → the member's own rows of one table."""
    shares = member_history(member)
    return {
        "savings_accounts.csv": SavingsAccount.objects.filter(member=member).order_by("pk"),
        "savings_transactions.csv": SavingsTransaction.objects.filter(account__member=member).order_by("pk"),
        "mandatory_bills.csv": MandatoryBill.objects.filter(member=member).order_by("pk"),
        "loans.csv": Loan.objects.filter(member=member).order_by("pk"),
        "loan_installments.csv": LoanInstallment.objects.filter(loan__member=member).order_by("loan_id", "number"),
        "loan_repayments.csv": LoanRepayment.objects.filter(loan__member=member).order_by("pk"),
        "credit_lines.csv": CreditLine.objects.filter(member=member).order_by("pk"),
        "credit_line_movements.csv": CreditLineMovement.objects.filter(line__member=member).order_by("pk"),
        "shu_shares.csv": ShuShare.objects.filter(pk__in=shares.values("pk")).order_by("pk"),
        "shu_payouts.csv": ShuPayout.objects.filter(share__in=shares.values("pk")).order_by("pk"),
    }


def member_data_zip(member: Member) -> bytes:
    """The ZIP of the member's own data."""
    buffer = io.BytesIO()
    counts = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, queryset in member_tables(member).items():
            counts[name] = write_table(archive, name, queryset)
        profile = {
            "cooperative": member.cooperative.name,
            "generated_at": timezone.now().isoformat(),
            "member": {field: getattr(member, field) for field in PROFILE_FIELDS},
            "rows": counts,
        }
        archive.writestr("profile.json", json.dumps(profile, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
    return buffer.getvalue()
