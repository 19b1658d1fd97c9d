"""REST API of the supply network (thin: serializers, then a service), under ``/api/v1/k/<slug>/supply/``.

A refused action answers 400 ``{"detail", "code", "errors"}`` with ``code`` from
``procurement.error_codes``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from koperasi.tenancy.api import TenantPrimaryKeyField, TenantViewSetMixin
from koperasi.tenancy.models import Role
from members.api_common import choice_field
from members.models import Member
from procurement import market_prices, selectors
from procurement.error_codes import ProcurementErrorCode
from procurement.models import (
    ChannelStage,
    Deduction,
    Delivery,
    MarketingChannel,
    ObservationCost,
    ObservationSource,
    PaymentLine,
    PaymentMethod,
    PaymentRun,
    PriceObservation,
    PriceRule,
    PriceStep,
    QualityParameter,
    RawMaterial,
    StageRole,
    Supplier,
    SupplierKind,
    SupplyPlan,
)
from procurement.services import deliveries, markets, network, payments
from procurement.services import plans as plan_services

READERS = (Role.MANAGER, Role.STAFF, Role.ASSESSOR)
KNOWN_CODES = frozenset(code.value for code in ProcurementErrorCode)


class CodedErrors:
    """A service's ``ValidationError`` answers 400 with its error code (one of ``known_codes``)."""

    known_codes: frozenset[str] = KNOWN_CODES

    def handle_exception(self, exc):
        code = getattr(exc, "code", None) if isinstance(exc, DjangoValidationError) else None
        response = super().handle_exception(exc)
        if code in self.known_codes and isinstance(getattr(response, "data", None), dict):
            response.data["code"] = code
        return response


class Base(CodedErrors, TenantViewSetMixin, viewsets.GenericViewSet):
    required_roles = READERS


# --- suppliers ---------------------------------------------------------------------------------------------


class RawMaterialSupplierSerializer(serializers.ModelSerializer):
    kind = choice_field(SupplierKind.choices)
    member = TenantPrimaryKeyField(model=Member, required=False, allow_null=True)
    via = TenantPrimaryKeyField(model=Supplier, required=False, allow_null=True)
    code = serializers.CharField(read_only=True)

    class Meta:
        model = Supplier
        fields = ["id", "code", *network.SUPPLIER_FIELDS]
        extra_kwargs = {"name": {"required": False}, "leader": {"read_only": True}}


class RawMaterialSupplierViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      mixins.UpdateModelMixin, Base):  # fmt: skip
    """Raw-material suppliers: members, non-member farmers, farmer groups, collectors, outside mills.
    ``?q=`` searches name, village and number."""

    serializer_class = RawMaterialSupplierSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.search_suppliers(self.request.query_params.get("q", ""))

    def perform_create(self, serializer):
        serializer.instance = network.save_supplier(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = network.save_supplier(
            actor=self.request.user, supplier=serializer.instance, **serializer.validated_data
        )


# --- raw materials --------------------------------------------------------------------------------------------


class QualityParameterSerializer(serializers.ModelSerializer):
    class Meta:
        model = QualityParameter
        fields = ["code", "name", "unit"]


class PriceStepSerializer(serializers.ModelSerializer):
    parameter = serializers.CharField(source="parameter.code")

    class Meta:
        model = PriceStep
        fields = ["parameter", "direction", "threshold", "step", "amount"]


class PriceRuleSerializer(serializers.ModelSerializer):
    steps = PriceStepSerializer(many=True)

    class Meta:
        model = PriceRule
        fields = ["id", "grade", "valid_from", "version", "base_price", "note", "steps"]


class RawMaterialSerializer(serializers.ModelSerializer):
    parameters = QualityParameterSerializer(many=True)
    rules = PriceRuleSerializer(many=True)

    class Meta:
        model = RawMaterial
        fields = [
            "id",
            "code",
            "name",
            "unit",
            "alternate_unit",
            "per_alternate_unit",
            "season_months",
            "is_active",
            "parameters",
            "rules",
        ]


class MonthOutlookSerializer(serializers.Serializer):
    month = serializers.DateField()
    in_season = serializers.BooleanField()
    expected = serializers.DecimalField(max_digits=18, decimal_places=3)
    actual = serializers.DecimalField(max_digits=18, decimal_places=3)
    capacity = serializers.DecimalField(max_digits=18, decimal_places=3, allow_null=True)
    room = serializers.DecimalField(max_digits=18, decimal_places=3, allow_null=True)


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)


class RawMaterialViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, Base):
    """Raw materials with their quality parameters, season months and every version of their price rules.
    ``…/outlook/?year=`` gives, per month, the expected supply, the accepted deliveries and the plants'
    capacity (null while no plant processes the material)."""

    serializer_class = RawMaterialSerializer

    def get_queryset(self):
        return RawMaterial.objects.prefetch_related("parameters", "rules__steps__parameter").order_by("name")

    @extend_schema(parameters=[YearSerializer], responses=MonthOutlookSerializer(many=True))
    @action(detail=True, methods=["get"])
    def outlook(self, request, *args, **kwargs):
        material = self.get_object()
        year = YearSerializer(data=request.query_params)
        year.is_valid(raise_exception=True)
        months = selectors.supply_outlook(material, year.validated_data.get("year") or timezone.localdate().year)
        return Response(MonthOutlookSerializer(months, many=True).data)


