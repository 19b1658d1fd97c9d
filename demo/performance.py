"""Demo performance: KSU Argopuro adopts seed 003's Balanced Scorecard and enters its 2014 values with the
thesis's appendices as evidence (its 2014 books are not in the product); every demo cooperative's snapshots
are computed as the monthly job computes them — KSU's margins and scorecard for 2014, KPBS's Hayami, and each
cooperative's income per business unit — so the dashboards open with seed 003's and seed 004's tables.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from demo import DemoLogin, demo_step
from demo.tenancy import DEMO_COOPERATIVES, demo_cooperative
from koperasi.ledger.fiscal import Month
from koperasi.tenancy.context import cooperative_context
from performance.models import ScorecardMeasure
from performance.scorecard import adopt_template, save_entry
from performance.snapshots import compute_month

THESIS = "Buana (2016), Lampiran"
# Seed 003's 2014 figures per measure (appendices S–W; own capital 69.106.000 → 92.662.000, sales 434.600 →
# 441.490 L, productivity 441.490 L in 1.060 hours), with the appendix each comes from.
SEED003_2014: dict[str, tuple[str, str]] = {
    "own_capital_growth": ("34.0867", f"{THESIS} S: modal sendiri 69.106.000 → 92.662.000"),
    "sales_growth": ("1.5854", f"{THESIS} T: penjualan 434.600 L → 441.490 L"),
    "roi": ("15.25", f"{THESIS} S: pendapatan / total aktiva"),
    "customer_acquisition": ("200", f"{THESIS} U: pelanggan baru"),
    "customer_retention": ("0", f"{THESIS} U: tidak ada pelanggan yang keluar"),
    "on_time_delivery": ("100", f"{THESIS} U: pengiriman tepat waktu"),
    "complaints": ("1", f"{THESIS} U: satu komplain setahun"),
    "sales_return": ("1.5", f"{THESIS} U: retur penjualan"),
    "supplier_lead_time": ("0.5", f"{THESIS} V: kurang dari 1 hari"),
    "defect_rate": ("1.5", f"{THESIS} V: produk cacat"),
    "employee_productivity": ("416.5", f"{THESIS} W: 441.490 L / 1.060 jam"),
    "staff_retention": ("0", f"{THESIS} W: tidak ada pengelola yang keluar"),
}


def _ksu_scorecard() -> None:
    adopt_template(actor=None)
    measures = {m.code: m for m in ScorecardMeasure.objects.all()}
    for code, (value, evidence) in SEED003_2014.items():
        save_entry(actor=None, measure=measures[code], year=2014, value=Decimal(value), evidence=evidence)


def _months_with_books(today: datetime.date) -> list[Month]:
    """This month and the two before it: the months the demo's books and batches fall in."""
    months, day = [], today
    for _ in range(3):
        months.append(Month.of(day))
        day = Month.of(day).first_day - datetime.timedelta(days=1)
    return months


@demo_step("performance: KSU's scorecard (seed 003) and every cooperative's snapshots")
def performance() -> list[DemoLogin]:
    today = datetime.date.today()
    with cooperative_context(demo_cooperative("ksu-argopuro").pk):
        _ksu_scorecard()
        compute_month(Month(2014, 12), via="demo")  # seed 003's year: margins and the scorecard
    for cooperative in DEMO_COOPERATIVES:
        with cooperative_context(demo_cooperative(cooperative["slug"]).pk):
            for month in _months_with_books(today):
                compute_month(month, via="demo")
    return []
