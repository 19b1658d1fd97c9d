"""Jasa simpanan and its withholding tax (members/savings/interest.py, interest_tax.py): the published
Indonesian worked examples, every convention to the Rupiah, today's job as a special case, the edge
cases, and properties for any month. Every expected figure is worked out here by hand or by a plain
independent calculation, never read off the implementation. No database."""

import calendar
import datetime
from dataclasses import replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from members.savings.interest import (
    BalanceMethod,
    DayBasis,
    DayCounting,
    InterestError,
    InterestOptions,
    InterestRounding,
    InterestRoundingMode,
    RoundingPoint,
    Tier,
    TierMode,
    month_interest,
    period_interest,
)
from members.savings.interest_tax import TaxRule, tax_rule_on, withhold_tax

D = Decimal
day = datetime.date
LOWEST, AVERAGE, DAILY = BalanceMethod.LOWEST, BalanceMethod.AVERAGE_DAILY, BalanceMethod.DAILY
A365, A360, MONTHLY = DayBasis.ACTUAL_365, DayBasis.ACTUAL_360, DayBasis.MONTHLY
CENTS, DOWN = InterestRounding.CENTS, InterestRoundingMode.DOWN
PP15 = TaxRule(day(2009, 1, 1), D("0.10"), D("240000"))  # PPh final on koperasi jasa simpanan (PP 15/2009)


def month(y, m, opening, moves, options, **kwargs):
    return month_interest(year=y, month=m, opening_balance=D(opening), movements=moves, options=options, **kwargs)


def moves(y, m, *pairs):
    return [(day(y, m, d), D(balance)) for d, balance in pairs]


def whole(value: Decimal) -> Decimal:
    return value.quantize(D(1), rounding=ROUND_HALF_UP)


