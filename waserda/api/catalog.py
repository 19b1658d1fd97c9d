"""Catalog API: categories, products (with price history and stock card), suppliers, member cards."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from koperasi.tenancy.api import TenantModelViewSet, TenantPrimaryKeyField, TenantViewSetMixin
from members.models import Member
from waserda import selectors
from waserda.api.common import (
    STAFF,
    WaserdaProblem,
    service_errors,
)
from waserda.error_codes import WaserdaErrorCode
from waserda.models import (
    Category,
    MemberCard,
    PriceChange,
    Product,
    StockMovement,
    Supplier,
)
from waserda.models.catalog import PRODUCT_FIELDS
from waserda.services import catalog


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
        serializer.instance = catalog.create_category(name=serializer.validated_data["name"])


class ProductSerializer(serializers.ModelSerializer):
    category = TenantPrimaryKeyField(model=Category, required=False, allow_null=True)
    supplier = TenantPrimaryKeyField(model=Supplier, required=False, allow_null=True)

    class Meta:
        model = Product
        fields = ["id", *PRODUCT_FIELDS, "qty_on_hand", "stock_value", "avg_cost"]
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
            serializer.instance = catalog.create_product(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        with service_errors():
            serializer.instance = catalog.update_product(
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
            serializer.instance = catalog.save_supplier(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        with service_errors():
            serializer.instance = catalog.save_supplier(
                actor=self.request.user, supplier=serializer.instance, **serializer.validated_data
            )


class MemberCardSerializer(serializers.ModelSerializer):
    member = TenantPrimaryKeyField(model=Member)
    credit_outstanding = serializers.SerializerMethodField()
    credit_limit = serializers.DecimalField(
        max_digits=18, decimal_places=2, min_value=0, required=False, allow_null=True,
        help_text="Empty: the shop's default limit.",
    )

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
        card = serializer.instance  # a PATCH keeps what it leaves out
        kept = {"member": card.member, "card_code": card.card_code, "credit_limit": card.credit_limit} if card else {}
        values = {"credit_limit": None, **kept, **serializer.validated_data}
        with service_errors():
            serializer.instance = catalog.save_member_card(
                member=values["member"], card_code=values["card_code"], credit_limit=values["credit_limit"]
            )

    def perform_update(self, serializer):
        self.perform_create(serializer)
