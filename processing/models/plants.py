"""Plants, their production lines and the people who work them; the products they make."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel

MONEY = {"max_digits": 18, "decimal_places": 2}
QTY = {"max_digits": 18, "decimal_places": 3}
RATE = {"max_digits": 9, "decimal_places": 6}


class LabourAccount(models.TextChoices):
    """Where a batch's labour is credited when it finishes."""

    WAGES_PAYABLE = "wages_payable", _("Wages payable (Hutang gaji)")
    DIRECT_LABOUR = "direct_labour", _("Direct labour expense (Beban upah langsung)")


class Plant(TenantModel):
    """A processing plant (KPMK's flour, cocofiber and cocopeat plants; a dairy's milk house; a huller).
    Its batches post to ``business_unit``; ``overhead_rate`` (a fraction of a batch's direct cost) is
    added to every batch as factory overhead; ``hours_per_hok`` turns hours worked into HOK."""

    name = models.CharField(_("name"), max_length=100)
    location = models.CharField(_("location"), max_length=200, blank=True)
    business_unit = models.ForeignKey(
        "ledger.BusinessUnit", verbose_name=_("business unit"), on_delete=models.PROTECT, related_name="+"
    )
    overhead_rate = models.DecimalField(_("overhead rate"), **RATE, default=Decimal(0))
    hours_per_hok = models.DecimalField(_("hours per HOK"), max_digits=5, decimal_places=2, default=Decimal(8))
    labour_account = models.CharField(
        _("labour is credited to"), max_length=20, choices=LabourAccount.choices, default=LabourAccount.WAGES_PAYABLE
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("plant")
        verbose_name_plural = _("plants")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "name"], name="processing_plant_name_unique"),
            models.CheckConstraint(condition=Q(overhead_rate__gte=0), name="processing_plant_overhead_nonnegative"),
            models.CheckConstraint(condition=Q(hours_per_hok__gt=0), name="processing_plant_hok_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Product(TenantModel):
    """Something a plant makes: a main product (desiccated coconut, mozzarella) or a by-product (whey,
    husks). ``list_price`` per unit values it when nothing has been sold."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=10)
    list_price = models.DecimalField(_("list price per unit"), **MONEY, default=Decimal(0))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "code"], name="processing_product_code_unique"),
            models.CheckConstraint(condition=Q(list_price__gte=0), name="processing_product_price_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class ProductionLine(TenantModel):
    """A line of a plant making ``product``: up to ``capacity_per_month`` of it (in its unit) over
    ``working_days`` a month."""

    plant = models.ForeignKey(Plant, verbose_name=_("plant"), on_delete=models.PROTECT, related_name="lines")
    name = models.CharField(_("name"), max_length=100)
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="lines")
    capacity_per_month = models.DecimalField(_("capacity per month"), **QTY)
    working_days = models.PositiveSmallIntegerField(_("working days per month"), default=25)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["plant", "name"]
        verbose_name = _("production line")
        verbose_name_plural = _("production lines")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "plant", "name"], name="processing_line_name_unique"),
            models.CheckConstraint(condition=Q(capacity_per_month__gte=0), name="processing_line_capacity"),
            models.CheckConstraint(
                condition=Q(working_days__gte=1) & Q(working_days__lte=31), name="processing_line_working_days"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plant} · {self.name}"


class WorkerKind(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    MEMBER = "member", _("Member labour")


class WageBasis(models.TextChoices):
    HOK = "hok", _("per HOK (day of work)")
    HOUR = "hour", _("per hour")


class Worker(TenantModel):
    """Someone who works in a plant: an employee or a member paid for the work, at ``wage`` per HOK or
    per hour."""

    plant = models.ForeignKey(Plant, verbose_name=_("plant"), on_delete=models.PROTECT, related_name="workers")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=WorkerKind.choices, default=WorkerKind.EMPLOYEE)
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    wage_basis = models.CharField(_("wage basis"), max_length=5, choices=WageBasis.choices, default=WageBasis.HOK)
    wage = models.DecimalField(_("wage"), **MONEY)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["plant", "name"]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        constraints = [
            models.CheckConstraint(condition=Q(wage__gte=0), name="processing_worker_wage_nonnegative"),
            models.CheckConstraint(
                condition=Q(kind="member", member__isnull=False) | Q(kind="employee", member__isnull=True),
                name="processing_worker_member_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name
