"""Balanced Scorecard: band scoring of measures, perspective means and a weighted overall score.

Source: Buana, I. T. (2016), skripsi, Universitas Jember (seed 003), after Erlina (2009) and
Kaplan & Norton: measures and formulas in §3.5 step 3 (lines 946–978), scoring Tables 3.1–3.4
(lines 984–1030, three score bands per measure set against the cooperative's target) and the
applied tables in appendices S–W (lines 1587–1790); verdicts in BAB 6.1 item 3 (lines 1194–1196).

Scoring::

    score(measure)      = score of the one band that contains the measure's value
    perspective score   = Σ w_m · score_m / Σ w_m        (measure weights, default 1)
    overall             = Σ W_p · score_p / Σ W_p        (perspective weights, default equal)
    target met          = value ≥ target (higher_is_better) or value ≤ target (lower_is_better);
                          strict (> / <) when ``target_inclusive`` is false ("lebih dari 15 %")

A band is ``{score, lower, upper, lower_inclusive, upper_inclusive}``; ``null`` bounds are open
(−∞ / +∞); inclusive flags default to ``[lower, upper)``.  The bands of a measure must not overlap
and must leave no gap between the lowest and the highest bound; a value outside all bands is an
input error.

Measure helpers (§3.5; each returns ``None`` and a note when its divisor is zero) are exposed as
functions and by name through ``formula`` + ``inputs`` in the payload (see :data:`FORMULAS`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from itertools import pairwise
from typing import Any

from ._base import (
    CONTEXT,
    HUNDRED,
    Errors,
    Message,
    finish,
    number,
    percent,
    ratio,
    require_mapping,
)
from ._base import gettext_noop as _

METHOD = "bsc"
VERSION = "1.0"
PERSPECTIVES = ("financial", "customer", "internal_process", "learning_growth")
DIRECTIONS = ("higher_is_better", "lower_is_better")


# --------------------------------------------------------------------------- measure helpers


def growth(previous: Decimal, current: Decimal, notes: list[str]) -> Decimal | None:
    """Growth % = (current − previous) / previous × 100 (own capital, sales; Table 3.1)."""
    with localcontext(CONTEXT):
        return percent(current - previous, previous, notes, "growth")


def roi(net_income: Decimal, total_assets: Decimal, notes: list[str]) -> Decimal | None:
    """ROI % = net income / total assets × 100 (§3.5 a.3)."""
    return percent(net_income, total_assets, notes, "roi")


def customer_acquisition(new_customers: Decimal, customers: Decimal, notes: list[str]) -> Decimal | None:
    """Acquisition % = new customers / customers × 100 (§3.5 b.1).

    §3.5 divides by the customers of the same year; the printed 200 % (appendix U) only follows
    when ``customers`` is the previous year's count, so pass the base the cooperative uses.
    """
    return percent(new_customers, customers, notes, "customer_acquisition")


def customer_retention(customers_lost: Decimal, average_customers: Decimal, notes: list[str]) -> Decimal | None:
    """Retention (churn) % = customers who left / average customers × 100 (§3.5 b.2); lower is better."""
    return percent(customers_lost, average_customers, notes, "customer_retention")


def on_time_delivery(on_time: Decimal, deliveries: Decimal, notes: list[str]) -> Decimal | None:
    """On-time delivery % = deliveries on time / all deliveries × 100 (§3.5 b.3)."""
    return percent(on_time, deliveries, notes, "on_time_delivery")


def sales_return(returned: Decimal, sold: Decimal, notes: list[str]) -> Decimal | None:
    """Sales return % = quantity returned (rejected) / quantity sold × 100 (§3.5 b.5)."""
    return percent(returned, sold, notes, "sales_return")


def supplier_lead_time(total_days: Decimal, orders: Decimal, notes: list[str]) -> Decimal | None:
    """Supplier lead time = mean days from order to delivery (§3.5 c.1)."""
    return ratio(total_days, orders, notes, "supplier_lead_time")


def defect_rate(defective: Decimal, produced: Decimal, notes: list[str], scale: Decimal = HUNDRED) -> Decimal | None:
    """Defect rate = defective / produced × scale (100 → %, 1 000 000 → ppm; §3.5 c.2)."""
    value = ratio(defective, produced, notes, "defect_rate")
    if value is None:
        return None
    with localcontext(CONTEXT):
        return value * scale


def employee_productivity(output: Decimal, hours: Decimal, notes: list[str]) -> Decimal | None:
    """Productivity = total output / employee working hours, e.g. L/h (§3.5 d.1)."""
    return ratio(output, hours, notes, "employee_productivity")


def staff_retention(staff_lost: Decimal, average_staff: Decimal, notes: list[str]) -> Decimal | None:
    """Staff retention (turnover) % = managers who left / average managers × 100 (§3.5 d.2)."""
    return percent(staff_lost, average_staff, notes, "staff_retention")


FORMULAS: dict[str, tuple[Callable[..., Decimal | None], tuple[str, ...]]] = {
    "growth": (growth, ("previous", "current")),
    "roi": (roi, ("net_income", "total_assets")),
    "customer_acquisition": (customer_acquisition, ("new_customers", "customers")),
    "customer_retention": (customer_retention, ("customers_lost", "average_customers")),
    "on_time_delivery": (on_time_delivery, ("on_time", "deliveries")),
    "sales_return": (sales_return, ("returned", "sold")),
    "supplier_lead_time": (supplier_lead_time, ("total_days", "orders")),
    "defect_rate": (defect_rate, ("defective", "produced")),
    "employee_productivity": (employee_productivity, ("output", "hours")),
    "staff_retention": (staff_retention, ("staff_lost", "average_staff")),
}


# --------------------------------------------------------------------------- bands


@dataclass(frozen=True)
class Band:
    index: int
    score: Decimal
    lower: Decimal | None
    upper: Decimal | None
    lower_inclusive: bool
    upper_inclusive: bool

    def contains(self, value: Decimal) -> bool:
        above = self.lower is None or value > self.lower or (self.lower_inclusive and value == self.lower)
        below = self.upper is None or value < self.upper or (self.upper_inclusive and value == self.upper)
        return above and below


def _flag(item: Mapping[str, Any], key: str, default: bool, path: str, errors: Errors) -> bool | None:
    value = item.get(key, default)
    if not isinstance(value, bool):
        errors.add(f"{path}{key}", _("Must be true or false."))
        return None
    return value


def _given(item: Mapping[str, Any], key: str) -> bool:
    return item.get(key) not in (None, "")


def _band(item: Any, index: int, path: str, errors: Errors) -> Band | None:
    if not isinstance(item, Mapping):
        errors.add(path.rstrip("."), _("An object is required."))
        return None
    score = number(item, "score", errors, path=path, minimum=None)
    lower = number(item, "lower", errors, path=path, required=False, minimum=None)
    upper = number(item, "upper", errors, path=path, required=False, minimum=None)
    low_in = _flag(item, "lower_inclusive", True, path, errors)
    up_in = _flag(item, "upper_inclusive", False, path, errors)
    if (
        score is None
        or low_in is None
        or up_in is None
        or (lower is None and _given(item, "lower"))
        or (upper is None and _given(item, "upper"))
    ):
        return None
    band = Band(index, score, lower, upper, low_in and lower is not None, up_in and upper is not None)
    if (
        lower is not None
        and upper is not None
        and (lower > upper or (lower == upper and not (band.lower_inclusive and band.upper_inclusive)))
    ):
        errors.add(path.rstrip("."), _("Empty band: lower must be below upper (or equal with both inclusive)."))
        return None
    return band


def _junction(a: Band, b: Band) -> Message | None:
    """Describe a gap or overlap between consecutive bands ``a`` then ``b`` (sorted by lower)."""
    where = {"first": a.index, "second": b.index}
    if a.upper is None or b.lower is None:
        return Message(_("Bands overlap: bands %(first)s and %(second)s both extend without limit."), where)
    if a.upper > b.lower or (a.upper == b.lower and a.upper_inclusive and b.lower_inclusive):
        shared = a.upper if a.upper == b.lower else b.lower
        return Message(
            _("Bands overlap: bands %(first)s and %(second)s share values at %(at)s."), where | {"at": shared}
        )
    if a.upper < b.lower or not (a.upper_inclusive or b.lower_inclusive):
        return Message(
            _("Gap in bands: values between bands %(first)s and %(second)s (%(upper)s to %(lower)s) get no score."),
            where | {"upper": a.upper, "lower": b.lower},
        )
    return None


def validate_bands(raw: Any, path: str, errors: Errors) -> list[Band]:
    """Parse bands and reject overlaps and gaps; returns them sorted from the lowest values up."""
    if not isinstance(raw, list) or not raw:
        errors.add(path, _("A non-empty list of bands is required."))
        return []
    bands = [_band(item, i, f"{path}.{i}.", errors) for i, item in enumerate(raw)]
    if any(band is None for band in bands):
        return []
    ordered = sorted(
        (b for b in bands if b is not None), key=lambda b: (b.lower is not None, b.lower or 0, not b.lower_inclusive)
    )
    problems = [p for a, b in pairwise(ordered) if (p := _junction(a, b))]
    for problem in problems:
        errors.add(path, problem)
    return [] if problems else ordered


# --------------------------------------------------------------------------- measures


@dataclass(frozen=True)
class Measure:
    id: str
    name: str
    perspective: str
    value: Decimal | None
    target: Decimal
    direction: str
    target_inclusive: bool
    weight: Decimal
    bands: tuple[Band, ...]
    formula: str | None


def _choice(item: Mapping[str, Any], key: str, options: tuple[str, ...], path: str, errors: Errors) -> str:
    value = item.get(key)
    if value not in options:
        errors.add(f"{path}{key}", _("Must be one of: %(options)s."), options=", ".join(options))
        return options[0]
    return str(value)


def _value(item: Mapping[str, Any], path: str, errors: Errors, notes: list[str]) -> Decimal | None:
    """The measure's value: given directly, or computed by ``formula`` from ``inputs``."""
    formula = item.get("formula")
    if formula is None:
        return number(item, "value", errors, path=path, minimum=None)
    if "value" in item:
        errors.add(f"{path}value", _("Give either value or formula with inputs, not both."))
    if not isinstance(formula, str) or formula not in FORMULAS:
        errors.add(f"{path}formula", _("Unknown formula; one of: %(formulas)s."), formulas=", ".join(FORMULAS))
        return None
    function, names = FORMULAS[formula]
    inputs = item.get("inputs")
    if not isinstance(inputs, Mapping):
        errors.add(f"{path}inputs", _("An object with the formula's inputs is required."))
        return None
    args = [number(inputs, name, errors, path=f"{path}inputs.", minimum=None) for name in names]
    if any(arg is None for arg in args):
        return None
    return function(*args, notes)


