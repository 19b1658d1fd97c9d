"""Payment runs: every supplier's unpaid deliveries of a period, less what the supplier owes the
cooperative (loan instalments, simpanan wajib, shop credit, inputs), paid after a second person approves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel
from procurement.models.network import MONEY, Supplier


class DeductionKind(models.TextChoices):
    LOAN = "loan", _("Loan instalments due")
    WAJIB = "wajib", _("Simpanan wajib due")
    SHOP_CREDIT = "shop_credit", _("Shop credit (waserda)")
    INPUTS = "inputs", _("Inputs bought from the cooperative")


DEFAULT_ORDER = [DeductionKind.LOAN, DeductionKind.WAJIB, DeductionKind.SHOP_CREDIT, DeductionKind.INPUTS]


class ProcurementSettings(TenantModel):
    """The order deductions are taken in, and — for garden-redemption loans repaid from harvests (seed
    000) — a fixed share of each delivery's value to take for loans instead of the instalments due."""

    deduction_order = models.JSONField(_("deduction order"), default=list, blank=True)  # DeductionKind values
    loan_share = models.DecimalField(
        _("share of delivery value for loans"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Empty: the instalments due. 0,2500 takes 25 % of the value, up to what the loans owe."),
    )

    class Meta:
        verbose_name = _("procurement settings")
        verbose_name_plural = _("procurement settings")
        constraints = [
            models.UniqueConstraint(fields=["cooperative"], name="procurement_settings_one_per_cooperative"),
            models.CheckConstraint(
                condition=Q(loan_share__isnull=True) | (Q(loan_share__gt=0) & Q(loan_share__lte=1)),
                name="procurement_settings_loan_share_fraction",
            ),
        ]

    @property
    def order(self) -> list[str]:
        return list(self.deduction_order) or [str(kind) for kind in DEFAULT_ORDER]


class InputCharge(TenantModel):
    """Feed, fertiliser or seedlings a supplier took on credit, to be deducted from a payment run;
    ``settled`` grows as runs deduct it."""

    supplier = models.ForeignKey(Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="charges")
    date = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(_("amount"), **MONEY)
    settled = models.DecimalField(_("settled"), **MONEY, default=0)
    journal_entry = models.ForeignKey(
        "ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("input charge")
        verbose_name_plural = _("input charges")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="procurement_charge_amount_positive"),
            models.CheckConstraint(
                condition=Q(settled__gte=0) & Q(settled__lte=models.F("amount")), name="procurement_charge_settled"
            ),
        ]

    @property
    def open_amount(self):
        return self.amount - self.settled


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    BANK = "bank", _("Bank transfer")


class PaymentRun(TenantModel):
    """The deliveries up to ``period_end`` not paid yet, one line per supplier. Draft → approved (by another
    person than the maker) → paid; approving or paying again changes nothing."""

    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    pay_date = models.DateField(_("pay date"))
    method = models.CharField(_("paid by"), max_length=5, choices=PaymentMethod.choices, default=PaymentMethod.CASH)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = _("payment run")
        verbose_name_plural = _("payment runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")), name="procurement_run_period"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"PB-{self.pk:05d}" if self.pk else "PB-?"


class PaymentLine(TenantModel):
    """One supplier in a run: gross (the deliveries' value) − deductions = net paid; what could not be
    deducted is ``carried`` (it stays owed and is asked again by the next run)."""

    run = models.ForeignKey(PaymentRun, verbose_name=_("payment run"), on_delete=models.CASCADE, related_name="lines")
    supplier = models.ForeignKey(Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="+")
    gross = models.DecimalField(_("gross"), **MONEY)
    deducted = models.DecimalField(_("deducted"), **MONEY, default=0)
    carried = models.DecimalField(_("carried over"), **MONEY, default=0)
    net = models.DecimalField(_("net"), **MONEY)

    class Meta:
        ordering = ["supplier_id"]
        verbose_name = _("payment line")
        verbose_name_plural = _("payment lines")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "run", "supplier"], name="procurement_line_one_per_supplier"
            ),
            models.CheckConstraint(condition=Q(net__gte=0), name="procurement_line_net_nonnegative"),
            models.CheckConstraint(
                condition=Q(net=models.F("gross") - models.F("deducted")), name="procurement_line_adds_up"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run.number} · {self.supplier}"


class Deduction(TenantModel):
    """One kind of debt taken from a line, in the configured order: ``requested`` (what was owed then),
    ``applied`` (what the gross could cover) and ``carried`` (the rest, still owed)."""

    line = models.ForeignKey(
        PaymentLine, verbose_name=_("payment line"), on_delete=models.CASCADE, related_name="deductions"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=DeductionKind.choices)
    position = models.PositiveSmallIntegerField(_("order"))
    requested = models.DecimalField(_("owed"), **MONEY)
    applied = models.DecimalField(_("deducted"), **MONEY)
    carried = models.DecimalField(_("carried over"), **MONEY)

    class Meta:
        ordering = ["position"]
        verbose_name = _("deduction")
        verbose_name_plural = _("deductions")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "line", "kind"], name="procurement_deduction_one_per_kind"),
            models.CheckConstraint(
                condition=Q(applied__gte=0)
                & Q(carried__gte=0)
                & Q(requested=models.F("applied") + models.F("carried")),
                name="procurement_deduction_adds_up",
            ),
        ]
