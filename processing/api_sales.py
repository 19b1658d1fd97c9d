"""REST API of product sales, under ``/api/v1/k/<slug>/processing/``: customers, orders (``…/ship/``,
``…/cancel/``), delivery notes (``…/invoice/``, ``…/trace/`` back to the farmers) and invoices
(``…/payments/``; ``?outstanding=1`` lists what customers still owe)."""

from __future__ import annotations

import datetime

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from koperasi.tenancy.api import TenantPrimaryKeyField
from members.api_common import choice_field
from members.models import Member
from processing import selectors
from processing.api import Base, Editable, LotTraceRowSerializer
from processing.models import (
    Customer,
    CustomerKind,
    FinishedGoodsLot,
    Invoice,
    InvoicePayment,
    PaymentAccount,
    Product,
    SalesOrder,
    SalesOrderLine,
    Shipment,
    ShipmentLine,
)
from processing.services import sales


class CustomerSerializer(serializers.ModelSerializer):
    kind = choice_field(CustomerKind.choices, required=False)
    member = TenantPrimaryKeyField(model=Member, required=False, allow_null=True)

    class Meta:
        model = Customer
        fields = ["id", "name", "kind", "member", "tax_number", "address", "phone", "payment_days", "is_active"]


class CustomerViewSet(Editable):
    serializer_class = CustomerSerializer
    queryset = Customer.objects.order_by("name")


class SalesOrderLineSerializer(serializers.ModelSerializer):
    product = TenantPrimaryKeyField(model=Product)

    class Meta:
        model = SalesOrderLine
        fields = ["id", "product", "quantity", "unit_price", "shipped"]
        read_only_fields = ["shipped"]


class SalesOrderSerializer(serializers.ModelSerializer):
    customer = TenantPrimaryKeyField(model=Customer)
    number = serializers.CharField(read_only=True)
    lines = SalesOrderLineSerializer(many=True)

    class Meta:
        model = SalesOrder
        fields = ["id", "number", "customer", "ordered_on", "status", "is_patronage", "reference", "note", "lines"]
        read_only_fields = ["status"]


class ShipLineSerializer(serializers.Serializer):
    order_line = TenantPrimaryKeyField(model=SalesOrderLine)
    quantity = serializers.DecimalField(max_digits=18, decimal_places=3)
    lot = TenantPrimaryKeyField(model=FinishedGoodsLot, required=False, allow_null=True)


class ShipSerializer(serializers.Serializer):
    date = serializers.DateField(required=False)
    vehicle = serializers.CharField(max_length=60, required=False, default="")
    lines = ShipLineSerializer(many=True, required=False, help_text="Empty: everything left, oldest lots first.")


class ShipmentLineSerializer(serializers.ModelSerializer):
    lot_code = serializers.CharField(source="lot.code", read_only=True)

    class Meta:
        model = ShipmentLine
        fields = ["order_line", "lot", "lot_code", "quantity", "cost"]


class ShipmentSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    lines = ShipmentLineSerializer(many=True, read_only=True)
    invoice = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Shipment
        fields = ["id", "number", "order", "shipped_on", "vehicle", "cost", "journal_entry", "lines", "invoice"]


class OrderCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255)


