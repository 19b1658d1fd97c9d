"""The monthly savings jobs (run by ``members.tasks`` for every active cooperative), each idempotent
per month: billing simpanan wajib and maturing term deposits (jasa simpanan on simpanan sukarela is
:mod:`members.savings.interest_run`)."""

from __future__ import annotations

import datetime

from django.db import transaction

from koperasi.ledger.fiscal import Month
from members.models import Member, MemberStatus
from members.savings.models import (
    AccountStatus,
    InterestPayout,
    MandatoryBill,
    SavingsAccount,
    SavingsKind,
)
from members.savings.products import product_of_kind
from members.savings.term_deposits import mature_term_deposit, pay_monthly_interest


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


def mature_term_deposits(until: datetime.date, actor=None) -> int:
    """Pay the monthly interest of deposits that pay monthly, and mature every open term deposit whose
    maturity date is on or before ``until`` (a deposit placed again and due again by ``until`` — a job
    catching up — matures again). Returns the number of maturities."""
    deposits = SavingsAccount.objects.filter(kind=SavingsKind.TERM, status=AccountStatus.OPEN)
    for account in deposits.filter(interest_payout=InterestPayout.MONTHLY).order_by("pk"):
        pay_monthly_interest(account, until=until, actor=actor)
    count = 0
    while due := list(deposits.filter(maturity_date__lte=until).order_by("pk")):
        for account in due:
            mature_term_deposit(account, actor=actor)
            count += 1
    return count
