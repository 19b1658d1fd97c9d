"""One small worked example per calculator, copied from the seed papers (see docs/methods.md).

They prefill the calculator pages and serve as OpenAPI examples. The complete seed tables live in
tests/performance/methods/seed_tables*.py; these are copies, so app code never imports tests.
Printed figures in ``published`` are strings so that they keep the decimals the paper printed.
"""

from __future__ import annotations

import copy
from typing import Any

# Seed 004 (KPBS Pangalengan milk), pasteurised milk, Hayami table lines 125–150. The paper carried
# its rounded (4) = 0.9 and (5) = 0.004 forward, hence the overrides.
HAYAMI: dict[str, Any] = {
    "output_qty": 3026,
    "raw_material_qty": 3057,
    "labour_hok": 12,
    "output_price": 17000,
    "wage_per_hok": 124654,
    "raw_material_price": 6000,
    "other_inputs_per_unit": 4500,
    "overrides": {"4": "0.9", "5": "0.004"},
    "published": {
        "1": "3026", "2": "3057", "3": "12", "4": "0.9", "5": "0.004", "6": "17000", "7": "124654",
        "8": "6000", "9": "4500", "10": "15300", "11a": "4800", "11b": "31.37", "12a": "498.62",
        "12b": "10.39", "13a": "4301.38", "13b_output": "28.11", "14": "9300", "14a": "5.36",
        "14b": "48.39", "14c": "46.25",
    },
}  # fmt: skip

# Seed 004, pasteurised milk, "Tabel Analisis Pendapatan Pengolahan Susu", lines 162–181.
INCOME: dict[str, Any] = {
    "quantity": 3026,
    "price": 17000,
    "fixed_costs": [{"name": "Biaya Penyusutan", "amount": 305700}],
    "variable_costs": [
        {"name": "Biaya Bahan Baku", "amount": 18342000},
        {"name": "Biaya Produksi", "amount": 12228000},
        {"name": "Biaya Operasional", "amount": 1528000},
        {"name": "Upah Tenaga Kerja", "amount": 124654},
    ],
    "published": {"tr": "51442000", "tfc": "305700", "tc": "32528354", "profit": "18913646", "rc": "1.6"},
}

# Seed 003 (Buana 2016, coffee), appendix F, lines 1309–1325: farmer → wholesaler → consumer, Rp/kg.
MARGINS: dict[str, Any] = {
    "producer_price": "21538.46",
    "stages": [
        {
            "name": "Pedagang Besar",
            "sell_price": "22038.46",
            "costs": [
                {"name": "labour", "amount": "8.34"},
                {"name": "packaging", "amount": "28"},
                {"name": "transport", "amount": "125"},
            ],
        }
    ],
    "published": {
        "producer_share": "97.7312", "total_margin": "500", "efficiency": "0.73208",
        "stages.0.profit": "338.66", "stages.0.profit_cost_ratio": "209.905",
        "stages.0.share.profit": "1.53668", "stages.0.margin_share.profit": "67.732",
    },
}  # fmt: skip


def _band(score: int, lower: str | None, upper: str | None, lower_inclusive: bool = True,
          upper_inclusive: bool = False) -> dict[str, Any]:  # fmt: skip
    return {"score": score, "lower": lower, "upper": upper,
            "lower_inclusive": lower_inclusive, "upper_inclusive": upper_inclusive}  # fmt: skip


# Seed 003, appendices S–W (2014), four of the twelve measures with the bands read as in docs/methods.md.
BSC: dict[str, Any] = {
    "measures": [
        {"id": "own_capital_growth", "name": "Penerimaan Modal Sendiri (growth %)", "perspective": "financial",
         "formula": "growth", "inputs": {"previous": "69106000", "current": "92662000"},
         "target": "15", "direction": "higher_is_better", "target_inclusive": False,
         "bands": [_band(1, None, "10"), _band(2, "10", "15", True, True), _band(3, "15", None, False)]},
        {"id": "sales_growth", "name": "Tingkat Penjualan (sales growth %)", "perspective": "financial",
         "formula": "growth", "inputs": {"previous": "434600", "current": "441490"},
         "target": "5", "direction": "higher_is_better", "target_inclusive": False,
         "bands": [_band(1, None, "5"), _band(2, "5", "10"), _band(3, "10", None)]},
        {"id": "complaints", "name": "Jumlah Komplain (times per year)", "perspective": "customer",
         "value": "1", "target": "3", "direction": "lower_is_better",
         "bands": [_band(3, "0", "0", True, True), _band(2, "0", "3", False, True), _band(1, "3", None, False)]},
        {"id": "employee_productivity", "name": "Employee productivity (L/h)", "perspective": "learning_growth",
         "formula": "employee_productivity", "inputs": {"output": "441490", "hours": "1060"},
         "target": "410", "direction": "higher_is_better", "target_inclusive": False,
         "bands": [_band(1, "0", "410"), _band(2, "410", "425", True, True), _band(3, "425", None, False)]},
    ],
    "published": {"measures.own_capital_growth.value": "34.1", "measures.sales_growth.value": "1.59",
                  "measures.employee_productivity.value": "416"},
}  # fmt: skip

# Saaty's textbook 3 × 3 matrix (seed 002 prints no pairwise matrix).
AHP: dict[str, Any] = {
    "matrix": [[1, 3, 5], ["1/3", 1, 3], ["1/5", "1/3", 1]],
    "criteria": ["cost", "quality", "delivery"],
}

# Illustrative SCOR hierarchy (seed 002 prints only its 94.93 % total, no metric table).
SCOR: dict[str, Any] = {
    "groups": [
        {"id": "plan", "weight": "0.6"},
        {"id": "deliver", "weight": "0.4"},
        {"id": "reliability", "parent": "deliver", "weight": 2},
        {"id": "responsiveness", "parent": "deliver", "weight": 1},
    ],
    "metrics": [
        {"id": "forecast_accuracy", "group": "plan", "actual": 90, "best": 100, "worst": 60},
        {"id": "on_time_delivery", "group": "reliability", "actual": 95, "min": 80, "max": 100,
         "direction": "larger_is_better"},
        {"id": "lead_time_days", "group": "responsiveness", "actual": 3, "min": 1, "max": 7,
         "direction": "smaller_is_better"},
        {"id": "fill_rate", "group": "responsiveness", "actual": 120, "best": 100, "worst": 0},
    ],
}  # fmt: skip

EXAMPLES: dict[str, dict[str, Any]] = {
    "hayami": HAYAMI,
    "income": INCOME,
    "margins": MARGINS,
    "bsc": BSC,
    "ahp": AHP,
    "scor": SCOR,
}


def example(method: str) -> dict[str, Any]:
    """A fresh copy of the example payload of ``method``."""
    return copy.deepcopy(EXAMPLES[method])
