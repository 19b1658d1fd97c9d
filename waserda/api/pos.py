"""POS API: sales (online and offline sync), returns, reconciliation, cash sessions, member credit
payments and the till's bootstrap data."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from koperasi.core.api import IdempotencyKeyField
from koperasi.tenancy.api import TenantPrimaryKeyField, TenantViewSetMixin
from members.models import Member
from waserda import selectors
from waserda.api.common import (
    STAFF,
    TenantCreateViewSet,
    WaserdaProblem,
    read_only_choice,
    require_manager,
    service_errors,
)
from waserda.error_codes import WaserdaErrorCode
from waserda.models import (
    CashSession,
    CreditPayment,
    PaymentMethod,
    Sale,
    SessionStatus,
)
from waserda.services import sales, sessions
from waserda.services.sales import LineInput, ReturnLineInput, SaleInput


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
    client_uuid = serializers.UUIDField(help_text="Required, made by the till: the same UUID records once.")
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
    key = IdempotencyKeyField()


class ReconcileSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)


class SaleViewSet(TenantCreateViewSet):
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
            sale, created = sales.record_sale(cashier=request.user, data=data)
        sale = Sale.objects.prefetch_related("lines").get(pk=sale.pk)
        return Response(SaleSerializer(sale).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=SyncSerializer, responses=SYNC_RESULT)
    @action(detail=False, methods=["post"])
    def sync(self, request, *args, **kwargs):
        """A till's queued sales, in the order made. Answers one result per sale, the same on every replay."""
        payload = SyncSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        queued = [SaleInputSerializer(data=item) for item in request.data["sales"]]
        for item in queued:
            item.is_valid(raise_exception=True)
        with service_errors():
            results = sales.sync_sales(cashier=request.user, sales=[item.to_input() for item in queued])
        return Response({"created": sum(1 for r in results if r.created), "results": [r.as_dict() for r in results]})

    @extend_schema(request=ReturnSerializer, responses={201: SaleSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_goods(self, request, *args, **kwargs):
        sale = self.get_object()
        payload = ReturnSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        with service_errors():
            sales.record_return(
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
        sale = sales.mark_reconciled(actor=request.user, sale=sale, note=payload.validated_data["note"])
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


class CashSessionViewSet(TenantCreateViewSet):
    """Cash sessions: ``POST`` opens the caller's session with a float; ``close`` counts the cash."""

    required_roles = STAFF
    serializer_class = CashSessionSerializer
    filterset_fields = ["status", "cashier"]

    def get_queryset(self):
        return CashSession.objects.order_by("-opened_at", "-id")

    def create_with(self, data):
        return sessions.open_session(
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
    key = IdempotencyKeyField()

    class Meta:
        model = CreditPayment
        fields = ["id", "member", "date", "amount", "method", "key", "session", "created_at"]
        read_only_fields = ["session", "created_at"]
        validators = []


class CreditPaymentViewSet(TenantCreateViewSet):
    """Members paying back shop credit (Dr Kas / Cr Piutang usaha)."""

    required_roles = STAFF
    serializer_class = CreditPaymentSerializer
    filterset_fields = ["member", "method"]

    def get_queryset(self):
        return CreditPayment.objects.order_by("-date", "-id")

    def create_with(self, data):
        return sales.receive_credit_payment(
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
