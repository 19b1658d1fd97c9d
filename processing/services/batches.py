"""Production batches: planned → started → finished. Finishing takes the raw-material lots (chosen ones,
else the oldest first), costs the outputs (``processing/costing.py``), posts the entry and makes the
finished-goods lots, in one transaction."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.ledger.services import Line
from koperasi.money import quantize_quantity, quantize_rupiah
from processing import costing
from processing.error_codes import ProcessingErrorCode, refuse
from processing.models import (
    Batch,
    BatchInput,
    BatchLabour,
    BatchOtherInput,
    BatchOutput,
    BatchStatus,
    Consumption,
    FinishedGoodsLot,
    ProductionLine,
    Recipe,
    WageBasis,
    Worker,
)
from processing.services.posting import post
from processing.services.recipes import current_recipe
from procurement.models import RawMaterialLot

PURPOSE_FINISH = "processing.batch"
OPEN = (BatchStatus.PLANNED, BatchStatus.STARTED)


@dataclass(frozen=True)
class InputLine:
    material: object  # procurement.RawMaterial
    quantity: Decimal
    lot: RawMaterialLot | None = None


@dataclass(frozen=True)
class OtherInputLine:
    name: str
    cost: Decimal
    kind: str = "other"
    quantity: Decimal = Decimal(0)
    unit: str = ""
    credit_account: str = "accounts_payable"


@dataclass(frozen=True)
class OutputLine:
    product: object  # processing.Product
    quantity: Decimal
    is_main: bool = False
    grade: str = ""
    price: Decimal | None = None  # per unit for the allocation; None: the product's list price


def _positive(value, field: str) -> Decimal:
    quantity = quantize_quantity(Decimal(value))
    if quantity <= 0:
        raise refuse(field, _("The quantity must be above zero."), ProcessingErrorCode.INVALID_QUANTITY)
    return quantity


def _lock(batch: Batch, *statuses: str) -> Batch:
    batch = Batch.objects.select_for_update().select_related("line__plant", "recipe").get(pk=batch.pk)
    if batch.status not in statuses:
        raise refuse(
            "status",
            _("Batch %(number)s is %(status)s.") % {"number": batch.number, "status": batch.get_status_display()},
            ProcessingErrorCode.BATCH_STATUS,
        )
    return batch


@transaction.atomic
def plan_batch(
    *,
    actor,
    line: ProductionLine,
    planned_on: datetime.date,
    recipe: Recipe | None = None,
    scale: Decimal = Decimal(1),
    allocation: str = "",
    note: str = "",
) -> Batch:
    """A planned batch on ``line`` by ``recipe`` (the line product's current one), its inputs and other
    inputs set to the recipe's standard × ``scale``."""
    recipe = recipe or current_recipe(line.product)
    if recipe is None:
        raise refuse(
            "recipe",
            _("%(product)s has no recipe yet.") % {"product": line.product.name},
            ProcessingErrorCode.NO_RECIPE,
        )
    scale = _positive(scale, "scale")
    batch = Batch(line=line, recipe=recipe, planned_on=planned_on, note=note, created_by=actor)
    if allocation:
        batch.allocation = allocation
    batch.save()
    BatchInput.objects.bulk_create(
        BatchInput(
            cooperative_id=batch.cooperative_id,
            batch=batch,
            material_id=i.material_id,
            quantity=quantize_quantity(i.quantity * scale),
        )
        for i in recipe.inputs.all()
    )
    BatchOtherInput.objects.bulk_create(
        BatchOtherInput(
            cooperative_id=batch.cooperative_id,
            batch=batch,
            name=o.name,
            kind=o.kind,
            quantity=quantize_quantity(o.quantity * scale),
            unit=o.unit,
            cost=quantize_rupiah(o.standard_cost * scale),
        )
        for o in recipe.other_inputs.all()
    )
    record_event("processing.batch_planned", actor=actor, obj=batch, after={"recipe": str(recipe)})
    return batch


@transaction.atomic
def start_batch(*, actor, batch: Batch, on: datetime.date) -> Batch:
    batch = _lock(batch, BatchStatus.PLANNED)
    batch.status, batch.started_on = BatchStatus.STARTED, on
    batch.save(update_fields=["status", "started_on"])
    return batch


@transaction.atomic
def set_inputs(*, batch: Batch, lines: list[InputLine]) -> None:
    """Replace the raw material the batch will take (a chosen lot must be of the line's material)."""
    batch = _lock(batch, *OPEN)
    rows = []
    for line in lines:
        quantity = _positive(line.quantity, "inputs")
        if line.lot is not None and line.lot.material_id != line.material.pk:
            message = _("Lot %(lot)s is not %(material)s.") % {"lot": line.lot.pk, "material": line.material.name}
            raise refuse("inputs", message, ProcessingErrorCode.LOT_MATERIAL)
        rows.append(
            BatchInput(
                cooperative_id=batch.cooperative_id,
                batch=batch,
                material=line.material,
                quantity=quantity,
                lot=line.lot,
            )
        )
    batch.inputs.all().delete()
    BatchInput.objects.bulk_create(rows)


@transaction.atomic
def set_other_inputs(*, batch: Batch, lines: list[OtherInputLine]) -> None:
    batch = _lock(batch, *OPEN)
    rows = []
    for line in lines:
        cost = quantize_rupiah(line.cost)
        if cost < 0:
            raise refuse("other_inputs", _("A cost cannot be negative."), ProcessingErrorCode.INVALID_QUANTITY)
        quantity = quantize_quantity(line.quantity)
        rows.append(
            BatchOtherInput(
                cooperative_id=batch.cooperative_id,
                batch=batch,
                name=line.name,
                kind=line.kind,
                cost=cost,
                unit=line.unit,
                quantity=quantity,
                credit_account=line.credit_account,
            )
        )
    batch.other_inputs.all().delete()
    BatchOtherInput.objects.bulk_create(rows)


@transaction.atomic
def set_outputs(*, batch: Batch, lines: list[OutputLine]) -> None:
    """Replace what the batch gave: exactly one main output, the line's product."""
    batch = _lock(batch, *OPEN)
    mains = [line for line in lines if line.is_main]
    if len(mains) != 1 or mains[0].product.pk != batch.line.product_id:
        raise refuse(
            "outputs", _("A batch has exactly one main output, its line's product."), ProcessingErrorCode.BATCH_OUTPUTS
        )
    rows = [
        BatchOutput(
            cooperative_id=batch.cooperative_id,
            batch=batch,
            product=line.product,
            quantity=_positive(line.quantity, "outputs"),
            grade=line.grade,
            is_main=line.is_main,
            price=quantize_rupiah(line.price if line.price is not None else line.product.list_price),
        )
        for line in lines
    ]
    batch.outputs.all().delete()
    BatchOutput.objects.bulk_create(rows)


def labour_amount(*, people: int, hours: Decimal, hours_per_hok: Decimal, wage_basis: str, wage: Decimal):
    """``(HOK, amount)``: HOK = people × hours ÷ hours per HOK (to 3 places); amount = HOK × wage per HOK,
    or people × hours × wage per hour, to the cent."""
    hok = quantize_quantity(people * hours / hours_per_hok)
    worked = hok if wage_basis == WageBasis.HOK else people * hours
    return hok, quantize_rupiah(worked * wage)


@transaction.atomic
def add_labour(
    *,
    batch: Batch,
    people: int,
    hours: Decimal,
    worker: Worker | None = None,
    wage: Decimal | None = None,
    wage_basis: str = WageBasis.HOK,
    description: str = "",
) -> BatchLabour:
    """Work on the batch, at the worker's wage unless ``wage`` (with ``wage_basis``) is given."""
    batch = _lock(batch, *OPEN)
    if worker is not None and worker.plant_id != batch.line.plant_id:
        raise refuse("worker", _("This worker belongs to another plant."), ProcessingErrorCode.WORKER_PLANT)
    if int(people) < 1:
        raise refuse("people", _("At least one person."), ProcessingErrorCode.INVALID_QUANTITY)
    hours = _positive(hours, "hours")
    if wage is None:
        if worker is None:
            raise refuse("wage", _("Give the wage or choose a worker."), ProcessingErrorCode.INVALID_QUANTITY)
        wage, wage_basis = worker.wage, worker.wage_basis
    hok, amount = labour_amount(
        people=int(people), hours=hours, hours_per_hok=batch.line.plant.hours_per_hok, wage_basis=wage_basis, wage=wage
    )
    return BatchLabour.objects.create(
        batch=batch,
        worker=worker,
        description=description or (worker.name if worker else ""),
        people=people,
        hours=hours,
        hok=hok,
        wage_basis=wage_basis,
        wage=quantize_rupiah(wage),
        amount=amount,
    )


def _lot_value(quantity: Decimal, unit_cost: Decimal) -> Decimal:
    return quantize_rupiah(quantity * unit_cost)


def _take(lot: RawMaterialLot, quantity: Decimal) -> Decimal:
    """Take ``quantity`` from a locked lot; its cost is what the lot's value falls by, so a lot emptied
    over several batches gives up exactly the value its delivery posted."""
    cost = _lot_value(lot.remaining, lot.unit_cost) - _lot_value(lot.remaining - quantity, lot.unit_cost)
    RawMaterialLot.objects.filter(pk=lot.pk).update(remaining=F("remaining") - quantity)
    lot.remaining -= quantity
    return cost


def _consume(batch: Batch) -> list[Consumption]:
    """The batch's inputs taken from lots: a chosen lot, else the oldest lots of the material first
    (delivery date, then lot). Lots are locked in that order; another batch waits, then sees what is left."""
    taken: list[Consumption] = []
    for need in batch.inputs.select_related("material").order_by("id"):
        if need.lot_id is not None:
            lot = RawMaterialLot.objects.select_for_update().get(pk=need.lot_id)
            if lot.remaining < need.quantity:
                raise refuse(
                    "inputs",
                    _("Lot %(lot)s holds only %(left)s.") % {"lot": lot.pk, "left": lot.remaining},
                    ProcessingErrorCode.LOT_SHORT,
                )
            taken.append(
                Consumption(
                    cooperative_id=batch.cooperative_id,
                    batch=batch,
                    lot=lot,
                    quantity=need.quantity,
                    cost=_take(lot, need.quantity),
                )
            )
            continue
        left = need.quantity
        lots = (
            RawMaterialLot.objects.select_for_update(of=("self",))
            .filter(material_id=need.material_id, remaining__gt=0)
            .order_by("delivered_on", "id")
        )
        for lot in lots.iterator(chunk_size=100):
            quantity = min(left, lot.remaining)
            taken.append(
                Consumption(
                    cooperative_id=batch.cooperative_id,
                    batch=batch,
                    lot=lot,
                    quantity=quantity,
                    cost=_take(lot, quantity),
                )
            )
            left -= quantity
            if left == 0:
                break
        if left > 0:
            raise refuse(
                "inputs",
                _("Not enough %(material)s in stock: %(short)s short.")
                % {"material": need.material.name, "short": left},
                ProcessingErrorCode.STOCK_SHORT,
            )
    return Consumption.objects.bulk_create(taken)


@transaction.atomic
def finish_batch(*, actor, batch: Batch, on: datetime.date) -> Batch:
    """Take the lots, cost the outputs (materials + labour + other inputs + overhead, shared by the batch's
    allocation basis), post Dr Persediaan barang jadi / Cr Persediaan bahan baku, Cr the labour account,
    Cr each other input's account, Cr Overhead pabrik dibebankan, and make the finished-goods lots."""
    batch = _lock(batch, BatchStatus.STARTED)
    outputs = list(batch.outputs.order_by("-is_main", "id"))
    if not outputs:
        raise refuse("outputs", _("Record what the batch gave first."), ProcessingErrorCode.BATCH_OUTPUTS)
    plant = batch.line.plant
    consumed = _consume(batch)
    others = list(batch.other_inputs.all())
    labour = sum((row.amount for row in batch.labour.all()), Decimal(0))
    cost = costing.batch_cost(
        materials=sum((c.cost for c in consumed), Decimal(0)),
        labour=labour,
        other_inputs=sum((o.cost for o in others), Decimal(0)),
        overhead_rate=plant.overhead_rate,
    )
    shares = costing.allocate_joint_cost(
        cost.total,
        [costing.Output(o.quantity, o.price, o.is_main) for o in outputs],
        costing.AllocationBasis(batch.allocation),
    )
    for output, share in zip(outputs, shares, strict=True):
        output.cost = share
    BatchOutput.objects.bulk_update(outputs, ["cost"])
    FinishedGoodsLot.objects.bulk_create(
        FinishedGoodsLot(
            cooperative_id=batch.cooperative_id,
            output=o,
            product_id=o.product_id,
            produced_on=on,
            quantity=o.quantity,
            remaining=o.quantity,
            unit_cost=costing.unit_cost(o.cost, o.quantity),
            cost=o.cost,
            remaining_value=o.cost,
        )
        for o in outputs
    )
    batch.status, batch.finished_on, batch.overhead_rate = BatchStatus.FINISHED, on, plant.overhead_rate
    batch.materials_cost, batch.labour_cost = cost.materials, cost.labour
    batch.other_inputs_cost, batch.overhead_cost, batch.total_cost = cost.other_inputs, cost.overhead, cost.total
    if cost.total > 0:
        batch.journal_entry = post(
            date=on,
            source=batch,
            purpose=PURPOSE_FINISH,
            memo=_("Batch %(number)s, %(product)s") % {"number": batch.number, "product": batch.recipe.product.name},
            actor=actor,
            lines=_finishing_lines(batch, cost, others, plant),
        )
    batch.save()
    record_event("processing.batch_finished", actor=actor, obj=batch, after={"total_cost": str(cost.total)})
    return batch


def _finishing_lines(batch: Batch, cost: costing.BatchCost, others, plant) -> list[Line]:
    unit = plant.business_unit_id
    credits: dict[str, Decimal] = defaultdict(Decimal)
    credits["raw_material_inventory"] += cost.materials
    credits[plant.labour_account] += cost.labour
    for other in others:
        credits[other.credit_account] += other.cost
    credits["overhead_applied"] += cost.overhead
    return [
        Line("finished_goods_inventory", debit=cost.total, business_unit=unit),
        *(Line(account, credit=amount, business_unit=unit) for account, amount in credits.items() if amount > 0),
    ]


@transaction.atomic
def cancel_batch(*, actor, batch: Batch, reason: str) -> Batch:
    """A batch not finished is cancelled with a reason; nothing was taken or posted."""
    batch = _lock(batch, *OPEN)
    if not reason.strip():
        raise refuse("reason", _("Say why the batch is cancelled."), ProcessingErrorCode.BATCH_STATUS)
    batch.status, batch.note = BatchStatus.CANCELLED, reason.strip()[:255]
    batch.save(update_fields=["status", "note"])
    record_event("processing.batch_cancelled", actor=actor, obj=batch, after={"reason": batch.note})
    return batch
