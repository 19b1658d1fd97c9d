"""The price of a delivery from its grade and quality readings (pure Python, no Django).

A price rule gives a base price per unit and steps per quality parameter::

    price = max(0, base + Σ amount_s × n_s)
    n_s   = ⌊(reading − threshold) / step⌋   for a step "above" the threshold, when reading > threshold
          = ⌊(threshold − reading) / step⌋   for a step "below" the threshold, when reading < threshold
          = 0                                 otherwise (and when the reading is missing)

``amount`` is positive for a bonus, negative for a penalty. This is how dairy cooperatives pay milk
(seed 004: KPBS Pangalengan pays by fat and total solids, with deductions for bacteria counts) and how
coffee and copra are graded by moisture (seeds 002, 003). The price is rounded half up to the Rupiah
cent; a delivery's value = accepted quantity × price, rounded the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal(0)


@dataclass(frozen=True)
class Step:
    parameter: str  # the quality parameter's code
    above: bool  # True: per step above the threshold; False: per step below it
    threshold: Decimal
    step: Decimal
    amount: Decimal  # Rp per unit per whole step; negative for a penalty


@dataclass(frozen=True)
class Price:
    unit_price: Decimal
    adjustments: dict[str, Decimal]  # per parameter, Rp per unit added (or taken, when negative)


def whole_steps(reading: Decimal, step: Step) -> int:
    """How many whole steps ``reading`` lies beyond the threshold, on the step's side (0 if not beyond)."""
    distance = reading - step.threshold if step.above else step.threshold - reading
    if distance <= 0:
        return 0
    return int((distance / step.step).to_integral_value(rounding=ROUND_FLOOR))


def unit_price(base: Decimal, steps: Sequence[Step], readings: Mapping[str, Decimal]) -> Price:
    """The price per unit for ``readings`` under a rule of ``base`` and ``steps``; never below zero."""
    adjustments: dict[str, Decimal] = {}
    for step in steps:
        reading = readings.get(step.parameter)
        if reading is None:
            continue
        adjustments[step.parameter] = adjustments.get(step.parameter, ZERO) + step.amount * whole_steps(reading, step)
    price = max(base + sum(adjustments.values(), ZERO), ZERO)
    return Price(unit_price=price.quantize(CENT, rounding=ROUND_HALF_UP), adjustments=adjustments)


def delivery_value(accepted_quantity: Decimal, price: Decimal) -> Decimal:
    """What a delivery is worth: accepted quantity × price per unit, rounded half up to the cent."""
    return (accepted_quantity * price).quantize(CENT, rounding=ROUND_HALF_UP)
