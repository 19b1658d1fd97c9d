"""The waserda shop: catalog, suppliers and purchasing, stock, POS sales, returns and cash sessions.

Stock per product is two numbers on the product row, changed together in one UPDATE under the row
lock: ``qty_on_hand`` and ``stock_value`` (the Rupiah value of that stock, moving weighted average).
Every change writes a :class:`StockMovement` with the running quantity and value after it (the stock
card) and posts exactly the same value change to *Persediaan barang dagangan*, so the sum of
``stock_value`` equals the ledger balance of that account at all times.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel

MONEY = {"max_digits": 18, "decimal_places": 2}
QTY = {"max_digits": 18, "decimal_places": 3}
COST = {"max_digits": 18, "decimal_places": 4}


class WaserdaSettings(TenantModel):
    """Shop settings of a cooperative (one row; made on first use)."""

    default_credit_limit = models.DecimalField(_("default member credit limit"), **MONEY, default=0)
    demand_window_days = models.PositiveSmallIntegerField(_("demand window (days)"), default=30)
    order_cycle_days = models.PositiveSmallIntegerField(_("order cycle (days)"), default=14)
    receipt_header = models.CharField(_("receipt header"), max_length=200, blank=True)
    receipt_footer = models.CharField(_("receipt footer"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("shop settings")
        verbose_name_plural = _("shop settings")
        constraints = [models.UniqueConstraint(fields=["cooperative"], name="waserda_settings_one")]

    def __str__(self) -> str:
        return str(_("shop settings"))


class Unit(models.TextChoices):
    PIECE = "pcs", _("piece")
    KG = "kg", _("kg")
    LITRE = "liter", _("litre")
    PACK = "pak", _("pack")
    BOX = "dus", _("box")
    SACK = "karung", _("sack")
    METRE = "meter", _("metre")
    ROLL = "rol", _("roll")
    BLOCK = "balok", _("block")
    BOTTLE = "botol", _("bottle")


class Category(TenantModel):
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [models.UniqueConstraint(fields=["cooperative", "name"], name="waserda_category_name_unique")]

    def __str__(self) -> str:
        return self.name


class Supplier(TenantModel):
    """A supplier (pemasok): a wholesaler, or a member who supplies the shop (``member``)."""

    name = models.CharField(_("name"), max_length=150)
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.TextField(_("address"), blank=True)
    lead_time_days = models.PositiveSmallIntegerField(_("lead time (days)"), default=7)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        constraints = [models.UniqueConstraint(fields=["cooperative", "name"], name="waserda_supplier_name_unique")]

    def __str__(self) -> str:
        return self.name


class Product(TenantModel):
    """A stock-keeping unit of the shop, with its stock on hand and moving-average value."""

    sku = models.CharField(_("SKU"), max_length=40)
    barcode = models.CharField(_("barcode"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=150)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT, related_name="products"
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.PIECE)
    sell_price = models.DecimalField(_("selling price"), **MONEY)
    member_price = models.DecimalField(_("member price"), **MONEY, null=True, blank=True)
    reorder_point = models.DecimalField(_("reorder point"), **QTY, default=0)
    safety_stock = models.DecimalField(_("safety stock"), **QTY, default=0)
    lead_time_days = models.PositiveSmallIntegerField(_("supplier lead time (days)"), default=7)
    supplier = models.ForeignKey(
        Supplier, verbose_name=_("usual supplier"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Stock state: written only by waserda.stock under the row lock.
    qty_on_hand = models.DecimalField(_("quantity on hand"), **QTY, default=0, editable=False)
    stock_value = models.DecimalField(_("stock value"), **MONEY, default=0, editable=False)
    avg_cost = models.DecimalField(_("average cost"), **COST, default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "sku"], name="waserda_product_sku_unique"),
            models.UniqueConstraint(
                fields=["cooperative", "barcode"], condition=~Q(barcode=""), name="waserda_product_barcode_unique"
            ),
            models.CheckConstraint(condition=Q(sell_price__gte=0), name="waserda_product_price_nonnegative"),
            models.CheckConstraint(
                condition=Q(member_price__isnull=True) | Q(member_price__gte=0),
                name="waserda_product_member_price_nonnegative",
            ),
            models.CheckConstraint(
                condition=Q(reorder_point__gte=0, safety_stock__gte=0), name="waserda_product_levels_nonnegative"
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "name"], name="waserda_product_name_idx")]

    def __str__(self) -> str:
        return f"{self.sku} {self.name}"

    def price_for(self, member=None):
        """The unit price: the member price for an active member (anggota), else the selling price."""
        if member is not None and self.member_price is not None and member.is_active_member:
            return self.member_price
        return self.sell_price


class PriceChange(TenantModel):
    """Price history: one row per change of the selling or member price (and one at creation)."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="prices")
    sell_price = models.DecimalField(_("selling price"), **MONEY)
    member_price = models.DecimalField(_("member price"), **MONEY, null=True, blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("price change")
        verbose_name_plural = _("price changes")

    def __str__(self) -> str:
        return f"{self.product_id}: {self.sell_price}"


class MemberCard(TenantModel):
    """A member's shop card: the code printed on it (scanned at the till) and their credit limit."""

    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="+")
    card_code = models.CharField(_("card code"), max_length=40)
    credit_limit = models.DecimalField(
        _("credit limit"), **MONEY, null=True, blank=True, help_text=_("Empty: the shop's default limit.")
    )

    class Meta:
        ordering = ["card_code"]
        verbose_name = _("member card")
        verbose_name_plural = _("member cards")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "card_code"], name="waserda_card_code_unique"),
            models.UniqueConstraint(fields=["cooperative", "member"], name="waserda_card_one_per_member"),
        ]

    def __str__(self) -> str:
        return self.card_code


