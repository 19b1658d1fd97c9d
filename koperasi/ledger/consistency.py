"""The ledger's checks for ``verify_books`` (koperasi.core.consistency)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from koperasi.core.consistency import Discrepancy, register
from koperasi.ledger.models import AccountBalance, JournalLine

ZERO = Decimal("0.00")


@register("ledger.entries_balance", "Every journal entry has two lines or more and its debits equal its credits.")
def entries_balance():
    totals = (
        JournalLine.objects.values("entry_id")
        .annotate(lines=Count("id"), debit=Sum("debit"), credit=Sum("credit"))
        .order_by("entry_id")
    )
    for row in totals:
        if row["lines"] < 2 or row["debit"] != row["credit"]:
            yield Discrepancy(
                "ledger.entries_balance",
                f"journal entry {row['entry_id']}",
                "debit = credit over 2+ lines",
                f"{row['lines']} lines, debit {row['debit']}, credit {row['credit']}",
            )


@register("ledger.account_balances", "Each account's monthly balance equals the sum of its journal lines.")
def account_balances():
    period = ExtractYear("entry__date") * 100 + ExtractMonth("entry__date")
    from_lines = defaultdict(lambda: (ZERO, ZERO))
    rows = (
        JournalLine.objects.annotate(period=period, closing=F("entry__is_closing"))
        .values("account_id", "period", "closing")
        .annotate(debit=Sum("debit"), credit=Sum("credit"))
        .order_by()
    )
    for row in rows:
        from_lines[(row["account_id"], row["period"], row["closing"])] = (row["debit"], row["credit"])
    stored = {
        (row.account_id, row.period, row.closing): (row.debit, row.credit) for row in AccountBalance.objects.all()
    }
    for key in sorted(set(from_lines) | set(stored)):
        expected, found = from_lines.get(key, (ZERO, ZERO)), stored.get(key, (ZERO, ZERO))
        if expected != found:
            account, month, closing = key
            yield Discrepancy(
                "ledger.account_balances",
                f"account {account}, period {month}{' (closing)' if closing else ''}",
                f"debit {expected[0]}, credit {expected[1]}",
                f"debit {found[0]}, credit {found[1]}",
            )
