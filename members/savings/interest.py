"""Jasa simpanan (interest on savings) and its withholding tax — pure Python, no Django import.

The monthly job (:mod:`members.savings.interest_run`) and term deposits gather balances and call these.
Every convention is an option (:class:`InterestOptions`); the formulas with worked examples are in
docs/savings-loans.md ("Savings conventions"). Amounts are Decimals (a float raises TypeError); the
arithmetic inside is exact (fractions), rounded once where the options say. The withholding tax
(``withhold_tax``, ``TaxRule``) lives in :mod:`members.savings.interest_tax`.
"""

from __future__ import annotations

import calendar
import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from decimal import Context, Decimal, Inexact, localcontext
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise

from members.loans.periods import add_months

ONE, CENT, ZERO_CENTS, ONE_DAY = Decimal(1), Decimal("0.01"), Decimal("0.00"), timedelta(days=1)


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
    if isinstance(value, Decimal):  # 1200000.00 → "1200000", 0.030000 → "0.03": the figure, not its storage
        return format(value.normalize(), "f")
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
    if counting == DayCounting.ACTUAL:
        return (last - first).days + 1
    return _thirty(last) - _thirty(first - ONE_DAY)


def _denominator(month_days: int, basis: DayBasis) -> int:
    """K: a balance's yearly interest × days / K is what those days earn — 365 or 360, or 12 × the month's
    days under ÷ 12 (a whole month earns 1/12)."""
    if basis == DayBasis.MONTHLY:
        return 12 * month_days
    return 365 if basis == DayBasis.ACTUAL_365 else 360


def _factor_text(days: int, month_days: int, basis: DayBasis) -> str:
    if basis == DayBasis.MONTHLY:
        return "/ 12" if days == month_days else f"/ 12 × {days} / {month_days}"
    return f"× {days} / {365 if basis == DayBasis.ACTUAL_365 else 360}"


# --- integers: balances × 10^b, rates × 10^r, so a month's interest is one exact integer ratio ----------


class _MorePlaces(Exception):
    """A balance has more decimal places than the scale in use: the calculation starts again with more."""


def _balance_places(options: InterestOptions, balances) -> int:
    return _places([*balances, options.minimum_balance, *(tier.floor for tier in options.tiers)])


@functools.lru_cache(maxsize=64)
def _scale(options: InterestOptions, b: int) -> _Scale:
    return _Scale(options, b)


def _places(values) -> int:
    """The most decimal places among ``values`` (Decimals), at least 2."""
    most = 2
    for value in values:
        exponent = value.as_tuple().exponent
        if -exponent > most:
            most = -exponent
    return most


