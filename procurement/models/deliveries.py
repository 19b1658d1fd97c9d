"""Deliveries (setoran) of raw material and the lots they create."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel
from procurement.models.materials import PriceRule, RawMaterial
from procurement.models.network import MONEY, QTY, Supplier


class DeliveryStatus(models.TextChoices):
    POSTED = "posted", _("Posted")
    REVERSED = "reversed", _("Reversed")


class Delivery(TenantModel):
    """Raw material received from ``supplier`` (the party that brought it; ``farmer`` is the original
    producer when a group or collector delivers). ``unit_price`` comes from the price rule in force on
    ``date`` (its version is kept); ``value`` = accepted quantity × unit price, the amount owed."""

    key = models.UUIDField(_("key"), editable=False)
    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="deliveries"
    )
    farmer = models.ForeignKey(
        Supplier, verbose_name=_("original farmer"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    material = models.ForeignKey(
        RawMaterial, verbose_name=_("raw material"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    collection_point = models.CharField(_("collection point"), max_length=100, blank=True)
    quantity = models.DecimalField(_("quantity delivered"), **QTY)
    rejected_quantity = models.DecimalField(_("quantity rejected"), **QTY, default=0)
    grade = models.CharField(_("grade"), max_length=20, blank=True)
    readings = models.JSONField(_("quality readings"), default=dict, blank=True)
    price_rule = models.ForeignKey(PriceRule, verbose_name=_("price rule"), on_delete=models.PROTECT, related_name="+")
    price_rule_version = models.PositiveIntegerField(_("price rule version"))
    unit_price = models.DecimalField(_("price per unit"), **MONEY)
    value = models.DecimalField(_("value"), **MONEY)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.POSTED)
    reversal_reason = models.CharField(_("reason for the reversal"), max_length=255, blank=True)
    payment_line = models.ForeignKey(
        "procurement.PaymentLine",
        verbose_name=_("paid in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    journal_entry = models.ForeignKey(
        "ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "key"], name="procurement_delivery_key_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="procurement_delivery_quantity_positive"),
            models.CheckConstraint(
                condition=Q(rejected_quantity__gte=0) & Q(rejected_quantity__lte=models.F("quantity")),
                name="procurement_delivery_rejected_within_quantity",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="procurement_delivery_value_nonnegative"),
        ]
        indexes = [
            models.Index(fields=["cooperative", "supplier", "date"], name="proc_delivery_supplier_idx"),
            models.Index(fields=["cooperative", "date"], name="proc_delivery_date_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"ST-{self.pk:07d}" if self.pk else "ST-?"

    @property
    def accepted_quantity(self):
        return self.quantity - self.rejected_quantity


class RawMaterialLot(TenantModel):
    """The accepted raw material of one delivery, at its cost: what processing draws from (traceability)."""

    delivery = models.OneToOneField(Delivery, verbose_name=_("delivery"), on_delete=models.PROTECT, related_name="lot")
    material = models.ForeignKey(
        RawMaterial, verbose_name=_("raw material"), on_delete=models.PROTECT, related_name="+"
    )
    # The delivery's date, kept on the lot so that taking the oldest lots first reads this table alone.
    delivered_on = models.DateField(_("delivered"))
    quantity = models.DecimalField(_("quantity"), **QTY)
    remaining = models.DecimalField(_("remaining"), **QTY)
    unit_cost = models.DecimalField(_("cost per unit"), **MONEY)

    class Meta:
        ordering = ["id"]
        verbose_name = _("raw-material lot")
        verbose_name_plural = _("raw-material lots")
        constraints = [
            models.CheckConstraint(
                condition=Q(remaining__gte=0) & Q(remaining__lte=models.F("quantity")),
                name="procurement_lot_remaining_within_quantity",
            )
        ]
        # The lots a batch can still take, oldest first: a handful among every lot ever delivered
        # (docs/performance.md, "Processing: finishing a batch").
        indexes = [
            models.Index(
                fields=["cooperative", "material", "delivered_on", "id"],
                condition=Q(remaining__gt=0),
                name="procurement_open_lot_idx",
            )
        ]
