"""Reads of savings: account lists, a member's balances, simpanan wajib arrears, ledger totals."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from members.savings.models import (
    AccountStatus,
    MandatoryBill,
    SavingsAccount,
    SavingsKind,
    SavingsProduct,
    SavingsTransaction,
    TransactionKind,
)

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=20, decimal_places=2)


def search_accounts(q: str = "", kind: str = "", status: str = "") -> QuerySet[SavingsAccount]:
    """Accounts of the cooperative in context; digits search the member number, text the name."""
    accounts = SavingsAccount.objects.select_related("member", "product")
    text = " ".join((q or "").split())
    if text.isdigit():
        accounts = accounts.filter(Q(member__member_no=int(text)) | Q(pk=int(text)))
    elif text:
        accounts = accounts.filter(member__name__icontains=text)
    if kind:
        accounts = accounts.filter(kind=kind)
    if status:
        accounts = accounts.filter(status=status)
    return accounts.order_by("member__member_no", "kind", "pk")


def _total(queryset, group: str):
    grouped = queryset.order_by().values(group).annotate(total=Sum("amount")).values("total")[:1]
    return Coalesce(Subquery(grouped, output_field=MONEY), Value(ZERO), output_field=MONEY)


def with_mandatory_arrears(members):
    """Annotate members with ``wajib_billed`` and ``wajib_paid`` (deposits into wajib), one query."""
    billed = MandatoryBill.objects.filter(member_id=OuterRef("pk"))
    paid = SavingsTransaction.objects.filter(
        account__member_id=OuterRef("pk"), account__kind=SavingsKind.MANDATORY, kind=TransactionKind.DEPOSIT
    )
    return members.annotate(wajib_billed=_total(billed, "member_id"), wajib_paid=_total(paid, "account__member_id"))


def mandatory_arrears(member) -> Decimal:
    """Simpanan wajib billed and not yet deposited (never below zero)."""
    billed = MandatoryBill.objects.filter(member=member).aggregate(total=Sum("amount"))["total"] or ZERO
    paid = (
        SavingsTransaction.objects.filter(
            account__member=member, account__kind=SavingsKind.MANDATORY, kind=TransactionKind.DEPOSIT
        ).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    return max(billed - paid, ZERO)


def member_accounts(member) -> list[SavingsAccount]:
    return list(SavingsAccount.objects.filter(member=member).select_related("product").order_by("status", "kind", "pk"))


def member_savings_summary(member) -> dict:
    """Savings shown on the member's page (staff) and in the portal."""
    accounts = member_accounts(member)
    return {
        "accounts": accounts,
        "open_total": sum((account.balance for account in accounts if account.status == AccountStatus.OPEN), 0),
        "wajib_arrears": mandatory_arrears(member),
        "has_term_product": SavingsProduct.objects.filter(kind=SavingsKind.TERM, is_active=True).exists(),
    }


def member_savings_total(member) -> Decimal:
    """All the member's open savings balances (the base of a loan's savings multiple)."""
    total = SavingsAccount.objects.filter(member=member, status=AccountStatus.OPEN).aggregate(total=Sum("balance"))
    return total["total"] or ZERO


def balances_by_ledger_key() -> dict[str, Decimal]:
    """Sum of all account balances per ledger account key (to compare with the ledger)."""
    from members.savings.models import LEDGER_KEYS

    rows = SavingsAccount.objects.values("kind").annotate(total=Sum("balance")).order_by()
    totals = {key: ZERO for key in LEDGER_KEYS.values()}
    for row in rows:
        totals[LEDGER_KEYS[SavingsKind(row["kind"])]] += row["total"] or ZERO
    return totals


def passbook_movements(account) -> QuerySet[SavingsTransaction]:
    """The account's movements oldest first, as a savings book (buku simpanan) lists them."""
    return SavingsTransaction.objects.filter(account=account).order_by("date", "id")


def transactions_of(account) -> QuerySet[SavingsTransaction]:
    return SavingsTransaction.objects.filter(account=account).select_related("journal_entry").order_by("-date", "-id")
