"""API of loans: products (managers edit), loans through their lifecycle (apply → approve/reject →
disburse → repay / payoff / write-off) with the stored schedule, and repayments (read-only)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
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
from members.loans import repayments, selectors, services, writeoff
from members.loans.models import (
    METHOD_CHOICES,
    PRODUCT_FIELDS,
    RATE_PERIOD_CHOICES,
    ROUNDING_CHOICES,
    Loan,
    LoanInstallment,
    LoanProduct,
    LoanRepayment,
    LoanStatus,
    RepaymentKind,
)
from members.loans.schedule import MAX_TERM_PERIODS
from members.loans.terms import CONVENTION_NAMES
from members.models import Member

WORKERS = (Role.MANAGER, Role.STAFF)


class LoanProductSerializer(serializers.ModelSerializer):
    interest_method = choice_field(METHOD_CHOICES)
    rate_period = choice_field(RATE_PERIOD_CHOICES, help_text="The period the rate is stated for.")
    rounding = choice_field(ROUNDING_CHOICES, required=False)

    class Meta:
        model = LoanProduct
        fields = ["id", *PRODUCT_FIELDS]
        read_only_fields = ["id"]
        validators = []


class LoanProductViewSet(
    CodedErrorsMixin,
    ProductWritesMixin,
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Loan products: interest method, rate (per month or per year, stated explicitly), limits, fees,
    late penalty, savings multiple, grace and seasonal months, collectibility day bounds."""

    required_roles = WORKERS
    serializer_class = LoanProductSerializer
    filterset_class = filterset_for(LoanProduct, exact=["is_active"], text=["interest_method"])
    search_fields = ["code", "name"]
    save_product = staticmethod(services.save_loan_product)

    def get_queryset(self):
        return LoanProduct.objects.order_by("code")


class LoanInstallmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = LoanInstallment
        fields = [
            "number",
            "due_date",
            "principal",
            "interest",
            "principal_paid",
            "interest_paid",
            "interest_waived",
            "penalty_paid",
            "paid_on",
        ]
        read_only_fields = fields


class LoanPositionSerializer(serializers.Serializer):
    on = serializers.DateField()
    principal_outstanding = serializers.DecimalField(max_digits=18, decimal_places=2)
    interest_due = serializers.DecimalField(max_digits=18, decimal_places=2)
    principal_due = serializers.DecimalField(max_digits=18, decimal_places=2)
    penalty = serializers.DecimalField(max_digits=18, decimal_places=2)
    payoff = serializers.DecimalField(max_digits=18, decimal_places=2)
    days_past_due = serializers.IntegerField()
    collectibility = serializers.CharField()


class LoanSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    product_code = serializers.CharField(source="product.code", read_only=True)
    interest_method = choice_field(METHOD_CHOICES, read_only=True)
    rate_period = choice_field(RATE_PERIOD_CHOICES, read_only=True)
    rounding = choice_field(ROUNDING_CHOICES, read_only=True)
    status = choice_field(LoanStatus.choices, read_only=True)

    class Meta:
        model = Loan
        fields = [
            "id",
            "number",
            "member",
            "member_name",
            "product",
            "product_code",
            "amount",
            "term_periods",
            "fixed_instalment",
            "interest_method",
            "rate",
            "rate_period",
            "grace_periods",
            "principal_months",
            "rounding",
            *CONVENTION_NAMES,
            "admin_fee",
            "provision",
            "fees_deducted",
            "penalty_rate_per_day",
            "purpose",
            "status",
            "applied_on",
            "applied_by",
            "decided_on",
            "approved_by",
            "decision_note",
            "disbursed_on",
            "first_due_date",
            "closed_on",
            "written_off_amount",
        ]
        read_only_fields = fields


