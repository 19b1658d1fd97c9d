"""Loan conventions: rate conversion, frequencies, the three methods and the day counts — the worked
examples of docs/savings-loans.md, "Loan conventions", each cross-checked by a plain calculation here."""

import datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest

from members.loans.conventions import DayCount, Frequency, RateConversion, RatePeriod
from members.loans.periods import days_30_360, due_dates_from, is_regular_period, year_fraction
from members.loans.schedule import InterestMethod, LoanTerms, ScheduleError, build_schedule

D = Decimal
TWELVE_MILLION = D(12_000_000)


def terms(**changes) -> LoanTerms:
    arguments = {
        "amount": TWELVE_MILLION,
        "rate": D("0.12"),
        "rate_period": RatePeriod.YEAR,
        "term_periods": 12,
        "method": InterestMethod.FLAT,
    }
    return LoanTerms(**{**arguments, **changes})


def whole(value: Decimal) -> Decimal:
    return value.quantize(D(1), rounding=ROUND_HALF_UP)


def textbook_annuity(principal: Decimal, rate: Decimal, periods: int) -> Decimal:
    """A = P · r · (1 + r)^n / ((1 + r)^n − 1), the textbook form (the core uses (1 + r)^−n)."""
    with localcontext() as context:
        context.prec = 50
        growth = (1 + rate) ** periods
        return principal * rate * growth / (growth - 1)


def level_schedule(principal, level, interests):
    """Reference annuity: principal = level − interest, the last instalment takes what is left."""
    balance, rows = principal, []
    for index, interest_of in enumerate(interests):
        interest = interest_of(balance)
        paid = balance if index == len(interests) - 1 else level - interest
        balance -= paid
        rows.append((paid, interest))
    return rows


# Rate per instalment period -----------------------------------------------------------------


def test_eighteen_percent_a_year_nominal_vs_effective():
    nominal = terms(rate=D("0.18"), method=InterestMethod.ANNUITY)
    effective = terms(rate=D("0.18"), method=InterestMethod.ANNUITY, rate_conversion=RateConversion.EFFECTIVE)
    assert nominal.period_rate == D("0.015")
    assert effective.period_rate.quantize(D("1e-12")) == D("0.013888430348")
    with localcontext() as context:
        context.prec = 34
        assert abs((1 + effective.period_rate) ** 12 - D("1.18")) < D("1e-30")  # compounds back to 18 %
    assert nominal.annual_rate == effective.annual_rate == D("0.18")

    first = build_schedule(nominal)
    assert first.level_payment == whole(textbook_annuity(TWELVE_MILLION, D("0.015"), 12)) == D(1_100_160)
    assert [line.total for line in first.instalments] == [D(1_100_160)] * 12
    assert first.total_interest == D(1_201_920)

    second = build_schedule(effective)
    exact = textbook_annuity(TWELVE_MILLION, effective.period_rate, 12)
    assert exact.quantize(D("0.0001")) == D("1092556.5207")
    assert [line.total for line in second.instalments] == [D(1_092_557)] * 11 + [D(1_092_551)]
    assert second.total_interest == D(1_110_678)
    assert second.steps[0].formula == "effective: (1 + 0.18)^(1/12) − 1"


def test_two_percent_a_month_paid_weekly():
    weekly = {"rate": D("0.02"), "rate_period": RatePeriod.MONTH, "frequency": Frequency.WEEKLY}
    nominal = terms(**weekly)
    effective = terms(**weekly, rate_conversion=RateConversion.EFFECTIVE)
    assert nominal.period_rate.quantize(D("1e-12")) == D("0.004615384615")  # 0.02 × 12 / 52
    assert effective.period_rate.quantize(D("1e-12")) == D("0.004580294698")
    with localcontext() as context:
        context.prec = 34
        assert abs((1 + effective.period_rate) ** 52 - D("1.02") ** 12) < D("1e-30")
    assert nominal.annual_rate == D("0.24")


