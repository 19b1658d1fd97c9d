"""The stock core: every change of a product's quantity and value goes through here.

A change is planned on the **locked** product rows (``locks.lock_products``), then written with one
conditional UPDATE per product (``qty_on_hand = qty_on_hand + Δq, stock_value = stock_value + Δv``,
``WHERE qty_on_hand + Δq >= 0`` when stock may not go negative) and one INSERT of the stock-card
movements. Goods leave at the moving weighted-average cost: ``stock_value × q / qty_on_hand``,
rounded half up to the cent, and the **whole** remaining value when the last unit leaves, so the
value of a product with no stock is exactly zero and the sum of ``stock_value`` always equals what
was posted to *Persediaan barang dagangan*. Issuing more than is on hand (an offline sale synced
late) takes the remaining value plus the extra units at the last known average cost, leaving a
negative quantity and value that the next receipt fills up.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext as _

from koperasi.money import quantize_rupiah
from koperasi.tenancy.context import current_cooperative_id
from waserda.error_codes import WaserdaError, WaserdaErrorCode
from waserda.models import MovementKind, Product, StockMovement

ZERO = Decimal("0")
COST_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Change:
    """A stock change of one product: ``quantity`` signed (+ in, − out); ``value`` signed, or
    ``None`` for goods leaving at the moving-average cost."""

    product_id: int
    quantity: Decimal
    value: Decimal | None = None


@dataclass
class Plan:
    """Planned changes on locked products: the value of each change and the stock-card rows to write."""

    kind: str
    changes: list[Change]
    values: list[Decimal] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)  # (product_id, kind, Δq, Δv, q after, v after)
    deltas: dict[int, list[Decimal]] = field(default_factory=dict)  # pk → [Δq, Δv, avg after]
    went_negative: list[Product] = field(default_factory=list)
    correction: Decimal = ZERO  # revaluation of units sold short, at the cost they came in at

    @property
    def total_value(self) -> Decimal:
        return sum(self.values, ZERO)


def issue_cost(qty_on_hand: Decimal, stock_value: Decimal, avg_cost: Decimal, quantity: Decimal) -> Decimal:
    """What ``quantity`` units leaving cost, at the moving weighted average (see the module docstring)."""
    if qty_on_hand <= 0:
        return quantize_rupiah(avg_cost * quantity)
    if quantity >= qty_on_hand:
        return stock_value + quantize_rupiah(avg_cost * (quantity - qty_on_hand))
    return quantize_rupiah(stock_value * quantity / qty_on_hand)


def shortfall_correction(qty: Decimal, value: Decimal, quantity: Decimal, amount: Decimal) -> Decimal:
    """Receiving ``quantity`` for ``amount`` into a negative stock (``qty`` < 0, ``value``): the units
    that were sold short were costed at the old average; they are revalued at what they really cost,
    the units left over (if any) are valued at the receipt's unit cost. Returns the value change
    beyond ``amount`` (posted against HPP)."""
    new_qty = qty + quantity
    if new_qty < 0:
        target = quantize_rupiah(new_qty * (value / qty)) if qty else ZERO
    elif new_qty == 0:
        target = ZERO
    else:
        target = quantize_rupiah(new_qty * amount / quantity)
    return target - (value + amount)


def plan(
    kind: str,
    changes: Sequence[Change],
    products: dict[int, Product],
    *,
    allow_negative: bool,
    revalue_shortfall: bool = False,
) -> Plan:
    """Work out the value of each change on the locked ``products`` (their fields are updated in
    memory, so several changes of one product follow each other). Raises ``INSUFFICIENT_STOCK`` when
    stock would go below zero and ``allow_negative`` is false. With ``revalue_shortfall`` (goods
    receipts), stock that was negative is revalued at the incoming cost (see ``shortfall_correction``)."""
    result = Plan(kind, list(changes))
    for change in changes:
        product = products.get(change.product_id)
        if product is None:
            raise WaserdaError(WaserdaErrorCode.PRODUCT_UNKNOWN, _("Unknown product."))
        quantity = change.quantity
        if change.value is not None:
            value = change.value
        else:
            if quantity > 0:
                raise ValueError("goods coming in need a value")
            value = -issue_cost(product.qty_on_hand, product.stock_value, product.avg_cost, -quantity)
        correction = ZERO
        if revalue_shortfall and quantity > 0 and product.qty_on_hand < 0:
            correction = shortfall_correction(product.qty_on_hand, product.stock_value, quantity, value)
        new_qty, new_value = product.qty_on_hand + quantity, product.stock_value + value
        if new_qty < 0 and quantity < 0:
            if not allow_negative:
                raise WaserdaError(
                    WaserdaErrorCode.INSUFFICIENT_STOCK,
                    _("Not enough %(name)s in stock: %(have)s on hand, %(want)s wanted.")
                    % {"name": product.name, "have": _plain(product.qty_on_hand), "want": _plain(-quantity)},
                    product_id=product.pk,
                    available=str(product.qty_on_hand),
                )
            if product not in result.went_negative:
                result.went_negative.append(product)
        result.rows.append((product.pk, kind, quantity, value, new_qty, new_value))
        if correction:
            new_value += correction
            result.rows.append((product.pk, MovementKind.REVALUATION, ZERO, correction, new_qty, new_value))
            result.correction += correction
        if new_qty > 0:
            product.avg_cost = (new_value / new_qty).quantize(COST_PLACES)
        elif product.avg_cost == 0 and quantity > 0 and value > 0:
            product.avg_cost = (value / quantity).quantize(COST_PLACES)
        product.qty_on_hand, product.stock_value = new_qty, new_value
        delta = result.deltas.setdefault(product.pk, [ZERO, ZERO, product.avg_cost])
        delta[0] += quantity
        delta[1] += value + correction
        delta[2] = product.avg_cost
        result.values.append(value)
    return result


def write(
    result: Plan,
    *,
    occurred_at: datetime.datetime,
    source_type: str,
    source_id: int,
    reference: str = "",
    allow_negative: bool,
) -> list[StockMovement]:
    """Write a plan: one conditional UPDATE of all its products, then the stock-card rows (one INSERT)."""
    _apply_deltas(result.deltas, allow_negative=allow_negative)
    cooperative_id = current_cooperative_id()
    movements = [
        StockMovement(
            cooperative_id=cooperative_id,
            product_id=product_id,
            kind=kind,
            quantity=quantity,
            value=value,
            quantity_after=quantity_after,
            value_after=value_after,
            occurred_at=occurred_at,
            source_type=source_type,
            source_id=source_id,
            reference=reference[:60],
        )
        for product_id, kind, quantity, value, quantity_after, value_after in result.rows
    ]
    return StockMovement.objects.bulk_create(movements)


UPDATE_SQL = """
UPDATE waserda_product
   SET qty_on_hand = waserda_product.qty_on_hand + delta.d_qty,
       stock_value = waserda_product.stock_value + delta.d_value,
       avg_cost = delta.avg_cost
  FROM ({rows}) AS delta
 WHERE waserda_product.id = delta.id
   AND waserda_product.cooperative_id = %s
   AND (%s OR waserda_product.qty_on_hand + delta.d_qty >= 0 OR delta.d_qty >= 0)
