"""Interest of a revolving credit line (kredit rekening koran / pinjaman berjalan) — pure Python.

The member draws and repays within a limit; interest runs daily on each day's end-of-day balance:

    interest = round( Σ_days balance_d × annual rate / basis_d )

with basis 365 (act/365), 360 (act/360) or the length of the day's year, 365 or 366 (act/act). A
movement counts from the day it happens (a draw on the 10th earns interest for the 10th; a repayment on
the 25th stops the interest on what it repays from the 25th). The days run from ``start`` to ``end``
inclusive (a calendar month: the 1st to the last day). The sum is exact and rounded once, at the
product's precision and mode. 30/360 makes no sense for daily balances and is refused.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

from members.loans.conventions import DayCount, Rounding, RoundingMode
from members.loans.figures import PRECISION, ZERO, Step, day, num, pct, round_part
from members.loans.periods import year_fraction
from members.loans.schedule import ScheduleError, to_decimal

ONE_DAY = datetime.timedelta(days=1)
BASIS = {DayCount.ACTUAL_365: "365", DayCount.ACTUAL_360: "360", DayCount.ACTUAL_ACTUAL: "365 or 366"}


@dataclass(frozen=True)
class LineSegment:
    start: datetime.date
    end: datetime.date  # inclusive
    days: int
    balance: Decimal  # the end-of-day balance on each of these days
    interest: Decimal  # exact


@dataclass(frozen=True)
class LineInterest:
    interest: Decimal  # rounded
    days: int
    segments: tuple[LineSegment, ...]
    closing_balance: Decimal
    steps: tuple[Step, ...]


def _movements(
    movements: Sequence[tuple[datetime.date, Decimal]], start: datetime.date, end: datetime.date
) -> list[tuple[datetime.date, Decimal]]:
    checked = []
    for when, amount in movements:
        if not isinstance(when, datetime.date):
            raise TypeError("a movement's date must be a date")
        if not start <= when <= end:
            raise ScheduleError("movements", f"{when.isoformat()} is outside {start.isoformat()} – {end.isoformat()}")
        checked.append((when, to_decimal("movements", amount)))
    return sorted(checked, key=lambda movement: movement[0])  # stable: same-day movements keep their order


def credit_line_interest(
    *,
    opening_balance: Decimal,
    movements: Sequence[tuple[datetime.date, Decimal]],
    start: datetime.date,
    end: datetime.date,
    annual_rate: Decimal,
    day_count: DayCount = DayCount.ACTUAL_365,
    limit: Decimal | None = None,
    rounding: Rounding = Rounding.WHOLE_RUPIAH,
    rounding_mode: RoundingMode = RoundingMode.HALF_UP,
) -> LineInterest:
    """The interest from ``start`` to ``end`` (inclusive) on a line with draws (+) and repayments (−)."""
    balance = to_decimal("opening_balance", opening_balance)
    rate = to_decimal("annual_rate", annual_rate)
    limit = None if limit is None else to_decimal("limit", limit)
    day_count = DayCount(day_count)
    if day_count == DayCount.THIRTY_360:
        raise ScheduleError("day_count", "a credit line counts actual days (act/365, act/360 or act/act)")
    if end < start:
        raise ScheduleError("end", "must not be before the start")
    if rate < 0:
        raise ScheduleError("annual_rate", "must not be negative")
    if limit is not None and limit <= 0:
        raise ScheduleError("limit", "must be positive")
    if balance < 0 or (limit is not None and balance > limit):
        raise ScheduleError("opening_balance", "must be between 0 and the limit")
    changes = _movements(movements, start, end)
    with localcontext() as context:
        context.prec = PRECISION
        segments, steps, cursor, index = [], [], start, 0
        while cursor <= end:
            while index < len(changes) and changes[index][0] == cursor:
                when, amount = changes[index]
                balance += amount
                if balance < 0:
                    raise ScheduleError("movements", f"the repayment of {num(-amount)} on {when} exceeds the balance")
                if limit is not None and balance > limit:
                    raise ScheduleError("movements", f"the draw of {num(amount)} on {when} exceeds the limit")
                index += 1
            following = changes[index][0] if index < len(changes) else end + ONE_DAY
            last = min(following - ONE_DAY, end)
            days = (last - cursor).days + 1
            interest = balance * rate * year_fraction(cursor, last + ONE_DAY, day_count)
            segments.append(LineSegment(cursor, last, days, balance, interest))
            formula = f"{num(balance)} × {pct(rate)} × {days} / {BASIS[day_count]}"
            steps.append(Step(f"{day(cursor)} – {day(last)}: {days} days", formula, num(interest, 4)))
            cursor = last + ONE_DAY
        exact = sum((segment.interest for segment in segments), ZERO)
        rounded = round_part(exact, rounding, rounding_mode)
        steps.append(Step("Interest, rounded once", f"{num(exact, 4)}", num(rounded)))
        return LineInterest(rounded, (end - start).days + 1, tuple(segments), balance, tuple(steps))
