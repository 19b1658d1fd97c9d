"""The whole demo, as ``scripts/demo.sh`` loads it: every demo cooperative's books are believable.

No cooperative ever has less than nothing in Kas or Bank (day by day, not only at the end),
nothing the demo records is dated after the day it was loaded, ``verify_books`` finds every
running total equal to its movements, and every business document and journal entry has its audit
event in the cooperative's trail.
"""

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from demo.tenancy import DEMO_COOPERATIVES, demo_cooperative
from koperasi.accounts.models import AuditEvent
from koperasi.ledger.models import JournalEntry, JournalLine
from koperasi.tenancy.context import cooperative_context, current_cooperative_id
from members.savings.models import SavingsTransaction
from tests.accounts.test_audit_coverage import DOCUMENTS
from waserda.models import Sale, StockMovement

pytestmark = pytest.mark.django_db


def _days_below_zero(system_key: str) -> list[tuple]:
    """(day, balance at the end of that day) of every day the account ended below zero."""
    rows = (
        JournalLine.objects.filter(account__system_key=system_key)
        .values("entry__date")
        .annotate(debit=Sum("debit"), credit=Sum("credit"))
        .order_by("entry__date")
    )
    balance, negative = 0, []
    for row in rows:
        balance += row["debit"] - row["credit"]
        if balance < 0:
            negative.append((row["entry__date"], balance))
    return negative


def _dated_after(today) -> dict[str, int]:
    return {
        "journal lines": JournalLine.objects.filter(entry__date__gt=today).count(),
        "savings transactions": SavingsTransaction.objects.filter(date__gt=today).count(),
        "sales": Sale.objects.filter(sold_at__date__gt=today).count(),
        "stock movements": StockMovement.objects.filter(occurred_at__date__gt=today).count(),
    }


def _untraced() -> list[str]:
    """Documents and journal entries of the cooperative in context without an event in its trail (an entry
    posted inside its document's own statement counts as traced by its document's event)."""
    traced = set(
        AuditEvent.objects.filter(cooperative_id=current_cooperative_id()).values_list("object_type", "object_id")
    )
    missing = [
        f"{model._meta.label} {pk}"
        for model in DOCUMENTS
        for pk in model.objects.values_list("pk", flat=True)
        if (model._meta.label, str(pk)) not in traced
    ]
    for pk, source_type, source_id in JournalEntry.objects.values_list("pk", "source_type", "source_id"):
        if ("ledger.JournalEntry", str(pk)) not in traced and (source_type, source_id) not in traced:
            missing.append(f"ledger.JournalEntry {pk}")
    return missing


def test_every_demo_cooperative_keeps_kas_and_bank_above_zero_and_nothing_in_the_future():
    call_command("load_demo", stdout=io.StringIO())
    today = timezone.localdate()
    for slug in (spec["slug"] for spec in DEMO_COOPERATIVES):
        with cooperative_context(demo_cooperative(slug).pk):
            assert JournalLine.objects.filter(account__system_key="cash").exists(), slug
            for key in ("cash", "bank"):
                negative = _days_below_zero(key)
                assert negative == [], f"{slug}: {key} below zero on {negative[:3]}"
            late = _dated_after(today)
            assert late == dict.fromkeys(late, 0), f"{slug}: dated after {today}: {late}"
            assert _untraced() == [], slug
    out = io.StringIO()
    call_command("verify_books", stdout=out)  # raises CommandError on any discrepancy
    assert f"The books agree ({len(DEMO_COOPERATIVES)} cooperative(s))." in out.getvalue()
