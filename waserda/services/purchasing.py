"""Purchasing writes: purchase orders, goods receipts (stock in), supplier bills and their payments.
Each function is one business action in one transaction."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.money import quantize_quantity, quantize_rupiah
from waserda import locks
from waserda.error_codes import WaserdaError, WaserdaErrorCode
from waserda.models import (
    GoodsReceipt,
    GoodsReceiptLine,
    MovementKind,
    OrderStatus,
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    SettlementMethod,
    Supplier,
    SupplierBill,
    SupplierPayment,
)
from waserda.services import journal, stock

ZERO = Decimal("0")


@dataclass(frozen=True)
class OrderLineInput:
    product_id: int
    quantity: Decimal
    unit_cost: Decimal


@transaction.atomic
def create_order(
    *,
    actor,
    supplier: Supplier,
    lines: Sequence[OrderLineInput],
    order_date: datetime.date | None = None,
    expected_date: datetime.date | None = None,
    note: str = "",
    status: str = OrderStatus.DRAFT,
) -> PurchaseOrder:
    if not lines:
        raise WaserdaError(WaserdaErrorCode.EMPTY_SALE, _("The order has no lines."), "lines")
    products = {p.pk: p for p in Product.objects.filter(pk__in={line.product_id for line in lines})}
    order = PurchaseOrder(
        supplier=supplier,
        order_date=order_date or timezone.localdate(),
        expected_date=expected_date,
        note=note[:255],
        status=status,
        created_by=actor,
    )
    order.save()
    rows = []
    for line in lines:
        if line.product_id not in products:
            raise WaserdaError(WaserdaErrorCode.PRODUCT_UNKNOWN, _("Unknown product."), "lines")
        quantity = quantize_quantity(Decimal(line.quantity))
        cost = quantize_rupiah(Decimal(line.unit_cost))
        if quantity <= 0 or cost < 0:
            raise WaserdaError(WaserdaErrorCode.INVALID_QUANTITY, _("Quantities must be above zero."), "lines")
        rows.append(
            PurchaseOrderLine(
                cooperative_id=order.cooperative_id,
                order=order,
                product_id=line.product_id,
                quantity=quantity,
                unit_cost=cost,
            )
        )
    PurchaseOrderLine.objects.bulk_create(rows)
    record_event(
        "waserda.order_created",
        actor=actor,
        cooperative_id=order.cooperative_id,
        obj=order,
        after={"supplier": supplier.name, "lines": len(rows)},
    )
    return order


@transaction.atomic
def set_order_status(*, actor, order: PurchaseOrder, status: str) -> PurchaseOrder:
    """Send a draft (``ordered``) or cancel an order that has received nothing yet."""
    order = locks.lock_order(order.pk)
    allowed = {
        OrderStatus.ORDERED: {OrderStatus.DRAFT},
        OrderStatus.CANCELLED: {OrderStatus.DRAFT, OrderStatus.ORDERED},
    }
    if order.status not in allowed.get(status, set()):
        raise WaserdaError(WaserdaErrorCode.ORDER_NOT_OPEN, _("The order cannot change to that status."), "status")
    before = order.status
    order.status = status
    order.save(update_fields=["status"])
    record_event(
        "waserda.order_status",
        actor=actor,
        cooperative_id=order.cooperative_id,
        obj=order,
        before={"status": before},
        after={"status": status},
    )
    return order


@dataclass(frozen=True)
class ReceiptLineInput:
    product_id: int
    quantity: Decimal
    unit_cost: Decimal | None = None
    order_line_id: int | None = None


@dataclass(frozen=True)
class _ReceivedLine:
    product_id: int
    order_line: PurchaseOrderLine | None
    quantity: Decimal
    unit_cost: Decimal
    amount: Decimal


@transaction.atomic
def receive_goods(
    *,
    actor,
    supplier: Supplier,
    lines: Sequence[ReceiptLineInput],
    order: PurchaseOrder | None = None,
    date: datetime.date | None = None,
    settlement: str = SettlementMethod.CREDIT,
    reference: str = "",
    key: uuid.UUID | None = None,
) -> GoodsReceipt:
    """Receive goods (all or part of an order): stock and its moving-average value go up, and
    ``Dr Persediaan barang dagangan / Cr Hutang usaha (supplier)`` — or Kas/Bank when paid at once —
    is posted. The same ``key`` again returns the receipt already recorded."""
    done = GoodsReceipt.already_recorded(key)
    if done is not None:
        return done
    if settlement not in SettlementMethod.values:
        raise WaserdaError(WaserdaErrorCode.INVALID_PRICE, _("Choose how the goods are paid."), "settlement")
    if not lines:
        raise WaserdaError(WaserdaErrorCode.EMPTY_SALE, _("Nothing received."), "lines")
    order = _open_order_of(supplier, order)
    products = locks.lock_products(line.product_id for line in lines)
    received = _received_lines(lines, order, products)
    total = sum((row.amount for row in received), ZERO)
    changes = [stock.Change(row.product_id, row.quantity, row.amount) for row in received]
    stock_plan = stock.plan(MovementKind.RECEIPT, changes, products, allow_negative=True, revalue_shortfall=True)
    receipt = GoodsReceipt(
        supplier=supplier,
        order=order,
        date=date or timezone.localdate(),
        reference=reference[:60],
        settlement=settlement,
        total=total,
        key=key or uuid.uuid4(),
        received_by=actor,
    )
    receipt.save()
    _write_receipt_lines(receipt, received, stock_plan)
    if order is not None:
        _update_order(order, received)
    _post_receipt(receipt, stock_plan, actor)
    record_event(
        "waserda.goods_received",
        actor=actor,
        cooperative_id=receipt.cooperative_id,
        obj=receipt,
        after={"supplier": supplier.name, "total": str(total), "order": order.number if order else None},
    )
    return receipt


def _open_order_of(supplier: Supplier, order: PurchaseOrder | None) -> PurchaseOrder | None:
    """The order goods are received against, locked; it must be the supplier's and still open."""
    if order is None:
        return None
    order = locks.lock_order(order.pk)
    if order.supplier_id != supplier.pk:
        raise WaserdaError(WaserdaErrorCode.SUPPLIER_MISMATCH, _("The order is from another supplier."))
    if order.status not in (OrderStatus.ORDERED, OrderStatus.PARTIAL, OrderStatus.DRAFT):
        raise WaserdaError(WaserdaErrorCode.ORDER_NOT_OPEN, _("This order is not open for receipts."))
    return order


