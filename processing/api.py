"""REST API of the processing plants (thin: serializers, then a service or a selector), under
``/api/v1/k/<slug>/processing/``.

A refused action answers 400 ``{"detail", "code", "errors"}`` with ``code`` from
``processing.error_codes``. Finished-goods lots are traced back to the farmers at ``lots/<id>/trace/``;
``lots/?delivery=<id>`` lists the lots a delivery went into.
"""

from __future__ import annotations

import datetime

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from koperasi.tenancy.api import TenantPrimaryKeyField, TenantViewSetMixin
from koperasi.tenancy.models import Role
from members.api_common import choice_field
from processing import selectors
from processing.error_codes import ProcessingErrorCode
from processing.models import (
    Allocation,
    Batch,
    BatchInput,
    BatchLabour,
    BatchOtherInput,
    BatchOutput,
    Consumption,
    CreditAccount,
    FinishedGoodsLot,
    InputKind,
    LabourAccount,
    Plant,
    Product,
    ProductionLine,
    Recipe,
    RecipeInput,
    RecipeOtherInput,
    RecipeOutput,
    WageBasis,
    Worker,
    WorkerKind,
)
from processing.services import batches, plants, recipes
from procurement.api import CodedErrors
from procurement.models import Delivery, RawMaterial, RawMaterialLot

READERS = (Role.MANAGER, Role.STAFF, Role.ASSESSOR)


class Base(CodedErrors, TenantViewSetMixin, viewsets.GenericViewSet):
    required_roles = READERS
    known_codes = frozenset(code.value for code in ProcessingErrorCode)


class Editable(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
               Base):  # fmt: skip
    """List, read, create and change through ``plants.save``, which checks the row and records the event."""

    def perform_create(self, serializer):
        serializer.instance = plants.save(actor=self.request.user, instance=self.get_serializer_class().Meta.model(),
                                          **serializer.validated_data)  # fmt: skip

    def perform_update(self, serializer):
        serializer.instance = plants.save(actor=self.request.user, instance=serializer.instance,
                                          **serializer.validated_data)  # fmt: skip


# --- plants, lines, workers, products -------------------------------------------------------------------------


class PlantSerializer(serializers.ModelSerializer):
    labour_account = choice_field(LabourAccount.choices, required=False)

    class Meta:
        model = Plant
        fields = ["id", "name", "location", "business_unit", "overhead_rate", "hours_per_hok", "labour_account",
                  "is_active"]  # fmt: skip


class PlantViewSet(Editable):
    serializer_class = PlantSerializer
    queryset = Plant.objects.order_by("name")


class ProcessedProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = ["id", "code", "name", "unit", "list_price", "is_active"]


class HayamiPayloadSerializer(serializers.Serializer):
    payload = serializers.DictField()
    batches = serializers.IntegerField()
    output_price_source = serializers.CharField()
    notes = serializers.ListField(child=serializers.CharField())


def _day(text: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text) if text else default
    except ValueError as error:
        raise serializers.ValidationError({"date": ["Use YYYY-MM-DD."]}) from error


PERIOD = [OpenApiParameter("from", OpenApiTypes.DATE), OpenApiParameter("to", OpenApiTypes.DATE)]


class ProductViewSet(Editable):
    """Products the plants make; ``…/hayami-payload/?from=&to=`` is the Hayami method's input for the
    batches finished in the period (POST it to ``/api/v1/calculators/hayami/``)."""

    serializer_class = ProcessedProductSerializer
    queryset = Product.objects.order_by("name")

    @extend_schema(parameters=PERIOD, responses=HayamiPayloadSerializer)
    @action(detail=True, methods=["get"], url_path="hayami-payload")
    def hayami_payload(self, request, *args, **kwargs):
        today = datetime.date.today()
        start = _day(request.query_params.get("from"), today.replace(day=1))
        end = _day(request.query_params.get("to"), today)
        found = selectors.hayami_payload(self.get_object(), start, end)
        return Response(HayamiPayloadSerializer(found.__dict__).data)


class ProductionLineSerializer(serializers.ModelSerializer):
    plant = TenantPrimaryKeyField(model=Plant)
    product = TenantPrimaryKeyField(model=Product)

    class Meta:
        model = ProductionLine
        fields = ["id", "plant", "name", "product", "capacity_per_month", "working_days", "is_active"]