# --- purchasing --------------------------------------------------------------------------------


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ORDERED = "ordered", _("Ordered")
    PARTIAL = "partial", _("Partially received")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


class PurchaseOrder(TenantModel):
    supplier = models.ForeignKey(Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(_("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.DRAFT)
    order_date = models.DateField(_("order date"))
    expected_date = models.DateField(_("expected on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-order_date", "-id"]
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"PO-{self.pk:05d}" if self.pk else "PO-?"

    @property
    def is_open(self) -> bool:
        return self.status in (OrderStatus.DRAFT, OrderStatus.ORDERED, OrderStatus.PARTIAL)


class PurchaseOrderLine(TenantModel):
    order = models.ForeignKey(PurchaseOrder, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("quantity"), **QTY)
    unit_cost = models.DecimalField(_("unit cost"), **MONEY)
    received_quantity = models.DecimalField(_("received"), **QTY, default=0)

    class Meta:
        ordering = ["id"]
        verbose_name = _("purchase order line")
        verbose_name_plural = _("purchase order lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="waserda_po_line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="waserda_po_line_cost_nonnegative"),
            models.CheckConstraint(
                condition=Q(received_quantity__gte=0, received_quantity__lte=models.F("quantity")),
                name="waserda_po_line_received_within_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} × {self.quantity}"

    @property
    def open_quantity(self):
        return self.quantity - self.received_quantity


class SettlementMethod(models.TextChoices):
    CREDIT = "credit", _("On credit (hutang usaha)")
    CASH = "cash", _("Cash")
    BANK = "bank", _("Bank transfer")


class SupplierBill(TenantModel):
    """A supplier's invoice (tagihan) for one or more goods receipts taken on credit."""

    supplier = models.ForeignKey(Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="bills")
    number = models.CharField(_("supplier's invoice number"), max_length=60)
    date = models.DateField(_("date"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    amount = models.DecimalField(_("amount"), **MONEY)
    paid_amount = models.DecimalField(_("paid"), **MONEY, default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("supplier bill")
        verbose_name_plural = _("supplier bills")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "supplier", "number"], name="waserda_bill_number_unique"),
            models.CheckConstraint(
                condition=Q(paid_amount__gte=0, paid_amount__lte=models.F("amount")), name="waserda_bill_paid_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id}/{self.number}"

    @property
    def outstanding(self):
        return self.amount - self.paid_amount

    @property
    def is_paid(self) -> bool:
        return self.paid_amount >= self.amount


class GoodsReceipt(TenantModel):
    """Goods received from a supplier (penerimaan barang), against a purchase order or directly."""

    supplier = models.ForeignKey(Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(
        PurchaseOrder,
        verbose_name=_("purchase order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receipts",
    )
    date = models.DateField(_("date"))
    reference = models.CharField(_("delivery note"), max_length=60, blank=True)
    settlement = models.CharField(
        _("paid by"), max_length=10, choices=SettlementMethod.choices, default=SettlementMethod.CREDIT
    )
    total = models.DecimalField(_("total"), **MONEY, default=0)
    bill = models.ForeignKey(
        SupplierBill, verbose_name=_("bill"), null=True, blank=True, on_delete=models.PROTECT, related_name="receipts"
    )
    key = models.UUIDField(_("idempotency key"), default=uuid.uuid4)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("goods receipt")
        verbose_name_plural = _("goods receipts")
        constraints = [models.UniqueConstraint(fields=["cooperative", "key"], name="waserda_receipt_key_unique")]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"GR-{self.pk:05d}" if self.pk else "GR-?"


class GoodsReceiptLine(TenantModel):
    receipt = models.ForeignKey(GoodsReceipt, verbose_name=_("receipt"), on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(
        PurchaseOrderLine,
        verbose_name=_("order line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("quantity"), **QTY)
    unit_cost = models.DecimalField(_("unit cost"), **MONEY)
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        ordering = ["id"]
        verbose_name = _("goods receipt line")
        verbose_name_plural = _("goods receipt lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="waserda_receipt_line_quantity_positive"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="waserda_receipt_line_amount_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} × {self.quantity}"


class SupplierPayment(TenantModel):
    bill = models.ForeignKey(SupplierBill, verbose_name=_("bill"), on_delete=models.PROTECT, related_name="payments")
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    method = models.CharField(_("paid by"), max_length=10, choices=SettlementMethod.choices[1:])
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    key = models.UUIDField(_("idempotency key"), default=uuid.uuid4)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paid by (user)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("supplier payment")
        verbose_name_plural = _("supplier payments")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "key"], name="waserda_payment_key_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="waserda_payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.bill_id}: {self.amount}"


# --- stock ---------------------------------------------------------------------------------------


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("Goods receipt")
    SALE = "sale", _("Sale")
    RETURN = "return", _("Sale return")
    ADJUSTMENT = "adjustment", _("Stock count adjustment")
    REVALUATION = "revaluation", _("Cost correction of goods sold short")


class StockMovement(TenantModel):
    """One line of a product's stock card (kartu stok): the change and the running balance after it."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("kind"), max_length=12, choices=MovementKind.choices)
    quantity = models.DecimalField(_("quantity"), **QTY)
    value = models.DecimalField(_("value"), **MONEY)
    quantity_after = models.DecimalField(_("quantity after"), **QTY)
    value_after = models.DecimalField(_("value after"), **MONEY)
    occurred_at = models.DateTimeField(_("occurred at"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    source_type = models.CharField(_("source document type"), max_length=40)
    source_id = models.BigIntegerField(_("source document id"))
    reference = models.CharField(_("reference"), max_length=60, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        indexes = [
            models.Index(fields=["cooperative", "product", "id"], name="waserda_movement_card_idx"),
            models.Index(fields=["cooperative", "occurred_at"], name="waserda_movement_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.kind} {self.quantity}"


class CountStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    POSTED = "posted", _("Posted")


class StockCount(TenantModel):
    """A stock count (stock opname): counted quantities; posting adjusts stock and the ledger."""

    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=10, choices=CountStatus.choices, default=CountStatus.DRAFT)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("stock count")
        verbose_name_plural = _("stock counts")

    def __str__(self) -> str:
        return f"SO-{self.pk:05d}" if self.pk else "SO-?"


class StockCountLine(TenantModel):
    count = models.ForeignKey(StockCount, verbose_name=_("stock count"), on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+")
    counted_quantity = models.DecimalField(_("counted"), **QTY)
    expected_quantity = models.DecimalField(_("on record"), **QTY, null=True, blank=True)
    difference_quantity = models.DecimalField(_("difference"), **QTY, null=True, blank=True)
    difference_value = models.DecimalField(_("difference value"), **MONEY, null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("stock count line")
        verbose_name_plural = _("stock count lines")
        constraints = [
            models.UniqueConstraint(fields=["count", "product"], name="waserda_count_line_unique"),
            models.CheckConstraint(condition=Q(counted_quantity__gte=0), name="waserda_count_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.counted_quantity}"


# --- POS -----------------------------------------------------------------------------------------


class SessionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CashSession(TenantModel):
    """A cashier's shift at the till: opened with a float, closed with a cash count (Z-report)."""

    cashier = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cashier"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.OPEN)
    opened_at = models.DateTimeField(_("opened at"))
    opening_float = models.DecimalField(_("opening float"), **MONEY, default=0)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    counted_cash = models.DecimalField(_("counted cash"), **MONEY, null=True, blank=True)
    expected_cash = models.DecimalField(_("expected cash"), **MONEY, null=True, blank=True)
    difference = models.DecimalField(_("over / short"), **MONEY, null=True, blank=True)
    summary = models.JSONField(_("Z-report figures"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("cash session")
        verbose_name_plural = _("cash sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "cashier"], condition=Q(status="open"), name="waserda_session_one_open"
            ),
            models.CheckConstraint(condition=Q(opening_float__gte=0), name="waserda_session_float_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"Z-{self.pk:05d}" if self.pk else "Z-?"

    @property
    def is_open(self) -> bool:
        return self.status == SessionStatus.OPEN


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    TRANSFER = "transfer", _("Bank transfer")
    QRIS = "qris", _("QRIS")
    CREDIT = "credit", _("Member credit")
    SAVINGS = "savings", _("Voluntary savings")


class Sale(TenantModel):
    """A POS sale. ``client_uuid`` (made by the till) is unique per cooperative: syncing twice is a no-op.

    ``sold_at`` is when the till made the sale (offline sales are recorded later); a sale that could
    not be recorded cleanly (stock driven negative, synced after its session closed, …) is flagged
    ``needs_reconciliation`` with the reasons, for the manager's list — never dropped.
    """

    client_uuid = models.UUIDField(_("client id"), default=uuid.uuid4)
    session = models.ForeignKey(
        CashSession,
        verbose_name=_("cash session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sales",
    )
    cashier = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cashier"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="waserda_sales",
    )
    sold_at = models.DateTimeField(_("sold at"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    offline = models.BooleanField(_("made offline"), default=False)
    payment_method = models.CharField(_("payment"), max_length=10, choices=PaymentMethod.choices)
    payment_reference = models.CharField(_("payment reference"), max_length=80, blank=True)
    total = models.DecimalField(_("total"), **MONEY)
    cost_total = models.DecimalField(_("cost of goods"), **MONEY, default=0)
    tendered = models.DecimalField(_("tendered"), **MONEY, null=True, blank=True)
    change = models.DecimalField(_("change"), **MONEY, default=0)
    returned_total = models.DecimalField(_("returned"), **MONEY, default=0)
    needs_reconciliation = models.BooleanField(_("needs reconciliation"), default=False)
    reconciliation_note = models.TextField(_("reconciliation note"), blank=True)
    reconciled_at = models.DateTimeField(_("reconciled at"), null=True, blank=True)
    reconciled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reconciled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-sold_at", "-id"]
        verbose_name = _("sale")
        verbose_name_plural = _("sales")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "client_uuid"], name="waserda_sale_client_uuid_unique"),
            models.CheckConstraint(condition=Q(total__gte=0), name="waserda_sale_total_nonnegative"),
            models.CheckConstraint(
                condition=Q(returned_total__gte=0, returned_total__lte=models.F("total")),
                name="waserda_sale_returned_within_total",
            ),
        ]
        indexes = [
            models.Index(fields=["cooperative", "sold_at"], name="waserda_sale_time_idx"),
            models.Index(
                fields=["cooperative", "needs_reconciliation"],
                condition=Q(needs_reconciliation=True),
                name="waserda_sale_reconcile_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"WS-{self.pk:07d}" if self.pk else "WS-?"

    @property
    def net_total(self):
        return self.total - self.returned_total


class SaleLine(TenantModel):
    sale = models.ForeignKey(Sale, verbose_name=_("sale"), on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("quantity"), **QTY)
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    member_price_applied = models.BooleanField(_("member price"), default=False)
    amount = models.DecimalField(_("amount"), **MONEY)
    cost = models.DecimalField(_("cost"), **MONEY, default=0)
    returned_quantity = models.DecimalField(_("returned"), **QTY, default=0)

    class Meta:
        ordering = ["id"]
        verbose_name = _("sale line")
        verbose_name_plural = _("sale lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="waserda_sale_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(returned_quantity__gte=0, returned_quantity__lte=models.F("quantity")),
                name="waserda_sale_line_returned_within_sold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} × {self.quantity}"


class SaleReturn(TenantModel):
    """Goods brought back (retur penjualan): stock goes back at the cost it left, money is refunded
    the way it was paid, and reversing entries are posted."""

    sale = models.ForeignKey(Sale, verbose_name=_("sale"), on_delete=models.PROTECT, related_name="returns")
    session = models.ForeignKey(
        CashSession,
        verbose_name=_("cash session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="returns",
    )
    key = models.UUIDField(_("idempotency key"), default=uuid.uuid4)
    returned_at = models.DateTimeField(_("returned at"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    amount = models.DecimalField(_("refund"), **MONEY)
    cost = models.DecimalField(_("cost"), **MONEY)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-returned_at", "-id"]
        verbose_name = _("sale return")
        verbose_name_plural = _("sale returns")
        constraints = [models.UniqueConstraint(fields=["cooperative", "key"], name="waserda_return_key_unique")]

    def __str__(self) -> str:
        return f"RT-{self.pk:06d}" if self.pk else "RT-?"


class SaleReturnLine(TenantModel):
    sale_return = models.ForeignKey(
        SaleReturn, verbose_name=_("return"), on_delete=models.CASCADE, related_name="lines"
    )
    sale_line = models.ForeignKey(SaleLine, verbose_name=_("sale line"), on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("quantity"), **QTY)
    amount = models.DecimalField(_("refund"), **MONEY)
    cost = models.DecimalField(_("cost"), **MONEY)

    class Meta:
        ordering = ["id"]
        verbose_name = _("sale return line")
        verbose_name_plural = _("sale return lines")
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="waserda_return_line_positive")]

    def __str__(self) -> str:
        return f"{self.sale_line_id} × {self.quantity}"


class RejectedSale(TenantModel):
    """An online sale the server refused (e.g. not enough stock): kept so a replayed sync batch
    answers the same result instead of trying again."""

    client_uuid = models.UUIDField(_("client id"))
    code = models.CharField(_("code"), max_length=40)
    message = models.CharField(_("message"), max_length=255)
    cashier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cashier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rejected sale")
        verbose_name_plural = _("rejected sales")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "client_uuid"], name="waserda_rejected_uuid_unique")
        ]

    def __str__(self) -> str:
        return f"{self.client_uuid}: {self.code}"


class CreditPayment(TenantModel):
    """A member pays back shop credit (piutang anggota): Dr Kas/Bank, Cr Piutang usaha (member)."""

    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        CashSession,
        verbose_name=_("cash session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_payments",
    )
    key = models.UUIDField(_("idempotency key"), default=uuid.uuid4)
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    method = models.CharField(_("paid by"), max_length=10, choices=SettlementMethod.choices[1:])
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("credit payment")
        verbose_name_plural = _("credit payments")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "key"], name="waserda_credit_payment_key_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="waserda_credit_payment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.amount}"
