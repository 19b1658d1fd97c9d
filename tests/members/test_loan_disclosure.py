"""The effective annual rate disclosed with a loan, and the loan simulation with its affordability
check — docs/savings-loans.md, "Loan conventions". The rates are cross-checked by a plain bisection."""

import datetime
from decimal import Decimal, localcontext

import pytest

from members.loans.conventions import Frequency, RatePeriod
from members.loans.disclosure import effective_annual_rate, solve_irr
from members.loans.schedule import InterestMethod, LoanTerms, ProductTerms, ScheduleError, build_schedule, simulate

D = Decimal
TWELVE_MILLION = D(12_000_000)


def schedule(**changes):
    arguments = {
        "amount": TWELVE_MILLION,
        "rate": D("0.12"),
        "rate_period": RatePeriod.YEAR,
        "term_periods": 12,
        "method": InterestMethod.FLAT,
    }
    return build_schedule(LoanTerms(**{**arguments, **changes}))


def bisect(npv) -> Decimal:
    """The root of an increasing npv(x) between 0 and 1, by halving 120 times."""
    low, high = D(0), D(1)
    with localcontext() as context:
        context.prec = 40
        for _ in range(120):
            middle = (low + high) / 2
            if npv(middle) < 0:
                low = middle
            else:
                high = middle
        return (low + high) / 2


def monthly_irr(received: Decimal, payments: list[Decimal]) -> Decimal:
    return bisect(lambda i: received - sum(p / (1 + i) ** k for k, p in enumerate(payments, start=1)))


def test_flat_twelve_percent_effective_rate():
    flat = schedule()
    result = effective_annual_rate(flat)
    i = monthly_irr(TWELVE_MILLION, [D(1_120_000)] * 12)
    assert abs(result.period_rate - i) < D("1e-10")
    assert result.period_rate == D("0.0178809869")  # 1.78810 % a month
    assert result.nominal_annual_irr == D("0.214572")  # i × 12
    assert result.effective_annual == D("0.236984")  # (1 + i)^12 − 1
    with localcontext() as context:
        context.prec = 40
        assert ((1 + i) ** 12 - 1).quantize(D("0.000001")) == result.effective_annual
    assert result.nominal_annual == D("0.12") and result.flat_annual == D("0.12")
    assert [step.value for step in result.steps[-3:]] == ["23.6984 %", "21.4572 %", "12 %"]

    with_fees = effective_annual_rate(flat, D(120_000))
    assert abs(with_fees.period_rate - monthly_irr(D(11_880_000), [D(1_120_000)] * 12)) < D("1e-10")
    assert (with_fees.period_rate, with_fees.nominal_annual_irr, with_fees.effective_annual) == (
        D("0.0195114228"),
        D("0.234137"),
        D("0.260971"),
    )


def test_declining_and_annuity_at_twelve_percent_are_twelve_percent_nominal():
    for method in (InterestMethod.DECLINING, InterestMethod.ANNUITY):
        result = effective_annual_rate(schedule(method=method, rounding="exact"))
        assert result.period_rate == D("0.0100000000")
        assert result.nominal_annual_irr == D("0.120000")
        assert result.effective_annual == D("0.126825")  # 1.01^12 − 1
        assert result.flat_annual is None


def test_dated_annuity_with_fees_on_actual_days():
    start = datetime.date(2026, 1, 15)
    loan = schedule(method=InterestMethod.ANNUITY, disbursement_date=start, first_due_date=datetime.date(2026, 2, 15))
    result = effective_annual_rate(loan, D(120_000))
    flows = [((line.due_date - start).days, line.total) for line in loan.instalments]
    # XIRR written out: Σ total / (1 + E)^(days / 365) = amount − fees.
    expected = bisect(lambda e: D(11_880_000) - sum(total / (1 + e) ** (D(days) / 365) for days, total in flows))
    assert abs(result.effective_annual - expected) < D("0.0000006")
    assert result.effective_annual == D("0.149016")
    assert result.period_rate is None
    assert result.nominal_annual_irr == D("0.139713")