"""


def _apply_deltas(deltas: dict[int, list[Decimal]], *, allow_negative: bool) -> None:
    """One UPDATE for every product of the plan (deltas, not absolute values). Unless
    ``allow_negative``, a product whose quantity would fall below zero is not updated, and the
    missing row count raises ``INSUFFICIENT_STOCK`` (the caller's transaction then rolls back)."""
    if not deltas:
        return
    ids = sorted(deltas)
    placeholder = (
        "SELECT CAST(%s AS bigint) AS id, CAST(%s AS numeric) AS d_qty,"
        " CAST(%s AS numeric) AS d_value, CAST(%s AS numeric) AS avg_cost"
    )
    params: list = []
    for pk in ids:
        d_qty, d_value, avg = deltas[pk]
        params += [pk, str(d_qty), str(d_value), str(avg)]
    params += [current_cooperative_id(), bool(allow_negative)]
    with connection.cursor() as cursor:
        cursor.execute(UPDATE_SQL.format(rows=" UNION ALL ".join([placeholder] * len(ids))), params)
        updated = cursor.rowcount
    if updated != len(ids):
        raise WaserdaError(WaserdaErrorCode.INSUFFICIENT_STOCK, _("Not enough stock."))


def _plain(quantity: Decimal) -> str:
    text = f"{quantity.normalize():f}"
    return text
