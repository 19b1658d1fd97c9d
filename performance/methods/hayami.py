"""Value added of processing by the Hayami method.

Source: Hayami, Y., Kawagoe, T., Morooka, Y. & Siregar, M. (1987), *Agricultural Marketing and
Processing in Upland Java: A Perspective from a Sunda Village*, CGPRT Centre, Bogor (cited in seed 004
line 255). The table is reproduced as "Tabel 1 Perhitungan nilai tambah dengan metode Hayami" in seed
002 (lines 93–113) and applied to pasteurised milk, yoghurt and mozzarella in seed 004 (lines 125–150).

Rows are keyed exactly as the classic table; every value is per unit of raw material unless noted.

======== ========================================= =====================================
Row      Meaning                                   Formula
======== ========================================= =====================================
(1)      output (units per cycle)                  input ``output_qty``
(2)      raw material (units per cycle)            input ``raw_material_qty`` (> 0)
(3)      labour (HOK per cycle)                    input ``labour_hok``
(4)      conversion factor                         (1) / (2)
(5)      labour coefficient (HOK per unit)         (3) / (2)
(6)      output price (Rp per unit of output)      input ``output_price``
(7)      wage (Rp per HOK)                         input ``wage_per_hok``
(8)      raw-material price (Rp per unit)          input ``raw_material_price``
(9)      other inputs (Rp per unit raw material)   ``other_inputs_per_unit`` or
                                                   ``other_inputs_total`` / (2)
(10)     output value (Rp per unit raw material)   (4) × (6) + Σ by-product qty × price / (2)
(11a)    value added                               (10) − (8) − (9)
(11b)    value-added ratio (%)                     (11a) / (10) × 100
(12a)    labour income                             (5) × (7)
(12b)    labour share (%)                          (12a) / (11a) × 100
(13a)    profit                                    (11a) − (12a)
(13b_va) profit share of value added (%)           (13a) / (11a) × 100
(13b_output) profit rate on output value (%)      (13a) / (10) × 100
(14)     margin                                    (10) − (8)
(14a)    labour's share of margin (%)              (12a) / (14) × 100
(14b)    other inputs' share of margin (%)         (9) / (14) × 100
(14c)    owner's profit share of margin (%)        (13a) / (14) × 100
======== ========================================= =====================================

Papers disagree on the denominator of (13b): Hayami's original uses (13a)/(11a); seed 002 and seed 004
print (13a)/(10). Both are returned, as ``13b_va`` and ``13b_output``.

Papers often round an intermediate row (seed 004 prints (4) = 0.9 for 3,026 / 3,057 = 0.9899) and carry
the rounded value on. ``overrides`` ({"4"|"5": value}) replace a computed row and ``rounding``
({row: {"places", "mode"}}) rounds a row before later rows use it, so such tables can be reproduced;
``published`` compares a printed table with the computed rows (see :func:`_base.reconcile`).

The value-added ratio (11b) is classified low (< 15 %), medium (15–40 %, bounds included) or high
(> 40 %), the bands Indonesian agro-industry studies commonly quote with the Hayami method (usually
attributed to Hubeis 1997; neither seed prints them); the thresholds can be changed through
``classification`` {"low_below", "high_above"}.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any

from performance.methods._base import (
    CONTEXT,
    ROUNDING_MODES,
    Errors,
    number,
    percent,
    published_map,
    ratio,
    reconcile,
    require_mapping,
    round_to,
    to_str,
)
from performance.methods._base import gettext_noop as _

METHOD = "hayami"
VERSION = "1.0.0"

INPUT_FIELDS = {
    "1": "output_qty",
    "2": "raw_material_qty",
    "3": "labour_hok",
    "6": "output_price",
    "7": "wage_per_hok",
    "8": "raw_material_price",
}
ROW_KEYS = (
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11a", "11b", "12a", "12b",
    "13a", "13b_va", "13b_output", "14", "14a", "14b", "14c",
)  # fmt: skip
OVERRIDABLE = ("4", "5")
ROUNDABLE = tuple(key for key in ROW_KEYS if key not in INPUT_FIELDS)
MAX_PLACES = 12
DEFAULT_LOW_BELOW = Decimal(15)
DEFAULT_HIGH_ABOVE = Decimal(40)

ROW_LABELS = {
    "1": "Output",
    "2": "Raw material",
    "3": "Labour (HOK)",
    "4": "Conversion factor",
    "5": "Labour coefficient (HOK per unit raw material)",
    "6": "Output price",
    "7": "Wage per HOK",
    "8": "Raw-material price",
    "9": "Other inputs per unit raw material",
    "10": "Output value per unit raw material",
    "11a": "Value added",
    "11b": "Value-added ratio (%)",
    "12a": "Labour income",
    "12b": "Labour share of value added (%)",
    "13a": "Profit",
    "13b_va": "Profit share of value added (%)",
    "13b_output": "Profit rate on output value (%)",
    "14": "Margin",
    "14a": "Labour share of margin (%)",
    "14b": "Other inputs share of margin (%)",
    "14c": "Owner's profit share of margin (%)",
}


@dataclass(frozen=True)
class Rounding:
    places: int
    mode: str


@dataclass(frozen=True)
class ByProduct:
    name: str
    qty: Decimal
    price: Decimal


@dataclass
class HayamiInput:
    base: dict[str, Decimal]
    other_per_unit: Decimal | None
    other_total: Decimal | None
    by_products: list[ByProduct] = field(default_factory=list)
    overrides: dict[str, Decimal] = field(default_factory=dict)
    rounding: dict[str, Rounding] = field(default_factory=dict)
    low_below: Decimal = DEFAULT_LOW_BELOW
    high_above: Decimal = DEFAULT_HIGH_ABOVE
    published: Mapping[str, Any] | None = None


# ---------------------------------------------------------------------------------------------- parsing


def _parse_base(payload: Mapping[str, Any], errors: Errors) -> dict[str, Decimal]:
    base: dict[str, Decimal] = {}
    for row, key in INPUT_FIELDS.items():
        value = number(payload, key, errors, positive=(key == "raw_material_qty"))
        if value is not None:
            base[row] = value
    return base


def _parse_other_inputs(payload: Mapping[str, Any], errors: Errors) -> tuple[Decimal | None, Decimal | None]:
    given = [key for key in ("other_inputs_per_unit", "other_inputs_total") if payload.get(key) not in (None, "")]
    if len(given) == 2:
        for key in given:
            errors.add(key, _("Give exactly one of other_inputs_per_unit or other_inputs_total."))
        return None, None
    if not given:
        errors.add("other_inputs_per_unit", _("This field is required (or give other_inputs_total)."))
        return None, None
    per_unit = number(payload, "other_inputs_per_unit", errors, required=False)
    total = number(payload, "other_inputs_total", errors, required=False)
    return per_unit, total


def _parse_by_products(payload: Mapping[str, Any], errors: Errors) -> list[ByProduct]:
    items = payload.get("by_products")
    if items is None:
        return []
    if not isinstance(items, list):
        errors.add("by_products", _("Must be a list of {name, qty, price}."))
        return []
    result: list[ByProduct] = []
    for index, item in enumerate(items):
        path = f"by_products.{index}."
        if not isinstance(item, Mapping):
            errors.add(f"by_products.{index}", _("Must be an object {name, qty, price}."))
            continue
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            errors.add(f"{path}name", _("This field is required."))
        qty = number(item, "qty", errors, path=path)
        price = number(item, "price", errors, path=path)
        if isinstance(name, str) and qty is not None and price is not None:
            result.append(ByProduct(name.strip(), qty, price))
    return result


def _parse_overrides(payload: Mapping[str, Any], errors: Errors) -> dict[str, Decimal]:
    raw = payload.get("overrides")
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        errors.add("overrides", _('Must be an object such as {"4": 0.9}.'))
        return {}
    result: dict[str, Decimal] = {}
    for key in raw:
        if key not in OVERRIDABLE:
            errors.add(f"overrides.{key}", _("Only rows %(rows)s can be overridden."), rows=", ".join(OVERRIDABLE))
            continue
        value = number(raw, key, errors, path="overrides.")
        if value is not None:
            result[key] = value
    return result


def _parse_rounding_rule(rule: Any, path: str, errors: Errors) -> Rounding | None:
    if not isinstance(rule, Mapping):
        errors.add(path, _('Must be an object such as {"places": 2, "mode": "half_up"}.'))
        return None
    places, mode = rule.get("places"), rule.get("mode", "half_up")
    valid = True
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= MAX_PLACES:
        errors.add(f"{path}.places", _("Must be a whole number from 0 to %(most)s."), most=MAX_PLACES)
        valid = False
    if mode not in ROUNDING_MODES:
        errors.add(f"{path}.mode", _("Must be one of %(modes)s."), modes=", ".join(ROUNDING_MODES))
        valid = False
    return Rounding(places, mode) if valid else None


def _parse_rounding(payload: Mapping[str, Any], errors: Errors) -> dict[str, Rounding]:
    raw = payload.get("rounding")
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        errors.add("rounding", _("Must be an object keyed by row."))
        return {}
    result: dict[str, Rounding] = {}
    for key, rule in raw.items():
        if key not in ROUNDABLE:
            errors.add(f"rounding.{key}", _("Not a derived row of the Hayami table."))
            continue
        parsed = _parse_rounding_rule(rule, f"rounding.{key}", errors)
        if parsed is not None:
            result[key] = parsed
    return result


def _parse_classification(payload: Mapping[str, Any], errors: Errors) -> tuple[Decimal, Decimal]:
    raw = payload.get("classification")
    if raw is None:
        return DEFAULT_LOW_BELOW, DEFAULT_HIGH_ABOVE
    if not isinstance(raw, Mapping):
        errors.add("classification", _("Must be an object {low_below, high_above}."))
        return DEFAULT_LOW_BELOW, DEFAULT_HIGH_ABOVE
    path = "classification."
    low = number(raw, "low_below", errors, path=path, required=False, default=DEFAULT_LOW_BELOW)
    high = number(raw, "high_above", errors, path=path, required=False, default=DEFAULT_HIGH_ABOVE)
    if low is not None and high is not None and low > high:
        errors.add(f"{path}low_below", _("Must not exceed high_above."))
    return (DEFAULT_LOW_BELOW if low is None else low), (DEFAULT_HIGH_ABOVE if high is None else high)


def parse(payload: Any) -> HayamiInput:
    """Validate ``payload``; raise :class:`MethodInputError` listing every bad field."""
    payload = require_mapping(payload)
    errors = Errors()
    base = _parse_base(payload, errors)
    per_unit, total = _parse_other_inputs(payload, errors)
    spec = HayamiInput(
        base=base,
        other_per_unit=per_unit,
        other_total=total,
        by_products=_parse_by_products(payload, errors),
        overrides=_parse_overrides(payload, errors),
        rounding=_parse_rounding(payload, errors),
        published=published_map(payload, errors, "keyed by row"),
    )
    spec.low_below, spec.high_above = _parse_classification(payload, errors)
    errors.raise_if_any()
    return spec


# ------------------------------------------------------------------------------------------ computation


class _Table:
    """Rows in the order of the table; each row is overridden and rounded before later rows read it."""

    def __init__(self, spec: HayamiInput) -> None:
        self.spec = spec
        self.rows: dict[str, Decimal | None] = {}
        self.notes: list[str] = []
        self.before_override: dict[str, Decimal | None] = {}

    def set(self, key: str, value: Decimal | None) -> Decimal | None:
        if key in self.spec.overrides:
            self.before_override[key] = value
            self.notes.append(
                f"({key}): override {to_str(self.spec.overrides[key])} used instead of computed {to_str(value)}."
            )
            value = self.spec.overrides[key]
        rule = self.spec.rounding.get(key)
        if value is not None and rule is not None:
            value = self._rounded(key, value, rule)
        self.rows[key] = value
        return value

    def _rounded(self, key: str, value: Decimal, rule: Rounding) -> Decimal:
        try:
            return round_to(value, rule.places, rule.mode)
        except InvalidOperation:  # more digits than CONTEXT holds: already exact to far more places
            self.notes.append(f"({key}): too many digits to round to {rule.places} places, left unrounded.")
            return value

    def get(self, key: str) -> Decimal:
        value = self.rows[key]
        assert value is not None, f"row {key} is never empty"
        return value

    def percent(self, key: str, numerator: str, denominator: str) -> None:
        label = f"({key}) = ({numerator}) / ({denominator}) × 100"
        self.set(key, percent(self.get(numerator), self.get(denominator), self.notes, label))


def _other_inputs_per_unit(spec: HayamiInput, raw_qty: Decimal) -> Decimal:
    if spec.other_per_unit is not None:
        return spec.other_per_unit
    assert spec.other_total is not None
    return spec.other_total / raw_qty


def by_products_value_per_unit(spec: HayamiInput, raw_qty: Decimal) -> Decimal:
    """Σ qty × price of the by-products, per unit of raw material (added to row (10))."""
    with localcontext(CONTEXT):
        return sum((item.qty * item.price for item in spec.by_products), Decimal(0)) / raw_qty


def _output_rows(table: _Table) -> None:
    """Rows (1)–(9): inputs, conversion factor and labour coefficient."""
    spec, notes = table.spec, table.notes
    for key in ("1", "2", "3"):
        table.set(key, spec.base[key])
    raw_qty = table.get("2")
    table.set("4", ratio(table.get("1"), raw_qty, notes, "(4) = (1) / (2)"))
    table.set("5", ratio(table.get("3"), raw_qty, notes, "(5) = (3) / (2)"))
    for key in ("6", "7", "8"):
        table.set(key, spec.base[key])
    table.set("9", _other_inputs_per_unit(spec, raw_qty))


def _value_added_rows(table: _Table) -> None:
    """Rows (10)–(13): output value, value added, labour income and profit."""
    get = table.get
    table.set("10", get("4") * get("6") + by_products_value_per_unit(table.spec, get("2")))
    table.set("11a", get("10") - get("8") - get("9"))
    table.percent("11b", "11a", "10")
    table.set("12a", get("5") * get("7"))
    table.percent("12b", "12a", "11a")
    table.set("13a", get("11a") - get("12a"))
    table.percent("13b_va", "13a", "11a")
    table.percent("13b_output", "13a", "10")


def _margin_rows(table: _Table) -> None:
    """Rows (14)–(14c): margin and its distribution to labour, other inputs and the owner."""
    table.set("14", table.get("10") - table.get("8"))
    table.percent("14a", "12a", "14")
    table.percent("14b", "9", "14")
    table.percent("14c", "13a", "14")


def compute_rows(spec: HayamiInput) -> _Table:
    """Fill the Hayami table for a validated input (Decimal arithmetic in :data:`CONTEXT`)."""
    table = _Table(spec)
    with localcontext(CONTEXT):
        _output_rows(table)
        _value_added_rows(table)
        _margin_rows(table)
    return table


def classify(value_added_ratio: Decimal | None, low_below: Decimal, high_above: Decimal) -> str | None:
    """'low' below ``low_below`` %, 'high' above ``high_above`` %, else 'medium' (None if undefined)."""
    if value_added_ratio is None:
        return None
    if value_added_ratio < low_below:
        return "low"
    if value_added_ratio > high_above:
        return "high"
    return "medium"


# ----------------------------------------------------------------------------------------------- output


def _inputs_echo(spec: HayamiInput) -> dict[str, Any]:
    echo: dict[str, Any] = {name: to_str(spec.base[row]) for row, name in INPUT_FIELDS.items()}
    echo["other_inputs_per_unit"] = to_str(spec.other_per_unit)
    echo["other_inputs_total"] = to_str(spec.other_total)
    echo["by_products"] = [
        {"name": item.name, "qty": to_str(item.qty), "price": to_str(item.price)} for item in spec.by_products
    ]
    echo["overrides"] = {key: to_str(value) for key, value in spec.overrides.items()}
    echo["rounding"] = {key: {"places": rule.places, "mode": rule.mode} for key, rule in spec.rounding.items()}
    echo["classification"] = {"low_below": to_str(spec.low_below), "high_above": to_str(spec.high_above)}
    return echo


def compute(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Hayami value-added table for one product; see the module docstring for the formulas."""
    spec = parse(payload)
    table = compute_rows(spec)
    return {
        "method": METHOD,
        "version": VERSION,
        "inputs": _inputs_echo(spec),
        "rows": {key: to_str(table.rows[key]) for key in ROW_KEYS},
        "computed_before_override": {key: to_str(value) for key, value in table.before_override.items()},
        "by_products_value_per_unit": to_str(by_products_value_per_unit(spec, spec.base["2"])),
        "classification": classify(table.rows["11b"], spec.low_below, spec.high_above),
        "notes": table.notes,
        "reconciliation": reconcile(spec.published, table.rows),
    }
