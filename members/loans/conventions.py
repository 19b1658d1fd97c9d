"""The conventions a loan product can follow — how often instalments fall due, how a quoted rate
becomes a rate per instalment period, how interest days are counted, how figures are rounded, and the
shape of the repayments — as plain enumerations with the formulas they stand for. Pure Python.

The loan schedule (:mod:`members.loans.schedule`) takes these as options on ``LoanTerms``; the Django
models store their values, so a product (and every loan copied from it) names its conventions.
"""

from __future__ import annotations

from enum import StrEnum


class Frequency(StrEnum):
    """How often an instalment falls due. ``PERIODS_PER_YEAR`` gives p, the periods in a year."""

    DAILY = "daily"  # market-vendor loans (pinjaman harian pedagang pasar)
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMIANNUAL = "semiannual"
    YEARLY = "yearly"


PERIODS_PER_YEAR: dict[Frequency, int] = {
    Frequency.DAILY: 365,
    Frequency.WEEKLY: 52,
    Frequency.FORTNIGHTLY: 26,
    Frequency.MONTHLY: 12,
    Frequency.QUARTERLY: 4,
    Frequency.SEMIANNUAL: 2,
    Frequency.YEARLY: 1,
}


class RatePeriod(StrEnum):
    """The period a quoted rate is for (1.5 % per month, 18 % per year, 0.5 % per week)."""

    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


RATE_PERIODS_PER_YEAR: dict[RatePeriod, int] = {RatePeriod.WEEK: 52, RatePeriod.MONTH: 12, RatePeriod.YEAR: 1}


class RateConversion(StrEnum):
    """How a rate quoted for one period becomes the rate of the instalment period.

    NOMINAL    r = quoted × q / p              (q: quoted periods per year, p: instalment periods per year;
                                                a yearly 18 % paid monthly is 1.5 % a month)
    EFFECTIVE  r = (1 + quoted)^(q / p) − 1    (compounding: a yearly 18 % is 1.3888 % a month)
    """

    NOMINAL = "nominal"
    EFFECTIVE = "effective"


class DayCount(StrEnum):
    """How the interest of a period is counted for declining and annuity loans.

    THIRTY_360    every regular period earns the rate per period; an irregular first period earns
                  annual × days30/360 (days30 counts every month as 30 days: the 30/360 US rule)
    ACTUAL_365    annual × actual days / 365
    ACTUAL_360    annual × actual days / 360
    ACTUAL_ACTUAL annual × actual days / days of the year they fall in (365 or 366), split at a year end

    "annual" is the nominal quoted × q, under either conversion. A flat loan's interest is P × r per
    period by contract, whatever the day count. The act/… counts need the disbursement and first due
    dates; 30/360 is the default and the only one that works without dates.
    """

    THIRTY_360 = "30/360"
    ACTUAL_365 = "act/365"
    ACTUAL_360 = "act/360"
    ACTUAL_ACTUAL = "act/act"


class Rounding(StrEnum):
    """The precision of each stored part (principal, interest).

    WHOLE_RUPIAH and CENTS round each part; EXACT keeps ten decimal places in the computation and
    rounds only the figures shown and stored, by rounding the running totals (so the shown parts add up
    to the shown totals to the cent).
    """

    WHOLE_RUPIAH = "whole"
    CENTS = "cents"
    EXACT = "exact"


class RoundingMode(StrEnum):
    HALF_UP = "half_up"  # 0.5 → 1 (the Indonesian school rule, and the default)
    HALF_EVEN = "half_even"  # banker's rounding: 0.5 → 0, 1.5 → 2
    DOWN = "down"  # truncate toward zero


class InstalmentRounding(StrEnum):
    """When the instalment itself is rounded to a multiple M (Rp 100, 500, 1.000, 10.000): up is
    M × ceiling(x / M), nearest rounds x / M half up. Interest keeps its own precision, principal is the
    rounded instalment less the interest, and the last instalment takes what is left."""

    UP = "up"
    NEAREST = "nearest"


class GraceKind(StrEnum):
    """What happens in the grace periods (masa tenggang) at the start of the loan.

    INTEREST_ONLY  the member pays the period's interest, no principal
    CAPITALISED    nothing is paid; the interest is added to the principal (full deferral); the
                   instalments after the grace repay it first, shown as interest (income when received)
    INTEREST_FREE  nothing is paid and no interest runs
    """

    INTEREST_ONLY = "interest_only"
    CAPITALISED = "capitalised"
    INTEREST_FREE = "interest_free"
