"""Loan schedules, simulation and collectibility (pure functions: no database)."""

import datetime
import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from members.loans.schedule import (
    CollectibilityThresholds,
    InterestMethod,
    LoanTerms,
    ProductTerms,
    RatePeriod,
    Rounding,
    ScheduleError,
    add_months,
    annuity_payment,
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
    assert yearly.monthly_rate == ONE_PERCENT
    assert build_schedule(yearly).instalments == build_schedule(monthly).instalments


def test_zero_rate_repays_principal_only():
    for method in InterestMethod:
        result = build_schedule(LoanTerms(Decimal(1_200_000), Decimal(0), "month", 12, method))
        assert result.total_interest == 0
        assert {line.principal for line in result.instalments} == {Decimal(100_000)}


# Grace and seasonal schedules ---------------------------------------------------------------


def test_grace_months_pay_interest_only():
    result = schedule(InterestMethod.DECLINING, Rounding.WHOLE_RUPIAH, grace_months=3)
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
        grace_months=0,
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
        ({"term_months": 0}, "term_months"),
        ({"grace_months": 12}, "grace_months"),
        ({"principal_months": frozenset({4})}, "first_due_date"),
        ({"principal_months": frozenset({13}), "first_due_date": datetime.date(2026, 1, 1)}, "principal_months"),
    ],
)
def test_impossible_terms_are_refused_with_the_field_named(change, field):
    arguments = {
        "amount": TEN_MILLION,
        "rate": ONE_PERCENT,
        "rate_period": RatePeriod.MONTH,
        "term_months": 12,
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


@st.composite
def loan_terms(draw):
    term = draw(st.integers(min_value=1, max_value=120))
    seasonal = draw(st.booleans())
    return LoanTerms(
        amount=draw(amounts),
        rate=draw(rates),
        rate_period=draw(st.sampled_from(list(RatePeriod))),
        term_months=term,
        method=draw(st.sampled_from(list(InterestMethod))),
        grace_months=draw(st.integers(min_value=0, max_value=term - 1)),
        principal_months=draw(st.frozensets(st.integers(1, 12), min_size=1)) if seasonal else None,
        first_due_date=draw(st.dates(datetime.date(2020, 1, 1), datetime.date(2035, 12, 31))) if seasonal else None,
        rounding=draw(st.sampled_from(list(Rounding))),
    )


@settings(max_examples=200, deadline=None)
@given(loan_terms())
def test_any_schedule_repays_exactly_the_loan_with_no_negative_part(terms):
    result = build_schedule(terms)
    lines = result.instalments
    assert len(lines) == terms.term_months
    assert result.total_principal == terms.amount
    assert lines[-1].balance == 0
    assert all(line.principal >= 0 and line.interest >= 0 and line.total >= 0 for line in lines)
    balances = [terms.amount] + [line.balance for line in lines]
    assert all(later <= earlier for earlier, later in itertools.pairwise(balances))
    assert all(line.principal == 0 for line in lines[: terms.grace_months])
    if terms.rounding == Rounding.WHOLE_RUPIAH and terms.amount == terms.amount.to_integral_value():
        assert all(line.total == line.total.to_integral_value() for line in lines)


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
