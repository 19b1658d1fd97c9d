"""REST API of the waserda (thin: serializers, then a service), under ``/api/v1/k/<slug>/waserda/``.

Errors that clients act on answer ``{"detail", "code", "errors"}`` with ``code`` from
``waserda.error_codes`` (409 for stock and state conflicts, 400 otherwise).
"""

from __future__ import annotations

import contextlib
import datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from koperasi.ledger.error_codes import LedgerError
from koperasi.tenancy.api import TenantModelViewSet, TenantViewSetMixin
from koperasi.tenancy.models import Role
from members.models import Member
from waserda import replenishment, reports, selectors, services, sessions
from waserda.error_codes import WaserdaError, WaserdaErrorCode
from waserda.models import (
    CashSession,
    Category,
    CountStatus,
    CreditPayment,
    GoodsReceipt,
    MemberCard,
    OrderStatus,
    PaymentMethod,
    PriceChange,
    Product,
    PurchaseOrder,
    Sale,
    SessionStatus,
    SettlementMethod,
    StockCount,
    StockMovement,
    Supplier,
    SupplierBill,
)
from waserda.sales import LineInput, ReturnLineInput, SaleInput

STAFF = (Role.MANAGER, Role.STAFF)
CONFLICTS = {
    WaserdaErrorCode.INSUFFICIENT_STOCK,
    WaserdaErrorCode.SESSION_ALREADY_OPEN,
    WaserdaErrorCode.SESSION_CLOSED,
    WaserdaErrorCode.COUNT_POSTED,
    WaserdaErrorCode.ORDER_NOT_OPEN,
    WaserdaErrorCode.RECEIPT_ALREADY_BILLED,
}


class WaserdaProblem(exceptions.APIException):
    status_code = 400

    def __init__(self, detail: str, code: str, status_code: int = 400):
        super().__init__(detail=detail, code=code)
        self.status_code = status_code


@contextlib.contextmanager
def service_errors():
    """Service errors as API answers with their machine-readable code."""
    try:
        yield
    except WaserdaError as error:
        code = 409 if error.error_code in CONFLICTS else 400
        raise WaserdaProblem(error.text, error.error_code.value, code) from error
    except LedgerError as error:
        raise WaserdaProblem(error.message, error.code.value) from error


def read_only_choice(choices) -> serializers.CharField:
    """A read-only choice shown inline in the schema (no shared enum component to collide over)."""

    @extend_schema_field({"type": "string", "enum": [value for value, _label in choices]})
    class ChoiceText(serializers.CharField):
        pass

    return ChoiceText(read_only=True)


def require_manager(request) -> None:
    if Role.MANAGER not in request.cooperative_roles:
        raise exceptions.PermissionDenied(_("Only a manager may do this."))