def _measure(item: Any, index: int, errors: Errors, notes: list[str]) -> Measure | None:
    path = f"measures.{index}."
    if not isinstance(item, Mapping):
        errors.add(f"measures.{index}", _("An object is required."))
        return None
    ident = item.get("id", str(index))
    if not isinstance(ident, str) or not ident:
        errors.add(f"{path}id", _("A non-empty string is required."))
    return Measure(
        id=str(ident),
        name=str(item.get("name", ident)),
        perspective=_choice(item, "perspective", PERSPECTIVES, path, errors),
        value=_value(item, path, errors, notes),
        target=number(item, "target", errors, path=path, minimum=None) or Decimal(0),
        direction=_choice(item, "direction", DIRECTIONS, path, errors),
        target_inclusive=bool(_flag(item, "target_inclusive", True, path, errors)),
        weight=number(item, "weight", errors, path=path, required=False, default=Decimal(1)) or Decimal(0),
        bands=tuple(validate_bands(item.get("bands"), f"{path}bands", errors)),
        formula=item.get("formula"),
    )


def _parse(payload: Mapping[str, Any], notes: list[str]) -> tuple[list[Measure], dict[str, Decimal]]:
    errors = Errors()
    raw = payload.get("measures")
    if not isinstance(raw, list) or not raw:
        errors.add("measures", _("A non-empty list of measures is required."))
        raw = []
    measures = [m for i, item in enumerate(raw) if (m := _measure(item, i, errors, notes))]
    ids = [m.id for m in measures]
    for i, ident in enumerate(ids):
        if ids.index(ident) != i:
            errors.add(f"measures.{i}.id", _("Duplicate id %(id)r."), id=ident)
    for i, m in enumerate(measures):
        if m.value is not None and m.bands and not any(b.contains(m.value) for b in m.bands):
            errors.add(f"measures.{i}.value", _("%(value)s lies outside every scoring band."), value=m.value)
    weights = _perspective_weights(payload.get("perspective_weights"), errors)
    errors.raise_if_any()
    return measures, weights


