"""Stock count (stock opname) writes: start a count, enter counted quantities, post the adjustment.
Each function is one business action in one transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.ledger.services import Line, post_entry
from koperasi.money import quantize_quantity, quantize_rupiah
from koperasi.tenancy.context import current_cooperative_id
from waserda import locks
from waserda.error_codes import WaserdaError, WaserdaErrorCode
from waserda.models import (
    CountStatus,
    MovementKind,
    Product,
    StockCount,
    StockCountLine,
)
from waserda.services import stock

ZERO = Decimal("0")


@transaction.atomic
def start_count(*, actor, date: datetime.date | None = None, note: str = "") -> StockCount:
    count = StockCount(date=date or timezone.localdate(), note=note[:255], created_by=actor)
    count.save()
    return count


@transaction.atomic
def set_counted(*, count: StockCount, counts: dict[int, Decimal]) -> StockCount:
    """Enter counted quantities (``{product_id: quantity}``) on a draft count."""
    count = locks.lock_count(count.pk)
    if count.status != CountStatus.DRAFT:
        raise WaserdaError(WaserdaErrorCode.COUNT_POSTED, _("This stock count is already posted."))
    known = set(Product.objects.filter(pk__in=counts).values_list("pk", flat=True))
    for product_id, quantity in counts.items():
        if product_id not in known:
            raise WaserdaError(WaserdaErrorCode.PRODUCT_UNKNOWN, _("Unknown product."))
        quantity = quantize_quantity(Decimal(quantity))
        if quantity < 0:
            raise WaserdaError(WaserdaErrorCode.INVALID_QUANTITY, _("Counted quantities cannot be negative."))
        StockCountLine.objects.update_or_create(
            count=count, product_id=product_id, defaults={"counted_quantity": quantity}
        )
    return count


@transaction.atomic
def post_count(*, actor, count: StockCount) -> StockCount:
    """Post a stock count: each product's quantity becomes the counted one; shortages leave at the
    moving-average cost, surpluses come in at it; ``Dr Selisih persediaan / Cr Persediaan`` (shortage)
    and ``Dr Persediaan / Cr Selisih persediaan`` (surplus) are posted in one entry."""
    count = locks.lock_count(count.pk)
    if count.status != CountStatus.DRAFT:
        raise WaserdaError(WaserdaErrorCode.COUNT_POSTED, _("This stock count is already posted."))
    lines = list(count.lines.order_by("product_id"))
    products = locks.lock_products(line.product_id for line in lines)
    changes, changed_lines = [], []
    for line in lines:
        product = products[line.product_id]
        line.expected_quantity = product.qty_on_hand
        line.difference_quantity = line.counted_quantity - product.qty_on_hand
        if line.difference_quantity < 0:
            changes.append(stock.Change(product.pk, line.difference_quantity))
        elif line.difference_quantity > 0:
            value = quantize_rupiah(line.difference_quantity * product.avg_cost)
            changes.append(stock.Change(product.pk, line.difference_quantity, value))
        else:
            line.difference_value = ZERO
            continue
        changed_lines.append(line)
    stock_plan = stock.plan(MovementKind.ADJUSTMENT, changes, products, allow_negative=True)
    for line, value in zip(changed_lines, stock_plan.values, strict=True):
        line.difference_value = value
    if changes:
        stock.write(
            stock_plan,
            occurred_at=timezone.now(),
            source_type="count",
            source_id=count.pk,
            reference=str(count),
            allow_negative=True,
        )
    StockCountLine.objects.bulk_update(lines, ["expected_quantity", "difference_quantity", "difference_value"])
    count.status, count.posted_at = CountStatus.POSTED, timezone.now()
    count.save(update_fields=["status", "posted_at"])
    shortage = -sum((v for v in stock_plan.values if v < 0), ZERO)
    surplus = sum((v for v in stock_plan.values if v > 0), ZERO)
    entry_lines = []
    if shortage:
        entry_lines += [Line("inventory_difference", debit=shortage), Line("merchandise_inventory", credit=shortage)]
    if surplus:
        entry_lines += [Line("merchandise_inventory", debit=surplus), Line("inventory_difference", credit=surplus)]
    if entry_lines:
        post_entry(
            date=count.date,
            source=count,
            purpose="stock.adjustment",
            memo=_("Stock count %(c)s") % {"c": count},
            lines=entry_lines,
            actor=actor,
        )
    record_event(
        "waserda.count_posted",
        actor=actor,
        cooperative_id=current_cooperative_id(),
        obj=count,
        after={"shortage": str(shortage), "surplus": str(surplus), "lines": len(lines)},
    )
    return count
