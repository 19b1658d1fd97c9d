"""API of credit lines: list and read them with their movements; managers open one; staff record draws
and repayments (idempotent per key)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from koperasi.core.api import BusinessDateField, IdempotencyKeyField
from koperasi.tenancy.api import TenantViewSetMixin
from koperasi.tenancy.models import Role
from members.api_common import CodedErrorsMixin, ManagerWritesMixin, choice_field, day_of, filterset_for, validated
from members.credit_lines import services
from members.credit_lines.models import (
    DAY_COUNT_CHOICES,
    ROUNDING_CHOICES,
    CreditLine,
    CreditLineMovement,
    CreditLineMovementKind,
    CreditLineStatus,
)
from members.models import Member


class CreditLineMovementSerializer(serializers.ModelSerializer):
    kind = choice_field(CreditLineMovementKind.choices, read_only=True)

    class Meta:
        model = CreditLineMovement
        fields = ["id", "kind", "date", "amount", "interest", "principal", "drawn_after", "interest_due_after"]
        read_only_fields = fields


class CreditLineSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    day_count = choice_field(DAY_COUNT_CHOICES, read_only=True)
    rounding = choice_field(ROUNDING_CHOICES, read_only=True)
    status = choice_field(CreditLineStatus.choices, read_only=True)
    movements = CreditLineMovementSerializer(many=True, read_only=True)

    class Meta:
        model = CreditLine
        fields = [
            "id", "number", "member", "limit", "rate", "day_count", "rounding", "opened_on", "status", "closed_on",
            "drawn", "interest_due", "interest_billed_until", "movements",
        ]  # fmt: skip
        read_only_fields = fields


class CreditLineOpenSerializer(serializers.Serializer):
    member = serializers.PrimaryKeyRelatedField(queryset=Member.objects.unscoped().none())
    limit = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=1)
    rate = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=0, max_value=1, help_text="Yearly.")
    day_count = choice_field(DAY_COUNT_CHOICES, default="act/365")
    rounding = choice_field(ROUNDING_CHOICES, default="whole")
    on = BusinessDateField(required=False, help_text="Today when left out.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.all()


class CreditLineMoveSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=0)
    date = BusinessDateField(required=False, help_text="Today when left out.")
    idempotency_key = IdempotencyKeyField()


class CreditLineViewSet(
    CodedErrorsMixin,
    ManagerWritesMixin,
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Revolving credit lines: interest daily on what is drawn (the line's day count), billed monthly;
    a repayment pays the billed interest first, then the principal."""

    required_roles = (Role.MANAGER, Role.STAFF)
    serializer_class = CreditLineSerializer
    filterset_class = filterset_for(CreditLine, exact=["member"], text=["status"])

    def get_queryset(self):
        return CreditLine.objects.prefetch_related("movements").order_by("-opened_on", "-pk")

    def _answer(self, line, code=status.HTTP_200_OK):
        return Response(CreditLineSerializer(self.get_queryset().get(pk=line.pk)).data, status=code)

    @extend_schema(request=CreditLineOpenSerializer, responses={201: CreditLineSerializer})
    def create(self, request, *args, **kwargs):
        self.require_manager()
        data = validated(CreditLineOpenSerializer, request)
        data["on"] = data.get("on") or timezone.localdate()
        return self._answer(services.open_credit_line(actor=request.user, **data), status.HTTP_201_CREATED)

    def _move(self, request, function):
        line = self.get_object()
        data = validated(CreditLineMoveSerializer, request)
        function(actor=request.user, line=line, amount=data["amount"], date=day_of(data),
                 key=data.get("idempotency_key"))  # fmt: skip
        return self._answer(line)

    @extend_schema(request=CreditLineMoveSerializer, responses={200: CreditLineSerializer})
    @action(detail=True, methods=["post"])
    def draw(self, request, *args, **kwargs):
        return self._move(request, services.draw)

    @extend_schema(request=CreditLineMoveSerializer, responses={200: CreditLineSerializer})
    @action(detail=True, methods=["post"])
    def repay(self, request, *args, **kwargs):
        return self._move(request, services.repay)


TENANT_ROUTES = [("credit-lines", CreditLineViewSet, "credit-line")]
