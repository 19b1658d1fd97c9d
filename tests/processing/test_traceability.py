"""Traceability both ways: from a finished-goods lot to every delivery and farmer behind it, and from a
farmer's delivery to every lot it went into — across batches that mix lots."""

import datetime
from decimal import Decimal

import pytest

from processing import selectors
from processing.models import FinishedGoodsLot
from procurement.models import SupplierKind
from procurement.services import network
from tests.factories.processing import coconut_plant, run_batch
from tests.factories.procurement import SupplierFactory, delivery

pytestmark = pytest.mark.django_db
D = Decimal


def test_lots_are_traced_to_farmers_and_deliveries_to_lots_across_mixed_batches(in_coop):
    plant = coconut_plant()
    group = network.save_supplier(actor=None, kind=SupplierKind.GROUP, name="Kelompok Tani Mekar Sari")
    darsono = network.save_supplier(actor=None, kind=SupplierKind.FARMER, name="Darsono", via=group)
    through_group = delivery(group, plant["material"], "800", on=datetime.date(2026, 2, 1), farmer=darsono)
    direct = delivery(SupplierFactory(name="Ujang"), plant["material"], "700", on=datetime.date(2026, 2, 2))
    first = run_batch(plant, on=datetime.date(2026, 2, 10))  # 800 from the group's lot, 200 from Ujang's
    second = run_batch(plant, on=datetime.date(2026, 2, 11), coconuts="500", outputs=("70", "55", "95"))

    flour = FinishedGoodsLot.objects.get(output__batch=first, output__is_main=True)
    behind = [(c.lot.delivery_id, c.quantity, c.lot.delivery.supplier.name, c.lot.delivery.farmer)
              for c in selectors.trace_back(flour)]  # fmt: skip
    assert behind == [
        (through_group.pk, D("800"), "Kelompok Tani Mekar Sari", darsono),
        (direct.pk, D("200"), "Ujang", None),
    ]

    into = {(lot.output.batch_id, lot.product.code) for lot in selectors.trace_forward(direct)}
    assert into == {(batch.pk, code) for batch in (first, second) for code in ("TK", "CF", "CP")}
    assert {lot.output.batch_id for lot in selectors.trace_forward(through_group)} == {first.pk}
    assert [c.quantity for c in selectors.delivery_consumptions(direct)] == [D("200"), D("500")]


def test_the_plants_capacity_reaches_the_supply_plan_in_raw_material(in_coop):
    from procurement.capacity import monthly_capacity

    plant = coconut_plant()
    months = [datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)]
    # 15.000 kg of flour a month at 1.000 coconuts per 150 kg
    assert monthly_capacity(plant["material"], months) == dict.fromkeys(months, D("100000.000"))
