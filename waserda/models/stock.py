"""Stock: the stock card (movements) and stock counts (stock opname)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel, cooperative_field
from waserda.models.base import MONEY, QTY, user_field
from waserda.models.catalog import Product


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("Goods receipt")
    SALE = "sale", _("Sale")
    RETURN = "return", _("Sale return")
    ADJUSTMENT = "adjustment", _("Stock count adjustment")
    REVALUATION = "revaluation", _("Cost correction of goods sold short")


class StockMovement(TenantModel):
    """One line of a product's stock card (kartu stok): the change and the running balance after it."""

    # The product is referenced with its cooperative (composite key, migration waserda 0002), which
    # proves the row's cooperative too; the card index starts with both.
    cooperative = cooperative_field(db_constraint=False, db_index=False)
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="movements",
        db_constraint=False,
        db_index=False,
    )
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
    created_by = user_field(_("created by"))
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
