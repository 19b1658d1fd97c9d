"""Jasa simpanan (interest on savings) and its withholding tax — pure Python, no Django import.

The monthly job (:mod:`members.savings.interest_run`) and term deposits gather balances and call these.
Every convention is an option (:class:`InterestOptions`); the formulas with worked examples are in
docs/savings-loans.md ("Savings conventions"). Amounts are Decimals (a float raises TypeError); the
arithmetic inside is exact (fractions), rounded once where the options say. The withholding tax
(``withhold_tax``, ``TaxRule``) lives in :mod:`members.savings.interest_tax`.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from decimal import Context, Decimal, Inexact, localcontext
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise

from members.loans.periods import add_months

ONE, CENT, ONE_DAY = Decimal(1), Decimal("0.01"), timedelta(days=1)


class BalanceMethod(StrEnum):
    """Which balance of the month earns interest."""

    LOWEST = "lowest"  # the lowest balance of the month (saldo terendah)
    AVERAGE_DAILY = "average_daily"  # the average of the end-of-day balances (saldo rata-rata harian)
    DAILY = "daily"  # each end-of-day balance × one day (saldo harian), summed over the month


class DayBasis(StrEnum):
    """How the yearly rate becomes the month's: × days / 365, × days / 360, or / 12."""

    ACTUAL_365 = "365"
    ACTUAL_360 = "360"
    MONTHLY = "12"


class DayCounting(StrEnum):
    """Days in a month: as the calendar has them, or 30 in every month."""

    ACTUAL = "actual"
    THIRTY = "thirty"


class TierMode(StrEnum):
    """Tiered rates: the whole balance at the rate of the tier it reaches, or each slice at its own rate."""

    WHOLE = "whole"
    SLICED = "sliced"


class InterestRounding(StrEnum):
    WHOLE_RUPIAH = "whole"
    CENTS = "cents"


class InterestRoundingMode(StrEnum):
    HALF_UP = "half_up"
    DOWN = "down"


class RoundingPoint(StrEnum):
    """Round once, the month's interest, or each balance segment's interest before adding them up."""

    MONTH = "month"
    SEGMENT = "segment"


class InterestError(ValueError):
    """Options or inputs that make no interest calculation (``field`` names the offending one)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _decimal(field: str, value: object, *, upper: Decimal | None = None) -> Decimal:
    """A non-negative, finite Decimal (at most ``upper``); a float, int or str raises TypeError."""
    if not isinstance(value, Decimal):
        raise TypeError(f"{field} must be a Decimal, not {type(value).__name__}")
    if not value.is_finite():
        raise InterestError(field, "must be a finite number")
    if value < 0:
        raise InterestError(field, "cannot be negative")
    if upper is not None and value > upper:
        raise InterestError(field, "is a yearly fraction (0.05 for 5 %), at most 1")
    return value


def _date(field: str, value: object) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise TypeError(f"{field} must be a date, not {type(value).__name__}")
    return value


def _enum(options: object, field: str, kind: type[StrEnum]) -> None:
    try:
        object.__setattr__(options, field, kind(getattr(options, field)))
    except ValueError:
        raise InterestError(field, f"must be one of {', '.join(kind)}") from None


@dataclass(frozen=True)
class Tier:
    """From ``floor`` upwards a balance earns ``rate`` (a yearly fraction)."""

    floor: Decimal
    rate: Decimal

    def __post_init__(self):
        _decimal("tiers", self.floor)
        _decimal("tiers", self.rate, upper=ONE)


@dataclass(frozen=True)
class InterestOptions:
    """A savings product's interest conventions (docs/savings-loans.md, "Savings conventions")."""

    rate: Decimal = Decimal(0)  # yearly fraction, used when there are no tiers
    method: BalanceMethod = BalanceMethod.LOWEST
    day_basis: DayBasis = DayBasis.MONTHLY
    day_counting: DayCounting = DayCounting.ACTUAL
    tiers: tuple[Tier, ...] = ()  # sorted by floor, the first floor 0
    tier_mode: TierMode = TierMode.WHOLE
    minimum_balance: Decimal = Decimal(0)  # below it nothing is paid
    admin_fee: Decimal = Decimal(0)  # per month
    rounding: InterestRounding = InterestRounding.WHOLE_RUPIAH
    rounding_mode: InterestRoundingMode = InterestRoundingMode.HALF_UP
    rounding_point: RoundingPoint = RoundingPoint.MONTH

    def __post_init__(self):
        _decimal("rate", self.rate, upper=ONE)
        _decimal("minimum_balance", self.minimum_balance)
        _decimal("admin_fee", self.admin_fee)
        for field in fields(self):
            if isinstance(field.default, StrEnum):  # "daily" → BalanceMethod.DAILY
                _enum(self, field.name, type(field.default))
        tiers = tuple(self.tiers)
        if not all(isinstance(tier, Tier) for tier in tiers):
            raise TypeError("tiers must be Tier(floor, rate) values")
        if tiers and tiers[0].floor != 0:
            raise InterestError("tiers", "the first tier must start at 0")
        if any(low.floor >= high.floor for low, high in pairwise(tiers)):
            raise InterestError("tiers", "floors must rise strictly, lowest first")
        object.__setattr__(self, "tiers", tiers)


