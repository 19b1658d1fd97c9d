"""Replenishment (pengisian ulang stok): per product, the average daily demand over a window, the
reorder point and a suggested order quantity; a selection becomes draft purchase orders per supplier.

    average daily demand d = net quantity sold in the last ``window`` days / ``window``
    reorder point        R = d × lead time (days) + safety stock
    order-up-to level    S = R + d × order cycle (days)
    suggested quantity   q = ⌈S − (on hand + on order)⌉ when on hand + on order ≤ R, else 0

A product without sales in the window keeps its stored reorder point (set by hand or by the nightly
job, which stores R for every product). One query gathers the sales and open orders of all products.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.money import quantize_quantity, quantize_rupiah
from waserda.error_codes import WaserdaError, WaserdaErrorCode
from waserda.models import OrderStatus, Product, PurchaseOrder, PurchaseOrderLine, SaleLine
from waserda.selectors import shop_settings
from waserda.services.purchasing import OrderLineInput, create_order

ZERO = Decimal("0")
QTY = DecimalField(max_digits=18, decimal_places=3)
OPEN_ORDER = (OrderStatus.DRAFT, OrderStatus.ORDERED, OrderStatus.PARTIAL)


@dataclass
class Suggestion:
    product: Product
    daily_demand: Decimal
    reorder_point: Decimal
    order_up_to: Decimal
    on_hand: Decimal
    on_order: Decimal
    suggested: Decimal

    @property
    def needs_order(self) -> bool:
        return self.suggested > 0


def _products(window_days: int, as_of: datetime.date):
    start = as_of - datetime.timedelta(days=window_days - 1)
    sold = (
        SaleLine.objects.filter(product=OuterRef("pk"), sale__sold_at__date__gte=start, sale__sold_at__date__lte=as_of)
        .values("product")
        .annotate(q=Sum(F("quantity") - F("returned_quantity")))
        .values("q")
    )
    ordered = (
        PurchaseOrderLine.objects.filter(product=OuterRef("pk"), order__status__in=OPEN_ORDER)
        .values("product")
        .annotate(q=Sum(F("quantity") - F("received_quantity")))
        .values("q")
    )
    return (
        Product.objects.filter(is_active=True)
        .select_related("supplier", "category")
        .annotate(
            sold=Coalesce(Subquery(sold, output_field=QTY), Value(ZERO), output_field=QTY),
            on_order=Coalesce(Subquery(ordered, output_field=QTY), Value(ZERO), output_field=QTY),
        )
        .order_by("supplier__name", "name")
    )


def compute(product: Product, sold: Decimal, on_order: Decimal, window_days: int, cycle_days: int) -> Suggestion:
    demand = (Decimal(sold) / window_days).quantize(Decimal("0.001")) if window_days else ZERO
    if demand > 0:
        reorder_point = quantize_quantity(demand * product.lead_time_days + product.safety_stock)
    else:
        reorder_point = max(product.reorder_point, product.safety_stock)
    order_up_to = quantize_quantity(reorder_point + demand * cycle_days)
    position = product.qty_on_hand + on_order
    suggested = ZERO
    if position <= reorder_point and order_up_to > position:
        suggested = Decimal(math.ceil(order_up_to - position))
        if suggested == 0:
            suggested = Decimal(1)
    return Suggestion(product, demand, reorder_point, order_up_to, product.qty_on_hand, on_order, suggested)


def suggestions(
    *,
    window_days: int | None = None,
    cycle_days: int | None = None,
    as_of: datetime.date | None = None,
    only_needed: bool = True,
) -> list[Suggestion]:

    settings = shop_settings()
    window = window_days or settings.demand_window_days
    cycle = settings.order_cycle_days if cycle_days is None else cycle_days
    rows = [
        compute(product, product.sold, product.on_order, window, cycle)
        for product in _products(window, as_of or timezone.localdate())
    ]
    return [row for row in rows if row.needs_order] if only_needed else rows


@transaction.atomic
def update_reorder_points(*, as_of: datetime.date | None = None) -> int:
    """Store the computed reorder point on every product with demand (the nightly job)."""
    changed = []
    for row in suggestions(as_of=as_of, only_needed=False):
        if row.daily_demand > 0 and row.product.reorder_point != row.reorder_point:
            row.product.reorder_point = row.reorder_point
            changed.append(row.product)
    Product.objects.bulk_update(changed, ["reorder_point"], batch_size=500)
    return len(changed)


@transaction.atomic
def create_draft_orders(
    *, actor, product_ids: Sequence[int], quantities: dict[int, Decimal] | None = None
) -> tuple[list[PurchaseOrder], list[Product]]:
    """Draft purchase orders, one per usual supplier, for the chosen products (suggested quantities
    unless ``quantities`` says otherwise). Returns the orders and the products left out because they
    have no usual supplier."""

    wanted = set(product_ids)
    quantities = quantities or {}
    by_supplier: dict = defaultdict(list)
    without_supplier = []
    for row in suggestions(only_needed=False):
        product = row.product
        if product.pk not in wanted:
            continue
        quantity = Decimal(quantities.get(product.pk) or row.suggested)
        if quantity <= 0:
            continue
        if product.supplier is None:
            without_supplier.append(product)
            continue
        cost = quantize_rupiah(product.avg_cost) if product.avg_cost > 0 else ZERO
        by_supplier[product.supplier].append(OrderLineInput(product.pk, quantity, cost))
    if not by_supplier and not without_supplier:
        raise WaserdaError(WaserdaErrorCode.NOTHING_TO_ORDER, _("Nothing to order for the chosen products."))
    today = timezone.localdate()
    orders = [
        create_order(
            actor=actor,
            supplier=supplier,
            lines=lines,
            order_date=today,
            expected_date=today + datetime.timedelta(days=supplier.lead_time_days),
            note=_("Made from the replenishment list"),
        )
        for supplier, lines in sorted(by_supplier.items(), key=lambda item: item[0].name)
    ]
    return orders, without_supplier
