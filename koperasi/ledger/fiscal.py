"""Months and fiscal years: a period is ``year * 100 + month`` (``202603``); fiscal years are named by
the calendar year they start in (a cooperative's ``fiscal_year_start_month`` sets the start)."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self):
        if not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")

    @classmethod
    def of(cls, day: datetime.date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> Month:
        """``"2026-03"`` → ``Month(2026, 3)``."""
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", (text or "").strip())
        if not match:
            raise ValueError(f"not a month (YYYY-MM): {text!r}")
        return cls(int(match[1]), int(match[2]))

    @property
    def key(self) -> int:
        return self.year * 100 + self.month

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def plus(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


def months_between(start: Month, end: Month) -> int:
    """Number of months from ``start`` to ``end`` (0 when equal)."""
    return (end.year - start.year) * 12 + end.month - start.month


def fiscal_year_of(day: datetime.date, start_month: int = 1) -> int:
    return day.year if day.month >= start_month else day.year - 1


def fiscal_year_months(fiscal_year: int, start_month: int = 1) -> tuple[Month, Month]:
    first = Month(fiscal_year, start_month)
    return first, first.plus(11)