class SupplyPlanSerializer(serializers.ModelSerializer):
    material = TenantPrimaryKeyField(model=RawMaterial)
    supplier = TenantPrimaryKeyField(model=Supplier, required=False, allow_null=True)

    class Meta:
        model = SupplyPlan
        fields = ["id", "material", "supplier", "month", "expected_quantity", "basis"]
        read_only_fields = ["basis"]
        validators = []  # one plan per material, supplier and month: saving again changes it


class SupplyPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        mixins.DestroyModelMixin, Base):  # fmt: skip
    """Expected supply per material, supplier (null: the rest) and month (any day of it is taken as the
    month). Posting the same material, supplier and month again changes the quantity. Filter with
    ``?material=&year=``."""

    serializer_class = SupplyPlanSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        params, plans = self.request.query_params, SupplyPlan.objects.order_by("month", "supplier_id")
        if params.get("material", "").isdigit():
            plans = plans.filter(material_id=int(params["material"]))
        if params.get("year", "").isdigit():
            plans = plans.filter(month__year=int(params["year"]))
        return plans

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = plan_services.save_plan(
            actor=self.request.user, material=data["material"], month=data["month"],
            quantity=data["expected_quantity"], supplier=data.get("supplier"),
        )  # fmt: skip


# --- deliveries ---------------------------------------------------------------------------------------------------


class DeliverySerializer(serializers.ModelSerializer):
    supplier = TenantPrimaryKeyField(model=Supplier)
    farmer = TenantPrimaryKeyField(model=Supplier, required=False, allow_null=True)
    material = TenantPrimaryKeyField(model=RawMaterial)
    number = serializers.CharField(read_only=True)
    readings = serializers.DictField(child=serializers.DecimalField(max_digits=18, decimal_places=4), required=False)
    key = serializers.UUIDField(required=False)

    class Meta:
        model = Delivery
        fields = [
            "id", "number", "key", "supplier", "farmer", "material", "date", "collection_point", "quantity",
            "rejected_quantity", "grade", "readings", "price_rule", "price_rule_version", "unit_price", "value",
            "status", "reversal_reason", "payment_line",
        ]  # fmt: skip
        read_only_fields = [
            "price_rule", "price_rule_version", "unit_price", "value", "status", "reversal_reason", "payment_line"
        ]  # fmt: skip


class DeliveryReversalSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255)


class DeliveryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, Base):
    """Deliveries (setoran), priced by the rule in force on their day. Sending the same ``key`` again
    records the delivery once. A correction is ``POST …/<id>/reverse/`` with a reason."""

    serializer_class = DeliverySerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.search_deliveries(q=params.get("q", ""), start=params.get("from"), end=params.get("to"))

    def perform_create(self, serializer):
        serializer.instance = deliveries.record_delivery(actor=self.request.user, **serializer.validated_data)

    @extend_schema(request=DeliveryReversalSerializer, responses=DeliverySerializer)
    @action(detail=True, methods=["post"])
    def reverse(self, request, *args, **kwargs):
        delivery = self.get_object()  # another cooperative's delivery is not found, whatever the body says
        payload = DeliveryReversalSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        delivery = deliveries.reverse_delivery(
            actor=request.user, delivery=delivery, reason=payload.validated_data["reason"]
        )
        return Response(DeliverySerializer(delivery).data)


# --- payment runs -------------------------------------------------------------------------------------------------


class DeductionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deduction
        fields = ["kind", "position", "requested", "applied", "carried"]


class PaymentLineSerializer(serializers.ModelSerializer):
    deductions = DeductionSerializer(many=True, read_only=True)

    class Meta:
        model = PaymentLine
        fields = ["id", "supplier", "gross", "deducted", "carried", "net", "deductions"]


class PaymentRunSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    method = choice_field(PaymentMethod.choices, required=False)
    lines = PaymentLineSerializer(many=True, read_only=True)

    class Meta:
        model = PaymentRun
        fields = [
            "id", "number", "period_start", "period_end", "pay_date", "method", "status", "created_by",
            "approved_by", "approved_at", "paid_at", "lines",
        ]  # fmt: skip
        read_only_fields = ["status", "created_by", "approved_by", "approved_at", "paid_at"]


class PaymentRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, Base):
    """Payment runs: ``POST`` drafts one; ``…/approve/`` (another person than the maker) and ``…/pay/``
    move it on. Approving or paying twice changes nothing."""

    serializer_class = PaymentRunSerializer

    def get_queryset(self):
        return PaymentRun.objects.prefetch_related("lines__deductions").order_by("-period_end", "-pk")

    def perform_create(self, serializer):
        serializer.instance = payments.create_run(actor=self.request.user, **serializer.validated_data)

    def _step(self, service):
        run = service(actor=self.request.user, run=self.get_object())
        return Response(PaymentRunSerializer(self.get_queryset().get(pk=run.pk)).data)

    @extend_schema(request=None, responses=PaymentRunSerializer)
    @action(detail=True, methods=["post"], required_roles=(Role.MANAGER,))
    def approve(self, request, *args, **kwargs):
        return self._step(payments.approve_run)

    @extend_schema(request=None, responses=PaymentRunSerializer)
    @action(detail=True, methods=["post"], required_roles=(Role.MANAGER,))
    def pay(self, request, *args, **kwargs):
        return self._step(payments.pay_run)


# --- marketing channels and market prices -----------------------------------------------------------------------


class ChannelStageSerializer(serializers.ModelSerializer):
    role = choice_field(StageRole.choices)

    class Meta:
        model = ChannelStage
        fields = ["id", "position", "name", "role"]
        read_only_fields = ["position"]


class MarketingChannelSerializer(serializers.ModelSerializer):
    stages = ChannelStageSerializer(many=True)

    class Meta:
        model = MarketingChannel
        fields = ["id", "name", "commodity", "unit", "description", "is_active", "stages"]
        read_only_fields = ["is_active"]


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)


class MarketingChannelViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, Base):
    """Marketing channels of a commodity as ordered stages (the producer first). ``…/margins-payload/?start=&end=``
    gives the prices observed in that period as the input of the margins calculator
    (``POST /api/v1/calculators/margins/``); several chains are averaged there into the mean chain."""

    serializer_class = MarketingChannelSerializer

    def get_queryset(self):
        return MarketingChannel.objects.prefetch_related("stages").order_by("commodity", "name")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        stages = [(stage["name"], stage["role"]) for stage in data.pop("stages")]
        serializer.instance = markets.create_channel(actor=self.request.user, stages=stages, **data)

    @extend_schema(parameters=[PeriodSerializer], responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"], url_path="margins-payload")
    def margins_payload(self, request, *args, **kwargs):
        channel = self.get_object()
        period = PeriodSerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        return Response(market_prices.margins_payload(channel, **period.validated_data))


class ObservationCostSerializer(serializers.ModelSerializer):
    class Meta:
        model = ObservationCost
        fields = ["name", "amount"]


class PriceObservationSerializer(serializers.ModelSerializer):
    stage = TenantPrimaryKeyField(model=ChannelStage)
    source = choice_field(ObservationSource.choices, required=False)
    costs = ObservationCostSerializer(many=True, required=False)

    class Meta:
        model = PriceObservation
        fields = [
            "id", "channel", "stage", "period_start", "period_end", "chain", "trader", "buy_price", "sell_price",
            "costs", "source", "source_note",
        ]  # fmt: skip
        read_only_fields = ["channel"]
        validators = []  # the service refuses a second observation of a stage, period and chain, with its code


class PriceObservationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                              mixins.UpdateModelMixin, mixins.DestroyModelMixin, Base):  # fmt: skip
    """Prices and per-unit costs observed at one stage of a channel in a period (survey, invoice). Filter
    with ``?channel=&start=&end=``. A correction replaces the figures; the channel follows the stage."""

    serializer_class = PriceObservationSerializer
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        params = self.request.query_params
        found = PriceObservation.objects.select_related("stage").prefetch_related("costs")
        if params.get("channel", "").isdigit():
            found = found.filter(channel_id=int(params["channel"]))
        period = PeriodSerializer(data=params)
        period.is_valid(raise_exception=True)
        if start := period.validated_data.get("start"):
            found = found.filter(period_start__gte=start)
        if end := period.validated_data.get("end"):
            found = found.filter(period_end__lte=end)
        return found.order_by("-period_start", "channel_id", "chain", "stage__position")

    def _save(self, serializer, observation=None):
        data = dict(serializer.validated_data)
        if observation is not None:
            kept = {name: getattr(observation, name) for name in markets.OBSERVATION_FIELDS}
            kept["costs"] = [{"name": cost.name, "amount": cost.amount} for cost in observation.costs.all()]
            data = {**kept, **data}  # PATCH: what the body leaves out stays
        costs = [(cost["name"], cost["amount"]) for cost in data.pop("costs", [])]
        serializer.instance = markets.save_observation(
            actor=self.request.user, observation=observation, costs=costs, **data
        )

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance):
        markets.delete_observation(actor=self.request.user, observation=instance)


TENANT_ROUTES = [
    ("supply/suppliers", RawMaterialSupplierViewSet, "supply-supplier"),
    ("supply/raw-materials", RawMaterialViewSet, "supply-raw-material"),
    ("supply/deliveries", DeliveryViewSet, "supply-delivery"),
    ("supply/payment-runs", PaymentRunViewSet, "supply-payment-run"),
    ("supply/supply-plans", SupplyPlanViewSet, "supply-plan"),
    ("supply/channels", MarketingChannelViewSet, "supply-channel"),
    ("supply/price-observations", PriceObservationViewSet, "supply-price-observation"),
]
