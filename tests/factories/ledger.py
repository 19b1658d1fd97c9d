"""Ledger factories. Create them inside a cooperative's context (``with cooperative_context(coop.pk):``).

Entries, lines and balances are made through the posting service, as the application makes them,
so every row satisfies the database's ledger guards.
"""

import datetime
import itertools
from decimal import Decimal

import factory

from koperasi.ledger.models import (
    Account,
    AccountBalance,
    AccountType,
    BusinessUnit,
    FiscalPeriod,
    FixedAsset,
    JournalEntry,
    JournalLine,
    JournalSequence,
)
from koperasi.ledger.selectors import account_for
from koperasi.ledger.services import Line, post_entry

_events = itertools.count(1)


def post_simple(
    amount="100000.00", *, debit="cash", credit="other_income", date=None, purpose="test", unit=None, **kwargs
):
    """Post ``Dr debit / Cr credit amount`` (both lines of business unit ``unit``, a code) as a unique test
    event; returns the entry."""
    amount = Decimal(amount)
    return post_entry(
        date=date or datetime.date(2026, 1, 15),
        source=kwargs.pop("source", ("tests.event", next(_events))),
        purpose=purpose,
        lines=[Line(debit, debit=amount, business_unit=unit), Line(credit, credit=amount, business_unit=unit)],
        **kwargs,
    )


class BusinessUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessUnit

    code = factory.Sequence(lambda n: f"U{n:03d}")
    name = factory.Sequence(lambda n: f"Unit usaha {n}")


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    code = factory.Sequence(lambda n: f"9{n:04d}")
    name = factory.Sequence(lambda n: f"Akun uji {n}")
    type = AccountType.ASSET


class FiscalPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FiscalPeriod
        django_get_or_create = ("year", "month")

    year = 2025
    month = factory.Sequence(lambda n: n % 12 + 1)


class JournalSequenceFactory(factory.django.DjangoModelFactory):
    """The numbering row of a fiscal year, as posting makes it (only the posting function writes it)."""

    class Meta:
        model = JournalSequence

    @classmethod
    def _create(cls, model_class, **kwargs):
        entry = post_simple()
        return JournalSequence.objects.get(fiscal_year=entry.fiscal_year)


class JournalEntryFactory(factory.django.DjangoModelFactory):
    """A posted entry ``Dr Kas / Cr Pendapatan lain-lain`` for ``amount``."""

    class Meta:
        model = JournalEntry

    amount = Decimal("100000.00")
    date = datetime.date(2026, 1, 15)

    @classmethod
    def _create(cls, model_class, amount, date, **kwargs):
        return post_simple(amount, date=date, **kwargs)


class JournalLineFactory(factory.django.DjangoModelFactory):
    """The debit line of a freshly posted two-line entry."""

    class Meta:
        model = JournalLine

    @classmethod
    def _create(cls, model_class, **kwargs):
        return post_simple().lines.order_by("id").first()


class AccountBalanceFactory(factory.django.DjangoModelFactory):
    """The cash balance row that posting an entry leaves behind."""

    class Meta:
        model = AccountBalance

    @classmethod
    def _create(cls, model_class, **kwargs):
        post_simple()
        return AccountBalance.objects.get(account=account_for("cash"), period=202601, closing=False)


class FixedAssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FixedAsset

    code = factory.Sequence(lambda n: f"AT-{n:03d}")
    name = "Mesin pengolah kelapa"
    acquisition_date = datetime.date(2026, 1, 10)
    cost = Decimal("12000000.00")
    salvage_value = Decimal("0.00")
    useful_life_months = 48
    asset_account = factory.LazyFunction(lambda: account_for("fixed_assets"))
    accumulated_depreciation_account = factory.LazyFunction(lambda: account_for("accumulated_depreciation"))
    depreciation_expense_account = factory.LazyFunction(lambda: account_for("depreciation"))