def test_zero_rate_has_no_cost_unless_there_are_fees():
    free = schedule(rate=D(0), term_periods=3)
    assert effective_annual_rate(free).effective_annual == 0
    with_fees = effective_annual_rate(free, D(120_000))
    assert with_fees.effective_annual == D("0.062211") > 0
    assert abs(with_fees.period_rate - monthly_irr(D(11_880_000), [D(4_000_000)] * 3)) < D("1e-10")


def test_grace_months_without_payments_count_as_time():
    loan = schedule(method=InterestMethod.DECLINING, grace_periods=2, grace_kind="capitalised", rounding="exact")
    result = effective_annual_rate(loan)
    assert loan.instalments[0].total == 0
    assert abs(result.period_rate - D("0.01")) < D("1e-9")  # capitalising at 1 % keeps the IRR at 1 %


def test_the_solver_is_robust():
    assert solve_irr(D(100), [(1, D(100))]) == 0
    assert abs(solve_irr(D(100), [(1, D(110))]) - D("0.1")) < D("1e-24")
    assert abs(solve_irr(D(100), [(2, D(121))]) - D("0.1")) < D("1e-24")
    assert solve_irr(D(100), [(1, D(90))]) < 0  # paying back less than received
    assert solve_irr(D(1), [(1, D(1_000_000))]) > 100_000
    with pytest.raises(ValueError, match="fees"):
        effective_annual_rate(schedule(), TWELVE_MILLION)


# Simulation ---------------------------------------------------------------------------------

WEEKLY = ProductTerms(
    D("0.005"),
    RatePeriod.WEEK,
    InterestMethod.FLAT,
    frequency=Frequency.WEEKLY,
    max_instalment_ratio=D("0.30"),
    fees_rate=D("0.02"),
)


def test_weekly_simulation_converts_the_instalment_to_a_month():
    result = simulate(D(2_000_000), 20, WEEKLY, monthly_income=D(1_500_000))
    assert result.largest_payment == D(110_000)
    assert result.monthly_payment == D("476666.67")  # 110,000 × 52 / 12
    assert result.instalment_ratio == D("0.3178")
    assert result.passes is False  # 476,666.67 > 1,500,000 × 30 %
    assert result.fees == D(40_000)
    assert result.disclosure.fees == D(40_000)
    assert result.disclosure.effective_annual == D("0.790307")
    assert simulate(D(2_000_000), 20, WEEKLY, monthly_income=D(1_600_000)).passes is True


def test_simulation_takes_explicit_fees_dates_and_a_fixed_instalment():
    product = ProductTerms(D("0.01"), RatePeriod.MONTH, InterestMethod.ANNUITY, fees_rate=D("0.01"))
    result = simulate(
        D(10_000_000),
        24,
        product,
        fees=D(0),
        disbursement_date=datetime.date(2026, 1, 10),
        first_due_date=datetime.date(2026, 2, 10),
        fixed_instalment=D(1_000_000),
    )
    assert len(result.schedule.instalments) == 11 and result.fees == 0
    assert result.schedule.instalments[0].due_date == datetime.date(2026, 2, 10)
    assert result.disclosure.period_rate is None  # dated: on actual days
    with pytest.raises(ScheduleError) as caught:
        simulate(D(10_000_000), 12, product, fees=D(10_000_000))
    assert caught.value.field == "fees"


def test_product_terms_make_the_loan_terms():
    product = ProductTerms(
        D("0.18"),
        RatePeriod.YEAR,
        InterestMethod.DECLINING,
        grace_periods=1,
        frequency="quarterly",
        rate_conversion="effective",
        day_count="act/365",
        grace_kind="interest_free",
        rounding_mode="half_even",
        instalment_multiple=D(1000),
        instalment_rounding="nearest",
        balloon_share=D("0.5"),
    )
    loan = product.loan_terms(
        D(5_000_000), 8, first_due_date=datetime.date(2026, 4, 1), disbursement_date=datetime.date(2026, 1, 1)
    )
    assert (loan.frequency, loan.rate_conversion, loan.day_count, loan.grace_kind) == (
        "quarterly",
        "effective",
        "act/365",
        "interest_free",
    )
    assert (loan.instalment_multiple, loan.instalment_rounding, loan.balloon_share) == (D(1000), "nearest", D("0.5"))
    assert loan.term_periods == 8 and loan.fixed_instalment is None
    assert build_schedule(loan).total_principal == D(5_000_000)
