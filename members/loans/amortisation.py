"""The amortisation engine behind :func:`members.loans.schedule.build_schedule` — pure Python.

It reads a ``LoanTerms`` (members/loans/schedule.py, which imports this module, so here it is only
read by attribute) and returns the instalments, the level payment and the steps that explain them.
docs/savings-loans.md, "Loan conventions", gives every formula with a worked example.

Notation: P amount, r rate per instalment period, n instalments, g grace periods, B the balance after
the grace periods (P, plus the capitalised interest of a capitalised grace), F the balloon
(round(B × balloon_share); B for a bullet), m the principal-paying instalments after the grace.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, localcontext

from members.loans.conventions import (
    PERIODS_PER_YEAR,
    RATE_PERIODS_PER_YEAR,
    DayCount,
    Frequency,
    GraceKind,
    RateConversion,
)
from members.loans.figures import (
    MODE_NAMES,
    PRECISION,
    PRECISION_NAMES,
    ZERO,
    Step,
    day,
    num,
    pct,
    round_part,
    round_to_multiple,
)
from members.loans.periods import (
    MONTHS_PER_PERIOD,
    days_30_360,
    due_date,
    due_dates_from,
    is_regular_period,
    year_fraction,
)

MAX_BALANCE = Decimal(10) ** 15
# The values of members.loans.schedule.InterestMethod (defined there, above this module).
FLAT, ANNUITY, DECLINING = "flat", "annuity", "declining"
PERIOD_NAMES = {
    Frequency.DAILY: "day",
    Frequency.WEEKLY: "week",
    Frequency.FORTNIGHTLY: "fortnight",
    Frequency.MONTHLY: "month",
    Frequency.QUARTERLY: "quarter",
    Frequency.SEMIANNUAL: "half-year",
    Frequency.YEARLY: "year",
}


class Unpayable(Exception):
    """Terms that pass validation yet make no schedule (a fixed instalment too small); build_schedule
    turns it into a ``ScheduleError`` naming ``field``."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


@dataclass(frozen=True)
class Instalment:
    number: int
    due_date: datetime.date | None
    principal: Decimal  # of the original amount: the principal column adds up to the amount exactly
    interest: Decimal  # the period's interest, plus any capitalised interest this instalment repays
    balance: Decimal  # what the member owes after this instalment (capitalised interest included)
    days: int | None  # interest days of the period (30/360 or actual), None without dates
    opening_balance: Decimal  # what the member owes before this instalment
    capitalised: Decimal  # interest added to the balance in a capitalised grace period, else 0

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest


@dataclass(frozen=True)
class Period:
    number: int
    due_date: datetime.date | None
    days: int | None
    factor: Decimal  # the period's interest per Rupiah of balance (declining and annuity)
    paying: bool  # does it repay principal (after the grace; in season; always the last one)


def annuity_payment(principal: Decimal, rate: Decimal, periods: int, balloon: Decimal = ZERO) -> Decimal:
    """A = (B − F·(1 + r)^−m) · r / (1 − (1 + r)^−m), or (B − F) / m when r = 0 (exact, 34 digits)."""
    with localcontext() as context:
        context.prec = PRECISION
        if rate == 0:
            return (principal - balloon) / periods
        discount = (1 + rate) ** -periods
        return (principal - balloon * discount) * rate / (1 - discount)


def plan_periods(terms, count: int, rate: Decimal) -> list[Period]:
    """The ``count`` periods of ``terms``: due dates, interest days and factors, principal flags."""
    frequency, first = terms.frequency, terms.first_due_date
    dates = due_dates_from(first, frequency, count) if first else [None] * count
    months, grace = terms.principal_months, terms.grace_periods
    periods = []
    for index, due in enumerate(dates):
        number = index + 1
        paying = number == count or (number > grace and (months is None or due.month in months))
        days, factor = None, rate
        if due is not None:
            start = dates[index - 1] if index else (terms.disbursement_date or due_date(first, frequency, -1))
            if terms.day_count != DayCount.THIRTY_360:
                days, factor = (due - start).days, terms.day_count_rate * year_fraction(start, due, terms.day_count)
            elif index or terms.disbursement_date is None or is_regular_period(start, due, frequency):
                days = 30 * MONTHS_PER_PERIOD[frequency] if frequency in MONTHS_PER_PERIOD else (due - start).days
            else:
                days = days_30_360(start, due)
                factor = terms.day_count_rate * days / 360
        periods.append(Period(number, due, days, factor, paying))
    return periods