def test_a_rate_quoted_for_the_instalment_period_is_not_converted():
    for conversion in RateConversion:
        assert terms(
            rate=D("0.005"), rate_period=RatePeriod.WEEK, frequency="weekly", rate_conversion=conversion
        ).period_rate == D("0.005")
        assert terms(rate=D("0.12"), frequency="yearly", rate_conversion=conversion).period_rate == D("0.12")
    # A monthly rate paid quarterly: nominal × 3, effective compounded three times.
    assert terms(rate=D("0.01"), rate_period="month", frequency="quarterly").period_rate == D("0.03")
    effective = terms(rate=D("0.01"), rate_period="month", frequency="quarterly", rate_conversion="effective")
    assert effective.period_rate == D("0.030301")


# Frequencies and due dates ------------------------------------------------------------------


def test_weekly_flat_loan():
    monday = datetime.date(2026, 3, 9)
    result = build_schedule(
        terms(
            amount=D(2_000_000),
            rate=D("0.005"),
            rate_period=RatePeriod.WEEK,
            term_periods=20,
            frequency=Frequency.WEEKLY,
            first_due_date=monday,
        )
    )
    lines = result.instalments
    assert [line.due_date for line in lines] == [monday + datetime.timedelta(weeks=k) for k in range(20)]
    assert all(line.due_date.weekday() == 0 for line in lines)
    assert lines[-1].due_date == datetime.date(2026, 7, 20)
    assert {(line.principal, line.interest) for line in lines} == {(D(100_000), D(10_000))}
    assert {line.days for line in lines} == {7}
    assert result.total_interest == D(200_000) == D(2_000_000) * D("0.005") * 20


def test_daily_market_vendor_loan():
    result = build_schedule(
        terms(
            amount=D(1_000_000),
            rate=D("0.73"),
            term_periods=50,
            frequency=Frequency.DAILY,
            first_due_date=datetime.date(2026, 3, 2),
        )
    )
    assert result.period_rate == D("0.002")  # 73 % / 365
    lines = result.instalments
    assert lines[-1].due_date == datetime.date(2026, 4, 20)
    assert {line.total for line in lines} == {D(22_000)}
    assert result.total_interest == D(100_000)


def test_due_dates_keep_the_first_date_and_clamp_to_month_ends():
    first = datetime.date(2026, 1, 31)
    assert due_dates_from(first, Frequency.MONTHLY, 4) == [
        datetime.date(2026, 1, 31),
        datetime.date(2026, 2, 28),
        datetime.date(2026, 3, 31),
        datetime.date(2026, 4, 30),
    ]
    assert due_dates_from(datetime.date(2027, 11, 30), Frequency.QUARTERLY, 2)[1] == datetime.date(2028, 2, 29)
    assert due_dates_from(datetime.date(2028, 2, 29), Frequency.YEARLY, 2)[1] == datetime.date(2029, 2, 28)
    assert due_dates_from(first, Frequency.SEMIANNUAL, 2)[1] == datetime.date(2026, 7, 31)
    assert due_dates_from(first, Frequency.FORTNIGHTLY, 3)[2] == datetime.date(2026, 2, 28)
    assert due_dates_from(first, Frequency.DAILY, 2)[1] == datetime.date(2026, 2, 1)


def test_without_a_first_due_date_there_are_no_dates_nor_days():
    result = build_schedule(terms(method=InterestMethod.DECLINING))
    assert {(line.due_date, line.days) for line in result.instalments} == {(None, None)}


# Methods: the textbook comparison -----------------------------------------------------------


def test_textbook_twelve_million_flat_declining_annuity():
    """Rp 12,000,000 for 12 months at 12 % a year: the flat / efektif / anuitas comparison."""
    flat = build_schedule(terms())
    assert {line.total for line in flat.instalments} == {D(1_120_000)}
    assert flat.total_interest == TWELVE_MILLION * D("0.01") * 12 == D(1_440_000)

    declining = build_schedule(terms(method=InterestMethod.DECLINING))
    totals = [line.total for line in declining.instalments]
    assert totals == [D(1_000_000) + D(10_000) * (12 - k) for k in range(12)]  # 1,120,000 … 1,010,000
    assert declining.total_interest == TWELVE_MILLION * D("0.01") * 13 / 2 == D(780_000)

    annuity = build_schedule(terms(method=InterestMethod.ANNUITY))
    exact = textbook_annuity(TWELVE_MILLION, D("0.01"), 12)
    assert (exact * 12 - TWELVE_MILLION).quantize(D("0.01")) == D("794225.57")
    assert annuity.level_payment == whole(exact) == D(1_066_185)
    first, last = annuity.instalments[0], annuity.instalments[-1]
    assert (first.principal, first.interest) == (D(946_185), D(120_000))
    assert (last.principal, last.interest, last.total) == (D(1_055_635), D(10_556), D(1_066_191))
    expected = level_schedule(TWELVE_MILLION, D(1_066_185), [lambda balance: whole(balance * D("0.01"))] * 12)
    assert [(line.principal, line.interest) for line in annuity.instalments] == expected
    assert annuity.total_interest == D(794_226)
    assert annuity.steps[-2].value == "+6"


