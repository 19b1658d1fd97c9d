"""The double-entry ledger: chart of accounts, journal entries and lines, periods, balances, fixed assets.

PostgreSQL guards what Python promises (``koperasi/ledger/sql/``, migration 0002; docs/accounting.md): the
application writes entries and lines only through ``ledger_post_entry``, which inserts an entry posted
with all its lines at once, in an open month; a statement trigger refuses lines that do not balance,
fewer than two, or lines added to an entry later; every line has exactly one of debit/credit
positive; a posted entry or line cannot be changed or deleted; and ``AccountBalance`` (per account
and month) is written only by the posting trigger. ``save``/``delete`` below refuse changes to posted
rows in Python too, so such a mistake is named before the database refuses it.
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.ledger.error_codes import LedgerError, LedgerErrorCode
from koperasi.tenancy.models import TenantModel, cooperative_field

MONEY = {"max_digits": 18, "decimal_places": 2}


class AccountType(models.TextChoices):
    ASSET = "asset", _("Asset")
    LIABILITY = "liability", _("Liability")
    EQUITY = "equity", _("Equity")
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")


DEBIT_NORMAL = frozenset({AccountType.ASSET, AccountType.EXPENSE})


class BusinessUnit(TenantModel):
    """A business unit (unit usaha) of the cooperative: savings & loans, waserda, processing, ..."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=150)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("business unit")
        verbose_name_plural = _("business units")
        constraints = [models.UniqueConstraint(fields=["cooperative", "code"], name="ledger_unit_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Account(TenantModel):
    """An account of the cooperative's chart of accounts (seeded from the koperasi template).

    ``system_key`` names the seeded accounts other modules post to (``cash``, ``loan_receivable``, …);
    sub-accounts added by managers have none. An account with postings cannot be deleted (the
    journal lines protect it, in Django and by the foreign key in the database).
    """

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=150)
    type = models.CharField(_("type"), max_length=10, choices=AccountType.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    business_unit = models.ForeignKey(
        BusinessUnit,
        verbose_name=_("business unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    system_key = models.CharField(_("system key"), max_length=40, blank=True, default="")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "code"], name="ledger_account_code_unique"),
            models.UniqueConstraint(
                fields=["cooperative", "system_key"], condition=~Q(system_key=""), name="ledger_account_key_unique"
            ),
            models.CheckConstraint(
                condition=Q(type__in=[choice.value for choice in AccountType]), name="ledger_account_type_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_debit_normal(self) -> bool:
        return self.type in DEBIT_NORMAL


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class FiscalPeriod(TenantModel):
    """A calendar month of the books; nothing can be posted dated in a closed one.

    A month with no row is open; the posting trigger creates the row when it first posts into it.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PeriodStatus.choices,
        default=PeriodStatus.OPEN,
        db_default=PeriodStatus.OPEN,
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-year", "-month"]
        verbose_name = _("fiscal period")
        verbose_name_plural = _("fiscal periods")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "year", "month"], name="ledger_period_unique"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="ledger_period_month_1_12"),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def is_closed(self) -> bool:
        return self.status == PeriodStatus.CLOSED


class JournalSequence(TenantModel):
    """The last journal number given per cooperative and fiscal year (a row lock makes numbers gapless)."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("journal sequence")
        verbose_name_plural = _("journal sequences")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "fiscal_year"], name="ledger_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.last_number}"


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    POSTED = "posted", _("Posted")


class PostedEntryError(LedgerError):
    def __init__(self, message: str = "A posted journal entry cannot be changed; reverse it instead."):
        super().__init__(LedgerErrorCode.ENTRY_POSTED, message)


class JournalEntry(TenantModel):
    """A journal entry (jurnal). Numbered ``<fiscal year>/<number>`` when posted, without gaps.

    ``(source_type, source_id, purpose)`` names the business event that caused it, unique per
    cooperative, so posting the same event twice returns the first entry. Corrections are reversals:
    ``reversal_of`` links the mirror entry to the one it cancels (at most one reversal each).
    """

    # Its composite indexes all start with the cooperative (coop-id key, number, source, date).
    cooperative = cooperative_field(db_index=False)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    date = models.DateField(_("date"))
    memo = models.CharField(_("memo"), max_length=255, blank=True)
    source_type = models.CharField(_("source document type"), max_length=60)
    source_id = models.CharField(_("source document id"), max_length=64)
    purpose = models.CharField(_("purpose"), max_length=60)
    status = models.CharField(_("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.DRAFT)
    reversal_of = models.OneToOneField(
        "self",
        verbose_name=_("reversal of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    is_closing = models.BooleanField(_("year-end closing entry"), default=False)
    # PROTECT: a posted entry is never updated, so the user who posted it stays.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "-fiscal_year", "-number", "-id"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "fiscal_year", "number"], name="ledger_entry_number_unique"),
            models.UniqueConstraint(
                fields=["cooperative", "source_type", "source_id", "purpose"], name="ledger_entry_source_unique"
            ),
            models.CheckConstraint(
                condition=Q(status=EntryStatus.DRAFT) | Q(number__isnull=False, posted_at__isnull=False),
                name="ledger_entry_posted_numbered",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[EntryStatus.DRAFT, EntryStatus.POSTED]), name="ledger_entry_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "date"], name="ledger_entry_date_idx")]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return f"JU-{self.fiscal_year}/{self.number:05d}" if self.number else f"draft #{self.pk}"

    @property
    def is_posted(self) -> bool:
        return self.status == EntryStatus.POSTED

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.unscoped().filter(pk=self.pk, status=EntryStatus.POSTED).exists():
            raise PostedEntryError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_posted:
            raise PostedEntryError("A posted journal entry cannot be deleted; reverse it instead.")
        return super().delete(*args, **kwargs)


class JournalLine(TenantModel):
    """One debit or credit of an entry. ``party_type``/``party_id`` name a member, supplier, farmer, …

    The party is a generic pair (e.g. ``("members.Member", 42)``) because the member, supplier and
    farmer tables belong to later modules; the pair is indexed for subsidiary ledgers.
    """

    # Every posting writes lines, so their relations are enforced once, by the composite foreign keys
    # of migration 0002 (entry, account and unit of the line's own cooperative; the cooperative through
    # the entry's): single-column constraints would repeat each check. Lines are read by entry, by
    # account, and (partial indexes: only rows that have one) by party and by business unit.
    cooperative = cooperative_field(db_constraint=False, db_index=False)
    entry = models.ForeignKey(
        JournalEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="lines", db_constraint=False
    )
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="lines", db_constraint=False
    )
    debit = models.DecimalField(_("debit"), **MONEY, default=0)
    credit = models.DecimalField(_("credit"), **MONEY, default=0)
    memo = models.CharField(_("memo"), max_length=255, blank=True)
    party_type = models.CharField(_("party type"), max_length=60, blank=True, default="")
    party_id = models.BigIntegerField(_("party id"), null=True, blank=True)
    business_unit = models.ForeignKey(
        BusinessUnit,
        verbose_name=_("business unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("journal line")
        verbose_name_plural = _("journal lines")
        constraints = [
            models.CheckConstraint(condition=Q(debit__gte=0), name="ledger_line_debit_nonnegative"),
            models.CheckConstraint(condition=Q(credit__gte=0), name="ledger_line_credit_nonnegative"),
            models.CheckConstraint(
                condition=Q(debit__gt=0, credit=0) | Q(debit=0, credit__gt=0), name="ledger_line_one_side"
            ),
            models.CheckConstraint(
                condition=Q(party_type="", party_id__isnull=True) | (~Q(party_type="") & Q(party_id__isnull=False)),
                name="ledger_line_party_pair",
            ),
        ]
        indexes = [
            models.Index(
                fields=["cooperative", "party_type", "party_id"],
                condition=Q(party_id__isnull=False),
                name="ledger_line_party_idx",
            ),
            models.Index(
                fields=["business_unit"], condition=Q(business_unit__isnull=False), name="ledger_line_unit_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} D{self.debit} C{self.credit}"

    def save(self, *args, **kwargs):
        if JournalEntry.objects.unscoped().filter(pk=self.entry_id, status=EntryStatus.POSTED).exists():
            raise PostedEntryError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if JournalEntry.objects.unscoped().filter(pk=self.entry_id, status=EntryStatus.POSTED).exists():
            raise PostedEntryError()
        return super().delete(*args, **kwargs)


class AccountBalance(TenantModel):
    """Posted debits and credits per account and month (``period`` = year * 100 + month).

    Written only by the posting trigger;
    statements aggregate these rows instead of every journal line, so they stay fast at any size.
    ``closing`` separates the year-end closing entries, which the income statement leaves out.
    """

    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="balances")
    period = models.PositiveIntegerField(_("period (yyyymm)"))
    closing = models.BooleanField(_("closing entries"), default=False)
    debit = models.DecimalField(_("debit"), **MONEY, default=0)
    credit = models.DecimalField(_("credit"), **MONEY, default=0)

    class Meta:
        verbose_name = _("account balance")
        verbose_name_plural = _("account balances")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "account", "period", "closing"], name="ledger_balance_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["cooperative", "period"], name="ledger_balance_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.period}: D{self.debit} C{self.credit}"


class FixedAsset(TenantModel):
    """A fixed asset (aset tetap) depreciated straight-line every month by a Celery job."""

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=150)
    acquisition_date = models.DateField(_("acquisition date"))
    cost = models.DecimalField(_("cost"), **MONEY)
    salvage_value = models.DecimalField(_("salvage value"), **MONEY, default=0)
    useful_life_months = models.PositiveIntegerField(_("useful life (months)"))
    asset_account = models.ForeignKey(
        Account, verbose_name=_("asset account"), on_delete=models.PROTECT, related_name="+"
    )
    accumulated_depreciation_account = models.ForeignKey(
        Account, verbose_name=_("accumulated depreciation account"), on_delete=models.PROTECT, related_name="+"
    )
    depreciation_expense_account = models.ForeignKey(
        Account, verbose_name=_("depreciation expense account"), on_delete=models.PROTECT, related_name="+"
    )
    business_unit = models.ForeignKey(
        BusinessUnit,
        verbose_name=_("business unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    disposed_on = models.DateField(_("disposed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("fixed asset")
        verbose_name_plural = _("fixed assets")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "code"], name="ledger_asset_code_unique"),
            models.CheckConstraint(condition=Q(cost__gt=0), name="ledger_asset_cost_positive"),
            models.CheckConstraint(
                condition=Q(salvage_value__gte=0, salvage_value__lte=models.F("cost")), name="ledger_asset_salvage"
            ),
            models.CheckConstraint(condition=Q(useful_life_months__gt=0), name="ledger_asset_life_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