@extend_schema_field(OpenApiTypes.INT)
class TenantPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A primary key of the current cooperative's rows (the queryset is resolved per request)."""

    def __init__(self, model=None, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.all()


# --- catalog ---------------------------------------------------------------------------------------


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name"]
        validators = []


class CategoryViewSet(TenantModelViewSet):
    required_roles = STAFF
    serializer_class = CategorySerializer
    search_fields = ["name"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return Category.objects.order_by("name")

    def perform_create(self, serializer):
        serializer.instance = services.create_category(name=serializer.validated_data["name"])


class ProductSerializer(serializers.ModelSerializer):
    category = TenantPrimaryKeyField(model=Category, required=False, allow_null=True)
    supplier = TenantPrimaryKeyField(model=Supplier, required=False, allow_null=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "sku",
            "barcode",
            "name",
            "category",
            "unit",
            "sell_price",
            "member_price",
            "reorder_point",
            "safety_stock",
            "lead_time_days",
            "supplier",
            "is_active",
            "qty_on_hand",
            "stock_value",
            "avg_cost",
        ]
        read_only_fields = ["qty_on_hand", "stock_value", "avg_cost"]
        validators = []


class PriceChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = PriceChange
        fields = ["id", "sell_price", "member_price", "changed_at", "changed_by"]


class StockMovementSerializer(serializers.ModelSerializer):
    class Meta:
        model = StockMovement
        fields = [
            "id",
            "product",
            "kind",
            "quantity",
            "value",
            "quantity_after",
            "value_after",
            "occurred_at",
            "recorded_at",
            "source_type",
            "source_id",
            "reference",
        ]


class ProductViewSet(TenantModelViewSet):
    """Products with their stock on hand and moving-average value (read-only stock fields)."""

    required_roles = STAFF
    serializer_class = ProductSerializer
    filterset_fields = ["category", "supplier", "is_active", "unit"]
    search_fields = ["sku", "barcode", "name"]
    ordering_fields = ["name", "sku", "qty_on_hand", "stock_value"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return Product.objects.order_by("name")

    def perform_create(self, serializer):
        with service_errors():
            serializer.instance = services.create_product(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        with service_errors():
            serializer.instance = services.update_product(
                actor=self.request.user, product=serializer.instance, **serializer.validated_data
            )

    @extend_schema(parameters=[OpenApiParameter("code", str, description="Barcode or SKU")])
    @action(detail=False, methods=["get"])
    def lookup(self, request, *args, **kwargs):
        """The POS lookup: the active product with this barcode or SKU (one query)."""
        product = selectors.product_by_code(request.query_params.get("code", ""))
        if product is None:
            raise WaserdaProblem(_("No product with this code."), WaserdaErrorCode.PRODUCT_UNKNOWN, 404)
        return Response(ProductSerializer(product).data)

    @extend_schema(responses=StockMovementSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="stock-card")
    def stock_card(self, request, *args, **kwargs):
        """The product's stock card: every movement with the running quantity and value."""
        product = self.get_object()
        page = self.paginate_queryset(selectors.stock_card(product))
        return self.get_paginated_response(StockMovementSerializer(page, many=True).data)

    @extend_schema(responses=PriceChangeSerializer(many=True))
    @action(detail=True, methods=["get"])
    def prices(self, request, *args, **kwargs):
        product = self.get_object()
        return Response(PriceChangeSerializer(product.prices.order_by("-changed_at", "-id"), many=True).data)


class StockMovementViewSet(TenantViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """All stock movements (filter by product or kind)."""

    required_roles = STAFF
    serializer_class = StockMovementSerializer
    filterset_fields = ["product", "kind", "source_type"]

    def get_queryset(self):
        return StockMovement.objects.order_by("-id")


class SupplierSerializer(serializers.ModelSerializer):
    member = TenantPrimaryKeyField(model=Member, required=False, allow_null=True)

    class Meta:
        model = Supplier
        fields = ["id", "name", "member", "phone", "address", "lead_time_days", "is_active"]
        validators = []


class SupplierViewSet(TenantModelViewSet):
    required_roles = STAFF
    serializer_class = SupplierSerializer
    search_fields = ["name"]
    filterset_fields = ["is_active"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return Supplier.objects.order_by("name")

    def perform_create(self, serializer):
        with service_errors():
            serializer.instance = services.save_supplier(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        with service_errors():
            serializer.instance = services.save_supplier(
                actor=self.request.user, supplier=serializer.instance, **serializer.validated_data
            )


class MemberCardSerializer(serializers.ModelSerializer):
    member = TenantPrimaryKeyField(model=Member)
    credit_outstanding = serializers.SerializerMethodField()

    class Meta:
        model = MemberCard
        fields = ["id", "member", "card_code", "credit_limit", "credit_outstanding"]
        validators = []

    def get_credit_outstanding(self, card) -> str:
        return str(selectors.member_credit_outstanding(card.member)) if self.context.get("detail") else ""


class MemberCardViewSet(TenantModelViewSet):
    """Members' shop cards (code scanned at the till) and credit limits."""

    required_roles = STAFF
    serializer_class = MemberCardSerializer
    search_fields = ["card_code", "member__name"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return MemberCard.objects.select_related("member").order_by("card_code")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "detail": self.action == "retrieve"}

    def perform_create(self, serializer):
        data = serializer.validated_data
        with service_errors():
            serializer.instance = services.save_member_card(
                member=data["member"], card_code=data["card_code"], credit_limit=data.get("credit_limit")
            )

    def perform_update(self, serializer):
        self.perform_create(serializer)


# --- purchasing ------------------------------------------------------------------------------------


class OrderLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    product = TenantPrimaryKeyField(model=Product)
    quantity = serializers.DecimalField(max_digits=18, decimal_places=3)
    unit_cost = serializers.DecimalField(max_digits=18, decimal_places=2)
    received_quantity = serializers.DecimalField(max_digits=18, decimal_places=3, read_only=True)


class PurchaseOrderSerializer(serializers.ModelSerializer):
    supplier = TenantPrimaryKeyField(model=Supplier)
    lines = OrderLineSerializer(many=True)
    number = serializers.CharField(read_only=True)
    status = read_only_choice(OrderStatus.choices)

    class Meta:
        model = PurchaseOrder
        fields = ["id", "number", "supplier", "status", "order_date", "expected_date", "note", "lines", "created_at"]
        read_only_fields = ["status", "created_at"]


class ReceiptLineSerializer(serializers.Serializer):
    product = TenantPrimaryKeyField(model=Product)
    quantity = serializers.DecimalField(max_digits=18, decimal_places=3)
    unit_cost = serializers.DecimalField(max_digits=18, decimal_places=2, required=False, allow_null=True)
    order_line = serializers.IntegerField(required=False, allow_null=True)
    amount = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True)


class GoodsReceiptSerializer(serializers.ModelSerializer):
    supplier = TenantPrimaryKeyField(model=Supplier)
    order = TenantPrimaryKeyField(model=PurchaseOrder, required=False, allow_null=True)
    lines = ReceiptLineSerializer(many=True, write_only=True)
    number = serializers.CharField(read_only=True)
    key = serializers.UUIDField(required=False, help_text="Idempotency key: the same key receives once.")

    class Meta:
        model = GoodsReceipt
        fields = [
            "id",
            "number",
            "supplier",
            "order",
            "date",
            "reference",
            "settlement",
            "total",
            "bill",
            "key",
            "lines",
            "created_at",
        ]
        read_only_fields = ["total", "bill", "created_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["lines"] = [
            {
                "product": line.product_id,
                "quantity": str(line.quantity),
                "unit_cost": str(line.unit_cost),
                "order_line": line.order_line_id,
                "amount": str(line.amount),
            }
            for line in instance.lines.all()
        ]
        return data


class ReceiveSerializer(serializers.Serializer):
    lines = ReceiptLineSerializer(many=True, required=False)
    date = serializers.DateField(required=False)
    reference = serializers.CharField(required=False, allow_blank=True, default="")
    settlement = serializers.ChoiceField(choices=SettlementMethod.choices, default=SettlementMethod.CREDIT)
    key = serializers.UUIDField(required=False)


def _receipt_lines(lines) -> list[services.ReceiptLineInput]:
    return [
        services.ReceiptLineInput(line["product"].pk, line["quantity"], line.get("unit_cost"), line.get("order_line"))
        for line in lines
    ]


class PurchaseOrderViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Purchase orders: draft → ordered → partially received → received (or cancelled)."""

    required_roles = STAFF
    serializer_class = PurchaseOrderSerializer
    filterset_fields = ["supplier", "status"]

    def get_queryset(self):
        return PurchaseOrder.objects.select_related("supplier").prefetch_related("lines").order_by("-order_date", "-id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        with service_errors():
            serializer.instance = services.create_order(
                actor=self.request.user,
                supplier=data["supplier"],
                lines=[
                    services.OrderLineInput(line["product"].pk, line["quantity"], line["unit_cost"])
                    for line in data["lines"]
                ],
                order_date=data.get("order_date"),
                expected_date=data.get("expected_date"),
                note=data.get("note", ""),
            )

    def _status(self, status_value):
        order = self.get_object()
        with service_errors():
            order = services.set_order_status(actor=self.request.user, order=order, status=status_value)
        return Response(PurchaseOrderSerializer(order).data)

    @extend_schema(request=None, responses=PurchaseOrderSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request, *args, **kwargs):
        return self._status("ordered")

    @extend_schema(request=None, responses=PurchaseOrderSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        return self._status("cancelled")

    @extend_schema(request=ReceiveSerializer, responses={201: GoodsReceiptSerializer})
    @action(detail=True, methods=["post"])
    def receive(self, request, *args, **kwargs):
        """Receive goods against the order; without ``lines``, everything still open."""
        order = self.get_object()
        payload = ReceiveSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        lines = _receipt_lines(data.get("lines") or []) or [
            services.ReceiptLineInput(line.product_id, line.open_quantity, line.unit_cost, line.pk)
            for line in order.lines.all()
            if line.open_quantity > 0
        ]
        with service_errors():
            receipt = services.receive_goods(
                actor=request.user,
                supplier=order.supplier,
                order=order,
                lines=lines,
                date=data.get("date"),
                settlement=data["settlement"],
                reference=data["reference"],
                key=data.get("key"),
            )
        return Response(GoodsReceiptSerializer(receipt).data, status=status.HTTP_201_CREATED)


class GoodsReceiptViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Goods receipts (also without an order): stock in, Dr Persediaan / Cr Hutang usaha or Kas."""

    required_roles = STAFF
    serializer_class = GoodsReceiptSerializer
    filterset_fields = ["supplier", "order", "settlement"]

    def get_queryset(self):
        return GoodsReceipt.objects.select_related("supplier").prefetch_related("lines").order_by("-date", "-id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        with service_errors():
            serializer.instance = services.receive_goods(
                actor=self.request.user,
                supplier=data["supplier"],
                order=data.get("order"),
                lines=_receipt_lines(data["lines"]),
                date=data.get("date"),
                settlement=data["settlement"],
                reference=data.get("reference", ""),
                key=data.get("key"),
            )


class SupplierBillSerializer(serializers.ModelSerializer):
    supplier = TenantPrimaryKeyField(model=Supplier)
    receipts = TenantPrimaryKeyField(model=GoodsReceipt, many=True)
    outstanding = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True)

    class Meta:
        model = SupplierBill
        fields = ["id", "supplier", "number", "date", "due_date", "amount", "paid_amount", "outstanding", "receipts"]
        read_only_fields = ["amount", "paid_amount"]
        validators = []


class PaySerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    method = serializers.ChoiceField(choices=[("cash", "cash"), ("bank", "bank")], default="cash")
    date = serializers.DateField(required=False)
    reference = serializers.CharField(required=False, allow_blank=True, default="")
    key = serializers.UUIDField(required=False)


class SupplierBillViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Supplier invoices for receipts on credit, and their payments (Dr Hutang usaha / Cr Kas)."""

    required_roles = STAFF
    serializer_class = SupplierBillSerializer
    filterset_fields = ["supplier"]

    def get_queryset(self):
        return SupplierBill.objects.select_related("supplier").prefetch_related("receipts").order_by("-date", "-id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        with service_errors():
            serializer.instance = services.create_bill(
                actor=self.request.user,
                supplier=data["supplier"],
                number=data["number"],
                receipts=data["receipts"],
                date=data.get("date"),
                due_date=data.get("due_date"),
            )

    @extend_schema(request=PaySerializer, responses={201: SupplierBillSerializer})
    @action(detail=True, methods=["post"])
    def pay(self, request, *args, **kwargs):
        bill = self.get_object()
        require_manager(request)
        payload = PaySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        with service_errors():
            services.pay_bill(actor=request.user, bill=bill, **payload.validated_data)
        bill.refresh_from_db()
        return Response(SupplierBillSerializer(bill).data, status=status.HTTP_201_CREATED)


# --- stock counts --------------------------------------------------------------------------------------


class CountLineSerializer(serializers.Serializer):
    product = TenantPrimaryKeyField(model=Product)
    counted_quantity = serializers.DecimalField(max_digits=18, decimal_places=3, min_value=0)
    expected_quantity = serializers.DecimalField(max_digits=18, decimal_places=3, read_only=True)
    difference_quantity = serializers.DecimalField(max_digits=18, decimal_places=3, read_only=True)
    difference_value = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True)


class StockCountSerializer(serializers.ModelSerializer):
    lines = CountLineSerializer(many=True, read_only=True)
    number = serializers.CharField(source="__str__", read_only=True)
    status = read_only_choice(CountStatus.choices)

    class Meta:
        model = StockCount
        fields = ["id", "number", "date", "status", "note", "posted_at", "lines"]
        read_only_fields = ["status", "posted_at"]


class CountedSerializer(serializers.Serializer):
    lines = CountLineSerializer(many=True)


class StockCountViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Stock counts (stock opname): enter counted quantities, then post the adjustment (manager)."""

    required_roles = STAFF
    serializer_class = StockCountSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        return StockCount.objects.prefetch_related("lines").order_by("-date", "-id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.start_count(
            actor=self.request.user, date=data.get("date"), note=data.get("note", "")
        )

    @extend_schema(request=CountedSerializer, responses=StockCountSerializer)
    @action(detail=True, methods=["post"])
    def counted(self, request, *args, **kwargs):
        count = self.get_object()
        payload = CountedSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        with service_errors():
            services.set_counted(
                count=count,
                counts={line["product"].pk: line["counted_quantity"] for line in payload.validated_data["lines"]},
            )
        return Response(StockCountSerializer(StockCount.objects.get(pk=count.pk)).data)

    @extend_schema(request=None, responses=StockCountSerializer)
    @action(detail=True, methods=["post"])
    def post(self, request, *args, **kwargs):
        count = self.get_object()
        require_manager(request)
        with service_errors():
            services.post_count(actor=request.user, count=count)
        return Response(StockCountSerializer(StockCount.objects.get(pk=count.pk)).data)


# --- POS: sales, sync, returns, sessions ------------------------------------------------------------------


class SaleLineInputSerializer(serializers.Serializer):
    product = serializers.IntegerField()
    quantity = serializers.DecimalField(max_digits=18, decimal_places=3)
    unit_price = serializers.DecimalField(
        max_digits=18,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text="Offline sales only: the price the till charged.",
    )


class SaleInputSerializer(serializers.Serializer):
    client_uuid = serializers.UUIDField(required=False, help_text="Made by the till; the same UUID records once.")
    session = serializers.IntegerField(required=False, allow_null=True)
    member = serializers.IntegerField(required=False, allow_null=True)
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices)
    payment_reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=80)
    tendered = serializers.DecimalField(max_digits=18, decimal_places=2, required=False, allow_null=True)
    sold_at = serializers.DateTimeField(required=False, allow_null=True, help_text="When the till made the sale.")
    offline = serializers.BooleanField(default=False, help_text="Made while the server was unreachable.")
    lines = SaleLineInputSerializer(many=True, allow_empty=False)

    def to_input(self) -> SaleInput:
        data = self.validated_data
        return SaleInput(
            lines=[LineInput(line["product"], line["quantity"], line.get("unit_price")) for line in data["lines"]],
            payment_method=data["payment_method"],
            member_id=data.get("member"),
            payment_reference=data.get("payment_reference", ""),
            tendered=data.get("tendered"),
            session_id=data.get("session"),
            client_uuid=data.get("client_uuid"),
            sold_at=data.get("sold_at"),
            offline=data.get("offline", False),
        )


class SaleLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    product = serializers.IntegerField(source="product_id")
    quantity = serializers.DecimalField(max_digits=18, decimal_places=3)
    unit_price = serializers.DecimalField(max_digits=18, decimal_places=2)
    member_price_applied = serializers.BooleanField()
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    cost = serializers.DecimalField(max_digits=18, decimal_places=2)
    returned_quantity = serializers.DecimalField(max_digits=18, decimal_places=3)


class SaleSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    lines = SaleLineSerializer(many=True, read_only=True)

    class Meta:
        model = Sale
        fields = [
            "id",
            "number",
            "client_uuid",
            "session",
            "cashier",
            "member",
            "sold_at",
            "recorded_at",
            "offline",
            "payment_method",
            "payment_reference",
            "total",
            "cost_total",
            "tendered",
            "change",
            "returned_total",
            "needs_reconciliation",
            "reconciliation_note",
            "lines",
        ]
        read_only_fields = fields


class SyncSerializer(serializers.Serializer):
    sales = SaleInputSerializer(many=True, allow_empty=False, max_length=200)


SYNC_RESULT = inline_serializer(
    "SaleSyncResult",
    fields={
        "created": serializers.IntegerField(),
        "results": serializers.ListField(child=serializers.DictField()),
    },
)


class ReturnLineSerializer(serializers.Serializer):
    sale_line = serializers.IntegerField()
    quantity = serializers.DecimalField(max_digits=18, decimal_places=3)


class ReturnSerializer(serializers.Serializer):
    lines = ReturnLineSerializer(many=True, allow_empty=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    key = serializers.UUIDField(required=False)


class ReconcileSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)


class SaleViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """POS sales. ``POST`` records one online sale (refused when stock is short); ``POST sync/``
    records a till's batch in order, idempotently by ``client_uuid`` (offline sales always recorded)."""

    required_roles = STAFF
    serializer_class = SaleSerializer
    filterset_fields = {
        "session": ["exact"],
        "member": ["exact"],
        "cashier": ["exact"],
        "payment_method": ["exact"],
        "needs_reconciliation": ["exact"],
        "offline": ["exact"],
        "sold_at": ["gte", "lte"],
    }

    def get_queryset(self):
        return Sale.objects.prefetch_related("lines").order_by("-sold_at", "-id")

    @extend_schema(request=SaleInputSerializer, responses={201: SaleSerializer, 200: SaleSerializer})
    def create(self, request, *args, **kwargs):
        payload = SaleInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.to_input()
        data.offline = False
        with service_errors():
            sale, created = services.record_sale(cashier=request.user, data=data)
        sale = Sale.objects.prefetch_related("lines").get(pk=sale.pk)
        return Response(SaleSerializer(sale).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=SyncSerializer, responses=SYNC_RESULT)
    @action(detail=False, methods=["post"])
    def sync(self, request, *args, **kwargs):
        """A till's queued sales, in the order made. Answers one result per sale, the same on every replay."""
        payload = SyncSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        sales = [SaleInputSerializer(data=item) for item in request.data["sales"]]
        for item in sales:
            item.is_valid(raise_exception=True)
        with service_errors():
            results = services.sync_sales(cashier=request.user, sales=[item.to_input() for item in sales])
        return Response({"created": sum(1 for r in results if r.created), "results": [r.as_dict() for r in results]})

    @extend_schema(request=ReturnSerializer, responses={201: SaleSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_goods(self, request, *args, **kwargs):
        sale = self.get_object()
        payload = ReturnSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        with service_errors():
            services.record_return(
                actor=request.user,
                sale=sale,
                reason=data["reason"],
                key=data.get("key"),
                lines=[ReturnLineInput(line["sale_line"], line["quantity"]) for line in data["lines"]],
            )
        return Response(SaleSerializer(self.get_queryset().get(pk=sale.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReconcileSerializer, responses=SaleSerializer)
    @action(detail=True, methods=["post"])
    def reconcile(self, request, *args, **kwargs):
        sale = self.get_object()
        require_manager(request)
        payload = ReconcileSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        sale = services.mark_reconciled(actor=request.user, sale=sale, note=payload.validated_data["note"])
        return Response(SaleSerializer(self.get_queryset().get(pk=sale.pk)).data)


class CashSessionSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="__str__", read_only=True)
    status = read_only_choice(SessionStatus.choices)

    class Meta:
        model = CashSession
        fields = [
            "id",
            "number",
            "cashier",
            "status",
            "opened_at",
            "opening_float",
            "closed_at",
            "counted_cash",
            "expected_cash",
            "difference",
            "summary",
            "note",
        ]
        read_only_fields = [
            "cashier",
            "status",
            "opened_at",
            "closed_at",
            "counted_cash",
            "expected_cash",
            "difference",
            "summary",
        ]


class CloseSerializer(serializers.Serializer):
    counted_cash = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=0)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)


class CashSessionViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Cash sessions: ``POST`` opens the caller's session with a float; ``close`` counts the cash."""

    required_roles = STAFF
    serializer_class = CashSessionSerializer
    filterset_fields = ["status", "cashier"]

    def get_queryset(self):
        return CashSession.objects.order_by("-opened_at", "-id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        with service_errors():
            serializer.instance = sessions.open_session(
                cashier=self.request.user, opening_float=data.get("opening_float", 0), note=data.get("note", "")
            )

    @extend_schema(request=CloseSerializer, responses=CashSessionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        session = self.get_object()
        if session.cashier_id != request.user.pk:
            require_manager(request)
        payload = CloseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        with service_errors():
            session = sessions.close_session(actor=request.user, session=session, **payload.validated_data)
        return Response(CashSessionSerializer(session).data)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"], url_path="z-report")
    def z_report(self, request, *args, **kwargs):
        """The Z-report figures: frozen at closing, live while the session is open."""
        session = self.get_object()
        return Response(session.summary if not session.is_open else sessions.session_figures(session))


class CreditPaymentSerializer(serializers.ModelSerializer):
    member = TenantPrimaryKeyField(model=Member)
    key = serializers.UUIDField(required=False)

    class Meta:
        model = CreditPayment
        fields = ["id", "member", "date", "amount", "method", "key", "session", "created_at"]
        read_only_fields = ["session", "created_at"]
        validators = []


class CreditPaymentViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Members paying back shop credit (Dr Kas / Cr Piutang usaha)."""

    required_roles = STAFF
    serializer_class = CreditPaymentSerializer
    filterset_fields = ["member", "method"]

    def get_queryset(self):
        return CreditPayment.objects.order_by("-date", "-id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        with service_errors():
            serializer.instance = services.receive_credit_payment(
                actor=self.request.user,
                member=data["member"],
                amount=data["amount"],
                method=data["method"],
                date=data.get("date"),
                key=data.get("key"),
            )


class PosViewSet(TenantViewSetMixin, viewsets.ViewSet):
    """What the till needs: the catalog and members to cache for offline selling, and lookups."""

    required_roles = STAFF

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def list(self, request, *args, **kwargs):
        session = selectors.open_session_of(request.user)
        return Response(
            {
                "generated_at": timezone.now(),
                "session": session.pk if session else None,
                "products": list(selectors.pos_catalog()),
                "members": list(selectors.pos_members()),
            }
        )

    @extend_schema(
        parameters=[OpenApiParameter("code", str, description="Member number or card code")],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=False, methods=["get"])
    def member(self, request, *args, **kwargs):
        member = selectors.member_by_code(request.query_params.get("code", ""))
        if member is None:
            raise WaserdaProblem(_("No member with this number or card."), WaserdaErrorCode.MEMBER_UNKNOWN, 404)
        return Response(
            {
                "id": member.pk,
                "member_no": member.member_no,
                "name": member.name,
                "status": member.status,
                "member_price": member.is_active_member,
            }
        )


# --- reports and replenishment ---------------------------------------------------------------------------------


PERIOD = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day (default: 30 days ago)"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (default: today)"),
    OpenApiParameter("export", str, description="xlsx for a spreadsheet (default: JSON)"),
]


def report_period(params) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    try:
        end = datetime.date.fromisoformat(params.get("to")) if params.get("to") else today
        start = datetime.date.fromisoformat(params.get("from")) if params.get("from") else end - datetime.timedelta(29)
    except ValueError as error:
        raise exceptions.ValidationError({"from": [_("Dates are YYYY-MM-DD.")]}) from error
    return min(start, end), max(start, end)


class ReportViewSet(TenantViewSetMixin, viewsets.ViewSet):
    """Waserda reports as JSON (or ``?export=xlsx``): the list names them, ``<slug>/`` runs one."""

    required_roles = STAFF

    @extend_schema(responses=OpenApiTypes.OBJECT, operation_id="waserda_reports_list")
    def list(self, request, *args, **kwargs):
        return Response([{"slug": r.slug, "title": str(r.title)} for r in reports.REPORTS.values()])

    @extend_schema(parameters=PERIOD, responses=OpenApiTypes.OBJECT, operation_id="waserda_reports_run")
    @action(detail=False, methods=["get"], url_path=r"(?P<report>[a-z-]+)")
    def run(self, request, *args, report: str = "", **kwargs):
        if report not in reports.REPORTS:
            raise exceptions.NotFound()
        start, end = report_period(request.query_params)
        definition, rows, totals = reports.run(report, start, end)
        if request.query_params.get("export") == "xlsx":
            content = reports.to_xlsx(definition, rows, totals, start, end, request.cooperative.name)
            response = HttpResponse(
                content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
            response["Content-Disposition"] = f'attachment; filename="waserda-{report}-{start}-{end}.xlsx"'
            return response
        return Response(
            {
                "report": report,
                "title": str(definition.title),
                "from": start,
                "to": end,
                "columns": [c.key for c in definition.columns],
                "rows": [_plain(row) for row in rows],
                "totals": _plain(totals),
            }
        )


def _plain(row: dict) -> dict:
    """Decimals as strings (exact, like every money field of the API), dates as ISO text."""
    plain = {}
    for key, value in row.items():
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        plain[key] = value
    return plain


class ReplenishmentViewSet(TenantViewSetMixin, viewsets.ViewSet):
    """What to reorder (GET) and draft purchase orders per supplier from a selection (POST ``orders/``)."""

    required_roles = STAFF

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def list(self, request, *args, **kwargs):
        return Response(
            [
                {
                    "product": row.product.pk,
                    "sku": row.product.sku,
                    "name": row.product.name,
                    "supplier": row.product.supplier_id,
                    "daily_demand": str(row.daily_demand),
                    "reorder_point": str(row.reorder_point),
                    "order_up_to": str(row.order_up_to),
                    "on_hand": str(row.on_hand),
                    "on_order": str(row.on_order),
                    "suggested": str(row.suggested),
                }
                for row in replenishment.suggestions()
            ]
        )

    @extend_schema(
        request=inline_serializer(
            "ReplenishmentOrder", fields={"products": serializers.ListField(child=serializers.IntegerField())}
        ),
        responses={201: PurchaseOrderSerializer(many=True)},
    )
    @action(detail=False, methods=["post"])
    def orders(self, request, *args, **kwargs):
        ids = request.data.get("products") if isinstance(request.data, dict) else None
        if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
            raise exceptions.ValidationError({"products": [_("A list of product ids.")]})
        with service_errors():
            orders, _left_out = replenishment.create_draft_orders(actor=request.user, product_ids=ids)
        return Response(PurchaseOrderSerializer(orders, many=True).data, status=status.HTTP_201_CREATED)


TENANT_ROUTES = [
    ("waserda/categories", CategoryViewSet, "waserda-category"),
    ("waserda/products", ProductViewSet, "waserda-product"),
    ("waserda/stock-movements", StockMovementViewSet, "waserda-stock-movement"),
    ("waserda/suppliers", SupplierViewSet, "waserda-supplier"),
    ("waserda/member-cards", MemberCardViewSet, "waserda-member-card"),
    ("waserda/purchase-orders", PurchaseOrderViewSet, "waserda-purchase-order"),
    ("waserda/receipts", GoodsReceiptViewSet, "waserda-receipt"),
    ("waserda/bills", SupplierBillViewSet, "waserda-bill"),
    ("waserda/stock-counts", StockCountViewSet, "waserda-stock-count"),
    ("waserda/sales", SaleViewSet, "waserda-sale"),
    ("waserda/sessions", CashSessionViewSet, "waserda-session"),
    ("waserda/credit-payments", CreditPaymentViewSet, "waserda-credit-payment"),
    ("waserda/pos", PosViewSet, "waserda-pos"),
    ("waserda/reports", ReportViewSet, "waserda-report"),
    ("waserda/replenishment", ReplenishmentViewSet, "waserda-replenishment"),
]