def test_steps_explain_the_textbook_annuity():
    steps = build_schedule(terms(method=InterestMethod.ANNUITY)).steps
    assert [(step.label, step.formula, step.value) for step in steps] == [
        ("Rate per month", "nominal: 0.12 × 1 / 12", "0.01 (1 % per month)"),
        (
            "Level instalment A = (B − F·(1+r)^−m) · r / (1 − (1+r)^−m)",
            "12,000,000 × 0.01 / (1 − (1 + 0.01)^−12)",
            "1,066,185.4641",
        ),
        ("Level instalment rounded (whole Rupiah, half up)", "1,066,185.4641", "1,066,185"),
        ("Instalment 12 (the last) takes what is left", "1,066,191 instead of the level 1,066,185", "+6"),
        ("Total interest", "the interest column added up", "794,226"),
    ]


def test_published_flat_examples():
    """Two flat examples as published: a koperasi school exercise (Rp 9.000.000, 12 months, 1 % a month:
    angsuran Rp 840.000) and a bank-credit course exercise (Rp 36.000.000 for a year at 24 % a year flat,
    first instalment 7 May 2006: 3.000.000 + 720.000 = 3.720.000, interest 8.640.000 in all)."""
    koperasi = build_schedule(terms(amount=D(9_000_000), rate=D("0.01"), rate_period=RatePeriod.MONTH))
    assert {(line.principal, line.interest, line.total) for line in koperasi.instalments} == {
        (D(750_000), D(90_000), D(840_000))
    }
    assert koperasi.total_interest == D(1_080_000)
    course = build_schedule(terms(amount=D(36_000_000), rate=D("0.24"), first_due_date=datetime.date(2006, 5, 7)))
    assert {line.total for line in course.instalments} == {D(3_720_000)}
    assert course.instalments[-1].due_date == datetime.date(2007, 4, 7)
    assert [line.balance for line in course.instalments][:2] == [D(33_000_000), D(30_000_000)]
    assert course.total_interest == D(8_640_000) and course.total_payment == D(44_640_000)


# Day counts ---------------------------------------------------------------------------------

THREE_MONTHS = {"term_periods": 3, "method": InterestMethod.DECLINING}


def interests(result):
    return [line.interest for line in result.instalments]


def test_first_period_of_one_day_thirty_360():
    result = build_schedule(
        terms(**THREE_MONTHS, disbursement_date=datetime.date(2026, 3, 14), first_due_date=datetime.date(2026, 3, 15))
    )
    assert interests(result) == [TWELVE_MILLION * D("0.12") / 360, D(80_000), D(40_000)] == [4_000, 80_000, 40_000]
    assert [line.days for line in result.instalments] == [1, 30, 30]
    assert result.total_interest == D(124_000)
    assert "1 day (30/360)" in result.steps[1].formula


def test_first_period_of_45_days_thirty_360():
    start, first = datetime.date(2026, 3, 1), datetime.date(2026, 4, 16)
    assert days_30_360(start, first) == 45
    result = build_schedule(terms(**THREE_MONTHS, disbursement_date=start, first_due_date=first))
    assert interests(result) == [TWELVE_MILLION * D("0.12") * 45 / 360, 80_000, 40_000] == [180_000, 80_000, 40_000]
    assert result.total_interest == D(300_000)


def test_first_period_of_45_days_actual_365():
    start, first = datetime.date(2026, 3, 1), datetime.date(2026, 4, 15)
    assert (first - start).days == 45
    result = build_schedule(terms(**THREE_MONTHS, day_count="act/365", disbursement_date=start, first_due_date=first))
    expected = [
        whole(D(12_000_000) * D("0.12") * 45 / 365),  # 177,534.25
        whole(D(8_000_000) * D("0.12") * 30 / 365),  # 15 Apr → 15 May: 78,904.11
        whole(D(4_000_000) * D("0.12") * 31 / 365),  # 15 May → 15 Jun: 40,767.12
    ]
    assert interests(result) == expected == [177_534, 78_904, 40_767]
    assert [line.days for line in result.instalments] == [45, 30, 31]
    assert result.total_interest == D(297_205)


