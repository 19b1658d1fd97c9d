"""The interface for the waserda shop: paying with and refunding to simpanan sukarela without
posting (the shop's own journal entry carries the savings line). Re-exported by
``members.savings.services``, which is where waserda imports it from."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from members import locks
from members.models import Member
from members.savings.models import (
    AccountStatus,
    SavingsAccount,
    SavingsKind,
    SavingsTransaction,
    TransactionKind,
)
from members.savings.movements import (
    ZERO,
    _existing,
    _require_open,
    insufficient,
    move_balance,
    positive_amount,
    source_key,
)
from members.savings.products import account_for


def _voluntary_account(member: Member, *, create_on: datetime.date | None = None) -> SavingsAccount | None:
    account = (
        SavingsAccount.objects.filter(member=member, kind=SavingsKind.VOLUNTARY, status=AccountStatus.OPEN)
        .order_by("pk")
        .first()
    )
    if account is None and create_on is not None:
        account = account_for(member, SavingsKind.VOLUNTARY, opened_on=create_on)
    return account


def _move_once(account: SavingsAccount, *, source_type: str, source_id: str, purpose: str, **movement):
    """``move_balance``, unless a concurrent attempt recorded the same (source, purpose) first: the
    database's unique constraint decides, and the movement already recorded is returned."""
    try:
        with transaction.atomic():
            return move_balance(account, source_type=source_type, source_id=source_id, purpose=purpose, **movement)
    except IntegrityError:
        existing = _existing(source_type, source_id, purpose)
        if existing is None:
            raise
        return existing


@transaction.atomic
def charge_voluntary_savings(
    *, member: Member, amount: Decimal, date: datetime.date, source, purpose: str, memo: str = ""
) -> SavingsTransaction:
    """Take a shop purchase from the member's simpanan sukarela, WITHOUT posting a journal entry.

    The caller's own entry carries the matching line ``Line("voluntary_savings", debit=amount,
    party=member)``. Locks the account row; refuses a short balance with
    ``ValidationError({"amount": [...]}, code="insufficient_savings")``; the same
    ``(source, purpose)`` again returns the first movement (a unique constraint decides).
    """
    amount = positive_amount(amount)
    source_type, source_id = source_key(source)
    existing = _existing(source_type, source_id, purpose)
    if existing is not None:
        return existing
    account = _voluntary_account(member)
    if account is None:
        raise insufficient(ZERO)
    account = locks.lock_savings_account(account.pk)
    existing = _existing(source_type, source_id, purpose)
    if existing is not None:
        return existing
    _require_open(account)
    if amount > account.balance:
        raise insufficient(account.balance)
    return _move_once(
        account,
        kind=TransactionKind.PURCHASE,
        amount=amount,
        date=date,
        source_type=source_type,
        source_id=source_id,
        purpose=purpose,
        memo=memo or _("Shop purchase"),
    )


@transaction.atomic
def refund_voluntary_savings(
    *, member: Member, amount: Decimal, date: datetime.date, source, purpose: str, memo: str = ""
) -> SavingsTransaction:
    """The mirror of :func:`charge_voluntary_savings` for a return: credit simpanan sukarela without
    posting (the caller's entry carries ``Line("voluntary_savings", credit=amount, party=member)``)."""
    amount = positive_amount(amount)
    source_type, source_id = source_key(source)
    existing = _existing(source_type, source_id, purpose)
    if existing is not None:
        return existing
    account = locks.lock_savings_account(_voluntary_account(member, create_on=date).pk)
    existing = _existing(source_type, source_id, purpose)
    if existing is not None:
        return existing
    return _move_once(
        account,
        kind=TransactionKind.REFUND,
        amount=amount,
        date=date,
        source_type=source_type,
        source_id=source_id,
        purpose=purpose,
        memo=memo or _("Shop refund"),
    )
