"""Loans (pinjaman): products per cooperative, loans through their lifecycle, the stored schedule
(one row per instalment) and repayments.

Lifecycle: applied (staff) → approved (a manager other than the maker) → disbursed → paid off, or
written off; an application may also be rejected. A loan copies its product's terms when it is
applied for, so later edits of the product do not change running loans.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel
from members.loans.conventions import (
    DayCount,
    Frequency,
    GraceKind,
    InstalmentRounding,
    RateConversion,
    RatePeriod,
    Rounding,
    RoundingMode,
)
from members.loans.schedule import (
    DEFAULT_THRESHOLDS,
    CollectibilityThresholds,
    InterestMethod,
    ScheduleError,
    months_from_names,
)
from members.models import PostedMovement

MONEY = {"max_digits": 18, "decimal_places": 2}
RATE = {"max_digits": 9, "decimal_places": 6}

METHOD_CHOICES = [
    (InterestMethod.FLAT.value, _("Flat (bunga tetap)")),
    (InterestMethod.ANNUITY.value, _("Annuity (anuitas)")),
    (InterestMethod.DECLINING.value, _("Declining balance (efektif)")),
]
RATE_PERIOD_CHOICES = [
    (RatePeriod.WEEK.value, _("per week")),
    (RatePeriod.MONTH.value, _("per month")),
    (RatePeriod.YEAR.value, _("per year")),
]
ROUNDING_CHOICES = [
    (Rounding.WHOLE_RUPIAH.value, _("Whole Rupiah")),
    (Rounding.CENTS.value, _("Two decimals")),
    (Rounding.EXACT.value, _("Exact (only the shown figures rounded)")),
]
FREQUENCY_CHOICES = [
    (Frequency.DAILY.value, _("Daily")),
    (Frequency.WEEKLY.value, _("Weekly")),
    (Frequency.FORTNIGHTLY.value, _("Every two weeks")),
    (Frequency.MONTHLY.value, _("Monthly")),
    (Frequency.QUARTERLY.value, _("Quarterly")),
    (Frequency.SEMIANNUAL.value, _("Every six months")),
    (Frequency.YEARLY.value, _("Yearly")),
]
RATE_CONVERSION_CHOICES = [
    (RateConversion.NOMINAL.value, _("Nominal (rate ÷ periods)")),
    (RateConversion.EFFECTIVE.value, _("Effective (compounded)")),
]
DAY_COUNT_CHOICES = [
    (DayCount.THIRTY_360.value, _("30/360 (every month 30 days)")),
    (DayCount.ACTUAL_365.value, _("Actual/365")),
    (DayCount.ACTUAL_360.value, _("Actual/360")),
    (DayCount.ACTUAL_ACTUAL.value, _("Actual/actual")),
]
ROUNDING_MODE_CHOICES = [
    (RoundingMode.HALF_UP.value, _("Half up")),
    (RoundingMode.HALF_EVEN.value, _("Half to even")),
    (RoundingMode.DOWN.value, _("Down (truncate)")),
]
INSTALMENT_ROUNDING_CHOICES = [
    (InstalmentRounding.UP.value, _("Up")),
    (InstalmentRounding.NEAREST.value, _("To the nearest")),
]
GRACE_KIND_CHOICES = [
    (GraceKind.INTEREST_ONLY.value, _("Interest only")),
    (GraceKind.CAPITALISED.value, _("Deferred, interest added to the loan")),
    (GraceKind.INTEREST_FREE.value, _("Deferred, interest-free")),
]


class ConventionFields(models.Model):
    """The conventions a loan follows (members.loans.conventions), stored on the product and copied
    onto each loan when it is applied for, so a later edit of the product changes no existing loan."""

    frequency = models.CharField(
        _("instalments"), max_length=12, choices=FREQUENCY_CHOICES, default=Frequency.MONTHLY.value
    )
    rate_conversion = models.CharField(
        _("rate conversion"), max_length=10, choices=RATE_CONVERSION_CHOICES, default=RateConversion.NOMINAL.value
    )
    day_count = models.CharField(
        _("day count"), max_length=8, choices=DAY_COUNT_CHOICES, default=DayCount.THIRTY_360.value
    )
    grace_kind = models.CharField(
        _("in the grace period"), max_length=14, choices=GRACE_KIND_CHOICES, default=GraceKind.INTEREST_ONLY.value
    )
    rounding_mode = models.CharField(
        _("rounding mode"), max_length=10, choices=ROUNDING_MODE_CHOICES, default=RoundingMode.HALF_UP.value
    )
    instalment_multiple = models.DecimalField(
        _("instalment rounded to a multiple of"),
        **MONEY,
        null=True,
        blank=True,
        help_text=_("For example 100, 500, 1000 or 10000; empty to round each part."),
    )
    instalment_rounding = models.CharField(
        _("instalment rounded"),
        max_length=8,
        choices=INSTALMENT_ROUNDING_CHOICES,
        default=InstalmentRounding.UP.value,
    )
    balloon_share = models.DecimalField(
        _("balloon (share of the amount paid at the end)"),
        **RATE,
        default=0,
        help_text=_("0 for none; 1 for a bullet loan (interest each period, all principal at the end)."),
    )

    class Meta:
        abstract = True


# Each model with the convention fields lists these among its constraints ("%(class)s" names them per model).
CONVENTION_CONSTRAINTS = [
    models.CheckConstraint(condition=Q(balloon_share__gte=0, balloon_share__lte=1), name="%(class)s_balloon_fraction"),
    models.CheckConstraint(
        condition=Q(instalment_multiple__isnull=True) | Q(instalment_multiple__gt=0),
        name="%(class)s_instalment_multiple_positive",
    ),
]


# The terms a loan copies from its product when it is applied for (and keeps for its whole life).
COPIED_TERMS = (
    "interest_method",
    "rate",
    "rate_period",
    "grace_periods",
    "principal_months",
    "rounding",
    "fees_deducted",
    "penalty_rate_per_day",
    *(field.name for field in ConventionFields._meta.fields),
)


def parse_months(text: str) -> frozenset[int] | None:
    """``"4-10"`` or ``"4,5,6"`` → calendar months; blank → None (principal every month)."""
    parts = [part for part in (text or "").replace(" ", "").split(",") if part]
    if not parts:
        return None
    return months_from_names(parts) or None


class LoanProduct(ConventionFields, TenantModel):
    """A loan product: how interest is charged, its limits, fees, penalty and collectibility bounds."""

    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=120)
    interest_method = models.CharField(_("interest method"), max_length=10, choices=METHOD_CHOICES)
    rate = models.DecimalField(_("interest rate"), **RATE, help_text=_("A fraction: 0.015 for 1.5 %."))
    rate_period = models.CharField(_("rate per"), max_length=5, choices=RATE_PERIOD_CHOICES)
    min_term_periods = models.PositiveSmallIntegerField(_("fewest instalments"), default=1)
    max_term_periods = models.PositiveSmallIntegerField(_("most instalments"), default=36)
    min_amount = models.DecimalField(_("smallest amount"), **MONEY, default=0)
    max_amount = models.DecimalField(_("largest amount"), **MONEY, null=True, blank=True)
    max_savings_multiple = models.DecimalField(
        _("largest amount as a multiple of savings"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For example 3: a member may borrow up to three times their savings balance."),
    )
    admin_fee_rate = models.DecimalField(_("administration fee"), **RATE, default=0)
    provision_rate = models.DecimalField(_("provision"), **RATE, default=0)
    fees_deducted = models.BooleanField(
        _("fees deducted from the disbursement"),
        default=True,
        help_text=_("Otherwise the member pays the fees in cash when the loan is disbursed."),
    )
    penalty_rate_per_day = models.DecimalField(
        _("late penalty per day"), **RATE, default=0, help_text=_("A share of the overdue instalment per day late.")
    )
    grace_periods = models.PositiveSmallIntegerField(_("grace periods"), default=0)
    principal_months = models.CharField(
        _("principal paid only in months"),
        max_length=40,
        blank=True,
        help_text=_("Seasonal schedule: for example 4-10 for April to October; empty for every month."),
    )
    rounding = models.CharField(
        _("rounding"), max_length=6, choices=ROUNDING_CHOICES, default=Rounding.WHOLE_RUPIAH.value
    )
    current_max_days = models.PositiveSmallIntegerField(
        _("current (lancar) up to days past due"), default=DEFAULT_THRESHOLDS.current_max_days
    )
    substandard_max_days = models.PositiveSmallIntegerField(
        _("substandard (kurang lancar) up to days"), default=DEFAULT_THRESHOLDS.substandard_max_days
    )
    doubtful_max_days = models.PositiveSmallIntegerField(
        _("doubtful (diragukan) up to days"), default=DEFAULT_THRESHOLDS.doubtful_max_days
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("loan product")
        verbose_name_plural = _("loan products")
        constraints = [
            *CONVENTION_CONSTRAINTS,
            models.UniqueConstraint(fields=["cooperative", "code"], name="loan_product_code_unique"),
            models.CheckConstraint(condition=Q(rate__gte=0), name="loan_product_rate_nonnegative"),
            models.CheckConstraint(
                condition=Q(min_term_periods__gte=1, max_term_periods__gte=F("min_term_periods")),
                name="loan_product_terms_ordered",
            ),
            models.CheckConstraint(
                condition=Q(max_amount__isnull=True) | Q(max_amount__gte=F("min_amount")),
                name="loan_product_amounts_ordered",
            ),
            models.CheckConstraint(
                condition=Q(admin_fee_rate__gte=0, provision_rate__gte=0, penalty_rate_per_day__gte=0),
                name="loan_product_fees_nonnegative",
            ),
            models.CheckConstraint(
                condition=Q(current_max_days__lt=F("substandard_max_days"))
                & Q(substandard_max_days__lt=F("doubtful_max_days")),
                name="loan_product_thresholds_increasing",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def season(self) -> frozenset[int] | None:
        try:
            return parse_months(self.principal_months)
        except (ScheduleError, ValueError):
            return None

    @property
    def thresholds(self) -> CollectibilityThresholds:
        return CollectibilityThresholds(self.current_max_days, self.substandard_max_days, self.doubtful_max_days)


# What a manager sets on a loan product: the product form, the API and save_loan_product take these.
PRODUCT_FIELDS = (
    "code",
    "name",
    "interest_method",
    "rate",
    "rate_period",
    "min_term_periods",
    "max_term_periods",
    "min_amount",
    "max_amount",
    "max_savings_multiple",
    "admin_fee_rate",
    "provision_rate",
    "fees_deducted",
    "penalty_rate_per_day",
    "grace_periods",
    "grace_kind",
    "principal_months",
    "frequency",
    "rate_conversion",
    "day_count",
    "rounding",
    "rounding_mode",
    "instalment_multiple",
    "instalment_rounding",
    "balloon_share",
    "current_max_days",
    "substandard_max_days",
    "doubtful_max_days",
    "is_active",
)


class LoanStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DISBURSED = "disbursed", _("Running")
    PAID_OFF = "paid_off", _("Paid off")
    WRITTEN_OFF = "written_off", _("Written off")


class Loan(ConventionFields, TenantModel):
    """A member's loan. Terms are copied from the product when applying; the schedule is stored on
    disbursement (``LoanInstallment``). The maker (``applied_by``) cannot approve: the service says
    so, and the database refuses an approval by the same user (``loan_maker_checker``)."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="loans"
    )
    product = models.ForeignKey(LoanProduct, verbose_name=_("product"), on_delete=models.PROTECT, related_name="loans")
    amount = models.DecimalField(_("amount"), **MONEY)
    term_periods = models.PositiveSmallIntegerField(_("number of instalments"))
    fixed_instalment = models.DecimalField(
        _("fixed instalment"),
        **MONEY,
        null=True,
        blank=True,
        help_text=_("A loan defined by its instalment: the number of instalments follows from it."),
    )
    interest_method = models.CharField(_("interest method"), max_length=10, choices=METHOD_CHOICES)
    rate = models.DecimalField(_("interest rate"), **RATE)
    rate_period = models.CharField(_("rate per"), max_length=5, choices=RATE_PERIOD_CHOICES)
    grace_periods = models.PositiveSmallIntegerField(_("grace periods"), default=0)
    principal_months = models.CharField(_("principal paid only in months"), max_length=40, blank=True)
    rounding = models.CharField(
        _("rounding"), max_length=6, choices=ROUNDING_CHOICES, default=Rounding.WHOLE_RUPIAH.value
    )
    admin_fee = models.DecimalField(_("administration fee"), **MONEY, default=0)
    provision = models.DecimalField(_("provision"), **MONEY, default=0)
    fees_deducted = models.BooleanField(_("fees deducted from the disbursement"), default=True)
    penalty_rate_per_day = models.DecimalField(_("late penalty per day"), **RATE, default=0)
    purpose = models.CharField(_("purpose of the loan"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=LoanStatus.choices, default=LoanStatus.APPLIED)
    applied_on = models.DateField(_("applied on"))
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applied by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    first_due_date = models.DateField(_("first due date"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    written_off_amount = models.DecimalField(_("written off"), **MONEY, default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-applied_on", "-id"]
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        constraints = [
            *CONVENTION_CONSTRAINTS,
            models.CheckConstraint(condition=Q(amount__gt=0), name="loan_amount_positive"),
            models.CheckConstraint(
                condition=Q(fixed_instalment__isnull=True) | Q(fixed_instalment__gt=0),
                name="loan_fixed_instalment_positive",
            ),
            models.CheckConstraint(condition=Q(term_periods__gte=1), name="loan_term_positive"),
            models.CheckConstraint(condition=Q(admin_fee__gte=0, provision__gte=0), name="loan_fees_nonnegative"),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("applied_by")), name="loan_maker_checker"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["applied", "approved", "rejected"]) | Q(disbursed_on__isnull=False),
                name="loan_disbursed_on_when_running",
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "status"], name="loan_status_idx")]

    def __str__(self) -> str:
        return f"{self.number} · {self.member.name}"

    @property
    def number(self) -> str:
        return f"PJ-{self.pk or 0:06d}"

    @property
    def fees(self):
        return self.admin_fee + self.provision

    @property
    def receipt_number(self) -> str:
        """The disbursement receipt (bukti pencairan) carries the loan's number."""
        return self.number

    @property
    def cash_handed_over(self):
        """What the member receives in cash: the amount, less the fees when they are withheld."""
        return self.amount - self.fees if self.fees_deducted else self.amount

    @property
    def is_running(self) -> bool:
        return self.status == LoanStatus.DISBURSED


