"""Marketing channels of a commodity and the prices observed along them: the inputs of the
marketing-margin analysis (seed 003, appendices F–Q: farmer → collector → wholesaler → consumer)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel
from procurement.models.network import MONEY


class StageRole(models.TextChoices):
    FARMER = "farmer", _("Farmer (petani)")
    COLLECTOR = "collector", _("Collector (pengepul)")
    WHOLESALER = "wholesaler", _("Wholesaler (pedagang besar)")
    COOPERATIVE = "cooperative", _("Cooperative")
    PROCESSOR = "processor", _("Processor")
    RETAILER = "retailer", _("Retailer (pengecer)")
    CONSUMER = "consumer", _("Consumer")


class ObservationSource(models.TextChoices):
    SURVEY = "survey", _("Survey (interview)")
    INVOICE = "invoice", _("Invoice or receipt")
    MARKET = "market", _("Market report")


class MarketingChannel(TenantModel):
    """One way a commodity travels from the farmer to the consumer, as ordered stages; prices are per
    ``unit`` (Rp/kg, Rp/litre)."""

    name = models.CharField(_("name"), max_length=200)
    commodity = models.CharField(_("commodity"), max_length=100)
    unit = models.CharField(_("price unit"), max_length=20, default="kg")
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["commodity", "name"]
        verbose_name = _("marketing channel")
        verbose_name_plural = _("marketing channels")
        constraints = [models.UniqueConstraint(fields=["cooperative", "name"], name="procurement_channel_name_unique")]

    def __str__(self) -> str:
        return self.name


class ChannelStage(TenantModel):
    """A stage of a channel at ``position`` (1 = the producer). The producer's price is what it sells
    at; the consumer's price is what it buys at; the stages between buy, spend on costs and sell."""

    channel = models.ForeignKey(
        MarketingChannel, verbose_name=_("channel"), on_delete=models.CASCADE, related_name="stages"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=12, choices=StageRole.choices)

    class Meta:
        ordering = ["channel", "position"]
        verbose_name = _("channel stage")
        verbose_name_plural = _("channel stages")
        constraints = [
            models.UniqueConstraint(fields=["channel", "position"], name="procurement_stage_position_unique"),
            models.CheckConstraint(condition=Q(position__gte=1), name="procurement_stage_position_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class PriceObservation(TenantModel):
    """The prices and per-unit costs one stage had in a period, as observed on one ``chain`` (the
    traders a lot actually passed through, e.g. "Pengepul 1 → Pak Fauzi"); chains of one channel are
    averaged by the analysis."""

    channel = models.ForeignKey(
        MarketingChannel, verbose_name=_("channel"), on_delete=models.CASCADE, related_name="observations"
    )
    stage = models.ForeignKey(
        ChannelStage, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="observations"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    chain = models.CharField(_("chain"), max_length=100, blank=True, help_text=_("Who the lot passed through."))
    trader = models.CharField(_("trader observed"), max_length=200, blank=True)
    buy_price = models.DecimalField(_("buy price"), **MONEY, null=True, blank=True)
    sell_price = models.DecimalField(_("sell price"), **MONEY, null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=ObservationSource.choices)
    source_note = models.CharField(_("source details"), max_length=255, blank=True)
    observed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "chain", "stage__position"]
        verbose_name = _("price observation")
        verbose_name_plural = _("price observations")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "period_start", "period_end", "chain"], name="procurement_observation_unique"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="procurement_observation_period"
            ),
            models.CheckConstraint(
                condition=(Q(buy_price__isnull=True) | Q(buy_price__gte=0))
                & (Q(sell_price__isnull=True) | Q(sell_price__gte=0))
                & (Q(buy_price__isnull=False) | Q(sell_price__isnull=False)),
                name="procurement_observation_prices",
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "channel", "period_start"], name="proc_observation_idx")]


class ObservationCost(TenantModel):
    """A marketing cost per unit a stage bore (labour, packaging, transport, processing)."""

    observation = models.ForeignKey(
        PriceObservation, verbose_name=_("observation"), on_delete=models.CASCADE, related_name="costs"
    )
    name = models.CharField(_("cost item"), max_length=100)
    amount = models.DecimalField(_("amount per unit"), **MONEY)

    class Meta:
        ordering = ["id"]
        verbose_name = _("marketing cost")
        verbose_name_plural = _("marketing costs")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="procurement_cost_nonnegative"),
            models.UniqueConstraint(fields=["observation", "name"], name="procurement_cost_name_unique"),
        ]
