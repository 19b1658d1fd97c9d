"""Locking querysets of members, savings and loans, in the one lock order:

    the cooperative's member sequence row → member rows → savings account rows → loan rows
    → instalment rows (each by id ascending).

Registering a member takes the sequence row until commit, so member numbers have no gaps and two
registrations cannot take the same number. Every change of a savings balance locks the account row
first (``lock_savings_account``), so concurrent withdrawals see each other's result; the database's
``savings_balance_nonnegative`` check is the backstop. Loan repayments lock the loan row, then its
instalments."""

from __future__ import annotations

import datetime
from decimal import Decimal

from members.loans.models import Loan, LoanInstallment
from members.models import Member, MemberSequence
from members.savings.models import SavingsAccount


def lock_member_sequence() -> MemberSequence:
    """The cooperative's sequence row (created when missing), locked FOR UPDATE until commit."""
    MemberSequence.objects.get_or_create()
    return MemberSequence.objects.select_for_update().get()


def lock_member(pk: int) -> Member:
    return Member.objects.select_for_update().get(pk=pk)


def lock_members(pks) -> list[Member]:
    return list(Member.objects.select_for_update().filter(pk__in=pks).order_by("pk"))


def lock_savings_account(pk: int) -> SavingsAccount:
    return SavingsAccount.objects.select_for_update(of=("self",)).select_related("product", "member").get(pk=pk)


def lock_savings_accounts(pks) -> list[SavingsAccount]:
    rows = SavingsAccount.objects.select_for_update(of=("self",)).select_related("product", "member")
    return list(rows.filter(pk__in=pks).order_by("pk"))


def lock_savings_balances(**filters) -> list[tuple[int, int, Decimal, datetime.date]]:
    """(id, member id, balance, opened on) of the matching savings accounts, locked in id order — for a
    job that moves a whole product's balances at once (jasa simpanan) and needs no more of each row."""
    rows = SavingsAccount.objects.select_for_update().filter(**filters).order_by("pk")
    return list(rows.values_list("pk", "member_id", "balance", "opened_on"))


def lock_loan(pk: int) -> Loan:
    return Loan.objects.select_for_update(of=("self",)).select_related("product", "member").get(pk=pk)


def lock_loans(pks) -> list[Loan]:
    rows = Loan.objects.select_for_update(of=("self",)).select_related("product", "member")
    return list(rows.filter(pk__in=pks).order_by("pk"))


def lock_installments(loan_id: int) -> list[LoanInstallment]:
    return list(LoanInstallment.objects.select_for_update().filter(loan_id=loan_id).order_by("pk"))
