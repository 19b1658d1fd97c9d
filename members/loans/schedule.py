"""Loan instalment schedules (jadwal angsuran), loan simulation and collectibility — pure Python.

No Django imports: plain dataclasses and ``Decimal`` in and out, so the staff page, the API and (in the
second pass) the loan service share one implementation, and property tests can run it by the thousand.

Notation
    P    loan amount (pokok pinjaman)
    r    interest rate per month as a fraction (1 % per month → ``Decimal("0.01")``). A yearly rate R
         is converted the way cooperatives quote it, nominally: r = R / 12 (never compounded).
    n    term in months (jangka waktu); instalment k = 1 … n falls due monthly
    g    grace months (masa tenggang): instalments 1 … g pay interest only
    m    number of principal-paying instalments: every instalment after the grace period, or — with a
         seasonal schedule — those after the grace period that fall in the season's calendar months,
         plus always the last one (the loan matures at instalment n: what is still outstanding is due
         then, in season or not; pick a term that ends in season to avoid that)
    B_k  outstanding principal before instalment k (B_1 = P)

Methods (``InterestMethod``)
    flat (bunga tetap / flat)        interest_k = P·r in every month, on the original principal;
                                      principal_k = P/m in paying months. Total interest = P·r·n.
    annuity (anuitas)                in paying months the instalment is constant,
                                      A = P·r / (1 − (1 + r)^−m)   (A = P/m when r = 0);
                                      interest_k = B_k·r, principal_k = A − interest_k. Grace and off-season
                                      months pay interest only, which leaves the balance at P, so the
                                      seasonal case is the same annuity over its m paying months.
    declining (efektif / menurun)    principal_k = P/m in paying months; interest_k = B_k·r.

Rounding (``Rounding``; ROUND_HALF_UP, at the business edge only)
    Parts are computed exactly (34 significant digits) and then rounded to whole Rupiah or to cents;
    ``Rounding.EXACT`` keeps ten decimal places (for checks and analytics). The principal parts add up
    to P exactly: the last paying instalment takes whatever is still outstanding, so it absorbs the
    rounding difference. Flat interest parts likewise add up to round(P·r·n) exactly, the last instalment
    absorbing the difference. Annuity and declining interest is charged on the (rounded) outstanding
    balance, as the borrower's loan account will show it. No part is ever negative: should the rounded
    equal part exceed what is left (tiny loans over many months), it is capped at the remainder.

Worked check (used by the tests): P = 10,000,000, r = 1 %/month, n = 12.
    flat      exact instalment 933,333.33 (principal 833,333.33 + interest 100,000.00); in whole Rupiah
              11 × 933,333 and a last 933,337, principal 10,000,000 and interest 1,200,000 in total.
    annuity   A = 888,487.8868 exactly, total interest 12·A − P = 661,854.64 before rounding.
    declining first instalment 833,333.33 + 100,000.00 = 933,333.33, last 833,333.33 + 8,333.33 =
              841,666.67 (exact; with cents rounding the last principal absorbs 0.04 → 841,666.70).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

PRECISION = 34
MAX_TERM_MONTHS = 600
ZERO = Decimal(0)


class InterestMethod(StrEnum):
    FLAT = "flat"
    ANNUITY = "annuity"
    DECLINING = "declining"


class RatePeriod(StrEnum):
    """The period the stated rate is for; a yearly rate is divided by 12 (nominal)."""

    MONTH = "month"
    YEAR = "year"


class Rounding(StrEnum):
    WHOLE_RUPIAH = "whole"
    CENTS = "cents"
    EXACT = "exact"


# EXACT keeps ten decimal places: far below a Rupiah cent, yet few enough digits that sums of parts
# stay exact within the 34-digit context (so the principal parts still add up to the amount exactly).
_QUANTUM = {Rounding.WHOLE_RUPIAH: Decimal(1), Rounding.CENTS: Decimal("0.01"), Rounding.EXACT: Decimal("1e-10")}


class ScheduleError(ValueError):
    """Loan terms that make no schedule (the message names the offending parameter)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _decimal(name: str, value: object) -> Decimal:
    if isinstance(value, (float, bool)):
        raise TypeError(f"{name} must be a Decimal (or int/str), not {type(value).__name__}")
    if not isinstance(value, (Decimal, int, str)):
        raise TypeError(f"{name} must be a Decimal")
    result = Decimal(value)
    if not result.is_finite():
        raise ScheduleError(name, "must be a finite number")
    return result


