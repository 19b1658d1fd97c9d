"""Reads of the processing app: traceability both ways, plant capacity per raw material, line figures
per month, and the Hayami payload of a product over a period."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from processing.models import (
    Batch,
    BatchLabour,
    BatchOutput,
    BatchStatus,
    Consumption,
    FinishedGoodsLot,
    Invoice,
    Product,
    ProductionLine,
    RecipeInput,
    SalesOrder,
    Shipment,
    ShipmentLine,
)

ZERO = Decimal(0)


# --- traceability ---------------------------------------------------------------------------------------


def trace_back(lot: FinishedGoodsLot) -> QuerySet[Consumption]:
    """Every raw-material lot behind a finished-goods lot: what its batch took from each, with the delivery,
    the supplier who brought it and the original farmer (one query)."""
    return (
        Consumption.objects.filter(batch_id=lot.output.batch_id)
        .select_related("lot__delivery__supplier", "lot__delivery__farmer", "lot__material", "batch")
        .order_by("lot__delivery__date", "lot_id", "id")
    )


def trace_forward(delivery) -> QuerySet[FinishedGoodsLot]:
    """Every finished-goods lot a delivery's raw material went into (through the batches that took from
    its lot; one query)."""
    return (
        FinishedGoodsLot.objects.filter(output__batch__consumptions__lot__delivery=delivery)
        .select_related("product", "output__batch")
        .distinct()
        .order_by("produced_on", "id")
    )


def delivery_consumptions(delivery) -> QuerySet[Consumption]:
    """What each batch took from a delivery's lot."""
    return Consumption.objects.filter(lot__delivery=delivery).select_related("batch").order_by("id")


# --- capacity for the supply plan (registered with procurement.capacity) ------------------------------


def raw_material_capacity(material, months: Sequence[datetime.date]) -> dict[datetime.date, Decimal]:
    """What the active lines can take of ``material`` a month: each line's capacity (in its product's
    unit) × the material's standard quantity per unit of main output in the product's current recipe;
    nothing when no line's recipe takes it."""
    per_month, takes = ZERO, False
    for line in ProductionLine.objects.filter(is_active=True, plant__is_active=True).select_related("product"):
        need = _standard_need(line.product, material)
        if need:
            per_month, takes = per_month + line.capacity_per_month * need, True
    if not takes:
        return {}  # no line takes the material: the plan shows no capacity
    return dict.fromkeys(months, per_month.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))


def _standard_need(product: Product, material) -> Decimal:
    recipe = product.recipes.filter(is_active=True).order_by("-version").first()
    if recipe is None:
        return ZERO
    main = recipe.outputs.filter(is_main=True).first()
    used = recipe.inputs.filter(material=material).aggregate(q=Sum("quantity"))["q"]
    if not main or not main.quantity or not used:
        return ZERO
    return used / main.quantity


# --- line figures -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineMonth:
    line: ProductionLine
    output: Decimal
    capacity: Decimal
    utilisation: Decimal | None  # % of capacity
    principal_input: Decimal
    yield_actual: Decimal | None  # output ÷ principal raw material
    yield_standard: Decimal | None
    cost: Decimal
    cost_per_unit: Decimal | None
    hok: Decimal
    hours: Decimal
    per_hok: Decimal | None  # output per HOK
    per_hour: Decimal | None  # output per hour worked (seed 003's litres per hour)
    batches: int


def _ratio(numerator: Decimal, denominator: Decimal, places: str = "0.01") -> Decimal | None:
    return (numerator / denominator).quantize(Decimal(places), rounding=ROUND_HALF_UP) if denominator else None


def line_month(line: ProductionLine, month: datetime.date) -> LineMonth:
    """A line's month: output vs capacity, yield vs standard, cost per unit, labour productivity."""
    start = month.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    batches = Batch.objects.filter(line=line, status=BatchStatus.FINISHED, finished_on__gte=start, finished_on__lt=end)
    output = BatchOutput.objects.filter(batch__in=batches, is_main=True).aggregate(q=Sum("quantity"))["q"] or ZERO
    principal = _principal_consumed(batches)
    work = BatchLabour.objects.filter(batch__in=batches).values("people", "hours", "hok")
    hok = sum((row["hok"] for row in work), ZERO)
    hours = sum((row["people"] * row["hours"] for row in work), ZERO)
    cost = BatchOutput.objects.filter(batch__in=batches, is_main=True).aggregate(c=Sum("cost"))["c"] or ZERO
    recipe = line.product.recipes.filter(is_active=True).order_by("-version").first()
    standard = _standard_yield(recipe) if recipe else None
    return LineMonth(
        line=line,
        output=output,
        capacity=line.capacity_per_month,
        utilisation=_ratio(output * 100, line.capacity_per_month),
        principal_input=principal,
        yield_actual=_ratio(output, principal, "0.0001"),
        yield_standard=standard,
        cost=cost,
        cost_per_unit=_ratio(cost, output),
        hok=hok,
        hours=hours,
        per_hok=_ratio(output, hok),
        per_hour=_ratio(output, hours),
        batches=batches.count(),
    )