def cents(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


# --- published examples -----------------------------------------------------------------------------------

# The classic illustration of the three methods (attributed to Bank Indonesia's consumer education and
# reproduced on many bank and BPR pages): an account opened on 1 June with Rp 1.000.000, then
# 5 Jun +5.000.000, 6 Jun −500.000, 10 Jun +2.500.000, 20 Jun −1.000.000, 25 Jun +10.000.000,
# 30 Jun −2.000.000; 365 days a year, figures to the cent.
JUNE = moves(
    2013, 6, (1, 1000000), (5, 6000000), (6, 5500000), (10, 8000000), (20, 7000000), (25, 17000000), (30, 15000000)
)
TIERS_3_5 = (Tier(D(0), D("0.03")), Tier(D(5000000), D("0.05")))  # below Rp 5 juta 3 %, from Rp 5 juta 5 %


def june(options):
    return month(2013, 6, 0, JUNE, options, opened_on=day(2013, 6, 1))


def test_published_saldo_terendah_june_example():
    result = june(InterestOptions(rate=D("0.05"), method=LOWEST, day_basis=A365, rounding=CENTS))
    assert result.earning_balance == D(1000000)  # the 0 before the first deposit on the 1st is no end-of-day balance
    assert result.gross == D("4109.59")  # published: Rp 1 juta × 5 % × 30 / 365 = Rp 4.109,59
    assert result.steps[-2].formula == "1000000 × 0.05 × 30 / 365"


def test_published_saldo_rata_rata_june_example_with_tiers():
    result = june(InterestOptions(method=AVERAGE, day_basis=A365, tiers=TIERS_3_5, rounding=CENTS))
    balance_days = 1000000 * 4 + 6000000 * 1 + 5500000 * 4 + 8000000 * 10 + 7000000 * 5 + 17000000 * 5 + 15000000
    assert balance_days == 247_000_000
    assert cents(result.earning_balance) == D("8233333.33")
    # 8.233.333,33 ≥ Rp 5 juta → 5 %: 247.000.000 / 30 × 5 % × 30 / 365 = 12.350.000 / 365 = 33.835,616…
    assert result.gross == D("33835.62")
    assert result.segments[0].rate == D("0.05")


def test_published_saldo_harian_june_example_with_tiers():
    by_hand = [  # (balance, days, rate): each day's end-of-day balance at its tier's rate / 365
        (1000000, 4, D("0.03")),
        (6000000, 1, D("0.05")),
        (5500000, 4, D("0.05")),
        (8000000, 10, D("0.05")),
        (7000000, 5, D("0.05")),
        (17000000, 5, D("0.05")),
        (15000000, 1, D("0.05")),
    ]
    segment_cents = [cents(D(b) * r * n / 365) for b, r, n in by_hand]
    assert segment_cents == [
        D(x) for x in ("328.77", "821.92", "3013.70", "10958.90", "4794.52", "11643.84", "2054.79")
    ]
    once = june(InterestOptions(method=DAILY, day_basis=A365, tiers=TIERS_3_5, rounding=CENTS))
    assert once.earning_balance is None
    assert [(s.balance, s.days, s.rate) for s in once.segments] == [(D(b), n, r) for b, n, r in by_hand]
    assert once.gross == D("33616.44")  # 12.270.000 / 365 = 33.616,438…
    per_segment = june(
        InterestOptions(
            method=DAILY, day_basis=A365, tiers=TIERS_3_5, rounding=CENTS, rounding_point=RoundingPoint.SEGMENT
        )
    )
    assert [s.interest for s in per_segment.segments] == segment_cents
    assert per_segment.gross == sum(segment_cents) == D("33616.44")


def test_published_february_lowest_balance_example():
    # DBS Indonesia's example: in February the balance runs 30, 50, 40 and 50 juta (from 1, 4, 10, 17 Feb);
    # the lowest Rp 30 juta × (5 % × 28) / 365 = Rp 115.068.
    feb = moves(2023, 2, (4, 50000000), (10, 40000000), (17, 50000000))
    result = month(2023, 2, 30000000, feb, InterestOptions(rate=D("0.05"), day_basis=A365))
    assert result.earning_balance == D(30000000)
    assert result.gross == whole(D(30000000) * D("0.05") * 28 / 365) == D(115068)
    leap = month(2024, 2, 30000000, [], InterestOptions(rate=D("0.05"), day_basis=A365))
    assert leap.gross == whole(D(30000000) * D("0.05") * 29 / 365) == D(119178)


def test_published_bni_taplus_muda_example_average_tiers_tax_and_fee():
    # A published exercise (BNI Taplus Muda, September 2015): Rp 350.000 on 1 Sep, +50.000.000 on 7 Sep,
    # −5.000.000 on 16 Sep, −350.000 on 20 Sep, +25.000.000 on 23 Sep, +10.000.000 on 25 Sep; tiers
    # 0 / 0,5 % / 0,75 % / 1 % / 1,25 % from Rp 0 / 1 / 10 / 50 / 100 juta; 20 % tax; Rp 5.000 fee.
    tiers = (
        Tier(D(0), D(0)),
        Tier(D(1000000), D("0.005")),
        Tier(D(10000000), D("0.0075")),
        Tier(D(50000000), D("0.01")),
        Tier(D(100000000), D("0.0125")),
    )
    sept = moves(2015, 9, (7, 50350000), (16, 45350000), (20, 45000000), (23, 70000000), (25, 80000000))
    options = InterestOptions(method=AVERAGE, day_basis=A365, tiers=tiers, admin_fee=D(5000), rounding=CENTS)
    result = month(2015, 9, 350000, sept, options)
    total = 350000 * 6 + 50350000 * 9 + 45350000 * 4 + 45000000 * 3 + 70000000 * 2 + 80000000 * 6
    assert total == 1_391_650_000 and cents(result.earning_balance) == D("46388333.33")
    assert result.gross == cents(D(total) * D("0.0075") / 365) == D("28595.55")  # published Rp 28.595,55
    assert result.admin_fee == D(5000)
    tax = withhold_tax([result.gross], TaxRule(day(2000, 1, 1), D("0.20"), D(0)), rounding=CENTS)
    assert (tax.tax_total, tax.nets) == (D("5719.11"), (D("22876.44"),))  # published Rp 5.719,11
    assert D(80000000) + tax.nets[0] - result.admin_fee == D("80017876.44")  # the published closing balance


def test_published_thirty_day_month_example():
    # An exercise counting every month as 30 days with a 365-day year: Rp 1.000.000 at 12 % in
    # February 2002 → 1.000.000 × 12 % × 30 / 365 = Rp 9.863,01.
    options = InterestOptions(rate=D("0.12"), day_basis=A365, day_counting=DayCounting.THIRTY, rounding=CENTS)
    assert month(2002, 2, 1000000, [], options).gross == D("9863.01")


# --- today's monthly job as a special case -----------------------------------------------------------


def test_todays_lowest_balance_job_is_lowest_monthly():
    # tests/members/test_monthly_jobs.py: 1.000.000, then 800.000 from 15 Feb 2026, 3 % / 12 → Rp 2.000
    result = month(2026, 2, 1000000, moves(2026, 2, (15, 800000)), InterestOptions(rate=D("0.03")))
    assert result.gross == whole(D(800000) * D("0.03") / 12) == D(2000)
    assert result.steps[-2].formula == "800000 × 0.03 / 12"


def test_todays_daily_job_is_daily_actual_365():
    # 14 days at 1.000.000, 14 at 800.000: 25.200.000 balance-days × 3 % / 365 = 2.071,23 → Rp 2.071
    options = InterestOptions(rate=D("0.03"), method=DAILY, day_basis=A365)
    assert month(2026, 2, 1000000, moves(2026, 2, (15, 800000)), options).gross == D(2071)


def todays_daily_basis(y, m, opening, changes):
    """members/savings/monthly.py's interest_basis_balances for the daily basis, restated."""
    end_of_day, balance, total = {}, opening, D(0)
    for when, after in changes:
        end_of_day[when.day] = after
    for d in range(1, calendar.monthrange(y, m)[1] + 1):
        balance = end_of_day.get(d, balance)
        total += balance
    return total


months = st.tuples(st.integers(2020, 2030), st.integers(1, 12))
money = st.integers(0, 10**10).map(D) | st.integers(0, 10**12).map(lambda n: D(n) / 100)
rates = st.integers(0, 2000).map(lambda n: D(n) / 10000)


@st.composite
def month_data(draw, one_a_day=False, not_on_first=False):
    y, m = draw(months)
    last = calendar.monthrange(y, m)[1]
    first_day = 2 if not_on_first else 1
    days = draw(st.lists(st.integers(first_day, last), max_size=12, unique=one_a_day))
    return y, m, draw(money), [(day(y, m, d), draw(money)) for d in sorted(days)]


@given(month_data(), rates)
def test_todays_daily_basis_equals_daily_actual_365_rounded_once(data, rate):
    y, m, opening, changes = data
    expected = whole(todays_daily_basis(y, m, opening, changes) * rate / 365)
    options = InterestOptions(rate=rate, method=DAILY, day_basis=A365)
    assert (
        month_interest(year=y, month=m, opening_balance=opening, movements=changes, options=options).gross == expected
    )


@given(month_data(one_a_day=True, not_on_first=True), rates)
def test_todays_lowest_balance_equals_lowest_monthly(data, rate):
    # today's job: min(opening, every balance after); with no movement on the 1st and one a day that is
    # the lowest end-of-day balance
    y, m, opening, changes = data
    expected = whole(min([opening, *(after for _d, after in changes)]) * rate / 12)
    options = InterestOptions(rate=rate, method=LOWEST, day_basis=MONTHLY)
    assert (
        month_interest(year=y, month=m, opening_balance=opening, movements=changes, options=options).gross == expected
    )


def test_lowest_is_of_end_of_day_balances_unlike_todays_job():
    # Two differences from today's min(opening, every balance after): a deposit on the 1st replaces the
    # opening balance, and a dip within a day (withdraw, then deposit back the same day) does not count.
    options = InterestOptions(rate=D("0.12"))
    assert month(2026, 3, 100000, moves(2026, 3, (1, 500000)), options).earning_balance == D(500000)
    dip = moves(2026, 3, (10, 0), (10, 500000))
    assert month(2026, 3, 500000, dip, options).gross == D(5000)  # 500.000 × 12 % / 12


# --- days ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("y", "m", "actual_days"),
    [(2024, 2, 29), (2023, 2, 28), (2026, 1, 31), (2026, 4, 30), (2100, 2, 28), (2000, 2, 29)],
)
def test_days_of_the_month_actual_and_thirty(y, m, actual_days):
    balance, rate = D(7300000), D("0.05")
    for counting, days in ((DayCounting.ACTUAL, actual_days), (DayCounting.THIRTY, 30)):
        options = InterestOptions(rate=rate, day_basis=A365, day_counting=counting, rounding=CENTS)
        result = month(y, m, balance, [], options)
        assert result.segments[0].days == days
        assert result.gross == cents(balance * rate * days / 365)  # 1.000 × days
        a360 = month(y, m, balance, [], InterestOptions(rate=rate, day_basis=A360, day_counting=counting))
        assert a360.gross == whole(balance * rate * days / 360)


