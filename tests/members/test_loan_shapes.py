"""The shape of the repayments: grace periods (interest only, capitalised, interest-free), balloon and
bullet loans, and loans defined by a fixed instalment — docs/savings-loans.md, "Loan conventions"."""

import datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest

from members.loans.conventions import GraceKind
from members.loans.schedule import InterestMethod, LoanTerms, ScheduleError, build_schedule

D = Decimal
TEN_MILLION = D(10_000_000)


def terms(**changes) -> LoanTerms:
    arguments = {
        "amount": TEN_MILLION,
        "rate": D("0.01"),
        "rate_period": "month",
        "term_periods": 12,
        "method": InterestMethod.ANNUITY,
    }
    return LoanTerms(**{**arguments, **changes})


def whole(value: Decimal) -> Decimal:
    return value.quantize(D(1), rounding=ROUND_HALF_UP)


def rows(result):
    return [(line.principal, line.interest) for line in result.instalments]


# Grace periods ------------------------------------------------------------------------------


def test_interest_only_grace():
    result = build_schedule(terms(method=InterestMethod.DECLINING, grace_periods=3))
    assert rows(result)[:3] == [(0, D(100_000))] * 3
    principals = [line.principal for line in result.instalments[3:]]
    assert principals == [D(1_111_111)] * 8 + [D(1_111_112)]
    balances = [TEN_MILLION - D(1_111_111) * k for k in range(9)]
    assert [line.interest for line in result.instalments[3:]] == [whole(balance / 100) for balance in balances]
    assert result.total_interest == D(800_000)
    assert result.steps[1].label == "Grace: interest only"


def test_capitalised_grace():
    result = build_schedule(terms(term_periods=6, grace_periods=3, grace_kind=GraceKind.CAPITALISED))
    lines = result.instalments
    # The deferred interest compounds: 1 % of 10,000,000, of 10,100,000, of 10,201,000.
    assert [line.capitalised for line in lines[:3]] == [D(100_000), D(101_000), D(102_010)]
    assert [line.total for line in lines[:3]] == [0, 0, 0]
    assert [line.balance for line in lines[:3]] == [D(10_100_000), D(10_201_000), D(10_303_010)]
    base = D(10_303_010)
    with localcontext() as context:
        context.prec = 40
        exact = base * D("0.01") / (1 - D("1.01") ** -3)
    assert exact.quantize(D("0.01")) == D("3503251.21") and result.level_payment == D(3_503_251)
    # Instalment 4 retires the capitalised 303,010 first: shown as interest with the period's 103,030.
    assert rows(result)[3:] == [
        (D(3_097_211), D(103_030) + D(303_010)),
        (D(3_434_223), D(69_028)),
        (D(3_468_566), D(34_686)),
    ]
    assert lines[3].opening_balance == base and lines[3].balance == D(6_902_789)
    assert lines[-1].total == D(3_503_252)
    assert result.total_principal == TEN_MILLION
    assert result.total_interest == D(509_754)
    assert result.steps[1].value == "10,303,010"
    assert result.steps[1].formula == "10,000,000 + deferred interest (100,000 + 101,000 + 102,010)"


def test_capitalised_grace_of_a_flat_loan_defers_the_flat_interest():
    result = build_schedule(
        terms(method=InterestMethod.FLAT, term_periods=6, grace_periods=2, grace_kind=GraceKind.CAPITALISED)
    )
    assert [line.capitalised for line in result.instalments[:2]] == [D(100_000)] * 2  # P × r, not compounded
    # B = 10,200,000: flat interest 102,000 and principal 2,550,000 a month; the first pays the deferral.
    assert rows(result)[2:] == [(D(2_350_000), D(302_000))] + [(D(2_550_000), D(102_000))] * 3
    assert result.total_principal == TEN_MILLION


def test_interest_free_grace():
    result = build_schedule(
        terms(
            amount=D(12_000_000),
            method=InterestMethod.DECLINING,
            term_periods=6,
            grace_periods=3,
            grace_kind=GraceKind.INTEREST_FREE,
        )
    )
    assert [line.total for line in result.instalments] == [0, 0, 0, D(4_120_000), D(4_080_000), D(4_040_000)]
    assert result.total_interest == D(240_000)


def test_interest_free_grace_of_a_flat_loan_charges_only_the_paying_months():
    result = build_schedule(terms(method=InterestMethod.FLAT, grace_periods=2, grace_kind=GraceKind.INTEREST_FREE))
    assert result.total_interest == TEN_MILLION * D("0.01") * 10