def _principal_consumed(batches) -> Decimal:
    """Raw material of the batches' recipes' principal inputs, as taken from the lots."""
    principal = RecipeInput.objects.filter(recipe__batches__in=batches, is_principal=True).values("material_id")
    consumed = Consumption.objects.filter(batch__in=batches, lot__material_id__in=principal)
    return consumed.aggregate(q=Sum("quantity"))["q"] or ZERO


def _standard_yield(recipe) -> Decimal | None:
    main = recipe.outputs.filter(is_main=True).first()
    principal = recipe.inputs.filter(is_principal=True).first()
    if not main or not principal:
        return None
    return _ratio(main.quantity, principal.quantity, "0.0001")


def batch_yield(batch: Batch) -> tuple[Decimal | None, Decimal | None]:
    """``(actual, standard)`` yield of a batch: main output ÷ principal raw material (taken, or planned
    before it finished), against its recipe's."""
    main = batch.outputs.filter(is_main=True).first()
    principal = RecipeInput.objects.filter(recipe=batch.recipe_id, is_principal=True).first()
    if principal is None:
        return None, None
    taken = batch.consumptions.filter(lot__material_id=principal.material_id).aggregate(q=Sum("quantity"))["q"]
    if taken is None:
        taken = batch.inputs.filter(material_id=principal.material_id).aggregate(q=Sum("quantity"))["q"]
    actual = _ratio(main.quantity, taken, "0.0001") if main and taken else None
    return actual, _standard_yield(batch.recipe)


# --- Hayami ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HayamiInputs:
    payload: dict
    batches: int
    output_price_source: str  # "sales" or "list_price"
    notes: list[str]


def hayami_payload(product: Product, start: datetime.date, end: datetime.date) -> HayamiInputs:
    """The methods library's ``hayami`` payload for ``product`` over the batches finished from ``start`` to
    ``end`` (inclusive) whose main output it is (seed 004's table, per production cycle summed):

    (1) output = Σ main output; (2) raw material = Σ principal raw material taken from lots; (3) labour =
    Σ HOK; (6) output price = the average price realised on the period's invoices, or the list price when
    nothing was invoiced (``output_price_source`` says which);
    (7) wage per HOK = Σ wages ÷ Σ HOK; (8) raw-material price = Σ cost ÷ Σ quantity of the principal raw
    material taken; other inputs = Σ other inputs' costs + the other raw materials' cost (the payload's
    ``other_inputs_total``); by-products at their realised (else list) prices."""
    batches = Batch.objects.filter(
        status=BatchStatus.FINISHED,
        finished_on__gte=start,
        finished_on__lte=end,
        outputs__is_main=True,
        outputs__product=product,
    )
    batch_ids = list(batches.values_list("pk", flat=True))
    outputs = BatchOutput.objects.filter(batch_id__in=batch_ids)
    output_qty = outputs.filter(is_main=True).aggregate(q=Sum("quantity"))["q"] or ZERO
    principal = RecipeInput.objects.filter(recipe__batches__in=batch_ids, is_principal=True).values("material_id")
    consumed = Consumption.objects.filter(batch_id__in=batch_ids)
    main_raw = consumed.filter(lot__material_id__in=principal).aggregate(q=Sum("quantity"), c=Sum("cost"))
    other_raw = consumed.exclude(lot__material_id__in=principal).aggregate(c=Sum("cost"))["c"] or ZERO
    labour = BatchLabour.objects.filter(batch_id__in=batch_ids).aggregate(h=Sum("hok"), a=Sum("amount"))
    others = Batch.objects.filter(pk__in=batch_ids).aggregate(c=Sum("other_inputs_cost"))["c"] or ZERO
    raw_qty, raw_cost = main_raw["q"] or ZERO, main_raw["c"] or ZERO
    hok, wages = labour["h"] or ZERO, labour["a"] or ZERO
    by_products = list(
        outputs.filter(is_main=False)
        .values("product_id", "product__name", "product__list_price")
        .annotate(q=Sum("quantity"))
        .order_by("product__name")
    )
    realised = realised_prices([product.pk, *(row["product_id"] for row in by_products)], start, end)
    payload = {
        "output_qty": str(output_qty),
        "raw_material_qty": str(raw_qty),
        "labour_hok": str(hok),
        "output_price": f"{realised.get(product.pk, product.list_price):f}",
        "wage_per_hok": f"{wages / hok:f}" if hok else "0",
        "raw_material_price": f"{raw_cost / raw_qty:f}" if raw_qty else "0",
        "other_inputs_total": str(others + other_raw),
        "by_products": [
            {"name": row["product__name"], "qty": str(row["q"]),
             "price": f"{realised.get(row['product_id'], row['product__list_price']):f}"}
            for row in by_products
        ],
    }  # fmt: skip
    if product.pk in realised:
        source, notes = "sales", [_("The output price is the average price realised on invoices in the period.")]
    else:
        source, notes = "list_price", [_("Nothing was invoiced in the period: the output price is the list price.")]
    return HayamiInputs(payload, len(batch_ids), source, notes)


