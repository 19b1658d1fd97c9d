"""Demo processing plants.

* KPBS Pangalengan (seed 004): the milk-processing unit makes pasteurised milk, yoghurt and mozzarella.
  One production cycle of each is entered with the paper's quantities, prices, labour and other inputs
  ("Tabel Perhitungan Analisis Nilai Tambah Pengolahan Susu", lines 125–150): the milk it takes is
  bought at Rp 6.000 a litre, the wage is Rp 124.654 a HOK. The Hayami payload of each product then
  reproduces the paper's table (``tests/processing/test_demo.py``).
* KPMK Pangandaran (seed 000): the desiccated-coconut plant (15 t of flour a month), the cocofiber plant
  (75 t a month) and the cocopeat plant (112 t a month), with a month of daily batches near those
  capacities. Flour is made from the coconuts the farmer groups delivered (their husks and shells are
  its by-products); cocofiber and cocopeat from husk material the groups and an outside mill
  (CV Serabut Kelapa Cijulang) supply half-processed.
* KSU Argopuro Jaya Abadi (seed 003): the pulping unit turns members' red cherries (Rp 5.000 a kg) into
  kopi HS, 4.165 litres a day in 2014 from 588.653,4 kg for 441.490 L a year (1,3333 kg a litre), one
  operator's ten-hour day, processing Rp 8,34 and sacks Rp 23,7 a litre, labour Rp 13,34 a litre
  (appendix, "Tahun 2014"): the line's month then shows the BSC's 416 L an hour (appendix W).

Line capacities other than KPMK's three and the recipes' standard yields are illustrative (the papers
give none). Running the step again changes nothing: plants and products are found by name and code,
deliveries by their key, batches by their note.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from demo import DemoLogin, demo_step
from demo.tenancy import demo_cooperative
from koperasi.ledger.models import BusinessUnit
from koperasi.tenancy.context import cooperative_context
from members.models import Member, MemberStatus
from processing.models import Batch, Plant, Product, ProductionLine, WageBasis, Worker
from processing.services import batches, recipes
from procurement.models import RawMaterial, Supplier, SupplierKind, Unit
from procurement.services import deliveries, materials, network

D = Decimal
ONE, EIGHT = D(1), D(8)
KEYS = uuid.UUID("0b7f3f9e-52a1-4c3e-9d0f-6a1d2c3b4e50")
WAGE_PER_HOK = D("124654")  # seed 004, row (7)
MILK_PRICE_READINGS = {"fat": D("3.5"), "ts": D("11.5"), "tpc": D("1000000")}  # at the thresholds: Rp 6.000

# seed 004: (code, name, unit, price (6), output (1), milk (2), HOK (3), other inputs per litre (9), by-product)
SEED004_CYCLES = [
    ("PAS", "Susu pasteurisasi", "liter", D("17000"), D("3026"), D("3057"), 12, D("4500"), None),
    ("YOG", "Yoghurt", "liter", D("25000"), D("822"), D("830"), 5, D("8000"), None),
    ("MOZ", "Keju mozzarella", "kg", D("100000"), D("319"), D("3830"), 7, D("800"), ("WHEY", "Whey", D("3350"))),
]


def _key(*parts) -> uuid.UUID:
    return uuid.uuid5(KEYS, ":".join(str(part) for part in parts))


def _plant(name: str, location: str, **fields) -> Plant:
    unit = BusinessUnit.objects.get(code="OLH")
    return Plant.objects.filter(name=name).first() or Plant.objects.create(
        name=name, location=location, business_unit=unit, **fields
    )


def _product(code: str, name: str, unit: str, price: D) -> Product:
    return Product.objects.filter(code=code).first() or Product.objects.create(
        code=code, name=name, unit=unit, list_price=price
    )


def _line(plant: Plant, name: str, product: Product, capacity: D, inputs, outputs, hok: D) -> ProductionLine:
    line = ProductionLine.objects.filter(plant=plant, name=name).first()
    if line is not None:
        return line
    recipes.create_recipe(actor=None, product=product, inputs=inputs, outputs=outputs, standard_labour_hok=hok)
    return ProductionLine.objects.create(plant=plant, name=name, product=product, capacity_per_month=capacity)


def _material(code: str, name: str, unit: str, price: D, valid_from: datetime.date, **fields) -> RawMaterial:
    material = RawMaterial.objects.filter(code=code).first()
    if material is None:
        material = materials.create_material(code=code, name=name, unit=unit, **fields)
        materials.add_price_rule(actor=None, material=material, valid_from=valid_from, base_price=price)
    return material


def _batch(line, worker, day, note, *, outputs, scale=ONE, people=1, hours=EIGHT, lot=None, other=None) -> Batch:
    """One batch through the services, planned, started, worked, given its outputs and finished."""
    found = Batch.objects.filter(line=line, note=note).first()
    if found is not None:
        return found
    batch = batches.plan_batch(actor=None, line=line, planned_on=day, scale=scale, note=note)
    if lot is not None:
        batches.set_inputs(batch=batch, lines=[batches.InputLine(lot.material, lot.quantity, lot)])
    if other is not None:
        batches.set_other_inputs(batch=batch, lines=other)
    batches.start_batch(actor=None, batch=batch, on=day)
    batches.add_labour(batch=batch, worker=worker, people=people, hours=hours)
    batches.set_outputs(batch=batch, lines=outputs)
    return batches.finish_batch(actor=None, batch=batch, on=day)


def _dairy(today: datetime.date) -> None:
    """Seed 004's production cycle of each product, three days ago."""
    day = today - datetime.timedelta(days=3)
    milk = RawMaterial.objects.get(code="SUSU")
    plant = _plant("Unit Pengolahan Susu KPBS", "Pangalengan, Kabupaten Bandung")
    worker = Worker.objects.filter(plant=plant).first() or Worker.objects.create(
        plant=plant, name="Tim pengolahan susu", wage=WAGE_PER_HOK
    )
    supplier = Supplier.objects.filter(name="TPK Pangalengan (susu olahan)").first() or Supplier.objects.create(
        kind=SupplierKind.GROUP, name="TPK Pangalengan (susu olahan)", village="Pangalengan"
    )
    for code, name, unit, price, output, raw, hok, other, by_product in SEED004_CYCLES:
        product = _product(code, name, unit, price)
        outputs = [recipes.OutputLine(product, output, is_main=True)]
        extra = []
        if by_product:
            whey = _product(by_product[0], by_product[1], "liter", D(0))
            outputs.append(recipes.OutputLine(whey, by_product[2]))
            extra.append(batches.OutputLine(whey, by_product[2]))
        line = _line(plant, f"Lini {name.lower()}", product, output * 25, [recipes.MaterialLine(milk, raw)], outputs,
                     D(hok))  # fmt: skip
        received = deliveries.record_delivery(
            actor=None, supplier=supplier, material=milk, date=day, quantity=raw, readings=MILK_PRICE_READINGS,
            collection_point="Unit pengolahan", key=_key("kpbs", code, day),
        )  # fmt: skip
        _batch(
            line, worker, day, f"Siklus produksi seed 004 ({name})", people=hok, lot=received.lot,
            other=[batches.OtherInputLine("Input lain (kemasan, bahan penolong, energi)", other * raw)],
            outputs=[batches.OutputLine(product, output, is_main=True), *extra],
        )  # fmt: skip


