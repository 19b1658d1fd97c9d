"""How a savings balance moves: the one primitive every savings write goes through, with its small
helpers (amounts, business-event keys, posting).

Every change of a balance locks the account row first (``members.locks``), checks, then moves the
balance with a conditional ``UPDATE``; the database's ``savings_balance_nonnegative`` check is the
backstop. Every movement names its business event (source, purpose): a retry returns the movement
already recorded. Journal templates: docs/savings-loans.md.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.ledger.error_codes import LedgerError
from koperasi.ledger.models import JournalEntry
from koperasi.ledger.services import Line, post_entry
from koperasi.money import quantize_rupiah
from members.error_codes import MemberErrorCode, coded_error
from members.models import Member, MemberStatus
from members.savings.models import (
    CREDIT_KINDS,
    AccountStatus,
    SavingsAccount,
    SavingsTransaction,
)

ZERO = Decimal("0.00")
DEPOSIT_SOURCE = "members.savings_deposit"
WITHDRAWAL_SOURCE = "members.savings_withdrawal"
INTEREST_SOURCE = "members.savings_interest"
MATURITY_SOURCE = "members.term_deposit_maturity"
PURPOSE_DEPOSIT = "savings.deposit"
PURPOSE_WITHDRAWAL = "savings.withdrawal"
PURPOSE_INTEREST = "savings.interest"
PURPOSE_MATURITY = "savings.maturity"

# --- small helpers --------------------------------------------------------------------------


def insufficient(balance: Decimal) -> ValidationError:
    return coded_error(
        "amount",
        _("The balance (%(balance)s) is not enough.") % {"balance": quantize_rupiah(balance)},
        MemberErrorCode.INSUFFICIENT_SAVINGS,
    )


def positive_amount(amount, field: str = "amount") -> Decimal:
    if isinstance(amount, float):
        raise TypeError("Money must be Decimal, not float")
    try:
        value = Decimal(amount)
    except (ArithmeticError, TypeError, ValueError):
        raise coded_error(field, _("Enter an amount."), MemberErrorCode.INVALID_AMOUNT) from None
    if not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.01")):
        raise coded_error(
            field, _("Enter a positive amount with at most two decimals."), MemberErrorCode.INVALID_AMOUNT
        )
    return value.quantize(Decimal("0.01"))


def source_key(source) -> tuple[str, str]:
    if isinstance(source, models.Model):
        return source._meta.label, str(source.pk)
    source_type, source_id = source
    return str(source_type), str(source_id)


def post(**kwargs) -> JournalEntry:
    """``post_entry``, with the ledger's refusals (closed period, …) as a field error on the date."""
    try:
        return post_entry(**kwargs)
    except LedgerError as error:
        raise coded_error("date", error.message, MemberErrorCode.POSTING_REFUSED) from error


def _existing(source_type: str, source_id: str, purpose: str) -> SavingsTransaction | None:
    return SavingsTransaction.objects.filter(source_type=source_type, source_id=source_id, purpose=purpose).first()


def _require_open(account: SavingsAccount) -> None:
    if account.status != AccountStatus.OPEN:
        raise coded_error("account", _("This savings account is closed."), MemberErrorCode.ACCOUNT_CLOSED)


def _require_member(member: Member) -> None:
    if member.status == MemberStatus.EXITED:
        raise coded_error("member", _("This member has left the cooperative."), MemberErrorCode.MEMBER_NOT_ACTIVE)


def move_balance(
    account: SavingsAccount,
    *,
    kind: str,
    amount: Decimal,
    date: datetime.date,
    source_type: str,
    source_id: str,
    purpose: str,
    memo: str = "",
    actor=None,
) -> SavingsTransaction:
    """Change the (already locked) account's balance and record the movement."""
    signed = amount if kind in CREDIT_KINDS else -amount
    if account.balance + signed < 0:
        raise insufficient(account.balance)
    changed = SavingsAccount.objects.filter(pk=account.pk, balance__gte=-signed if signed < 0 else 0).update(
        balance=F("balance") + signed
    )
    if not changed:  # the row lock makes this unreachable; the conditional update is the second guard
        raise insufficient(account.balance)
    account.balance += signed
    return SavingsTransaction.objects.create(
        account=account,
        kind=kind,
        amount=amount,
        balance_after=account.balance,
        date=date,
        memo=memo[:255],
        source_type=source_type,
        source_id=source_id,
        purpose=purpose,
        created_by=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
    )


def move_and_post(
    account: SavingsAccount,
    *,
    kind: str,
    amount: Decimal,
    date: datetime.date,
    source_type: str,
    source_id: str,
    purpose: str,
    memo: str,
    actor,
    lines: list[Line],
    audit_action: str,
) -> SavingsTransaction:
    """One savings movement with its own journal entry: move the (locked) balance, post ``lines``
    with the movement as the entry's source, link them, and audit."""
    movement = move_balance(
        account,
        kind=kind,
        amount=amount,
        date=date,
        source_type=source_type,
        source_id=source_id,
        purpose=purpose,
        memo=memo,
        actor=actor,
    )
    entry = post(date=date, source=movement, purpose=purpose, memo=memo, actor=actor, lines=lines)
    link_entry(movement, entry)
    _audit(audit_action, actor, movement)
    return movement


def link_entry(transaction_: SavingsTransaction, entry: JournalEntry) -> None:
    transaction_.journal_entry = entry
    SavingsTransaction.objects.filter(pk=transaction_.pk).update(journal_entry=entry)


def _audit(action: str, actor, transaction_: SavingsTransaction) -> None:
    """The movement's event, on its account: the account's audit trail lists every movement."""
    record_event(
        action,
        actor=actor,
        cooperative_id=transaction_.cooperative_id,
        obj=transaction_.account,
        after={
            "transaction": transaction_.pk,
            "account": transaction_.account_id,
            "kind": transaction_.kind,
            "amount": str(transaction_.amount),
            "balance_after": str(transaction_.balance_after),
            "date": transaction_.date.isoformat(),
        },
    )


def _key(key) -> str:
    return str(key) if key else str(uuid.uuid4())