@dataclass(frozen=True)
class Step:
    """One intermediate figure: what it is, the formula with the actual numbers, the result."""

    label: str
    formula: str
    value: str


@dataclass(frozen=True)
class Segment:
    """Days ``start``..``end`` (inclusive) at one balance; ``interest`` unrounded (MONTH) or rounded (SEGMENT)."""

    start: date
    end: date
    days: int
    balance: Decimal
    rate: Decimal
    interest: Decimal


@dataclass(frozen=True)
class MonthInterest:
    gross: Decimal  # the jasa simpanan, rounded (two decimal places)
    admin_fee: Decimal  # the month's admin fee (the caller caps it at what the account holds)
    earning_balance: Decimal | None  # the lowest or average balance used (None for DAILY)
    segments: tuple[Segment, ...]
    steps: tuple[Step, ...]


# --- exact arithmetic: Fractions inside, Decimals out -------------------------------------------------


def _dec(value: Fraction) -> Decimal:
    """Exact when the fraction ends (1/8 → 0.125), else 28 significant digits."""
    with localcontext(Context(prec=60)) as ctx:
        result = Decimal(value.numerator) / Decimal(value.denominator)
        if not ctx.flags[Inexact]:
            return result
    with localcontext(Context(prec=28)):
        return Decimal(value.numerator) / Decimal(value.denominator)


def _show(value: Fraction | Decimal) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    result = _dec(value)
    if Fraction(result) == value:
        return format(result, "f")
    return format(result.quantize(Decimal("1e-10")), "f") + "…"


def round_amount(value: Fraction | Decimal, rounding: InterestRounding, mode: InterestRoundingMode) -> Decimal:
    """A non-negative amount to whole Rupiah or cents, half up or down; always two decimal places."""
    places = 0 if InterestRounding(rounding) == InterestRounding.WHOLE_RUPIAH else 2
    scaled = Fraction(value) * 10**places
    if scaled < 0:
        raise InterestError("amount", "cannot be negative")
    half = Fraction(1, 2) if InterestRoundingMode(mode) == InterestRoundingMode.HALF_UP else 0
    return Decimal(math.floor(scaled + half)).scaleb(-places).quantize(CENT)


def _rounding_text(options: InterestOptions) -> str:
    unit = "whole Rupiah" if options.rounding == InterestRounding.WHOLE_RUPIAH else "cents"
    mode = "half up" if options.rounding_mode == InterestRoundingMode.HALF_UP else "down"
    return f"{unit}, {mode}"


# --- days ------------------------------------------------------------------------------------------------


