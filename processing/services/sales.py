"""Sales of processed products: an order at agreed prices → delivery notes that take finished-goods lots
(oldest first, or chosen) and post their cost → one invoice per delivery note with PPN → payments.

Postings: shipping Dr HPP / Cr Persediaan barang jadi (the lots' cost, so the stock ties to the ledger);
invoicing Dr Piutang usaha / Cr Penjualan produk olahan, Cr Hutang PPN keluaran; a payment Dr Kas or
Bank / Cr Piutang usaha.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.ledger.services import Line
from koperasi.money import quantize_rupiah
from koperasi.tenancy.models import Cooperative
from processing.error_codes import ProcessingErrorCode, refuse
from processing.models import (
    Customer,
    CustomerKind,
    FinishedGoodsLot,
    Invoice,
    InvoicePayment,
    OrderStatus,
    SalesOrder,
    SalesOrderLine,
    Shipment,
    ShipmentLine,
)
from processing.services.posting import post

PURPOSE_SHIP = "processing.shipment"
PURPOSE_INVOICE = "processing.invoice"
PURPOSE_PAYMENT = "processing.invoice_payment"


@dataclass(frozen=True)
class OrderLine:
    product: object  # processing.Product
    quantity: Decimal
    unit_price: Decimal


@dataclass(frozen=True)
class ShipLine:
    order_line: SalesOrderLine
    quantity: Decimal
    lot: FinishedGoodsLot | None = None


def _positive(value, field: str) -> Decimal:
    if value is None or Decimal(value) <= 0:
        raise refuse(field, _("Enter a quantity above zero."), ProcessingErrorCode.INVALID_QUANTITY)
    return Decimal(value)


# --- orders ---------------------------------------------------------------------------------------------------


def _check_patronage(customer: Customer, is_patronage: bool) -> None:
    if is_patronage and customer.kind != CustomerKind.MEMBER:
        raise refuse("is_patronage", _("Only a member's purchases count as patronage."), ProcessingErrorCode.CUSTOMER)


def _order_lines(order: SalesOrder, lines: list[OrderLine]) -> list[SalesOrderLine]:
    if not lines:
        raise refuse("lines", _("Add at least one product."), ProcessingErrorCode.INVALID_QUANTITY)
    rows = []
    for line in lines:
        if line.unit_price is None or Decimal(line.unit_price) < 0:
            raise refuse("unit_price", _("A price cannot be negative."), ProcessingErrorCode.INVALID_QUANTITY)
        rows.append(
            SalesOrderLine(
                cooperative_id=order.cooperative_id,
                order=order,
                product=line.product,
                quantity=_positive(line.quantity, "quantity"),
                unit_price=Decimal(line.unit_price),
            )
        )
    return rows


@transaction.atomic
def create_order(
    *,
    actor,
    customer: Customer,
    ordered_on: datetime.date,
    lines: list[OrderLine],
    is_patronage: bool = False,
    reference: str = "",
    note: str = "",
) -> SalesOrder:
    """An open order of ``lines`` for ``customer``; ``is_patronage`` only for a member customer."""
    if not customer.is_active:
        raise refuse("customer", _("This customer is no longer active."), ProcessingErrorCode.CUSTOMER)
    _check_patronage(customer, is_patronage)
    order = SalesOrder.objects.create(
        customer=customer, ordered_on=ordered_on, is_patronage=is_patronage, reference=reference, note=note,
        created_by=actor,
    )  # fmt: skip
    SalesOrderLine.objects.bulk_create(_order_lines(order, lines))
    record_event("processing.order_created", actor=actor, obj=order, after={"customer": customer.name})
    return order


def _lock_order(order: SalesOrder) -> SalesOrder:
    return SalesOrder.objects.select_for_update().select_related("customer").get(pk=order.pk)


@transaction.atomic
def set_order_lines(*, order: SalesOrder, lines: list[OrderLine]) -> None:
    """Replace the lines of an open order nothing has been shipped on."""
    order = _lock_order(order)
    if order.status != OrderStatus.OPEN or order.shipments.exists():
        raise refuse("lines", _("Lines can change only before anything is shipped."), ProcessingErrorCode.ORDER_STATUS)
    rows = _order_lines(order, lines)
    order.lines.all().delete()
    SalesOrderLine.objects.bulk_create(rows)


@transaction.atomic
def cancel_order(*, actor, order: SalesOrder, reason: str) -> SalesOrder:
    """An open order nothing has been shipped on is cancelled with a reason."""
    order = _lock_order(order)
    if order.status != OrderStatus.OPEN or order.shipments.exists():
        raise refuse("reason", _("Only an order with nothing shipped can be cancelled."),
                     ProcessingErrorCode.ORDER_STATUS)  # fmt: skip
    if not reason.strip():
        raise refuse("reason", _("Say why the order is cancelled."), ProcessingErrorCode.ORDER_STATUS)
    order.status, order.note = OrderStatus.CANCELLED, reason.strip()[:255]
    order.save(update_fields=["status", "note"])
    record_event("processing.order_cancelled", actor=actor, obj=order, after={"reason": order.note})
    return order


# --- delivery notes -------------------------------------------------------------------------------------------


def _take(lot: FinishedGoodsLot, quantity: Decimal) -> Decimal:
    """Take ``quantity`` from a locked lot; its cost is the lot's value in proportion, and the last of the
    lot takes what value is left, so an emptied lot gave up exactly the cost its batch posted."""
    if quantity == lot.remaining:
        cost = lot.remaining_value
    else:
        cost = quantize_rupiah(lot.remaining_value * quantity / lot.remaining)
    FinishedGoodsLot.objects.filter(pk=lot.pk).update(
        remaining=F("remaining") - quantity, remaining_value=F("remaining_value") - cost
    )
    lot.remaining, lot.remaining_value = lot.remaining - quantity, lot.remaining_value - cost
    return cost


def _lots_for(need: ShipLine, shipped_on: datetime.date) -> list[tuple[FinishedGoodsLot, Decimal]]:
    """The lots a line ships from: the chosen one, else the oldest of the product made by ``shipped_on``."""
    product = need.order_line.product
    if need.lot is not None:
        lot = FinishedGoodsLot.objects.select_for_update().get(pk=need.lot.pk)
        if lot.product_id != product.pk:
            raise refuse("lot", _("Lot %(lot)s is not %(product)s.") % {"lot": lot.code, "product": product.name},
                         ProcessingErrorCode.LOT_MATERIAL)  # fmt: skip
        if lot.remaining < need.quantity:
            raise refuse("lot", _("Lot %(lot)s holds only %(left)s.") % {"lot": lot.code, "left": lot.remaining},
                         ProcessingErrorCode.LOT_SHORT)  # fmt: skip
        return [(lot, need.quantity)]
    taken, left = [], need.quantity
    lots = (
        FinishedGoodsLot.objects.select_for_update()
        .filter(product_id=product.pk, remaining__gt=0, produced_on__lte=shipped_on)
        .order_by("produced_on", "id")
    )
    for lot in lots.iterator(chunk_size=100):
        quantity = min(left, lot.remaining)
        taken.append((lot, quantity))
        left -= quantity
        if left == 0:
            return taken
    raise refuse("quantity", _("Not enough %(product)s in stock: %(short)s short.")
                 % {"product": product.name, "short": left}, ProcessingErrorCode.STOCK_SHORT)  # fmt: skip


def _unit_of(lot: FinishedGoodsLot):
    return lot.output.batch.line.plant.business_unit_id


@transaction.atomic
def ship(
    *, actor, order: SalesOrder, shipped_on: datetime.date, lines: list[ShipLine] | None = None, vehicle: str = ""
) -> Shipment:
    """A delivery note for ``lines`` (default: everything still to ship, oldest lots first): takes the
    lots and posts Dr HPP / Cr Persediaan barang jadi at their cost, per plant's business unit."""
    order = _lock_order(order)
    if order.status != OrderStatus.OPEN:
        raise refuse("order", _("This order is not open."), ProcessingErrorCode.ORDER_STATUS)
    order_lines = {row.pk: row for row in SalesOrderLine.objects.select_for_update().filter(order=order)}
    if lines is None:
        lines = [ShipLine(row, row.to_ship) for row in order_lines.values() if row.to_ship > 0]
    if not lines:
        raise refuse("quantity", _("Nothing is left to ship."), ProcessingErrorCode.OVER_SHIPPED)
    shipment = Shipment.objects.create(order=order, shipped_on=shipped_on, vehicle=vehicle, created_by=actor)
    rows, costs = [], defaultdict(Decimal)
    for need in lines:
        order_line = order_lines.get(need.order_line.pk)
        if order_line is None:
            raise refuse("order_line", _("That line is not on this order."), ProcessingErrorCode.ORDER_STATUS)
        quantity = _positive(need.quantity, "quantity")
        if quantity > order_line.to_ship:
            raise refuse("quantity", _("Only %(left)s of %(product)s is left to ship.")
                         % {"left": order_line.to_ship, "product": order_line.product.name},
                         ProcessingErrorCode.OVER_SHIPPED)  # fmt: skip
        order_line.shipped += quantity
        for lot, taken in _lots_for(ShipLine(order_line, quantity, need.lot), shipped_on):
            cost = _take(lot, taken)
            costs[_unit_of(lot)] += cost
            rows.append(ShipmentLine(cooperative_id=order.cooperative_id, shipment=shipment, order_line=order_line,
                                     lot=lot, quantity=taken, cost=cost))  # fmt: skip
    ShipmentLine.objects.bulk_create(rows)
    SalesOrderLine.objects.bulk_update(order_lines.values(), ["shipped"])
    if all(row.to_ship == 0 for row in order_lines.values()):
        order.status = OrderStatus.SHIPPED
        order.save(update_fields=["status"])
    shipment.cost = sum(costs.values(), Decimal(0))
    if shipment.cost > 0:
        shipment.journal_entry = post(
            date=shipped_on, source=shipment, purpose=PURPOSE_SHIP, actor=actor,
            memo=_("Delivery note %(number)s, %(customer)s") % {"number": shipment.number,
                                                                "customer": order.customer.name},
            lines=[line for unit, cost in costs.items() if cost > 0 for line in (
                Line("cogs", debit=cost, business_unit=unit),
                Line("finished_goods_inventory", credit=cost, business_unit=unit),
            )],
        )  # fmt: skip
    shipment.save(update_fields=["cost", "journal_entry"])
    record_event("processing.shipped", actor=actor, obj=shipment, after={"cost": str(shipment.cost)})
    return shipment


