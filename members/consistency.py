"""The savings checks for ``verify_books`` (koperasi.core.consistency)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Case, F, OuterRef, Subquery, Sum, When

from koperasi.core.consistency import Discrepancy, register
from members.savings.models import CREDIT_KINDS, SavingsAccount, SavingsTransaction

ZERO = Decimal("0.00")


@register(
    "savings.balances",
    "Each savings account's balance equals its deposits less its withdrawals, and the last transaction's "
    "balance after it.",
)
def savings_balances():
    transactions = SavingsTransaction.objects.filter(account=OuterRef("pk"))
    signed = Case(When(kind__in=CREDIT_KINDS, then=F("amount")), default=-F("amount"))
    accounts = SavingsAccount.objects.annotate(
        movements=Subquery(transactions.order_by().values("account").annotate(total=Sum(signed)).values("total")[:1]),
        last_after=Subquery(transactions.order_by("-id").values("balance_after")[:1]),
    ).order_by("id")
    for account in accounts.values("id", "balance", "movements", "last_after"):
        movements = account["movements"] if account["movements"] is not None else ZERO
        last_after = account["last_after"] if account["last_after"] is not None else ZERO
        if account["balance"] != movements or account["balance"] != last_after:
            yield Discrepancy(
                "savings.balances",
                f"savings account {account['id']}",
                f"balance {account['balance']}",
                f"sum of transactions {movements}, balance after the last {last_after}",
            )
