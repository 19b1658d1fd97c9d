"""The manager's home page at a glance: members and their growth, savings and loans outstanding with the
non-performing share, the waserda's sales and gross margin, raw-material deliveries and what is owed for
them, production against capacity, the SHU so far and cash — each figure with the period it covers — and the
last twelve months of income and expenses.

Balances come from the ledger's monthly ``AccountBalance`` rows (one grouped query), the rest from one
aggregate each: the page answers in a few dozen queries whatever the size of the books (bench/dashboards.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from koperasi.core.templatetags.formatting import tanggal
from koperasi.ledger.fiscal import Month
from koperasi.ledger.models import DEBIT_NORMAL, AccountBalance, AccountType
from members.loans.schedule import Collectibility
from members.loans.selectors import arrears, collectibility_summary
from members.models import Member
from performance.ledger_figures import net_income
from performance.scorecard_sources import a_year_before
from processing.models import ProductionLine
from processing.selectors import line_month
from procurement.models import Delivery, DeliveryStatus
from procurement.selectors import unpaid_deliveries
from waserda.models import Sale, SaleReturn

ZERO = Decimal("0.00")
SAVINGS_KEYS = ("principal_savings", "mandatory_savings", "voluntary_savings", "term_deposits")
CASH_KEYS = ("cash", "bank")
NON_PERFORMING = (Collectibility.SUBSTANDARD, Collectibility.DOUBTFUL, Collectibility.LOSS)


@dataclass(frozen=True)
class Figure:
    """One figure of the home page: ``kind`` says how to show it (rupiah, count, percent, quantity)."""

    key: str
    label: str
    value: Decimal | int | None
    kind: str
    period: str
    detail: str = ""


@dataclass
class ManagerHome:
    figures: list[Figure]
    production: list = field(default_factory=list)
    months: list[dict] = field(default_factory=list)  # income and expenses of the last twelve months


def _balances(keys: tuple[str, ...], month: Month) -> Decimal:
    """The accounts' balance at the end of ``month`` on their normal side."""
    rows = (
        AccountBalance.objects.filter(account__system_key__in=keys, period__lte=month.key)
        .values("account__type")
        .annotate(net=Sum(F("debit") - F("credit")))
    )
    total = ZERO
    for row in rows:
        net = row["net"] or ZERO
        total += net if row["account__type"] in DEBIT_NORMAL else -net
    return total


def _members(today: datetime.date) -> list[Figure]:
    year_start = datetime.date(today.year, 1, 1)
    counts = Member.objects.aggregate(
        now=Count("pk", filter=Q(admitted_on__lte=today) & (Q(exit_date__isnull=True) | Q(exit_date__gt=today))),
        year_ago=Count(
            "pk",
            filter=Q(admitted_on__lte=a_year_before(today))
            & (Q(exit_date__isnull=True) | Q(exit_date__gt=a_year_before(today))),
        ),
        joined=Count("pk", filter=Q(admitted_on__gte=year_start, admitted_on__lte=today)),
    )
    growth = (
        (Decimal(counts["now"] - counts["year_ago"]) * 100 / counts["year_ago"]).quantize(Decimal("0.1"))
        if counts["year_ago"]
        else None
    )
    since = _("since %(day)s") % {"day": tanggal(year_start)}
    return [
        Figure(
            "members",
            _("Members"),
            counts["now"],
            "count",
            _("today"),
            str(_("%(n)s joined")) % {"n": counts["joined"]} + f" {since}",
        ),
        Figure("member_growth", _("Member growth in a year"), growth, "percent", _("last 12 months")),
    ]


def _loans(today: datetime.date, month: Month) -> list[Figure]:
    summary = collectibility_summary(arrears(today), today)
    outstanding = sum((row["outstanding"] for row in summary), ZERO)
    bad = sum((row["outstanding"] for row in summary if row["class"] in NON_PERFORMING), ZERO)
    npl = (bad * 100 / outstanding).quantize(Decimal("0.01")) if outstanding else None
    return [
        Figure("savings", _("Savings held"), _balances(SAVINGS_KEYS, month), "rupiah", _("today")),
        Figure("loans", _("Loans outstanding"), outstanding, "rupiah", _("today")),
        Figure("npl", _("Non-performing loans"), npl, "percent", _("today"), _("kurang lancar, diragukan and macet")),
    ]