# --- invoices and payments ------------------------------------------------------------------------------------


def ppn_rate_for(customer: Customer) -> Decimal:
    """The cooperative's PPN rate (0 when it is not a PKP); exports of goods carry PPN at 0 %."""
    if customer.kind == CustomerKind.EXPORTER:
        return Decimal(0)
    return Cooperative.objects.values_list("ppn_rate", flat=True).get(pk=customer.cooperative_id)


@transaction.atomic
def issue_invoice(
    *, actor, shipment: Shipment, issued_on: datetime.date, due_on: datetime.date | None = None
) -> Invoice:
    """The invoice of a delivery note: each line's quantity × the order's price (rounded to the cent per
    line), PPN on the subtotal; posted Dr Piutang usaha / Cr Penjualan produk olahan, Cr Hutang PPN keluaran."""
    shipment = Shipment.objects.select_for_update().select_related("order__customer").get(pk=shipment.pk)
    if Invoice.objects.filter(shipment=shipment).exists():
        raise refuse("shipment", _("This delivery note is invoiced already."), ProcessingErrorCode.INVOICED)
    customer = shipment.order.customer
    revenue: dict[int | None, Decimal] = defaultdict(Decimal)
    for row in shipment.lines.select_related("order_line", "lot__output__batch__line__plant"):
        revenue[_unit_of(row.lot)] += quantize_rupiah(row.quantity * row.order_line.unit_price)
    subtotal = sum(revenue.values(), Decimal(0))
    rate = ppn_rate_for(customer)
    ppn = quantize_rupiah(subtotal * rate / 100)
    invoice = Invoice.objects.create(
        shipment=shipment, issued_on=issued_on, due_on=due_on or issued_on + datetime.timedelta(customer.payment_days),
        subtotal=subtotal, ppn_rate=rate, ppn=ppn, total=subtotal + ppn, created_by=actor,
    )  # fmt: skip
    unit = next(iter(revenue))
    if invoice.total > 0:
        invoice.journal_entry = post(
            date=issued_on, source=invoice, purpose=PURPOSE_INVOICE, actor=actor,
            memo=_("Invoice %(number)s, %(customer)s") % {"number": invoice.number, "customer": customer.name},
            lines=[
                Line("accounts_receivable", debit=invoice.total, business_unit=unit, party=customer),
                *(Line("sales_processed", credit=amount, business_unit=u) for u, amount in revenue.items() if amount),
                *([Line("vat_output", credit=ppn, business_unit=unit)] if ppn else []),
            ],
        )  # fmt: skip
        invoice.save(update_fields=["journal_entry"])
    record_event("processing.invoiced", actor=actor, obj=invoice, after={"total": str(invoice.total)})
    return invoice


