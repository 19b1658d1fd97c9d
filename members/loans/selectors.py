"""Reads of loans: lists with outstanding balances, a loan's position on a day, and the arrears report
(days past due and collectibility per loan, with the product's thresholds)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from members.loans.arrears import Owed, owed
from members.loans.disclosure import Disclosure, effective_annual_rate
from members.loans.models import Loan, LoanInstallment, LoanProduct, LoanRepayment, LoanStatus
from members.loans.schedule import Collectibility, Schedule, ScheduleError, classify_collectibility
from members.loans.terms import example_schedule, fee_amount, loan_schedule
from members.savings.models import AccountStatus
from members.savings.selectors import member_savings_summary

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=20, decimal_places=2)
COLLECTIBILITY_LABELS = [
    (Collectibility.CURRENT, _("Current (lancar)")),
    (Collectibility.SUBSTANDARD, _("Substandard (kurang lancar)")),
    (Collectibility.DOUBTFUL, _("Doubtful (diragukan)")),
    (Collectibility.LOSS, _("Loss (macet)")),
]


def collectibility_label(klass: Collectibility) -> str:
    return str(dict(COLLECTIBILITY_LABELS)[klass])


def with_outstanding(loans: QuerySet[Loan]) -> QuerySet[Loan]:
    """Annotate ``principal_outstanding`` (principal not yet repaid) in the same query."""
    remaining = (
        LoanInstallment.objects.filter(loan_id=OuterRef("pk"))
        .order_by()
        .values("loan_id")
        .annotate(total=Sum(F("principal") - F("principal_paid")))
        .values("total")[:1]
    )
    return loans.annotate(
        principal_outstanding=Coalesce(Subquery(remaining, output_field=MONEY), Value(ZERO), output_field=MONEY)
    )


def search_loans(q: str = "", status: str = "", product: str = "") -> QuerySet[Loan]:
    loans = Loan.objects.select_related("member", "product")
    text = " ".join((q or "").split())
    if text.isdigit():
        loans = loans.filter(Q(member__member_no=int(text)) | Q(pk=int(text)))
    elif text:
        loans = loans.filter(member__name__icontains=text)
    if status:
        loans = loans.filter(status=status)
    if product:
        loans = loans.filter(product__code=product)
    return with_outstanding(loans).order_by("-applied_on", "-pk")


def position(loan: Loan, on: datetime.date) -> Owed:
    """What the loan owes on ``on`` (penalty, due and later interest and principal, days past due)."""
    return owed(loan, list(loan.installments.order_by("number")), on)


def collectibility_of(loan: Loan, days_past_due: int) -> Collectibility:
    return classify_collectibility(days_past_due, loan.product.thresholds)


@dataclass
class ArrearsRow:
    loan: Loan
    days_past_due: int
    collectibility: Collectibility
    overdue_installments: int
    principal_overdue: Decimal
    interest_overdue: Decimal
    penalty: Decimal
    principal_outstanding: Decimal

    @property
    def collectibility_label(self) -> str:
        return collectibility_label(self.collectibility)

    @property
    def total_overdue(self) -> Decimal:
        return self.principal_overdue + self.interest_overdue + self.penalty


def arrears(on: datetime.date, *, member=None) -> list[ArrearsRow]:
    """Running loans with an instalment unpaid after its due date, most days past due first.

    Two queries whatever the number of loans: the running loans with their outstanding principal,
    and their instalments due before ``on`` that are not fully paid.
    """
    loans = with_outstanding(Loan.objects.filter(status=LoanStatus.DISBURSED).select_related("member", "product"))
    if member is not None:
        loans = loans.filter(member=member)
    by_id = {loan.pk: loan for loan in loans}
    overdue = defaultdict(list)
    rows = LoanInstallment.objects.filter(loan_id__in=list(by_id), due_date__lt=on, paid_on__isnull=True).order_by(
        "loan_id", "number"
    )
    for installment in rows:
        overdue[installment.loan_id].append(installment)
    report = []
    for loan_id, installments in overdue.items():
        loan = by_id[loan_id]
        position_ = owed(loan, installments, on)
        if position_.days_past_due <= 0:
            continue
        report.append(
            ArrearsRow(
                loan=loan,
                days_past_due=position_.days_past_due,
                collectibility=collectibility_of(loan, position_.days_past_due),
                overdue_installments=position_.overdue_installments,
                principal_overdue=position_.principal_due,
                interest_overdue=position_.interest_due,
                penalty=position_.penalty,
                principal_outstanding=loan.principal_outstanding,
            )
        )
    report.sort(key=lambda row: (-row.days_past_due, row.loan.pk))
    return report


def collectibility_summary(rows: list[ArrearsRow], on: datetime.date) -> list[dict]:
    """Outstanding principal per collectibility class (running loans without arrears are lancar)."""
    totals = {
        klass: {"class": klass, "label": collectibility_label(klass), "loans": 0, "outstanding": ZERO}
        for klass in Collectibility
    }
    in_arrears = set()
    for row in rows:
        totals[row.collectibility]["loans"] += 1
        totals[row.collectibility]["outstanding"] += row.principal_outstanding
        in_arrears.add(row.loan.pk)
    current = with_outstanding(Loan.objects.filter(status=LoanStatus.DISBURSED).exclude(pk__in=in_arrears))
    aggregate = current.aggregate(total=Sum("principal_outstanding"))
    totals[Collectibility.CURRENT]["loans"] += current.count()
    totals[Collectibility.CURRENT]["outstanding"] += aggregate["total"] or ZERO
    return list(totals.values())


def member_loans(member) -> QuerySet[Loan]:
    return with_outstanding(Loan.objects.filter(member=member).select_related("product")).order_by("-applied_on", "-pk")


def principal_left_after(repayment: LoanRepayment) -> Decimal:
    """The loan's principal still owed once this repayment and every earlier one are counted (what
    the repayment receipt shows as the remaining balance)."""
    paid = (
        LoanRepayment.objects.filter(loan_id=repayment.loan_id)
        .filter(Q(date__lt=repayment.date) | Q(date=repayment.date, pk__lte=repayment.pk))
        .aggregate(total=Sum("principal"))["total"]
    )
    return repayment.loan.amount - (paid or Decimal(0))


@dataclass(frozen=True)
class ApplicationReview:
    """What a manager weighs before approving an application: its schedule as it would run if
    disbursed today, the member's savings and their other loans."""

    schedule: Schedule
    disclosure: Disclosure
    savings_total: Decimal
    savings_accounts: list
    other_loans: list


