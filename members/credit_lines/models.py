"""Revolving credit lines (kredit rekening koran / pinjaman berjalan): a member draws and repays within a
limit; interest runs daily on the drawn balance (``members.loans.revolving.credit_line_interest``) and is
billed month by month. The line keeps the rate and day count it was opened with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel
from members.loans.conventions import DayCount, Rounding
from members.models import PostedMovement

MONEY = {"max_digits": 18, "decimal_places": 2}
DAY_COUNT_CHOICES = [
    (DayCount.ACTUAL_365.value, _("Actual/365")),
    (DayCount.ACTUAL_360.value, _("Actual/360")),
    (DayCount.ACTUAL_ACTUAL.value, _("Actual/actual")),
]
ROUNDING_CHOICES = [(Rounding.WHOLE_RUPIAH.value, _("Whole Rupiah")), (Rounding.CENTS.value, _("Two decimals"))]


class CreditLineStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CreditLine(TenantModel):
    """A member's credit line: what is drawn (principal), the interest billed and not yet paid, and the
    last day interest is billed to."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="credit_lines"
    )
    limit = models.DecimalField(_("limit"), **MONEY)
    rate = models.DecimalField(_("interest rate per year"), max_digits=9, decimal_places=6)
    day_count = models.CharField(
        _("day count"), max_length=8, choices=DAY_COUNT_CHOICES, default=DayCount.ACTUAL_365.value
    )
    rounding = models.CharField(
        _("rounding"), max_length=6, choices=ROUNDING_CHOICES, default=Rounding.WHOLE_RUPIAH.value
    )
    opened_on = models.DateField(_("opened on"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=CreditLineStatus.choices, default=CreditLineStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    drawn = models.DecimalField(_("drawn"), **MONEY, default=0, editable=False)
    interest_due = models.DecimalField(_("interest due"), **MONEY, default=0, editable=False)
    interest_billed_until = models.DateField(_("interest billed until"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("credit line")
        verbose_name_plural = _("credit lines")
        constraints = [
            models.CheckConstraint(condition=Q(limit__gt=0), name="credit_line_limit_positive"),
            models.CheckConstraint(condition=Q(rate__gte=0, rate__lte=1), name="credit_line_rate_fraction"),
            models.CheckConstraint(condition=Q(drawn__gte=0, interest_due__gte=0), name="credit_line_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.member.name}"

    @property
    def number(self) -> str:
        return f"KR-{self.pk or 0:06d}"

    @property
    def available(self):
        return max(self.limit - self.drawn, 0)

    @property
    def is_open(self) -> bool:
        return self.status == CreditLineStatus.OPEN


class CreditLineMovementKind(models.TextChoices):
    DRAW = "draw", _("Drawn")
    REPAYMENT = "repayment", _("Repaid")
    INTEREST = "interest", _("Interest billed")


class CreditLineMovement(PostedMovement, TenantModel):
    """A draw, a repayment (interest billed first, then principal) or a month's interest billed (no entry:
    interest is income when received, as for loans)."""

    line = models.ForeignKey(
        CreditLine, verbose_name=_("credit line"), on_delete=models.PROTECT, related_name="movements"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CreditLineMovementKind.choices)
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    interest = models.DecimalField(_("interest"), **MONEY, default=0)
    principal = models.DecimalField(_("principal"), **MONEY, default=0)
    drawn_after = models.DecimalField(_("drawn after"), **MONEY)
    interest_due_after = models.DecimalField(_("interest due after"), **MONEY)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("credit line movement")
        verbose_name_plural = _("credit line movements")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "line", "source_type", "source_id", "purpose"], name="credit_line_movement_once"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="credit_line_movement_positive"),
        ]