# Balloon and bullet -------------------------------------------------------------------------


def test_annuity_with_a_thirty_percent_balloon():
    result = build_schedule(terms(balloon_share=D("0.3")))
    with localcontext() as context:
        context.prec = 40
        discount = D("1.01") ** -12
        exact = (TEN_MILLION - D(3_000_000) * discount) * D("0.01") / (1 - discount)
    assert exact.quantize(D("0.01")) == D("651941.52")
    assert result.level_payment == D(651_942)
    assert {line.total for line in result.instalments[:-1]} == {D(651_942)}
    last = result.instalments[-1]
    assert (last.principal, last.interest, last.total) == (D(3_615_778), D(36_158), D(3_651_936))
    assert result.instalments[-2].balance == D(3_615_778)
    assert result.total_interest == D(823_298)
    assert result.steps[1].formula == "30 % × 10,000,000"


def test_flat_and_declining_balloons_amortise_the_rest_equally():
    flat = build_schedule(terms(method=InterestMethod.FLAT, balloon_share=D("0.4")))
    assert [line.principal for line in flat.instalments] == [D(500_000)] * 11 + [D(4_500_000)]
    assert flat.total_interest == D(1_200_000)  # flat interest stays on the whole amount
    declining = build_schedule(terms(method=InterestMethod.DECLINING, balloon_share=D("0.4")))
    assert [line.principal for line in declining.instalments] == [D(500_000)] * 11 + [D(4_500_000)]
    assert declining.instalments[-1].interest == D(45_000)


def test_bullet_loan():
    for method in InterestMethod:
        result = build_schedule(terms(method=method, term_periods=4, balloon_share=D(1)))
        assert [line.total for line in result.instalments] == [D(100_000)] * 3 + [D(10_100_000)], method
        assert [line.balance for line in result.instalments] == [TEN_MILLION] * 3 + [0]
    assert build_schedule(terms(term_periods=4, balloon_share=D(1))).steps[1].label.startswith("Bullet")


# Fixed instalment ---------------------------------------------------------------------------


def test_fixed_instalment_derives_the_term():
    result = build_schedule(terms(term_periods=24, fixed_instalment=D(1_000_000)))
    lines = result.instalments
    assert len(lines) == 11 and result.terms.term_periods == 24
    # Plain reference: interest 1 % of the balance, the rest of 1,000,000 repays principal.
    balance, expected = TEN_MILLION, []
    while balance:
        interest = whole(balance / 100)
        principal = min(D(1_000_000) - interest, balance)
        expected.append((principal, interest))
        balance -= principal
    assert rows(result) == expected
    assert [line.total for line in lines] == [D(1_000_000)] * 10 + [D(589_848)]
    assert (lines[-1].principal, lines[-1].interest) == (D(584_008), D(5_840))
    assert result.level_payment == D(1_000_000)
    assert result.total_interest == D(589_848)
    assert result.steps[1].value == "n = 11"


def test_fixed_instalment_of_a_flat_loan_keeps_flat_interest():
    result = build_schedule(terms(method=InterestMethod.FLAT, term_periods=24, fixed_instalment=D(1_000_000)))
    assert len(result.instalments) == 12  # 900,000 principal a month
    assert rows(result) == [(D(900_000), D(100_000))] * 11 + [(D(100_000), D(100_000))]


def test_fixed_instalment_that_cannot_repay_is_refused():
    with pytest.raises(ScheduleError) as caught:
        build_schedule(terms(fixed_instalment=D(100_000)))
    assert caught.value.field == "fixed_instalment" and "does not cover the interest" in caught.value.message
    with pytest.raises(ScheduleError) as caught:
        build_schedule(terms(fixed_instalment=D(500_000)))
    assert caught.value.field == "fixed_instalment" and "within 12 instalments" in caught.value.message


def test_fixed_instalment_after_a_grace_and_on_actual_days():
    result = build_schedule(
        terms(
            term_periods=36,
            grace_periods=2,
            fixed_instalment=D(2_000_000),
            day_count="act/365",
            disbursement_date=datetime.date(2026, 1, 10),
            first_due_date=datetime.date(2026, 2, 10),
        )
    )
    lines = result.instalments
    assert [line.principal for line in lines[:2]] == [0, 0]
    assert {line.total for line in lines[2:-1]} == {D(2_000_000)}
    assert lines[-1].total <= D(2_000_000) and lines[-1].balance == 0
    assert result.total_principal == TEN_MILLION
