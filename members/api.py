"""API of members: the member register (``/api/v1/k/<slug>/members/``) and the stateless loan
simulation (``/api/v1/k/<slug>/loan-simulations/schedule/``)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from koperasi.core.api import BusinessDateField
from koperasi.tenancy.api import TenantModelViewSet, TenantViewSetMixin
from koperasi.tenancy.models import Role
from members import services, settlement
from members.api_common import CodedErrorsMixin, validated
from members.credit_lines.api import TENANT_ROUTES as CREDIT_LINE_ROUTES
from members.loans.api import TENANT_ROUTES as LOAN_ROUTES
from members.loans.conventions import (
    DayCount,
    Frequency,
    GraceKind,
    InstalmentRounding,
    RateConversion,
    RatePeriod,
    Rounding,
    RoundingMode,
)
from members.loans.models import (
    DAY_COUNT_CHOICES,
    FREQUENCY_CHOICES,
    GRACE_KIND_CHOICES,
    INSTALMENT_ROUNDING_CHOICES,
    METHOD_CHOICES,
    RATE_CONVERSION_CHOICES,
    RATE_PERIOD_CHOICES,
    ROUNDING_CHOICES,
    ROUNDING_MODE_CHOICES,
)
from members.loans.schedule import MAX_TERM_PERIODS, ProductTerms, ScheduleError, simulate
from members.models import EDITABLE_FIELDS, Member
from members.savings.api import TENANT_ROUTES as SAVINGS_ROUTES
from members.validators import nik_agreement_errors, nik_errors


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = [
            "id",
            "member_no",
            *EDITABLE_FIELDS,
            "admitted_on",
            "status",
            "exit_date",
            "exit_reason",
            "user",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [name for name in fields if name not in EDITABLE_FIELDS]
        # Uniqueness per cooperative is checked by the service (the cooperative is not a field).
        validators = []

    def validate_nik(self, value: str) -> str:
        value = value.strip()
        errors = nik_errors(value)
        if errors:
            raise serializers.ValidationError(errors)
        return value

    def validate(self, attrs):
        nik = attrs.get("nik", getattr(self.instance, "nik", ""))
        birth_date = attrs.get("birth_date", getattr(self.instance, "birth_date", None))
        sex = attrs.get("sex", getattr(self.instance, "sex", None))
        errors = nik_agreement_errors(nik or "", birth_date, sex)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class AdmitSerializer(serializers.Serializer):
    admitted_on = BusinessDateField(required=False, help_text="Today when left out.")


class ExitSerializer(serializers.Serializer):
    exit_date = BusinessDateField()
    exit_reason = serializers.CharField(max_length=300)
    offset_loans = serializers.BooleanField(
        default=False, help_text="Settle the member's outstanding loans from the returned savings."
    )


def _as_drf(error: DjangoValidationError) -> serializers.ValidationError:
    detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
    return serializers.ValidationError(detail)


class MemberViewSet(CodedErrorsMixin, TenantModelViewSet):
    """The member register. Members are never deleted: a member who leaves gets status ``keluar``
    (``POST …/exit/``); admitting a prospective member and recording an exit are for managers."""

    required_roles = (Role.MANAGER, Role.STAFF)
    serializer_class = MemberSerializer
    filterset_fields = ["status", "occupation", "sex", "farmer_group"]
    search_fields = ["name", "nik", "member_no"]
    ordering_fields = ["member_no", "name", "join_date"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return Member.objects.order_by("member_no")

    def perform_create(self, serializer):
        try:
            serializer.instance = services.register_member(actor=self.request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            raise _as_drf(error) from error

    def perform_update(self, serializer):
        try:
            serializer.instance = services.update_member(
                actor=self.request.user, member=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise _as_drf(error) from error

    def _require_manager(self) -> None:
        if Role.MANAGER not in self.request.cooperative_roles:
            self.permission_denied(self.request, message=_("Only a manager can do this."))

    @extend_schema(request=AdmitSerializer, responses={200: MemberSerializer})
    @action(detail=True, methods=["post"])
    def admit(self, request, *args, **kwargs):
        member = self.get_object()
        self._require_manager()
        data = validated(AdmitSerializer, request)
        member = services.admit_member(actor=request.user, member=member, on=data.get("admitted_on"))
        return Response(MemberSerializer(member).data)

    @extend_schema(request=ExitSerializer, responses={200: MemberSerializer})
    @action(detail=True, methods=["post"])
    def exit(self, request, *args, **kwargs):
        """Record the exit after settling the savings (pokok and wajib returned, loans optionally offset)."""
        member = self.get_object()
        self._require_manager()
        data = validated(ExitSerializer, request)
        result = settlement.settle_exit(
            actor=request.user,
            member=member,
            exit_date=data["exit_date"],
            reason=data["exit_reason"],
            offset_loans=data["offset_loans"],
        )
        return Response(MemberSerializer(result.member).data)


# Loan simulation ---------------------------------------------------------------------------


class LoanSimulationRequestSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=1)
    term_periods = serializers.IntegerField(min_value=1, max_value=MAX_TERM_PERIODS, help_text="Number of instalments.")
    frequency = serializers.ChoiceField(choices=FREQUENCY_CHOICES, default=Frequency.MONTHLY.value)
    rate = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=0, help_text="A fraction of the rate period: 0.015 for 1.5 %."
    )
    rate_period = serializers.ChoiceField(choices=RATE_PERIOD_CHOICES)
    rate_conversion = serializers.ChoiceField(
        choices=RATE_CONVERSION_CHOICES,
        default=RateConversion.NOMINAL.value,
        help_text="nominal: rate × q / p; effective: (1 + rate)^(q / p) − 1.",
    )
    method = serializers.ChoiceField(choices=METHOD_CHOICES)
    day_count = serializers.ChoiceField(choices=DAY_COUNT_CHOICES, default=DayCount.THIRTY_360.value)
    grace_periods = serializers.IntegerField(min_value=0, default=0, help_text="Grace periods at the start.")
    grace_kind = serializers.ChoiceField(choices=GRACE_KIND_CHOICES, default=GraceKind.INTEREST_ONLY.value)
    balloon_share = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=0, max_value=1, default=Decimal(0), help_text="1 = bullet."
    )
    disbursement_date = serializers.DateField(required=False)
    fees_rate = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=0, max_value=1, default=Decimal(0),
        help_text="Fees withheld as a fraction of the amount, for the effective annual rate.",
    )  # fmt: skip
    principal_months = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=12),
        required=False,
        allow_empty=False,
        help_text="Seasonal schedule: calendar months (1–12) in which principal is repaid (needs first_due_date).",
    )
    first_due_date = serializers.DateField(required=False)
    rounding = serializers.ChoiceField(choices=ROUNDING_CHOICES, default=Rounding.WHOLE_RUPIAH.value)
    rounding_mode = serializers.ChoiceField(choices=ROUNDING_MODE_CHOICES, default=RoundingMode.HALF_UP.value)
    instalment_multiple = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=1, required=False)
    instalment_rounding = serializers.ChoiceField(
        choices=INSTALMENT_ROUNDING_CHOICES, default=InstalmentRounding.UP.value
    )
    monthly_income = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=0, required=False)
    max_instalment_ratio = serializers.DecimalField(
        max_digits=5,
        decimal_places=4,
        min_value=0,
        max_value=1,
        required=False,
        help_text="Ceiling on largest instalment / monthly income, as a fraction (0.3 for 30 %).",
    )

    def validate(self, attrs):
        if attrs["grace_periods"] >= attrs["term_periods"]:
            raise serializers.ValidationError({"grace_periods": [_("The grace period must be shorter than the term.")]})
        if attrs.get("principal_months") and not attrs.get("first_due_date"):
            raise serializers.ValidationError({"first_due_date": [_("A seasonal schedule needs the first due date.")]})
        if attrs.get("max_instalment_ratio") == 0:
            raise serializers.ValidationError({"max_instalment_ratio": [_("The ceiling must be above 0.")]})
        if attrs["rate_period"] != RatePeriod.YEAR and attrs["rate"] > 1:
            raise serializers.ValidationError({"rate": [_("Give the rate as a fraction: 0.015 for 1.5 %.")]})
        return attrs


class InstalmentSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    due_date = serializers.DateField(allow_null=True)
    principal = serializers.DecimalField(max_digits=18, decimal_places=2)
    interest = serializers.DecimalField(max_digits=18, decimal_places=2)
    total = serializers.DecimalField(max_digits=18, decimal_places=2)
    balance = serializers.DecimalField(max_digits=18, decimal_places=2)


class StepSerializer(serializers.Serializer):
    label = serializers.CharField()
    formula = serializers.CharField()
    value = serializers.CharField()


class DisclosureSerializer(serializers.Serializer):
    effective_annual = serializers.DecimalField(max_digits=12, decimal_places=6, help_text="IRR per year, a fraction.")
    nominal_annual = serializers.DecimalField(max_digits=12, decimal_places=6)
    flat_annual = serializers.DecimalField(max_digits=12, decimal_places=6, allow_null=True)
    steps = StepSerializer(many=True)


class LoanSimulationResultSerializer(serializers.Serializer):
    instalments = InstalmentSerializer(many=True)
    period_rate = serializers.DecimalField(max_digits=20, decimal_places=12)
    steps = StepSerializer(many=True)
    disclosure = DisclosureSerializer()
    total_principal = serializers.DecimalField(max_digits=18, decimal_places=2)
    total_interest = serializers.DecimalField(max_digits=18, decimal_places=2)
    total_payment = serializers.DecimalField(max_digits=18, decimal_places=2)
    largest_payment = serializers.DecimalField(max_digits=18, decimal_places=2)
    instalment_ratio = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    passes = serializers.BooleanField(allow_null=True, help_text="Null when income or ceiling is not given.")


class LoanSimulationViewSet(TenantViewSetMixin, viewsets.GenericViewSet):
    """Stateless loan simulation: the schedule of a prospective loan and whether it fits the income.

    Members may simulate too (seed 001: "simulasi cicilan pinjaman" in the member portal).
    """

    required_roles = (Role.MANAGER, Role.STAFF, Role.MEMBER)
    serializer_class = LoanSimulationRequestSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(request=LoanSimulationRequestSerializer, responses={200: LoanSimulationResultSerializer})
    @action(detail=False, methods=["post"])
    def schedule(self, request, *args, **kwargs):
        data = validated(LoanSimulationRequestSerializer, request)
        options = ("frequency", "rate_conversion", "day_count", "grace_kind", "balloon_share", "rounding_mode")
        terms = ProductTerms(
            rate=data["rate"],
            rate_period=data["rate_period"],
            method=data["method"],
            grace_periods=data["grace_periods"],
            principal_months=frozenset(data["principal_months"]) if data.get("principal_months") else None,
            rounding=data["rounding"],
            instalment_multiple=data.get("instalment_multiple"),
            instalment_rounding=data["instalment_rounding"],
            fees_rate=data["fees_rate"],
            **{name: data[name] for name in options},
        )
        try:
            result = simulate(
                data["amount"],
                data["term_periods"],
                terms,
                monthly_income=data.get("monthly_income"),
                max_instalment_ratio=data.get("max_instalment_ratio"),
                first_due_date=data.get("first_due_date"),
                disbursement_date=data.get("disbursement_date"),
            )
        except ScheduleError as error:
            raise serializers.ValidationError({error.field: [error.message]}) from error
        schedule = result.schedule
        body = {
            "instalments": [
                {
                    "number": line.number,
                    "due_date": line.due_date,
                    "principal": line.principal,
                    "interest": line.interest,
                    "total": line.total,
                    "balance": line.balance,
                }
                for line in schedule.stored_instalments()
            ],
            "period_rate": schedule.period_rate,
            "steps": schedule.steps,
            "disclosure": result.disclosure,
            "total_principal": schedule.total_principal,
            "total_interest": schedule.total_interest,
            "total_payment": schedule.total_payment,
            "largest_payment": schedule.largest_payment,
            "instalment_ratio": result.instalment_ratio,
            "passes": result.passes,
        }
        return Response(LoanSimulationResultSerializer(body).data, status=status.HTTP_200_OK)


TENANT_ROUTES = [
    ("members", MemberViewSet, "member"),
    ("loan-simulations", LoanSimulationViewSet, "loan-simulation"),
    *SAVINGS_ROUTES,
    *LOAN_ROUTES,
    *CREDIT_LINE_ROUTES,
]