def application_review(loan: Loan, today: datetime.date) -> ApplicationReview:
    savings = member_savings_summary(loan.member)
    others = with_outstanding(
        Loan.objects.filter(member=loan.member)
        .exclude(pk=loan.pk)
        .filter(status__in=[LoanStatus.APPLIED, LoanStatus.APPROVED, LoanStatus.DISBURSED])
        .select_related("product")
    ).order_by("-applied_on")
    schedule = loan_schedule(loan, disbursed_on=today)
    return ApplicationReview(
        schedule=schedule,
        disclosure=effective_annual_rate(schedule, loan.fees),
        savings_total=savings["open_total"],
        savings_accounts=[account for account in savings["accounts"] if account.status == AccountStatus.OPEN],
        other_loans=list(others),
    )


def next_instalments(loans) -> dict[int, LoanInstallment]:
    """Each loan's next unpaid instalment (its due date and what is due on it), by loan id, in one query."""
    rows = (
        LoanInstallment.objects.filter(loan__in=list(loans), paid_on__isnull=True)
        .order_by("loan_id", "number")
        .distinct("loan_id")
    )
    return {row.loan_id: row for row in rows}


@dataclass(frozen=True)
class ContractTerms:
    """What the loan contract (surat perjanjian pinjaman) states: the schedule — as stored, for a loan
    paid out; as if paid out on ``as_of`` otherwise — and the effective annual rate, fees included."""

    loan: Loan
    as_of: datetime.date
    schedule: Schedule
    disclosure: Disclosure


def contract_terms(loan: Loan, today: datetime.date) -> ContractTerms:
    if loan.disbursed_on is not None:
        as_of = loan.disbursed_on
        schedule = loan_schedule(loan, disbursed_on=as_of, first_due_date=loan.first_due_date)
    else:
        as_of, schedule = today, loan_schedule(loan, disbursed_on=today)
    return ContractTerms(loan, as_of, schedule, effective_annual_rate(schedule, loan.fees))


@dataclass(frozen=True)
class ProductExample:
    """A product's worked example (``terms.example_schedule``) and what it costs, or why it has none."""

    schedule: Schedule | None
    disclosure: Disclosure | None
    period_rate: Decimal | None
    error: str = ""


def product_example(product: LoanProduct) -> ProductExample:
    try:
        schedule = example_schedule(product)
    except ScheduleError as error:
        return ProductExample(None, None, None, error.message)
    amount = schedule.terms.amount
    fees = fee_amount(amount, product.admin_fee_rate, product.rounding) + fee_amount(
        amount, product.provision_rate, product.rounding
    )
    disclosure = effective_annual_rate(schedule, fees)
    return ProductExample(schedule, disclosure, schedule.period_rate)
