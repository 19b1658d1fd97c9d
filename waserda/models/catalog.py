"""Catalog: units, categories, suppliers, products with their price history, member cards."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel
from waserda.models.base import COST, MONEY, QTY, user_field


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
    # Stock state: written only by waserda.services.stock under the row lock.
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
            # The target of the composite keys of sale lines and stock cards.
            models.UniqueConstraint(fields=["cooperative", "id"], name="waserda_product_coop_id_key"),
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
    changed_by = user_field(_("changed by"))

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


# What staff set on a product (form, API and services); the stock fields are written by the stock service.
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
