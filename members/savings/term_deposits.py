"""Term deposits (simpanan berjangka / khusus): placing one, paying its interest (every month or at
maturity, less the withholding tax), maturing it (paid out to the member's simpanan sukarela, or placed
again: principal only, or principal and interest — ARO) and closing it early (with the product's
early-withdrawal penalty, no interest). A deposit keeps the rate, term, payout and rollover agreed
when it was placed; the interest is the pure :func:`members.savings.interest.period_interest`.

Entries: placing Dr Kas / Cr Simpanan berjangka; interest Dr Beban jasa simpanan / Cr Simpanan
berjangka (at maturity, kept in the deposit) or Cr Simpanan sukarela (paid out), Cr Hutang pajak PPh
(the tax); maturity Dr Simpanan berjangka / Cr Simpanan sukarela; early close Dr Simpanan berjangka /
Cr Kas, Cr Pendapatan denda (the penalty).
"""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.ledger.services import Line
from koperasi.money import quantize_whole_rupiah
from members import locks
from members.error_codes import MemberErrorCode, coded_error
from members.loans.periods import add_months
from members.models import Member
from members.savings.interest import InterestOptions, MonthInterest, period_interest
from members.savings.interest_run import PURPOSE_TAX, tax_rules
from members.savings.interest_tax import tax_rule_on, withhold_tax
from members.savings.models import (
    AccountStatus,
    InterestPayout,
    Rollover,
    SavingsAccount,
    SavingsKind,
    SavingsProduct,
    TransactionKind,
)
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
        term_started_on=date,
        interest_payout=product.interest_payout,
        rollover=product.rollover,
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


def _interest_options(account: SavingsAccount) -> InterestOptions:
    """The product's conventions (days, rounding) at the rate agreed when the deposit was placed."""
    return dataclasses.replace(
        account.product.interest_options(),
        rate=account.interest_rate or ZERO,
        tiers=(),
        minimum_balance=ZERO,
        admin_fee=ZERO,
    )


def term_deposit_interest(account: SavingsAccount, start: datetime.date, end: datetime.date) -> MonthInterest:
    """The interest of the deposit's principal from ``start`` to ``end`` (end exclusive), by the pure
    calculation with the product's conventions: a month's at rate / 12 by default, the whole term's at
    maturity (principal × rate × months / 12)."""
    return period_interest(balance=account.balance, start=start, end=end, options=_interest_options(account))


def _term_start(account: SavingsAccount) -> datetime.date:
    return account.term_started_on or account.opened_on


def _pay_interest(account: SavingsAccount, target: SavingsAccount, start, end, *, actor) -> Decimal:
    """Work out the interest from ``start`` to ``end``, withhold the tax, and credit the net amount to
    ``target`` (the deposit itself, or the member's simpanan sukarela): Dr Beban jasa simpanan (gross) /
    Cr the target's account (net), Cr Hutang pajak PPh (tax). Returns the net amount credited."""
    gross = term_deposit_interest(account, start, end).gross
    if gross <= 0:
        return ZERO
    tax = withhold_tax([gross], tax_rule_on(tax_rules(), end)).tax_total
    source_id, member = f"{account.pk}:{end.isoformat()}", account.member
    memo = _("Interest on term deposit %(number)s to %(day)s") % {"number": account.number, "day": end}
    credited = move_balance(
        target,
        kind=TransactionKind.INTEREST,
        amount=gross,
        date=end,
        source_type=MATURITY_SOURCE,
        source_id=source_id,
        purpose=PURPOSE_INTEREST,
        memo=memo,
        actor=actor,
    )
    lines = [Line("savings_interest", debit=gross), Line(target.product.ledger_key, credit=gross - tax, party=member)]
    movements = [credited]
    if tax > 0:
        lines.append(Line("tax_payable", credit=tax, memo=account.number))
        movements.append(
            move_balance(
                target,
                kind=TransactionKind.TAX,
                amount=tax,
                date=end,
                source_type=MATURITY_SOURCE,
                source_id=source_id,
                purpose=PURPOSE_TAX,
                memo=memo,
                actor=actor,
            )
        )
    entry = post(date=end, source=credited, purpose=PURPOSE_INTEREST, memo=memo, actor=actor, lines=lines)
    for movement in movements:
        link_entry(movement, entry)
    return gross - tax


