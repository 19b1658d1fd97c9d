"""Supply plans: how much of a raw material is expected per month, per supplier or for the whole
cooperative — entered, or filled from the same months of last year's deliveries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel
from procurement.models.materials import RawMaterial
from procurement.models.network import QTY, Supplier


class PlanBasis(models.TextChoices):
    ENTERED = "entered", _("Entered")
    HISTORY = "history", _("From last year's deliveries")


class SupplyPlan(TenantModel):
    """Expected accepted quantity of ``material`` in ``month`` (its first day) from ``supplier`` (a
    farmer, a group, a collector), or from suppliers not planned one by one when empty."""

    material = models.ForeignKey(RawMaterial, verbose_name=_("raw material"), on_delete=models.CASCADE,
                                 related_name="plans")  # fmt: skip
    supplier = models.ForeignKey(Supplier, verbose_name=_("supplier"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="plans")  # fmt: skip
    month = models.DateField(_("month"))
    expected_quantity = models.DecimalField(_("expected quantity"), **QTY)
    basis = models.CharField(_("basis"), max_length=10, choices=PlanBasis.choices, default=PlanBasis.ENTERED)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["month", "supplier_id"]
        verbose_name = _("supply plan")
        verbose_name_plural = _("supply plans")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "material", "supplier", "month"],
                name="procurement_plan_once_per_month",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="procurement_plan_first_of_month"),
            models.CheckConstraint(condition=Q(expected_quantity__gte=0), name="procurement_plan_nonnegative"),
        ]