def test_thirty_day_counting_day_31_counts_nothing_and_february_stretches_to_30():
    options = InterestOptions(rate=D("0.0365"), method=DAILY, day_basis=A365, day_counting=DayCounting.THIRTY)
    # January: 1–15 and 16–30 are 15 days each; the 31st counts as the 30th, so adds no day
    jan = month(2026, 1, 1000000, moves(2026, 1, (16, 2000000), (31, 9000000)), options)
    assert [(s.start.day, s.end.day, s.days) for s in jan.segments] == [(1, 15, 15), (16, 30, 15), (31, 31, 0)]
    assert jan.gross == D(1000000 * 15 // 10000 + 2000000 * 15 // 10000)  # balance × 3,65 % / 365 = balance / 10.000
    # February 2023: the 28th stands for 28, 29, 30; in 2024 the 29th stands for 29 and 30
    feb = month(2023, 2, 1000000, moves(2023, 2, (28, 2000000)), options)
    assert [s.days for s in feb.segments] == [27, 3]
    leap = month(2024, 2, 1000000, moves(2024, 2, (29, 2000000)), options)
    assert [s.days for s in leap.segments] == [28, 2]
    assert sum(s.days for s in month(2024, 2, 1, [], options).segments) == 30


def test_monthly_basis_prorates_a_partial_month_by_its_days():
    # DAILY with MONTHLY basis: balance × rate / 12 × days / days of the month
    options = InterestOptions(rate=D("0.12"), method=DAILY, day_basis=MONTHLY, rounding=CENTS)
    result = month(2026, 1, 3100000, moves(2026, 1, (11, 6200000)), options)  # 10 days, then 21
    assert result.gross == cents(D(3100000) * D("0.01") * 10 / 31 + D(6200000) * D("0.01") * 21 / 31)
    assert result.gross == D(10000 + 42000)


def test_an_account_opened_on_the_last_day_earns_one_day():
    last = day(2026, 1, 31)
    for method in BalanceMethod:
        a365 = InterestOptions(rate=D("0.0365"), method=method, day_basis=A365, rounding=CENTS)
        r = month(2026, 1, 0, [(last, D(5000000))], a365, opened_on=last)
        assert (r.gross, r.segments[0].days) == (D("500.00"), 1)  # 5.000.000 × 3,65 % × 1 / 365
        monthly = InterestOptions(rate=D("0.12"), method=method, rounding=CENTS)
        assert month(2026, 1, 0, [(last, D(3100000))], monthly, opened_on=last).gross == D("1000.00")  # /12 × 1/31
        thirty = InterestOptions(rate=D("0.12"), method=method, day_basis=A365, day_counting=DayCounting.THIRTY)
        assert month(2026, 1, 0, [(last, D(3100000))], thirty, opened_on=last).gross == 0  # the 31st: no day


def test_an_account_opened_within_the_month_earns_from_its_opening_day():
    # opened 21 Jan with 2.000.000: the 0 before does not make the lowest balance 0
    options = InterestOptions(rate=D("0.0365"), day_basis=A365)
    result = month(2026, 1, 0, [(day(2026, 1, 21), D(2000000))], options, opened_on=day(2026, 1, 21))
    assert (result.earning_balance, result.segments[0].days, result.gross) == (D(2000000), 11, D(2200))
    closed = month(2026, 1, 2000000, [], options, closed_on=day(2026, 1, 10))
    assert (closed.segments[0].end, closed.gross) == (day(2026, 1, 10), D(2000))


def test_movements_on_the_first_and_the_last_day():
    options = InterestOptions(rate=D("0.12"))
    both = moves(2026, 3, (1, 2000000), (31, 1500000))
    assert month(2026, 3, 100000, both, options).gross == D(15000)  # lowest 1.500.000 (the 31st) × 1 %
    daily = InterestOptions(rate=D("0.0365"), method=DAILY, day_basis=A365)
    result = month(2026, 3, 100000, both, daily)
    assert [(s.start.day, s.end.day, s.balance) for s in result.segments] == [(1, 30, 2000000), (31, 31, 1500000)]
    assert result.gross == D(2000000 * 30 // 10000 + 1500000 // 10000)


# --- tiers, minimum balance, rounding, fee -------------------------------------------------------------


@pytest.mark.parametrize(
    ("balance", "whole_rate", "sliced"),
    [
        (4999999, D("0.03"), D(4999999) * D("0.03")),
        (5000000, D("0.05"), D(5000000) * D("0.03")),
        (5000001, D("0.05"), D(5000000) * D("0.03") + D(1) * D("0.05")),
    ],
)
def test_tier_boundary_exactly_at_the_floor_and_one_rupiah_either_side(balance, whole_rate, sliced):
    for method in (LOWEST, DAILY):
        whole_tiers = InterestOptions(method=method, tiers=TIERS_3_5, rounding=CENTS)
        result = month(2026, 4, balance, [], whole_tiers)
        assert (result.segments[0].rate, result.gross) == (whole_rate, cents(D(balance) * whole_rate / 12))
        sliced_tiers = InterestOptions(method=method, tiers=TIERS_3_5, tier_mode=TierMode.SLICED, rounding=CENTS)
        assert month(2026, 4, balance, [], sliced_tiers).gross == cents(sliced / 12)


def test_sliced_tiers_over_three_slices():
    tiers = (Tier(D(0), D(0)), Tier(D(1000000), D("0.02")), Tier(D(10000000), D("0.04")))
    options = InterestOptions(tiers=tiers, tier_mode=TierMode.SLICED)
    # (10.000.000 − 1.000.000) × 2 % + (25.000.000 − 10.000.000) × 4 % = 780.000 a year → 65.000 a month
    result = month(2026, 5, 25000000, [], options)
    assert result.gross == D(65000)
    assert (
        result.steps[-2].formula
        == "((1000000 − 0) × 0 + (10000000 − 1000000) × 0.02 + (25000000 − 10000000) × 0.04) / 12"
    )


def test_minimum_balance():
    options = InterestOptions(rate=D("0.12"), minimum_balance=D(500000))
    assert month(2026, 6, 499999, [], options).gross == 0
    assert month(2026, 6, 500000, [], options).gross == D(5000)
    average = InterestOptions(rate=D("0.12"), method=AVERAGE, minimum_balance=D(500000))
    assert month(2026, 6, 400000, moves(2026, 6, (16, 600000)), average).gross == D(5000)  # average 500.000
    daily = InterestOptions(rate=D("0.0365"), method=DAILY, day_basis=A365, minimum_balance=D(500000))
    result = month(2026, 6, 400000, moves(2026, 6, (16, 600000)), daily)
    assert [s.interest for s in result.segments] == [0, D(600000 * 15) / 10000]  # days below earn nothing
    assert result.gross == D(900)


def test_rounding_whole_cents_half_up_down():
    # lowest 1.050 × 12 % / 12 = 10,50
    expected = {
        (InterestRounding.WHOLE_RUPIAH, InterestRoundingMode.HALF_UP): D(11),
        (InterestRounding.WHOLE_RUPIAH, DOWN): D(10),
        (CENTS, InterestRoundingMode.HALF_UP): D("10.50"),
        (CENTS, DOWN): D("10.50"),
    }
    for (rounding, mode), gross in expected.items():
        options = InterestOptions(rate=D("0.12"), rounding=rounding, rounding_mode=mode)
        assert month(2026, 7, 1050, [], options).gross == gross
    options = InterestOptions(rate=D("0.12"), rounding=CENTS, rounding_mode=DOWN)
    assert month(2026, 7, 1999, [], options).gross == D("19.99")  # 19,99 exactly
    assert month(2026, 7, 1999, [], InterestOptions(rate=D("0.11"), rounding=CENTS, rounding_mode=DOWN)).gross == D(
        "18.32"
    )  # 1.999 × 11 % / 12 = 18,324…


def test_rounding_point_month_or_segment():
    # 3,65 % / 365: a day's interest is balance / 10.000. 10 days at 150.400 = 150,4; 10 at 250.400 = 250,4;
    # 11 at 100.400 = 110,44. Once: 511,24 → 511. Per segment: 150 + 250 + 110 = 510.
    changes = moves(2026, 8, (11, 250400), (21, 100400))
    once = InterestOptions(rate=D("0.0365"), method=DAILY, day_basis=A365)
    assert month(2026, 8, 150400, changes, once).gross == D(511)
    each = InterestOptions(rate=D("0.0365"), method=DAILY, day_basis=A365, rounding_point=RoundingPoint.SEGMENT)
    result = month(2026, 8, 150400, changes, each)
    assert [s.interest for s in result.segments] == [D(150), D(250), D(110)] and result.gross == D(510)


def test_admin_fee_is_returned_as_is():
    options = InterestOptions(rate=D("0.12"), admin_fee=D(5000))
    assert month(2026, 9, 100000, [], options).admin_fee == D(5000)
    assert month(2026, 9, 0, [], options).gross == 0  # the caller caps the fee at the balance


# --- period interest (term deposits) -------------------------------------------------------------------


def test_period_interest_monthly_basis_is_principal_rate_months_over_12():
    # term_deposits.term_deposit_interest: principal × rate × months / 12, also from the 31st (clamped months)
    options = InterestOptions(rate=D("0.06"))
    result = period_interest(balance=D(10000000), start=day(2025, 1, 31), end=day(2025, 4, 30), options=options)
    assert result.gross == whole(D(10000000) * D("0.06") * 3 / 12) == D(150000)
    assert [(s.start, s.end) for s in result.segments] == [
        (day(2025, 1, 31), day(2025, 2, 27)),
        (day(2025, 2, 28), day(2025, 3, 30)),
        (day(2025, 3, 31), day(2025, 4, 29)),
    ]
    fee = period_interest(
        balance=D(1), start=day(2025, 1, 1), end=day(2025, 4, 1), options=InterestOptions(admin_fee=D(2000))
    )
    assert fee.admin_fee == D(6000)


def test_period_interest_by_days():
    a365 = InterestOptions(rate=D("0.06"), day_basis=A365)
    jan31_apr30 = {"balance": D(10000000), "start": day(2025, 1, 31), "end": day(2025, 4, 30)}
    assert (day(2025, 4, 30) - day(2025, 1, 31)).days == 89
    assert period_interest(**jan31_apr30, options=a365).gross == whole(D(600000) * 89 / 365) == D(146301)
    thirty = InterestOptions(rate=D("0.06"), day_basis=A365, day_counting=DayCounting.THIRTY)
    assert period_interest(**jan31_apr30, options=thirty).gross == whole(D(600000) * 90 / 365) == D(147945)


def test_period_interest_broken_last_month():
    # 15 Jan → 20 Feb 2026: a whole month, then 5 of the 28 days from 15 Feb to 15 Mar
    options = InterestOptions(rate=D("0.06"), rounding=CENTS)
    result = period_interest(balance=D(12000000), start=day(2026, 1, 15), end=day(2026, 2, 20), options=options)
    assert result.gross == cents(D(60000) + D(60000) * 5 / 28) == D("70714.29")
    assert [s.days for s in result.segments] == [31, 5]
    thirty = InterestOptions(rate=D("0.06"), day_counting=DayCounting.THIRTY, rounding=CENTS)
    by_thirty = period_interest(balance=D(12000000), start=day(2026, 1, 15), end=day(2026, 2, 20), options=thirty)
    assert by_thirty.gross == D(60000 + 10000)  # 5 / 30 of a month


# --- withholding tax -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grosses", "taxable", "taxes"),
    [
        ([D(240000)], False, [D(0)]),  # exactly Rp 240.000: not taxed
        ([D(239999)], False, [D(0)]),
        ([D(240001)], True, [D(24000)]),  # Rp 240.001: 10 % of the whole 240.001 = 24.000,1 → 24.000
        ([D(150000), D(90000)], False, [D(0), D(0)]),  # the threshold is per member's month, all accounts
        ([D(150000), D(90001)], True, [D(15000), D(9000)]),  # 24.000,1 → 24.000 = 15.000 + 9.000
        ([D(180000), D(120000)], True, [D(18000), D(12000)]),
        ([D(100000), D(100000), D(100001)], True, [D(10000), D(10000), D(10000)]),  # 30.000,1 → 30.000
    ],
)
def test_pp15_threshold(grosses, taxable, taxes):
    result = withhold_tax(grosses, PP15)
    assert result.taxable is taxable
    assert list(result.taxes) == taxes and result.tax_total == sum(taxes)
    assert list(result.nets) == [g - t for g, t in zip(grosses, taxes, strict=True)]


def test_largest_remainder_shares_the_tax_exactly():
    # 10 % of 300.005 = 30.000,5 → 30.001; exact shares 10.000,033…, 10.000,033…, 10.000,933… → floors
    # 10.000 each, one Rupiah left → the largest remainder (the third)
    result = withhold_tax([D(100000), D(100000), D(100005)], PP15)
    assert result.tax_total == D(30001) and result.taxes == (D(10000), D(10000), D(10001))
    # equal remainders: the earlier account first
    odd = withhold_tax([D(125005), D(125005)], TaxRule(day(2009, 1, 1), D("0.10"), D(0)))
    assert odd.tax_total == D(25001) and odd.taxes == (D(12501), D(12500))  # 25.001: the first gets the odd Rupiah


def test_bank_rule_taxes_every_rupiah_and_no_rule_taxes_nothing():
    bank = TaxRule(day(2000, 1, 1), D("0.20"), D(0))
    result = withhold_tax([D(1), D(12345)], bank)
    assert result.tax_total == whole(D(12346) * D("0.20")) == D(2469)
    assert sum(result.taxes) == D(2469)
    assert withhold_tax([D(0)], bank).taxable is False
    none = withhold_tax([D(999999)], None)
    assert (none.taxable, none.tax_total, none.nets) == (False, 0, (D(999999),))
    assert withhold_tax([], PP15).tax_total == 0


def test_the_rule_in_force_on_a_day():
    raised = TaxRule(day(2026, 7, 1), D("0.15"), D(500000))  # a mid-year change
    rules = [raised, PP15]
    assert tax_rule_on(rules, day(2026, 6, 30)) == PP15
    assert tax_rule_on(rules, day(2026, 7, 1)) == raised
    assert tax_rule_on(rules, day(2008, 12, 31)) is None
    june, july = (
        withhold_tax([D(300000)], tax_rule_on(rules, day(2026, 6, 30))),
        withhold_tax([D(300000)], tax_rule_on(rules, day(2026, 7, 31))),
    )
    assert (june.tax_total, july.tax_total) == (D(30000), D(0))
    with pytest.raises(InterestError) as error:
        tax_rule_on([PP15, TaxRule(day(2009, 1, 1), D("0.2"), D(0))], day(2010, 1, 1))
    assert error.value.field == "rules"


def test_tax_steps_show_the_numbers():
    result = withhold_tax([D(180000), D(120000)], PP15)
    assert [(s.formula, s.value) for s in result.steps[:3]] == [
        ("180000 + 120000", "300000"),
        ("300000 > 240000", "taxed on the whole amount"),
        ("300000 × 0.1 = 30000", "30000.00"),
    ]


# --- validation ----------------------------------------------------------------------------------------


def test_floats_and_other_non_decimals_raise_type_error():
    with pytest.raises(TypeError):
        InterestOptions(rate=0.05)
    with pytest.raises(TypeError):
        InterestOptions(rate=5)
    with pytest.raises(TypeError):
        Tier(D(0), 0.03)
    with pytest.raises(TypeError):
        month(2026, 1, 0, [(day(2026, 1, 5), 1000.0)], InterestOptions())
    with pytest.raises(TypeError):
        month_interest(year=2026, month=1, opening_balance=100.0, movements=[], options=InterestOptions())
    with pytest.raises(TypeError):
        period_interest(balance=1e6, start=day(2026, 1, 1), end=day(2026, 2, 1), options=InterestOptions())
    with pytest.raises(TypeError):
        withhold_tax([1000.0], PP15)
    with pytest.raises(TypeError):
        TaxRule(day(2009, 1, 1), 0.1, D(240000))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"tiers": (Tier(D(1), D("0.03")),)}, "tiers"),
        ({"tiers": (Tier(D(0), D("0.03")), Tier(D(0), D("0.05")))}, "tiers"),
        ({"tiers": (Tier(D(0), D("0.03")), Tier(D(9), D("0.05")), Tier(D(5), D("0.04")))}, "tiers"),
        ({"rate": D("-0.01")}, "rate"),
        ({"rate": D(5)}, "rate"),  # 5 means 500 %: a percent given for a fraction
        ({"rate": D("NaN")}, "rate"),
        ({"minimum_balance": D(-1)}, "minimum_balance"),
        ({"method": "weekly"}, "method"),
    ],
)
def test_invalid_options(kwargs, field):
    with pytest.raises(InterestError) as error:
        InterestOptions(**kwargs)
    assert error.value.field == field
    assert isinstance(error.value, ValueError)