def _waserda(first_day: datetime.date, today: datetime.date, period: str) -> list[Figure]:
    sold = Sale.objects.filter(sold_at__date__gte=first_day, sold_at__date__lte=today).aggregate(
        total=Sum("total"), cost=Sum("cost_total")
    )
    returned = SaleReturn.objects.filter(returned_at__date__gte=first_day, returned_at__date__lte=today).aggregate(
        amount=Sum("amount"), cost=Sum("cost")
    )
    sales = (sold["total"] or ZERO) - (returned["amount"] or ZERO)
    cost = (sold["cost"] or ZERO) - (returned["cost"] or ZERO)
    margin = ((sales - cost) * 100 / sales).quantize(Decimal("0.1")) if sales else None
    return [
        Figure("waserda_sales", _("Waserda sales"), sales, "rupiah", period),
        Figure("waserda_margin", _("Waserda gross margin"), margin, "percent", period),
    ]


def _supply(first_day: datetime.date, today: datetime.date, period: str) -> list[Figure]:
    delivered = Delivery.objects.filter(status=DeliveryStatus.POSTED, date__gte=first_day, date__lte=today).aggregate(
        count=Count("pk"), value=Sum("value")
    )
    owed = unpaid_deliveries(today).aggregate(value=Sum("value"))["value"] or ZERO
    return [
        Figure(
            "deliveries",
            _("Raw-material deliveries"),
            delivered["value"] or ZERO,
            "rupiah",
            period,
            str(_("%(n)s deliveries")) % {"n": delivered["count"]},
        ),
        Figure("owed_to_suppliers", _("Owed to suppliers for deliveries"), owed, "rupiah", _("today")),
    ]


def _last_twelve_months(month: Month) -> list[dict]:
    first = Month(month.year - 1, month.month + 1) if month.month < 12 else Month(month.year, 1)
    rows = (
        AccountBalance.objects.filter(
            period__gte=first.key,
            period__lte=month.key,
            closing=False,
            account__type__in=[AccountType.INCOME, AccountType.EXPENSE],
        )
        .values("period", "account__type")
        .annotate(net=Sum(F("debit") - F("credit")))
    )
    totals: dict[int, dict[str, Decimal]] = {}
    for row in rows:
        kind = "income" if row["account__type"] == AccountType.INCOME else "expenses"
        net = row["net"] or ZERO
        totals.setdefault(row["period"], {})[kind] = -net if kind == "income" else net
    months, current = [], first
    for _index in range(12):
        figures = totals.get(current.key, {})
        income, expenses = figures.get("income", ZERO), figures.get("expenses", ZERO)
        months.append({"month": str(current), "income": income, "expenses": expenses, "shu": income - expenses})
        current = Month(current.year + 1, 1) if current.month == 12 else Month(current.year, current.month + 1)
    return months


def manager_home(today: datetime.date) -> ManagerHome:
    month = Month.of(today)
    this_month = _("this month (%(month)s)") % {"month": month}
    year_start = datetime.date(today.year, 1, 1)
    year_so_far = _("%(year)s so far") % {"year": today.year}
    figures = [
        *_members(today),
        *_loans(today, month),
        *_waserda(month.first_day, today, this_month),
        *_supply(month.first_day, today, this_month),
        Figure("shu_estimate", _("SHU so far (estimate)"), net_income(year_start, today), "rupiah", year_so_far),
        Figure("cash", _("Cash and bank"), _balances(CASH_KEYS, month), "rupiah", _("today")),
    ]
    lines = ProductionLine.objects.filter(is_active=True).select_related("plant", "product").order_by("plant__name")
    production = [line_month(line, month.first_day) for line in lines]
    return ManagerHome(figures, production, _last_twelve_months(month))
