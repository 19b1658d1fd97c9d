"""Deductions never take the net below zero, and every Rupiah is accounted for (procurement/deductions.py)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from procurement.deductions import settle

D = Decimal
money = st.decimals(min_value=0, max_value=10_000_000, places=2)


def test_debts_are_taken_in_order_and_what_is_left_is_carried():
    result = settle(D("100000"), [("loan", D("70000")), ("wajib", D("50000")), ("inputs", D("20000"))])
    assert [(t.kind, t.applied, t.carried) for t in result.taken] == [
        ("loan", D("70000"), D("0")),
        ("wajib", D("30000"), D("20000")),
        ("inputs", D("0"), D("20000")),
    ]
    assert (result.net, result.deducted, result.carried) == (D("0"), D("100000"), D("40000"))


def test_nothing_owed_pays_the_gross():
    result = settle(D("52500.50"), [("loan", D("0")), ("wajib", D("0"))])
    assert result.taken == [] and result.net == D("52500.50")


@given(money, st.lists(st.tuples(st.sampled_from(["loan", "wajib", "shop_credit", "inputs"]), money), max_size=4))
def test_net_is_never_negative_and_the_parts_add_up_to_the_rupiah(gross, debts):
    result = settle(gross, debts)
    assert result.net >= 0
    assert gross - result.deducted == result.net
    owed = sum((amount for _kind, amount in debts if amount > 0), D(0))
    assert result.deducted + result.carried == owed
    assert all(t.requested == t.applied + t.carried and t.applied >= 0 for t in result.taken)
