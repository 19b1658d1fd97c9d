"""Shop settings of a cooperative (one row per cooperative)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel
from waserda.models.base import MONEY


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
