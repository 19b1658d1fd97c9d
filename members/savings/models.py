"""Savings (simpanan): products per cooperative, members' accounts, their transactions and the
monthly simpanan wajib bills.

A balance never goes negative: services lock the account row (``members.locks``) before they read
and change it, and the database refuses a negative balance (``savings_balance_nonnegative``).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel
from members.models import PostedMovement
from members.savings.interest import (
    BalanceMethod,
    DayBasis,
    DayCounting,
    InterestOptions,
    InterestRounding,
    InterestRoundingMode,
    RoundingPoint,
    Tier,
    TierMode,
)

MONEY = {"max_digits": 18, "decimal_places": 2}
RATE = {"max_digits": 9, "decimal_places": 6}


class SavingsKind(models.TextChoices):
    PRINCIPAL = "pokok", _("Principal savings (simpanan pokok)")
    MANDATORY = "wajib", _("Mandatory savings (simpanan wajib)")
    VOLUNTARY = "sukarela", _("Voluntary savings (simpanan sukarela)")
    TERM = "berjangka", _("Term deposit (simpanan berjangka)")


# The ledger account (system key) that holds each kind: pokok and wajib are equity, the rest liabilities.
LEDGER_KEYS = {
    SavingsKind.PRINCIPAL: "principal_savings",
    SavingsKind.MANDATORY: "mandatory_savings",
    SavingsKind.VOLUNTARY: "voluntary_savings",
    SavingsKind.TERM: "term_deposits",
}
# Kinds returned only when the member leaves the cooperative.
EXIT_ONLY_KINDS = frozenset({SavingsKind.PRINCIPAL, SavingsKind.MANDATORY})


BALANCE_METHOD_CHOICES = [
    (BalanceMethod.LOWEST.value, _("Lowest balance of the month")),
    (BalanceMethod.AVERAGE_DAILY.value, _("Average daily balance")),
    (BalanceMethod.DAILY.value, _("Each day's closing balance")),
]
DAY_BASIS_CHOICES = [
    (DayBasis.MONTHLY.value, _("Yearly rate ÷ 12")),
    (DayBasis.ACTUAL_365.value, _("Days ÷ 365")),
    (DayBasis.ACTUAL_360.value, _("Days ÷ 360")),
]
DAY_COUNTING_CHOICES = [
    (DayCounting.ACTUAL.value, _("Calendar days")),
    (DayCounting.THIRTY.value, _("30 days in every month")),
]
TIER_MODE_CHOICES = [
    (TierMode.WHOLE.value, _("Whole balance at its tier's rate")),
    (TierMode.SLICED.value, _("Each slice at its own rate")),
]
INTEREST_ROUNDING_CHOICES = [
    (InterestRounding.WHOLE_RUPIAH.value, _("Whole Rupiah")),
    (InterestRounding.CENTS.value, _("Two decimals")),
]
INTEREST_ROUNDING_MODE_CHOICES = [
    (InterestRoundingMode.HALF_UP.value, _("Half up")),
    (InterestRoundingMode.DOWN.value, _("Down (truncate)")),
]
ROUNDING_POINT_CHOICES = [
    (RoundingPoint.MONTH.value, _("Once, on the month's interest")),
    (RoundingPoint.SEGMENT.value, _("On each balance period")),
]


class InterestPayout(models.TextChoices):
    """When a term deposit's interest is paid (to the member's simpanan sukarela)."""

    AT_MATURITY = "maturity", _("At maturity")
    MONTHLY = "monthly", _("Every month")


class Rollover(models.TextChoices):
    """What happens at maturity: paid out to simpanan sukarela, or placed again for the same term (ARO)."""

    NONE = "none", _("Paid out to simpanan sukarela")
    PRINCIPAL = "principal", _("Principal placed again, interest paid out")
    PRINCIPAL_AND_INTEREST = "principal_interest", _("Principal and interest placed again (ARO)")


class SavingsProduct(TenantModel):
    """A savings product of the cooperative (seeded on creation; managers edit them).

    ``amount`` is the one-time amount of simpanan pokok, the monthly amount of simpanan wajib, and
    the minimum deposit of the other kinds. ``interest_rate`` is per year (a fraction: 0.03 = 3 %),
    paid monthly on sukarela and on berjangka monthly or at maturity, by the product's conventions
    (``interest_options()``: which balance, days, tiers, minimum balance, admin fee, rounding).
    """

    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=SavingsKind.choices)
    amount = models.DecimalField(
        _("amount"),
        **MONEY,
        default=0,
        help_text=_("Pokok: the one-time amount; wajib: the monthly amount; other kinds: the minimum deposit."),
    )
    interest_rate = models.DecimalField(_("interest rate per year"), **RATE, default=0)
    balance_method = models.CharField(
        _("interest on"), max_length=14, choices=BALANCE_METHOD_CHOICES, default=BalanceMethod.LOWEST.value
    )
    day_basis = models.CharField(
        _("yearly rate to the month"), max_length=3, choices=DAY_BASIS_CHOICES, default=DayBasis.MONTHLY.value
    )
    day_counting = models.CharField(
        _("days counted"), max_length=6, choices=DAY_COUNTING_CHOICES, default=DayCounting.ACTUAL.value
    )
    rate_tiers = models.JSONField(
        _("tiered rates"),
        default=list,
        blank=True,
        help_text=_("Balances from which another yearly rate applies; empty for one rate."),
    )
    tier_mode = models.CharField(
        _("tiers apply to"), max_length=6, choices=TIER_MODE_CHOICES, default=TierMode.WHOLE.value
    )
    minimum_balance = models.DecimalField(
        _("minimum balance earning interest"), **MONEY, default=0, help_text=_("Below it no interest is paid.")
    )
    admin_fee = models.DecimalField(_("administration fee per month"), **MONEY, default=0)
    interest_rounding = models.CharField(
        _("interest rounded to"),
        max_length=6,
        choices=INTEREST_ROUNDING_CHOICES,
        default=InterestRounding.WHOLE_RUPIAH.value,
    )
    interest_rounding_mode = models.CharField(
        _("rounding"),
        max_length=8,
        choices=INTEREST_ROUNDING_MODE_CHOICES,
        default=InterestRoundingMode.HALF_UP.value,
    )
    rounding_point = models.CharField(
        _("rounded"), max_length=8, choices=ROUNDING_POINT_CHOICES, default=RoundingPoint.MONTH.value
    )
    interest_payout = models.CharField(
        _("term deposit interest paid"),
        max_length=10,
        choices=InterestPayout.choices,
        default=InterestPayout.AT_MATURITY,
    )
    rollover = models.CharField(_("at maturity"), max_length=20, choices=Rollover.choices, default=Rollover.NONE)
    term_months = models.PositiveSmallIntegerField(_("term (months)"), null=True, blank=True)
    early_withdrawal_penalty_rate = models.DecimalField(
        _("early withdrawal penalty"), **RATE, default=0, help_text=_("A share of the deposit kept as penalty.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("savings product")
        verbose_name_plural = _("savings products")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "code"], name="savings_product_code_unique"),
            models.UniqueConstraint(
                fields=["cooperative", "kind"],
                condition=Q(kind__in=["pokok", "wajib"]),
                name="savings_product_one_pokok_one_wajib",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="savings_product_amount_nonnegative"),
            models.CheckConstraint(
                condition=Q(interest_rate__gte=0, interest_rate__lte=1), name="savings_product_rate_fraction"
            ),
            models.CheckConstraint(
                condition=Q(early_withdrawal_penalty_rate__gte=0, early_withdrawal_penalty_rate__lte=1),
                name="savings_product_penalty_fraction",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ledger_key(self) -> str:
        return LEDGER_KEYS[SavingsKind(self.kind)]

    @property
    def withdrawable(self) -> bool:
        return self.kind not in EXIT_ONLY_KINDS

    @property
    def tiers(self) -> tuple[Tier, ...]:
        return tuple(Tier(Decimal(row["floor"]), Decimal(row["rate"])) for row in self.rate_tiers or [])

    def interest_options(self) -> InterestOptions:
        """The product's jasa simpanan conventions as the pure calculation takes them."""
        # Decimal(): an unsaved product holds the fields' int defaults, and the calculation takes Decimals only
        return InterestOptions(
            rate=Decimal(self.interest_rate),
            method=self.balance_method,
            day_basis=self.day_basis,
            day_counting=self.day_counting,
            tiers=self.tiers,
            tier_mode=self.tier_mode,
            minimum_balance=Decimal(self.minimum_balance),
            admin_fee=Decimal(self.admin_fee),
            rounding=self.interest_rounding,
            rounding_mode=self.interest_rounding_mode,
            rounding_point=self.rounding_point,
        )


