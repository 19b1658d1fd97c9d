"""The effective annual rate of a loan (suku bunga efektif) for disclosure — pure Python, ``Decimal``.

The borrower receives the amount less the fees at disbursement and pays the instalments; the
effective rate is the internal rate of return (IRR) of those cash flows.

    with dates     (disbursement date and due dates known) — XIRR on actual days / 365:
                   amount − fees = Σ instalment_k / (1 + E)^(days_k / 365), days_k from disbursement.
                   Solved for the daily rate ρ with (1 + ρ)^365 = 1 + E, so every power is whole.
    without dates  regular periods: amount − fees = Σ instalment_k / (1 + i)^k, and E = (1 + i)^p − 1.

``nominal_annual_irr`` is the per-period IRR × p (the annual percentage rate without compounding; with
dates the per-period rate equivalent to E), ``effective_annual`` the compounded one. ``nominal_annual``
is what the product states (quoted × q) and ``flat_annual`` the flat rate a year of a flat loan.
Solved by Newton's method kept inside a bisection bracket in 40-digit ``Decimal``, to 1e-25.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Protocol

from members.loans.conventions import PERIODS_PER_YEAR, RATE_PERIODS_PER_YEAR
from members.loans.figures import ZERO, Step, num, pct

SOLVER_PRECISION = 40
TOLERANCE = Decimal("1e-25")
SIX_PLACES = Decimal("0.000001")
TEN_PLACES = Decimal("1e-10")


class _Line(Protocol):
    due_date: datetime.date | None
    total: Decimal


class _Terms(Protocol):
    amount: Decimal
    rate: Decimal
    rate_period: str
    frequency: str
    method: str
    disbursement_date: datetime.date | None
    first_due_date: datetime.date | None


class ScheduleLike(Protocol):
    """What the disclosure reads of a ``members.loans.schedule.Schedule``."""

    terms: _Terms
    instalments: Sequence[_Line]
    period_rate: Decimal


@dataclass(frozen=True)
class Disclosure:
    effective_annual: Decimal  # E, a fraction rounded to 6 decimals (half up)
    nominal_annual_irr: Decimal  # the per-period IRR × p, 6 decimals
    period_rate: Decimal | None  # the per-period IRR i (10 decimals); None when figured on actual days
    nominal_annual: Decimal  # the stated rate: quoted × q
    flat_annual: Decimal | None  # a flat product's rate a year on the original amount (r × p); else None
    fees: Decimal
    steps: tuple[Step, ...]


def _round(value: Decimal, places: Decimal) -> Decimal:
    with localcontext() as context:
        context.prec = max(SOLVER_PRECISION, value.adjusted() + 12)
        return value.quantize(places, ROUND_HALF_UP)


def _npv(received: Decimal, flows: list[tuple[int, Decimal]], rate: Decimal) -> tuple[Decimal, Decimal]:
    """f(x) = received − Σ a_k (1 + x)^−t_k and f'(x) (flows sorted by t, whole t ≥ 1)."""
    discount = 1 / (1 + rate)
    value, slope, factor, time = received, ZERO, Decimal(1), 0
    for when, amount in flows:
        factor *= discount ** (when - time)
        time = when
        value -= amount * factor
        slope += amount * when * factor * discount
    return value, slope


def solve_irr(received: Decimal, flows: list[tuple[int, Decimal]]) -> Decimal:
    """The rate x per time unit with received = Σ a_k / (1 + x)^t_k (all a_k ≥ 0, some > 0).

    f is increasing in x, so the root is unique: bracket it, then Newton steps, falling back to
    bisection whenever a step would leave the bracket."""
    with localcontext() as context:
        context.prec = SOLVER_PRECISION
        flows = sorted((when, amount) for when, amount in flows if amount)
        value, _ = _npv(received, flows, ZERO)
        if value == 0:
            return ZERO
        if value < 0:
            low, high = ZERO, Decimal(1)
            while _npv(received, flows, high)[0] < 0:
                low, high = high, high * 2
                if high > 10**9:
                    raise ValueError("no rate of return below 10^9 per period")
        else:
            low, high = Decimal("-0.5"), ZERO
            while _npv(received, flows, low)[0] > 0:
                high, low = low, (low - 1) / 2
        rate = (low + high) / 2
        for _ in range(400):
            value, slope = _npv(received, flows, rate)
            if value == 0:
                return rate
            if value < 0:
                low = rate
            else:
                high = rate
            step = rate - value / slope if slope else (low + high) / 2
            if not low < step < high:
                step = (low + high) / 2
            if abs(step - rate) < TOLERANCE or high - low < TOLERANCE:
                return step
            rate = step
        return rate


