"""Locking querysets of the ledger, in the one lock order: cooperative's sequence row → period row →
entry rows (by id ascending). Posting (``ledger_post_entry``) takes the sequence row and shares the
period row; closing a period locks the period row exclusively, so a period cannot close while an
entry dated in it is being posted."""

from __future__ import annotations

from koperasi.ledger.error_codes import no_period_error
from koperasi.ledger.fiscal import Month
from koperasi.ledger.models import FiscalPeriod, JournalEntry


def lock_period(year: int, month: int) -> FiscalPeriod:
    """The month's period row, locked FOR UPDATE; a month never set up is refused (periods come from
    ``services.open_fiscal_year`` only)."""
    period = FiscalPeriod.objects.select_for_update().filter(year=year, month=month).first()
    if period is None:
        raise no_period_error(Month(year, month))
    return period


def lock_entry(pk: int) -> JournalEntry:
    return JournalEntry.objects.select_for_update().get(pk=pk)


def lock_entries(pks) -> list[JournalEntry]:
    return list(JournalEntry.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
