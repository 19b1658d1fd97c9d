"""Processing factories: create inside a cooperative's context. Recipes and batches go through the
services, so every batch agrees with the lots and the ledger."""

import datetime
from decimal import Decimal

import factory
from django.db.models import Sum

from koperasi.ledger.models import BusinessUnit
from processing.models import (
    Batch,
    BatchInput,
    BatchLabour,
    BatchOtherInput,
    BatchOutput,
    Consumption,
    Customer,
    CustomerKind,
    FinishedGoodsLot,
    Invoice,
    InvoicePayment,
    Plant,
    Product,
    ProductionLine,
    Recipe,
    RecipeInput,
    RecipeOtherInput,
    RecipeOutput,
    SalesOrder,
    SalesOrderLine,
    Shipment,
    ShipmentLine,
    Worker,
)
from processing.services import batches, recipes, sales
from tests.factories.procurement import SupplierFactory, coconut, delivery
from tests.factories.worlds import first_row_factory

D = Decimal


def coconut_plant(overhead_rate="0.05") -> dict:
    """KPMK's desiccated-coconut plant (seed 000): 1.000 coconuts a batch give 150 kg of flour with husks for
    120 kg of cocofiber and 200 kg of cocopeat; 15 t of flour a month."""
    material = coconut()
    unit = BusinessUnit.objects.get(code="OLH")
    plant = Plant.objects.create(name="Pabrik tepung kelapa", location="Pangandaran", business_unit=unit,
                                 overhead_rate=D(overhead_rate))  # fmt: skip
    flour = Product.objects.create(code="TK", name="Tepung kelapa", unit="kg", list_price=D("25000"))
    fiber = Product.objects.create(code="CF", name="Cocofiber", unit="kg", list_price=D("4000"))
    peat = Product.objects.create(code="CP", name="Cocopeat", unit="kg", list_price=D("1500"))
    line = ProductionLine.objects.create(plant=plant, name="Lini 1", product=flour, capacity_per_month=D("15000"))
    recipe = recipes.create_recipe(
        actor=None, product=flour, standard_labour_hok=D("4"),
        inputs=[recipes.MaterialLine(material, D("1000"), is_principal=True)],
        other_inputs=[recipes.OtherLine("Solar", "fuel", D("20"), "liter", D("136000"))],
        outputs=[recipes.OutputLine(flour, D("150"), is_main=True), recipes.OutputLine(fiber, D("120")),
                 recipes.OutputLine(peat, D("200"))],
    )  # fmt: skip
    worker = Worker.objects.create(plant=plant, name="Ibu Sumiati", wage=D("80000"))
    return {"material": material, "plant": plant, "line": line, "recipe": recipe, "worker": worker,
            "flour": flour, "fiber": fiber, "peat": peat}  # fmt: skip


def run_batch(world: dict, *, on=datetime.date(2026, 2, 10), coconuts="1000", outputs=("148", "118", "205")):
    """A batch planned, started, worked by 4 people for 8 hours, and finished on ``on``."""
    batch = batches.plan_batch(actor=None, line=world["line"], planned_on=on, scale=D(coconuts) / 1000)
    batches.start_batch(actor=None, batch=batch, on=on)
    batches.add_labour(batch=batch, worker=world["worker"], people=4, hours=D("8"))
    flour, fiber, peat = outputs
    batches.set_outputs(batch=batch, lines=[
        batches.OutputLine(world["flour"], D(flour), is_main=True, grade="A"),
        batches.OutputLine(world["fiber"], D(fiber)), batches.OutputLine(world["peat"], D(peat)),
    ])  # fmt: skip
    return batches.finish_batch(actor=None, batch=batch, on=on)


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: f"PT Pangan Nusantara {n}")
    kind = CustomerKind.DOMESTIC


def finished_stock_value() -> Decimal:
    """What the finished-goods lots still hold, at cost."""
    return FinishedGoodsLot.objects.aggregate(v=Sum("remaining_value"))["v"] or D(0)


def _finished() -> Batch:
    batch = Batch.objects.filter(status="finished").first()
    if batch is not None:
        return batch
    world = coconut_plant()
    delivery(SupplierFactory(), world["material"], "1200")
    return run_batch(world)


# --- one row of every processing model (the isolation suites ask for them) --------------------------------


def _sold() -> Invoice:
    invoice = Invoice.objects.first()
    if invoice is not None:
        return invoice
    batch = _finished()
    flour = batch.outputs.get(is_main=True).product
    customer = CustomerFactory()
    order = sales.create_order(actor=None, customer=customer, ordered_on=batch.finished_on,
                               lines=[sales.OrderLine(flour, D("100"), D("30000"))])  # fmt: skip
    shipment = sales.ship(actor=None, order=order, shipped_on=batch.finished_on)
    invoice = sales.issue_invoice(actor=None, shipment=shipment, issued_on=batch.finished_on)
    sales.record_payment(actor=None, invoice=invoice, paid_on=batch.finished_on, amount=D("1000000"))
    return invoice


def _one(model, world=_finished):
    """A factory whose row is the first ``model`` row of a finished batch's world (or a sale's)."""
    return first_row_factory(model, world)


PlantFactory = _one(Plant)
ProductFactory = _one(Product)
ProductionLineFactory = _one(ProductionLine)
WorkerFactory = _one(Worker)
RecipeFactory = _one(Recipe)
RecipeInputFactory = _one(RecipeInput)
RecipeOtherInputFactory = _one(RecipeOtherInput)
RecipeOutputFactory = _one(RecipeOutput)
BatchFactory = _one(Batch)
BatchInputFactory = _one(BatchInput)
BatchLabourFactory = _one(BatchLabour)
BatchOtherInputFactory = _one(BatchOtherInput)
BatchOutputFactory = _one(BatchOutput)
ConsumptionFactory = _one(Consumption)
FinishedGoodsLotFactory = _one(FinishedGoodsLot)
SalesOrderFactory = _one(SalesOrder, _sold)
SalesOrderLineFactory = _one(SalesOrderLine, _sold)
ShipmentFactory = _one(Shipment, _sold)
ShipmentLineFactory = _one(ShipmentLine, _sold)
InvoiceFactory = _one(Invoice, _sold)
InvoicePaymentFactory = _one(InvoicePayment, _sold)
