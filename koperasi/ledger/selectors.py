"""Reads of the ledger (small lookups; the statements live in ``statements.py``)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from koperasi.ledger.error_codes import LedgerError, LedgerErrorCode
from koperasi.ledger.models import Account, FiscalPeriod, JournalEntry, JournalLine, PeriodStatus
from koperasi.tenancy.context import current_cooperative_id
from koperasi.tenancy.models import Cooperative


def account_for(key: str) -> Account:
    """The seeded account with this system key (``cash``, ``loan_receivable``, …)."""
    try:
        return Account.objects.get(system_key=key)
    except Account.DoesNotExist:
        raise LedgerError(LedgerErrorCode.ACCOUNT_UNKNOWN, f"No account with key {key!r}") from None


def accounts_by_key(keys) -> dict[str, Account]:
    found = {account.system_key: account for account in Account.objects.filter(system_key__in=set(keys))}
    missing = set(keys) - set(found)
    if missing:
        raise LedgerError(LedgerErrorCode.ACCOUNT_UNKNOWN, f"No account with key(s) {sorted(missing)}")
    return found


def accounts_with_usage():
    """The chart with ``has_postings`` per account (one query)."""
    return Account.objects.select_related("parent", "business_unit").annotate(
        has_postings=Exists(JournalLine.objects.unscoped().filter(account=OuterRef("pk")))
    )


def current_cooperative() -> Cooperative:
    return Cooperative.objects.get(pk=current_cooperative_id())


def is_period_closed(year: int, month: int) -> bool:
    return FiscalPeriod.objects.filter(year=year, month=month, status=PeriodStatus.CLOSED).exists()


def entry_with_lines(pk: int) -> JournalEntry:
    return JournalEntry.objects.prefetch_related("lines__account", "lines__business_unit").get(pk=pk)


def entry_for_source(source_type: str, source_id: str, purpose: str) -> JournalEntry | None:
    return JournalEntry.objects.filter(source_type=source_type, source_id=str(source_id), purpose=purpose).first()