class LoanDetailSerializer(LoanSerializer):
    installments = LoanInstallmentSerializer(many=True, read_only=True)
    position = serializers.SerializerMethodField()

    class Meta(LoanSerializer.Meta):
        fields = [*LoanSerializer.Meta.fields, "installments", "position"]
        read_only_fields = fields

    @extend_schema_field(LoanPositionSerializer(allow_null=True))
    def get_position(self, loan):
        if not loan.is_running:
            return None
        on = timezone.localdate()
        owed = selectors.position(loan, on)
        return LoanPositionSerializer(
            {
                "on": on,
                "principal_outstanding": owed.principal_outstanding,
                "interest_due": owed.interest_due,
                "principal_due": owed.principal_due,
                "penalty": owed.penalty,
                "payoff": owed.payoff,
                "days_past_due": owed.days_past_due,
                "collectibility": selectors.collectibility_of(loan, owed.days_past_due).value,
            }
        ).data


class LoanApplySerializer(serializers.Serializer):
    member = serializers.PrimaryKeyRelatedField(queryset=Member.objects.unscoped().none())
    product = serializers.PrimaryKeyRelatedField(queryset=LoanProduct.objects.unscoped().none())
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    term_periods = serializers.IntegerField(
        min_value=1, max_value=MAX_TERM_PERIODS, required=False, help_text="The number of instalments."
    )
    fixed_instalment = serializers.DecimalField(
        max_digits=18,
        decimal_places=2,
        required=False,
        help_text="Instead of term_periods: the instalment, from which the number of instalments follows.",
    )
    applied_on = BusinessDateField(required=False, help_text="Today when left out.")
    purpose = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.all()
        self.fields["product"].queryset = LoanProduct.objects.all()

    def validate(self, attrs):
        if ("term_periods" in attrs) == ("fixed_instalment" in attrs):
            raise serializers.ValidationError(
                {"term_periods": [_("Give either the number of instalments or the fixed instalment.")]}
            )
        return attrs


class LoanDecisionSerializer(serializers.Serializer):
    date = BusinessDateField(required=False, help_text="Today when left out.")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class LoanDisburseSerializer(serializers.Serializer):
    date = BusinessDateField(required=False, help_text="Today when left out.")
    first_due_date = serializers.DateField(
        required=False, help_text="One instalment period after disbursement by default."
    )


class LoanRepaySerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    date = BusinessDateField(required=False, help_text="Today when left out.")
    idempotency_key = IdempotencyKeyField()


class LoanPayoffSerializer(serializers.Serializer):
    date = BusinessDateField(required=False, help_text="Today when left out.")
    idempotency_key = IdempotencyKeyField()


class LoanWriteOffSerializer(serializers.Serializer):
    date = BusinessDateField(required=False, help_text="Today when left out.")
    reason = serializers.CharField(max_length=200)


class LoanRepaymentSerializer(serializers.ModelSerializer):
    receipt_number = serializers.CharField(read_only=True)
    kind = choice_field(RepaymentKind.choices, read_only=True)

    class Meta:
        model = LoanRepayment
        fields = [
            "id",
            "receipt_number",
            "loan",
            "kind",
            "date",
            "amount",
            "penalty",
            "interest",
            "principal",
            "source_type",
            "source_id",
            "purpose",
            "journal_entry",
            "created_at",
        ]
        read_only_fields = fields


