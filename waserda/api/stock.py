"""Stock API: stock counts (stock opname)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from koperasi.tenancy.api import TenantPrimaryKeyField
from waserda.api.common import (
    STAFF,
    TenantCreateViewSet,
    read_only_choice,
    require_manager,
    service_errors,
)
from waserda.models import (
    CountStatus,
    Product,
    StockCount,
)
from waserda.services import counts


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


class StockCountViewSet(TenantCreateViewSet):
    """Stock counts (stock opname): enter counted quantities, then post the adjustment (manager)."""

    required_roles = STAFF
    serializer_class = StockCountSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        return StockCount.objects.prefetch_related("lines").order_by("-date", "-id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = counts.start_count(
            actor=self.request.user, date=data.get("date"), note=data.get("note", "")
        )

    @extend_schema(request=CountedSerializer, responses=StockCountSerializer)
    @action(detail=True, methods=["post"])
    def counted(self, request, *args, **kwargs):
        count = self.get_object()
        payload = CountedSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        with service_errors():
            counts.set_counted(
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
            counts.post_count(actor=request.user, count=count)
        return Response(StockCountSerializer(StockCount.objects.get(pk=count.pk)).data)
