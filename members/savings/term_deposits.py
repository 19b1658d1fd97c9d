"""Term deposits (simpanan berjangka / khusus): placing one, maturing it (interest for the term,
then principal and interest into the member's simpanan sukarela) and closing it early (with the
product's early-withdrawal penalty, no interest).

Entries: placing Dr Kas / Cr Simpanan berjangka; interest at maturity Dr Beban jasa simpanan /
Cr Simpanan berjangka; maturity Dr Simpanan berjangka / Cr Simpanan sukarela; early close
Dr Simpanan berjangka / Cr Kas, Cr Pendapatan denda (the penalty).
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.db import models, transaction
from django.utils.translation import gettext as _

from koperasi.ledger.services import Line
from koperasi.money import quantize_whole_rupiah
from members import locks
from members.error_codes import MemberErrorCode, coded_error
from members.loans.schedule import add_months
from members.models import Member
from members.savings.models import AccountStatus, SavingsAccount, SavingsKind, SavingsProduct, TransactionKind
from members.savings.movements import (
    DEPOSIT_SOURCE,
    MATURITY_SOURCE,
    PURPOSE_DEPOSIT,
    PURPOSE_INTEREST,
    PURPOSE_MATURITY,
    PURPOSE_WITHDRAWAL,
    WITHDRAWAL_SOURCE,
    ZERO,
    _audit,
    _existing,
    _key,
    _require_member,
    _require_open,
    link_entry,
    move_and_post,
    move_balance,
    positive_amount,
    post,
)
from members.savings.shop import _voluntary_account


@transaction.atomic
def open_term_deposit(
    *,
    actor,
    member: Member,
    product: SavingsProduct,
    amount: Decimal,
    date: datetime.date,
    term_months: int | None = None,
    interest_rate: Decimal | None = None,
    key: str | uuid.UUID | None = None,
    cash_account: str = "cash",
) -> SavingsAccount:
    """Place a term deposit: a new account with its term, rate and maturity; Dr Kas / Cr Simpanan
    berjangka (member)."""
    amount = positive_amount(amount)
    source_type, source_id = DEPOSIT_SOURCE, _key(key)
    existing = _existing(source_type, source_id, PURPOSE_DEPOSIT)
    if existing is not None:
        return existing.account
    _require_member(member)
    if product.kind != SavingsKind.TERM:
        raise coded_error("product", _("Choose a term deposit product."), MemberErrorCode.PRODUCT_INACTIVE)
    if not product.is_active:
        raise coded_error(
            "product", _("This savings product is not offered any more."), MemberErrorCode.PRODUCT_INACTIVE
        )
    term = term_months or product.term_months
    if not term or term < 1:
        raise coded_error("term_months", _("Enter the term in months."), MemberErrorCode.INVALID_AMOUNT)
    if product.amount and amount < product.amount:
        raise coded_error(
            "amount",
            _("The smallest deposit is %(amount)s.") % {"amount": product.amount},
            MemberErrorCode.INVALID_AMOUNT,
        )
    rate = product.interest_rate if interest_rate is None else Decimal(interest_rate)
    account = SavingsAccount.objects.create(
        member=member,
        product=product,
        kind=product.kind,
        opened_on=date,
        term_months=term,
        interest_rate=rate,
        maturity_date=add_months(date, term),
    )
    account = locks.lock_savings_account(account.pk)
    memo = _("Term deposit %(number)s, %(term)s months") % {"number": account.number, "term": term}
    move_and_post(
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
            Line(cash_account, debit=amount),
            Line("term_deposits", credit=amount, party=member, memo=account.number),
        ],
        audit_action="savings.term_deposit_opened",
    )
    return account


def term_deposit_interest(account: SavingsAccount) -> Decimal:
    """Simple interest for the whole term: principal × yearly rate × months / 12, whole Rupiah."""
    principal = (
        account.transactions.filter(kind=TransactionKind.DEPOSIT).aggregate(total=models.Sum("amount"))["total"] or ZERO
    )
    rate = account.interest_rate or ZERO
    return quantize_whole_rupiah(principal * rate * account.term_months / 12)


def _close(account: SavingsAccount, day: datetime.date) -> None:
    account.status, account.closed_on = AccountStatus.CLOSED, day
    SavingsAccount.objects.filter(pk=account.pk).update(status=AccountStatus.CLOSED, closed_on=day)


@transaction.atomic
def mature_term_deposit(account: SavingsAccount, *, actor=None) -> SavingsAccount:
    """At maturity: credit the term's interest (Dr Beban jasa simpanan / Cr Simpanan berjangka), move
    principal and interest to the member's simpanan sukarela (Dr Simpanan berjangka / Cr Simpanan
    sukarela) and close the deposit. Running it again does nothing."""
    current = SavingsAccount.objects.select_related("member").get(pk=account.pk)
    if current.status != AccountStatus.OPEN or current.kind != SavingsKind.TERM:
        return current
    day, member = current.maturity_date, current.member
    target_id = _voluntary_account(member, create_on=day).pk
    rows = {row.pk: row for row in locks.lock_savings_accounts([current.pk, target_id])}  # lock order: by id
    account, target = rows[current.pk], rows[target_id]
    if account.status != AccountStatus.OPEN:
        return account
    interest = term_deposit_interest(account)
    if interest > 0:
        credited = move_balance(
            account,
            kind=TransactionKind.INTEREST,
            amount=interest,
            date=day,
            source_type=MATURITY_SOURCE,
            source_id=str(account.pk),
            purpose=PURPOSE_INTEREST,
            memo=_("Interest on term deposit %(number)s") % {"number": account.number},
            actor=actor,
        )
        link_entry(
            credited,
            post(
                date=day,
                source=credited,
                purpose=PURPOSE_INTEREST,
                memo=credited.memo,
                actor=actor,
                lines=[
                    Line("savings_interest", debit=interest),
                    Line("term_deposits", credit=interest, party=member, memo=account.number),
                ],
            ),
        )
    total = account.balance
    memo = _("Term deposit %(number)s matured") % {"number": account.number}
    if total <= 0:
        _close(account, day)
        return account
    out = move_balance(
        account,
        kind=TransactionKind.TRANSFER_OUT,
        amount=total,
        date=day,
        source_type=MATURITY_SOURCE,
        source_id=str(account.pk),
        purpose=PURPOSE_MATURITY,
        memo=memo,
        actor=actor,
    )
    into = move_balance(
        target,
        kind=TransactionKind.TRANSFER_IN,
        amount=total,
        date=day,
        source_type=MATURITY_SOURCE,
        source_id=str(account.pk),
        purpose=f"{PURPOSE_MATURITY}.in",
        memo=memo,
        actor=actor,
    )
    entry = post(
        date=day,
        source=out,
        purpose=PURPOSE_MATURITY,
        memo=memo,
        actor=actor,
        lines=[
            Line("term_deposits", debit=total, party=member, memo=account.number),
            Line("voluntary_savings", credit=total, party=member, memo=target.number),
        ],
    )
    link_entry(out, entry)
    link_entry(into, entry)
    _close(account, day)
    _audit("savings.term_deposit_matured", actor, out)
    return account


@transaction.atomic
def close_term_deposit(
    *, account: SavingsAccount, date: datetime.date, actor=None, cash_account: str = "cash"
) -> SavingsAccount:
    """Close a term deposit. Before maturity: pay out the deposit less the early-withdrawal penalty
    (Dr Simpanan berjangka / Cr Kas, Cr Pendapatan denda), no interest. From maturity on: mature it
    (the money goes to simpanan sukarela, from where it can be withdrawn)."""
    account = locks.lock_savings_account(account.pk)
    _require_open(account)
    if account.kind != SavingsKind.TERM:
        raise coded_error("account", _("This is not a term deposit."), MemberErrorCode.WITHDRAWAL_NOT_ALLOWED)
    if date >= account.maturity_date:
        return mature_term_deposit(account, actor=actor)
    total = account.balance
    penalty = min(quantize_whole_rupiah(total * account.product.early_withdrawal_penalty_rate), total)
    memo = _("Early withdrawal of term deposit %(number)s") % {"number": account.number}
    movement = move_balance(
        account,
        kind=TransactionKind.WITHDRAWAL,
        amount=total,
        date=date,
        source_type=WITHDRAWAL_SOURCE,
        source_id=f"term-{account.pk}",
        purpose=PURPOSE_WITHDRAWAL,
        memo=memo,
        actor=actor,
    )
    lines = [Line("term_deposits", debit=total, party=account.member, memo=account.number)]
    if total - penalty > 0:
        lines.append(Line(cash_account, credit=total - penalty))
    if penalty > 0:
        lines.append(Line("penalty_income", credit=penalty, memo=_("Early withdrawal penalty")))
    link_entry(
        movement, post(date=date, source=movement, purpose=PURPOSE_WITHDRAWAL, memo=memo, actor=actor, lines=lines)
    )
    _close(account, date)
    _audit("savings.term_deposit_closed", actor, movement)
    return account