def amortise(terms, rate: Decimal) -> tuple[list[Instalment], Decimal | None, list[Step]]:
    """The instalments of ``terms`` at ``rate`` per period, the level payment and the steps."""
    with localcontext() as context:
        context.prec = PRECISION
        steps = [_rate_step(terms, rate)]
        count = terms.term_periods if terms.fixed_instalment is None else _fixed_count(terms, rate)
        periods = plan_periods(terms, count, rate)
        steps += _interest_steps(terms, periods)
        return _Run(terms, rate, periods, steps).run()


def _rnd(terms, value: Decimal) -> Decimal:
    return round_part(value, terms.rounding, terms.rounding_mode)


def _to_multiple(terms, value: Decimal) -> Decimal:
    rounded = round_to_multiple(value, terms.instalment_multiple, terms.instalment_rounding)
    return rounded if rounded > 0 else terms.instalment_multiple


def _grace_balance(terms, rate: Decimal, periods: list[Period]) -> tuple[Decimal, list[Decimal]]:
    """The balance after the grace periods and the interest capitalised in each (all 0 unless capitalised)."""
    balance, added = terms.amount, []
    for period in periods[: terms.grace_periods]:
        capitalised = ZERO
        if terms.grace_kind == GraceKind.CAPITALISED:
            capitalised = _rnd(terms, terms.amount * rate if terms.method == FLAT else balance * period.factor)
        balance += capitalised
        added.append(capitalised)
        if balance > MAX_BALANCE:
            raise Unpayable("grace_periods", "capitalising the interest would make the balance grow beyond 10^15")
    return balance, added


def _fixed_count(terms, rate: Decimal) -> int:
    """How many instalments a fixed instalment X takes: the first k whose balance + interest ≤ X."""
    ceiling, instalment = terms.term_periods, terms.fixed_instalment
    periods = plan_periods(terms, ceiling, rate)
    balance, _ = _grace_balance(terms, rate, periods)
    flat_interest = _rnd(terms, balance * rate)
    for period in periods[terms.grace_periods :]:
        interest = flat_interest if terms.method == FLAT else _rnd(terms, balance * period.factor)
        if not period.paying:
            continue
        if balance + interest <= instalment:
            return period.number
        if instalment <= interest:
            raise Unpayable(
                "fixed_instalment",
                f"an instalment of {num(instalment)} does not cover the interest of instalment "
                f"{period.number} ({num(interest)})",
            )
        balance -= instalment - interest
    raise Unpayable(
        "fixed_instalment", f"an instalment of {num(instalment)} does not repay the loan within {ceiling} instalments"
    )


