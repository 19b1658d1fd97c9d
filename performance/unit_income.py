"""Income and R/C per business unit from the ledger: the payload of the ``income`` method
(performance/methods/income.py, seed 004 formulas (2)–(3)) for a unit or the whole cooperative and a period.

TR is the unit's income accounts; TC its expense accounts, split into variable costs — those that move with
what the unit sells or makes: cost of goods sold, direct labour, applied overhead and the interest paid on
savings — and fixed costs (everything else: salaries, utilities, depreciation, …). A business unit sells many
things, so there is no single quantity: the per-unit figures are left out (the method says so in a note).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from koperasi.ledger.models import AccountType
from koperasi.ledger.statements import UnitAccountTotal, income_and_expenses_by_unit

VARIABLE_COST_KEYS = frozenset({"cogs", "direct_labour", "overhead_applied", "savings_interest"})
WHOLE_COOPERATIVE = "cooperative"


def _cost_items(totals: list[UnitAccountTotal], variable: bool) -> list[dict]:
    return [
        {"name": f"{total.code} {total.name}", "amount": str(total.amount)}
        for total in totals
        if total.type == AccountType.EXPENSE and (total.system_key in VARIABLE_COST_KEYS) == variable and total.amount
    ]


def income_payload(totals: list[UnitAccountTotal]) -> dict:
    """The income method's payload from account totals (already narrowed to one unit or to all)."""
    revenue = sum((t.amount for t in totals if t.type == AccountType.INCOME), Decimal("0.00"))
    return {
        "revenue": str(revenue),
        "fixed_costs": _cost_items(totals, variable=False),
        "variable_costs": _cost_items(totals, variable=True),
    }


def units_with_activity(first_day: datetime.date, last_day: datetime.date) -> set[int | None]:
    """Business units with income or expenses within the period (``None``: lines of no unit)."""
    return {t.unit_id for t in income_and_expenses_by_unit(first_day, last_day) if t.amount}


def unit_income_payload(unit_id: int | None, first_day: datetime.date, last_day: datetime.date) -> dict:
    """The payload of business unit ``unit_id`` for the period; ``None``: the whole cooperative, lines that name
    no unit included, so its TR and TC are the income statement's totals."""
    totals = income_and_expenses_by_unit(first_day, last_day)
    if unit_id is not None:
        totals = [t for t in totals if t.unit_id == unit_id]
    return income_payload(totals)
