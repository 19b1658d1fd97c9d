"""What a production batch costs and how the cost is shared among its outputs (pure Python, no Django).

A batch's total cost (job-order costing, as the seeds' cost tables add it up — seed 004 "Tabel Analisis
Pendapatan", seed 000's plant costs)::

    direct   = materials + labour + other inputs
    overhead = round(direct × overhead_rate)            (to the cent, half up)
    total    = direct + overhead

The total is a *joint cost*: coconut gives flour together with husks for cocofiber and cocopeat, milk
gives mozzarella together with whey. It is shared among the outputs in proportion to a basis, either
the outputs' **relative sales value** (quantity × price per unit) or their **weight** (quantity)::

    share_i = total × basis_i / Σ basis

rounded down to the cent, and the cents left over go one each to the outputs with the largest
remainders (ties: the earlier output), so the shares sum to the total exactly (Hamilton's method). An
output with a zero basis gets nothing; when every basis is zero the main output carries the whole cost.

Yield (seed 004 row (4) of the Hayami table, the conversion factor) = output ÷ raw material; the variance
against the recipe's standard is actual − standard, as a quantity and as a percentage of the standard.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum

CENT = Decimal("0.01")
ZERO = Decimal(0)


class AllocationBasis(StrEnum):
    SALES_VALUE = "sales_value"
    WEIGHT = "weight"


@dataclass(frozen=True)
class Output:
    """One output of a batch: its quantity, its price per unit (for the sales-value basis) and whether it
    is the main product."""

    quantity: Decimal
    price: Decimal = ZERO
    is_main: bool = False


@dataclass(frozen=True)
class BatchCost:
    materials: Decimal
    labour: Decimal
    other_inputs: Decimal
    overhead: Decimal

    @property
    def direct(self) -> Decimal:
        return self.materials + self.labour + self.other_inputs

    @property
    def total(self) -> Decimal:
        return self.direct + self.overhead


def batch_cost(materials: Decimal, labour: Decimal, other_inputs: Decimal, overhead_rate: Decimal) -> BatchCost:
    """The batch's cost; overhead = direct cost × ``overhead_rate`` (a fraction: 0.05 for 5 %), to the cent."""
    direct = materials + labour + other_inputs
    overhead = (direct * overhead_rate).quantize(CENT, rounding=ROUND_HALF_UP)
    return BatchCost(materials, labour, other_inputs, overhead)


def allocate_joint_cost(total: Decimal, outputs: Sequence[Output], basis: AllocationBasis) -> list[Decimal]:
    """Each output's share of ``total`` (a multiple of a cent), in the order given; the shares sum to
    ``total`` exactly. Raises ValueError without outputs or with a negative quantity, price or total."""
    if not outputs:
        raise ValueError("a batch needs at least one output")
    if total < 0 or any(o.quantity < 0 or o.price < 0 for o in outputs):
        raise ValueError("costs, quantities and prices cannot be negative")
    weights = [o.quantity * o.price if basis == AllocationBasis.SALES_VALUE else o.quantity for o in outputs]
    whole = sum(weights, ZERO)
    if whole == 0:
        main = next((i for i, o in enumerate(outputs) if o.is_main), 0)
        return [total if i == main else ZERO for i in range(len(outputs))]
    exact = [total * weight / whole for weight in weights]
    shares = [share.quantize(CENT, rounding=ROUND_DOWN) for share in exact]
    left = int(((total - sum(shares, ZERO)) / CENT).to_integral_value())
    by_remainder = sorted(range(len(outputs)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[:left]:
        shares[i] += CENT
    return shares


def unit_cost(share: Decimal, quantity: Decimal) -> Decimal:
    """Cost per unit of an output, to the cent (its lot's cost; the share itself stays exact)."""
    return (share / quantity).quantize(CENT, rounding=ROUND_HALF_UP) if quantity else ZERO


@dataclass(frozen=True)
class Variance:
    actual: Decimal | None
    standard: Decimal | None
    difference: Decimal | None
    percent: Decimal | None  # of the standard, to 2 places


def yield_variance(output: Decimal, raw_material: Decimal, standard: Decimal | None) -> Variance:
    """Actual yield (output ÷ raw material, to 4 places) against the recipe's ``standard`` yield."""
    actual = (output / raw_material).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP) if raw_material else None
    if actual is None or not standard:
        return Variance(actual, standard, None, None)
    difference = actual - standard
    percent = (difference / standard * 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return Variance(actual, standard, difference, percent)
