"""The pure SHU allocation: pools from the surplus and members' amounts from their bases, whole Rupiah
by the largest-remainder method."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from members.shu import allocation
from members.shu.allocation import MemberBases, PatronageSource

D = Decimal
DEFAULTS = {"reserve": D(40), "capital": D(20), "patronage": D(20), "fund_board": D(5), "fund_employees": D(5),
            "fund_education": D(5), "fund_social": D(5), "fund_regional_development": D(0)}  # fmt: skip


def test_the_literatures_two_members_get_their_jasa_modal_and_jasa_usaha():
    members = [
        ("A", MemberBases(D("5000000"), {"waserda": D("1200000")})),
        ("B", MemberBases(D("200000"), {"waserda": D("100000")})),
        ("C", MemberBases(D(0), {"waserda": D("3900000")})),
    ]
    result = allocation.distribute(D("5200000"), DEFAULTS, members, [PatronageSource("waserda")], False)
    assert (result.members["A"].capital, result.members["A"].patronage) == (D("1000000"), D("240000"))
    assert result.members["A"].total == D("1240000") and result.members["B"].total == D("60000")


def test_the_surplus_cents_go_to_the_reserve_so_the_pools_make_the_surplus():
    pools = allocation.split_surplus(D("1000000.75"), DEFAULTS)
    assert sum(pools.values()) == D("1000000.75") and pools["reserve"] == D("400000.75")


def test_a_deficit_is_not_shared_and_pools_must_make_100_percent():
    assert set(allocation.split_surplus(D("-5000"), DEFAULTS).values()) == {D(0)}
    with pytest.raises(ValueError):
        allocation.split_surplus(D("1000"), DEFAULTS | {"reserve": D(39)})


def test_ties_go_to_the_earlier_member_number():
    assert allocation.largest_remainder(D(10), [("m1", D(1)), ("m2", D(1)), ("m3", D(1))]) == {
        "m1": D(4), "m2": D(3), "m3": D(3)}  # fmt: skip


def test_split_by_source_shares_each_part_by_its_own_values():
    members = [("A", MemberBases(D(0), {"waserda": D(100), "loans": D(0)})),
               ("B", MemberBases(D(0), {"waserda": D(0), "loans": D(50)}))]  # fmt: skip
    sources = [PatronageSource("waserda", D(60)), PatronageSource("loans", D(40))]
    result = allocation.distribute(D(1000), DEFAULTS, members, sources, True)
    assert result.members["A"].patronage == D(120) and result.members["B"].patronage == D(80)  # 20 % pool: 200


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
percent_lists = st.lists(st.integers(min_value=0, max_value=100), min_size=7, max_size=7).filter(
    lambda values: sum(values) <= 100
)


@given(
    surplus=st.decimals(min_value=-(10**6), max_value=10**10, places=2),
    percents=percent_lists,
    bases=st.lists(st.tuples(amounts, amounts), min_size=1, max_size=30),
)
def test_every_pool_is_shared_exactly_never_negative_a_double_base_never_gets_less_and_posting_balances(
    surplus, percents, bases
):
    names = [name for name in allocation.POOLS if name != "reserve"]
    rule = {"reserve": D(100 - sum(percents)), **{name: D(p) for name, p in zip(names, percents, strict=True)}}
    members = [(n, MemberBases(capital, {"s": patronage})) for n, (capital, patronage) in enumerate(bases)]
    result = allocation.distribute(surplus, rule, members, [PatronageSource("s")], False)
    assert sum(result.pools.values()) == (surplus if surplus > 0 else 0)
    shares = result.members.values()
    assert all(share.capital >= 0 and share.patronage >= 0 for share in shares)
    capital_given = sum(share.capital for share in shares)
    patronage_given = sum(share.patronage for share in shares)
    any_capital = any(capital for capital, _p in bases)
    any_patronage = any(patronage for _c, patronage in bases)
    assert capital_given == (result.pools["capital"] if any_capital else 0)
    assert patronage_given == (result.pools["patronage"] if any_patronage else 0)
    assert capital_given + patronage_given + result.unshared == result.pools["capital"] + result.pools["patronage"]
    accounts = {name: f"account:{name}" for name in allocation.POOLS} | {"capital": "members", "patronage": "members"}
    members_total = capital_given + patronage_given
    credits = allocation.posting_credits(result.pools, result.unshared, members_total, accounts)
    # Posting debits SHU tahun berjalan with the surplus: the credits balance it to the cent, none negative.
    assert sum(credits.values()) == (surplus if surplus > 0 else 0) and min(credits.values()) >= 0
    for i, (capital_i, _p) in enumerate(bases):
        for j, (capital_j, _q) in enumerate(bases):
            if capital_i >= 2 * capital_j:
                assert result.members[i].capital >= result.members[j].capital
