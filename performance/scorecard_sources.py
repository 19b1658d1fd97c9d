"""The Balanced Scorecard measures a cooperative's own books can give (seed 003 §3.5, the formulas of
``performance.methods.bsc.FORMULAS``): for a period, the inputs of each measure's formula, gathered from the
ledger, members, the waserda and the processing plants. A measure none of these can give is entered by hand
with its evidence (``ScorecardEntry``).

Periods are [first_day, last_day]; "the same span a year earlier" compares a year so far with last year's.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, F, Max, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from members.models import Member
from performance.ledger_figures import flow, net_income, own_capital, total_assets
from processing.models import BatchLabour, BatchOutput, BatchStatus
from waserda.models import OrderStatus, PurchaseOrder, SaleLine, SaleReturnLine

ZERO = Decimal(0)
SUM_FIELD = DecimalField(max_digits=24, decimal_places=3)
# Grades of a batch output that mean it is defective (processing: BatchOutput.grade, compared in lower case).
DEFECT_GRADES = ("cacat", "afkir", "reject")
SALES_KEYS = ("sales_waserda", "sales_processed")


def _sum(queryset, expression) -> Decimal:
    total = queryset.aggregate(total=Coalesce(Sum(expression, output_field=SUM_FIELD), Value(ZERO)))["total"]
    return Decimal(total)


def a_year_before(day: datetime.date) -> datetime.date:
    """The same day a year earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def sales(first_day: datetime.date, last_day: datetime.date) -> Decimal:
    """Net sales of the waserda and of processed products."""
    return flow(first_day, last_day, system_key__in=SALES_KEYS)


def members_at(day: datetime.date) -> int:
    """Members admitted on or before ``day`` who had not left by then."""
    return Member.objects.filter(admitted_on__lte=day).exclude(exit_date__isnull=False, exit_date__lte=day).count()


@dataclass(frozen=True)
class DataSource:
    """A measure the books give: its label, the bsc formula and how its inputs are gathered."""

    label: str
    formula: str
    gather: Callable[[datetime.date, datetime.date], dict[str, Decimal]]


def _own_capital_growth(first_day, last_day):
    return {"previous": own_capital(a_year_before(last_day)), "current": own_capital(last_day)}


def _sales_growth(first_day, last_day):
    return {
        "previous": sales(a_year_before(first_day), a_year_before(last_day)),
        "current": sales(first_day, last_day),
    }


def _roi(first_day, last_day):
    return {"net_income": net_income(first_day, last_day), "total_assets": total_assets(last_day)}


def _member_acquisition(first_day, last_day):
    """New members of the period over the members at its start (seed 003's 200 % divides by the previous
    year's count)."""
    start = first_day - datetime.timedelta(days=1)
    joined = Member.objects.filter(admitted_on__gte=first_day, admitted_on__lte=last_day).count()
    return {"new_customers": Decimal(joined), "customers": Decimal(members_at(start))}


def _member_retention(first_day, last_day):
    """Members who left in the period over the mean of the members at its start and at its end."""
    left = Member.objects.filter(exit_date__gte=first_day, exit_date__lte=last_day).count()
    start, end = members_at(first_day - datetime.timedelta(days=1)), members_at(last_day)
    return {"customers_lost": Decimal(left), "average_customers": Decimal(start + end) / 2}


def _received_orders(first_day, last_day):
    """Waserda purchase orders received in full whose last goods receipt falls in the period."""
    orders = PurchaseOrder.objects.filter(status=OrderStatus.RECEIVED).annotate(received_on=Max("receipts__date"))
    return orders.filter(received_on__gte=first_day, received_on__lte=last_day)


def _on_time_delivery(first_day, last_day):
    """Orders received by their expected date over the orders (with an expected date) received in the
    period."""
    orders = _received_orders(first_day, last_day).filter(expected_date__isnull=False)
    on_time = orders.filter(received_on__lte=F("expected_date")).count()
    return {"on_time": Decimal(on_time), "deliveries": Decimal(orders.count())}


def _supplier_lead_time(first_day, last_day):
    """Mean days from order to the last receipt of the orders received in the period."""
    orders = list(_received_orders(first_day, last_day).values_list("order_date", "received_on"))
    days = sum(((received - ordered).days for ordered, received in orders), 0)
    return {"total_days": Decimal(days), "orders": Decimal(len(orders))}


def _sales_return(first_day, last_day):
    """Quantity returned to the waserda over the quantity sold, in the period."""
    sold = SaleLine.objects.filter(sale__sold_at__date__gte=first_day, sale__sold_at__date__lte=last_day)
    returned = SaleReturnLine.objects.filter(
        sale_return__returned_at__date__gte=first_day, sale_return__returned_at__date__lte=last_day
    )
    return {"returned": _sum(returned, F("quantity")), "sold": _sum(sold, F("quantity"))}


def _finished_outputs(first_day, last_day):
    return BatchOutput.objects.filter(
        is_main=True,
        batch__status=BatchStatus.FINISHED,
        batch__finished_on__gte=first_day,
        batch__finished_on__lte=last_day,
    )


def _defect_rate(first_day, last_day):
    """Main-product output graded defective (cacat, afkir, reject) over all main-product output of the
    batches finished in the period."""
    outputs = _finished_outputs(first_day, last_day)
    defective = Q()
    for grade in DEFECT_GRADES:
        defective |= Q(grade__iexact=grade)
    return {"defective": _sum(outputs.filter(defective), F("quantity")), "produced": _sum(outputs, F("quantity"))}


def _labour_productivity(first_day, last_day):
    """Main-product output per hour of labour of the batches finished in the period (hours = Σ HOK × the
    plant's hours per HOK)."""
    labour = BatchLabour.objects.filter(
        batch__status=BatchStatus.FINISHED, batch__finished_on__gte=first_day, batch__finished_on__lte=last_day
    )
    hours = _sum(labour, F("hok") * F("batch__line__plant__hours_per_hok"))
    return {"output": _sum(_finished_outputs(first_day, last_day), F("quantity")), "hours": hours}


DATA_SOURCES: dict[str, DataSource] = {
    "own_capital_growth": DataSource(_("Own capital growth (%) — ledger"), "growth", _own_capital_growth),
    "sales_growth": DataSource(_("Sales growth (%) — ledger"), "growth", _sales_growth),
    "roi": DataSource(_("ROI (%) — ledger"), "roi", _roi),
    "member_acquisition": DataSource(
        _("Member acquisition (%) — members"), "customer_acquisition", _member_acquisition
    ),
    "member_retention": DataSource(_("Members lost (%) — members"), "customer_retention", _member_retention),
    "on_time_delivery": DataSource(
        _("On-time delivery (%) — waserda purchase orders"), "on_time_delivery", _on_time_delivery
    ),
    "supplier_lead_time": DataSource(
        _("Supplier lead time (days) — waserda purchase orders"), "supplier_lead_time", _supplier_lead_time
    ),
    "sales_return": DataSource(_("Sales returns (%) — waserda"), "sales_return", _sales_return),
    "defect_rate": DataSource(_("Defective output (%) — batches"), "defect_rate", _defect_rate),
    "labour_productivity": DataSource(
        _("Output per labour hour — batches"), "employee_productivity", _labour_productivity
    ),
}