@dataclass(frozen=True)
class LoanTerms:
    """What a schedule is built from. ``rate`` is a fraction for ``rate_period`` (0.01 = 1 %)."""

    amount: Decimal
    rate: Decimal
    rate_period: RatePeriod
    term_months: int
    method: InterestMethod
    grace_months: int = 0
    principal_months: frozenset[int] | None = None  # calendar months (1–12) in which principal is paid
    first_due_date: datetime.date | None = None  # needed for a seasonal schedule
    rounding: Rounding = Rounding.WHOLE_RUPIAH

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", _decimal("amount", self.amount))
        object.__setattr__(self, "rate", _decimal("rate", self.rate))
        object.__setattr__(self, "rate_period", RatePeriod(self.rate_period))
        object.__setattr__(self, "method", InterestMethod(self.method))
        object.__setattr__(self, "rounding", Rounding(self.rounding))
        if self.principal_months is not None:
            object.__setattr__(self, "principal_months", frozenset(int(month) for month in self.principal_months))
        if self.amount <= 0:
            raise ScheduleError("amount", "must be positive")
        if self.rate < 0:
            raise ScheduleError("rate", "must not be negative")
        if self.monthly_rate > 1:
            raise ScheduleError("rate", "must be a fraction (0.01 for 1 %), at most 1 per month")
        if isinstance(self.term_months, bool) or not isinstance(self.term_months, int):
            raise TypeError("term_months must be an int")
        if not 1 <= self.term_months <= MAX_TERM_MONTHS:
            raise ScheduleError("term_months", f"must be between 1 and {MAX_TERM_MONTHS}")
        if isinstance(self.grace_months, bool) or not isinstance(self.grace_months, int):
            raise TypeError("grace_months must be an int")
        if not 0 <= self.grace_months < self.term_months:
            raise ScheduleError("grace_months", "must be at least 0 and less than the term")
        if self.principal_months is not None:
            if not self.principal_months or not self.principal_months <= frozenset(range(1, 13)):
                raise ScheduleError("principal_months", "must be calendar months between 1 and 12")
            if self.first_due_date is None:
                raise ScheduleError("first_due_date", "a seasonal schedule needs the first due date")

    @property
    def monthly_rate(self) -> Decimal:
        """r: the stated rate per month (a yearly rate / 12)."""
        if self.rate_period == RatePeriod.YEAR:
            with localcontext() as context:
                context.prec = PRECISION
                return self.rate / 12
        return self.rate


@dataclass(frozen=True)
class Instalment:
    number: int
    due_date: datetime.date | None
    principal: Decimal
    interest: Decimal
    balance: Decimal  # outstanding principal after this instalment

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest


@dataclass(frozen=True)
class Schedule:
    terms: LoanTerms
    instalments: tuple[Instalment, ...]
    level_payment: Decimal | None  # the annuity's rounded constant instalment A; None for other methods

    @property
    def total_principal(self) -> Decimal:
        return sum((line.principal for line in self.instalments), ZERO)

    @property
    def total_interest(self) -> Decimal:
        return sum((line.interest for line in self.instalments), ZERO)

    @property
    def total_payment(self) -> Decimal:
        return self.total_principal + self.total_interest

    @property
    def largest_payment(self) -> Decimal:
        return max(line.total for line in self.instalments)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved ``months`` calendar months on, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_dates(terms: LoanTerms) -> list[datetime.date | None]:
    if terms.first_due_date is None:
        return [None] * terms.term_months
    return [add_months(terms.first_due_date, k) for k in range(terms.term_months)]


