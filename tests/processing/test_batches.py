"""Production batches: lots taken oldest first (or as chosen), costs shared among the outputs, the entry
posted, and raw-material and finished-goods stock tied to the ledger."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum

from koperasi.ledger.models import JournalLine
from koperasi.tenancy.context import cooperative_context
from processing.models import BatchStatus, Consumption
from processing.services import batches
from procurement.models import RawMaterialLot
from tests.factories.processing import coconut_plant, finished_stock_value, run_batch
from tests.factories.procurement import SupplierFactory, delivery
from tests.helpers import ledger_balance

pytestmark = pytest.mark.django_db
D = Decimal


def raw_stock_value() -> Decimal:
    return sum((round(lot.remaining * lot.unit_cost, 2) for lot in RawMaterialLot.objects.all()), D(0))


def assert_stock_ties_to_the_ledger():
    assert raw_stock_value() == ledger_balance("raw_material_inventory")
    assert finished_stock_value() == ledger_balance("finished_goods_inventory")


@pytest.fixture
def plant(in_coop):
    return coconut_plant()


def test_a_finished_batch_takes_the_oldest_lots_first_and_posts_its_cost(plant):
    farmer = SupplierFactory()
    old = delivery(farmer, plant["material"], "600", on=datetime.date(2026, 2, 1))
    new = delivery(farmer, plant["material"], "700", on=datetime.date(2026, 2, 3))
    batch = run_batch(plant)  # 1.000 coconuts at Rp 1.500
    taken = {c.lot.delivery_id: c.quantity for c in Consumption.objects.filter(batch=batch)}
    assert taken == {old.pk: D("600"), new.pk: D("400")}  # the older lot emptied, 300 left of the newer
    assert batch.status == BatchStatus.FINISHED
    costs = (batch.materials_cost, batch.labour_cost, batch.other_inputs_cost)
    assert costs == (D("1500000"), D("320000"), D("136000"))
    assert batch.overhead_cost == D("97800.00") and batch.total_cost == D("2053800.00")  # 5 % of direct cost
    outputs = {o.product.code: o.cost for o in batch.outputs.select_related("product")}
    assert sum(outputs.values()) == batch.total_cost and outputs["TK"] > outputs["CF"] > outputs["CP"]
    credits = dict(
        JournalLine.objects.filter(entry=batch.journal_entry, credit__gt=0).values_list("account__system_key", "credit")
    )
    assert credits == {"raw_material_inventory": D("1500000"), "wages_payable": D("320000"),
                       "accounts_payable": D("136000"), "overhead_applied": D("97800")}  # fmt: skip
    assert_stock_ties_to_the_ledger()


def test_partial_lots_give_up_exactly_the_value_their_delivery_posted(plant):
    plant["material"].rules.update(base_price=D("1333.33"))
    farmer = SupplierFactory()
    for on in (datetime.date(2026, 2, 1), datetime.date(2026, 2, 2)):
        delivery(farmer, plant["material"], "701", on=on)
    for day, coconuts in ((10, "333"), (11, "333"), (12, "736")):
        run_batch(plant, on=datetime.date(2026, 2, day), coconuts=coconuts, outputs=("50", "40", "60"))
    assert RawMaterialLot.objects.aggregate(r=Sum("remaining"))["r"] == 0
    assert ledger_balance("raw_material_inventory") == 0 and raw_stock_value() == 0
    assert_stock_ties_to_the_ledger()


def test_a_chosen_lot_is_taken_and_a_short_one_is_refused_having_taken_nothing(plant):
    farmer = SupplierFactory()
    first = delivery(farmer, plant["material"], "600", on=datetime.date(2026, 2, 1))
    chosen = delivery(farmer, plant["material"], "1000", on=datetime.date(2026, 2, 3))
    batch = batches.plan_batch(actor=None, line=plant["line"], planned_on=datetime.date(2026, 2, 10))
    batches.set_inputs(batch=batch, lines=[batches.InputLine(plant["material"], D("1000"), chosen.lot)])
    batches.start_batch(actor=None, batch=batch, on=datetime.date(2026, 2, 10))
    batches.set_outputs(batch=batch, lines=[batches.OutputLine(plant["flour"], D("150"), is_main=True)])
    batches.finish_batch(actor=None, batch=batch, on=datetime.date(2026, 2, 10))
    first.lot.refresh_from_db()
    assert first.lot.remaining == D("600")
    too_much = batches.plan_batch(actor=None, line=plant["line"], planned_on=datetime.date(2026, 2, 11), scale=D("0.7"))
    batches.start_batch(actor=None, batch=too_much, on=datetime.date(2026, 2, 11))
    batches.set_outputs(batch=too_much, lines=[batches.OutputLine(plant["flour"], D("100"), is_main=True)])
    with pytest.raises(ValidationError) as refused:
        batches.finish_batch(actor=None, batch=too_much, on=datetime.date(2026, 2, 11))
    assert refused.value.code == "stock_short"
    first.lot.refresh_from_db()
    assert first.lot.remaining == D("600") and not Consumption.objects.filter(batch=too_much).exists()
    assert_stock_ties_to_the_ledger()


def test_a_batch_follows_its_states_and_keeps_its_recipe_version(plant):
    batch = batches.plan_batch(actor=None, line=plant["line"], planned_on=datetime.date(2026, 2, 10))
    with pytest.raises(ValidationError) as refused:
        batches.finish_batch(actor=None, batch=batch, on=datetime.date(2026, 2, 10))
    assert refused.value.code == "batch_status"
    with pytest.raises(ValidationError) as refused:
        batches.set_outputs(batch=batch, lines=[batches.OutputLine(plant["fiber"], D("1"), is_main=True)])
    assert refused.value.code == "batch_outputs"
    batches.cancel_batch(actor=None, batch=batch, reason="Mesin rusak")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CANCELLED and batch.recipe.version == 1


def test_labour_is_counted_in_hok_at_the_workers_wage(plant):
    batch = batches.plan_batch(actor=None, line=plant["line"], planned_on=datetime.date(2026, 2, 10))
    row = batches.add_labour(batch=batch, worker=plant["worker"], people=3, hours=D("6"))
    assert (row.hok, row.amount) == (D("2.250"), D("180000.00"))  # 18 hours ÷ 8 = 2,25 HOK × Rp 80.000
    hourly = batches.add_labour(batch=batch, people=2, hours=D("5"), wage=D("12000"), wage_basis="hour")
    assert (hourly.hok, hourly.amount) == (D("1.250"), D("120000.00"))


@pytest.mark.django_db(transaction=True)
def test_two_batches_finishing_at_once_never_take_more_than_the_lots_hold(coop):
    with cooperative_context(coop.pk):
        plant = coconut_plant()
        delivery(SupplierFactory(), plant["material"], "1500")
        ready = []
        for day in (10, 11):
            batch = batches.plan_batch(actor=None, line=plant["line"], planned_on=datetime.date(2026, 2, day))
            batches.start_batch(actor=None, batch=batch, on=batch.planned_on)
            batches.set_outputs(batch=batch, lines=[batches.OutputLine(plant["flour"], D("150"), is_main=True)])
            ready.append(batch)
    errors = []

    def finish(batch):
        try:
            with cooperative_context(coop.pk):
                batches.finish_batch(actor=None, batch=batch, on=batch.planned_on)
        except ValidationError as error:
            errors.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=finish, args=(batch,)) for batch in ready]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == ["stock_short"]  # 1.500 coconuts make one batch of 1.000, not two
    with cooperative_context(coop.pk):
        assert RawMaterialLot.objects.get().remaining == D("500")
        assert_stock_ties_to_the_ledger()