def _perspective_weights(raw: Any, errors: Errors) -> dict[str, Decimal]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        errors.add("perspective_weights", _("An object mapping perspectives to weights is required."))
        return {}
    for key in raw:
        if key not in PERSPECTIVES:
            errors.add(
                f"perspective_weights.{key}",
                _("Unknown; one of: %(perspectives)s."),
                perspectives=", ".join(PERSPECTIVES),
            )
    return {
        key: w
        for key in PERSPECTIVES
        if key in raw
        if (w := number(raw, key, errors, path="perspective_weights.")) is not None
    }


# --------------------------------------------------------------------------- scoring


def target_met(m: Measure) -> bool | None:
    if m.value is None:
        return None
    if m.direction == "higher_is_better":
        return m.value > m.target or (m.target_inclusive and m.value == m.target)
    return m.value < m.target or (m.target_inclusive and m.value == m.target)


def _score(m: Measure) -> tuple[Decimal | None, int | None]:
    if m.value is None:
        return None, None
    band = next(b for b in m.bands if b.contains(m.value))
    return band.score, band.index


def weighted_mean(pairs: list[tuple[Decimal, Decimal]], notes: list[str], label: str) -> Decimal | None:
    """Σ w·x / Σ w over ``(x, w)`` pairs; ``None`` with a note when the weights sum to zero."""
    with localcontext(CONTEXT):
        total = sum((w for _, w in pairs), Decimal(0))
        return ratio(sum((x * w for x, w in pairs), Decimal(0)), total, notes, label)


