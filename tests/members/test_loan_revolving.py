"""Interest of a revolving credit line (kredit rekening koran) on daily balances —
docs/savings-loans.md, "Loan conventions"."""

import datetime
from decimal import Decimal

import pytest

from members.loans.conventions import DayCount, Rounding
from members.loans.revolving import credit_line_interest
from members.loans.schedule import ScheduleError

D = Decimal
day = datetime.date
MARCH = {"start": day(2026, 3, 1), "end": day(2026, 3, 31), "annual_rate": D("0.18")}


def daily_sum(opening, movements, start, end, annual_rate, basis):
    """Reference: walk the days one by one, apply the day's movements, add a day's interest."""
    balance, total, current = opening, D(0), start
    while current <= end:
        balance += sum((amount for when, amount in movements if when == current), D(0))
        total += balance * annual_rate / basis(current)
        current += datetime.timedelta(days=1)
    return total


def test_credit_line_with_a_draw_and_a_repayment_in_march():
    movements = [(day(2026, 3, 10), D(10_000_000)), (day(2026, 3, 25), D(-6_000_000))]
    result = credit_line_interest(opening_balance=D(5_000_000), movements=movements, limit=D(20_000_000), **MARCH)
    segments = [(s.start, s.end, s.days, s.balance) for s in result.segments]
    assert segments == [
        (day(2026, 3, 1), day(2026, 3, 9), 9, D(5_000_000)),
        (day(2026, 3, 10), day(2026, 3, 24), 15, D(15_000_000)),
        (day(2026, 3, 25), day(2026, 3, 31), 7, D(9_000_000)),
    ]
    assert [s.interest.quantize(D("0.01")) for s in result.segments] == [
        D("22191.78"),
        D("110958.90"),
        D("31068.49"),
    ]
    exact = daily_sum(D(5_000_000), movements, basis=lambda _: 365, **MARCH)
    assert exact.quantize(D("0.01")) == D("164219.18")
    assert result.interest == D(164_219) and result.days == 31 and result.closing_balance == D(9_000_000)
    assert result.steps[0].formula == "5,000,000 × 18 % × 9 / 365"
    assert result.steps[-1].value == "164,219"


def test_credit_line_day_counts():
    movements = [(day(2027, 12, 20), D(1_000_000))]
    period = {"start": day(2027, 12, 1), "end": day(2028, 1, 31), "annual_rate": D("0.12")}
    actual_360 = credit_line_interest(
        opening_balance=D(0), movements=movements, day_count=DayCount.ACTUAL_360, rounding=Rounding.CENTS, **period
    )
    assert actual_360.interest == D("14333.33")  # 1,000,000 × 12 % × 43 / 360 (20 Dec – 31 Jan)
    actual_actual = credit_line_interest(
        opening_balance=D(0), movements=movements, day_count=DayCount.ACTUAL_ACTUAL, rounding=Rounding.EXACT, **period
    )
    expected = daily_sum(D(0), movements, basis=lambda current: 366 if current.year == 2028 else 365, **period)
    assert abs(actual_actual.interest - expected) < D("1e-10")  # 12 days of 2027 / 365 + 31 of 2028 / 366
    assert actual_actual.days == 62


def test_several_movements_on_one_day_apply_in_order():
    movements = [(day(2026, 3, 5), D(-1_000_000)), (day(2026, 3, 5), D(3_000_000))]
    result = credit_line_interest(opening_balance=D(1_000_000), movements=movements, limit=D(3_000_000), **MARCH)
    assert [s.balance for s in result.segments] == [D(1_000_000), D(3_000_000)]
    with pytest.raises(ScheduleError) as caught:  # the draw first would pass the limit
        credit_line_interest(opening_balance=D(1_000_000), movements=movements[::-1], limit=D(3_000_000), **MARCH)
    assert caught.value.field == "movements"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"movements": [(day(2026, 3, 10), D(16_000_000))]}, "movements"),  # above the 20,000,000 limit
        ({"movements": [(day(2026, 3, 10), D(-5_000_001))]}, "movements"),  # more than the balance
        ({"movements": [(day(2026, 4, 1), D(1))]}, "movements"),  # outside the period
        ({"day_count": DayCount.THIRTY_360}, "day_count"),
        ({"end": day(2026, 2, 28)}, "end"),
        ({"annual_rate": D("-0.01")}, "annual_rate"),
        ({"opening_balance": D(25_000_000)}, "opening_balance"),
        ({"limit": D(0)}, "limit"),
    ],
)
def test_credit_line_refusals(change, field):
    arguments = {"opening_balance": D(5_000_000), "movements": [], "limit": D(20_000_000), **MARCH}
    with pytest.raises(ScheduleError) as caught:
        credit_line_interest(**{**arguments, **change})
    assert caught.value.field == field


def test_an_unused_line_earns_nothing_and_floats_are_refused():
    assert credit_line_interest(opening_balance=D(0), movements=[], **MARCH).interest == 0
    with pytest.raises(TypeError):
        credit_line_interest(opening_balance=D(0), movements=[(day(2026, 3, 2), 1000.0)], **MARCH)