# What a manager sets on a savings product: the product form, the API and save_savings_product take these.
PRODUCT_FIELDS = (
    "code",
    "name",
    "kind",
    "amount",
    "interest_rate",
    "balance_method",
    "day_basis",
    "day_counting",
    "rate_tiers",
    "tier_mode",
    "minimum_balance",
    "admin_fee",
    "interest_rounding",
    "interest_rounding_mode",
    "rounding_point",
    "term_months",
    "interest_payout",
    "rollover",
    "early_withdrawal_penalty_rate",
    "is_active",
)


class AccountStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class SavingsAccount(TenantModel):
    """A member's account of one savings product (one per product; each term deposit is its own)."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="savings_accounts"
    )
    product = models.ForeignKey(
        SavingsProduct, verbose_name=_("product"), on_delete=models.PROTECT, related_name="accounts"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SavingsKind.choices, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=AccountStatus.choices, default=AccountStatus.OPEN)
    balance = models.DecimalField(_("balance"), **MONEY, default=0, editable=False)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Term deposits (simpanan berjangka) only: the terms agreed when the deposit was placed.
    term_months = models.PositiveSmallIntegerField(_("term (months)"), null=True, blank=True)
    interest_rate = models.DecimalField(_("interest rate per year"), **RATE, null=True, blank=True)
    maturity_date = models.DateField(_("maturity date"), null=True, blank=True)
    interest_payout = models.CharField(
        _("interest paid"), max_length=10, choices=InterestPayout.choices, default=InterestPayout.AT_MATURITY
    )
    rollover = models.CharField(_("at maturity"), max_length=20, choices=Rollover.choices, default=Rollover.NONE)
    term_started_on = models.DateField(
        _("current term started on"), null=True, blank=True, help_text=_("Moves on when the deposit is placed again.")
    )
    interest_paid_until = models.DateField(
        _("interest paid until"), null=True, blank=True, help_text=_("Monthly payout: the end of the last month paid.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["member__member_no", "kind", "id"]
        verbose_name = _("savings account")
        verbose_name_plural = _("savings accounts")
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="savings_balance_nonnegative"),
            models.UniqueConstraint(
                fields=["cooperative", "member", "product"],
                condition=~Q(kind="berjangka"),
                name="savings_account_one_per_member_product",
            ),
            models.CheckConstraint(
                condition=~Q(kind="berjangka") | Q(term_months__gt=0, maturity_date__isnull=False),
                name="savings_term_deposit_has_terms",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False) | Q(status="open", closed_on__isnull=True),
                name="savings_account_closed_on_iff_closed",
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "member"], name="savings_account_member_idx")]

    def __str__(self) -> str:
        return f"{self.number} · {self.product.name}"

    @property
    def number(self) -> str:
        return self.number_of(self.pk)

    @staticmethod
    def number_of(pk: int | None) -> str:
        return f"S-{pk or 0:06d}"

    @property
    def is_open(self) -> bool:
        return self.status == AccountStatus.OPEN


class TransactionKind(models.TextChoices):
    DEPOSIT = "deposit", _("Deposit")
    WITHDRAWAL = "withdrawal", _("Withdrawal")
    INTEREST = "interest", _("Interest (jasa simpanan)")
    PURCHASE = "purchase", _("Shop purchase")
    REFUND = "refund", _("Shop refund")
    TRANSFER_IN = "transfer_in", _("Transfer in")
    TRANSFER_OUT = "transfer_out", _("Transfer out")
    SETTLEMENT = "settlement", _("Exit settlement")
    TAX = "tax", _("Tax withheld on interest (PPh)")
    ADMIN_FEE = "admin_fee", _("Administration fee")


CREDIT_KINDS = frozenset(
    {TransactionKind.DEPOSIT, TransactionKind.INTEREST, TransactionKind.REFUND, TransactionKind.TRANSFER_IN}
)


class SavingsTransaction(PostedMovement, TenantModel):
    """One movement of a savings account. ``amount`` is positive; the kind tells the direction.

    ``(source_type, source_id, purpose)`` names the business event (unique per cooperative), so a
    retried deposit, withdrawal or shop charge is a no-op. ``journal_entry`` is the ledger entry
    this movement posted (none for shop charges and refunds: the shop's own entry carries the line).
    """

    account = models.ForeignKey(
        SavingsAccount, verbose_name=_("account"), on_delete=models.PROTECT, related_name="transactions"
    )
    kind = models.CharField(_("kind"), max_length=14, choices=TransactionKind.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    balance_after = models.DecimalField(_("balance after"), **MONEY)
    date = models.DateField(_("date"))
    memo = models.CharField(_("memo"), max_length=255, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("savings transaction")
        verbose_name_plural = _("savings transactions")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "source_type", "source_id", "purpose"], name="savings_transaction_source_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="savings_transaction_amount_positive"),
            models.CheckConstraint(condition=Q(balance_after__gte=0), name="savings_transaction_balance_nonnegative"),
        ]
        indexes = [models.Index(fields=["cooperative", "account", "date"], name="savings_tx_account_date_idx")]

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.get_kind_display()} {self.amount}"

    @property
    def receipt_number(self) -> str:
        return f"BS-{self.pk or 0:07d}"

    @property
    def is_credit(self) -> bool:
        return self.kind in CREDIT_KINDS

    @property
    def signed_amount(self):
        return self.amount if self.is_credit else -self.amount


class MandatoryBill(TenantModel):
    """A month's simpanan wajib due from a member (written by the monthly billing job, once a month).

    Arrears are what was billed minus what was deposited into the member's wajib account (never
    below zero): deposits pay the oldest months first, and paying ahead covers later bills.
    """

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="mandatory_bills"
    )
    account = models.ForeignKey(
        SavingsAccount, verbose_name=_("account"), on_delete=models.PROTECT, related_name="bills"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the billed month."))
    amount = models.DecimalField(_("amount"), **MONEY)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-month", "member_id"]
        verbose_name = _("mandatory savings bill")
        verbose_name_plural = _("mandatory savings bills")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "member", "month"], name="mandatory_bill_once_a_month"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="mandatory_bill_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.month:%Y-%m} {self.amount}"


class SavingsTaxRule(TenantModel):
    """The withholding tax (PPh final) on jasa simpanan paid to members, dated: from ``effective_from``
    the month's interest of a member above ``threshold`` is taxed at ``rate`` on the whole amount
    (``members.savings.interest.withhold_tax``). Seeded with 10 % above Rp 240.000 (PP 15/2009); a rule
    with threshold 0 taxes all interest (a bank's 20 %)."""

    effective_from = models.DateField(_("effective from"))
    rate = models.DecimalField(_("tax rate"), **RATE)
    threshold = models.DecimalField(_("taxed when the month's interest exceeds"), **MONEY, default=0)
    note = models.CharField(_("legal basis"), max_length=120, blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("savings tax rule")
        verbose_name_plural = _("savings tax rules")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "effective_from"], name="savings_tax_rule_one_per_day"),
            models.CheckConstraint(condition=Q(rate__gte=0, rate__lte=1), name="savings_tax_rule_rate_fraction"),
            models.CheckConstraint(condition=Q(threshold__gte=0), name="savings_tax_rule_threshold_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.effective_from}: {self.rate} > {self.threshold}"
