"""Demo supply networks.

* KPMK Pangandaran (seed 000): twelve farmer groups around Parigi deliver coconuts; members deliver
  their own, the non-member farmers of each group through their group. Several gardens are mortgaged to
  middlemen (tengkulak); the cooperative's garden-redemption loans are repaid by taking a quarter of
  each harvest's value (``ProcurementSettings.loan_share``). Three months of deliveries, a price rise in
  the middle, and two paid payment runs with loan and simpanan wajib deductions; the last month is
  still to be paid.
* KPBS Pangalengan (seed 004): the dairy farmers deliver milk every morning at their TPK (collection
  point); the price follows fat and total solids and falls with the bacteria count. Two paid runs of
  fifteen days each.

Running the step again changes nothing: suppliers are found by name, deliveries by their key, runs are
made once.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth

from demo import DemoLogin, demo_step, ensure_user
from demo.tenancy import PASSWORD, demo_cooperative
from koperasi.tenancy.context import cooperative_context
from members.models import Member, MemberStatus
from procurement.models import (
    AssetKind,
    Delivery,
    DeliveryStatus,
    PaymentRun,
    ProcurementSettings,
    ProducingAsset,
    RawMaterial,
    Supplier,
    SupplierKind,
    SupplyPlan,
    Unit,
)
from procurement.services import deliveries, materials, network, payments

D = Decimal
KEYS = uuid.UUID("2a7b6f0e-2f5c-4d1e-8a53-6d1f7f0b9c11")
GROUPS = [  # (farmer group, village) — KPMK's twelve groups around Parigi and Cijulang
    ("Kelompok Tani Mekarsari", "Desa Cikalong"),
    ("Kelompok Tani Sukamaju", "Desa Sukahurip"),
    ("Kelompok Tani Bina Usaha", "Desa Cintaratu"),
    ("Kelompok Tani Karya Mandiri", "Desa Parakanmanggu"),
    ("Kelompok Tani Harapan Jaya", "Desa Selasari"),
    ("Kelompok Tani Sri Rahayu", "Desa Karangbenda"),
    ("Kelompok Tani Tunas Harapan", "Desa Karangjaladri"),
    ("Kelompok Tani Mukti Tani", "Desa Ciliang"),
    ("Kelompok Tani Sauyunan", "Desa Bojong"),
    ("Kelompok Tani Saluyu", "Desa Cibenda"),
    ("Kelompok Tani Mitra Kelapa", "Desa Parigi"),
    ("Kelompok Tani Sugih Mukti", "Desa Cijulang"),
]
NON_MEMBERS = ["Darsono", "Wawan Kurniawan"]  # per group, delivering through it


def _key(*parts) -> uuid.UUID:
    return uuid.uuid5(KEYS, "/".join(str(part) for part in parts))


def _supplier(name: str, **fields) -> Supplier:
    existing = Supplier.objects.filter(name=name).first()
    return existing or network.save_supplier(actor=None, name=name, **fields)


def _member_supplier(member: Member, via: Supplier | None) -> Supplier:
    existing = Supplier.objects.filter(member=member).first()
    return existing or network.save_supplier(actor=None, kind=SupplierKind.MEMBER, member=member, via=via)


def _runs(periods, maker, checker) -> None:
    """Paid runs for ``periods`` (start, end), made by ``maker`` and approved by ``checker``; once."""
    if PaymentRun.objects.exists():
        return
    for start, end in periods:
        run = payments.create_run(
            actor=maker, period_start=start, period_end=end, pay_date=end + datetime.timedelta(days=1)
        )
        payments.approve_run(actor=checker, run=run)
        payments.pay_run(actor=maker, run=run)


def _coconuts(today: datetime.date) -> None:
    start = today - datetime.timedelta(days=90)
    material = RawMaterial.objects.filter(code="KELAPA").first()
    if material is None:
        material = materials.create_material(
            code="KELAPA", name="Kelapa butir", unit=Unit.PIECE, alternate_unit="karung", per_alternate_unit=D("25")
        )
        materials.add_price_rule(
            actor=None,
            material=material,
            valid_from=start,
            base_price=D("1500"),
            note="Harga beli kelapa di tingkat kelompok",
        )
        materials.add_price_rule(
            actor=None,
            material=material,
            valid_from=today - datetime.timedelta(days=45),
            base_price=D("1650"),
            note="Harga naik menjelang musim kemarau",
        )
        ProcurementSettings.objects.get_or_create(defaults={"loan_share": D("0.25")})
    groups = [
        _supplier(
            name,
            kind=SupplierKind.GROUP,
            village=village,
            district="Parigi",
            regency="Pangandaran",
            province="Jawa Barat",
        )
        for name, village in GROUPS
    ]
    by_name = {group.name: group for group in groups}
    suppliers: list[tuple[Supplier, Supplier | None]] = []  # (delivering party, original farmer)
    for member in Member.objects.filter(status=MemberStatus.MEMBER).order_by("member_no"):
        suppliers.append((_member_supplier(member, by_name.get(member.farmer_group)), None))
    for index, group in enumerate(groups):
        for name in NON_MEMBERS:
            farmer = _supplier(
                f"{name} ({group.name.removeprefix('Kelompok Tani ')})",
                kind=SupplierKind.FARMER,
                via=group,
                village=group.village,
                district="Parigi",
                regency="Pangandaran",
            )
            suppliers.append((group, farmer))
            if not farmer.assets.exists():
                mortgaged = index % 3 == 0 and name == NON_MEMBERS[0]
                ProducingAsset.objects.create(
                    supplier=farmer,
                    kind=AssetKind.GARDEN,
                    area_ha=D("0.75") + D(index % 4) / 4,
                    count=90 + 15 * index,
                    mortgaged_to="Bandar kelapa Parigi" if mortgaged else "",
                    mortgage_amount=D("12000000") if mortgaged else None,
                )
    _supplier("CV Serabut Kelapa Cijulang", kind=SupplierKind.MILL, village="Desa Cijulang", regency="Pangandaran")
    for day_offset in range(88, 0, -10):  # a harvest every ten days
        day = today - datetime.timedelta(days=day_offset)
        for number, (party, farmer) in enumerate(suppliers):
            quantity = D(300 + (number * 37 + day_offset * 11) % 500)
            deliveries.record_delivery(
                actor=None,
                supplier=party,
                farmer=farmer,
                material=material,
                date=day,
                quantity=quantity,
                rejected_quantity=D(quantity // 50),
                collection_point=party.village,
                key=_key("kpmk", party.pk, farmer.pk if farmer else "", day),
            )


def _milk(today: datetime.date) -> None:
    start = today - datetime.timedelta(days=30)
    material = RawMaterial.objects.filter(code="SUSU").first()
    if material is None:
        material = materials.create_material(
            code="SUSU",
            name="Susu segar",
            unit=Unit.LITRE,
            parameters=[("fat", "Lemak", "%"), ("ts", "Total solid", "%"), ("tpc", "Jumlah bakteri (TPC)", "per ml")],
        )
        materials.add_price_rule(
            actor=None,
            material=material,
            valid_from=start - datetime.timedelta(days=60),
            base_price=D("6000"),
            note="Harga dasar susu KPBS: bonus lemak dan TS, potongan TPC",
            steps=[
                {"parameter": "fat", "direction": "above", "threshold": D("3.5"), "step": D("0.1"), "amount": D("50")},
                {"parameter": "ts", "direction": "above", "threshold": D("11.5"), "step": D("0.1"), "amount": D("25")},
                {
                    "parameter": "tpc",
                    "direction": "above",
                    "threshold": D("1000000"),
                    "step": D("500000"),
                    "amount": D("-100"),
                },
            ],
        )
    farmers = [
        (_member_supplier(member, None), member.farmer_group or "TPK Pangalengan")
        for member in Member.objects.filter(status=MemberStatus.MEMBER, occupation="peternak").order_by("member_no")
    ]
    for day_offset in range(30, 0, -1):
        day = today - datetime.timedelta(days=day_offset)
        for number, (supplier, point) in enumerate(farmers):
            seed = number * 7 + day_offset * 3
            deliveries.record_delivery(
                actor=None,
                supplier=supplier,
                material=material,
                date=day,
                quantity=D(12 + seed % 14),
                readings={
                    "fat": D("3.4") + D(seed % 9) / 10,
                    "ts": D("11.3") + D(seed % 12) / 10,
                    "tpc": D(600000 + (seed % 6) * 400000),
                },
                collection_point=point,
                key=_key("kpbs", supplier.pk, day),
            )


def _plans(today: datetime.date, actor) -> None:
    """This year's supply plan: every month, each supplier's average month of the deliveries loaded
    (coconuts and milk come all year round)."""
    accepted = Sum(F("quantity") - F("rejected_quantity"))
    for material in RawMaterial.objects.all():
        if SupplyPlan.objects.filter(material=material, month__year=today.year).exists():
            continue
        delivered = (
            Delivery.objects.filter(material=material, status=DeliveryStatus.POSTED)
            .values("supplier_id")
            .annotate(total=accepted, months=Count(TruncMonth("date"), distinct=True))
            .order_by()
        )
        SupplyPlan.objects.bulk_create(
            SupplyPlan(cooperative_id=material.cooperative_id, material=material, supplier_id=row["supplier_id"],
                       month=datetime.date(today.year, month, 1), expected_quantity=(row["total"] / row["months"])
                       .quantize(D("1")), updated_by=actor)
            for row in delivered
            for month in range(1, 13)
        )  # fmt: skip


@demo_step("supply networks: coconut groups and dairy farmers, deliveries and payment runs")
def supply() -> list[DemoLogin]:
    today = datetime.date.today()
    for slug, load, periods in (
        ("kpmk-pangandaran", _coconuts, [(90, 61), (60, 31)]),
        ("kpbs-pangalengan", _milk, [(30, 16), (15, 1)]),
    ):
        short = slug.split("-")[0]
        maker, checker = ensure_user(f"{short}-kasir", PASSWORD), ensure_user(f"{short}-manajer", PASSWORD)
        with cooperative_context(demo_cooperative(slug).pk, user_id=checker.pk):
            load(today)
            _plans(today, checker)
            _runs(
                [(today - datetime.timedelta(days=a), today - datetime.timedelta(days=b)) for a, b in periods],
                maker,
                checker,
            )
    return []
