"""Batch cost and the joint-cost allocation: shares sum to the total to the cent, whatever the outputs."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from processing.costing import AllocationBasis, Output, allocate_joint_cost, batch_cost, unit_cost, yield_variance

D = Decimal
cents = st.integers(min_value=0, max_value=10**13).map(lambda n: D(n) / 100)
quantities = st.integers(min_value=0, max_value=10**9).map(lambda n: D(n) / 1000)
outputs = st.lists(st.builds(Output, quantities, cents, st.booleans()), min_size=1, max_size=8)


@given(cents, outputs, st.sampled_from(list(AllocationBasis)))
def test_the_shares_sum_to_the_total_exactly_for_any_outputs(total, outputs, basis):
    shares = allocate_joint_cost(total, outputs, basis)
    assert sum(shares) == total
    assert all(share >= 0 and share == share.quantize(D("0.01")) for share in shares)


def test_sales_value_gives_flour_the_larger_share_and_weight_gives_it_by_kilo():
    flour, fiber, peat = Output(D("148"), D("25000"), True), Output(D("118"), D("4000")), Output(D("205"), D("1500"))
    by_value = allocate_joint_cost(D("2000000"), [flour, fiber, peat], AllocationBasis.SALES_VALUE)
    assert by_value == [D("1651970.09"), D("210737.80"), D("137292.11")]  # 3.700.000 : 472.000 : 307.500
    by_weight = allocate_joint_cost(D("2000000"), [flour, fiber, peat], AllocationBasis.WEIGHT)
    assert by_weight == [D("628450.11"), D("501061.57"), D("870488.32")]  # 148 : 118 : 205 of 471 kg


def test_the_leftover_cents_go_to_the_largest_remainders():
    three = [Output(D("1")), Output(D("1")), Output(D("1"))]
    assert allocate_joint_cost(D("100.00"), three, AllocationBasis.WEIGHT) == [D("33.34"), D("33.33"), D("33.33")]


def test_outputs_worth_nothing_leave_the_cost_on_the_main_product():
    shares = allocate_joint_cost(D("500"), [Output(D("0")), Output(D("0"), is_main=True)], AllocationBasis.WEIGHT)
    assert shares == [D("0"), D("500")]


def test_bad_allocations_are_refused():
    with pytest.raises(ValueError):
        allocate_joint_cost(D("1"), [], AllocationBasis.WEIGHT)
    with pytest.raises(ValueError):
        allocate_joint_cost(D("1"), [Output(D("-1"))], AllocationBasis.WEIGHT)


def test_overhead_is_a_rate_of_the_direct_cost_rounded_to_the_cent():
    cost = batch_cost(materials=D("1500000"), labour=D("320000"), other_inputs=D("136000"), overhead_rate=D("0.05"))
    assert (cost.direct, cost.overhead, cost.total) == (D("1956000"), D("97800.00"), D("2053800.00"))
    assert unit_cost(D("1651970.09"), D("148")) == D("11161.96")


def test_yield_is_compared_with_the_standard():
    variance = yield_variance(D("3026"), D("3057"), D("0.9900"))
    assert (variance.actual, variance.difference, variance.percent) == (D("0.9899"), D("-0.0001"), D("-0.01"))
    assert yield_variance(D("1"), D("0"), D("1")).actual is None
