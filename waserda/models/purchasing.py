"""Purchasing: purchase orders, goods receipts, supplier bills and supplier payments."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel
from waserda.models.base import MONEY, QTY, IdempotentDocument, IdempotentPayment, SettlementMethod, user_field
from waserda.models.catalog import Product, Supplier


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
    created_by = user_field(_("created by"))
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


class GoodsReceipt(IdempotentDocument):
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
    received_by = user_field(_("received by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("goods receipt")
        verbose_name_plural = _("goods receipts")
        constraints = IdempotentDocument.Meta.constraints

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


class SupplierPayment(IdempotentPayment):
    bill = models.ForeignKey(SupplierBill, verbose_name=_("bill"), on_delete=models.PROTECT, related_name="payments")
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    paid_by = user_field(_("paid by (user)"))

    class Meta(IdempotentPayment.Meta):
        verbose_name = _("supplier payment")
        verbose_name_plural = _("supplier payments")

    def __str__(self) -> str:
        return f"{self.bill_id}: {self.amount}"
