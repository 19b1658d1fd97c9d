"""Sales of processed products to businesses: customers, sales orders, delivery notes (surat jalan) that
take finished-goods lots, invoices with PPN, and the payments that settle them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel
from processing.models.batches import FinishedGoodsLot
from processing.models.plants import MONEY, QTY, Product


class CustomerKind(models.TextChoices):
    DOMESTIC = "domestic", _("Domestic buyer")
    EXPORTER = "exporter", _("Exporter (PPN 0%)")
    MEMBER = "member", _("Member")


class Customer(TenantModel):
    """Who buys the plants' products. An exporter's invoices carry PPN at 0 % (export of taxable goods);
    a member's orders may count as patronage for the SHU."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=CustomerKind.choices, default=CustomerKind.DOMESTIC)
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tax_number = models.CharField(_("NPWP"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    payment_days = models.PositiveSmallIntegerField(_("payment terms (days)"), default=30)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "name"], name="processing_customer_name_unique"),
            models.CheckConstraint(
                condition=Q(kind=CustomerKind.MEMBER, member__isnull=False) | ~Q(kind=CustomerKind.MEMBER),
                name="processing_member_customer_has_member",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OrderStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SHIPPED = "shipped", _("Shipped")
    CANCELLED = "cancelled", _("Cancelled")


class SalesOrder(TenantModel):
    """An order of products at agreed prices; shipped in one or more delivery notes. ``is_patronage``
    (a member's order only) counts its sales in the member's jasa usaha for the SHU."""

    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="orders")
    ordered_on = models.DateField(_("order date"))
    status = models.CharField(_("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.OPEN)
    is_patronage = models.BooleanField(_("counts as patronage for SHU"), default=False)
    reference = models.CharField(_("customer's reference"), max_length=60, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-ordered_on", "-id"]
        verbose_name = _("sales order")
        verbose_name_plural = _("sales orders")

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"SO-{self.pk:06d}" if self.pk else "SO-?"


class SalesOrderLine(TenantModel):
    order = models.ForeignKey(SalesOrder, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("quantity"), **QTY)
    unit_price = models.DecimalField(_("price per unit (excl. PPN)"), **MONEY)
    shipped = models.DecimalField(_("shipped"), **QTY, default=0)

    class Meta:
        ordering = ["id"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="processing_order_line_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="processing_order_price_nonnegative"),
            models.CheckConstraint(
                condition=Q(shipped__gte=0) & Q(shipped__lte=F("quantity")), name="processing_order_shipped_within"
            ),
        ]

    @property
    def to_ship(self):
        return self.quantity - self.shipped


class Shipment(TenantModel):
    """A delivery note (surat jalan): what left the plant for an order, from which finished-goods lots.
    Shipping posts Dr HPP / Cr Persediaan barang jadi at the lots' cost."""

    order = models.ForeignKey(SalesOrder, verbose_name=_("order"), on_delete=models.PROTECT, related_name="shipments")
    shipped_on = models.DateField(_("shipped"))
    vehicle = models.CharField(_("vehicle / container"), max_length=60, blank=True)
    cost = models.DecimalField(_("cost of goods"), **MONEY, default=0)
    journal_entry = models.ForeignKey(
        "ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-shipped_on", "-id"]
        verbose_name = _("delivery note")
        verbose_name_plural = _("delivery notes")

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"SJ-{self.pk:06d}" if self.pk else "SJ-?"


class ShipmentLine(TenantModel):
    shipment = models.ForeignKey(Shipment, verbose_name=_("delivery note"), on_delete=models.CASCADE,
                                 related_name="lines")  # fmt: skip
    order_line = models.ForeignKey(SalesOrderLine, verbose_name=_("order line"), on_delete=models.PROTECT,
                                   related_name="shipment_lines")  # fmt: skip
    lot = models.ForeignKey(FinishedGoodsLot, verbose_name=_("lot"), on_delete=models.PROTECT, related_name="shipped")
    quantity = models.DecimalField(_("quantity"), **QTY)
    cost = models.DecimalField(_("cost"), **MONEY)

    class Meta:
        ordering = ["id"]
        verbose_name = _("delivery note line")
        verbose_name_plural = _("delivery note lines")
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="processing_shipment_line_positive")]
        # Trace forward: a lot to the shipments it went out in.
        indexes = [models.Index(fields=["lot"], name="processing_shipped_lot_idx")]


class Invoice(TenantModel):
    """The invoice of one delivery note: the shipped quantities at the order's prices, PPN at
    ``ppn_rate`` %, posted Dr Piutang usaha / Cr Penjualan produk olahan, Cr Hutang PPN keluaran."""

    shipment = models.OneToOneField(Shipment, verbose_name=_("delivery note"), on_delete=models.PROTECT,
                                    related_name="invoice")  # fmt: skip
    issued_on = models.DateField(_("invoice date"))
    due_on = models.DateField(_("due"))
    subtotal = models.DecimalField(_("subtotal"), **MONEY)
    ppn_rate = models.DecimalField(_("PPN rate (%)"), max_digits=5, decimal_places=2)
    ppn = models.DecimalField(_("PPN"), **MONEY)
    total = models.DecimalField(_("total"), **MONEY)
    paid = models.DecimalField(_("paid"), **MONEY, default=0)
    journal_entry = models.ForeignKey(
        "ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.CheckConstraint(condition=Q(total=F("subtotal") + F("ppn")), name="processing_invoice_adds_up"),
            models.CheckConstraint(condition=Q(paid__gte=0) & Q(paid__lte=F("total")), name="processing_invoice_paid"),
        ]
        indexes = [models.Index(fields=["cooperative", "issued_on"], name="processing_invoice_date_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"INV-{self.pk:06d}" if self.pk else "INV-?"

    @property
    def outstanding(self):
        return self.total - self.paid


class PaymentAccount(models.TextChoices):
    CASH = "cash", _("Cash (Kas)")
    BANK = "bank", _("Bank")


class InvoicePayment(TenantModel):
    """Money received on an invoice: Dr Kas or Bank / Cr Piutang usaha."""

    invoice = models.ForeignKey(Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount"), **MONEY)
    account = models.CharField(_("received in"), max_length=10, choices=PaymentAccount.choices,
                               default=PaymentAccount.BANK)  # fmt: skip
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    journal_entry = models.ForeignKey(
        "ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = _("invoice payment")
        verbose_name_plural = _("invoice payments")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="processing_payment_positive")]
