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
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from koperasi.ledger.fiscal import Month
from koperasi.ledger.selectors import entry_for_source
from koperasi.ledger.services import Line
from members import locks
from members.savings.interest import MonthInterest, month_interest
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


def opening_balances(account_ids: list[int], day: datetime.date) -> dict[int, Decimal]:
    """Each account's balance at the start of ``day`` (one query)."""
    last = SavingsTransaction.objects.filter(account_id=OuterRef("pk"), date__lt=day).order_by("-date", "-id")
    rows = SavingsAccount.objects.filter(pk__in=account_ids).annotate(
        opening=Subquery(last.values("balance_after")[:1])
    )
    return {pk: opening or ZERO for pk, opening in rows.values_list("pk", "opening")}


def month_movements(account_ids: list[int], month: Month) -> dict[int, list[tuple[datetime.date, Decimal]]]:
    """Each account's (date, balance after) in the month, in order (streamed: a month may hold millions)."""
    moves: dict[int, list[tuple[datetime.date, Decimal]]] = defaultdict(list)
    rows = (
        SavingsTransaction.objects.filter(
            account_id__in=account_ids, date__gte=month.first_day, date__lte=month.last_day
        )
        .order_by("account_id", "date", "id")
        .values_list("account_id", "date", "balance_after")
    )
    for account_id, day, after in rows.iterator(chunk_size=20_000):
        moves[account_id].append((day, after))
    return moves


def account_interest(
    account: SavingsAccount,
    month: Month,
    opening: Decimal,
    movements: list[tuple[datetime.date, Decimal]],
    product: SavingsProduct,
) -> MonthInterest:
    """One account's month by its product's conventions (the account earns from the day it opened)."""
    opened = account.opened_on if account.opened_on >= month.first_day else None
    return month_interest(
        year=month.year,
        month=month.month,
        opening_balance=opening,
        movements=movements,
        options=product.interest_options(),
        opened_on=opened,
    )


def _member(account: SavingsAccount) -> tuple[str, int]:
    return "members.Member", account.member_id


@dataclass
class _Credit:
    account: SavingsAccount
    gross: Decimal
    tax: Decimal = ZERO
    fee: Decimal = ZERO


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
    credits: dict[int, list[_Credit]] = {}
    for product in products:
        ids = list(
            SavingsAccount.objects.filter(
                product=product, status=AccountStatus.OPEN, opened_on__lte=month.last_day
            ).values_list("pk", flat=True)
        )
        accounts = locks.lock_savings_accounts(ids)
        opening, moves = opening_balances(ids, month.first_day), month_movements(ids, month)
        credits[product.pk] = [
            _Credit(
                account, account_interest(account, month, opening[account.pk], moves.get(account.pk, []), product).gross
            )
            for account in accounts
        ]
        if product.admin_fee > 0:
            for credit in credits[product.pk]:
                credit.fee = product.admin_fee
    return credits


def _withhold(credits: dict[int, list[_Credit]], rule: TaxRule | None) -> None:
    """The tax is per member and month over all their sukarela accounts (the threshold is the member's)."""
    by_member: dict[int, list[_Credit]] = defaultdict(list)
    for rows in credits.values():
        for credit in rows:
            if credit.gross > 0:
                by_member[credit.account.member_id].append(credit)
    for rows in by_member.values():
        withheld = withhold_tax([credit.gross for credit in rows], rule)
        for credit, tax in zip(rows, withheld.taxes, strict=True):
            credit.tax = tax


def _write(product: SavingsProduct, credits: list[_Credit], month: Month, actor) -> None:
    """Post the product's entries, then write every movement and balance in one statement each."""
    day, source = month.last_day, (INTEREST_SOURCE, _product_key(month, product))
    movements: list[tuple[SavingsAccount, str, Decimal, str]] = []
    interest_lines, fee_lines = [], []
    for credit in credits:
        account = credit.account
        if credit.gross > 0:
            movements.append((account, TransactionKind.INTEREST, credit.gross, PURPOSE_INTEREST))
            interest_lines.append(
                Line(
                    "voluntary_savings",
                    credit=credit.gross - credit.tax,
                    party=_member(account),
                    memo=account.number,
                )
            )
        if credit.tax > 0:
            movements.append((account, TransactionKind.TAX, credit.tax, PURPOSE_TAX))
        fee = min(credit.fee, account.balance + credit.gross - credit.tax)
        if fee > 0:
            movements.append((account, TransactionKind.ADMIN_FEE, fee, PURPOSE_ADMIN_FEE))
            fee_lines.append(Line("voluntary_savings", debit=fee, party=_member(account), memo=account.number))
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
    _insert_movements(movements, entries, month, actor)


_MEMOS = {
    PURPOSE_INTEREST: gettext_noop("Interest %(month)s"),
    PURPOSE_TAX: gettext_noop("Tax on interest %(month)s"),
    PURPOSE_ADMIN_FEE: gettext_noop("Administration fee %(month)s"),
}


def _insert_movements(
    movements: Iterable[tuple[SavingsAccount, str, Decimal, str]], entries: dict, month: Month, actor
) -> None:
    rows, deltas = [], defaultdict(lambda: ZERO)
    created_by = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    for account, kind, amount, purpose in movements:
        signed = amount if kind == TransactionKind.INTEREST else -amount
        account.balance += signed
        deltas[account.pk] += signed
        rows.append(
            SavingsTransaction(
                cooperative_id=account.cooperative_id,
                account=account,
                kind=kind,
                amount=amount,
                balance_after=account.balance,
                date=month.last_day,
                memo=_(_MEMOS[purpose]) % {"month": month},
                source_type=INTEREST_SOURCE,
                source_id=f"{month}:{account.pk}",
                purpose=purpose,
                journal_entry=entries[purpose],
                created_by=created_by,
            )
        )
    SavingsTransaction.objects.bulk_create(rows, batch_size=5_000)
    if deltas:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE members_savingsaccount AS account SET balance = account.balance + delta.amount"
                " FROM unnest(%s::bigint[], %s::numeric[]) AS delta (id, amount) WHERE account.id = delta.id",
                [list(deltas), list(deltas.values())],
            )
