"""The month's jasa simpanan on simpanan sukarela: gather each account's balances, let the pure
calculation (:mod:`members.savings.interest`) work out the interest by the product's conventions and
the withholding tax per member, then write it all at once.

Per product and month, one entry ``savings.interest``: Dr Beban jasa simpanan (gross) / Cr Simpanan
sukarela (net, a line per member) / Cr Hutang pajak PPh (tax withheld); and, when the product charges
an administration fee, one entry ``savings.admin_fee``: Dr Simpanan sukarela (a line per member) /
Cr Pendapatan administrasi. Each account gets a movement for the interest, the tax and the fee, so the
member's statement shows all three.

The writes are set-based (one insert of the movements, one update of the balances): a cooperative
with 100.000 accounts is credited within the job's budget (bench/savings_interest.py,
docs/performance.md).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from koperasi.ledger.fiscal import Month
from koperasi.ledger.selectors import entry_for_source
from koperasi.ledger.services import Line
from members import locks
from members.savings.interest import InterestOptions, MonthInterest, month_interest
from members.savings.interest_tax import TaxRule, tax_rule_on, withhold_tax
from members.savings.models import (
    AccountStatus,
    SavingsAccount,
    SavingsKind,
    SavingsProduct,
    SavingsTaxRule,
    SavingsTransaction,
    TransactionKind,
)
from members.savings.movements import INTEREST_SOURCE, PURPOSE_INTEREST, ZERO, post

PURPOSE_TAX = "savings.interest_tax"
PURPOSE_ADMIN_FEE = "savings.admin_fee"


def tax_rules() -> list[TaxRule]:
    """The cooperative's dated withholding rules on jasa simpanan."""
    return [
        TaxRule(effective_from=row.effective_from, rate=row.rate, threshold=row.threshold)
        for row in SavingsTaxRule.objects.order_by("effective_from")
    ]


def opening_balances(accounts: QuerySet, day: datetime.date) -> dict[int, Decimal]:
    """Each account's balance at the start of ``day`` (one query)."""
    last = SavingsTransaction.objects.filter(account_id=OuterRef("pk"), date__lt=day).order_by("-date", "-id")
    rows = accounts.annotate(opening=Subquery(last.values("balance_after")[:1])).values_list("pk", "opening")
    return {pk: opening or ZERO for pk, opening in rows}


