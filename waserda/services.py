"""Writes of the waserda: catalog, suppliers and purchasing, stock counts. Each function is one
business action in one transaction. POS sales and returns live in ``sales.py``, cash sessions in
``sessions.py``, replenishment in ``replenishment.py``; they are re-exported here."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.ledger.services import Line, post_entry
from koperasi.money import quantize_quantity, quantize_rupiah
from koperasi.tenancy.context import current_cooperative_id
from waserda import journal, locks, stock
from waserda.error_codes import WaserdaError, WaserdaErrorCode
from waserda.models import (
    Category,
    CountStatus,
    GoodsReceipt,
    GoodsReceiptLine,
    MemberCard,
    MovementKind,
    OrderStatus,
    PriceChange,
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    SettlementMethod,
    StockCount,
    StockCountLine,
    Supplier,
    SupplierBill,
    SupplierPayment,
    WaserdaSettings,
)
from waserda.sales import (  # noqa: F401  (re-exported: the app's write API in one place)
    LineInput,
    ReturnLineInput,
    SaleInput,
    mark_reconciled,
    receive_credit_payment,
    record_return,
    record_sale,
    sync_sales,
)
from waserda.validators import barcode_errors

ZERO = Decimal("0")
PRODUCT_FIELDS = (
    "sku",
    "barcode",
    "name",
    "category",
    "unit",
    "sell_price",
    "member_price",
    "reorder_point",
    "safety_stock",
    "lead_time_days",
    "supplier",
    "is_active",
)


# --- catalog ---------------------------------------------------------------------------------------


def _check_product(product: Product) -> None:
    errors = barcode_errors(product.barcode or "")
    if errors:
        raise WaserdaError(WaserdaErrorCode.INVALID_BARCODE, errors[0], "barcode")
    if product.sell_price is None or product.sell_price < 0:
        raise WaserdaError(WaserdaErrorCode.INVALID_PRICE, _("The selling price cannot be negative."), "sell_price")
    if product.member_price is not None and product.member_price < 0:
        raise WaserdaError(WaserdaErrorCode.INVALID_PRICE, _("The member price cannot be negative."), "member_price")
    duplicates = Product.objects.exclude(pk=product.pk)
    if duplicates.filter(sku__iexact=product.sku).exists():
        raise WaserdaError(WaserdaErrorCode.DUPLICATE_CODE, _("Another product has this SKU."), "sku")
    if product.barcode and duplicates.filter(barcode=product.barcode).exists():
        raise WaserdaError(WaserdaErrorCode.DUPLICATE_CODE, _("Another product has this barcode."), "barcode")
    if (
        product.barcode
        and product.barcode.lower() != product.sku.lower()
        and duplicates.filter(sku__iexact=product.barcode).exists()
    ):
        raise WaserdaError(WaserdaErrorCode.DUPLICATE_CODE, _("This barcode is another product's SKU."), "barcode")


def _save_product(product: Product) -> None:
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError as error:
        raise WaserdaError(WaserdaErrorCode.DUPLICATE_CODE, _("Another product has this SKU or barcode.")) from error


@transaction.atomic
def create_product(*, actor, **fields) -> Product:
    unknown = set(fields) - set(PRODUCT_FIELDS)
    if unknown:
        raise TypeError(f"create_product() got unexpected fields: {sorted(unknown)}")
    fields["sku"] = fields.get("sku", "").strip()
    fields["barcode"] = (fields.get("barcode") or "").strip()
    product = Product(**fields)
    _check_product(product)
    _save_product(product)
    PriceChange.objects.create(
        product=product, sell_price=product.sell_price, member_price=product.member_price, changed_by=actor
    )
    record_event(
        "waserda.product_created",
        actor=actor,
        cooperative_id=product.cooperative_id,
        obj=product,
        after={"sku": product.sku, "name": product.name, "sell_price": str(product.sell_price)},
    )
    return product


@transaction.atomic
def update_product(*, actor, product: Product, **changes) -> Product:
    """Edit a product; a change of either price is written to the price history."""
    unknown = set(changes) - set(PRODUCT_FIELDS)
    if unknown:
        raise TypeError(f"update_product() got unexpected fields: {sorted(unknown)}")
    before = (product.sell_price, product.member_price)
    for name, value in changes.items():
        if name in ("sku", "barcode"):
            value = (value or "").strip()
        setattr(product, name, value)
    _check_product(product)
    fields = list(changes)
    if fields:
        _save_product_fields(product, fields)
    if (product.sell_price, product.member_price) != before:
        PriceChange.objects.create(
            product=product, sell_price=product.sell_price, member_price=product.member_price, changed_by=actor
        )
        record_event(
            "waserda.price_changed",
            actor=actor,
            cooperative_id=product.cooperative_id,
            obj=product,
            before={"sell_price": str(before[0]), "member_price": str(before[1])},
            after={"sell_price": str(product.sell_price), "member_price": str(product.member_price)},
        )
    return product


def _save_product_fields(product: Product, fields: list[str]) -> None:
    try:
        with transaction.atomic():
            product.save(update_fields=fields)
    except IntegrityError as error:
        raise WaserdaError(WaserdaErrorCode.DUPLICATE_CODE, _("Another product has this SKU or barcode.")) from error


def create_category(*, name: str) -> Category:
    category, _created = Category.objects.get_or_create(name=name.strip())
    return category


@transaction.atomic
def save_supplier(*, actor, supplier: Supplier | None = None, **fields) -> Supplier:
    supplier = supplier or Supplier()
    for name, value in fields.items():
        setattr(supplier, name, value)
    if Supplier.objects.exclude(pk=supplier.pk).filter(name__iexact=supplier.name.strip()).exists():
        raise WaserdaError(WaserdaErrorCode.DUPLICATE_CODE, _("A supplier with this name exists."), "name")
    supplier.name = supplier.name.strip()
    supplier.save()
    return supplier


@transaction.atomic
def save_member_card(*, member, card_code: str, credit_limit: Decimal | None = None) -> MemberCard:
    card_code = card_code.strip()
    if MemberCard.objects.exclude(member=member).filter(card_code=card_code).exists():
        raise WaserdaError(WaserdaErrorCode.DUPLICATE_CODE, _("Another member has this card code."), "card_code")
    card, _created = MemberCard.objects.update_or_create(
        member=member, defaults={"card_code": card_code, "credit_limit": credit_limit}
    )
    return card


@transaction.atomic
def update_settings(**fields) -> WaserdaSettings:
    from waserda.selectors import shop_settings

    settings = shop_settings()
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def seed_shop_settings(cooperative) -> None:
    """Cooperative seeder: the shop's settings row (idempotent)."""
    WaserdaSettings.objects.get_or_create()


