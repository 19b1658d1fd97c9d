"""Demo ledger: every cooperative's opening balance, and KPMK Pangandaran's processing equipment as
fixed assets, depreciated every month.

Each demo cooperative opens its books on 2 January 2024 with the cash and bank money it holds from
its members' capital and reserves (an equity of ``cadangan``), so what the demo pays out later
(loans, goods, equipment) never takes Kas or Bank below zero.

Seed 000 tells that all of KPMK's machines were built in-house by members and staff, some with
production tools given by Bank Indonesia, and that the cooperative never recorded depreciation
(which flattered its profit). Here the machines are registered and the monthly job has posted
their depreciation up to last month, so the income statement shows the real cost of the plants.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from demo import DemoLogin, demo_step
from demo.apps import OPENING_SOURCE
from koperasi.ledger.assets import register_fixed_asset, run_depreciation
from koperasi.ledger.fiscal import Month, fiscal_year_of
from koperasi.ledger.models import BusinessUnit, FixedAsset
from koperasi.ledger.services import Line, open_fiscal_year, post_entry
from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import Cooperative

OPENED = datetime.date(2024, 1, 2)
# (code, name, cost, life in months, salvage, paid from: "grants" (tools given) or "cash")
KPMK_EQUIPMENT = [
    ("AT-01", "Mesin pengurai sabut (decorticator) buatan sendiri", "185000000", 96, "10000000", "cash"),
    ("AT-02", "Mesin ayak cocopeat", "62000000", 60, "2000000", "cash"),
    ("AT-03", "Mesin parut dan pengering tepung kelapa", "148000000", 96, "8000000", "grants"),
    ("AT-04", "Bangunan pabrik cocofiber, Desa Cintakarya", "420000000", 240, "0", "cash"),
]
# slug: (Kas, Bank) on the day the books open
OPENING_BALANCES = {
    "kpmk-pangandaran": (Decimal("900000000.00"), Decimal("0.00")),
    "kud-mina": (Decimal("60000000.00"), Decimal("150000000.00")),
    "ksu-argopuro": (Decimal("40000000.00"), Decimal("120000000.00")),
    "kpbs-pangalengan": (Decimal("100000000.00"), Decimal("650000000.00")),
}


@demo_step("ledger: opening balances")
def opening_balances() -> list[DemoLogin]:
    for slug, (cash, bank) in OPENING_BALANCES.items():
        cooperative = Cooperative.objects.filter(slug=slug).first()
        if cooperative is None:
            continue
        lines = [Line(key, debit=amount) for key, amount in (("cash", cash), ("bank", bank)) if amount]
        with cooperative_context(cooperative.pk):
            this_year = fiscal_year_of(timezone.localdate(), cooperative.fiscal_year_start_month)
            for fiscal_year in range(OPENED.year, this_year + 1):  # the books begin with the opening balance
                open_fiscal_year(actor=None, fiscal_year=fiscal_year)
            post_entry(
                date=OPENED,
                source=(OPENING_SOURCE, cooperative.pk),
                purpose="opening_balance",
                memo="Saldo awal kas dan bank (modal penyertaan dan cadangan)",
                lines=[*lines, Line("reserve", credit=cash + bank)],
            )
    return []


@demo_step("ledger: KPMK equipment and depreciation")
def kpmk_equipment() -> list[DemoLogin]:
    cooperative = Cooperative.objects.filter(slug="kpmk-pangandaran").first()
    if cooperative is None:
        return []
    with cooperative_context(cooperative.pk):
        processing = BusinessUnit.objects.filter(code="OLH").first()
        for code, name, cost, life, salvage, paid_from in KPMK_EQUIPMENT:
            if FixedAsset.objects.filter(code=code).exists():
                continue
            asset = register_fixed_asset(
                actor=None,
                code=code,
                name=name,
                acquisition_date=OPENED,
                cost=Decimal(cost),
                useful_life_months=life,
                salvage_value=Decimal(salvage),
                business_unit=processing,
            )
            post_entry(
                date=OPENED,
                source=asset,
                purpose="acquisition",
                memo=f"Perolehan {name}",
                lines=[Line("fixed_assets", debit=asset.cost), Line(paid_from, credit=asset.cost)],
            )
        run_depreciation(Month.of(timezone.localdate()).plus(-1))
    return []
