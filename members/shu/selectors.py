"""Reads of SHU: distributions and a member's shares, the year's estimate to date, the portal section and
the distribution as a spreadsheet."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from koperasi.ledger.fiscal import fiscal_year_of
from koperasi.ledger.models import AccountBalance, AccountType
from koperasi.ledger.selectors import current_cooperative
from members.portal_sections import PortalRow, PortalSection
from members.shu import services
from members.shu.models import DistributionStatus, ShuShare

ZERO = Decimal(0)
SHARED = (DistributionStatus.APPROVED, DistributionStatus.POSTED)


def shares(distribution, q: str = "") -> QuerySet[ShuShare]:
    found = distribution.shares.select_related("member").order_by("member__member_no")
    text = (q or "").strip()
    if text:
        condition = Q(member__name__icontains=text)
        if text.isdigit():
            condition |= Q(member__member_no=int(text))
        found = found.filter(condition)
    return found


def member_history(member) -> QuerySet[ShuShare]:
    """The member's SHU of every year shared at a RAT, newest first."""
    return (
        ShuShare.objects.filter(member=member, distribution__status__in=SHARED)
        .select_related("distribution")
        .order_by("-distribution__fiscal_year")
    )


def base_totals(distribution) -> dict[str, Decimal]:
    """The cooperative's totals the members' amounts were shared by (for the slip): summed in the
    database, as a slip of a 100.000-member year is opened by each member."""
    capital = distribution.shares.aggregate(c=Sum("capital_base"))["c"] or ZERO
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT source.key, SUM(source.value::numeric) FROM members_shushare share,"
            " jsonb_each_text(share.patronage_bases) AS source WHERE share.distribution_id = %s"
            " GROUP BY source.key",
            [distribution.pk],
        )
        patronage = dict(cursor.fetchall())
    return {"capital": capital, **patronage}


@dataclass(frozen=True)
class Estimate:
    fiscal_year: int
    until: datetime.date
    surplus: Decimal
    capital: Decimal
    patronage: Decimal

    @property
    def total(self) -> Decimal:
        return self.capital + self.patronage


def surplus_to_date(fiscal_year: int, until: datetime.date) -> Decimal:
    """Income − expenses of the fiscal year's months up to ``until``'s month (the closing entry is not there
    yet: the year is open)."""
    start, _end = services.year_range(fiscal_year)
    nets = AccountBalance.objects.filter(
        period__gte=start.year * 100 + start.month, period__lte=until.year * 100 + until.month,
        account__type__in=[AccountType.INCOME, AccountType.EXPENSE],
    ).aggregate(net=Sum(F("credit") - F("debit")))  # fmt: skip
    return nets["net"] or ZERO


def estimate(member, today: datetime.date) -> Estimate | None:
    """The member's SHU of the running year if the year ended today: the surplus to date shared by the
    year's rule (or the one it would get) over every member's bases to date. An estimate, not a promise.
    The whole cooperative's estimate is computed once a day and kept in the cache (it costs what a draft
    costs: BENCHMARKS.md, "SHU"), so members opening the portal do not each pay for it."""
    year = fiscal_year_of(today, current_cooperative().fiscal_year_start_month)
    key = f"shu-estimate:{member.cooperative_id}:{today.isoformat()}"
    shares = cache.get(key)
    if shares is None:
        shares = _estimate_all(year, today)
        cache.set(key, shares, 24 * 3600)
    surplus, amounts = shares
    capital, patronage = amounts.get(member.pk, (ZERO, ZERO))
    return Estimate(year, today, surplus, capital, patronage)


def _estimate_all(year: int, today: datetime.date) -> tuple[Decimal, dict[int, tuple[Decimal, Decimal]]]:
    rule = services.rule_for(year) or services.default_rule(year)
    surplus = surplus_to_date(year, today)
    if surplus <= 0:
        return surplus, {}
    start, _end = services.year_range(year)
    result = services.allocate(rule, surplus, services.member_bases(rule, start, today))
    return surplus, {pk: (share.capital, share.patronage) for pk, share in result.members.items() if share.total}


def portal_shu(member, limit: int) -> PortalSection:
    """The member portal's SHU section: every year's SHU (paid or still owed) and this year's estimate."""
    rows = [
        PortalRow(
            date=share.distribution.rat_date,
            text=_("SHU %(year)s") % {"year": share.distribution.fiscal_year},
            amount=share.total,
            note=_("paid") if share.unpaid == 0 else _("Rp %(left)s still to be paid") % {"left": share.unpaid},
        )
        for share in member_history(member)[:limit]
    ]
    guess = estimate(member, datetime.date.today())
    balances = []
    if guess is not None:
        label = _("Estimate for %(year)s to date (not final)") % {"year": guess.fiscal_year}
        balances.append((label, guess.total))
    return PortalSection(rows=rows, balances=balances)
