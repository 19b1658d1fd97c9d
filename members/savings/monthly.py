"""The monthly savings jobs (run by ``members.tasks`` for every active cooperative), each idempotent
per month: billing simpanan wajib, crediting jasa simpanan on simpanan sukarela, and maturing term
deposits."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from koperasi.ledger.fiscal import Month
from koperasi.ledger.selectors import entry_for_source
from koperasi.ledger.services import Line
from koperasi.money import quantize_whole_rupiah
from members import locks
from members.models import Member, MemberStatus
from members.savings.models import (
    AccountStatus,
    InterestBasis,
    MandatoryBill,
    SavingsAccount,
    SavingsKind,
    SavingsProduct,
    SavingsTransaction,
    TransactionKind,
)
from members.savings.movements import INTEREST_SOURCE, PURPOSE_INTEREST, ZERO, move_balance, post
from members.savings.products import product_of_kind
from members.savings.term_deposits import mature_term_deposit


def bill_mandatory_savings(month: Month) -> int:
    """Bill the month's simpanan wajib to every member admitted by the month's end (once a month:
    ``mandatory_bill_once_a_month``). Returns the number of new bills."""
    product = product_of_kind(SavingsKind.MANDATORY)
    if product is None or product.amount <= 0:
        return 0
    with transaction.atomic():
        members = list(
            Member.objects.filter(status=MemberStatus.MEMBER, admitted_on__lte=month.last_day).values_list(
                "pk", "admitted_on"
            )
        )
        accounts = dict(
            SavingsAccount.objects.filter(product=product, member_id__in=[pk for pk, _day in members]).values_list(
                "member_id", "pk"
            )
        )
        missing = [
            SavingsAccount(member_id=pk, product=product, kind=product.kind, opened_on=admitted)
            for pk, admitted in members
            if pk not in accounts
        ]
        for account in missing:
            account.save()
            accounts[account.member_id] = account.pk
        before = MandatoryBill.objects.filter(month=month.first_day).count()
        MandatoryBill.objects.bulk_create(
            [
                MandatoryBill(
                    cooperative_id=product.cooperative_id,
                    member_id=pk,
                    account_id=accounts[pk],
                    month=month.first_day,
                    amount=product.amount,
                )
                for pk, _day in members
            ],
            ignore_conflicts=True,
        )
        return MandatoryBill.objects.filter(month=month.first_day).count() - before


def _opening_balances(account_ids, day: datetime.date) -> dict[int, Decimal]:
    """Each account's balance at the start of ``day`` (one query)."""
    last = SavingsTransaction.objects.filter(account_id=OuterRef("pk"), date__lt=day).order_by("-date", "-id")
    rows = SavingsAccount.objects.filter(pk__in=account_ids).annotate(
        opening=Subquery(last.values("balance_after")[:1])
    )
    return {pk: opening or ZERO for pk, opening in rows.values_list("pk", "opening")}


def interest_basis_balances(accounts: list[SavingsAccount], month: Month) -> dict[int, Decimal]:
    """The balance interest is paid on per account: the lowest balance of the month, or the sum of
    the end-of-day balances (for the daily method, divided by 365 with the yearly rate)."""
    ids = [account.pk for account in accounts]
    opening = _opening_balances(ids, month.first_day)
    moves: dict[int, list[tuple[datetime.date, Decimal]]] = defaultdict(list)
    rows = SavingsTransaction.objects.filter(
        account_id__in=ids, date__gte=month.first_day, date__lte=month.last_day
    ).order_by("account_id", "date", "id")
    for account_id, day, after in rows.values_list("account_id", "date", "balance_after"):
        moves[account_id].append((day, after))
    days = calendar.monthrange(month.year, month.month)[1]
    result = {}
    for account in accounts:
        balance, changes = opening[account.pk], moves.get(account.pk, [])
        if account.product.interest_basis == InterestBasis.MONTHLY_MINIMUM:
            result[account.pk] = min([balance, *(after for _day, after in changes)])
            continue
        end_of_day: dict[int, Decimal] = {}
        for day, after in changes:
            end_of_day[day.day] = after
        total = ZERO
        for day in range(1, days + 1):
            balance = end_of_day.get(day, balance)
            total += balance
        result[account.pk] = total
    return result


def monthly_interest(account: SavingsAccount, basis: Decimal, month: Month) -> Decimal:
    rate = account.product.interest_rate
    if account.product.interest_basis == InterestBasis.DAILY:
        return quantize_whole_rupiah(basis * rate / 365)
    return quantize_whole_rupiah(basis * rate / 12)


def credit_savings_interest(month: Month, actor=None) -> int:
    """Credit the month's jasa simpanan to every open sukarela account: one entry per product and
    month (Dr Beban jasa simpanan / Cr Simpanan sukarela, a line per member). Returns the number of
    accounts credited; a second run for the same month credits nothing."""
    credited = 0
    products = SavingsProduct.objects.filter(kind=SavingsKind.VOLUNTARY, interest_rate__gt=0).order_by("pk")
    for product in products:
        with transaction.atomic():
            source = (INTEREST_SOURCE, f"{month}:product-{product.pk}")
            if entry_for_source(*source, PURPOSE_INTEREST) is not None:
                continue
            ids = list(
                SavingsAccount.objects.filter(
                    product=product, status=AccountStatus.OPEN, opened_on__lte=month.last_day
                ).values_list("pk", flat=True)
            )
            accounts = locks.lock_savings_accounts(ids)
            bases = interest_basis_balances(accounts, month)
            movements, lines = [], []
            for account in accounts:
                interest = monthly_interest(account, bases[account.pk], month)
                if interest <= 0:
                    continue
                movement = move_balance(
                    account,
                    kind=TransactionKind.INTEREST,
                    amount=interest,
                    date=month.last_day,
                    source_type=INTEREST_SOURCE,
                    source_id=f"{month}:{account.pk}",
                    purpose=PURPOSE_INTEREST,
                    memo=_("Interest %(month)s") % {"month": month},
                    actor=actor,
                )
                movements.append(movement)
                lines.append(Line("voluntary_savings", credit=interest, party=account.member, memo=account.number))
            if not movements:
                continue
            total = sum((movement.amount for movement in movements), ZERO)
            entry = post(
                date=month.last_day,
                source=source,
                purpose=PURPOSE_INTEREST,
                memo=_("Interest on %(product)s, %(month)s") % {"product": product.name, "month": month},
                actor=actor,
                lines=[Line("savings_interest", debit=total), *lines],
            )
            SavingsTransaction.objects.filter(pk__in=[movement.pk for movement in movements]).update(
                journal_entry=entry
            )
            credited += len(movements)
    return credited


def mature_term_deposits(until: datetime.date, actor=None) -> int:
    """Mature every open term deposit whose maturity date is on or before ``until``."""
    due = SavingsAccount.objects.filter(
        kind=SavingsKind.TERM, status=AccountStatus.OPEN, maturity_date__lte=until
    ).order_by("pk")
    count = 0
    for account in list(due):
        mature_term_deposit(account, actor=actor)
        count += 1
    return count