def paying_flags(terms: LoanTerms) -> list[bool]:
    """For each instalment: does it repay principal? (after grace; in season; always the last one)."""
    dates = due_dates(terms)
    flags = []
    for index, due in enumerate(dates):
        number = index + 1
        if number == terms.term_months:
            flags.append(True)
        elif number <= terms.grace_months:
            flags.append(False)
        elif terms.principal_months is not None:
            flags.append(due is not None and due.month in terms.principal_months)
        else:
            flags.append(True)
    return flags


def annuity_payment(principal: Decimal, monthly_rate: Decimal, periods: int) -> Decimal:
    """A = P·r / (1 − (1 + r)^−m), or P/m when r = 0 (exact to 34 digits, not rounded)."""
    with localcontext() as context:
        context.prec = PRECISION
        if monthly_rate == 0:
            return principal / periods
        return principal * monthly_rate / (1 - (1 + monthly_rate) ** -periods)


def build_schedule(terms: LoanTerms) -> Schedule:
    """The instalment schedule of ``terms`` (see the module docstring for the formulas)."""
    with localcontext() as context:
        context.prec = PRECISION
        quantum = _QUANTUM[terms.rounding]

        def rnd(value: Decimal) -> Decimal:
            return value.quantize(quantum, rounding=ROUND_HALF_UP)

        n, r, amount = terms.term_months, terms.monthly_rate, terms.amount
        flags = paying_flags(terms)
        dates = due_dates(terms)
        m = sum(flags)
        last_paying = max(index for index, paying in enumerate(flags) if paying)

        equal_principal = rnd(amount / m)
        level_payment = rnd(annuity_payment(amount, r, m)) if terms.method == InterestMethod.ANNUITY else None
        flat_interest = rnd(amount * r)
        flat_interest_left = rnd(amount * r * n)

        balance = amount
        lines: list[Instalment] = []
        for index in range(n):
            if terms.method == InterestMethod.FLAT:
                interest = flat_interest_left if index == n - 1 else min(flat_interest, flat_interest_left)
                flat_interest_left -= interest
            else:
                interest = rnd(balance * r)

            if not flags[index]:
                principal = ZERO
            elif index == last_paying:
                principal = balance
            elif level_payment is not None:
                principal = min(max(level_payment - interest, ZERO), balance)
            else:
                principal = min(equal_principal, balance)
            balance -= principal
            lines.append(Instalment(index + 1, dates[index], principal, interest, balance))
        return Schedule(terms, tuple(lines), level_payment)


# Simulation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductTerms:
    """The terms a loan product sets, without a loan's amount and term (the Django model
    ``members.loans.models.LoanProduct`` stores them per cooperative).

    ``max_instalment_ratio`` is the management's ceiling on instalment / monthly income (e.g. 0.30):
    the "kemampuan mengangsur" parameter of seed 001's loan simulation.
    """

    rate: Decimal
    rate_period: RatePeriod
    method: InterestMethod
    grace_months: int = 0
    principal_months: frozenset[int] | None = None
    rounding: Rounding = Rounding.WHOLE_RUPIAH
    max_instalment_ratio: Decimal | None = None


@dataclass(frozen=True)
class Simulation:
    schedule: Schedule
    monthly_income: Decimal | None
    max_instalment_ratio: Decimal | None
    instalment_ratio: Decimal | None  # largest instalment / monthly income, 4 decimal places
    passes: bool | None  # None when the income or the ceiling is unknown

    @property
    def largest_payment(self) -> Decimal:
        return self.schedule.largest_payment