class LoanInstallment(TenantModel):
    """One instalment (angsuran) of the stored schedule, with what has been paid against it.

    ``interest_waived`` is interest not yet due that an early payoff forgave.
    """

    loan = models.ForeignKey(Loan, verbose_name=_("loan"), on_delete=models.CASCADE, related_name="installments")
    number = models.PositiveSmallIntegerField(_("number"))
    due_date = models.DateField(_("due date"))
    principal = models.DecimalField(_("principal"), **MONEY)
    interest = models.DecimalField(_("interest"), **MONEY)
    principal_paid = models.DecimalField(_("principal paid"), **MONEY, default=0)
    interest_paid = models.DecimalField(_("interest paid"), **MONEY, default=0)
    interest_waived = models.DecimalField(_("interest waived"), **MONEY, default=0)
    penalty_paid = models.DecimalField(_("penalty paid"), **MONEY, default=0)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        ordering = ["loan_id", "number"]
        verbose_name = _("loan instalment")
        verbose_name_plural = _("loan instalments")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "loan", "number"], name="loan_installment_unique"),
            models.CheckConstraint(
                condition=Q(principal__gte=0, interest__gte=0, penalty_paid__gte=0), name="loan_installment_nonnegative"
            ),
            models.CheckConstraint(
                condition=Q(principal_paid__gte=0, principal_paid__lte=F("principal")),
                name="loan_installment_principal_paid_le_due",
            ),
            models.CheckConstraint(
                condition=Q(interest_paid__gte=0, interest_waived__gte=0)
                & Q(interest__gte=F("interest_paid") + F("interest_waived")),
                name="loan_installment_interest_paid_le_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.loan_id}#{self.number} {self.due_date}"

    @property
    def total(self):
        return self.principal + self.interest

    @property
    def principal_due(self):
        return self.principal - self.principal_paid

    @property
    def interest_due(self):
        return self.interest - self.interest_paid - self.interest_waived

    @property
    def amount_due(self):
        return self.principal_due + self.interest_due

    @property
    def is_paid(self) -> bool:
        return self.amount_due == 0


class RepaymentKind(models.TextChoices):
    CASH = "cash", _("Cash")
    PAYABLE = "payable", _("Deducted from a payment to the member")
    SAVINGS = "savings", _("Offset against savings on exit")
    PAYOFF = "payoff", _("Early payoff")


class LoanRepayment(PostedMovement, TenantModel):
    """A repayment, split penalty → interest → principal. ``(source, purpose)`` makes it idempotent."""

    loan = models.ForeignKey(Loan, verbose_name=_("loan"), on_delete=models.PROTECT, related_name="repayments")
    kind = models.CharField(_("kind"), max_length=10, choices=RepaymentKind.choices, default=RepaymentKind.CASH)
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    penalty = models.DecimalField(_("penalty"), **MONEY, default=0)
    interest = models.DecimalField(_("interest"), **MONEY, default=0)
    principal = models.DecimalField(_("principal"), **MONEY, default=0)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("loan repayment")
        verbose_name_plural = _("loan repayments")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "loan", "source_type", "source_id", "purpose"],
                name="loan_repayment_source_unique",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="loan_repayment_amount_positive"),
            models.CheckConstraint(
                condition=Q(amount=F("penalty") + F("interest") + F("principal")), name="loan_repayment_parts_add_up"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.amount}"

    @property
    def receipt_number(self) -> str:
        return f"BA-{self.pk or 0:07d}"