def effective_annual_rate(schedule: ScheduleLike, fees: Decimal = ZERO) -> Disclosure:
    """The effective annual rate of ``schedule`` when ``fees`` are deducted (or paid) at disbursement."""
    terms = schedule.terms
    fees = Decimal(fees)
    received = terms.amount - fees
    if fees < 0 or received <= 0:
        raise ValueError("fees must be at least 0 and less than the amount")
    per_year = PERIODS_PER_YEAR[terms.frequency]
    lines = schedule.instalments
    dated = terms.disbursement_date is not None and lines[0].due_date is not None
    with localcontext() as context:
        context.prec = SOLVER_PRECISION
        total = sum((line.total for line in lines), ZERO)
        steps = [
            Step("Received at disbursement", f"{num(terms.amount)} − fees {num(fees)}", num(received)),
            Step("Repaid", f"{len(lines)} instalments", num(total)),
        ]
        if dated:
            start = terms.disbursement_date
            rho = solve_irr(received, [((line.due_date - start).days, line.total) for line in lines])
            effective = (1 + rho) ** 365 - 1
            period = (1 + effective) ** (Decimal(1) / per_year) - 1
            formula = f"{num(received)} = Σ instalment_k / (1 + ρ)^days_k, days from {start.isoformat()}"
            steps.append(Step("Rate of return per day ρ (actual days)", formula, pct(rho, 8)))
            steps.append(
                Step("Effective annual rate E = (1 + ρ)^365 − 1", f"(1 + {num(rho, 12)})^365 − 1", pct(effective, 4))
            )
            formula = f"(1 + {num(effective, 10)})^(1/{per_year}) − 1"
            steps.append(Step("Equivalent rate per instalment period i = (1 + E)^(1/p) − 1", formula, pct(period, 6)))
            period_rate = None
        else:
            period = solve_irr(received, [(index + 1, line.total) for index, line in enumerate(lines)])
            effective = (1 + period) ** per_year - 1
            formula = f"{num(received)} = Σ instalment_k / (1 + i)^k, k = 1 … {len(lines)}"
            steps.append(Step("Rate of return per instalment period i", formula, pct(period, 6)))
            formula = f"(1 + {num(period, 10)})^{per_year} − 1"
            steps.append(Step(f"Effective annual rate E = (1 + i)^{per_year} − 1", formula, pct(effective, 4)))
            period_rate = _round(period, TEN_PLACES)
        nominal_irr = period * per_year
        steps.append(
            Step(
                f"Annual rate without compounding = i × {per_year}",
                f"{num(period, 10)} × {per_year}",
                pct(nominal_irr, 4),
            )
        )
        stated = terms.rate * RATE_PERIODS_PER_YEAR[terms.rate_period]
        flat = schedule.period_rate * per_year if terms.method == "flat" else None
        label = "Stated rate a year" + (" (flat, on the original amount)" if flat is not None else "")
        steps.append(Step(label, f"{num(terms.rate, 10)} × {RATE_PERIODS_PER_YEAR[terms.rate_period]}", pct(stated, 4)))
        return Disclosure(
            effective_annual=_round(effective, SIX_PLACES),
            nominal_annual_irr=_round(nominal_irr, SIX_PLACES),
            period_rate=period_rate,
            nominal_annual=stated,
            flat_annual=flat,
            fees=fees,
            steps=tuple(steps),
        )