class _Scale:
    """The integer form of one calculation: a balance B is ``B × 10^b``, a rate ``rate × 10^r``; a year's
    interest on a balance is then an integer at 10^(b + r) (:meth:`yearly`), exactly. One per options and
    ``b`` (:func:`_scale`): the monthly job reuses it for every account of a product."""

    def __init__(self, options: InterestOptions, b: int) -> None:
        self.options, self.b = options, b
        self.r = _places([options.rate, *(tier.rate for tier in options.tiers)])
        self.minimum = self.int(options.minimum_balance)
        self.rate = int(options.rate.scaleb(self.r))
        self.tiers = [(self.int(tier.floor), int(tier.rate.scaleb(self.r))) for tier in options.tiers]
        self.ceilings = [floor for floor, _rate in self.tiers[1:]] + [None]

    def int(self, value: Decimal) -> int:
        """``value`` × 10^b, which must be whole (:class:`_MorePlaces` when a balance has more decimals)."""
        scaled = value.scaleb(self.b)
        whole = int(scaled)
        if whole != scaled:
            raise _MorePlaces
        return whole

    def yearly(self, balance: int, count: int = 1) -> int:
        """A year's interest on ``balance`` / ``count`` (an average), × ``count``: the whole balance at the
        rate or its tier's, or each slice at its own rate."""
        if not self.tiers:
            return balance * self.rate
        if self.options.tier_mode == TierMode.WHOLE:
            rate = next(rate for floor, rate in reversed(self.tiers) if balance >= floor * count)
            return balance * rate
        amount = 0
        for (floor, rate), ceiling in zip(self.tiers, self.ceilings, strict=True):
            if balance <= floor * count:
                break
            top = balance if ceiling is None else min(balance, ceiling * count)
            amount += (top - floor * count) * rate
        return amount

    def rate_of(self, balance: int, count: int = 1) -> Decimal:
        """The rate ``balance`` earns (for sliced tiers the blended one)."""
        if not balance:
            return self.options.tiers[0].rate if self.tiers else self.options.rate
        return _dec(Fraction(self.yearly(balance, count), balance * 10**self.r))

    def amount(self, numerator: int, denominator: int) -> Fraction:
        return Fraction(numerator, denominator * 10 ** (self.b + self.r))

    def rounded(self, numerator: int, denominator: int) -> Decimal:
        """``numerator / denominator`` (at 10^(b + r)) rounded as the options say, two decimal places."""
        places = 0 if self.options.rounding == InterestRounding.WHOLE_RUPIAH else 2
        whole = denominator * 10 ** (self.b + self.r)
        scaled = numerator * 10**places
        if self.options.rounding_mode == InterestRoundingMode.HALF_UP:
            units = (2 * scaled + whole) // (2 * whole)
        else:
            units = scaled // whole
        return Decimal(units).scaleb(-places).quantize(CENT)


# --- rates (shown) ----------------------------------------------------------------------------------------


def _yearly_text(balance: Decimal, options: InterestOptions) -> str:
    """How a year's interest on ``balance`` is worked out, with its numbers."""
    shown = _show(balance)
    if not options.tiers:
        return f"{shown} × {_show(options.rate)}"
    if options.tier_mode == TierMode.WHOLE:
        tier = [tier for tier in options.tiers if tier.floor <= balance][-1]
        return f"{shown} × {_show(tier.rate)}"
    parts, ceilings = [], [tier.floor for tier in options.tiers[1:]] + [None]
    for tier, ceiling in zip(options.tiers, ceilings, strict=True):
        if balance <= tier.floor:
            break
        top = balance if ceiling is None else min(balance, ceiling)
        parts.append(f"({_show(top)} − {_show(tier.floor)}) × {_show(tier.rate)}")
    return "(" + " + ".join(parts or ["0"]) + ")"