def _thirty(day: date) -> int:
    """30/360 position of the end of ``day``: the last day of any month (31st, 28/29 Feb) is its 30th."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.year * 360 + (day.month - 1) * 30 + (30 if day.day == last else day.day)


def count_days(first: date, last: date, counting: DayCounting) -> int:
    """The days from the end of the day before ``first`` to the end of ``last`` (both inclusive)."""
    if DayCounting(counting) == DayCounting.ACTUAL:
        return (last - first).days + 1
    return _thirty(last) - _thirty(first - ONE_DAY)


def _factor(days: int, month_days: int, basis: DayBasis) -> tuple[Fraction, str]:
    """The part of the yearly rate that ``days`` of a month of ``month_days`` earn."""
    if basis == DayBasis.MONTHLY:
        if days == month_days:
            return Fraction(1, 12), "/ 12"
        return Fraction(days, 12 * month_days), f"/ 12 × {days} / {month_days}"
    year = 365 if basis == DayBasis.ACTUAL_365 else 360
    return Fraction(days, year), f"× {days} / {year}"


# --- rates -------------------------------------------------------------------------------------------------


def _yearly(balance: Fraction, options: InterestOptions) -> tuple[Fraction, Fraction, str]:
    """A year's interest on ``balance`` at the product's rate or tiers: (amount, effective rate, formula)."""
    shown = _show(balance)
    if not options.tiers:
        rate = Fraction(options.rate)
        return balance * rate, rate, f"{shown} × {_show(options.rate)}"
    if options.tier_mode == TierMode.WHOLE:
        tier = [tier for tier in options.tiers if tier.floor <= balance][-1]
        return balance * Fraction(tier.rate), Fraction(tier.rate), f"{shown} × {_show(tier.rate)}"
    amount, parts = Fraction(0), []
    ceilings = [Fraction(tier.floor) for tier in options.tiers[1:]] + [None]
    for tier, ceiling in zip(options.tiers, ceilings, strict=True):
        if balance <= tier.floor:
            break
        top = balance if ceiling is None else min(balance, ceiling)
        amount += (top - Fraction(tier.floor)) * Fraction(tier.rate)
        parts.append(f"({_show(top)} − {_show(tier.floor)}) × {_show(tier.rate)}")
    rate = amount / balance if balance else Fraction(options.tiers[0].rate)
    return amount, rate, "(" + " + ".join(parts or ["0"]) + ")"


def _interest(balance: Fraction, days: int, month_days: int, options: InterestOptions, label: str, steps: list):
    """(exact interest, effective rate) for ``balance`` over ``days``, with its step."""
    if balance < options.minimum_balance:
        steps.append(Step(label, f"{_show(balance)} < minimum {_show(options.minimum_balance)}", "0"))
        return Fraction(0), Fraction(0)
    yearly, rate, formula = _yearly(balance, options)
    factor, factor_text = _factor(days, month_days, options.day_basis)
    steps.append(Step(label, f"{formula} {factor_text}", _show(yearly * factor)))
    return yearly * factor, rate


def _result(options, earning, pieces, steps, *, admin_fee=None) -> MonthInterest:
    """Round per ``rounding_point`` and assemble; ``pieces`` are (start, end, days, balance, rate, exact)."""
    segments, total, shown_terms = [], Fraction(0), []
    for start, end, days, balance, rate, exact in pieces:
        if options.rounding_point == RoundingPoint.SEGMENT:
            shown = round_amount(exact, options.rounding, options.rounding_mode)
            total += Fraction(shown)
        else:
            shown = _dec(exact)
            total += exact
        shown_terms.append(_show(Fraction(shown) if options.rounding_point == RoundingPoint.SEGMENT else exact))
        segments.append(Segment(start, end, days, balance, _dec(rate), shown))
    gross = round_amount(total, options.rounding, options.rounding_mode)
    terms = " + ".join(shown_terms)
    point = "each segment rounded, then added" if options.rounding_point == RoundingPoint.SEGMENT else "rounded once"
    steps.append(Step("Jasa simpanan", f"{terms} = {_show(total)}; {point} ({_rounding_text(options)})", str(gross)))
    fee = options.admin_fee if admin_fee is None else admin_fee
    return MonthInterest(gross, fee, earning, tuple(segments), tuple(steps))


# --- the month's interest ------------------------------------------------------------------------------


def _runs(year, month, opening_balance, movements, opened_on, closed_on):
    """The month's open days as runs of one end-of-day balance: [(first, last, balance)], plus the
    month's first and last day."""
    if not (isinstance(year, int) and isinstance(month, int)) or not 1 <= month <= 12:
        raise InterestError("month", "year and month must be whole numbers, month 1–12")
    first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    balance = _decimal("opening_balance", opening_balance)
    start, end = first, last
    if opened_on is not None:
        if _date("opened_on", opened_on) > last:
            raise InterestError("opened_on", "the account was opened after this month")
        start = max(first, opened_on)
    if closed_on is not None:
        if _date("closed_on", closed_on) < max(first, opened_on or first):
            raise InterestError("closed_on", "the account was closed before this month or before it was opened")
        end = min(last, closed_on)
    moves, previous = [], first
    for movement in movements:
        day, after = movement
        _date("movements", day)
        if not start <= day <= end or day < previous:
            raise InterestError("movements", f"{day}: outside the account's days of the month, or out of order")
        moves.append((day, _decimal("movements", after)))
        previous = day
    runs, index, day = [], 0, start
    while day <= end:
        while index < len(moves) and moves[index][0] == day:
            balance, index = moves[index][1], index + 1
        if runs and runs[-1][2] == balance:
            runs[-1][1] = day
        else:
            runs.append([day, day, balance])
        day += ONE_DAY
    return runs, first, last


