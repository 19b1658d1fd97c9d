"""Loan instalment schedules (jadwal angsuran), loan simulation and collectibility — pure Python.

No Django imports: plain dataclasses and ``Decimal`` in and out, so the staff pages, the API and the
loan service share one implementation, and property tests can run it by the thousand. A product names
its conventions (members/loans/conventions.py: frequency, rate conversion, day count, grace, rounding,
instalment multiple, balloon); ``LoanTerms`` carries them with a loan's amount, term and dates, and
``build_schedule`` turns them into instalments (the engine: members/loans/amortisation.py; dates, day
counts and rate conversion: members/loans/periods.py; rounding and ``Step``: members/loans/figures.py).
Methods (``InterestMethod``): flat (bunga tetap: B·r every period on the amount), annuity (anuitas: a
level instalment, interest on the balance) and declining (efektif/menurun: equal principal, interest
on the balance). docs/savings-loans.md, "Loan conventions", gives every formula with a worked example,
and each example is a test (tests/members/test_loan_*.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

from members.loans.amortisation import MAX_BALANCE, Instalment, Unpayable, amortise
from members.loans.amortisation import annuity_payment as annuity_payment  # re-exported
from members.loans.conventions import (
    PERIODS_PER_YEAR,
    RATE_PERIODS_PER_YEAR,
    DayCount,
    Frequency,
    GraceKind,
    InstalmentRounding,
    RateConversion,
    RatePeriod,
    Rounding,
    RoundingMode,
)
from members.loans.disclosure import Disclosure, effective_annual_rate
from members.loans.figures import CENT, MODES, PRECISION, ZERO, Step, round_part, running_parts
from members.loans.periods import MONTHS_PER_PERIOD, add_months, convert_rate, due_date

MAX_TERM_PERIODS = 3660
MAX_YEARS = 50


class InterestMethod(StrEnum):
    FLAT = "flat"
    ANNUITY = "annuity"
    DECLINING = "declining"


class ScheduleError(ValueError):
    """Loan terms that make no schedule (the message names the offending parameter)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def to_decimal(name: str, value: object) -> Decimal:
    if isinstance(value, (float, bool)):
        raise TypeError(f"{name} must be a Decimal (or int/str), not {type(value).__name__}")
    if not isinstance(value, (Decimal, int, str)):
        raise TypeError(f"{name} must be a Decimal")
    result = Decimal(value)
    if not result.is_finite():
        raise ScheduleError(name, "must be a finite number")
    return result


