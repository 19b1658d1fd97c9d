"""Writes of savings (simpanan): cash deposits and withdrawals. The rest of savings lives in
its own modules; import each function from the module that defines it:

* :mod:`members.savings.movements` — the balance-moving primitive and its helpers;
* :mod:`members.savings.products` — products (seeding, maintenance) and opening accounts;
* :mod:`members.savings.shop` — the waserda interface (``charge_voluntary_savings`` /
  ``refund_voluntary_savings``).

Term deposits live in ``term_deposits.py``, the monthly jobs in ``monthly.py``. Journal templates:
docs/savings-loans.md.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from koperasi.ledger.services import Line
from members import locks
from members.error_codes import MemberErrorCode, coded_error
from members.savings.models import (
    EXIT_ONLY_KINDS,
    SavingsAccount,
    SavingsKind,
    SavingsTransaction,
    TransactionKind,
)
from members.savings.movements import (
    DEPOSIT_SOURCE,
    PURPOSE_DEPOSIT,
    PURPOSE_WITHDRAWAL,
    WITHDRAWAL_SOURCE,
    ZERO,
    _existing,
    _key,
    _require_member,
    _require_open,
    insufficient,
    move_and_post,
    positive_amount,
)


@transaction.atomic
def deposit(
    *,
    account: SavingsAccount,
    amount: Decimal,
    date: datetime.date,
    actor=None,
    memo: str = "",
    key: str | uuid.UUID | None = None,
    cash_account: str = "cash",
    counter_party=None,
) -> SavingsTransaction:
    """A cash deposit: Dr Kas / Cr the product's savings account (party: member).

    ``key`` (a client UUID, e.g. a form's hidden field) makes a resubmitted deposit a no-op. Paid from
    something else than cash (``cash_account``, e.g. what the cooperative owes the member for deliveries),
    ``counter_party`` names the party of that debit.
    """
    amount = positive_amount(amount)
    source_type, source_id = DEPOSIT_SOURCE, _key(key)
    account = locks.lock_savings_account(account.pk)
    existing = _existing(source_type, source_id, PURPOSE_DEPOSIT)
    if existing is not None:
        return existing
    _require_open(account)
    _require_member(account.member)
    product = account.product
    if product.kind == SavingsKind.TERM:
        raise coded_error(
            "account", _("A term deposit takes no further deposits."), MemberErrorCode.WITHDRAWAL_NOT_ALLOWED
        )
    if product.kind == SavingsKind.PRINCIPAL and account.balance + amount > product.amount:
        raise coded_error(
            "amount",
            _("Simpanan pokok is %(amount)s in all; %(left)s is still to pay.")
            % {"amount": product.amount, "left": max(product.amount - account.balance, ZERO)},
            MemberErrorCode.PRINCIPAL_EXCEEDED,
        )
    if product.kind == SavingsKind.VOLUNTARY and product.amount and amount < product.amount:
        raise coded_error(
            "amount",
            _("The smallest deposit is %(amount)s.") % {"amount": product.amount},
            MemberErrorCode.INVALID_AMOUNT,
        )
    memo = memo or _("Deposit %(product)s, %(member)s") % {"product": product.name, "member": account.member.name}
    return move_and_post(
        account,
        kind=TransactionKind.DEPOSIT,
        amount=amount,
        date=date,
        source_type=source_type,
        source_id=source_id,
        purpose=PURPOSE_DEPOSIT,
        memo=memo,
        actor=actor,
        lines=[
            Line(cash_account, debit=amount, party=counter_party),
            Line(product.ledger_key, credit=amount, party=account.member, memo=account.number),
        ],
        audit_action="savings.deposit",
    )


@transaction.atomic
def withdraw(
    *,
    account: SavingsAccount,
    amount: Decimal,
    date: datetime.date,
    actor=None,
    memo: str = "",
    key: str | uuid.UUID | None = None,
    cash_account: str = "cash",
) -> SavingsTransaction:
    """A cash withdrawal of simpanan sukarela: Dr Simpanan sukarela (member) / Cr Kas.

    Pokok and wajib are returned only on exit (``members.settlement``); a term deposit is closed
    early with :func:`close_term_deposit`. Refuses an amount above the balance
    (``insufficient_savings``), also when several withdrawals run at once.
    """
    amount = positive_amount(amount)
    source_type, source_id = WITHDRAWAL_SOURCE, _key(key)
    account = locks.lock_savings_account(account.pk)
    existing = _existing(source_type, source_id, PURPOSE_WITHDRAWAL)
    if existing is not None:
        return existing
    _require_open(account)
    product = account.product
    if product.kind in EXIT_ONLY_KINDS:
        raise coded_error(
            "account",
            _("Simpanan pokok and wajib are returned only when the member leaves."),
            MemberErrorCode.WITHDRAWAL_NOT_ALLOWED,
        )
    if product.kind == SavingsKind.TERM:
        raise coded_error(
            "account", _("Close a term deposit instead of withdrawing from it."), MemberErrorCode.WITHDRAWAL_NOT_ALLOWED
        )
    if amount > account.balance:
        raise insufficient(account.balance)
    memo = memo or _("Withdrawal %(product)s, %(member)s") % {"product": product.name, "member": account.member.name}
    return move_and_post(
        account,
        kind=TransactionKind.WITHDRAWAL,
        amount=amount,
        date=date,
        source_type=source_type,
        source_id=source_id,
        purpose=PURPOSE_WITHDRAWAL,
        memo=memo,
        actor=actor,
        lines=[
            Line(product.ledger_key, debit=amount, party=account.member, memo=account.number),
            Line(cash_account, credit=amount),
        ],
        audit_action="savings.withdrawal",
    )