def month_movements(accounts: QuerySet, month: Month) -> dict[int, tuple[list[datetime.date], list[Decimal]]]:
    """Each account's month as two lists in order, the dates and the balances after: one row per account
    (a month may hold millions of movements; a row each took twice as long to read)."""
    ids_sql, ids_params = accounts.values("pk").query.sql_with_params()
    sql = (
        "SELECT account_id, array_agg(date ORDER BY date, id), array_agg(balance_after ORDER BY date, id)"
        " FROM members_savingstransaction WHERE date BETWEEN %s AND %s AND account_id IN ("
        + ids_sql
        + ") GROUP BY account_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [month.first_day, month.last_day, *ids_params])
        return {account_id: (days, afters) for account_id, days, afters in cursor}


def account_interest(
    opened_on: datetime.date,
    month: Month,
    opening: Decimal,
    movements: Iterable[tuple[datetime.date, Decimal]],
    options: InterestOptions,
    *,
    explain: bool = False,
) -> MonthInterest:
    """One account's month by its product's conventions (the account earns from the day it opened)."""
    return month_interest(
        year=month.year,
        month=month.month,
        opening_balance=opening,
        movements=movements,
        options=options,
        opened_on=opened_on if opened_on >= month.first_day else None,
        explain=explain,
    )


def explain_month(account: SavingsAccount, month: Month) -> MonthInterest | None:
    """How the account's jasa simpanan of ``month`` is (or would be) worked out, step by step: the same
    calculation the monthly job makes, with its explanation. None for a kind that earns none here."""
    product = account.product
    if account.kind != SavingsKind.VOLUNTARY or account.opened_on > month.last_day:
        return None
    accounts = SavingsAccount.objects.filter(pk=account.pk)
    days, afters = month_movements(accounts, month).get(account.pk, ((), ()))
    opening = opening_balances(accounts, month.first_day)[account.pk]
    movements = zip(days, afters, strict=True)
    return account_interest(account.opened_on, month, opening, movements, product.interest_options(), explain=True)


@dataclass
class _Credit:
    """One account's month: what it holds (locked), and its interest, tax and fee."""

    account_id: int
    member_id: int
    balance: Decimal
    gross: Decimal
    tax: Decimal = ZERO
    fee: Decimal = ZERO

    @property
    def member(self) -> tuple[str, int]:
        return "members.Member", self.member_id


def credit_savings_interest(month: Month, actor=None) -> int:
    """Credit the month's jasa simpanan (less the tax withheld, and the admin fee charged) to every open
    sukarela account, in one transaction. Returns the number of accounts credited; a product already
    credited for the month is skipped, so a second run changes nothing."""
    with transaction.atomic():
        products = [
            product
            for product in SavingsProduct.objects.filter(kind=SavingsKind.VOLUNTARY).order_by("pk")
            if (product.interest_rate > 0 or product.rate_tiers or product.admin_fee > 0)
            and entry_for_source(INTEREST_SOURCE, _product_key(month, product), PURPOSE_INTEREST) is None
            and entry_for_source(INTEREST_SOURCE, _product_key(month, product), PURPOSE_ADMIN_FEE) is None
        ]
        credits = _compute(products, month)
        _withhold(credits, tax_rule_on(tax_rules(), month.last_day))
        for product in products:
            _write(product, credits.get(product.pk, []), month, actor)
        return sum(1 for rows in credits.values() for row in rows if row.gross > 0)


def _product_key(month: Month, product: SavingsProduct) -> str:
    return f"{month}:product-{product.pk}"


def _compute(products: list[SavingsProduct], month: Month) -> dict[int, list[_Credit]]:
    """Each product's accounts locked, their balances read (two queries), each account's interest."""
    credits: dict[int, list[_Credit]] = {}
    for product in products:
        which = {"product": product, "status": AccountStatus.OPEN, "opened_on__lte": month.last_day}
        locked = locks.lock_savings_balances(**which)
        accounts = SavingsAccount.objects.filter(**which)
        opening, moves = opening_balances(accounts, month.first_day), month_movements(accounts, month)
        options, rows = product.interest_options(), []
        for pk, member_id, balance, opened_on in locked:
            days, afters = moves.get(pk, ((), ()))
            interest = account_interest(opened_on, month, opening[pk], zip(days, afters, strict=True), options)
            rows.append(_Credit(pk, member_id, balance, interest.gross, fee=product.admin_fee))
        credits[product.pk] = rows
    return credits


def _withhold(credits: dict[int, list[_Credit]], rule: TaxRule | None) -> None:
    """The tax is per member and month over all their sukarela accounts (the threshold is the member's)."""
    by_member: dict[int, list[_Credit]] = defaultdict(list)
    for rows in credits.values():
        for credit in rows:
            if credit.gross > 0:
                by_member[credit.member_id].append(credit)
    for rows in by_member.values():
        withheld = withhold_tax([credit.gross for credit in rows], rule, explain=False)
        for credit, tax in zip(rows, withheld.taxes, strict=True):
            credit.tax = tax


def _write(product: SavingsProduct, credits: list[_Credit], month: Month, actor) -> None:
    """Post the product's entries, then write every movement and balance in one statement each."""
    day, source = month.last_day, (INTEREST_SOURCE, _product_key(month, product))
    movements: list[tuple[_Credit, str, Decimal, str]] = []
    interest_lines, fee_lines = [], []
    for credit in credits:
        number = SavingsAccount.number_of(credit.account_id)
        if credit.gross > 0:
            movements.append((credit, TransactionKind.INTEREST, credit.gross, PURPOSE_INTEREST))
            interest_lines.append(
                Line("voluntary_savings", credit=credit.gross - credit.tax, party=credit.member, memo=number)
            )
        if credit.tax > 0:
            movements.append((credit, TransactionKind.TAX, credit.tax, PURPOSE_TAX))
        fee = min(credit.fee, credit.balance + credit.gross - credit.tax)
        if fee > 0:
            movements.append((credit, TransactionKind.ADMIN_FEE, fee, PURPOSE_ADMIN_FEE))
            fee_lines.append(Line("voluntary_savings", debit=fee, party=credit.member, memo=number))
    entries = {}
    if interest_lines:
        gross = sum((credit.gross for credit in credits), ZERO)
        tax = sum((credit.tax for credit in credits), ZERO)
        lines = [Line("savings_interest", debit=gross), *interest_lines]
        if tax > 0:
            lines.append(Line("tax_payable", credit=tax, memo=_("PPh on jasa simpanan %(month)s") % {"month": month}))
        entries[PURPOSE_INTEREST] = entries[PURPOSE_TAX] = post(
            date=day,
            source=source,
            purpose=PURPOSE_INTEREST,
            memo=_("Interest on %(product)s, %(month)s") % {"product": product.name, "month": month},
            actor=actor,
            lines=lines,
        )
    if fee_lines:
        total = sum((line.debit for line in fee_lines), ZERO)
        entries[PURPOSE_ADMIN_FEE] = post(
            date=day,
            source=source,
            purpose=PURPOSE_ADMIN_FEE,
            memo=_("Administration fee of %(product)s, %(month)s") % {"product": product.name, "month": month},
            actor=actor,
            lines=[*fee_lines, Line("admin_fee_income", credit=total)],
        )
    _insert_movements(product.cooperative_id, movements, entries, month, actor)


_MEMOS = {
    PURPOSE_INTEREST: gettext_noop("Interest %(month)s"),
    PURPOSE_TAX: gettext_noop("Tax on interest %(month)s"),
    PURPOSE_ADMIN_FEE: gettext_noop("Administration fee %(month)s"),
}
# The month's movements as arrays unnested by PostgreSQL, and the balances moved by their sum: through the
# ORM (a model per movement, then bulk_create) this was half the job's time (bench/savings_interest.py).
_INSERT = """
INSERT INTO members_savingstransaction (cooperative_id, account_id, kind, amount, balance_after, date, memo,
                                        source_type, source_id, purpose, journal_entry_id, created_by_id, created_at)
SELECT %(cooperative)s, account, kind, amount, after, %(date)s, memo, %(source_type)s, %(month)s || ':' || account,
       purpose, entry, %(created_by)s, now()
  FROM unnest(%(accounts)s::bigint[], %(kinds)s::text[], %(amounts)s::numeric[], %(afters)s::numeric[],
              %(memos)s::text[], %(purposes)s::text[], %(entries)s::bigint[])
       AS row (account, kind, amount, after, memo, purpose, entry)
"""
_MOVE = """
UPDATE members_savingsaccount AS account SET balance = account.balance + delta.amount
  FROM unnest(%s::bigint[], %s::numeric[]) AS delta (id, amount) WHERE account.id = delta.id
"""


def _insert_movements(cooperative_id: int, movements, entries: dict, month: Month, actor) -> None:
    if not movements:
        return
    columns: dict[str, list] = defaultdict(list)
    deltas: dict[int, Decimal] = defaultdict(lambda: ZERO)
    memos = {purpose: _(text) % {"month": month} for purpose, text in _MEMOS.items()}
    for credit, kind, amount, purpose in movements:
        signed = amount if kind == TransactionKind.INTEREST else -amount
        credit.balance += signed
        deltas[credit.account_id] += signed
        for name, value in (("accounts", credit.account_id), ("kinds", str(kind)), ("amounts", amount),
                            ("afters", credit.balance), ("memos", memos[purpose]), ("purposes", purpose),
                            ("entries", entries[purpose].pk)):  # fmt: skip
            columns[name].append(value)
    created_by = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    with connection.cursor() as cursor:
        cursor.execute(_INSERT, {"cooperative": cooperative_id, "date": month.last_day, "month": str(month),
                                 "source_type": INTEREST_SOURCE, "created_by": created_by, **columns})  # fmt: skip
        cursor.execute(_MOVE, [list(deltas), list(deltas.values())])
