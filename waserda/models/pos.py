"""POS: cash sessions, sales, returns, rejected offline sales and member credit payments."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel, cooperative_field
from waserda.models.base import MONEY, QTY, IdempotentDocument, IdempotentPayment, user_field
from waserda.models.catalog import Product

UNNUMBERED_SALE = "WS-?"  # the number of a sale that has no id yet


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

    # The client-UUID key and the time index start with the cooperative: no index of its own.
    cooperative = cooperative_field(db_index=False)
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
        db_index=False,  # partial index below: most sales are to walk-in customers
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
    # Offline sales synced at prices below those in force: how much less the till charged (Z report).
    price_shortfall = models.DecimalField(_("below the price in force"), **MONEY, default=0, db_default=0)
    needs_reconciliation = models.BooleanField(_("needs reconciliation"), default=False)
    reconciliation_note = models.TextField(_("reconciliation note"), blank=True)
    reconciled_at = models.DateTimeField(_("reconciled at"), null=True, blank=True)
    reconciled_by = user_field(_("reconciled by"), db_index=False)  # partial index below: few are ever reconciled

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
            models.Index(fields=["member"], condition=Q(member__isnull=False), name="waserda_sale_member_idx"),
            models.Index(
                fields=["reconciled_by"], condition=Q(reconciled_by__isnull=False), name="waserda_sale_reconciler_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"WS-{self.pk:07d}" if self.pk else UNNUMBERED_SALE

    @property
    def net_total(self):
        return self.total - self.returned_total


class SaleLine(TenantModel):
    # The product is referenced with its cooperative (composite key, migration waserda 0002), which
    # proves the line's cooperative too: no constraint of its own.
    cooperative = cooperative_field(db_constraint=False, db_index=False)
    sale = models.ForeignKey(Sale, verbose_name=_("sale"), on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
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


class SaleReturn(IdempotentDocument):
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
    returned_at = models.DateTimeField(_("returned at"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    amount = models.DecimalField(_("refund"), **MONEY)
    cost = models.DecimalField(_("cost"), **MONEY)
    user = user_field(_("user"))

    class Meta:
        ordering = ["-returned_at", "-id"]
        verbose_name = _("sale return")
        verbose_name_plural = _("sale returns")
        constraints = IdempotentDocument.Meta.constraints

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
    cashier = user_field(_("cashier"))
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


class CreditPayment(IdempotentPayment):
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
    user = user_field(_("user"))

    class Meta(IdempotentPayment.Meta):
        verbose_name = _("credit payment")
        verbose_name_plural = _("credit payments")

    def __str__(self) -> str:
        return f"{self.member_id}: {self.amount}"
