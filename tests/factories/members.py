"""Members: create inside a cooperative's context (``with cooperative_context(coop.pk): MemberFactory()``)."""

import datetime
from decimal import Decimal

import factory

from members import locks, services
from members.credit_lines.models import CreditLine, CreditLineMovement
from members.loans.models import Loan, LoanInstallment, LoanProduct, LoanRepayment
from members.models import Member, MemberSequence, MemberStatus, Occupation, Sex
from members.savings.models import (
    MandatoryBill,
    SavingsAccount,
    SavingsKind,
    SavingsProduct,
    SavingsTaxRule,
    SavingsTransaction,
)
from members.validators import make_nik
from tests.factories.accounts import UserFactory


def _birth_date(n: int) -> datetime.date:
    return datetime.date(1960, 1, 1) + datetime.timedelta(days=(n * 97) % 14_000)


class MemberFactory(factory.django.DjangoModelFactory):
    """A prospective member with a valid NIK (Jawa Barat, Kab. Bandung) that agrees with the birth
    date and sex; the number comes from the cooperative's sequence, as the service gives it."""

    class Meta:
        model = Member

    name = factory.Faker("name", locale="id_ID")
    sex = factory.Sequence(lambda n: Sex.FEMALE if n % 2 else Sex.MALE)
    birth_date = factory.Sequence(_birth_date)
    nik = factory.LazyAttributeSequence(
        lambda member, n: make_nik("320410", member.birth_date, member.sex, n % 9999 + 1)
    )
    address = factory.Faker("address", locale="id_ID")
    phone = factory.Sequence(lambda n: f"0812{n:08d}")
    occupation = Occupation.FARMER
    join_date = datetime.date(2020, 1, 15)
    status = MemberStatus.CANDIDATE
    member_no = factory.LazyFunction(lambda: services.allocate_member_numbers(1)[0])


class ActiveMemberFactory(MemberFactory):
    status = MemberStatus.MEMBER
    admitted_on = datetime.date(2020, 2, 1)


class MemberSequenceFactory(factory.django.DjangoModelFactory):
    """The cooperative's member-number sequence row (one per cooperative: made once, then reused)."""

    class Meta:
        model = MemberSequence

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return locks.lock_member_sequence()


# --- savings and loans ------------------------------------------------------------------------
# Rows that carry money are made through the services, as the application makes them, so the
# ledger and the balances agree.

DAY = datetime.date(2026, 1, 10)


def seeded_product(kind: str) -> SavingsProduct:
    return (
        SavingsProduct.objects.get(kind=kind)
        if kind in ("pokok", "wajib")
        else SavingsProduct.objects.filter(kind=kind).order_by("pk").first()
    )


def maker_and_checker():
    return UserFactory(), UserFactory()


class SavingsProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavingsProduct

    code = factory.Sequence(lambda n: f"sukarela-{n}")
    name = factory.Sequence(lambda n: f"Tabungan {n}")
    kind = SavingsKind.VOLUNTARY
    amount = Decimal("0")
    interest_rate = Decimal("0.03")


class SavingsAccountFactory(factory.django.DjangoModelFactory):
    """An open simpanan sukarela account of a new member (no money yet)."""

    class Meta:
        model = SavingsAccount

    member = factory.SubFactory(ActiveMemberFactory)
    product = factory.LazyFunction(lambda: seeded_product(SavingsKind.VOLUNTARY))
    kind = factory.LazyAttribute(lambda account: account.product.kind)
    opened_on = DAY


def funded_account(amount="500000.00", *, member=None, kind=SavingsKind.VOLUNTARY, day=DAY) -> SavingsAccount:
    """A member's account of ``kind`` with one cash deposit of ``amount``."""
    from members.savings import services as savings
    from members.savings.products import account_for

    member = member or ActiveMemberFactory()
    account = account_for(member, kind, opened_on=day)
    savings.deposit(account=account, amount=Decimal(amount), date=day)
    account.refresh_from_db()
    return account


class SavingsTransactionFactory(factory.django.DjangoModelFactory):
    """A cash deposit into a new member's simpanan sukarela (posted to the ledger)."""

    class Meta:
        model = SavingsTransaction

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return funded_account().transactions.get()


