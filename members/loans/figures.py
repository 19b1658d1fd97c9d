"""How loan figures are rounded and explained. Pure Python, ``Decimal`` only.

Rounding (``Rounding`` and ``RoundingMode`` in conventions.py)
    a part (principal, interest)   quantised to 1 (whole Rupiah), 0.01 (cents) or 1e-10 (exact) with
                                   ROUND_HALF_UP, ROUND_HALF_EVEN or ROUND_DOWN
    an instalment to a multiple M  M × ceiling(x / M) (up) or M × round_half_up(x / M) (nearest)
    running totals                 shown part_k = round(Σ_{j≤k} part_j) − round(Σ_{j<k} part_j), so the
                                   shown parts add up to the rounded total exactly

A :class:`Step` is one line of "how was this computed": a plain-English label, the formula with the
numbers put in, and the result.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext

from members.loans.conventions import InstalmentRounding, Rounding, RoundingMode

PRECISION = 34
ZERO = Decimal(0)
CENT = Decimal("0.01")
# EXACT keeps ten decimal places: far below a Rupiah cent, yet few enough digits that sums of parts
# stay exact within the 34-digit context (so the principal parts still add up to the amount exactly).
QUANTUM = {Rounding.WHOLE_RUPIAH: Decimal(1), Rounding.CENTS: CENT, Rounding.EXACT: Decimal("1e-10")}
MODES = {RoundingMode.HALF_UP: ROUND_HALF_UP, RoundingMode.HALF_EVEN: ROUND_HALF_EVEN, RoundingMode.DOWN: ROUND_DOWN}
PRECISION_NAMES = {Rounding.WHOLE_RUPIAH: "whole Rupiah", Rounding.CENTS: "cents", Rounding.EXACT: "10 decimals"}
MODE_NAMES = {RoundingMode.HALF_UP: "half up", RoundingMode.HALF_EVEN: "half to even", RoundingMode.DOWN: "down"}


@dataclass(frozen=True)
class Step:
    """One line of an explanation: what, how (numbers substituted) and the result."""

    label: str
    formula: str
    value: str


def round_part(value: Decimal, rounding: Rounding, mode: RoundingMode = RoundingMode.HALF_UP) -> Decimal:
    """``value`` at the precision of ``rounding`` with ``mode``."""
    with localcontext() as context:
        context.prec = PRECISION
        return value.quantize(QUANTUM[Rounding(rounding)], rounding=MODES[RoundingMode(mode)])


def round_to_multiple(value: Decimal, multiple: Decimal, how: InstalmentRounding) -> Decimal:
    """``value`` rounded to a multiple of ``multiple``: up (ceiling) or to the nearest (half up)."""
    with localcontext() as context:
        context.prec = PRECISION
        mode = ROUND_CEILING if InstalmentRounding(how) == InstalmentRounding.UP else ROUND_HALF_UP
        return (value / multiple).to_integral_value(rounding=mode) * multiple


def running_parts(values: Iterable[Decimal], quantum: Decimal = CENT, mode: str = ROUND_HALF_UP) -> list[Decimal]:
    """Each value as the difference of consecutive rounded running totals (see the module docstring)."""
    with localcontext() as context:
        context.prec = PRECISION
        parts, total, shown = [], ZERO, ZERO
        for value in values:
            total += value
            rounded = total.quantize(quantum, rounding=mode)
            parts.append(rounded - shown)
            shown = rounded
        return parts


def num(value: Decimal | int, places: int | None = None) -> str:
    """``1234567.5`` → ``"1,234,567.5"``; at most ``places`` decimals (half up) when given, else 4."""
    value = Decimal(value)
    if value.adjusted() > 20:  # an absurd figure (a rate of return of a day-long loan): keep it readable
        return f"{value:.6E}"
    with localcontext() as context:
        context.prec = PRECISION
        value = value.quantize(Decimal(1).scaleb(-(4 if places is None else places)), ROUND_HALF_UP)
        text = f"{value:,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text in {"-0", ""} else text


def pct(rate: Decimal, places: int = 6) -> str:
    """A fraction as a percentage: ``Decimal("0.0125")`` → ``"1.25 %"``."""
    return f"{num(rate * 100, places)} %"


def day(value: datetime.date) -> str:
    return f"{value.day} {value:%b %Y}"
