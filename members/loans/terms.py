"""A loan's terms as the pure schedule core takes them, and the one function that builds a loan's
schedule: the simulation, the application, the manager's review, the contract, the stored instalments
and the member portal all call :func:`loan_schedule`, so they show the same figures."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from koperasi.money import quantize_rupiah, quantize_whole_rupiah
from members.error_codes import MemberErrorCode, coded_error
from members.loans.conventions import PERIODS_PER_YEAR, Frequency, Rounding
from members.loans.models import ConventionFields, Loan, LoanProduct, parse_months
from members.loans.periods import due_date
from members.loans.schedule import (
    MAX_TERM_PERIODS,
    MAX_YEARS,
    LoanTerms,
    ProductTerms,
    Schedule,
    ScheduleError,
    build_schedule,
)

CONVENTION_NAMES = tuple(field.name for field in ConventionFields._meta.fields)


def first_due_after(day: datetime.date, frequency: str) -> datetime.date:
    """The first due date of a loan paid out on ``day``: one instalment period later."""
    return due_date(day, Frequency(frequency), 1)


def _convention_values(source: Loan | LoanProduct) -> dict:
    """The schedule options a product or a loan stores, as the pure core names them."""
    return {
        "rate": source.rate,
        "rate_period": source.rate_period,
        "method": source.interest_method,
        "grace_periods": source.grace_periods,
        "principal_months": parse_months(source.principal_months),
        "rounding": source.rounding,
        **{name: getattr(source, name) for name in CONVENTION_NAMES},
    }


def fee_amount(amount: Decimal, rate: Decimal, rounding: str) -> Decimal:
    """A fee (admin fee, provision) as a share of the amount, rounded as the product rounds (cents for
    exact products: the books keep cents)."""
    fee = amount * rate
    return quantize_whole_rupiah(fee) if rounding == Rounding.WHOLE_RUPIAH else quantize_rupiah(fee)


def product_terms(product: LoanProduct) -> ProductTerms:
    """The product's terms for a simulation (the fees only for the effective-rate disclosure)."""
    return ProductTerms(**_convention_values(product), fees_rate=product.admin_fee_rate + product.provision_rate)


def longest_term(frequency: str) -> int:
    """The most instalments a loan may have at ``frequency`` (the pure core's limits)."""
    return min(MAX_TERM_PERIODS, MAX_YEARS * PERIODS_PER_YEAR[Frequency(frequency)])


def terms_of(
    loan: Loan, first_due_date: datetime.date | None, disbursement_date: datetime.date | None = None
) -> LoanTerms:
    """The loan's own terms (copied from its product when applied for) with the dates of its schedule."""
    return LoanTerms(
        amount=loan.amount,
        # a loan defined by its instalment takes as many as it needs (the product's range is checked on quoting)
        term_periods=longest_term(loan.frequency) if loan.fixed_instalment else loan.term_periods,
        fixed_instalment=loan.fixed_instalment,
        first_due_date=first_due_date,
        disbursement_date=disbursement_date,
        **_convention_values(loan),
    )


def _schedule_field(field_name: str) -> str:
    return {
        "first_due_date": "term_periods",
        "disbursement_date": "term_periods",
        "thresholds": "product",
        "fixed_instalment": "fixed_instalment",
    }.get(field_name, field_name if field_name in {"amount", "term_periods"} else "product")


def loan_schedule(loan: Loan, *, disbursed_on: datetime.date, first_due_date: datetime.date | None = None) -> Schedule:
    """The loan's schedule if paid out on ``disbursed_on`` (first instalment one period later unless
    given). The simulation, the application, the contract, the stored instalments and the portal all
    come from here."""
    first_due_date = first_due_date or first_due_after(disbursed_on, loan.frequency)
    try:
        return build_schedule(terms_of(loan, first_due_date, disbursed_on))
    except ScheduleError as error:
        raise coded_error(_schedule_field(error.field), error.message, MemberErrorCode.LOAN_LIMIT) from error


EXAMPLE_AMOUNT = Decimal(10_000_000)


def example_schedule(product: LoanProduct, on: datetime.date | None = None) -> Schedule:
    """A specimen loan of the product — Rp 10.000.000 (or its smallest amount, if larger) over its longest
    term, paid out ``on`` (1 January of this year by default) — for the product page's worked example
    and to check a product's conventions when it is saved. Raises ``ScheduleError``."""
    on = on or datetime.date(timezone.localdate().year, 1, 1)
    amount = max(EXAMPLE_AMOUNT, product.min_amount)
    if product.max_amount is not None:
        amount = min(amount, product.max_amount)
    terms = product_terms(product).loan_terms(
        amount, product.max_term_periods, first_due_date=first_due_after(on, product.frequency), disbursement_date=on
    )
    return build_schedule(terms)