def realised_prices(product_ids: Sequence[int], start: datetime.date, end: datetime.date) -> dict[int, Decimal]:
    """Average price realised per unit (excl. PPN) of each product invoiced from ``start`` to ``end``:
    Σ quantity × order price ÷ Σ quantity over the invoiced delivery-note lines; products not invoiced
    are absent."""
    amount = ExpressionWrapper(F("quantity") * F("order_line__unit_price"), output_field=DecimalField())
    rows = (
        ShipmentLine.objects.filter(
            order_line__product_id__in=product_ids,
            shipment__invoice__issued_on__gte=start,
            shipment__invoice__issued_on__lte=end,
        )
        .values("order_line__product_id")
        .annotate(q=Sum("quantity"), a=Sum(amount))
    )
    return {row["order_line__product_id"]: row["a"] / row["q"] for row in rows if row["q"]}


def finished_goods_stock(product: Product | None = None) -> QuerySet[FinishedGoodsLot]:
    lots = FinishedGoodsLot.objects.filter(remaining__gt=0).select_related("product", "output__batch")
    return lots.filter(product=product) if product else lots


def batches(status: str = "", line: ProductionLine | None = None, q: str = "") -> QuerySet[Batch]:
    found = Batch.objects.select_related("line__plant", "recipe__product")
    if status:
        found = found.filter(status=status)
    if line is not None:
        found = found.filter(line=line)
    text = (q or "").strip().upper().removeprefix("PB-")
    if text:
        condition = Q(recipe__product__name__icontains=text) | Q(line__name__icontains=text)
        if text.isdigit():
            condition |= Q(pk=int(text))
        found = found.filter(condition)
    return found


# --- sales ---------------------------------------------------------------------------------------------------


def orders(status: str = "", q: str = "") -> QuerySet[SalesOrder]:
    """Sales orders, newest first; ``q`` finds a customer by name or an order by number (SO-…)."""
    found = SalesOrder.objects.select_related("customer")
    if status:
        found = found.filter(status=status)
    text = (q or "").strip().upper().removeprefix("SO-")
    if text:
        condition = Q(customer__name__icontains=text)
        if text.isdigit():
            condition |= Q(pk=int(text))
        found = found.filter(condition)
    return found


def invoices(outstanding_only: bool = False) -> QuerySet[Invoice]:
    """Invoices, newest first, with their customer; ``outstanding_only``: those not yet paid in full."""
    found = Invoice.objects.select_related("shipment__order__customer")
    return found.filter(paid__lt=F("total")) if outstanding_only else found


def shipments_of(lots) -> QuerySet[ShipmentLine]:
    """The delivery-note lines that took from ``lots`` (trace forward from a lot to its buyers)."""
    return (
        ShipmentLine.objects.filter(lot__in=lots)
        .select_related("shipment__order__customer", "lot__product")
        .order_by("shipment__shipped_on", "id")
    )


def shipment_trace(shipment: Shipment) -> QuerySet[Consumption]:
    """Every raw-material lot, delivery and farmer behind the lots a delivery note took from."""
    batch_ids = ShipmentLine.objects.filter(shipment=shipment).values("lot__output__batch_id")
    return (
        Consumption.objects.filter(batch_id__in=batch_ids)
        .select_related("lot__delivery__supplier", "lot__delivery__farmer", "lot__material", "batch")
        .order_by("lot__delivery__date", "lot_id", "id")
    )


def patronage_sales(start: datetime.date, end: datetime.date) -> dict[int, Decimal]:
    """Each member's patronage purchases of processed products invoiced from ``start`` to ``end``: the
    invoices' subtotals (excl. PPN) of the orders marked as patronage, by member id."""
    rows = (
        Invoice.objects.filter(
            shipment__order__is_patronage=True, issued_on__gte=start, issued_on__lte=end,
            shipment__order__customer__member__isnull=False,
        )
        .values("shipment__order__customer__member_id")
        .annotate(total=Sum("subtotal"))
    )  # fmt: skip
    return {row["shipment__order__customer__member_id"]: row["total"] for row in rows}
