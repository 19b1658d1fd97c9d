"""SHU: the AD/ART rule of a fiscal year, the year's distribution among the members, and its payouts."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel

MONEY = {"max_digits": 18, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2}
# The pools of a rule: (field, label). The first three are the reserve and the members' part (bagian
# anggota: jasa modal and jasa usaha); the rest are the funds the AD/ART names.
POOL_FIELDS = [
    ("reserve", _("Reserve (cadangan)")),
    ("capital", _("Members: capital (jasa modal)")),
    ("patronage", _("Members: patronage (jasa usaha)")),
    ("fund_board", _("Board fund (dana pengurus)")),
    ("fund_employees", _("Employees fund (dana karyawan)")),
    ("fund_education", _("Education fund (dana pendidikan)")),
    ("fund_social", _("Social fund (dana sosial)")),
    ("fund_regional_development", _("Regional development fund (dana pembangunan daerah kerja)")),
]
DEFAULT_PERCENTS = {"reserve": 40, "capital": 20, "patronage": 20, "fund_board": 5, "fund_employees": 5,
                    "fund_education": 5, "fund_social": 5, "fund_regional_development": 0}  # fmt: skip


class CapitalBasis(models.TextChoices):
    YEAR_END = "year_end", _("Balance at the year's end")
    AVERAGE = "average", _("Average daily balance over the year")


class PatronageMode(models.TextChoices):
    SPLIT = "split", _("Split the pool between the sources by fixed shares")
    POOLED = "pooled", _("One pool shared by the sources' value (× weight)")


class ShuRule(TenantModel):
    """The AD/ART's sharing rule for one fiscal year; each change is a new version, and the version a
    distribution was approved with is frozen (no newer version for that year)."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    reserve = models.DecimalField(POOL_FIELDS[0][1], **PERCENT)
    capital = models.DecimalField(POOL_FIELDS[1][1], **PERCENT)
    patronage = models.DecimalField(POOL_FIELDS[2][1], **PERCENT)
    fund_board = models.DecimalField(POOL_FIELDS[3][1], **PERCENT)
    fund_employees = models.DecimalField(POOL_FIELDS[4][1], **PERCENT)
    fund_education = models.DecimalField(POOL_FIELDS[5][1], **PERCENT)
    fund_social = models.DecimalField(POOL_FIELDS[6][1], **PERCENT)
    fund_regional_development = models.DecimalField(POOL_FIELDS[7][1], **PERCENT, default=Decimal(0))
    capital_kinds = ArrayField(models.CharField(max_length=12), verbose_name=_("savings counted as capital"),
                               default=list)  # fmt: skip
    capital_basis = models.CharField(_("capital measured as"), max_length=10, choices=CapitalBasis.choices,
                                     default=CapitalBasis.YEAR_END)  # fmt: skip
    patronage_mode = models.CharField(_("patronage sources"), max_length=10, choices=PatronageMode.choices,
                                      default=PatronageMode.POOLED)  # fmt: skip
    # [{"key": "waserda", "percent": "50", "weight": "1"}, …]: the registered sources the rule counts.
    sources = models.JSONField(_("patronage sources and their shares"), default=list)
    include_leavers = models.BooleanField(_("members who left during the year share pro rata"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-fiscal_year", "-version"]
        verbose_name = _("SHU rule")
        verbose_name_plural = _("SHU rules")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "fiscal_year", "version"], name="shu_rule_version_unique"),
            models.CheckConstraint(
                condition=Q(
                    reserve__gte=0, capital__gte=0, patronage__gte=0, fund_board__gte=0, fund_employees__gte=0,
                    fund_education__gte=0, fund_social__gte=0, fund_regional_development__gte=0,
                )
                & Q(reserve=Decimal(100) - F("capital") - F("patronage") - F("fund_board") - F("fund_employees")
                    - F("fund_education") - F("fund_social") - F("fund_regional_development")),
                name="shu_rule_pools_make_100",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"SHU {self.fiscal_year} v{self.version}"

    def percents(self) -> dict[str, Decimal]:
        return {name: getattr(self, name) for name, _label in POOL_FIELDS}


class DistributionStatus(models.TextChoices):
    COMPUTING = "computing", _("Being computed")
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved at the RAT")
    POSTED = "posted", _("Posted")


class ShuDistribution(TenantModel):
    """A fiscal year's SHU shared by ``rule``: a draft recomputed freely, then approved at the RAT (frozen),
    then posted. ``pools`` holds each pool's amount (and ``unshared``: a members' pool nobody qualified
    for, which goes to the reserve)."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    rule = models.ForeignKey(ShuRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="distributions")
    status = models.CharField(_("status"), max_length=10, choices=DistributionStatus.choices,
                              default=DistributionStatus.DRAFT)  # fmt: skip
    surplus = models.DecimalField(_("SHU of the year"), **MONEY, default=0)
    pools = models.JSONField(_("pools"), default=dict)
    members_total = models.DecimalField(_("members' part"), **MONEY, default=0)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)
    rat_date = models.DateField(_("RAT date"), null=True, blank=True)
    minutes_reference = models.CharField(_("RAT minutes reference"), max_length=100, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")  # fmt: skip
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    journal_entry = models.ForeignKey("ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", editable=False)  # fmt: skip

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("SHU distribution")
        verbose_name_plural = _("SHU distributions")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "fiscal_year"], name="shu_distribution_year_unique"),
        ]

    def __str__(self) -> str:
        return f"SHU {self.fiscal_year}"

    @property
    def frozen(self) -> bool:
        return self.status in (DistributionStatus.APPROVED, DistributionStatus.POSTED)


class ShuShare(TenantModel):
    """One member's part of a distribution: the bases and the amounts (whole Rupiah)."""

    distribution = models.ForeignKey(ShuDistribution, verbose_name=_("distribution"), on_delete=models.CASCADE,
                                     related_name="shares")  # fmt: skip
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    capital_base = models.DecimalField(_("capital (savings)"), **MONEY, default=0)
    patronage_bases = models.JSONField(_("patronage per source"), default=dict)
    capital_amount = models.DecimalField(_("jasa modal"), **MONEY, default=0)
    patronage_amount = models.DecimalField(_("jasa usaha"), **MONEY, default=0)
    total = models.DecimalField(_("SHU"), **MONEY, default=0)
    paid = models.DecimalField(_("paid"), **MONEY, default=0)

    class Meta:
        ordering = ["member__member_no"]
        verbose_name = _("member's SHU")
        verbose_name_plural = _("members' SHU")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "distribution", "member"], name="shu_share_member_unique"),
            models.CheckConstraint(condition=Q(total=F("capital_amount") + F("patronage_amount")),
                                   name="shu_share_adds_up"),
            models.CheckConstraint(condition=Q(capital_amount__gte=0, patronage_amount__gte=0, paid__gte=0)
                                   & Q(paid__lte=F("total")), name="shu_share_amounts"),
        ]  # fmt: skip

    @property
    def unpaid(self) -> Decimal:
        return self.total - self.paid


class PayoutMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    TRANSFER = "transfer", _("Bank transfer")
    SAVINGS = "savings", _("Credited to simpanan sukarela")


class ShuPayout(TenantModel):
    """A member's SHU paid out: Dr Dana SHU bagian anggota / Cr Kas, Bank or the member's simpanan sukarela."""

    share = models.ForeignKey(ShuShare, verbose_name=_("member's SHU"), on_delete=models.PROTECT,
                              related_name="payouts")  # fmt: skip
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount"), **MONEY)
    method = models.CharField(_("paid by"), max_length=10, choices=PayoutMethod.choices, default=PayoutMethod.CASH)
    journal_entry = models.ForeignKey("ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", editable=False)  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")  # fmt: skip

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = _("SHU payout")
        verbose_name_plural = _("SHU payouts")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="shu_payout_positive"),
            models.UniqueConstraint(fields=["cooperative", "share"], name="shu_payout_once"),
        ]