def test_first_period_of_45_days_actual_360():
    start, first = datetime.date(2026, 3, 1), datetime.date(2026, 4, 15)
    result = build_schedule(terms(**THREE_MONTHS, day_count="act/360", disbursement_date=start, first_due_date=first))
    assert interests(result) == [180_000, 80_000, whole(D(480_000) * 31 / 360)] == [180_000, 80_000, 41_333]
    assert result.total_interest == D(301_333)


def days_by_day(start: datetime.date, end: datetime.date) -> Decimal:
    """act/act counted one day at a time: each day weighs 1 / the days of its year."""
    total, day = D(0), start
    while day < end:
        total += D(1) / (366 if day.year % 4 == 0 else 365)
        day += datetime.timedelta(days=1)
    return total


def test_actual_actual_across_year_end_and_leap_day():
    start, first = datetime.date(2027, 12, 15), datetime.date(2028, 1, 15)
    result = build_schedule(terms(**THREE_MONTHS, day_count="act/act", disbursement_date=start, first_due_date=first))
    dates = [start] + [line.due_date for line in result.instalments]
    assert dates[-1] == datetime.date(2028, 3, 15) and [line.days for line in result.instalments] == [31, 31, 29]
    balances = [D(12_000_000), D(8_000_000), D(4_000_000)]
    expected = [
        whole(balance * D("0.12") * days_by_day(a, b))
        for balance, a, b in zip(balances, dates, dates[1:], strict=False)
    ]
    assert interests(result) == expected == [122_150, 81_311, 38_033]
    assert abs(year_fraction(start, first, DayCount.ACTUAL_ACTUAL) - (D(17) / 365 + D(14) / 366)) < D("1e-25")
    assert result.total_interest == D(241_494)


def test_annuity_on_actual_days_with_31_day_months():
    result = build_schedule(
        terms(
            term_periods=3,
            method=InterestMethod.ANNUITY,
            day_count="act/365",
            disbursement_date=datetime.date(2026, 1, 1),
            first_due_date=datetime.date(2026, 2, 1),
        )
    )
    assert result.level_payment == whole(textbook_annuity(TWELVE_MILLION, D("0.01"), 3)) == D(4_080_265)
    expected = level_schedule(
        TWELVE_MILLION,
        D(4_080_265),
        [lambda balance, days=days: whole(balance * D("0.12") * days / 365) for days in (31, 28, 31)],
    )
    assert [(line.principal, line.interest) for line in result.instalments] == expected
    assert expected == [(D(3_957_964), D(122_301)), (D(4_006_234), D(74_031)), (D(4_035_802), D(41_132))]
    assert result.instalments[-1].total == D(4_076_934)
    assert result.steps[-2].value == "-3,331"


def test_flat_interest_ignores_the_day_count():
    dated = {"disbursement_date": datetime.date(2026, 3, 1), "first_due_date": datetime.date(2026, 4, 15)}
    for day_count in DayCount:
        result = build_schedule(terms(term_periods=3, day_count=day_count, **dated))
        assert interests(result) == [D(120_000)] * 3


def test_thirty_360_us_rule():
    day = datetime.date
    assert days_30_360(day(2026, 1, 15), day(2026, 1, 31)) == 16  # D2 = 31 stays when D1 < 30
    assert days_30_360(day(2026, 1, 30), day(2026, 3, 31)) == 60  # D2 = 31 → 30 when D1 ≥ 30
    assert days_30_360(day(2026, 1, 31), day(2026, 2, 28)) == 28
    assert days_30_360(day(2026, 2, 28), day(2026, 3, 31)) == 30  # start on the last of February → 30
    assert days_30_360(day(2028, 2, 29), day(2029, 2, 28)) == 360  # both the last of February
    assert days_30_360(day(2026, 12, 20), day(2027, 1, 20)) == 30