@transaction.atomic
def record_payment(
    *, actor, invoice: Invoice, paid_on: datetime.date, amount: Decimal, account: str = "bank", reference: str = ""
) -> InvoicePayment:
    """Money received on ``invoice`` (no more than it still owes): Dr Kas or Bank / Cr Piutang usaha."""
    invoice = Invoice.objects.select_for_update().select_related("shipment__order__customer").get(pk=invoice.pk)
    amount = Decimal(amount) if amount is not None else Decimal(0)
    if amount <= 0:
        raise refuse("amount", _("Enter an amount above zero."), ProcessingErrorCode.INVALID_QUANTITY)
    if amount > invoice.outstanding:
        raise refuse("amount", _("The invoice still owes only Rp %(left)s.") % {"left": invoice.outstanding},
                     ProcessingErrorCode.OVERPAID)  # fmt: skip
    payment = InvoicePayment.objects.create(invoice=invoice, paid_on=paid_on, amount=amount, account=account,
                                            reference=reference, created_by=actor)  # fmt: skip
    unit = invoice.journal_entry.lines.values_list("business_unit_id", flat=True).first()
    payment.journal_entry = post(
        date=paid_on, source=payment, purpose=PURPOSE_PAYMENT, actor=actor,
        memo=_("Payment of %(number)s") % {"number": invoice.number},
        lines=[Line(account, debit=amount, business_unit=unit),
               Line("accounts_receivable", credit=amount, business_unit=unit, party=invoice.shipment.order.customer)],
    )  # fmt: skip
    payment.save(update_fields=["journal_entry"])
    Invoice.objects.filter(pk=invoice.pk).update(paid=F("paid") + amount)
    record_event("processing.invoice_paid", actor=actor, obj=invoice, after={"amount": str(amount)})
    return payment