class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, Base):
    """Sales orders (``?q=`` customer or number, ``?status=``). ``POST`` takes an order with its lines;
    ``…/ship/`` makes a delivery note (posts the lots' cost); ``…/cancel/`` while nothing is shipped."""

    serializer_class = SalesOrderSerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.orders(status=params.get("status", ""), q=params.get("q", "")).prefetch_related("lines")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        lines = [sales.OrderLine(row["product"], row["quantity"], row["unit_price"]) for row in data.pop("lines")]
        serializer.instance = sales.create_order(actor=self.request.user, lines=lines, **data)

    @extend_schema(request=ShipSerializer, responses=ShipmentSerializer)
    @action(detail=True, methods=["post"])
    def ship(self, request, *args, **kwargs):
        order = self.get_object()
        payload = ShipSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        lines = [sales.ShipLine(row["order_line"], row["quantity"], row.get("lot")) for row in data.get("lines", [])]
        shipment = sales.ship(actor=request.user, order=order, shipped_on=data.get("date") or datetime.date.today(),
                              lines=lines or None, vehicle=data["vehicle"])  # fmt: skip
        return Response(ShipmentSerializer(shipment).data, status=201)

    @extend_schema(request=OrderCancelSerializer, responses=SalesOrderSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        order = self.get_object()
        payload = OrderCancelSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        sales.cancel_order(actor=request.user, order=order, reason=payload.validated_data["reason"])
        return Response(SalesOrderSerializer(self.get_queryset().get(pk=order.pk)).data)


class InvoicePaymentSerializer(serializers.ModelSerializer):
    account = choice_field(PaymentAccount.choices, required=False)

    class Meta:
        model = InvoicePayment
        fields = ["id", "paid_on", "amount", "account", "reference", "journal_entry"]
        read_only_fields = ["journal_entry"]


class InvoiceSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    outstanding = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True)
    payments = InvoicePaymentSerializer(many=True, read_only=True)

    class Meta:
        model = Invoice
        fields = ["id", "number", "shipment", "issued_on", "due_on", "subtotal", "ppn_rate", "ppn", "total", "paid",
                  "outstanding", "journal_entry", "payments"]  # fmt: skip


class IssueInvoiceSerializer(serializers.Serializer):
    date = serializers.DateField(required=False)
    due_on = serializers.DateField(required=False, allow_null=True)


class ShipmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, Base):
    """Delivery notes; ``…/invoice/`` issues the note's invoice, ``…/trace/`` lists every raw-material lot,
    delivery and farmer behind the lots it took from."""

    serializer_class = ShipmentSerializer
    queryset = Shipment.objects.prefetch_related("lines__lot").select_related("invoice").order_by("-shipped_on", "-id")

    @extend_schema(request=IssueInvoiceSerializer, responses=InvoiceSerializer)
    @action(detail=True, methods=["post"])
    def invoice(self, request, *args, **kwargs):
        shipment = self.get_object()
        payload = IssueInvoiceSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        invoice = sales.issue_invoice(actor=request.user, shipment=shipment, due_on=data.get("due_on"),
                                      issued_on=data.get("date") or datetime.date.today())  # fmt: skip
        return Response(InvoiceSerializer(invoice).data, status=201)

    @extend_schema(responses=LotTraceRowSerializer(many=True))
    @action(detail=True, methods=["get"])
    def trace(self, request, *args, **kwargs):
        return Response(LotTraceRowSerializer(selectors.shipment_trace(self.get_object()), many=True).data)


class InvoiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, Base):
    """Invoices (``?outstanding=1``: not yet paid in full); ``…/payments/`` records money received."""

    serializer_class = InvoiceSerializer

    def get_queryset(self):
        outstanding = self.request.query_params.get("outstanding") == "1"
        return selectors.invoices(outstanding_only=outstanding).prefetch_related("payments")

    @extend_schema(request=InvoicePaymentSerializer, responses=InvoiceSerializer)
    @action(detail=True, methods=["post"])
    def payments(self, request, *args, **kwargs):
        invoice = self.get_object()
        payload = InvoicePaymentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        sales.record_payment(actor=request.user, invoice=invoice, **payload.validated_data)
        return Response(InvoiceSerializer(self.get_queryset().get(pk=invoice.pk)).data, status=201)


TENANT_ROUTES = [
    ("processing/customers", CustomerViewSet, "processing-customer"),
    ("processing/orders", OrderViewSet, "processing-order"),
    ("processing/shipments", ShipmentViewSet, "processing-shipment"),
    ("processing/invoices", InvoiceViewSet, "processing-invoice"),
]