class _Month:
    """One account's interest worked out in integers; segments and steps only when ``explain``."""

    def __init__(self, options: InterestOptions, scale: _Scale, month_days: int, explain: bool) -> None:
        self.options, self.scale, self.month_days, self.explain = options, scale, month_days, explain
        self.denominator = _denominator(month_days, options.day_basis)
        self.pieces: list[tuple] = []  # (start, end, days, balance, balance as int, count, numerator)
        self.steps: list[Step] = []

    def earn(self, label: str, start, end, days, balance: Decimal, total: int, count: int = 1) -> None:
        """``total`` / ``count`` (an integer balance, or a sum of balance × days over ``count`` days)
        earning for ``days``; nothing below the minimum balance."""
        scale, options = self.scale, self.options
        if total < scale.minimum * count:
            numerator = 0
            if self.explain:
                formula = f"{_show(balance)} < minimum {_show(options.minimum_balance)}"
                self.steps.append(Step(label, formula, "0"))
        else:
            # an average's sum of balance × days over ``days`` days earns sum × rate / K: the days cancel
            numerator = scale.yearly(total, count) * (days if count == 1 else 1)
            if self.explain:
                factor = _factor_text(days, self.month_days, options.day_basis)
                value = _show(scale.amount(numerator, self.denominator))
                self.steps.append(Step(label, f"{_yearly_text(balance, options)} {factor}", value))
        self.pieces.append((start, end, days, balance, total, count, numerator))

    def result(self, earning: Decimal | None, admin_fee: Decimal) -> MonthInterest:
        scale, options, denominator = self.scale, self.options, self.denominator
        per_segment = options.rounding_point == RoundingPoint.SEGMENT
        if per_segment:
            shown = [scale.rounded(piece[-1], denominator) for piece in self.pieces]
            gross = sum(shown, ZERO_CENTS)  # rounded figures add up to a rounded figure
        else:
            gross = scale.rounded(sum(piece[-1] for piece in self.pieces), denominator)
        if not self.explain:
            return MonthInterest(gross, admin_fee, earning, (), ())
        segments, terms = [], []
        for index, (start, end, days, balance, total, count, numerator) in enumerate(self.pieces):
            exact = scale.amount(numerator, denominator)
            interest = shown[index] if per_segment else _dec(exact)
            terms.append(_show(Fraction(interest) if per_segment else exact))
            segments.append(Segment(start, end, days, balance, scale.rate_of(total, count), interest))
        exact_total = (
            sum((Fraction(value) for value in shown), Fraction(0))
            if per_segment
            else scale.amount(sum(piece[-1] for piece in self.pieces), denominator)
        )
        point = "each segment rounded, then added" if per_segment else "rounded once"
        formula = f"{' + '.join(terms)} = {_show(exact_total)}; {point} ({_rounding_text(options)})"
        self.steps.append(Step("Jasa simpanan", formula, str(gross)))
        return MonthInterest(gross, admin_fee, earning, tuple(segments), tuple(self.steps))


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
    runs, day, previous = [], start, first
    for moved, after in movements:
        if type(moved) is not date:  # the full checks only off the common path (a month may hold millions)
            _date("movements", moved)
        if type(after) is not Decimal or after < 0 or not after.is_finite():
            after = _decimal("movements", after)
        if not start <= moved <= end or moved < previous:
            raise InterestError("movements", f"{moved}: outside the account's days of the month, or out of order")
        previous = moved
        if moved > day:  # the days before this movement closed at the balance so far
            _extend(runs, day, moved - ONE_DAY, balance)
            day = moved
        balance = after
    _extend(runs, day, end, balance)
    return runs, first, last


def _extend(runs: list, first: date, last: date, balance: Decimal) -> None:
    """Days ``first``..``last`` closing at ``balance``: a new run, or the last one longer if it closed at it."""
    if runs and runs[-1][2] == balance:
        runs[-1][1] = last
    else:
        runs.append([first, last, balance])


def month_interest(
    *,
    year: int,
    month: int,
    opening_balance: Decimal,
    movements: Iterable[tuple[date, Decimal]],
    options: InterestOptions,
    opened_on: date | None = None,
    closed_on: date | None = None,
    explain: bool = True,
) -> MonthInterest:
    """The jasa simpanan of one account for one month.

    ``opening_balance`` is the balance at the start of the month (0 for an account opened within it),
    ``movements`` the month's (date, balance after) in order; the last movement of a day gives that
    day's end-of-day balance. Days before ``opened_on`` and after ``closed_on`` earn nothing. With
    ``explain=False`` (the monthly job, 100.000 accounts) only the figures come back, the same ones,
    without segments and steps.
    """
    if not isinstance(options, InterestOptions):
        raise TypeError("options must be InterestOptions")
    runs, first, last = _runs(year, month, opening_balance, movements, opened_on, closed_on)
    counting = options.day_counting
    month_days = 30 if counting == DayCounting.THIRTY else last.day
    start, end = runs[0][0], runs[-1][1]
    open_days = count_days(start, end, counting)
    try:  # balances in cents, as the books keep them; more places only when a balance has them
        return _month(options, runs, first, last, open_days, month_days, explain, _scale(options, 2))
    except _MorePlaces:
        places = _balance_places(options, [balance for *_days, balance in runs])
        return _month(options, runs, first, last, open_days, month_days, explain, _scale(options, places))