class _Run:
    """One pass over the periods (a class only to share the running state between small methods)."""

    def __init__(self, terms, rate: Decimal, periods: list[Period], steps: list[Step]):
        self.terms, self.rate, self.periods, self.steps = terms, rate, periods, steps
        self.flat = terms.method == FLAT
        self.balance, self.added = _grace_balance(terms, rate, periods)
        self.deferred = sum(self.added, ZERO)  # capitalised interest not yet repaid
        self.base = self.balance
        grace, count = terms.grace_periods, len(periods)
        self.flat_count = count if terms.grace_kind == GraceKind.INTEREST_ONLY else count - grace
        self.flat_each = _rnd(terms, self.base * rate)
        self.flat_left = _rnd(terms, self.base * rate * self.flat_count)
        self.flat_total = self.flat_left
        self.balloon = self.base if terms.balloon_share == 1 else _rnd(terms, self.base * terms.balloon_share)
        self.paying = sum(period.paying for period in periods[grace:])
        self.equal_exact = (self.base - self.balloon) / self.paying
        self.equal = _rnd(terms, self.equal_exact)
        self.level = self._level()

    def _level(self) -> Decimal | None:
        terms = self.terms
        if terms.fixed_instalment is not None:
            return terms.fixed_instalment
        if terms.method == ANNUITY:
            exact = annuity_payment(self.base, self.rate, self.paying, self.balloon)
        elif self.flat and terms.instalment_multiple is not None:
            exact = self.equal_exact + self.base * self.rate
        else:
            return None
        return _to_multiple(terms, exact) if terms.instalment_multiple is not None else _rnd(terms, exact)

    def interest(self, period: Period, last: bool) -> Decimal:
        if not self.flat:
            return _rnd(self.terms, self.balance * period.factor)
        value = self.flat_left if last else min(self.flat_each, self.flat_left)
        self.flat_left -= value
        return value

    def amortisation(self, period: Period, interest: Decimal, last: bool) -> Decimal:
        if last:
            return self.balance
        if not period.paying:
            return ZERO
        if self.level is not None:
            target = self.level - interest
        elif self.terms.instalment_multiple is not None:
            target = _to_multiple(self.terms, self.equal_exact + interest) - interest
        else:
            target = self.equal
        return min(max(target, ZERO), self.balance - self.balloon)

    def run(self) -> tuple[list[Instalment], Decimal | None, list[Step]]:
        terms, lines = self.terms, []
        grace, count = terms.grace_periods, len(self.periods)
        for index, period in enumerate(self.periods):
            last = index == count - 1
            if index < grace:
                opening = terms.amount + sum(self.added[:index], ZERO)
                interest = self.interest(period, last) if terms.grace_kind == GraceKind.INTEREST_ONLY else ZERO
                added = self.added[index]
                line = Instalment(
                    period.number, period.due_date, ZERO, interest, opening + added, period.days, opening, added
                )
                lines.append(line)
                continue
            opening = self.balance
            interest = self.interest(period, last)
            amortised = self.amortisation(period, interest, last)
            retired = min(amortised, self.deferred)
            self.deferred -= retired
            self.balance -= amortised
            principal, shown_interest = amortised - retired, interest + retired
            line = Instalment(
                period.number, period.due_date, principal, shown_interest, self.balance, period.days, opening, ZERO
            )
            lines.append(line)
            self.last_amortised, self.last_interest = amortised, interest
        self.steps += self._explain(lines)
        return lines, self.level, self.steps

    # Steps ------------------------------------------------------------------------------------

    def _explain(self, lines: list[Instalment]) -> list[Step]:
        terms, steps, grace = self.terms, [], self.terms.grace_periods
        if grace:
            steps.append(self._grace_step())
        if self.paying < len(lines) - grace:
            months = ", ".join(str(month) for month in sorted(terms.principal_months or ()))
            label = "Principal repaid only in the season's months (and at maturity)"
            steps.append(Step(label, f"calendar months {months}", f"m = {self.paying} of {len(lines) - grace}"))
        if self.balloon:
            label = "Balloon paid with the last instalment"
            if terms.balloon_share == 1:
                steps.append(Step(f"Bullet: {label.lower()}", f"the whole balance {num(self.base)}", num(self.balloon)))
            else:
                steps.append(Step(label, f"{pct(terms.balloon_share)} × {num(self.base)}", num(self.balloon)))
        steps += self._method_steps()
        steps.append(self._last_step())
        total_interest = sum((line.interest for line in lines), ZERO)
        steps.append(Step("Total interest", "the interest column added up", num(total_interest)))
        return steps

    def _grace_step(self) -> Step:
        grace, kind = self.terms.grace_periods, self.terms.grace_kind
        which = f"instalments 1–{grace}" if grace > 1 else "instalment 1"
        if kind == GraceKind.INTEREST_ONLY:
            return Step("Grace: interest only", f"{which} pay the period's interest, no principal", str(grace))
        if kind == GraceKind.INTEREST_FREE:
            return Step("Grace: interest-free", f"{which}: nothing due and no interest runs", str(grace))
        added = " + ".join(num(value) for value in self.added)
        formula = f"{num(self.terms.amount)} + deferred interest ({added})"
        return Step("Grace: interest capitalised; balance B to amortise", formula, num(self.base))

    def _method_steps(self) -> list[Step]:
        terms, base, m, r = self.terms, self.base, self.paying, num(self.rate, 10)
        rounding = f"{PRECISION_NAMES[terms.rounding]}, {MODE_NAMES[terms.rounding_mode]}"
        rest = f"({num(base)} − {num(self.balloon)})" if self.balloon else num(base)
        if terms.fixed_instalment is not None:
            interest = "flat, B × r" if self.flat else "on the balance"
            formula = f"{num(terms.fixed_instalment)} each (interest {interest}) until the balance is repaid"
            return [Step("Fixed instalment: number of instalments derived", formula, f"n = {len(self.periods)}")]
        steps, exact = [], None
        if terms.method == ANNUITY:
            exact = annuity_payment(base, self.rate, m, self.balloon)
            label = "Level instalment A = (B − F·(1+r)^−m) · r / (1 − (1+r)^−m)"
            if self.rate == 0:
                formula = f"{rest} / {m}"
            else:
                formula = f"{num(base)} × {r} / (1 − (1 + {r})^−{m})"
                if self.balloon:
                    formula = f"({num(base)} − {num(self.balloon)} × (1 + {r})^−{m}) × {r} / (1 − (1 + {r})^−{m})"
            steps.append(Step(label, formula, num(exact, 4)))
        else:
            label = "Principal per paying instalment = (B − F) / m"
            steps.append(Step(label, f"{rest} / {m}", num(self.equal_exact, 4)))
        if self.flat:
            steps.append(Step("Flat interest per instalment = B × r", f"{num(base)} × {r}", num(base * self.rate, 4)))
            label = "Flat interest in total (the last instalment absorbs its rounding)"
            steps.append(Step(label, f"{num(base)} × {r} × {self.flat_count}", num(self.flat_total)))
            exact = self.equal_exact + base * self.rate
        elif terms.method == DECLINING:
            steps.append(Step("Interest of an instalment", "balance before it × the period's rate", "varies"))
        multiple = terms.instalment_multiple
        if multiple is not None:
            how = "up to a" if terms.instalment_rounding == "up" else "to the nearest"
            label = f"Instalment rounded {how} multiple of {num(multiple)}; principal = instalment − interest"
            if exact is None:
                steps.append(Step(label, "principal per instalment + that instalment's interest", "varies"))
            else:
                steps.append(Step(label, num(exact, 4), num(self.level)))
        elif self.level is not None:
            steps.append(Step(f"Level instalment rounded ({rounding})", num(exact, 4), num(self.level)))
        else:
            steps.append(Step(f"Principal rounded ({rounding})", num(self.equal_exact, 4), num(self.equal)))
        return steps

    def _last_step(self) -> Step:
        label = f"Instalment {len(self.periods)} (the last) takes what is left"
        balloon = f" + the balloon {num(self.balloon)}" if self.balloon else ""
        if self.level is not None:
            paid = self.last_amortised + self.last_interest - self.balloon
            return Step(
                label, f"{num(paid)}{balloon} instead of the level {num(self.level)}", _signed(paid - self.level)
            )
        principal = self.last_amortised - self.balloon
        formula = f"principal {num(principal)}{balloon} instead of {num(self.equal)}"
        value = _signed(principal - self.equal)
        if self.flat:
            formula += f"; interest {num(self.last_interest)} instead of {num(self.flat_each)}"
            value = f"{value} principal, {_signed(self.last_interest - self.flat_each)} interest"
        return Step(label, formula, value)