def _integer(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int")
    return value


def _choice(name: str, kind: type[StrEnum], value: object) -> StrEnum:
    try:
        return kind(value)
    except ValueError:
        raise ScheduleError(name, f"unknown value {value!r}") from None


def _date(name: str, value: object) -> datetime.date | None:
    if value is not None and not isinstance(value, datetime.date):
        raise TypeError(f"{name} must be a date")
    return value


CHOICES = {
    "rate_period": RatePeriod,
    "method": InterestMethod,
    "frequency": Frequency,
    "rate_conversion": RateConversion,
    "day_count": DayCount,
    "grace_kind": GraceKind,
    "rounding": Rounding,
    "rounding_mode": RoundingMode,
    "instalment_rounding": InstalmentRounding,
}


@dataclass(frozen=True)
class LoanTerms:
    """What a schedule is built from. ``rate`` is a fraction for ``rate_period`` (0.01 = 1 %)."""

    amount: Decimal
    rate: Decimal
    rate_period: RatePeriod
    term_periods: int  # the number of instalments; with a fixed instalment, the most allowed
    method: InterestMethod
    frequency: Frequency = Frequency.MONTHLY
    rate_conversion: RateConversion = RateConversion.NOMINAL
    day_count: DayCount = DayCount.THIRTY_360
    grace_periods: int = 0
    grace_kind: GraceKind = GraceKind.INTEREST_ONLY
    principal_months: frozenset[int] | None = None  # calendar months (1–12) in which principal is paid
    first_due_date: datetime.date | None = None  # needed for a seasonal schedule and the act/… day counts
    disbursement_date: datetime.date | None = None  # the start of the first period's interest
    rounding: Rounding = Rounding.WHOLE_RUPIAH
    rounding_mode: RoundingMode = RoundingMode.HALF_UP
    instalment_multiple: Decimal | None = None  # round the instalment to a multiple of this (100, 1000 …)
    instalment_rounding: InstalmentRounding = InstalmentRounding.UP
    balloon_share: Decimal = ZERO  # fraction of the amount paid with the last instalment (1 = bullet)
    fixed_instalment: Decimal | None = None  # the loan is defined by its instalment; n is derived

    def __post_init__(self) -> None:
        put = object.__setattr__
        for name in ("amount", "rate", "balloon_share"):
            put(self, name, to_decimal(name, getattr(self, name)))
        for name in ("instalment_multiple", "fixed_instalment"):
            if getattr(self, name) is not None:
                put(self, name, to_decimal(name, getattr(self, name)))
        for name, kind in CHOICES.items():
            put(self, name, _choice(name, kind, getattr(self, name)))
        _integer("term_periods", self.term_periods)
        _integer("grace_periods", self.grace_periods)
        _date("first_due_date", self.first_due_date)
        _date("disbursement_date", self.disbursement_date)
        if self.principal_months is not None:
            put(self, "principal_months", frozenset(int(month) for month in self.principal_months))
        self._check_amounts()
        self._check_dates()

    def _check_amounts(self) -> None:
        per_year = PERIODS_PER_YEAR[self.frequency]
        if not 0 < self.amount <= MAX_BALANCE:
            raise ScheduleError("amount", "must be positive and at most 10^15")
        if self.rate < 0:
            raise ScheduleError("rate", "must not be negative")
        if not 1 <= self.term_periods <= MAX_TERM_PERIODS:
            raise ScheduleError("term_periods", f"must be between 1 and {MAX_TERM_PERIODS}")
        if self.term_periods > MAX_YEARS * per_year:
            raise ScheduleError("term_periods", f"the loan would run more than {MAX_YEARS} years")
        if self.period_rate > 1:
            raise ScheduleError("rate", "must be a fraction (0.01 for 1 %), at most 1 per instalment period")
        if not 0 <= self.grace_periods < self.term_periods:
            raise ScheduleError("grace_periods", "must be at least 0 and less than the term")
        if not 0 <= self.balloon_share <= 1:
            raise ScheduleError("balloon_share", "must be a fraction between 0 and 1")
        if self.instalment_multiple is not None and self.instalment_multiple <= 0:
            raise ScheduleError("instalment_multiple", "must be positive")
        if self.fixed_instalment is not None:
            self._check_fixed_instalment()

    def _check_fixed_instalment(self) -> None:
        instalment, multiple = self.fixed_instalment, self.instalment_multiple
        if instalment <= 0:
            raise ScheduleError("fixed_instalment", "must be positive")
        if self.balloon_share:
            raise ScheduleError("balloon_share", "a loan defined by its instalment has no balloon")
        if multiple is not None and instalment % multiple:
            raise ScheduleError("fixed_instalment", f"must be a multiple of {multiple}")
        if round_part(instalment, self.rounding, self.rounding_mode) != instalment:
            raise ScheduleError("fixed_instalment", "has more decimals than the product's rounding")

    def _check_dates(self) -> None:
        first, start = self.first_due_date, self.disbursement_date
        if start is not None and first is None:
            raise ScheduleError("first_due_date", "a disbursement date needs the first due date")
        if start is not None and first <= start:
            raise ScheduleError("first_due_date", "must be after the disbursement date")
        if self.day_count != DayCount.THIRTY_360 and (first is None or start is None):
            missing = "disbursement_date" if start is None else "first_due_date"
            raise ScheduleError(missing, f"the {self.day_count} day count needs the disbursement and first due dates")
        if first is not None:
            start = start or due_date(first, self.frequency, -1)
            if due_date(first, self.frequency, self.term_periods - 1) > add_months(start, 12 * MAX_YEARS):
                raise ScheduleError("term_periods", f"the loan would run more than {MAX_YEARS} years")
        if self.principal_months is not None:
            if not self.principal_months or not self.principal_months <= frozenset(range(1, 13)):
                raise ScheduleError("principal_months", "must be calendar months between 1 and 12")
            if self.frequency not in MONTHS_PER_PERIOD:
                raise ScheduleError("principal_months", "a seasonal schedule needs monthly or longer instalments")
            if first is None:
                raise ScheduleError("first_due_date", "a seasonal schedule needs the first due date")

    @property
    def period_rate(self) -> Decimal:
        """r: the rate per instalment period (nominal r = quoted × q/p; effective (1 + quoted)^(q/p) − 1)."""
        return convert_rate(self.rate, self.rate_period, self.frequency, self.rate_conversion)

    @property
    def annual_rate(self) -> Decimal:
        """The nominal annual rate as quoted, quoted × q."""
        return self.rate * RATE_PERIODS_PER_YEAR[self.rate_period]

    @property
    def day_count_rate(self) -> Decimal:
        """The yearly rate the day counts apply: quoted × q under nominal conversion; under effective
        conversion the period rate × p, so that a regular period on actual days earns about the period
        rate the level instalment was worked out with (18 % effective monthly is 1,3888 % a month,
        16,67 % a year — not 18 % × days / 365, which would leave the last instalment to catch up)."""
        if self.rate_conversion == RateConversion.NOMINAL:
            return self.annual_rate
        return self.period_rate * PERIODS_PER_YEAR[self.frequency]


@dataclass(frozen=True)
class Schedule:
    terms: LoanTerms
    instalments: tuple[Instalment, ...]
    level_payment: Decimal | None  # the level instalment (annuity, a rounded multiple, a fixed instalment)
    period_rate: Decimal
    steps: tuple[Step, ...]  # how it was computed, in plain English with the numbers

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

    def stored_instalments(self) -> tuple[Instalment, ...]:
        """The instalments as the database stores them (2 decimals). Rounded products: the instalments
        themselves. EXACT: every column is rounded to cents through its running total, so the stored
        parts add up to the rounded totals and the principal still to the amount (given in cents)."""
        if self.terms.rounding != Rounding.EXACT:
            return self.instalments
        with localcontext() as context:
            context.prec = PRECISION
            lines, mode = self.instalments, MODES[self.terms.rounding_mode]
            retired = [line.opening_balance + line.capitalised - line.balance - line.principal for line in lines]
            columns = [[line.principal for line in lines], [line.interest for line in lines]]
            columns += [[line.capitalised for line in lines], retired]
            principal, interest, capitalised, repaid = (running_parts(column, CENT, mode) for column in columns)
            balance, stored = self.terms.amount.quantize(CENT, mode), []
            for index, line in enumerate(lines):
                opening = balance
                balance = opening + capitalised[index] - principal[index] - repaid[index]
                stored.append(
                    Instalment(
                        line.number,
                        line.due_date,
                        principal[index],
                        interest[index],
                        balance,
                        line.days,
                        opening,
                        capitalised[index],
                    )
                )
            return tuple(stored)


def build_schedule(terms: LoanTerms) -> Schedule:
    """The instalment schedule of ``terms`` (see the module docstring and docs/savings-loans.md)."""
    rate = terms.period_rate
    try:
        lines, level, steps = amortise(terms, rate)
    except Unpayable as problem:
        raise ScheduleError(problem.field, problem.message) from None
    if terms.rounding == Rounding.EXACT:
        steps.append(Step("Stored to the cent", "each column rounded through its running total", "2 decimals"))
    return Schedule(terms, tuple(lines), level, rate, tuple(steps))


# Simulation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductTerms:
    """The terms a loan product sets, without a loan's amount, term, dates and fixed instalment (the
    Django model ``members.loans.models.LoanProduct`` stores them per cooperative).

    ``max_instalment_ratio`` is the management's ceiling on instalment / monthly income (e.g. 0.30):
    the "kemampuan mengangsur" parameter of seed 001's loan simulation. ``fees_rate`` (admin fee plus
    provision, as a fraction of the amount) only feeds the effective-rate disclosure.
    """

    rate: Decimal
    rate_period: RatePeriod
    method: InterestMethod
    grace_periods: int = 0
    principal_months: frozenset[int] | None = None
    rounding: Rounding = Rounding.WHOLE_RUPIAH
    max_instalment_ratio: Decimal | None = None
    frequency: Frequency = Frequency.MONTHLY
    rate_conversion: RateConversion = RateConversion.NOMINAL
    day_count: DayCount = DayCount.THIRTY_360
    grace_kind: GraceKind = GraceKind.INTEREST_ONLY
    rounding_mode: RoundingMode = RoundingMode.HALF_UP
    instalment_multiple: Decimal | None = None
    instalment_rounding: InstalmentRounding = InstalmentRounding.UP
    balloon_share: Decimal = ZERO
    fees_rate: Decimal = ZERO

    def loan_terms(
        self,
        amount: Decimal,
        term_periods: int,
        *,
        first_due_date: datetime.date | None = None,
        disbursement_date: datetime.date | None = None,
        fixed_instalment: Decimal | None = None,
    ) -> LoanTerms:
        """The terms of a loan of ``amount`` over ``term_periods`` instalments under this product."""
        options = {name: getattr(self, name) for name in LOAN_OPTIONS}
        return LoanTerms(
            amount=amount,
            term_periods=term_periods,
            first_due_date=first_due_date,
            disbursement_date=disbursement_date,
            fixed_instalment=fixed_instalment,
            **options,
        )


LOAN_OPTIONS = tuple(field.name for field in fields(ProductTerms) if field.name in {f.name for f in fields(LoanTerms)})


@dataclass(frozen=True)
class Simulation:
    schedule: Schedule
    monthly_income: Decimal | None
    max_instalment_ratio: Decimal | None
    instalment_ratio: Decimal | None  # largest instalment a month / monthly income, 4 decimal places
    passes: bool | None  # None when the income or the ceiling is unknown
    disclosure: Disclosure  # the effective annual rate with the fees
    fees: Decimal

    @property
    def largest_payment(self) -> Decimal:
        return self.schedule.largest_payment

    @property
    def monthly_payment(self) -> Decimal:
        """The largest instalment as a monthly amount: × p / 12 (52/12 for weekly instalments)."""
        per_year = PERIODS_PER_YEAR[self.schedule.terms.frequency]
        if per_year == 12:
            return self.largest_payment
        with localcontext() as context:
            context.prec = PRECISION
            return (self.largest_payment * per_year / 12).quantize(CENT, ROUND_HALF_UP)


def simulate(
    amount: Decimal,
    term_periods: int,
    terms: ProductTerms,
    *,
    monthly_income: Decimal | None = None,
    max_instalment_ratio: Decimal | None = None,
    first_due_date: datetime.date | None = None,
    disbursement_date: datetime.date | None = None,
    fees: Decimal | None = None,
    fixed_instalment: Decimal | None = None,
) -> Simulation:
    """Schedule a prospective loan, disclose its effective rate and check affordability.

    The check compares the *largest* instalment (the first one for declining loans, an in-season one
    for seasonal loans), converted to a month for other frequencies (× p / 12: a weekly instalment
    × 52 / 12), with the stated monthly income: it passes when that ≤ income × ceiling.
    ``max_instalment_ratio`` overrides the ceiling in ``terms``; ``fees`` default to
    round(amount × fees_rate) at the product's rounding.
    """
    loan = terms.loan_terms(
        amount,
        term_periods,
        first_due_date=first_due_date,
        disbursement_date=disbursement_date,
        fixed_instalment=fixed_instalment,
    )
    schedule = build_schedule(loan)
    field = "fees"
    if fees is None:
        field, rate = "fees_rate", to_decimal("fees_rate", terms.fees_rate)
        fees = round_part(loan.amount * rate, loan.rounding, loan.rounding_mode)
    fees = to_decimal(field, fees)
    if not 0 <= fees < loan.amount:
        raise ScheduleError(field, "the fees must be at least 0 and less than the amount")
    ceiling = terms.max_instalment_ratio if max_instalment_ratio is None else max_instalment_ratio
    ceiling = None if ceiling is None else to_decimal("max_instalment_ratio", ceiling)
    income = None if monthly_income is None else to_decimal("monthly_income", monthly_income)
    if ceiling is not None and not ZERO < ceiling <= 1:
        raise ScheduleError("max_instalment_ratio", "must be a fraction above 0 and at most 1")
    if income is not None and income < 0:
        raise ScheduleError("monthly_income", "must not be negative")
    result = Simulation(schedule, income, ceiling, None, None, effective_annual_rate(schedule, fees), fees)
    ratio = passes = None
    if income is not None and income > 0:
        ratio = (result.monthly_payment / income).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    if income is not None and ceiling is not None:
        passes = result.monthly_payment <= income * ceiling
    return Simulation(schedule, income, ceiling, ratio, passes, result.disclosure, fees)


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