def test_enum_values_are_taken_as_strings():
    options = InterestOptions(rate=D("0.03"), method="daily", day_basis="365", rounding_point="segment")
    assert options.method is DAILY and options.day_basis is A365 and options.rounding_point is RoundingPoint.SEGMENT


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"movements": [(day(2026, 2, 1), D(5))]}, "movements"),  # outside the month
        ({"movements": [(day(2026, 1, 9), D(5)), (day(2026, 1, 8), D(5))]}, "movements"),  # out of order
        ({"movements": [(day(2026, 1, 2), D(5))], "opened_on": day(2026, 1, 3)}, "movements"),
        ({"movements": [], "opened_on": day(2026, 2, 1)}, "opened_on"),
        ({"movements": [], "closed_on": day(2025, 12, 31)}, "closed_on"),
        ({"movements": [(day(2026, 1, 2), D(-5))]}, "movements"),
    ],
)
def test_invalid_month_inputs(kwargs, field):
    with pytest.raises(InterestError) as error:
        month_interest(year=2026, month=1, opening_balance=D(0), options=InterestOptions(), **kwargs)
    assert error.value.field == field


# --- properties ----------------------------------------------------------------------------------------

tiers = st.lists(st.tuples(st.integers(1, 10**9), rates), max_size=3, unique_by=lambda t: t[0]).map(
    lambda rows: (Tier(D(0), D("0.01")), *(Tier(D(f), r) for f, r in sorted(rows)))
)
options = st.builds(
    InterestOptions,
    rate=rates,
    method=st.sampled_from(list(BalanceMethod)),
    day_basis=st.sampled_from(list(DayBasis)),
    day_counting=st.sampled_from(list(DayCounting)),
    tiers=st.just(()) | tiers,
    tier_mode=st.sampled_from(list(TierMode)),
    minimum_balance=st.just(D(0)) | money,
    rounding=st.sampled_from(list(InterestRounding)),
    rounding_mode=st.sampled_from(list(InterestRoundingMode)),
    rounding_point=st.sampled_from(list(RoundingPoint)),
)


