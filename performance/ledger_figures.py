"""Ledger figures for any date or span (the scorecard, the rating and the health assessment read them): a balance
at the end of a day and a flow over days, of the accounts a filter names, from the posted journal lines.
Statements read the monthly ``AccountBalance`` rows instead (koperasi/ledger/statements.py); these need days."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import DecimalField, F, Sum, Value
from django.db.models.functions import Coalesce

from koperasi.ledger.models import AccountType, EntryStatus, JournalLine

ZERO = Decimal("0.00")
MONEY_FIELD = DecimalField(max_digits=20, decimal_places=2)


def _net(lines) -> Decimal:
    """Σ credit − debit of ``lines``."""
    expression = Coalesce(Sum(F("credit") - F("debit"), output_field=MONEY_FIELD), Value(ZERO))
    return Decimal(lines.aggregate(total=expression)["total"])


def _accounts(account: dict) -> dict:
    return {f"account__{name}": value for name, value in account.items()}


def balance(at: datetime.date, *, credit_side: bool = True, **account) -> Decimal:
    """The balance at the end of ``at`` of the accounts ``account`` names (``system_key__in=…``, ``type=…``),
    credit-positive unless ``credit_side`` is false."""
    net = _net(JournalLine.objects.filter(entry__status=EntryStatus.POSTED, entry__date__lte=at, **_accounts(account)))
    return net if credit_side else -net


def flow(first_day: datetime.date, last_day: datetime.date, *, credit_side: bool = True, **account) -> Decimal:
    """What the accounts ``account`` names took in over [first_day, last_day], year-end closing left out."""
    lines = JournalLine.objects.filter(
        entry__status=EntryStatus.POSTED, entry__is_closing=False, entry__date__gte=first_day,
        entry__date__lte=last_day, **_accounts(account),
    )  # fmt: skip
    net = _net(lines)
    return net if credit_side else -net


def own_capital(at: datetime.date) -> Decimal:
    """Own capital (modal sendiri) at the end of ``at``: equity accounts plus the result not yet closed into
    them (income − expenses)."""
    return balance(at, type__in=[AccountType.EQUITY, AccountType.INCOME, AccountType.EXPENSE])


def total_assets(at: datetime.date) -> Decimal:
    return balance(at, credit_side=False, type=AccountType.ASSET)


def liabilities(at: datetime.date) -> Decimal:
    return balance(at, type=AccountType.LIABILITY)


def income(first_day: datetime.date, last_day: datetime.date) -> Decimal:
    return flow(first_day, last_day, type=AccountType.INCOME)


def expenses(first_day: datetime.date, last_day: datetime.date) -> Decimal:
    return flow(first_day, last_day, credit_side=False, type=AccountType.EXPENSE)


def net_income(first_day: datetime.date, last_day: datetime.date) -> Decimal:
    """Income − expenses of the period (the SHU before distribution)."""
    return flow(first_day, last_day, type__in=[AccountType.INCOME, AccountType.EXPENSE])
