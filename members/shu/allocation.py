"""The SHU (sisa hasil usaha) allocation: the year's surplus into the AD/ART pools, and the members' pools
among the members by their bases, in whole Rupiah that add up exactly. Pure Python, no database.

UU 25/1992 art. 45: the surplus, after the reserve and the funds, is shared among the members in proportion
to their services (jasa) to the cooperative, as the AD/ART sets. Each member's share of a pool is

    amount = pool × member's base ÷ total base

(jasa modal: the member's qualifying savings; jasa usaha: their patronage). docs/shu.md has a worked
example.

Rounding: every amount is a whole number of Rupiah, split by the **largest-remainder method** (Hamilton):
each gets the floor of its exact share, and the Rupiah left over go one each to the largest fractional
remainders, ties broken by the order given (the member number for members, the rule's order for pools).
So the parts always add up to the whole, no part is negative, and a larger base never gets less. The
surplus's cents (below one Rupiah) go to the reserve, so the pools still add up to the surplus exactly.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

ZERO = Decimal(0)
RUPIAH = Decimal(1)
HUNDRED = Decimal(100)

RESERVE = "reserve"
CAPITAL = "capital"  # jasa modal
PATRONAGE = "patronage"  # jasa usaha
POOLS = (RESERVE, CAPITAL, PATRONAGE, "fund_board", "fund_employees", "fund_education", "fund_social",
         "fund_regional_development")  # fmt: skip


def largest_remainder(total: Decimal, weights: Sequence[tuple[Hashable, Decimal]]) -> dict[Hashable, Decimal]:
    """``total`` (whole Rupiah, ≥ 0) split in proportion to ``weights`` (≥ 0), in whole Rupiah adding up to
    ``total``; the order of ``weights`` breaks ties. All weights zero: everyone gets zero (and the total
    is not split: the caller decides where it goes).

    Computed in integers, exactly: the weights scaled to whole numbers, each share's floor and remainder
    from one ``divmod`` (a cooperative's 100.000 members in well under a second)."""
    if total < 0 or total != total.to_integral_value():
        raise ValueError("the total must be a whole, non-negative number of Rupiah")
    if any(weight < 0 for _key, weight in weights):
        raise ValueError("weights cannot be negative")
    places = max((-weight.as_tuple().exponent for _key, weight in weights if weight), default=0)
    scaled = [int(weight.scaleb(max(places, 0))) for _key, weight in weights]
    whole = sum(scaled)
    if whole == 0:
        return {key: ZERO for key, _weight in weights}
    rupiah = int(total)
    parts = [divmod(rupiah * weight, whole) for weight in scaled]
    left = rupiah - sum(floor for floor, _rest in parts)
    ahead = sorted(range(len(parts)), key=lambda i: (-parts[i][1], i))[:left]
    shares = [floor for floor, _rest in parts]
    for i in ahead:
        shares[i] += 1
    return {key: Decimal(share) for (key, _weight), share in zip(weights, shares, strict=True)}


def split_surplus(surplus: Decimal, percents: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """The year's surplus into the pools (``percents`` sum to 100): whole Rupiah by largest remainder over
    the surplus's whole Rupiah, the cents to the reserve, so the pools add up to ``surplus`` exactly. A
    deficit (or nothing) is not shared: every pool is zero."""
    if sum(percents.values(), ZERO) != HUNDRED:
        raise ValueError("the pools must add up to exactly 100 %")
    if surplus <= 0:
        return {name: ZERO for name in percents}
    whole = surplus.to_integral_value(rounding=ROUND_FLOOR)
    pools = largest_remainder(whole, list(percents.items()))
    pools[RESERVE] = pools.get(RESERVE, ZERO) + (surplus - whole)
    return pools


@dataclass(frozen=True)
class PatronageSource:
    """A kind of patronage (waserda purchases, loan interest paid, deliveries): with ``percent`` the jasa
    usaha pool is split between sources first; ``weight`` scales its values when the sources are pooled."""

    key: str
    percent: Decimal = ZERO
    weight: Decimal = Decimal(1)


@dataclass(frozen=True)
class MemberBases:
    """What one member brought in the year: qualifying savings and patronage per source."""

    capital: Decimal = ZERO
    patronage: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class MemberShare:
    capital: Decimal  # jasa modal
    patronage: Decimal  # jasa usaha
    patronage_by_source: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return self.capital + self.patronage


@dataclass(frozen=True)
class Distribution:
    pools: dict[str, Decimal]
    members: dict[Hashable, MemberShare]
    # A members' pool nobody qualified for (no savings, no patronage) goes to the reserve.
    unshared: Decimal = ZERO


def distribute(
    surplus: Decimal,
    percents: Mapping[str, Decimal],
    members: Sequence[tuple[Hashable, MemberBases]],
    sources: Sequence[PatronageSource],
    split_by_source: bool,
) -> Distribution:
    """The whole allocation. ``members`` in tie-break order (member number); ``split_by_source``: the jasa
    usaha pool is split between ``sources`` by their percents (which must add up to 100) and each part
    shared by that source's values; otherwise one pool shared by Σ weight × value over the sources."""
    pools = split_surplus(surplus, percents)
    capital = largest_remainder(pools.get(CAPITAL, ZERO), [(key, bases.capital) for key, bases in members])
    by_source: dict[str, dict[Hashable, Decimal]] = {}
    if split_by_source and sources:
        if sum((source.percent for source in sources), ZERO) != HUNDRED:
            raise ValueError("the patronage sources' shares must add up to exactly 100 %")
        parts = largest_remainder(pools.get(PATRONAGE, ZERO), [(s.key, s.percent) for s in sources])
        for source in sources:
            values = [(key, bases.patronage.get(source.key, ZERO)) for key, bases in members]
            by_source[source.key] = largest_remainder(parts[source.key], values)
    elif sources:
        values = [
            (key, sum((s.weight * bases.patronage.get(s.key, ZERO) for s in sources), ZERO)) for key, bases in members
        ]
        pooled = largest_remainder(pools.get(PATRONAGE, ZERO), values)
        by_source = {"": pooled}
    shares = {}
    for key, _bases in members:
        parts = {source: amounts[key] for source, amounts in by_source.items() if source}
        patronage = sum((amounts[key] for amounts in by_source.values()), ZERO)
        shares[key] = MemberShare(capital[key], patronage, parts)
    given = sum((share.total for share in shares.values()), ZERO)
    unshared = pools.get(CAPITAL, ZERO) + pools.get(PATRONAGE, ZERO) - given
    return Distribution(pools, shares, unshared)


def posting_credits(
    pools: Mapping[str, Decimal], unshared: Decimal, members_total: Decimal, accounts: Mapping[str, str]
) -> dict[str, Decimal]:
    """What posting a distribution credits, by account (``accounts``: pool → account key): the reserve gets
    its pool and what no member qualified for, each fund its pool, the members' account what the members
    were given. Debited against SHU tahun berjalan = the surplus, the credits add up to it exactly
    (``pools`` sum to the surplus; the members' pools = their amounts + ``unshared``)."""
    credits: dict[str, Decimal] = {}
    for name, amount in pools.items():
        if name in (CAPITAL, PATRONAGE):
            continue
        amount += unshared if name == RESERVE else ZERO
        credits[accounts[name]] = credits.get(accounts[name], ZERO) + amount
    members = accounts[CAPITAL]
    credits[members] = credits.get(members, ZERO) + members_total
    return credits