def month_interest(
    *,
    year: int,
    month: int,
    opening_balance: Decimal,
    movements: Sequence[tuple[date, Decimal]],
    options: InterestOptions,
    opened_on: date | None = None,
    closed_on: date | None = None,
) -> MonthInterest:
    """The jasa simpanan of one account for one month.

    ``opening_balance`` is the balance at the start of the month (0 for an account opened within it),
    ``movements`` the month's (date, balance after) in order; the last movement of a day gives that
    day's end-of-day balance. Days before ``opened_on`` and after ``closed_on`` earn nothing.
    """
    if not isinstance(options, InterestOptions):
        raise TypeError("options must be InterestOptions")
    runs, first, last = _runs(year, month, opening_balance, movements, opened_on, closed_on)
    counting = options.day_counting
    month_days = 30 if counting == DayCounting.THIRTY else last.day
    start, end = runs[0][0], runs[-1][1]
    open_days = count_days(start, end, counting)
    steps = [Step("Days in the month", f"{first:%Y-%m}, {counting} day counting", str(month_days))]
    if (start, end) != (first, last):
        steps.append(Step("Days open", f"{start} – {end}, {counting} day counting", str(open_days)))
    runs = [(a, b, count_days(a, b, counting), balance) for a, b, balance in runs]
    if options.method == BalanceMethod.DAILY:
        pieces = []
        for a, b, days, balance in runs:
            exact, rate = _interest(Fraction(balance), days, month_days, options, f"{a} – {b}", steps)
            pieces.append((a, b, days, balance, rate, exact))
        return _result(options, None, pieces, steps)
    lowest = min(balance for *_days, balance in runs)
    if options.method == BalanceMethod.LOWEST:
        exact_balance, earning = Fraction(lowest), lowest
        formula = "min(" + ", ".join(_show(balance) for *_days, balance in runs) + ")"
        steps.append(Step("Lowest end-of-day balance", formula, _show(lowest)))
    else:  # AVERAGE_DAILY; an account open only on a 31st (0 days under THIRTY) averages its one balance
        total = sum((Fraction(balance) * days for _a, _b, days, balance in runs), Fraction(0))
        exact_balance = total / open_days if open_days else Fraction(lowest)
        earning = _dec(exact_balance)
        parts = " + ".join(f"{_show(balance)} × {days}" for _a, _b, days, balance in runs)
        steps.append(Step("Average daily balance", f"({parts}) / {open_days}", _show(exact_balance)))
    exact, rate = _interest(exact_balance, open_days, month_days, options, "Interest", steps)
    return _result(options, earning, [(start, end, open_days, earning, rate, exact)], steps)


def period_interest(*, balance: Decimal, start: date, end: date, options: InterestOptions) -> MonthInterest:
    """Interest on a constant ``balance`` from ``start`` to ``end`` (exclusive): a term deposit's month or
    whole term. The period is cut at the monthly anniversaries of ``start``; each whole month is one
    segment (1/12 of the yearly rate under MONTHLY, its days otherwise — 30 under THIRTY) and a broken
    last month one more. ``admin_fee`` is the monthly fee × the number of (whole or broken) months."""
    if not isinstance(options, InterestOptions):
        raise TypeError("options must be InterestOptions")
    amount = _decimal("balance", balance)
    if _date("end", end) <= _date("start", start):
        raise InterestError("end", "must be after start")
    counting, steps, pieces, months = options.day_counting, [], [], 0
    while add_months(start, months) < end:
        a, b = add_months(start, months), add_months(start, months + 1)
        months += 1
        length = 30 if counting == DayCounting.THIRTY else (b - a).days
        days = length if b <= end else count_days(a, end - ONE_DAY, counting)
        b = min(b, end)
        exact, rate = _interest(Fraction(amount), days, length, options, f"{a} – {b - ONE_DAY}", steps)
        pieces.append((a, b - ONE_DAY, days, amount, rate, exact))
    earning = None if options.method == BalanceMethod.DAILY else amount
    return _result(options, earning, pieces, steps, admin_fee=options.admin_fee * months)


# The withholding tax lives in members.savings.interest_tax; its names are importable from here too.
