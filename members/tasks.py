"""Celery tasks of members (thin: the cooperative's context, then a service).

Monthly, for every active cooperative (``members.monthly_savings_for_all_cooperatives``, on the 1st):
bill this month's simpanan wajib, credit last month's jasa simpanan, mature the term deposits due by
the end of last month. Each is idempotent per month, so a retried or repeated run changes nothing.
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from koperasi.celery import CooperativeTask
from koperasi.ledger.fiscal import Month


def _month(month: str | None, default_offset: int) -> Month:
    return Month.parse(month) if month else Month.of(timezone.localdate()).plus(default_offset)


@shared_task(base=CooperativeTask, name="members.bill_mandatory_savings", one_at_a_time=True)
def bill_mandatory_savings(*, cooperative_id: int, month: str | None = None) -> int:
    """Bill simpanan wajib for ``month`` (YYYY-MM; default: this month)."""
    from members.savings.monthly import bill_mandatory_savings as bill

    return bill(_month(month, 0))


@shared_task(base=CooperativeTask, name="members.credit_savings_interest", one_at_a_time=True)
def credit_savings_interest(*, cooperative_id: int, month: str | None = None) -> int:
    """Credit jasa simpanan for ``month`` (default: last month)."""
    from members.savings.interest_run import credit_savings_interest as credit

    return credit(_month(month, -1))


@shared_task(base=CooperativeTask, name="members.mature_term_deposits", one_at_a_time=True)
def mature_term_deposits(*, cooperative_id: int, month: str | None = None) -> int:
    """Mature the term deposits due by the end of ``month`` (default: last month)."""
    from members.savings.monthly import mature_term_deposits as mature

    return mature(_month(month, -1).last_day)


@shared_task(base=CooperativeTask, name="members.bill_credit_line_interest", one_at_a_time=True)
def bill_credit_line_interest(*, cooperative_id: int, month: str | None = None) -> int:
    """Bill ``month``'s interest (default: last month) on every open credit line."""
    from members.credit_lines.services import bill_all

    return bill_all(_month(month, -1))


@shared_task(name="members.monthly_savings_for_all_cooperatives")
def monthly_savings_for_all_cooperatives() -> int:
    """Monthly fan-out: the three savings jobs for each active cooperative."""
    from koperasi.tenancy.selectors import active_cooperative_ids

    this_month, last_month = Month.of(timezone.localdate()), Month.of(timezone.localdate()).plus(-1)
    ids = active_cooperative_ids()
    for cooperative_id in ids:
        bill_mandatory_savings.delay(cooperative_id=cooperative_id, month=str(this_month))
        mature_term_deposits.delay(cooperative_id=cooperative_id, month=str(last_month))
        credit_savings_interest.delay(cooperative_id=cooperative_id, month=str(last_month))
        bill_credit_line_interest.delay(cooperative_id=cooperative_id, month=str(last_month))
    return len(ids)


@shared_task(base=CooperativeTask, name="members.compute_shu_draft")
def compute_shu_draft(*, cooperative_id: int, fiscal_year: int, actor_id: int | None = None) -> int:
    """Compute the year's SHU draft in the background, its progress visible on the SHU page."""
    from koperasi.accounts.models import User
    from members.shu import progress, services

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        distribution = services.compute_draft(
            actor=actor, fiscal_year=fiscal_year,
            progress=lambda done, total: progress.report(cooperative_id, fiscal_year, done, total),
        )  # fmt: skip
    except Exception as error:
        progress.failed(cooperative_id, fiscal_year, str(getattr(error, "messages", [error])[0]))
        raise
    progress.finished(cooperative_id, fiscal_year)
    return distribution.shares.count()
