"""Calendar arithmetic of loan schedules — due dates, interest days and the rate of an instalment
period — as pure functions on ``datetime.date`` and ``Decimal`` (no Django).

Due dates
    monthly, quarterly, semiannual, yearly  due_k = add_months(first due date, k × 1 / 3 / 6 / 12)
    daily, weekly, fortnightly              due_k = first due date + k × 1 / 7 / 14 days
    (k = 0, 1, …; each date is counted from the first one, so 31 Jan, 28 Feb, 31 Mar, … keep the 31st.)

Interest days of a period [start, end) — ``DayCount`` (conventions.py)
    30/360 (US)   days30 = 360·(Y2 − Y1) + 30·(M2 − M1) + (D2 − D1), after: if start and end are both the
                  last day of February, D2 = 30; if start is the last day of February, D1 = 30; if D2 = 31
                  and D1 ≥ 30, D2 = 30; if D1 = 31, D1 = 30.  Year fraction days30 / 360.
    act/365       actual days / 365            act/360   actual days / 360
    act/act       Σ over the calendar years the period touches: days in that year / 365 or 366 (ISDA)

Rate of an instalment period — ``RateConversion``, with q quoted periods and p instalment periods a year
    nominal       r = quoted × q / p           effective  r = (1 + quoted)^(q / p) − 1
"""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal, localcontext

from members.loans.conventions import (
    PERIODS_PER_YEAR,
    RATE_PERIODS_PER_YEAR,
    DayCount,
    Frequency,
    RateConversion,
    RatePeriod,
)

PRECISION = 34
MONTHS_PER_PERIOD = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.SEMIANNUAL: 6, Frequency.YEARLY: 12}
DAYS_PER_PERIOD = {Frequency.DAILY: 1, Frequency.WEEKLY: 7, Frequency.FORTNIGHTLY: 14}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved ``months`` calendar months on, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(first: datetime.date, frequency: Frequency, k: int) -> datetime.date:
    """The due date ``k`` periods after ``first`` (k may be negative: −1 is one period before)."""
    frequency = Frequency(frequency)
    if frequency in MONTHS_PER_PERIOD:
        return add_months(first, k * MONTHS_PER_PERIOD[frequency])
    return first + datetime.timedelta(days=k * DAYS_PER_PERIOD[frequency])


def due_dates_from(first: datetime.date, frequency: Frequency, count: int) -> list[datetime.date]:
    """``count`` due dates starting with ``first``, one ``frequency`` period apart."""
    return [due_date(first, frequency, k) for k in range(count)]


def is_regular_period(start: datetime.date, end: datetime.date, frequency: Frequency) -> bool:
    """Is [start, end) exactly one instalment period (either way round, month ends clamped)?"""
    return due_date(start, frequency, 1) == end or due_date(end, frequency, -1) == start


def _last_of_february(day: datetime.date) -> bool:
    return day.month == 2 and day.day == calendar.monthrange(day.year, 2)[1]


def days_30_360(start: datetime.date, end: datetime.date) -> int:
    """Days from ``start`` to ``end`` under the 30/360 US rule (see the module docstring)."""
    d1, d2 = start.day, end.day
    if _last_of_february(start) and _last_of_february(end):
        d2 = 30
    if _last_of_february(start):
        d1 = 30
    if d2 == 31 and d1 >= 30:
        d2 = 30
    d1 = min(d1, 30)
    return 360 * (end.year - start.year) + 30 * (end.month - start.month) + (d2 - d1)


def year_pieces(start: datetime.date, end: datetime.date) -> list[tuple[int, int, int]]:
    """[start, end) cut at year ends: (year, actual days in that year, days of that year)."""
    pieces = []
    while start < end:
        year_end = datetime.date(start.year + 1, 1, 1)
        piece_end = min(end, year_end)
        pieces.append((start.year, (piece_end - start).days, 366 if calendar.isleap(start.year) else 365))
        start = piece_end
    return pieces


def year_fraction(start: datetime.date, end: datetime.date, day_count: DayCount) -> Decimal:
    """The fraction of a year that [start, end) counts for under ``day_count`` (exact, 34 digits)."""
    day_count = DayCount(day_count)
    with localcontext() as context:
        context.prec = PRECISION
        if day_count == DayCount.THIRTY_360:
            return Decimal(days_30_360(start, end)) / 360
        if day_count == DayCount.ACTUAL_365:
            return Decimal((end - start).days) / 365
        if day_count == DayCount.ACTUAL_360:
            return Decimal((end - start).days) / 360
        return sum((Decimal(days) / length for _, days, length in year_pieces(start, end)), Decimal(0))


def convert_rate(rate: Decimal, rate_period: RatePeriod, frequency: Frequency, conversion: RateConversion) -> Decimal:
    """The rate per instalment period of a rate quoted per ``rate_period`` (see the module docstring)."""
    quoted = RATE_PERIODS_PER_YEAR[RatePeriod(rate_period)]
    periods = PERIODS_PER_YEAR[Frequency(frequency)]
    if quoted == periods:
        return rate
    with localcontext() as context:
        context.prec = PRECISION
        if RateConversion(conversion) == RateConversion.NOMINAL:
            return rate * quoted / periods
        if quoted % periods == 0:
            return (1 + rate) ** (quoted // periods) - 1
        return (1 + rate) ** (Decimal(quoted) / Decimal(periods)) - 1
