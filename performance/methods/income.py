"""Farm/processing business income, R/C ratio and break-even points.

Sources: seed 004 (/work/shared/seeds/004_1b4a3b3df06202df.txt) formula (2), lines 67–73:
Pendapatan π = TR − TC, TR = P × Q, TC = TFC + TVC; formula (3), line 91: R/C = TR / TC (after
Soekartawi 1995, *Analisis Usahatani*); applied in "Tabel Analisis Pendapatan Pengolahan Susu dalam
satu kali Produksi", lines 162–181. The break-even points are the textbook cost-volume-profit ones and
the total-cost ones used in Indonesian farm-business papers (neither is printed in seed 004).

=========================== ================================= =========================
Key                         Meaning                           Formula
=========================== ================================= =========================
``price``                   output price P                    input, or ``revenue`` / Q
``tr``                      total revenue (penerimaan)        P × Q, or input ``revenue``
``tfc``                     total fixed cost                  Σ ``fixed_costs[].amount``
``tvc``                     total variable cost               Σ ``variable_costs[].amount``
``tc``                      total cost                        TFC + TVC
``profit``                  income (pendapatan)               TR − TC
``rc``                      revenue/cost ratio                TR / TC
``avc``                     average variable cost             TVC / Q
``atc``                     average total cost                TC / Q
``bep_quantity``            break-even quantity (CVP)         TFC / (P − AVC)
``bep_revenue``             break-even revenue in Rp (CVP)    TFC / (1 − TVC / TR)
``bep_price``               break-even price (total cost)     TC / Q
``bep_quantity_total_cost`` break-even quantity (total cost)  TC / P
=========================== ================================= =========================

Two break-even conventions appear in the literature and both are returned, labelled:

* **cost-volume-profit (contribution margin)** — only fixed costs must be covered by the contribution
  margin: ``bep_quantity`` in output units and ``bep_revenue`` in Rupiah (= ``bep_quantity`` × P).
* **total cost** — common in Indonesian farm-business papers ("BEP harga = TC / Y, BEP produksi =
  TC / P"): the price, or the quantity at the actual price, at which revenue equals the *whole* actual
  cost of this production run.

A ratio whose divisor is zero (TC = 0, TR = 0, P = AVC) is ``None`` with a note, as is a break-even
point that does not exist because the contribution margin is negative (P < AVC, TVC > TR).

A cost item may be negative: a credit on a cost account (overhead applied to production, labour absorbed into
stock) lowers the total it belongs to; the result says so in a note.

``quantity`` may be left out when ``revenue`` is given: a business unit selling many products over a month
(a waserda, a savings-and-loan unit) has a revenue and costs but no single output quantity. Then TR, TFC,
TVC, TC, profit, R/C and ``bep_revenue`` are computed and the per-unit figures (P, AVC, ATC and the
break-even quantity and price) are ``None`` with a note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from performance.methods._base import (
    CONTEXT,
    ZERO,
    Errors,
    number,
    published_map,
    ratio,
    reconcile,
    require_mapping,
    to_str,
)
from performance.methods._base import gettext_noop as _

METHOD = "income"
VERSION = "1.1.0"

VALUE_KEYS = (
    "price", "tr", "tfc", "tvc", "tc", "profit", "rc", "avc", "atc",
    "bep_quantity", "bep_revenue", "bep_price", "bep_quantity_total_cost",
)  # fmt: skip

CVP = "cost-volume-profit (contribution margin)"
TOTAL_COST = "total cost (Indonesian farm-business papers)"
BREAK_EVEN = {
    "bep_quantity": (CVP, "TFC / (P − AVC)", "output units"),
    "bep_revenue": (CVP, "TFC / (1 − TVC / TR)", "Rp"),
    "bep_price": (TOTAL_COST, "TC / Q", "Rp per output unit"),
    "bep_quantity_total_cost": (TOTAL_COST, "TC / P", "output units"),
}


@dataclass(frozen=True)
class CostItem:
    name: str
    amount: Decimal


@dataclass(frozen=True)
class IncomeInput:
    quantity: Decimal | None
    price: Decimal | None
    revenue: Decimal | None
    fixed_costs: list[CostItem]
    variable_costs: list[CostItem]
    published: Mapping[str, Any] | None


# ---------------------------------------------------------------------------------------------- parsing


def _parse_costs(payload: Mapping[str, Any], key: str, errors: Errors) -> list[CostItem]:
    items = payload.get(key)
    if items is None:
        errors.add(key, _("This field is required (a list of {name, amount}; may be empty)."))
        return []
    if not isinstance(items, list):
        errors.add(key, _("Must be a list of {name, amount}."))
        return []
    result: list[CostItem] = []
    for index, item in enumerate(items):
        path = f"{key}.{index}."
        if not isinstance(item, Mapping):
            errors.add(f"{key}.{index}", _("Must be an object {name, amount}."))
            continue
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            errors.add(f"{path}name", _("This field is required."))
        amount = number(item, "amount", errors, path=path, minimum=None)
        if isinstance(name, str) and amount is not None:
            result.append(CostItem(name.strip(), amount))
    return result


def _parse_price_or_revenue(payload: Mapping[str, Any], errors: Errors) -> tuple[Decimal | None, Decimal | None]:
    given = [key for key in ("price", "revenue") if payload.get(key) not in (None, "")]
    if len(given) == 2:
        for key in given:
            errors.add(key, _("Give exactly one of price or revenue."))
        return None, None
    if not given:
        errors.add("price", _("This field is required (or give revenue)."))
        return None, None
    return number(payload, "price", errors, required=False), number(payload, "revenue", errors, required=False)


def parse(payload: Any) -> IncomeInput:
    """Validate ``payload``; raise :class:`MethodInputError` listing every bad field."""
    payload = require_mapping(payload)
    errors = Errors()
    price, revenue = _parse_price_or_revenue(payload, errors)
    quantity = number(payload, "quantity", errors, positive=True, required=price is not None)
    fixed = _parse_costs(payload, "fixed_costs", errors)
    variable = _parse_costs(payload, "variable_costs", errors)
    published = published_map(payload, errors, "keyed like result['values']")
    errors.raise_if_any()
    return IncomeInput(quantity, price, revenue, fixed, variable, published)


# ------------------------------------------------------------------------------------------ computation


def _total(items: list[CostItem]) -> Decimal:
    return sum((item.amount for item in items), ZERO)


def _revenue_and_price(spec: IncomeInput) -> tuple[Decimal, Decimal | None]:
    """TR and P: one is given, the other follows from Q; without Q there is no price (call inside
    :data:`CONTEXT`)."""
    if spec.revenue is not None:
        return spec.revenue, None if spec.quantity is None else spec.revenue / spec.quantity
    assert spec.price is not None and spec.quantity is not None
    return spec.price * spec.quantity, spec.price


def _per_unit(amount: Decimal, quantity: Decimal | None) -> Decimal | None:
    return None if quantity is None else amount / quantity


def _break_even(numerator: Decimal, margin: Decimal | None, notes: list[str], label: str) -> Decimal | None:
    """``numerator / margin`` when the margin is positive; otherwise no break-even point exists."""
    if margin is None:
        return None
    if margin < 0:
        notes.append(f"{label}: contribution margin is negative, no break-even point.")
        return None
    return ratio(numerator, margin, notes, label)


def compute_values(spec: IncomeInput) -> tuple[dict[str, Decimal | None], list[str]]:
    """All figures of the income table for a validated input (Decimal arithmetic in :data:`CONTEXT`)."""
    notes: list[str] = []
    q = spec.quantity
    with localcontext(CONTEXT):
        tr, price = _revenue_and_price(spec)
        tfc, tvc = _total(spec.fixed_costs), _total(spec.variable_costs)
        tc = tfc + tvc
        if any(item.amount < 0 for item in (*spec.fixed_costs, *spec.variable_costs)):
            notes.append("A negative cost item (a credit on a cost account) lowers its total.")
        avc = _per_unit(tvc, q)
        if q is None:
            notes.append("No quantity: the per-unit figures (P, AVC, ATC, break-even quantity and price) are left out.")
        tvc_share = ratio(tvc, tr, notes, "bep_revenue: TVC / TR")
        margin_ratio = None if tvc_share is None else 1 - tvc_share
        values: dict[str, Decimal | None] = {
            "price": price, "tr": tr, "tfc": tfc, "tvc": tvc, "tc": tc, "profit": tr - tc,
            "rc": ratio(tr, tc, notes, "rc = TR / TC"),
            "avc": avc, "atc": _per_unit(tc, q),
            "bep_quantity": None if price is None or avc is None
            else _break_even(tfc, price - avc, notes, "bep_quantity = TFC / (P − AVC)"),
            "bep_revenue": _break_even(tfc, margin_ratio, notes, "bep_revenue = TFC / (1 − TVC / TR)"),
            "bep_price": _per_unit(tc, q),
            "bep_quantity_total_cost": None if price is None
            else ratio(tc, price, notes, "bep_quantity_total_cost = TC / P"),
        }  # fmt: skip
    return values, notes


# ----------------------------------------------------------------------------------------------- output


def _inputs_echo(spec: IncomeInput) -> dict[str, Any]:
    def items(costs: list[CostItem]) -> list[dict[str, Any]]:
        return [{"name": item.name, "amount": to_str(item.amount)} for item in costs]

    return {
        "quantity": to_str(spec.quantity),
        "price": to_str(spec.price),
        "revenue": to_str(spec.revenue),
        "fixed_costs": items(spec.fixed_costs),
        "variable_costs": items(spec.variable_costs),
    }


def _break_even_report(values: Mapping[str, Decimal | None]) -> dict[str, dict[str, Any]]:
    return {
        key: {"convention": convention, "formula": formula, "unit": unit, "value": to_str(values[key])}
        for key, (convention, formula, unit) in BREAK_EVEN.items()
    }


def compute(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Income analysis of one product and production run; see the module docstring for formulas."""
    spec = parse(payload)
    values, notes = compute_values(spec)
    return {
        "method": METHOD,
        "version": VERSION,
        "inputs": _inputs_echo(spec),
        "values": {key: to_str(values[key]) for key in VALUE_KEYS},
        "break_even": _break_even_report(values),
        "notes": notes,
        "reconciliation": reconcile(spec.published, values),
    }