def _received_lines(
    lines: Sequence[ReceiptLineInput], order: PurchaseOrder | None, products: dict
) -> list[_ReceivedLine]:
    """Check and cost each line: a known product, a positive quantity, no more than is still on
    order for an order line, and a unit cost (the line's, else the order line's)."""
    order_lines = {line.pk: line for line in order.lines.all()} if order is not None else {}
    receiving: dict[int, Decimal] = {}
    received = []
    for line in lines:
        if line.product_id not in products:
            raise WaserdaError(WaserdaErrorCode.PRODUCT_UNKNOWN, _("Unknown product."), "lines")
        quantity = quantize_quantity(Decimal(line.quantity))
        if quantity <= 0:
            raise WaserdaError(WaserdaErrorCode.INVALID_QUANTITY, _("Quantities must be above zero."), "lines")
        order_line = None
        if line.order_line_id is not None:
            order_line = order_lines.get(line.order_line_id)
            if order_line is None or order_line.product_id != line.product_id:
                raise WaserdaError(WaserdaErrorCode.ORDER_NOT_OPEN, _("That line is not on this order."), "lines")
            receiving[order_line.pk] = receiving.get(order_line.pk, ZERO) + quantity
            if receiving[order_line.pk] > order_line.open_quantity:
                raise WaserdaError(
                    WaserdaErrorCode.RECEIVE_TOO_MUCH,
                    _("Only %(n)s of %(p)s are still on order.")
                    % {"n": order_line.open_quantity, "p": products[line.product_id].name},
                    "lines",
                )
        unit_cost = line.unit_cost if line.unit_cost is not None else (order_line.unit_cost if order_line else None)
        if unit_cost is None or Decimal(unit_cost) < 0:
            raise WaserdaError(WaserdaErrorCode.INVALID_PRICE, _("Enter the unit cost."), "lines")
        unit_cost = quantize_rupiah(Decimal(unit_cost))
        amount = quantize_rupiah(quantity * unit_cost)
        received.append(_ReceivedLine(line.product_id, order_line, quantity, unit_cost, amount))
    return received


def _write_receipt_lines(receipt: GoodsReceipt, received: list[_ReceivedLine], stock_plan: stock.Plan) -> None:
    """The stock cards (moving-average value up) and the receipt's lines."""
    stock.write(
        stock_plan,
        occurred_at=timezone.now(),
        source_type="receipt",
        source_id=receipt.pk,
        reference=receipt.number,
        allow_negative=True,
    )
    GoodsReceiptLine.objects.bulk_create(
        [
            GoodsReceiptLine(
                cooperative_id=receipt.cooperative_id,
                receipt=receipt,
                order_line=row.order_line,
                product_id=row.product_id,
                quantity=row.quantity,
                unit_cost=row.unit_cost,
                amount=row.amount,
            )
            for row in received
        ]
    )


def _update_order(order: PurchaseOrder, received: list[_ReceivedLine]) -> None:
    """Add what came to the order's lines; the order is then partly or wholly received."""
    receiving: dict[int, Decimal] = {}
    for row in received:
        if row.order_line is not None:
            receiving[row.order_line.pk] = receiving.get(row.order_line.pk, ZERO) + row.quantity
    for pk, quantity in receiving.items():
        PurchaseOrderLine.objects.filter(pk=pk).update(received_quantity=F("received_quantity") + quantity)
    still_open = order.lines.filter(received_quantity__lt=F("quantity")).exists()
    order.status = OrderStatus.PARTIAL if still_open else OrderStatus.RECEIVED
    order.save(update_fields=["status"])