@given(month_data(), options)
def test_interest_is_never_negative_and_the_month_adds_up(data, options):
    y, m, opening, changes = data
    result = month_interest(year=y, month=m, opening_balance=opening, movements=changes, options=options)
    assert result.gross >= 0 and all(segment.interest >= 0 for segment in result.segments)
    assert result.gross == result.gross.quantize(D(1) if options.rounding == "whole" else D("0.01"))
    month_days = 30 if options.day_counting == DayCounting.THIRTY else calendar.monthrange(y, m)[1]
    assert sum(segment.days for segment in result.segments) == month_days
    if options.rounding_point == RoundingPoint.SEGMENT:
        assert result.gross == sum(segment.interest for segment in result.segments)


@given(month_data(), options)
def test_the_job_gets_the_same_figures_without_the_explanation(data, options):
    y, m, opening, changes = data
    kwargs = {"year": y, "month": m, "opening_balance": opening, "movements": changes, "options": options}
    explained, bare = month_interest(**kwargs), month_interest(**kwargs, explain=False)
    assert (bare.gross, bare.admin_fee, bare.earning_balance) == (
        explained.gross,
        explained.admin_fee,
        explained.earning_balance,
    )
    assert bare.steps == bare.segments == () and explained.steps


@given(months, money, options.map(lambda o: replace(o, method=DAILY)))
def test_daily_with_a_constant_balance_equals_period_interest_over_the_month(ym, balance, options):
    y, m = ym
    start, end = day(y, m, 1), day(y + m // 12, m % 12 + 1, 1)
    daily = month_interest(year=y, month=m, opening_balance=balance, movements=[], options=options)
    period = period_interest(balance=balance, start=start, end=end, options=options)
    assert daily.gross == period.gross and daily.segments == period.segments


@given(month_data(), rates)
def test_average_and_daily_agree_without_tiers(data, rate):
    # Σ balance × days × rate / 365 either way (no tiers, no minimum)
    y, m, opening, changes = data
    kwargs = {"year": y, "month": m, "opening_balance": opening, "movements": changes}
    average = month_interest(**kwargs, options=InterestOptions(rate=rate, method=AVERAGE, day_basis=A365))
    daily = month_interest(**kwargs, options=InterestOptions(rate=rate, method=DAILY, day_basis=A365))
    assert average.gross == daily.gross == whole(todays_daily_basis(y, m, opening, changes) * rate / 365)


grosses = st.lists(st.integers(0, 10**9).map(D), max_size=6) | st.lists(
    st.integers(0, 10**11).map(lambda n: D(n) / 100), max_size=6
)
tax_rules = st.builds(TaxRule, st.just(day(2009, 1, 1)), rates.map(lambda r: r * 5), st.just(D(0)) | money)


@given(grosses, tax_rules, st.sampled_from(list(InterestRounding)), st.sampled_from(list(InterestRoundingMode)))
def test_tax_and_net_add_up_for_any_grosses(amounts, rule, rounding, mode):
    result = withhold_tax(amounts, rule, rounding=rounding, rounding_mode=mode)
    assert sum(result.taxes, D(0)) == result.tax_total
    assert all(t + n == g for g, t, n in zip(amounts, result.taxes, result.nets, strict=True))
    assert all(t >= 0 for t in result.taxes)
    total = sum(amounts, D(0))
    assert result.taxable is (total > rule.threshold)
    if result.taxable:
        places = D(1) if rounding == InterestRounding.WHOLE_RUPIAH else D("0.01")
        with localcontext() as ctx:
            ctx.prec = 60
            expected = (total * rule.rate).quantize(places, ROUND_HALF_UP if mode == "half_up" else ROUND_DOWN)
        assert result.tax_total == expected
        exact = [Fraction(result.tax_total) * Fraction(g) / Fraction(total) for g in amounts]
        assert all(abs(Fraction(t) - e) < Fraction(places) for t, e in zip(result.taxes, exact, strict=True))
    else:
        assert result.tax_total == 0 and result.nets == tuple(amounts)