# --- purchasing ------------------------------------------------------------------------------------


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
    if key is not None:
        done = GoodsReceipt.objects.filter(key=key).first()
        if done is not None:
            return done
    if settlement not in SettlementMethod.values:
        raise WaserdaError(WaserdaErrorCode.INVALID_PRICE, _("Choose how the goods are paid."), "settlement")
    if not lines:
        raise WaserdaError(WaserdaErrorCode.EMPTY_SALE, _("Nothing received."), "lines")
    order_lines: dict[int, PurchaseOrderLine] = {}
    if order is not None:
        order = locks.lock_order(order.pk)
        if order.supplier_id != supplier.pk:
            raise WaserdaError(WaserdaErrorCode.SUPPLIER_MISMATCH, _("The order is from another supplier."))
        if order.status not in (OrderStatus.ORDERED, OrderStatus.PARTIAL, OrderStatus.DRAFT):
            raise WaserdaError(WaserdaErrorCode.ORDER_NOT_OPEN, _("This order is not open for receipts."))
        order_lines = {line.pk: line for line in order.lines.all()}
    products = locks.lock_products(line.product_id for line in lines)
    rows, changes, total = [], [], ZERO
    receiving: dict[int, Decimal] = {}
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
        rows.append((line.product_id, order_line, quantity, unit_cost, amount))
        changes.append(stock.Change(line.product_id, quantity, amount))
        total += amount
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
    occurred = timezone.now()
    stock.write(
        stock_plan,
        occurred_at=occurred,
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
                order_line=order_line,
                product_id=product_id,
                quantity=quantity,
                unit_cost=unit_cost,
                amount=amount,
            )
            for product_id, order_line, quantity, unit_cost, amount in rows
        ]
    )
    if order is not None:
        for pk, quantity in receiving.items():
            PurchaseOrderLine.objects.filter(pk=pk).update(received_quantity=F("received_quantity") + quantity)
        still_open = order.lines.filter(received_quantity__lt=F("quantity")).exists()
        order.status = OrderStatus.PARTIAL if still_open else OrderStatus.RECEIVED
        order.save(update_fields=["status"])
    journal.post_pair(
        date=receipt.date,
        source=receipt,
        purpose="purchase.receipt",
        memo=_("Goods receipt %(r)s from %(s)s") % {"r": receipt.number, "s": supplier.name},
        debit="merchandise_inventory",
        credit=journal.SETTLEMENT_ACCOUNTS[settlement],
        credit_party=supplier if settlement == SettlementMethod.CREDIT else None,
        amount=total,
        actor=actor,
    )
    if stock_plan.correction:
        # Goods sold while out of stock were costed at the old average: revalue them at this cost.
        journal.post_pair(
            date=receipt.date,
            source=receipt,
            purpose="stock.cost_correction",
            memo=_("Cost of goods sold short, revalued at receipt %(r)s") % {"r": receipt.number},
            debit="merchandise_inventory",
            credit="cogs",
            credit_unit=journal.waserda_unit_id(),
            amount=stock_plan.correction,
            actor=actor,
        )
    record_event(
        "waserda.goods_received",
        actor=actor,
        cooperative_id=receipt.cooperative_id,
        obj=receipt,
        after={"supplier": supplier.name, "total": str(total), "order": order.number if order else None},
    )
    return receipt


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
    if key is not None:
        done = SupplierPayment.objects.filter(key=key).first()
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


# --- stock counts (stock opname) ---------------------------------------------------------------------


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