def test_a_regular_first_period_is_recognised_either_way_round():
    day = datetime.date
    assert is_regular_period(day(2026, 1, 31), day(2026, 2, 28), Frequency.MONTHLY)
    assert is_regular_period(day(2026, 2, 28), day(2026, 3, 31), Frequency.MONTHLY)  # 31 Mar − 1 month
    assert not is_regular_period(day(2026, 3, 1), day(2026, 4, 15), Frequency.MONTHLY)
    assert is_regular_period(day(2026, 3, 2), day(2026, 3, 9), Frequency.WEEKLY)
    # A regular first period under 30/360 earns the plain monthly rate: no "irregular" step.
    result = build_schedule(terms(**THREE_MONTHS, disbursement_date=day(2026, 1, 31), first_due_date=day(2026, 2, 28)))
    assert interests(result)[0] == D(120_000) and [line.days for line in result.instalments] == [30, 30, 30]
    assert not any("Irregular" in step.label for step in result.steps)


# Validation ---------------------------------------------------------------------------------

FIRST = datetime.date(2026, 4, 1)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": D(0)}, "amount"),
        ({"amount": D(10) ** 16}, "amount"),
        ({"rate": D("-0.01")}, "rate"),
        ({"rate": D("0.2"), "rate_period": "month", "frequency": "yearly"}, "rate"),  # 240 % a year
        ({"term_periods": 0}, "term_periods"),
        ({"term_periods": 3661, "frequency": "daily"}, "term_periods"),
        ({"term_periods": 601}, "term_periods"),  # more than 50 years of months
        ({"term_periods": 51, "frequency": "yearly"}, "term_periods"),
        ({"grace_periods": 12}, "grace_periods"),
        ({"grace_periods": -1}, "grace_periods"),
        ({"balloon_share": D("1.1")}, "balloon_share"),
        ({"balloon_share": D("-0.1")}, "balloon_share"),
        ({"instalment_multiple": D(0)}, "instalment_multiple"),
        ({"fixed_instalment": D(0)}, "fixed_instalment"),
        ({"fixed_instalment": D("1000000.50")}, "fixed_instalment"),  # whole-Rupiah product
        ({"fixed_instalment": D(1_000_500), "instalment_multiple": D(1000)}, "fixed_instalment"),
        ({"fixed_instalment": D(1_000_000), "balloon_share": D("0.2")}, "balloon_share"),
        ({"disbursement_date": FIRST}, "first_due_date"),
        ({"disbursement_date": FIRST, "first_due_date": FIRST}, "first_due_date"),
        ({"day_count": "act/365"}, "disbursement_date"),
        ({"day_count": "act/act", "disbursement_date": FIRST}, "first_due_date"),
        ({"day_count": "act/360", "first_due_date": FIRST}, "disbursement_date"),
        ({"principal_months": frozenset({4})}, "first_due_date"),
        ({"principal_months": frozenset({13}), "first_due_date": FIRST}, "principal_months"),
        ({"principal_months": frozenset(), "first_due_date": FIRST}, "principal_months"),
        ({"principal_months": frozenset({4}), "first_due_date": FIRST, "frequency": "weekly"}, "principal_months"),
        ({"frequency": "hourly"}, "frequency"),
        ({"day_count": "30/365"}, "day_count"),
    ],
)
def test_impossible_terms_name_the_field(change, field):
    with pytest.raises(ScheduleError) as caught:
        terms(**change)
    assert caught.value.field == field


def test_fifty_years_is_the_longest_loan():
    assert len(build_schedule(terms(term_periods=600, method=InterestMethod.ANNUITY)).instalments) == 600
    assert len(build_schedule(terms(term_periods=50, frequency="yearly")).instalments) == 50
    with pytest.raises(ScheduleError) as caught:  # the first due date 3 years after disbursement
        terms(term_periods=600, disbursement_date=datetime.date(2020, 1, 1), first_due_date=datetime.date(2023, 1, 1))
    assert caught.value.field == "term_periods"


def test_floats_and_wrong_types_are_refused():
    for change in ({"amount": 1e7}, {"rate": 0.12}, {"balloon_share": 0.5}, {"fixed_instalment": 1e6}):
        with pytest.raises(TypeError):
            terms(**change)
    with pytest.raises(TypeError):
        terms(term_periods=12.0)
    with pytest.raises(TypeError):
        terms(first_due_date="2026-04-01")