def simulate(
    amount: Decimal,
    term_months: int,
    terms: ProductTerms,
    *,
    monthly_income: Decimal | None = None,
    max_instalment_ratio: Decimal | None = None,
    first_due_date: datetime.date | None = None,
) -> Simulation:
    """Schedule a prospective loan and check affordability.

    The check compares the *largest* instalment (the first one for declining loans, an in-season one
    for seasonal loans) with the stated monthly income: it passes when
    largest instalment ≤ income × ceiling. ``max_instalment_ratio`` overrides the ceiling in ``terms``.
    """
    loan = LoanTerms(
        amount=amount,
        rate=terms.rate,
        rate_period=terms.rate_period,
        term_months=term_months,
        method=terms.method,
        grace_months=terms.grace_months,
        principal_months=terms.principal_months,
        first_due_date=first_due_date,
        rounding=terms.rounding,
    )
    schedule = build_schedule(loan)
    ceiling = terms.max_instalment_ratio if max_instalment_ratio is None else max_instalment_ratio
    ceiling = None if ceiling is None else _decimal("max_instalment_ratio", ceiling)
    income = None if monthly_income is None else _decimal("monthly_income", monthly_income)
    if ceiling is not None and not ZERO < ceiling <= 1:
        raise ScheduleError("max_instalment_ratio", "must be a fraction above 0 and at most 1")
    if income is not None and income < 0:
        raise ScheduleError("monthly_income", "must not be negative")
    ratio = passes = None
    if income is not None and income > 0:
        ratio = (schedule.largest_payment / income).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    if income is not None and ceiling is not None:
        passes = schedule.largest_payment <= income * ceiling
    return Simulation(schedule, income, ceiling, ratio, passes)


# Collectibility -----------------------------------------------------------------------------


class Collectibility(StrEnum):
    """Loan quality classes (kolektibilitas) used in cooperatives' savings-and-loan reporting."""

    CURRENT = "lancar"
    SUBSTANDARD = "kurang_lancar"
    DOUBTFUL = "diragukan"
    LOSS = "macet"


@dataclass(frozen=True)
class CollectibilityThresholds:
    """Upper bounds (inclusive) in days past due of the first three classes; above the last is macet.

    Default for cooperatives: lancar 0–30 days, kurang lancar 31–90, diragukan 91–180, macet > 180.
    (Banks under OJK rules add "dalam perhatian khusus" for 1–90 days; cooperatives' KSP health
    assessments use the four classes, and each cooperative may set its own bounds.)
    """

    current_max_days: int = 30
    substandard_max_days: int = 90
    doubtful_max_days: int = 180

    def __post_init__(self) -> None:
        if not 0 <= self.current_max_days < self.substandard_max_days < self.doubtful_max_days:
            raise ScheduleError("thresholds", "must be non-negative and strictly increasing")


DEFAULT_THRESHOLDS = CollectibilityThresholds()


def classify_collectibility(
    days_past_due: int, thresholds: CollectibilityThresholds = DEFAULT_THRESHOLDS
) -> Collectibility:
    """The class of a loan whose oldest unpaid instalment is ``days_past_due`` days overdue (0 = none)."""
    if isinstance(days_past_due, bool) or not isinstance(days_past_due, int):
        raise TypeError("days_past_due must be an int")
    if days_past_due < 0:
        raise ScheduleError("days_past_due", "must not be negative")
    if days_past_due <= thresholds.current_max_days:
        return Collectibility.CURRENT
    if days_past_due <= thresholds.substandard_max_days:
        return Collectibility.SUBSTANDARD
    if days_past_due <= thresholds.doubtful_max_days:
        return Collectibility.DOUBTFUL
    return Collectibility.LOSS


def months_from_names(values: Iterable[int | str]) -> frozenset[int]:
    """Calendar months from numbers or ranges as text: ``["4-10"]`` or ``[4, 5, 6]`` → {4, …, 10}.

    A range may wrap the year end (``"11-2"`` → Nov, Dec, Jan, Feb).
    """
    months: set[int] = set()
    for value in values:
        text = str(value).strip()
        if not text:
            continue
        if "-" in text:
            start_text, _, end_text = text.partition("-")
            start, end = int(start_text), int(end_text)
            if not (1 <= start <= 12 and 1 <= end <= 12):
                raise ScheduleError("principal_months", "months must be between 1 and 12")
            month = start
            while True:
                months.add(month)
                if month == end:
                    break
                month = month % 12 + 1
        else:
            month = int(text)
            if not 1 <= month <= 12:
                raise ScheduleError("principal_months", "months must be between 1 and 12")
            months.add(month)
    return frozenset(months)