def _month(options, runs, first, last, open_days, month_days, explain, scale) -> MonthInterest:
    counting, start, end = options.day_counting, runs[0][0], runs[-1][1]
    work = _Month(options, scale, month_days, explain)
    if explain:
        work.steps.append(Step("Days in the month", f"{first:%Y-%m}, {counting} day counting", str(month_days)))
        if (start, end) != (first, last):
            work.steps.append(Step("Days open", f"{start} – {end}, {counting} day counting", str(open_days)))
    runs = [(a, b, count_days(a, b, counting), balance) for a, b, balance in runs]
    if options.method == BalanceMethod.DAILY:
        for a, b, days, balance in runs:
            work.earn(f"{a} – {b}" if explain else "", a, b, days, balance, scale.int(balance))
        return work.result(None, options.admin_fee)
    lowest = min(balance for *_days, balance in runs)
    if options.method == BalanceMethod.LOWEST:
        earning = lowest
        if explain:
            formula = "min(" + ", ".join(_show(balance) for *_days, balance in runs) + ")"
            work.steps.append(Step("Lowest end-of-day balance", formula, _show(lowest)))
        work.earn("Interest", start, end, open_days, earning, scale.int(lowest))
    elif open_days:  # AVERAGE_DAILY
        total = sum(scale.int(balance) * days for _a, _b, days, balance in runs)
        average = Fraction(total, open_days * 10**scale.b)
        earning = _dec(average)
        if explain:
            parts = " + ".join(f"{_show(balance)} × {days}" for _a, _b, days, balance in runs)
            work.steps.append(Step("Average daily balance", f"({parts}) / {open_days}", _show(average)))
        work.earn("Interest", start, end, open_days, earning, total, open_days)
    else:  # an account open only on a 31st (0 days under THIRTY) averages its one balance and earns nothing
        earning = lowest
        if explain:
            work.steps.append(Step("Average daily balance", f"({_show(lowest)} × 0) / 0", _show(lowest)))
        work.earn("Interest", start, end, 0, earning, scale.int(lowest))
    return work.result(earning, options.admin_fee)


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
    counting, scale, months = options.day_counting, _scale(options, _balance_places(options, [amount])), 0
    pieces, steps = [], []
    while add_months(start, months) < end:
        a, b = add_months(start, months), add_months(start, months + 1)
        months += 1
        length = 30 if counting == DayCounting.THIRTY else (b - a).days
        days = length if b <= end else count_days(a, end - ONE_DAY, counting)
        b = min(b, end)
        work = _Month(options, scale, length, True)
        work.earn(f"{a} – {b - ONE_DAY}", a, b - ONE_DAY, days, amount, scale.int(amount))
        pieces.append(work)
        steps += work.steps
    # Months of different lengths have different denominators: each month's exact interest added as a fraction.
    return _period_result(options, scale, pieces, steps, amount, months)


def _period_result(options, scale, works, steps, amount, months) -> MonthInterest:
    per_segment = options.rounding_point == RoundingPoint.SEGMENT
    segments, terms, exact_total = [], [], Fraction(0)
    for work in works:
        start, end, days, balance, total, count, numerator = work.pieces[0]
        exact = scale.amount(numerator, work.denominator)
        interest = scale.rounded(numerator, work.denominator) if per_segment else _dec(exact)
        value = Fraction(interest) if per_segment else exact
        exact_total += value
        terms.append(_show(value))
        segments.append(Segment(start, end, days, balance, scale.rate_of(total, count), interest))
    gross = round_amount(exact_total, options.rounding, options.rounding_mode)
    point = "each segment rounded, then added" if per_segment else "rounded once"
    formula = f"{' + '.join(terms)} = {_show(exact_total)}; {point} ({_rounding_text(options)})"
    steps.append(Step("Jasa simpanan", formula, str(gross)))
    earning = None if options.method == BalanceMethod.DAILY else amount
    return MonthInterest(gross, options.admin_fee * months, earning, tuple(segments), tuple(steps))