def _coconut_plants(today: datetime.date) -> None:
    """KPMK's three plants, a month of daily batches near their stated capacities."""
    coconut = RawMaterial.objects.get(code="KELAPA")
    start = today - datetime.timedelta(days=30)
    husk = _material("SABUT", "Sabut kelapa setengah olah", Unit.KG, D("600"), start - datetime.timedelta(days=60))
    flour_plant = _plant("Pabrik tepung kelapa (desiccated coconut)", "Parigi, Pangandaran", overhead_rate=D("0.05"))
    fiber_plant = _plant("Pabrik cocofiber", "Parigi, Pangandaran", overhead_rate=D("0.04"))
    peat_plant = _plant("Pabrik cocopeat", "Parigi, Pangandaran", overhead_rate=D("0.04"))
    flour = _product("TK", "Tepung kelapa", "kg", D("24000"))
    shell = _product("TPR", "Tempurung kelapa", "kg", D("1200"))
    fiber = _product("CF", "Cocofiber", "kg", D("4500"))
    peat = _product("CP", "Cocopeat", "kg", D("2200"))
    flour_line = _line(flour_plant, "Lini tepung", flour, D("15000"), [recipes.MaterialLine(coconut, D("1000"))],
                       [recipes.OutputLine(flour, D("150"), is_main=True), recipes.OutputLine(shell, D("180"))],
                       D("3"))  # fmt: skip
    fiber_line = _line(fiber_plant, "Lini cocofiber", fiber, D("75000"), [recipes.MaterialLine(husk, D("1000"))],
                       [recipes.OutputLine(fiber, D("300"), is_main=True)], D("1"))  # fmt: skip
    peat_line = _line(peat_plant, "Lini cocopeat", peat, D("112000"), [recipes.MaterialLine(husk, D("1000"))],
                      [recipes.OutputLine(peat, D("650"), is_main=True)], D("1"))  # fmt: skip
    workers = {
        plant: Worker.objects.filter(plant=plant).first() or Worker.objects.create(plant=plant, name=name, wage=wage)
        for plant, name, wage in ((flour_plant, "Regu pengupas kelapa", D("85000")),
                                  (fiber_plant, "Regu pengurai sabut", D("80000")),
                                  (peat_plant, "Regu pengayak cocopeat", D("80000")))
    }  # fmt: skip
    mill = Supplier.objects.get(name="CV Serabut Kelapa Cijulang")
    groups = list(Supplier.objects.filter(kind=SupplierKind.GROUP).order_by("pk")[:4])
    days = (start + datetime.timedelta(days=n) for n in range(30))
    working_days = [day for day in days if day.weekday() < 6]  # Monday to Saturday
    for index, day in enumerate(working_days[:25]):
        for party in (mill, groups[index % len(groups)]):
            deliveries.record_delivery(
                actor=None, supplier=party, material=husk, date=day, quantity=D("8500"),
                collection_point="Gudang sabut", key=_key("kpmk-husk", party.pk, day),
            )  # fmt: skip
    for index, day in enumerate(working_days[:25]):
        wobble = D(index % 5 - 2) / 100  # yields a little above or below the standard
        _batch(flour_line, workers[flour_plant], day, f"Produksi tepung {day:%Y-%m-%d}", scale=D(4), people=12,
               outputs=[batches.OutputLine(flour, D("600") * (1 + wobble), is_main=True, grade="A"),
                        batches.OutputLine(shell, D("720"))])  # fmt: skip
        _batch(fiber_line, workers[fiber_plant], day, f"Produksi cocofiber {day:%Y-%m-%d}", scale=D("9.8"), people=3,
               outputs=[batches.OutputLine(fiber, D("2940") * (1 + wobble), is_main=True)])  # fmt: skip
        _batch(peat_line, workers[peat_plant], day, f"Produksi cocopeat {day:%Y-%m-%d}", scale=D("6.8"), people=4,
               outputs=[batches.OutputLine(peat, D("4420") * (1 + wobble), is_main=True)])  # fmt: skip


