"""Taking what a supplier owes from what the supplier is paid (pure Python, no Django).

The debts are taken in the cooperative's order (for example: loan instalments, simpanan wajib, shop
credit, inputs), each as far as what is left of the gross allows::

    applied_k = min(requested_k, gross − Σ applied_j for j before k)
    carried_k = requested_k − applied_k        (still owed; the next run asks again)
    net       = gross − Σ applied_k  ≥ 0

so gross − deductions − 0 = net exactly, and requested = applied + carried for every debt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class Taken:
    kind: str
    requested: Decimal
    applied: Decimal
    carried: Decimal


@dataclass(frozen=True)
class Settlement:
    gross: Decimal
    taken: list[Taken]
    net: Decimal

    @property
    def deducted(self) -> Decimal:
        return sum((item.applied for item in self.taken), ZERO)

    @property
    def carried(self) -> Decimal:
        return sum((item.carried for item in self.taken), ZERO)


def settle(gross: Decimal, debts: Sequence[tuple[str, Decimal]]) -> Settlement:
    """``debts``: (kind, amount owed) in the order they are taken; amounts ≤ 0 are skipped."""
    if gross < 0:
        raise ValueError("gross must not be negative")
    left = gross
    taken = []
    for kind, requested in debts:
        if requested <= 0:
            continue
        applied = min(requested, left)
        left -= applied
        taken.append(Taken(kind=kind, requested=requested, applied=applied, carried=requested - applied))
    return Settlement(gross=gross, taken=taken, net=left)