def _post_receipt(receipt: GoodsReceipt, stock_plan: stock.Plan, actor) -> None:
    """Dr Persediaan / Cr Hutang usaha (or Kas/Bank); and, when goods had been sold while out of
    stock at the old average cost, their revaluation at this receipt's cost."""
    journal.post_pair(
        date=receipt.date,
        source=receipt,
        purpose="purchase.receipt",
        memo=_("Goods receipt %(r)s from %(s)s") % {"r": receipt.number, "s": receipt.supplier.name},
        debit="merchandise_inventory",
        credit=journal.SETTLEMENT_ACCOUNTS[receipt.settlement],
        credit_party=receipt.supplier if receipt.settlement == SettlementMethod.CREDIT else None,
        amount=receipt.total,
        actor=actor,
    )
    if stock_plan.correction:
        journal.post_pair(
            date=receipt.date,
            source=receipt,
            purpose="stock.cost_correction",
            memo=_("Cost of goods sold short, revalued at receipt %(r)s") % {"r": receipt.number},
            debit="merchandise_inventory",
            credit="cogs",
            credit_unit=journal.WASERDA_UNIT,
            amount=stock_plan.correction,
            actor=actor,
        )


@transaction.atomic
def create_bill(
    *,
    actor,
    supplier: Supplier,
    number: str,
    receipts: Sequence[GoodsReceipt],
    date: datetime.date | None = None,
    due_date: datetime.date | None = None,
) -> SupplierBill:
    """Record the supplier's invoice for receipts taken on credit (the payable was posted at receipt)."""
    ids = sorted({receipt.pk for receipt in receipts})
    rows = list(GoodsReceipt.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if not rows or len(rows) != len(ids):
        raise WaserdaError(WaserdaErrorCode.EMPTY_SALE, _("Choose the receipts this bill is for."), "receipts")
    for receipt in rows:
        if receipt.supplier_id != supplier.pk:
            raise WaserdaError(WaserdaErrorCode.SUPPLIER_MISMATCH, _("A receipt is from another supplier."))
        if receipt.settlement != SettlementMethod.CREDIT:
            raise WaserdaError(WaserdaErrorCode.RECEIPT_NOT_ON_CREDIT, _("%(r)s was paid at once.") % {"r": receipt})
        if receipt.bill_id is not None:
            raise WaserdaError(WaserdaErrorCode.RECEIPT_ALREADY_BILLED, _("%(r)s is already billed.") % {"r": receipt})
    if SupplierBill.objects.filter(supplier=supplier, number=number.strip()).exists():
        raise WaserdaError(WaserdaErrorCode.DUPLICATE_CODE, _("This supplier's invoice is already recorded."), "number")
    bill = SupplierBill(
        supplier=supplier,
        number=number.strip(),
        date=date or timezone.localdate(),
        due_date=due_date,
        amount=sum((receipt.total for receipt in rows), ZERO),
    )
    bill.save()
    GoodsReceipt.objects.filter(pk__in=ids).update(bill=bill)
    record_event(
        "waserda.bill_recorded",
        actor=actor,
        cooperative_id=bill.cooperative_id,
        obj=bill,
        after={"supplier": supplier.name, "amount": str(bill.amount), "receipts": [str(r) for r in rows]},
    )
    return bill


@transaction.atomic
def pay_bill(
    *,
    actor,
    bill: SupplierBill,
    amount: Decimal,
    method: str = SettlementMethod.CASH,
    date: datetime.date | None = None,
    reference: str = "",
    key: uuid.UUID | None = None,
) -> SupplierPayment:
    """Pay (part of) a supplier bill: ``Dr Hutang usaha (supplier) / Cr Kas or Bank``."""
    done = SupplierPayment.already_recorded(key)
    if done is not None:
        return done
    bill = locks.lock_bill(bill.pk)
    amount = quantize_rupiah(Decimal(amount))
    if method not in (SettlementMethod.CASH, SettlementMethod.BANK):
        raise WaserdaError(WaserdaErrorCode.INVALID_PRICE, _("Pay in cash or by bank transfer."), "method")
    if amount <= 0 or amount > bill.outstanding:
        raise WaserdaError(
            WaserdaErrorCode.BILL_OVERPAID,
            _("Pay between 0 and the %(o)s still owed.") % {"o": bill.outstanding},
            "amount",
        )
    payment = SupplierPayment(
        bill=bill,
        amount=amount,
        method=method,
        date=date or timezone.localdate(),
        reference=reference[:60],
        key=key or uuid.uuid4(),
        paid_by=actor,
    )
    payment.save()
    SupplierBill.objects.filter(pk=bill.pk).update(paid_amount=F("paid_amount") + amount)
    supplier = bill.supplier
    journal.post_pair(
        date=payment.date,
        source=payment,
        purpose="purchase.payment",
        memo=_("Payment of %(s)s invoice %(n)s") % {"s": supplier.name, "n": bill.number},
        debit="accounts_payable",
        debit_party=supplier,
        credit=journal.SETTLEMENT_ACCOUNTS[method],
        amount=amount,
        actor=actor,
    )
    record_event(
        "waserda.bill_paid",
        actor=actor,
        cooperative_id=bill.cooperative_id,
        obj=bill,
        after={"amount": str(amount), "method": method},
    )
    return payment
