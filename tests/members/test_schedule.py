"""Loan schedules, simulation and collectibility (pure functions: no database)."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from members.loans.amortisation import annuity_payment
from members.loans.conventions import (
    PERIODS_PER_YEAR,
    DayCount,
    Frequency,
    GraceKind,
    InstalmentRounding,
    RateConversion,
    RatePeriod,
    Rounding,
    RoundingMode,
)
from members.loans.periods import add_months
from members.loans.schedule import (
    CollectibilityThresholds,
    InterestMethod,
    LoanTerms,
    ProductTerms,
    ScheduleError,
    build_schedule,
    classify_collectibility,
    months_from_names,
    simulate,
)

TEN_MILLION = Decimal(10_000_000)
ONE_PERCENT = Decimal("0.01")


def schedule(method, rounding=Rounding.EXACT, **extra):
    terms = LoanTerms(TEN_MILLION, ONE_PERCENT, RatePeriod.MONTH, 12, method, rounding=rounding, **extra)
    return build_schedule(terms)


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


# Worked checks ------------------------------------------------------------------------------


def test_flat_exact_is_twelve_instalments_of_933_333_33():
    lines = schedule(InterestMethod.FLAT).instalments
    assert len(lines) == 12
    assert {cents(line.total) for line in lines} == {Decimal("933333.33")}
    assert {cents(line.principal) for line in lines} == {Decimal("833333.33")}
    assert {line.interest for line in lines} == {Decimal("100000")}


def test_flat_in_whole_rupiah_sums_to_the_loan_and_the_interest_exactly():
    result = schedule(InterestMethod.FLAT, Rounding.WHOLE_RUPIAH)
    totals = [line.total for line in result.instalments]
    assert totals[:11] == [Decimal(933_333)] * 11
    assert totals[11] == Decimal(933_337)  # the last instalment absorbs the rounding difference
    assert result.total_principal == Decimal(10_000_000)
    assert result.total_interest == Decimal(1_200_000)
    assert result.instalments[-1].balance == 0


def test_flat_in_cents_sums_exactly():
    result = schedule(InterestMethod.FLAT, Rounding.CENTS)
    assert result.instalments[0].total == Decimal("933333.33")
    assert result.instalments[-1].principal == Decimal("833333.37")
    assert result.total_principal == Decimal("10000000.00")
    assert result.total_interest == Decimal("1200000.00")


def test_annuity_instalment_and_total_interest():
    result = schedule(InterestMethod.ANNUITY)
    assert annuity_payment(TEN_MILLION, ONE_PERCENT, 12).quantize(Decimal("0.0001")) == Decimal("888487.8868")
    assert result.level_payment.quantize(Decimal("0.0001")) == Decimal("888487.8868")
    assert cents(result.total_interest) == Decimal("661854.64")
    assert result.total_principal == TEN_MILLION
    # Interest falls and principal rises month by month.
    interests = [line.interest for line in result.instalments]
    assert interests == sorted(interests, reverse=True)
    assert result.instalments[0].interest == Decimal(100_000)


def test_annuity_in_whole_rupiah_has_a_level_instalment_and_an_adjusted_last_one():
    result = schedule(InterestMethod.ANNUITY, Rounding.WHOLE_RUPIAH)
    assert result.level_payment == Decimal(888_488)
    assert {line.total for line in result.instalments[:-1]} == {Decimal(888_488)}
    assert result.total_principal == TEN_MILLION
    assert abs(result.instalments[-1].total - Decimal(888_488)) < 12


def test_declining_first_and_last_instalment():
    result = schedule(InterestMethod.DECLINING)
    assert cents(result.instalments[0].total) == Decimal("933333.33")
    assert cents(result.instalments[-1].total) == Decimal("841666.67")
    assert cents(result.total_interest) == Decimal("650000.00")


def test_declining_in_cents_last_principal_absorbs_the_difference():
    result = schedule(InterestMethod.DECLINING, Rounding.CENTS)
    assert result.instalments[0].total == Decimal("933333.33")
    assert result.instalments[-1].principal == Decimal("833333.37")
    assert result.instalments[-1].total == Decimal("841666.70")
    assert result.total_principal == TEN_MILLION


def test_yearly_rate_is_divided_by_twelve():
    yearly = LoanTerms(TEN_MILLION, Decimal("0.12"), RatePeriod.YEAR, 12, InterestMethod.FLAT)
    monthly = LoanTerms(TEN_MILLION, ONE_PERCENT, RatePeriod.MONTH, 12, InterestMethod.FLAT)
    assert yearly.period_rate == ONE_PERCENT
    assert build_schedule(yearly).instalments == build_schedule(monthly).instalments


def test_zero_rate_repays_principal_only():
    for method in InterestMethod:
        result = build_schedule(LoanTerms(Decimal(1_200_000), Decimal(0), "month", 12, method))
        assert result.total_interest == 0
        assert {line.principal for line in result.instalments} == {Decimal(100_000)}


# Grace and seasonal schedules ---------------------------------------------------------------


def test_grace_periods_pay_interest_only():
    result = schedule(InterestMethod.DECLINING, Rounding.WHOLE_RUPIAH, grace_periods=3)
    first_three = result.instalments[:3]
    assert all(line.principal == 0 and line.interest == Decimal(100_000) for line in first_three)
    assert {line.principal for line in result.instalments[3:-1]} == {Decimal(1_111_111)}
    assert result.total_principal == TEN_MILLION


def test_seasonal_schedule_pays_principal_april_to_october_only():
    """Seed 001: fishermen repay principal in the fishing season; interest is due every month."""
    result = schedule(
        InterestMethod.FLAT,
        Rounding.WHOLE_RUPIAH,
        principal_months=months_from_names(["4-10"]),
        first_due_date=datetime.date(2026, 4, 25),
    )
    by_month = {line.due_date.month: line for line in result.instalments}
    assert [line.due_date for line in result.instalments][-1] == datetime.date(2027, 3, 25)
    for month in (11, 12, 1, 2):
        assert by_month[month].principal == 0
        assert by_month[month].interest == Decimal(100_000)
    # Seven season months plus the maturity month (March) repay principal: 8 × 1,250,000.
    paying = [line for line in result.instalments if line.principal]
    assert len(paying) == 8
    assert {line.principal for line in paying} == {Decimal(1_250_000)}
    assert result.total_principal == TEN_MILLION


def test_seasonal_annuity_is_level_in_season():
    result = schedule(
        InterestMethod.ANNUITY,
        Rounding.WHOLE_RUPIAH,
        principal_months=frozenset(range(4, 11)),
        first_due_date=datetime.date(2026, 4, 10),
        grace_periods=0,
    )
    season = [line for line in result.instalments[:-1] if line.due_date.month in range(4, 11)]
    assert {line.total for line in season} == {result.level_payment}
    assert result.instalments[-1].balance == 0


def test_add_months_clamps_to_month_end():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2027, 12, 31), 2) == datetime.date(2028, 2, 29)


def test_months_from_names_wraps_the_year_end():
    assert months_from_names(["11-2"]) == frozenset({11, 12, 1, 2})
    assert months_from_names([4, "5", " "]) == frozenset({4, 5})
    with pytest.raises(ScheduleError):
        months_from_names(["13"])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": Decimal(0)}, "amount"),
        ({"rate": Decimal("-0.01")}, "rate"),
        ({"rate": Decimal(2)}, "rate"),
        ({"term_periods": 0}, "term_periods"),
        ({"grace_periods": 12}, "grace_periods"),
        ({"principal_months": frozenset({4})}, "first_due_date"),
        ({"principal_months": frozenset({13}), "first_due_date": datetime.date(2026, 1, 1)}, "principal_months"),
    ],
)
def test_impossible_terms_are_refused_with_the_field_named(change, field):
    arguments = {
        "amount": TEN_MILLION,
        "rate": ONE_PERCENT,
        "rate_period": RatePeriod.MONTH,
        "term_periods": 12,
        "method": InterestMethod.FLAT,
    }
    with pytest.raises(ScheduleError) as caught:
        LoanTerms(**{**arguments, **change})
    assert caught.value.field == field


def test_floats_are_refused():
    with pytest.raises(TypeError):
        LoanTerms(10_000_000.0, ONE_PERCENT, RatePeriod.MONTH, 12, InterestMethod.FLAT)


def test_tiny_loans_over_long_terms_never_get_negative_parts():
    result = build_schedule(LoanTerms(Decimal(10), Decimal("0.05"), "month", 12, "flat"))
    assert all(line.principal >= 0 and line.interest >= 0 for line in result.instalments)
    assert result.total_principal == 10
    assert result.total_interest == Decimal(6)  # round(10 × 0.05 × 12)


# Properties ---------------------------------------------------------------------------------

amounts = st.decimals(min_value=Decimal(1), max_value=Decimal(5_000_000_000), places=2)
rates = st.decimals(min_value=Decimal(0), max_value=Decimal("0.2"), places=4)


MONTHLY_OR_LONGER = [Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.SEMIANNUAL, Frequency.YEARLY]
QUANTUM = {Rounding.WHOLE_RUPIAH: Decimal(1), Rounding.CENTS: Decimal("0.01"), Rounding.EXACT: Decimal("0.01")}


@st.composite
def loan_terms(draw):
    """Terms over every option: frequencies, conversions, day counts with their dates, grace kinds,
    seasons (monthly or longer), rounding precisions and modes, multiples, balloons, fixed instalments."""
    frequency = draw(st.sampled_from(list(Frequency)))
    term = draw(st.integers(min_value=1, max_value=min(120, 50 * PERIODS_PER_YEAR[frequency])))
    day_count = draw(st.sampled_from(list(DayCount)))
    dated = day_count != DayCount.THIRTY_360 or draw(st.booleans())
    first = draw(st.dates(datetime.date(2020, 1, 1), datetime.date(2035, 12, 31))) if dated else None
    with_start = dated and (day_count != DayCount.THIRTY_360 or draw(st.booleans()))
    start = first - datetime.timedelta(days=draw(st.integers(1, 70))) if with_start else None
    seasonal = frequency in MONTHLY_OR_LONGER and dated and draw(st.booleans())
    rounding = draw(st.sampled_from(list(Rounding)))
    multiple = draw(st.sampled_from([None, Decimal(100), Decimal(500), Decimal(1000), Decimal(10_000)]))
    amount = draw(amounts)
    fixed = None
    if draw(st.integers(0, 4)) == 0:
        fixed = draw(st.decimals(amount / term, amount * 2 + 1, places=2))
        fixed = max((fixed / QUANTUM[rounding]).to_integral_value(), Decimal(1)) * QUANTUM[rounding]
        if multiple is not None:
            fixed = max((fixed / multiple).to_integral_value(), Decimal(1)) * multiple
    options = dict(
        amount=amount,
        rate=draw(rates),
        rate_period=draw(st.sampled_from(list(RatePeriod))),
        term_periods=term,
        method=draw(st.sampled_from(list(InterestMethod))),
        frequency=frequency,
        rate_conversion=draw(st.sampled_from(list(RateConversion))),
        day_count=day_count,
        grace_periods=draw(st.integers(min_value=0, max_value=term - 1)),
        grace_kind=draw(st.sampled_from(list(GraceKind))),
        principal_months=draw(st.frozensets(st.integers(1, 12), min_size=1)) if seasonal else None,
        first_due_date=first,
        disbursement_date=start,
        rounding=rounding,
        rounding_mode=draw(st.sampled_from(list(RoundingMode))),
        instalment_multiple=multiple,
        instalment_rounding=draw(st.sampled_from(list(InstalmentRounding))),
        balloon_share=Decimal(0) if fixed else draw(st.sampled_from([Decimal(0), Decimal("0.25"), Decimal(1)])),
        fixed_instalment=fixed,
    )
    try:
        return LoanTerms(**options)
    except ScheduleError as error:  # a rate above 100 % per period once converted (a weekly rate paid yearly)
        assert error.field == "rate"
        assume(False)


def schedule_or_reject(terms):
    try:
        return build_schedule(terms)
    except ScheduleError as error:  # a fixed instalment too small, or a capitalised balance past 10^15
        assert error.field in {"fixed_instalment", "grace_periods"}
        assume(False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(loan_terms())
def test_any_schedule_repays_exactly_the_loan_with_no_negative_part(terms):
    result = schedule_or_reject(terms)
    lines = result.instalments
    if terms.fixed_instalment is None:
        assert len(lines) == terms.term_periods
    else:
        assert len(lines) <= terms.term_periods
        assert all(line.total == terms.fixed_instalment for line in lines[terms.grace_periods : -1] if line.principal)
    assert result.total_principal == terms.amount
    assert lines[-1].balance == 0
    for line in lines:
        assert line.principal >= 0 and line.interest >= 0 and line.capitalised >= 0 and line.balance >= 0
    assert [line.opening_balance for line in lines] == [terms.amount] + [line.balance for line in lines[:-1]]
    assert all(line.balance <= line.opening_balance for line in lines if not line.capitalised)
    assert all(line.principal == 0 for line in lines[: terms.grace_periods])
    if terms.grace_kind != GraceKind.INTEREST_ONLY:
        assert all(line.total == 0 for line in lines[: terms.grace_periods])
    if terms.rounding == Rounding.WHOLE_RUPIAH and terms.amount == terms.amount.to_integral_value():
        assert all(line.total == line.total.to_integral_value() for line in lines)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(loan_terms())
def test_stored_instalments_are_cents_that_add_up_to_the_loan(terms):
    stored = schedule_or_reject(terms).stored_instalments()
    assert sum(line.principal for line in stored) == terms.amount  # amounts are drawn in cents
    assert stored[-1].balance == 0
    for line in stored:
        assert line.principal == line.principal.quantize(Decimal("0.01")) or terms.rounding != Rounding.EXACT
        assert line.principal >= 0 and line.interest >= 0 and line.balance >= 0


@settings(max_examples=200, deadline=None)
@given(amounts, st.integers(min_value=1, max_value=120), rates)
def test_flat_interest_totals_principal_times_rate_times_term(amount, term, rate):
    terms = LoanTerms(amount, rate, RatePeriod.MONTH, term, InterestMethod.FLAT, rounding=Rounding.CENTS)
    expected = (amount * rate * term).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert build_schedule(terms).total_interest == expected


@settings(max_examples=100, deadline=None)
@given(amounts, st.integers(min_value=2, max_value=120), st.decimals(Decimal("0.001"), Decimal("0.1"), places=4))
def test_declining_interest_never_exceeds_flat_interest(amount, term, rate):
    def total(method):
        return build_schedule(LoanTerms(amount, rate, "month", term, method, rounding="exact")).total_interest

    assert total(InterestMethod.DECLINING) <= total(InterestMethod.ANNUITY) <= total(InterestMethod.FLAT)


# Simulation ---------------------------------------------------------------------------------

TERMS = ProductTerms(ONE_PERCENT, RatePeriod.MONTH, InterestMethod.FLAT, max_instalment_ratio=Decimal("0.30"))


def test_simulation_passes_when_instalment_fits_the_income_ratio():
    result = simulate(TEN_MILLION, 12, TERMS, monthly_income=Decimal(3_500_000))
    assert result.largest_payment == Decimal(933_337)
    assert result.passes is True
    assert result.instalment_ratio == Decimal("0.2667")


def test_simulation_fails_above_the_ratio_and_an_explicit_ceiling_overrides_the_product():
    assert simulate(TEN_MILLION, 12, TERMS, monthly_income=Decimal(3_000_000)).passes is False
    loose = simulate(TEN_MILLION, 12, TERMS, monthly_income=Decimal(3_000_000), max_instalment_ratio=Decimal("0.4"))
    assert loose.passes is True


def test_simulation_without_income_does_not_judge():
    result = simulate(TEN_MILLION, 12, TERMS)
    assert result.passes is None and result.instalment_ratio is None
    assert len(result.schedule.instalments) == 12


def test_simulation_uses_the_largest_instalment_of_a_declining_loan():
    terms = ProductTerms(ONE_PERCENT, RatePeriod.MONTH, InterestMethod.DECLINING, rounding=Rounding.CENTS)
    result = simulate(TEN_MILLION, 12, terms, monthly_income=Decimal(3_111_112), max_instalment_ratio=Decimal("0.3"))
    assert result.largest_payment == Decimal("933333.33")
    assert result.passes is True


# Collectibility -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, "lancar"),
        (30, "lancar"),
        (31, "kurang_lancar"),
        (90, "kurang_lancar"),
        (91, "diragukan"),
        (180, "diragukan"),
        (181, "macet"),
        (2000, "macet"),
    ],
)
def test_default_collectibility_classes(days, expected):
    assert classify_collectibility(days) == expected


def test_collectibility_thresholds_are_configurable_and_checked():
    strict = CollectibilityThresholds(current_max_days=0, substandard_max_days=60, doubtful_max_days=120)
    assert classify_collectibility(1, strict) == "kurang_lancar"
    assert classify_collectibility(121, strict) == "macet"
    with pytest.raises(ScheduleError):
        CollectibilityThresholds(current_max_days=90, substandard_max_days=60)
    with pytest.raises(ScheduleError):
        classify_collectibility(-1)
