"""Locking querysets of the ledger, in the one lock order: cooperative's sequence row → period row →
entry rows (by id ascending). Posting (``ledger_post_entry``) takes the sequence row and shares the
period row; closing a period locks the period row exclusively, so a period cannot close while an
entry dated in it is being posted."""

from __future__ import annotations

from koperasi.ledger.models import FiscalPeriod, JournalEntry


def lock_period(year: int, month: int) -> FiscalPeriod:
    """The month's period row, created when missing, locked FOR UPDATE."""
    FiscalPeriod.objects.get_or_create(year=year, month=month)
    return FiscalPeriod.objects.select_for_update().get(year=year, month=month)


def lock_entry(pk: int) -> JournalEntry:
    return JournalEntry.objects.select_for_update().get(pk=pk)


def lock_entries(pks) -> list[JournalEntry]:
    return list(JournalEntry.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