class LineMonthFiguresSerializer(serializers.Serializer):
    output = serializers.DecimalField(max_digits=18, decimal_places=3)
    capacity = serializers.DecimalField(max_digits=18, decimal_places=3)
    utilisation = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    principal_input = serializers.DecimalField(max_digits=18, decimal_places=3)
    yield_actual = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    yield_standard = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    cost = serializers.DecimalField(max_digits=18, decimal_places=2)
    cost_per_unit = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    hok = serializers.DecimalField(max_digits=18, decimal_places=3)
    hours = serializers.DecimalField(max_digits=18, decimal_places=3)
    per_hok = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    per_hour = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    batches = serializers.IntegerField()


class LineViewSet(Editable):
    """Production lines; ``…/month/?month=YYYY-MM`` gives output vs capacity, yield vs standard, cost per
    unit and labour productivity."""

    serializer_class = ProductionLineSerializer
    queryset = ProductionLine.objects.select_related("plant", "product").order_by("plant__name", "name")

    @extend_schema(parameters=[OpenApiParameter("month", OpenApiTypes.STR)], responses=LineMonthFiguresSerializer)
    @action(detail=True, methods=["get"])
    def month(self, request, *args, **kwargs):
        text = request.query_params.get("month") or datetime.date.today().strftime("%Y-%m")
        month = _day(f"{text}-01", datetime.date.today())
        return Response(LineMonthFiguresSerializer(selectors.line_month(self.get_object(), month)).data)


class PlantWorkerSerializer(serializers.ModelSerializer):
    plant = TenantPrimaryKeyField(model=Plant)
    kind = choice_field(WorkerKind.choices, required=False)
    wage_basis = choice_field(WageBasis.choices, required=False)

    class Meta:
        model = Worker
        fields = ["id", "plant", "name", "kind", "member", "wage_basis", "wage", "is_active"]


class WorkerViewSet(Editable):
    serializer_class = PlantWorkerSerializer
    queryset = Worker.objects.select_related("plant").order_by("plant__name", "name")


# --- recipes -----------------------------------------------------------------------------------------------


class RecipeInputSerializer(serializers.ModelSerializer):
    material = TenantPrimaryKeyField(model=RawMaterial)

    class Meta:
        model = RecipeInput
        fields = ["material", "quantity", "is_principal"]


class RecipeOtherInputSerializer(serializers.ModelSerializer):
    kind = choice_field(InputKind.choices, required=False)

    class Meta:
        model = RecipeOtherInput
        fields = ["name", "kind", "quantity", "unit", "standard_cost"]


class RecipeOutputSerializer(serializers.ModelSerializer):
    product = TenantPrimaryKeyField(model=Product)

    class Meta:
        model = RecipeOutput
        fields = ["product", "quantity", "is_main"]


class RecipeSerializer(serializers.ModelSerializer):
    product = TenantPrimaryKeyField(model=Product)
    inputs = RecipeInputSerializer(many=True)
    other_inputs = RecipeOtherInputSerializer(many=True, required=False)
    outputs = RecipeOutputSerializer(many=True)

    class Meta:
        model = Recipe
        fields = ["id", "product", "version", "standard_labour_hok", "note", "is_active", "inputs", "other_inputs",
                  "outputs"]  # fmt: skip
        read_only_fields = ["version", "is_active"]


class RecipeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, Base):
    """Recipes: ``POST`` makes the product's next version (batches keep the version they used)."""

    serializer_class = RecipeSerializer
    queryset = Recipe.objects.prefetch_related("inputs", "other_inputs", "outputs").order_by("product", "-version")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = recipes.create_recipe(
            actor=self.request.user,
            product=data["product"],
            standard_labour_hok=data.get("standard_labour_hok", 0),
            note=data.get("note", ""),
            inputs=[recipes.MaterialLine(**row) for row in data["inputs"]],
            other_inputs=[
                recipes.OtherLine(cost=row.pop("standard_cost", 0), **row) for row in data.get("other_inputs", [])
            ],
            outputs=[recipes.OutputLine(**row) for row in data["outputs"]],
        )


# --- batches ------------------------------------------------------------------------------------------------


class BatchInputSerializer(serializers.ModelSerializer):
    material = TenantPrimaryKeyField(model=RawMaterial)
    lot = TenantPrimaryKeyField(model=RawMaterialLot, required=False, allow_null=True)

    class Meta:
        model = BatchInput
        fields = ["material", "quantity", "lot"]


class ConsumptionSerializer(serializers.ModelSerializer):
    delivery = serializers.IntegerField(source="lot.delivery_id", read_only=True)

    class Meta:
        model = Consumption
        fields = ["lot", "delivery", "quantity", "cost"]


