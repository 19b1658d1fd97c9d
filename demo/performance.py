"""Demo performance: KSU Argopuro adopts seed 003's Balanced Scorecard and enters its 2014 values with the
thesis's appendices as evidence (its 2014 books are not in the product); every demo cooperative's snapshots
are computed as the monthly job computes them — KSU's margins and scorecard for 2014, KPBS's Hayami, and each
cooperative's income per business unit — so the dashboards open with seed 003's and seed 004's tables; the
assessor's submitted rating of KUD Mina (seed 001) rates its institution as Tabel 1 found it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from demo import DemoLogin, demo_step
from demo.tenancy import DEMO_COOPERATIVES, demo_cooperative
from koperasi.ledger.fiscal import Month
from koperasi.tenancy.context import cooperative_context
from performance import ratings
from performance.models import Rating, ScorecardMeasure
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


# Seed 001, Tabel 1, "Kondisi sekarang" of KUD Mina's institution: what the assessor finds, scored 1–5.
SEED001_FOUND = {
    "K1": (4, "Ada: dokumen legal & badan hukum"),
    "K2": (3, "Ada, perlu dilengkapi: struktur organisasi"),
    "K3": (3, "Ada, perlu dilengkapi: program kerja"),
    "K4": (1, "Tidak ada SOP"),
    "K5": (1, "Tidak ada SOM"),
    "K6": (4, "Ada: peraturan khusus"),
    "K7": (1, "RAT & karyawan tidak didata"),
}
UNRECORDED = (1, "Tidak didata (seed 001, Tabel 1)")


def _kud_rating(year: int) -> None:
    """The assessor's submitted rating of KUD Mina for ``year``: the institution as seed 001 found it, the rest
    from the books (what the books cannot give, scored as "not recorded")."""
    from koperasi.accounts.models import User
    from koperasi.tenancy.access import assessor_cooperative_ids

    assessor = User.objects.get(username="penilai")
    cooperative = demo_cooperative("kud-mina")
    with cooperative_context(cooperative.pk, read_only=True, readable_ids=assessor_cooperative_ids(assessor),
                             user_id=assessor.pk):  # fmt: skip
        if Rating.objects.filter(year=year, kind="rating").exists():
            return
        rating = ratings.start_rating(assessor=assessor, kind="rating", year=year, nip="19750101 200003 1 001")
        for row in rating.scores.all():
            score, evidence = SEED001_FOUND.get(row.code, UNRECORDED)
            if row.computed_score is None:
                ratings.score_indicator(assessor=assessor, row=row, score=Decimal(score), evidence=evidence)
        ratings.submit_rating(assessor=assessor, rating_=rating, notes=(
            "Kelembagaan sesuai Tabel 1 seed 001: SOP dan SOM belum ada, RAT dan karyawan belum didata. "
            "Disarankan menyusun SOP/SOM dan mendata kehadiran RAT."))  # fmt: skip


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
    _kud_rating(today.year)
    return []