class MandatoryBillFactory(factory.django.DjangoModelFactory):
    """This month's simpanan wajib bill of a new member."""

    class Meta:
        model = MandatoryBill

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from members.savings.products import account_for

        member = ActiveMemberFactory()
        product = seeded_product(SavingsKind.MANDATORY)
        account = account_for(member, SavingsKind.MANDATORY, opened_on=DAY)
        return MandatoryBill.objects.create(
            member=member, account=account, month=datetime.date(2026, 1, 1), amount=product.amount
        )


class LoanProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoanProduct

    code = factory.Sequence(lambda n: f"produk-{n}")
    name = factory.Sequence(lambda n: f"Pinjaman {n}")
    interest_method = "flat"
    rate = Decimal("0.01")
    rate_period = "month"
    min_term_periods = 1
    max_term_periods = 36
    min_amount = Decimal("0")
    admin_fee_rate = Decimal("0.01")
    provision_rate = Decimal("0")
    penalty_rate_per_day = Decimal("0.001")


class LoanFactory(factory.django.DjangoModelFactory):
    """An application (status applied) of 1,200,000 over 12 months by a new member."""

    class Meta:
        model = Loan

    @classmethod
    def _create(cls, model_class, *args, amount="1200000.00", term_periods=12, product=None, member=None, **kwargs):
        from members.loans import services as loans

        return loans.apply_for_loan(
            actor=kwargs.get("maker") or UserFactory(),
            member=member or ActiveMemberFactory(),
            product=product or LoanProductFactory(),
            amount=Decimal(amount),
            term_periods=term_periods,
            applied_on=kwargs.get("applied_on", DAY),
            purpose="Modal usaha",
        )


def disbursed_loan(amount="1200000.00", term_periods=12, *, on=DAY, first_due_date=None, **kwargs) -> Loan:
    """An approved (by another user) and disbursed loan with its stored schedule."""
    from members.loans import services as loans

    maker, checker = maker_and_checker()
    loan = LoanFactory(amount=amount, term_periods=term_periods, maker=maker, applied_on=on, **kwargs)
    loans.approve_loan(actor=checker, loan=loan, on=on)
    return loans.disburse_loan(actor=maker, loan=loan, on=on, first_due_date=first_due_date)


class LoanInstallmentFactory(factory.django.DjangoModelFactory):
    """The first instalment of a freshly disbursed loan."""

    class Meta:
        model = LoanInstallment

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return disbursed_loan().installments.order_by("number").first()


class LoanRepaymentFactory(factory.django.DjangoModelFactory):
    """A cash repayment of the first instalment of a freshly disbursed loan."""

    class Meta:
        model = LoanRepayment

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from members.loans.repayments import repay_loan

        loan = disbursed_loan()
        first = loan.installments.order_by("number").first()
        return repay_loan(actor=None, loan=loan, amount=first.total, date=first.due_date)


class SavingsTaxRuleFactory(factory.django.DjangoModelFactory):
    """A later withholding rule (a cooperative is seeded with PP 15/2009's from 2009)."""

    class Meta:
        model = SavingsTaxRule

    effective_from = factory.Sequence(lambda n: datetime.date(2030, 1, 1) + datetime.timedelta(days=n))
    rate = Decimal("0.20")
    threshold = Decimal("0")


class CreditLineFactory(factory.django.DjangoModelFactory):
    """A new member's credit line of Rp 5.000.000 at 18 % a year, opened on DAY, nothing drawn."""

    class Meta:
        model = CreditLine

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from members.credit_lines.services import open_credit_line

        return open_credit_line(
            actor=UserFactory(), member=kwargs.get("member") or ActiveMemberFactory(), limit=Decimal("5000000"),
            rate=Decimal("0.18"), on=DAY,
        )  # fmt: skip


class CreditLineMovementFactory(factory.django.DjangoModelFactory):
    """A draw of Rp 1.000.000 from a new credit line (posted to the ledger)."""

    class Meta:
        model = CreditLineMovement

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from members.credit_lines.services import draw

        return draw(actor=None, line=CreditLineFactory(), amount=Decimal("1000000"), date=DAY)