def _measure_result(m: Measure) -> dict[str, Any]:
    score, band = _score(m)
    return {
        "id": m.id,
        "name": m.name,
        "perspective": m.perspective,
        "formula": m.formula,
        "value": m.value,
        "target": m.target,
        "direction": m.direction,
        "target_inclusive": m.target_inclusive,
        "weight": m.weight,
        "score": score,
        "band": band,
        "target_met": target_met(m),
    }


def _perspectives(rows: list[dict], weights: dict[str, Decimal], notes: list[str]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for name in PERSPECTIVES:
        members = [r for r in rows if r["perspective"] == name]
        if not members:
            continue
        scored = [(r["score"], r["weight"]) for r in members if r["score"] is not None]
        if len(scored) < len(members):
            notes.append(f"perspectives.{name}: measures without a value are left out of the mean.")
        out[name] = {
            "score": weighted_mean(scored, notes, f"perspectives.{name}.score") if scored else None,
            "weight": weights.get(name, Decimal(1)),
            "measures": len(members),
            "targets_met": sum(1 for r in members if r["target_met"]),
        }
    return out


def compute(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Score every measure, average per perspective and overall; see the module docstring."""
    payload = require_mapping(payload)
    notes: list[str] = []
    measures, weights = _parse(payload, notes)
    rows = [_measure_result(m) for m in measures]
    perspectives = _perspectives(rows, weights, notes)
    for name in weights:
        if name not in perspectives:
            notes.append(f"perspective_weights.{name}: no measure in this perspective; weight ignored.")
    scored = [(p["score"], p["weight"]) for p in perspectives.values() if p["score"] is not None]
    result: dict[str, Any] = {
        "measures": rows,
        "perspectives": perspectives,
        "overall": weighted_mean(scored, notes, "overall") if scored else None,
        "targets_met": sum(1 for r in rows if r["target_met"]),
        "targets_total": len(rows),
    }
    return finish(
        result,
        method=METHOD,
        version=VERSION,
        notes=notes,
        published=payload.get("published"),
        extra_keys={"measures": {r["id"]: r for r in rows}},
    )
