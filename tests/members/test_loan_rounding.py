"""Rounding: the precision and mode of each part, instalments rounded to a multiple, and the EXACT
schedule stored to the cent — docs/savings-loans.md, "Loan conventions"."""

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

import pytest

from members.loans.conventions import InstalmentRounding, Rounding, RoundingMode
from members.loans.figures import round_to_multiple, running_parts
from members.loans.schedule import InterestMethod, LoanTerms, build_schedule

D = Decimal
TEN_MILLION = D(10_000_000)


def terms(**changes) -> LoanTerms:
    arguments = {
        "amount": TEN_MILLION,
        "rate": D("0.01"),
        "rate_period": "month",
        "term_periods": 12,
        "method": InterestMethod.FLAT,
    }
    return LoanTerms(**{**arguments, **changes})


@pytest.mark.parametrize(
    ("mode", "principal", "interest", "last_principal", "last_interest"),
    [
        (RoundingMode.HALF_UP, 83_338, 10_001, 83_332, 9_995),
        (RoundingMode.HALF_EVEN, 83_338, 10_000, 83_332, 10_006),
        (RoundingMode.DOWN, 83_337, 10_000, 83_343, 10_006),
    ],
)
def test_rounding_modes_on_an_exact_half(mode, principal, interest, last_principal, last_interest):
    amount = D(1_000_050)
    assert amount / 12 == D("83337.5") and amount * D("0.01") == D("10000.5")
    result = build_schedule(terms(amount=amount, rounding_mode=mode))
    lines = result.instalments
    assert {(line.principal, line.interest) for line in lines[:-1]} == {(D(principal), D(interest))}
    assert (lines[-1].principal, lines[-1].interest) == (D(last_principal), D(last_interest))
    # The last instalment absorbs: 11 regular parts plus the last give back the amount and 120,006.
    assert 11 * principal + last_principal == amount
    assert 11 * interest + last_interest == 120_006 == result.total_interest


def test_cents_rounding_modes_apply_to_cents():
    result = build_schedule(terms(amount=D("100000.05"), rounding=Rounding.CENTS, rounding_mode=RoundingMode.HALF_EVEN))
    assert result.instalments[0].interest == D("1000.00")  # 1,000.0005 → 1,000.00
    assert result.total_principal == D("100000.05")


def test_exact_schedule_is_stored_to_the_cent_through_running_totals():
    result = build_schedule(terms(rounding=Rounding.EXACT))
    assert result.instalments[0].principal == D("833333.3333333333")
    assert result.instalments[0] is not result.stored_instalments()[0]
    stored = result.stored_instalments()
    principals = [line.principal for line in stored]
    # Running totals 833,333.33, 1,666,666.67, 2,500,000.00, … give .33, .34, .33, .33, .34, .33, …
    assert principals[:6] == [D("833333.33"), D("833333.34"), D("833333.33")] * 2
    assert sum(principals) == D("10000000.00")
    assert {line.interest for line in stored} == {D("100000.00")}
    assert [line.balance for line in stored][:3] == [D("9166666.67"), D("8333333.33"), D("7500000.00")]
    assert all(line.opening_balance - line.principal == line.balance for line in stored)
    assert stored[-1].balance == 0
    assert result.steps[-1].label == "Stored to the cent"


def test_rounded_schedules_are_stored_as_they_are():
    for rounding in (Rounding.WHOLE_RUPIAH, Rounding.CENTS):
        result = build_schedule(terms(rounding=rounding, method=InterestMethod.ANNUITY))
        assert result.stored_instalments() == result.instalments


def test_exact_capitalised_schedule_is_stored_consistently():
    result = build_schedule(
        terms(
            rounding=Rounding.EXACT,
            method=InterestMethod.ANNUITY,
            term_periods=5,
            grace_periods=2,
            grace_kind="capitalised",
        )
    )
    stored = result.stored_instalments()
    assert sum(line.principal for line in stored) == TEN_MILLION
    assert [line.capitalised for line in stored[:2]] == [D("100000.00"), D("101000.00")]
    assert stored[1].balance == D("10201000.00") and stored[-1].balance == 0
    assert sum(line.interest for line in stored) == sum(line.interest for line in result.instalments).quantize(
        D("0.01")
    )


