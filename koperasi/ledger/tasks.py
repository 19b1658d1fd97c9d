"""Celery tasks of the ledger (thin: context, then a service)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from koperasi.celery import CooperativeTask
from koperasi.ledger.fiscal import Month


def previous_month() -> Month:
    return Month.of(timezone.localdate()).plus(-1)


@shared_task(base=CooperativeTask, name="ledger.post_depreciation", one_at_a_time=True)
def post_depreciation(*, cooperative_id: int, month: str | None = None) -> int:
    """Post the cooperative's due depreciation up to ``month`` (YYYY-MM; default: last month)."""
    from koperasi.ledger.assets import run_depreciation

    return run_depreciation(Month.parse(month) if month else previous_month())


@shared_task(name="ledger.depreciation_for_all_cooperatives")
def depreciation_for_all_cooperatives(month: str | None = None) -> int:
    """Monthly fan-out: one depreciation task per active cooperative."""
    from koperasi.tenancy.selectors import active_cooperative_ids

    month = month or str(previous_month())
    ids = active_cooperative_ids()
    for cooperative_id in ids:
        post_depreciation.delay(cooperative_id=cooperative_id, month=month)
    return len(ids)


@shared_task(base=CooperativeTask, name="ledger.open_coming_fiscal_year")
def open_coming_fiscal_year(*, cooperative_id: int) -> int:
    """Open the fiscal year a month from now (the new year is ready before its first day)."""
    import datetime

    from koperasi.ledger.fiscal import fiscal_year_of
    from koperasi.ledger.selectors import current_cooperative
    from koperasi.ledger.services import open_fiscal_year

    coming = timezone.localdate() + datetime.timedelta(days=31)
    fiscal_year = fiscal_year_of(coming, current_cooperative().fiscal_year_start_month)
    return len(open_fiscal_year(actor=None, fiscal_year=fiscal_year))


@shared_task(name="ledger.open_fiscal_years_for_all_cooperatives")
def open_fiscal_years_for_all_cooperatives() -> int:
    """Monthly fan-out: every active cooperative has the coming fiscal year open."""
    from koperasi.tenancy.selectors import active_cooperative_ids

    ids = active_cooperative_ids()
    for cooperative_id in ids:
        open_coming_fiscal_year.delay(cooperative_id=cooperative_id)
    return len(ids)
