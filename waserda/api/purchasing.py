"""Purchasing API: purchase orders, goods receipts, supplier bills and their payments."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from koperasi.core.api import BusinessDateField, IdempotencyKeyField
from koperasi.tenancy.api import TenantPrimaryKeyField
from waserda.api.common import (
    STAFF,
    TenantCreateViewSet,
    read_only_choice,
    require_manager,
    service_errors,
)
from waserda.models import (
    GoodsReceipt,
    OrderStatus,
    Product,
    PurchaseOrder,
    SettlementMethod,
    Supplier,
    SupplierBill,
)
from waserda.services import purchasing


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
    lines = ReceiptLineSerializer(many=True, write_only=True, allow_empty=False)
    settlement = serializers.ChoiceField(choices=SettlementMethod.choices, default=SettlementMethod.CREDIT)
    number = serializers.CharField(read_only=True)
    key = IdempotencyKeyField()

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
    date = BusinessDateField(required=False)
    reference = serializers.CharField(required=False, allow_blank=True, default="")
    settlement = serializers.ChoiceField(choices=SettlementMethod.choices, default=SettlementMethod.CREDIT)
    key = IdempotencyKeyField()


def _receipt_lines(lines) -> list[purchasing.ReceiptLineInput]:
    return [
        purchasing.ReceiptLineInput(line["product"].pk, line["quantity"], line.get("unit_cost"), line.get("order_line"))
        for line in lines
    ]


class PurchaseOrderViewSet(TenantCreateViewSet):
    """Purchase orders: draft → ordered → partially received → received (or cancelled)."""

    required_roles = STAFF
    serializer_class = PurchaseOrderSerializer
    filterset_fields = ["supplier", "status"]

    def get_queryset(self):
        return PurchaseOrder.objects.select_related("supplier").prefetch_related("lines").order_by("-order_date", "-id")

    def create_with(self, data):
        return purchasing.create_order(
            actor=self.request.user,
            supplier=data["supplier"],
            lines=[
                purchasing.OrderLineInput(line["product"].pk, line["quantity"], line["unit_cost"])
                for line in data["lines"]
            ],
            order_date=data.get("order_date"),
            expected_date=data.get("expected_date"),
            note=data.get("note", ""),
        )

    def _status(self, status_value):
        order = self.get_object()
        with service_errors():
            order = purchasing.set_order_status(actor=self.request.user, order=order, status=status_value)
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
            purchasing.ReceiptLineInput(line.product_id, line.open_quantity, line.unit_cost, line.pk)
            for line in order.lines.all()
            if line.open_quantity > 0
        ]
        with service_errors():
            receipt = purchasing.receive_goods(
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


class GoodsReceiptViewSet(TenantCreateViewSet):
    """Goods receipts (also without an order): stock in, Dr Persediaan / Cr Hutang usaha or Kas."""

    required_roles = STAFF
    serializer_class = GoodsReceiptSerializer
    filterset_fields = ["supplier", "order", "settlement"]

    def get_queryset(self):
        return GoodsReceipt.objects.select_related("supplier").prefetch_related("lines").order_by("-date", "-id")

    def create_with(self, data):
        return purchasing.receive_goods(
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
    date = BusinessDateField(required=False)
    reference = serializers.CharField(required=False, allow_blank=True, default="")
    key = IdempotencyKeyField()


class SupplierBillViewSet(TenantCreateViewSet):
    """Supplier invoices for receipts on credit, and their payments (Dr Hutang usaha / Cr Kas)."""

    required_roles = STAFF
    serializer_class = SupplierBillSerializer
    filterset_fields = ["supplier"]

    def get_queryset(self):
        return SupplierBill.objects.select_related("supplier").prefetch_related("receipts").order_by("-date", "-id")

    def create_with(self, data):
        return purchasing.create_bill(
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
            purchasing.pay_bill(actor=request.user, bill=bill, **payload.validated_data)
        bill.refresh_from_db()
        return Response(SupplierBillSerializer(bill).data, status=status.HTTP_201_CREATED)