# seed 003, 2014: a day's kopi HS (L), cherries per litre (kg), per-litre costs (Rp), operator hours a day.
HS_PER_DAY, CHERRIES_PER_LITRE = D("4165"), D("588653.4") / D("441490")
PROCESSING_PER_LITRE, SACKS_PER_LITRE, LABOUR_PER_LITRE, HOURS_A_DAY = D("8.34"), D("23.7"), D("13.34"), D(10)


def _coffee(today: datetime.date) -> None:
    """Ten working days of pulping in the last two weeks, from the members' cherries."""
    cherries = _material("KOPI-GL", "Buah kopi glondong merah", Unit.KG, D("5000"), today - datetime.timedelta(days=90))
    plant = _plant("Unit pengolahan kopi KSU Argopuro", "Desa Sucopangepok, Jember", overhead_rate=D(0))
    hs = _product("HS", "Kopi HS (gelondong basah)", "liter", D("8000"))
    line = _line(plant, "Lini pulper", hs, HS_PER_DAY * 25, [recipes.MaterialLine(cherries, D("1000"))],
                 [recipes.OutputLine(hs, (D("1000") / CHERRIES_PER_LITRE).quantize(D("0.001")), is_main=True)],
                 D("1.25"))  # fmt: skip
    wage = (LABOUR_PER_LITRE * HS_PER_DAY / HOURS_A_DAY).quantize(D("0.01"))
    worker = Worker.objects.filter(plant=plant).first() or Worker.objects.create(
        plant=plant, name="Operator pulper", wage=wage, wage_basis=WageBasis.HOUR
    )
    farmers = [
        Supplier.objects.filter(member=member).first()
        or network.save_supplier(actor=None, kind=SupplierKind.MEMBER, member=member)
        for member in Member.objects.filter(occupation="petani", status=MemberStatus.MEMBER).order_by("pk")[:5]
    ]
    cherries_a_day = (HS_PER_DAY * CHERRIES_PER_LITRE).quantize(D("0.001"))
    days = [today - datetime.timedelta(days=n) for n in range(14, 0, -1)]
    for day in [day for day in days if day.weekday() < 5][:10]:
        share = (cherries_a_day / len(farmers)).quantize(D("0.001"))
        for index, farmer in enumerate(farmers):
            quantity = share if index else cherries_a_day - share * (len(farmers) - 1)
            deliveries.record_delivery(actor=None, supplier=farmer, material=cherries, date=day, quantity=quantity,
                                       collection_point="Gudang KSU", key=_key("ksu", farmer.pk, day))  # fmt: skip
        _batch(line, worker, day, f"Pulping {day:%Y-%m-%d}", scale=cherries_a_day / 1000, hours=HOURS_A_DAY,
               other=[batches.OtherInputLine("Biaya pengolahan", PROCESSING_PER_LITRE * HS_PER_DAY, "other"),
                      batches.OtherInputLine("Sak", SACKS_PER_LITRE * HS_PER_DAY, "packaging")],
               outputs=[batches.OutputLine(hs, HS_PER_DAY, is_main=True, grade="HS")])  # fmt: skip


@demo_step("processing plants: KPBS's milk unit (seed 004), KPMK's three coconut plants, KSU's coffee pulper")
def processing() -> list[DemoLogin]:
    today = datetime.date.today()
    loads = (("kpbs-pangalengan", _dairy), ("kpmk-pangandaran", _coconut_plants), ("ksu-argopuro", _coffee))
    for slug, load in loads:
        with cooperative_context(demo_cooperative(slug).pk):
            load(today)
    return []
