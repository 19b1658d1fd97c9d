"""API of savings: products (managers edit), accounts with deposit / withdraw / close actions, and
the transactions (read-only). Under ``/api/v1/k/<slug>/``; staff and managers (assessors read)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from koperasi.core.api import BusinessDateField, IdempotencyKeyField
from koperasi.tenancy.api import TenantViewSetMixin
from koperasi.tenancy.models import Role
from members.api_common import (
    CodedErrorsMixin,
    ManagerWritesMixin,
    ProductWritesMixin,
    choice_field,
    day_of,
    filterset_for,
    validated,
)
from members.models import Member
from members.savings import products, services, term_deposits
from members.savings.models import (
    PRODUCT_FIELDS,
    AccountStatus,
    SavingsAccount,
    SavingsKind,
    SavingsProduct,
    SavingsTaxRule,
    SavingsTransaction,
    TransactionKind,
)

WORKERS = (Role.MANAGER, Role.STAFF)


class RateTierSerializer(serializers.Serializer):
    floor = serializers.DecimalField(
        max_digits=18, decimal_places=2, min_value=0, help_text="Balance from which the rate applies."
    )
    rate = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=0, max_value=1, help_text="Yearly, a fraction."
    )


class SavingsProductSerializer(serializers.ModelSerializer):
    kind = choice_field(SavingsKind.choices)
    rate_tiers = RateTierSerializer(many=True, required=False)

    def validate_rate_tiers(self, tiers):
        return [{"floor": str(tier["floor"]), "rate": str(tier["rate"])} for tier in tiers]

    class Meta:
        model = SavingsProduct
        fields = ["id", *PRODUCT_FIELDS]
        read_only_fields = ["id"]
        validators = []  # uniqueness per cooperative: the service checks it


class SavingsProductViewSet(
    CodedErrorsMixin,
    ProductWritesMixin,
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Savings products of the cooperative (pokok, wajib, sukarela, berjangka); managers edit them."""

    required_roles = WORKERS
    serializer_class = SavingsProductSerializer
    filterset_class = filterset_for(SavingsProduct, exact=["is_active"], text=["kind"])
    search_fields = ["code", "name"]
    save_product = staticmethod(products.save_savings_product)

    def get_queryset(self):
        return SavingsProduct.objects.order_by("kind", "code")


class SavingsAccountSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    member_no = serializers.IntegerField(source="member.member_no", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    product_code = serializers.CharField(source="product.code", read_only=True)
    kind = choice_field(SavingsKind.choices, read_only=True)
    status = choice_field(AccountStatus.choices, read_only=True)

    class Meta:
        model = SavingsAccount
        fields = [
            "id",
            "number",
            "member",
            "member_no",
            "member_name",
            "product",
            "product_code",
            "kind",
            "status",
            "balance",
            "opened_on",
            "closed_on",
            "term_months",
            "interest_rate",
            "maturity_date",
        ]
        read_only_fields = fields


class OpenSavingsAccountSerializer(serializers.Serializer):
    member = serializers.PrimaryKeyRelatedField(queryset=Member.objects.unscoped().none())
    product = serializers.PrimaryKeyRelatedField(queryset=SavingsProduct.objects.unscoped().none())
    opened_on = BusinessDateField(required=False, help_text="Today when left out.")
    amount = serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, help_text="Term deposits: the amount placed (required)."
    )
    term_months = serializers.IntegerField(min_value=1, max_value=120, required=False)
    idempotency_key = serializers.UUIDField(required=False, help_text="Term deposits: a client key for retries.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.all()
        self.fields["product"].queryset = SavingsProduct.objects.all()


class SavingsMovementSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    date = BusinessDateField(required=False, help_text="Today when left out.")
    memo = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    idempotency_key = IdempotencyKeyField()


class TermDepositCloseSerializer(serializers.Serializer):
    date = BusinessDateField(required=False, help_text="Today when left out.")


class SavingsTransactionSerializer(serializers.ModelSerializer):
    receipt_number = serializers.CharField(read_only=True)
    journal_entry_number = serializers.SerializerMethodField()
    kind = choice_field(TransactionKind.choices, read_only=True)

    class Meta:
        model = SavingsTransaction
        fields = [
            "id",
            "receipt_number",
            "account",
            "kind",
            "amount",
            "balance_after",
            "date",
            "memo",
            "source_type",
            "source_id",
            "purpose",
            "journal_entry",
            "journal_entry_number",
            "created_at",
        ]
        read_only_fields = fields

    def get_journal_entry_number(self, obj) -> str | None:
        return obj.journal_entry.display_number if obj.journal_entry_id else None


class SavingsAccountViewSet(
    CodedErrorsMixin,
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Members' savings accounts. ``POST`` opens one (a term deposit with its amount and term);
    ``deposit`` and ``withdraw`` move money (errors carry codes such as ``insufficient_savings``,
    ``savings_withdrawal_not_allowed``); ``close`` closes a term deposit (early: with penalty)."""

    required_roles = WORKERS
    serializer_class = SavingsAccountSerializer
    filterset_class = filterset_for(SavingsAccount, exact=["member", "product"], text=["kind", "status"])
    search_fields = ["member__name", "member__nik"]
    ordering_fields = ["opened_on", "balance", "id"]

    def get_queryset(self):
        return SavingsAccount.objects.select_related("member", "product").order_by("member__member_no", "kind", "pk")

    @extend_schema(request=OpenSavingsAccountSerializer, responses={201: SavingsAccountSerializer})
    def create(self, request, *args, **kwargs):
        data = validated(OpenSavingsAccountSerializer, request)
        day = data.get("opened_on") or timezone.localdate()
        if data["product"].kind == SavingsKind.TERM:
            if data.get("amount") is None:
                raise serializers.ValidationError({"amount": [_("A term deposit needs its amount.")]})
            account = term_deposits.open_term_deposit(
                actor=request.user,
                member=data["member"],
                product=data["product"],
                amount=data["amount"],
                date=day,
                term_months=data.get("term_months"),
                key=data.get("idempotency_key"),
            )
        else:
            account = products.open_account(
                actor=request.user, member=data["member"], product=data["product"], opened_on=day
            )
        return Response(SavingsAccountSerializer(account).data, status=status.HTTP_201_CREATED)

    def _move(self, request, function):
        account = self.get_object()
        data = validated(SavingsMovementSerializer, request)
        movement = function(
            account=account,
            amount=data["amount"],
            date=day_of(data),
            actor=request.user,
            memo=data["memo"],
            key=data.get("idempotency_key"),
        )
        return Response(SavingsTransactionSerializer(movement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SavingsMovementSerializer, responses={201: SavingsTransactionSerializer})
    @action(detail=True, methods=["post"])
    def deposit(self, request, *args, **kwargs):
        return self._move(request, services.deposit)

    @extend_schema(request=SavingsMovementSerializer, responses={201: SavingsTransactionSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        return self._move(request, services.withdraw)

    @extend_schema(request=TermDepositCloseSerializer, responses={200: SavingsAccountSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        account = self.get_object()
        data = validated(TermDepositCloseSerializer, request)
        account = term_deposits.close_term_deposit(account=account, date=day_of(data), actor=request.user)
        account.refresh_from_db()
        return Response(SavingsAccountSerializer(account).data)


class SavingsTransactionViewSet(CodedErrorsMixin, TenantViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Savings movements (deposits, withdrawals, interest, shop purchases, …), newest first."""

    required_roles = WORKERS
    serializer_class = SavingsTransactionSerializer
    filterset_class = filterset_for(
        SavingsTransaction, exact=["account", "account__member"], text=["kind"], dates=["date"]
    )
    ordering_fields = ["date", "id", "amount"]

    def get_queryset(self):
        return SavingsTransaction.objects.select_related("journal_entry").order_by("-date", "-id")


class SavingsTaxRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = SavingsTaxRule
        fields = ["id", "effective_from", "rate", "threshold", "note"]
        read_only_fields = ["id"]
        validators = []  # one rule a day per cooperative: the service checks it
        extra_kwargs = {
            "rate": {"help_text": "A fraction: 0.10 for 10 %.", "min_value": 0, "max_value": 1},
            "threshold": {
                "help_text": "A member's month of jasa simpanan above it is taxed on the whole amount; 0 by default.",
                "min_value": 0,
            },
        }


class SavingsTaxRuleViewSet(
    CodedErrorsMixin,
    ManagerWritesMixin,
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The dated withholding-tax rules on jasa simpanan (PPh final); managers add one, none is changed."""

    required_roles = WORKERS
    serializer_class = SavingsTaxRuleSerializer
    filter_backends = []

    def get_queryset(self):
        return SavingsTaxRule.objects.order_by("-effective_from")

    def perform_create(self, serializer):
        self.require_manager()
        serializer.instance = products.add_tax_rule(actor=self.request.user, **serializer.validated_data)


TENANT_ROUTES = [
    ("savings-products", SavingsProductViewSet, "savings-product"),
    ("savings-tax-rules", SavingsTaxRuleViewSet, "savings-tax-rule"),
    ("savings-accounts", SavingsAccountViewSet, "savings-account"),
    ("savings-transactions", SavingsTransactionViewSet, "savings-transaction"),
]