def test_running_parts_add_up_to_the_rounded_total():
    values = [D("0.333"), D("0.333"), D("0.334")]
    assert running_parts(values) == [D("0.33"), D("0.34"), D("0.33")]
    assert sum(running_parts(values)) == D("1.00")


# Instalment multiples -----------------------------------------------------------------------


def by_hand(value: Decimal, multiple: int, how: InstalmentRounding) -> Decimal:
    mode = ROUND_CEILING if how == InstalmentRounding.UP else ROUND_HALF_UP
    return (value / multiple).quantize(D(1), rounding=mode) * multiple


@pytest.mark.parametrize(
    ("multiple", "how", "annuity", "annuity_last", "flat", "flat_last"),
    [
        (100, "up", 888_500, 888_346, 933_400, 932_600),
        (100, "nearest", 888_500, 888_346, 933_300, 933_700),
        (500, "up", 888_500, 888_346, 933_500, 931_500),
        (500, "nearest", 888_500, 888_346, 933_500, 931_500),
        (1_000, "up", 889_000, 882_505, 934_000, 926_000),
        (1_000, "nearest", 888_000, 894_187, 933_000, 937_000),
        (10_000, "up", 890_000, 870_823, 940_000, 860_000),
        (10_000, "nearest", 890_000, 870_823, 930_000, 970_000),
    ],
)
def test_instalment_multiples_up_and_nearest(multiple, how, annuity, annuity_last, flat, flat_last):
    options = {"instalment_multiple": D(multiple), "instalment_rounding": how}
    exact_annuity = D("888487.8867834170733998783122788656")
    assert by_hand(exact_annuity, multiple, how) == annuity
    result = build_schedule(terms(method=InterestMethod.ANNUITY, **options))
    totals = [line.total for line in result.instalments]
    assert result.level_payment == annuity and totals == [D(annuity)] * 11 + [D(annuity_last)]
    # Reference: interest 1 % of the balance in whole Rupiah, principal = instalment − interest.
    balance = TEN_MILLION
    for line in result.instalments[:-1]:
        interest = (balance / 100).quantize(D(1), rounding=ROUND_HALF_UP)
        assert (line.interest, line.principal) == (interest, annuity - interest)
        balance -= annuity - interest
    assert result.instalments[-1].principal == balance

    flat_result = build_schedule(terms(**options))
    assert by_hand(TEN_MILLION / 12 + 100_000, multiple, how) == flat
    assert [line.total for line in flat_result.instalments] == [D(flat)] * 11 + [D(flat_last)]
    assert {line.interest for line in flat_result.instalments} == {D(100_000)}
    assert flat_result.total_principal == TEN_MILLION


def test_declining_rounds_each_instalment_to_the_multiple():
    result = build_schedule(terms(method=InterestMethod.DECLINING, instalment_multiple=D(1000)))
    lines = result.instalments
    assert all(line.total % 1000 == 0 for line in lines[:-1])
    assert lines[0].total == D(934_000)  # 833,333.33 + 100,000 rounded up
    assert result.level_payment is None and result.total_principal == TEN_MILLION


def test_round_to_multiple():
    assert round_to_multiple(D("888487.89"), D(1000), InstalmentRounding.UP) == D(889_000)
    assert round_to_multiple(D("888500"), D(1000), InstalmentRounding.NEAREST) == D(889_000)  # half up
    assert round_to_multiple(D("888499.99"), D(1000), InstalmentRounding.NEAREST) == D(888_000)
    assert round_to_multiple(D("888000"), D(1000), InstalmentRounding.UP) == D(888_000)


def test_a_multiple_never_rounds_an_instalment_to_nothing():
    result = build_schedule(
        terms(amount=D(12_000), term_periods=12, instalment_multiple=D(10_000), instalment_rounding="nearest")
    )
    assert result.level_payment == D(10_000)
    assert result.total_principal == D(12_000)
    assert all(line.principal >= 0 and line.interest >= 0 for line in result.instalments)
