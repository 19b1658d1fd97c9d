"""What each supplier owes the cooperative on a day, per kind of deduction (reads, O(1) queries)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import F, Sum

from koperasi.ledger.models import JournalLine
from koperasi.money import quantize_rupiah
from members.loans.arrears import owed
from members.loans.models import Loan, LoanInstallment, LoanStatus
from members.models import Member
from members.savings.selectors import with_mandatory_arrears
from procurement.models import DeductionKind, InputCharge, ProcurementSettings, Supplier

ZERO = Decimal(0)
MEMBER_PARTY = "members.Member"


def _loans(member_ids: list[int], on: datetime.date) -> dict[int, tuple[Decimal, Decimal]]:
    """Per member: (instalments due by ``on`` with penalties, everything the running loans still owe)."""
    loans = list(Loan.objects.filter(member_id__in=member_ids, status=LoanStatus.DISBURSED))
    installments = defaultdict(list)
    for row in LoanInstallment.objects.filter(loan__in=loans).order_by("loan_id", "number"):
        installments[row.loan_id].append(row)
    result: dict[int, tuple[Decimal, Decimal]] = {}
    for loan in loans:
        owing = owed(loan, installments[loan.pk], on)
        due, everything = result.get(loan.member_id, (ZERO, ZERO))
        result[loan.member_id] = (due + owing.due_now, everything + owing.everything)
    return result


def _wajib(member_ids: list[int]) -> dict[int, Decimal]:
    members = with_mandatory_arrears(Member.objects.filter(pk__in=member_ids)).values(
        "pk", "wajib_billed", "wajib_paid"
    )
    return {row["pk"]: max((row["wajib_billed"] or ZERO) - (row["wajib_paid"] or ZERO), ZERO) for row in members}


def _shop_credit(member_ids: list[int]) -> dict[int, Decimal]:
    rows = (
        JournalLine.objects.filter(
            account__system_key="accounts_receivable", party_type=MEMBER_PARTY, party_id__in=member_ids
        )
        .values("party_id")
        .annotate(balance=Sum(F("debit") - F("credit")))
        .order_by("party_id")
    )
    return {row["party_id"]: max(row["balance"] or ZERO, ZERO) for row in rows}


def _inputs(supplier_ids: list[int]) -> dict[int, Decimal]:
    rows = (
        InputCharge.objects.filter(supplier_id__in=supplier_ids)
        .values("supplier_id")
        .annotate(open=Sum(F("amount") - F("settled")))
        .order_by("supplier_id")
    )
    return {row["supplier_id"]: row["open"] or ZERO for row in rows}


def debts(
    suppliers: list[Supplier], gross: dict[int, Decimal], on: datetime.date
) -> dict[int, list[tuple[str, Decimal]]]:
    """Per supplier, what it owes in the cooperative's deduction order: ``[(kind, amount), …]``.

    Loans take the instalments due (with penalties), or — when the settings give a share — that share of
    the gross, never more than the loans still owe."""
    settings = ProcurementSettings.objects.first() or ProcurementSettings()
    member_ids = [s.member_id for s in suppliers if s.member_id]
    loans, wajib, shop = _loans(member_ids, on), _wajib(member_ids), _shop_credit(member_ids)
    inputs = _inputs([s.pk for s in suppliers])
    result = {}
    for supplier in suppliers:
        due, everything = loans.get(supplier.member_id, (ZERO, ZERO))
        loan = due if settings.loan_share is None else min(everything, (gross[supplier.pk] * settings.loan_share))
        owed_by_kind = {
            DeductionKind.LOAN: quantize_rupiah(loan),
            DeductionKind.WAJIB: wajib.get(supplier.member_id, ZERO),
            DeductionKind.SHOP_CREDIT: shop.get(supplier.member_id, ZERO),
            DeductionKind.INPUTS: inputs.get(supplier.pk, ZERO),
        }
        result[supplier.pk] = [(kind, owed_by_kind[DeductionKind(kind)]) for kind in settings.order]
    return result