class LoanViewSet(
    CodedErrorsMixin,
    ManagerWritesMixin,
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Loans. ``POST`` records an application (staff); ``approve``/``reject`` are for a manager who
    is not the maker (``loan_maker_checker``); ``disburse`` stores the schedule; ``repay`` splits a
    payment penalty → interest → principal; ``payoff`` settles early; ``write-off`` is for managers.
    The detail shows the schedule (``installments``) and today's position."""

    required_roles = WORKERS
    serializer_class = LoanDetailSerializer
    filterset_class = filterset_for(Loan, exact=["member", "product"], text=["status"])
    search_fields = ["member__name", "member__nik", "purpose"]
    ordering_fields = ["applied_on", "amount", "id"]

    def get_queryset(self):
        loans = Loan.objects.select_related("member", "product").order_by("-applied_on", "-pk")
        if self.action != "list":
            loans = loans.prefetch_related("installments")
        return loans

    def get_serializer_class(self):
        return LoanSerializer if self.action == "list" else LoanDetailSerializer

    def _answer(self, loan, code=status.HTTP_200_OK):
        loan = self.get_queryset().get(pk=loan.pk)
        return Response(LoanDetailSerializer(loan).data, status=code)

    @extend_schema(request=LoanApplySerializer, responses={201: LoanDetailSerializer})
    def create(self, request, *args, **kwargs):
        data = validated(LoanApplySerializer, request)
        loan = services.apply_for_loan(
            actor=request.user,
            member=data["member"],
            product=data["product"],
            amount=data["amount"],
            term_periods=data.get("term_periods"),
            fixed_instalment=data.get("fixed_instalment"),
            applied_on=data.get("applied_on") or timezone.localdate(),
            purpose=data["purpose"],
        )
        return self._answer(loan, status.HTTP_201_CREATED)

    def _decide(self, request, function):
        loan = self.get_object()
        self.require_manager()
        data = validated(LoanDecisionSerializer, request)
        return self._answer(function(actor=request.user, loan=loan, on=day_of(data), note=data["note"]))

    @extend_schema(request=LoanDecisionSerializer, responses={200: LoanDetailSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        return self._decide(request, services.approve_loan)

    @extend_schema(request=LoanDecisionSerializer, responses={200: LoanDetailSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, *args, **kwargs):
        return self._decide(request, services.reject_loan)

    @extend_schema(request=LoanDisburseSerializer, responses={200: LoanDetailSerializer})
    @action(detail=True, methods=["post"])
    def disburse(self, request, *args, **kwargs):
        loan = self.get_object()
        data = validated(LoanDisburseSerializer, request)
        loan = services.disburse_loan(
            actor=request.user, loan=loan, on=day_of(data), first_due_date=data.get("first_due_date")
        )
        return self._answer(loan)

    @extend_schema(request=LoanRepaySerializer, responses={201: LoanRepaymentSerializer})
    @action(detail=True, methods=["post"])
    def repay(self, request, *args, **kwargs):
        loan = self.get_object()
        data = validated(LoanRepaySerializer, request)
        repayment = repayments.repay_loan(
            actor=request.user, loan=loan, amount=data["amount"], date=day_of(data), key=data.get("idempotency_key")
        )
        return Response(LoanRepaymentSerializer(repayment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LoanPayoffSerializer, responses={201: LoanRepaymentSerializer})
    @action(detail=True, methods=["post"])
    def payoff(self, request, *args, **kwargs):
        loan = self.get_object()
        data = validated(LoanPayoffSerializer, request)
        repayment = repayments.payoff_loan(
            actor=request.user, loan=loan, date=day_of(data), key=data.get("idempotency_key")
        )
        return Response(LoanRepaymentSerializer(repayment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LoanWriteOffSerializer, responses={200: LoanDetailSerializer})
    @action(detail=True, methods=["post"], url_path="write-off", url_name="write-off")
    def write_off(self, request, *args, **kwargs):
        loan = self.get_object()
        self.require_manager()
        data = validated(LoanWriteOffSerializer, request)
        return self._answer(
            writeoff.write_off_loan(actor=request.user, loan=loan, date=day_of(data), reason=data["reason"])
        )


class LoanRepaymentViewSet(CodedErrorsMixin, TenantViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Loan repayments, newest first, each split into penalty, interest and principal."""

    required_roles = WORKERS
    serializer_class = LoanRepaymentSerializer
    filterset_class = filterset_for(LoanRepayment, exact=["loan", "loan__member"], text=["kind"], dates=["date"])
    ordering_fields = ["date", "id", "amount"]

    def get_queryset(self):
        return LoanRepayment.objects.order_by("-date", "-id")


TENANT_ROUTES = [
    ("loan-products", LoanProductViewSet, "loan-product"),
    ("loans", LoanViewSet, "loan"),
    ("loan-repayments", LoanRepaymentViewSet, "loan-repayment"),
]