def _locked_pair(account: SavingsAccount) -> tuple[SavingsAccount, SavingsAccount]:
    """The deposit and the member's simpanan sukarela, locked in id order."""
    target_id = _voluntary_account(account.member, create_on=account.maturity_date).pk
    rows = {row.pk: row for row in locks.lock_savings_accounts([account.pk, target_id])}
    return rows[account.pk], rows[target_id]


@transaction.atomic
def pay_monthly_interest(account: SavingsAccount, *, until: datetime.date, actor=None) -> int:
    """A deposit paying interest monthly: pay every whole month of the current term that ended by
    ``until`` and is not paid yet, to the member's simpanan sukarela. Returns the months paid."""
    current = SavingsAccount.objects.select_related("member", "product").get(pk=account.pk)
    if current.status != AccountStatus.OPEN or current.interest_payout != InterestPayout.MONTHLY:
        return 0
    account, target = _locked_pair(current)
    account.product, account.member = current.product, current.member
    paid = 0
    start = account.interest_paid_until or _term_start(account)
    while True:
        months = _months_between(_term_start(account), start) + 1
        end = min(add_months(_term_start(account), months), account.maturity_date)
        if end > until or end <= start:
            break
        _pay_interest(account, target, start, end, actor=actor)
        start, paid = end, paid + 1
    if paid:
        account.interest_paid_until = start
        SavingsAccount.objects.filter(pk=account.pk).update(interest_paid_until=start)
    return paid


def _months_between(start: datetime.date, day: datetime.date) -> int:
    """Whole months from ``start`` to ``day`` (as anniversaries of ``start``)."""
    months = (day.year - start.year) * 12 + day.month - start.month
    return months if add_months(start, months) <= day else months - 1


@transaction.atomic
def mature_term_deposit(account: SavingsAccount, *, actor=None) -> SavingsAccount:
    """At maturity: the interest not yet paid (the whole term's, or a monthly payer's last part), less
    the tax; then, by the deposit's rollover: paid out — principal and interest to the member's simpanan
    sukarela and the deposit closed (Dr Simpanan berjangka / Cr Simpanan sukarela); principal placed
    again — interest to simpanan sukarela, the deposit runs another term; or principal and interest
    placed again (ARO) — interest added to the deposit, another term. Running it again does nothing."""
    current = SavingsAccount.objects.select_related("member", "product").get(pk=account.pk)
    if current.status != AccountStatus.OPEN or current.kind != SavingsKind.TERM:
        return current
    account, target = _locked_pair(current)
    account.product, account.member = current.product, current.member
    if account.status != AccountStatus.OPEN:
        return account
    day, member = account.maturity_date, account.member
    start = account.interest_paid_until or _term_start(account)
    into_deposit = account.rollover in {Rollover.NONE, Rollover.PRINCIPAL_AND_INTEREST}
    if start < day:
        _pay_interest(account, account if into_deposit else target, start, day, actor=actor)
    if account.rollover != Rollover.NONE:
        account.term_started_on, account.interest_paid_until = day, None
        account.maturity_date = add_months(day, account.term_months)
        account.save(update_fields=["term_started_on", "interest_paid_until", "maturity_date"])
        _audit_rollover(account, actor)
        return account
    total = account.balance
    memo = _("Term deposit %(number)s matured") % {"number": account.number}
    if total <= 0:
        _close(account, day)
        return account
    source_id = f"{account.pk}:{day.isoformat()}"
    out = move_balance(
        account,
        kind=TransactionKind.TRANSFER_OUT,
        amount=total,
        date=day,
        source_type=MATURITY_SOURCE,
        source_id=source_id,
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
        source_id=source_id,
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


def _audit_rollover(account: SavingsAccount, actor) -> None:
    record_event(
        "savings.term_deposit_rolled_over",
        actor=actor,
        cooperative_id=account.cooperative_id,
        obj=account,
        after={
            "rollover": account.rollover,
            "balance": str(account.balance),
            "term_started_on": account.term_started_on.isoformat(),
            "maturity_date": account.maturity_date.isoformat(),
        },
    )


def _close(account: SavingsAccount, day: datetime.date) -> None:
    account.status, account.closed_on = AccountStatus.CLOSED, day
    SavingsAccount.objects.filter(pk=account.pk).update(status=AccountStatus.CLOSED, closed_on=day)


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