def _signed(value: Decimal) -> str:
    return f"+{num(value, 10)}" if value > 0 else num(value, 10) if value < 0 else "±0"


def _rate_step(terms, rate: Decimal) -> Step:
    quoted, periods = RATE_PERIODS_PER_YEAR[terms.rate_period], PERIODS_PER_YEAR[terms.frequency]
    per = f"per {PERIOD_NAMES[terms.frequency]}"
    label = f"Rate {per}"
    if quoted == periods:
        return Step(label, f"quoted {pct(terms.rate)} per {terms.rate_period}", f"{num(rate, 10)} ({pct(rate)} {per})")
    if terms.rate_conversion == RateConversion.NOMINAL:
        formula = f"nominal: {num(terms.rate, 10)} × {quoted} / {periods}"
    else:
        formula = f"effective: (1 + {num(terms.rate, 10)})^({quoted}/{periods}) − 1"
    return Step(label, formula, f"{num(rate, 10)} ({pct(rate)} {per})")


def _interest_steps(terms, periods: list[Period]) -> list[Step]:
    first, start = periods[0], terms.disbursement_date
    if first.due_date is None:
        return []
    regular = start is None or is_regular_period(start, first.due_date, terms.frequency)
    days = f"{first.days} day" + ("" if first.days == 1 else "s")
    if terms.method == FLAT:
        if regular and terms.day_count == DayCount.THIRTY_360:
            return []
        formula = f"{terms.day_count}; the first period has {days}"
        return [Step("Flat interest is B × r every period, whatever its days", formula, "by contract")]
    if terms.rate_conversion == RateConversion.NOMINAL:
        annual = f"{pct(terms.annual_rate)} a year (nominal: quoted × {RATE_PERIODS_PER_YEAR[terms.rate_period]})"
    else:
        annual = f"{pct(terms.day_count_rate)} a year (the period rate × {PERIODS_PER_YEAR[terms.frequency]})"
    if terms.day_count != DayCount.THIRTY_360:
        basis = {DayCount.ACTUAL_365: "365", DayCount.ACTUAL_360: "360"}.get(terms.day_count, "365 or 366")
        formula = f"balance × {annual} × actual days / {basis}; the first period has {days}"
        return [Step("Interest on actual days", formula, f"{num(first.factor, 10)} for the first period")]
    if regular:
        return []
    formula = f"{day(start)} → {day(first.due_date)}: {days} (30/360); {annual} × {first.days} / 360"
    return [Step("Irregular first period", formula, f"{num(first.factor, 10)} of the balance")]
