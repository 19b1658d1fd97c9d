"""Who supplies raw material: members, non-member farmers, farmer groups (kelompok tani), collectors
(pengepul) and outside mills, where they are, through whom they deliver, and what they produce with."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel

MONEY = {"max_digits": 18, "decimal_places": 2}
QTY = {"max_digits": 18, "decimal_places": 3}


class SupplierKind(models.TextChoices):
    MEMBER = "member", _("Member (anggota)")
    FARMER = "farmer", _("Non-member farmer")
    GROUP = "group", _("Farmer group (kelompok tani)")
    COLLECTOR = "collector", _("Collector (pengepul)")
    MILL = "mill", _("Outside mill")


class Supplier(TenantModel):
    """A party that delivers raw material. A member supplier is linked to its Member (whose loans, savings
    and shop credit a payment run may deduct); ``via`` is the group or collector it delivers through."""

    kind = models.CharField(_("kind"), max_length=10, choices=SupplierKind.choices)
    name = models.CharField(_("name"), max_length=200)
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    via = models.ForeignKey(
        "self",
        verbose_name=_("delivers through"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suppliers",
    )
    leader = models.ForeignKey(
        "self", verbose_name=_("group leader"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    village = models.CharField(_("village (desa)"), max_length=100, blank=True)
    district = models.CharField(_("district (kecamatan)"), max_length=100, blank=True)
    regency = models.CharField(_("regency (kabupaten)"), max_length=100, blank=True)
    province = models.CharField(_("province"), max_length=100, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    bank_account = models.CharField(_("bank account number"), max_length=40, blank=True)
    bank_account_holder = models.CharField(_("account holder"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("raw-material supplier")
        verbose_name_plural = _("raw-material suppliers")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "member"],
                condition=Q(member__isnull=False),
                name="procurement_supplier_one_per_member",
            ),
            models.CheckConstraint(
                condition=(Q(kind="member") & Q(member__isnull=False)) | (~Q(kind="member") & Q(member__isnull=True)),
                name="procurement_supplier_member_iff_member_kind",
            ),
            models.CheckConstraint(condition=~Q(via=models.F("id")), name="procurement_supplier_not_via_itself"),
        ]
        indexes = [models.Index(fields=["cooperative", "name"], name="proc_supplier_name_idx")]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def code(self) -> str:
        return f"P-{self.pk:05d}" if self.pk else "P-?"

    @property
    def party(self):
        """Whom the books name for what the cooperative owes this supplier: the member, for a member (so
        that loans are repaid from the same payable); else the supplier."""
        return self.member if self.member_id else self


class AssetKind(models.TextChoices):
    GARDEN = "garden", _("Garden (kebun)")
    HERD = "herd", _("Herd (ternak)")
    BOAT = "boat", _("Boat (perahu)")
    OTHER = "other", _("Other")


class ProducingAsset(TenantModel):
    """What a supplier produces with: a coconut garden (ha, trees), a herd (cows), a boat. A garden mortgaged
    to a middleman (seed 000: "kebun digadaikan ke tengkulak") carries the amount to redeem it."""

    supplier = models.ForeignKey(Supplier, verbose_name=_("supplier"), on_delete=models.CASCADE, related_name="assets")
    kind = models.CharField(_("kind"), max_length=10, choices=AssetKind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    area_ha = models.DecimalField(_("area (ha)"), **QTY, null=True, blank=True)
    count = models.PositiveIntegerField(_("count (trees, cows, boats)"), null=True, blank=True)
    mortgaged_to = models.CharField(_("mortgaged to"), max_length=200, blank=True)
    mortgage_amount = models.DecimalField(_("mortgage amount"), **MONEY, null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("producing asset")
        verbose_name_plural = _("producing assets")
        constraints = [
            models.CheckConstraint(
                condition=Q(mortgage_amount__isnull=True) | Q(mortgage_amount__gt=0),
                name="procurement_asset_mortgage_positive",
            )
        ]

    @property
    def is_mortgaged(self) -> bool:
        return bool(self.mortgaged_to or self.mortgage_amount)