class BatchLabourSerializer(serializers.ModelSerializer):
    worker = TenantPrimaryKeyField(model=Worker, required=False, allow_null=True)
    wage_basis = choice_field(WageBasis.choices, required=False)
    wage = serializers.DecimalField(max_digits=18, decimal_places=2, required=False)

    class Meta:
        model = BatchLabour
        fields = ["id", "worker", "description", "people", "hours", "hok", "wage_basis", "wage", "amount"]
        read_only_fields = ["hok", "amount"]


class BatchOtherInputSerializer(serializers.ModelSerializer):
    kind = choice_field(InputKind.choices, required=False)
    credit_account = choice_field(CreditAccount.choices, required=False)

    class Meta:
        model = BatchOtherInput
        fields = ["name", "kind", "quantity", "unit", "cost", "credit_account"]


class BatchOutputSerializer(serializers.ModelSerializer):
    product = TenantPrimaryKeyField(model=Product)
    price = serializers.DecimalField(max_digits=18, decimal_places=2, required=False, allow_null=True)
    lot = serializers.IntegerField(source="lot.pk", read_only=True, default=None)

    class Meta:
        model = BatchOutput
        fields = ["product", "quantity", "grade", "is_main", "price", "cost", "lot"]
        read_only_fields = ["cost"]


class BatchSerializer(serializers.ModelSerializer):
    line = TenantPrimaryKeyField(model=ProductionLine)
    recipe = TenantPrimaryKeyField(model=Recipe, required=False)
    number = serializers.CharField(read_only=True)
    allocation = choice_field(Allocation.choices, required=False)
    scale = serializers.DecimalField(max_digits=12, decimal_places=3, required=False, write_only=True)
    inputs = BatchInputSerializer(many=True, read_only=True)
    consumptions = ConsumptionSerializer(many=True, read_only=True)
    labour = BatchLabourSerializer(many=True, read_only=True)
    other_inputs = BatchOtherInputSerializer(many=True, read_only=True)
    outputs = BatchOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Batch
        fields = [
            "id", "number", "line", "recipe", "status", "planned_on", "started_on", "finished_on", "allocation",
            "scale", "note", "overhead_rate", "materials_cost", "labour_cost", "other_inputs_cost", "overhead_cost",
            "total_cost", "journal_entry", "inputs", "consumptions", "labour", "other_inputs", "outputs",
        ]  # fmt: skip
        read_only_fields = [
            "status", "started_on", "finished_on", "overhead_rate", "materials_cost", "labour_cost",
            "other_inputs_cost", "overhead_cost", "total_cost", "journal_entry",
        ]  # fmt: skip


class BatchDaySerializer(serializers.Serializer):
    date = serializers.DateField(required=False)


class BatchCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255)


class BatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, Base):
    """Production batches. ``POST`` plans one (the recipe's standard inputs × ``scale``); ``…/inputs/``,
    ``…/other-inputs/`` and ``…/outputs/`` (PUT) replace those lists, ``…/labour/`` (POST) adds work;
    ``…/start/``, ``…/finish/`` (takes the lots, costs the outputs, posts) and ``…/cancel/`` move it on."""

    serializer_class = BatchSerializer

    def get_queryset(self):
        params = self.request.query_params
        found = selectors.batches(status=params.get("status", ""), q=params.get("q", ""))
        return found.prefetch_related("inputs", "consumptions__lot", "labour", "other_inputs", "outputs__lot")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = batches.plan_batch(actor=self.request.user, **data)

    def _answer(self, batch):
        return Response(BatchSerializer(self.get_queryset().get(pk=batch.pk)).data)

    def _list(self, request, serializer_class, service, line_type):
        batch = self.get_object()
        rows = serializer_class(data=request.data, many=True)
        rows.is_valid(raise_exception=True)
        service(batch=batch, lines=[line_type(**row) for row in rows.validated_data])
        return self._answer(batch)

    @extend_schema(request=BatchInputSerializer(many=True), responses=BatchSerializer)
    @action(detail=True, methods=["put"])
    def inputs(self, request, *args, **kwargs):
        return self._list(request, BatchInputSerializer, batches.set_inputs, batches.InputLine)

    @extend_schema(request=BatchOtherInputSerializer(many=True), responses=BatchSerializer)
    @action(detail=True, methods=["put"], url_path="other-inputs")
    def other_inputs(self, request, *args, **kwargs):
        return self._list(request, BatchOtherInputSerializer, batches.set_other_inputs, batches.OtherInputLine)

    @extend_schema(request=BatchOutputSerializer(many=True), responses=BatchSerializer)
    @action(detail=True, methods=["put"])
    def outputs(self, request, *args, **kwargs):
        return self._list(request, BatchOutputSerializer, batches.set_outputs, batches.OutputLine)

    @extend_schema(request=BatchLabourSerializer, responses=BatchSerializer)
    @action(detail=True, methods=["post"])
    def labour(self, request, *args, **kwargs):
        batch = self.get_object()
        work = BatchLabourSerializer(data=request.data)
        work.is_valid(raise_exception=True)
        batches.add_labour(batch=batch, **work.validated_data)
        return self._answer(batch)

    def _day(self, request) -> datetime.date:
        day = BatchDaySerializer(data=request.data)
        day.is_valid(raise_exception=True)
        return day.validated_data.get("date") or datetime.date.today()

    @extend_schema(request=BatchDaySerializer, responses=BatchSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, *args, **kwargs):
        return self._answer(batches.start_batch(actor=request.user, batch=self.get_object(), on=self._day(request)))

    @extend_schema(request=BatchDaySerializer, responses=BatchSerializer)
    @action(detail=True, methods=["post"])
    def finish(self, request, *args, **kwargs):
        return self._answer(batches.finish_batch(actor=request.user, batch=self.get_object(), on=self._day(request)))

    @extend_schema(request=BatchCancelSerializer, responses=BatchSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        batch = self.get_object()  # another cooperative's batch is not found, whatever the body says
        payload = BatchCancelSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        batch = batches.cancel_batch(
            actor=request.user, batch=self.get_object(), reason=payload.validated_data["reason"]
        )
        return self._answer(batch)


# --- finished-goods lots and traceability ------------------------------------------------------------------------


class FinishedGoodsLotSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)
    batch = serializers.IntegerField(source="output.batch_id", read_only=True)

    class Meta:
        model = FinishedGoodsLot
        fields = ["id", "code", "product", "batch", "produced_on", "quantity", "remaining", "unit_cost", "cost",
                  "remaining_value"]  # fmt: skip


class LotTraceRowSerializer(serializers.Serializer):
    batch = serializers.CharField(source="batch.number")
    raw_material_lot = serializers.IntegerField(source="lot_id")
    material = serializers.CharField(source="lot.material.name")
    quantity = serializers.DecimalField(max_digits=18, decimal_places=3)
    delivery = serializers.CharField(source="lot.delivery.number")
    delivered_on = serializers.DateField(source="lot.delivery.date")
    supplier = serializers.CharField(source="lot.delivery.supplier.name")
    farmer = serializers.CharField(source="lot.delivery.farmer.name", default=None)


class LotShipmentSerializer(serializers.Serializer):
    shipment = serializers.CharField(source="shipment.number")
    shipped_on = serializers.DateField(source="shipment.shipped_on")
    customer = serializers.CharField(source="shipment.order.customer.name")
    quantity = serializers.DecimalField(max_digits=18, decimal_places=3)


class LotViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, Base):
    """Finished-goods lots (``?delivery=<id>``: the lots a delivery's raw material went into); ``…/trace/``
    lists every raw-material lot, delivery, supplier and farmer behind a lot, ``…/shipments/`` the
    delivery notes that took from it."""

    serializer_class = FinishedGoodsLotSerializer

    def get_queryset(self):
        delivery = self.request.query_params.get("delivery")
        if delivery and delivery.isdigit():
            return selectors.trace_forward(get_object_or_404(Delivery, pk=int(delivery)))
        return FinishedGoodsLot.objects.select_related("output").order_by("-produced_on", "-id")

    @extend_schema(responses=LotTraceRowSerializer(many=True))
    @action(detail=True, methods=["get"])
    def trace(self, request, *args, **kwargs):
        return Response(LotTraceRowSerializer(selectors.trace_back(self.get_object()), many=True).data)

    @extend_schema(responses=LotShipmentSerializer(many=True))
    @action(detail=True, methods=["get"])
    def shipments(self, request, *args, **kwargs):
        return Response(LotShipmentSerializer(selectors.shipments_of([self.get_object()]), many=True).data)


TENANT_ROUTES = [
    ("processing/plants", PlantViewSet, "processing-plant"),
    ("processing/lines", LineViewSet, "processing-line"),
    ("processing/workers", WorkerViewSet, "processing-worker"),
    ("processing/products", ProductViewSet, "processing-product"),
    ("processing/recipes", RecipeViewSet, "processing-recipe"),
    ("processing/batches", BatchViewSet, "processing-batch"),
    ("processing/lots", LotViewSet, "processing-lot"),
]
