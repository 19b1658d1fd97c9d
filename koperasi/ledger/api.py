"""REST API of the ledger (thin): chart of accounts, business units, journal, periods, fixed assets and
the statements, under ``/api/v1/k/<slug>/ledger/``."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from koperasi.ledger import exports, services, statements
from koperasi.ledger.assets import register_fixed_asset
from koperasi.ledger.error_codes import LedgerError
from koperasi.ledger.models import Account, BusinessUnit, FiscalPeriod, FixedAsset, JournalEntry, JournalLine
from koperasi.money import MAX_LINE_AMOUNT
from koperasi.tenancy.api import TenantPrimaryKeyField, TenantViewSetMixin
from koperasi.tenancy.models import Role

STAFF = ("manager", "staff")


def _require_manager(request):
    if Role.MANAGER not in request.cooperative_roles:
        raise PermissionDenied(_("Only a manager may do this."))


def _ledger_error(error: LedgerError):
    return DRFValidationError({"non_field_errors": [error.message], "code": [error.code.value]})


# --- serializers ----------------------------------------------------------------------------------


class BusinessUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = BusinessUnit
        fields = ["id", "code", "name", "is_active"]


class AccountSerializer(serializers.ModelSerializer):
    parent = TenantPrimaryKeyField(model=Account, required=False, allow_null=True)
    business_unit = TenantPrimaryKeyField(model=BusinessUnit, required=False, allow_null=True)
    type = serializers.ChoiceField(choices=Account._meta.get_field("type").choices, required=False)

    class Meta:
        model = Account
        fields = ["id", "code", "name", "type", "parent", "business_unit", "system_key", "is_active"]
        read_only_fields = ["system_key", "is_active"]


class JournalLineSerializer(serializers.ModelSerializer):
    account = TenantPrimaryKeyField(model=Account)
    business_unit = TenantPrimaryKeyField(model=BusinessUnit, required=False, allow_null=True)
    account_code = serializers.CharField(source="account.code", read_only=True)
    debit = serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, default=0, min_value=0, max_value=MAX_LINE_AMOUNT
    )
    credit = serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, default=0, min_value=0, max_value=MAX_LINE_AMOUNT
    )

    class Meta:
        model = JournalLine
        fields = ["id", "account", "account_code", "debit", "credit", "memo", "party_type", "party_id", "business_unit"]
        read_only_fields = ["party_type", "party_id"]


class JournalEntrySerializer(serializers.ModelSerializer):
    lines = JournalLineSerializer(many=True)
    display_number = serializers.CharField(read_only=True)
    key = serializers.CharField(
        write_only=True, max_length=64, help_text="Required client idempotency key: the same key posts once."
    )

    class Meta:
        model = JournalEntry
        fields = [
            "id",
            "display_number",
            "fiscal_year",
            "number",
            "date",
            "memo",
            "source_type",
            "source_id",
            "purpose",
            "status",
            "reversal_of",
            "is_closing",
            "posted_at",
            "lines",
            "key",
        ]
        read_only_fields = [
            "fiscal_year",
            "number",
            "source_type",
            "source_id",
            "purpose",
            "status",
            "reversal_of",
            "is_closing",
            "posted_at",
        ]


class ReverseSerializer(serializers.Serializer):
    date = serializers.DateField()
    reason = serializers.CharField(max_length=200)


class FiscalPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = FiscalPeriod
        fields = ["id", "year", "month", "status", "closed_at", "closed_by"]
        read_only_fields = fields


class PeriodActionSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    month = serializers.IntegerField(min_value=1, max_value=12)
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True)


class YearCloseSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(min_value=2000, max_value=2100)


class OpenedYearSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField()
    periods = FiscalPeriodSerializer(many=True)


class FixedAssetSerializer(serializers.ModelSerializer):
    business_unit = TenantPrimaryKeyField(model=BusinessUnit, required=False, allow_null=True)

    class Meta:
        model = FixedAsset
        fields = [
            "id",
            "code",
            "name",
            "acquisition_date",
            "cost",
            "salvage_value",
            "useful_life_months",
            "asset_account",
            "accumulated_depreciation_account",
            "depreciation_expense_account",
            "business_unit",
            "disposed_on",
        ]
        read_only_fields = [
            "asset_account",
            "accumulated_depreciation_account",
            "depreciation_expense_account",
            "disposed_on",
        ]


class ReportRowSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["section", "account", "total"])
    code = serializers.CharField()
    label = serializers.CharField()
    account_id = serializers.IntegerField(allow_null=True)
    values = serializers.ListField(child=serializers.CharField(allow_null=True))


def _text(value) -> str | None:
    if value is None:
        return None
    return f"{value:.2f}" if isinstance(value, Decimal) else str(value)


class ReportSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    period = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = ReportRowSerializer(many=True)
    totals = serializers.DictField(child=serializers.DecimalField(max_digits=20, decimal_places=2))
    checks = serializers.DictField(child=serializers.BooleanField())

    def to_representation(self, report):
        return {
            "key": report.key,
            "title": report.title,
            "period": report.period,
            "columns": report.columns,
            "rows": [
                {
                    "kind": r.kind,
                    "code": r.code,
                    "label": r.label,
                    "account_id": r.account_id,
                    "values": [_text(v) for v in r.values],
                }
                for r in report.rows
            ],
            "totals": {k: _text(v) for k, v in report.totals.items()},
            "checks": report.checks,
        }


# --- viewsets ---------------------------------------------------------------------------------------


class BusinessUnitViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    required_roles = STAFF
    serializer_class = BusinessUnitSerializer
    search_fields = ["code", "name"]

    def get_queryset(self):
        return BusinessUnit.objects.order_by("code")

    def perform_create(self, serializer):
        _require_manager(self.request)
        serializer.save()


class AccountViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The chart of accounts. Managers add (sub-)accounts; an account with postings cannot be deleted."""

    required_roles = STAFF
    serializer_class = AccountSerializer
    search_fields = ["code", "name"]
    filterset_fields = ["type", "system_key"]

    def get_queryset(self):
        return Account.objects.order_by("code")

    def perform_create(self, serializer):
        _require_manager(self.request)
        data = serializer.validated_data
        serializer.instance = services.add_account(
            actor=self.request.user,
            code=data["code"],
            name=data["name"],
            parent=data.get("parent"),
            type=data.get("type"),
            business_unit=data.get("business_unit"),
        )

    def perform_destroy(self, instance):
        _require_manager(self.request)
        try:
            services.delete_account(actor=self.request.user, account=instance)
        except LedgerError as error:
            raise _ledger_error(error) from error


class JournalEntryViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Journal entries. POST posts a manual entry (managers); ``reverse`` posts its mirror entry."""

    required_roles = STAFF
    serializer_class = JournalEntrySerializer
    filterset_fields = ["fiscal_year", "status", "purpose", "source_type", "date"]

    def get_queryset(self):
        return JournalEntry.objects.prefetch_related("lines__account").order_by("-date", "-fiscal_year", "-number")

    def perform_create(self, serializer):
        _require_manager(self.request)
        data = serializer.validated_data
        lines = [
            services.Line(
                line["account"],
                debit=line.get("debit") or 0,
                credit=line.get("credit") or 0,
                memo=line.get("memo", ""),
                business_unit=line.get("business_unit"),
            )
            for line in data["lines"]
        ]
        try:
            serializer.instance = services.post_entry(
                date=data["date"],
                memo=data.get("memo", ""),
                lines=lines,
                purpose="manual",
                actor=self.request.user,
                source=(services.MANUAL_SOURCE, data.get("key") or uuid.uuid4().hex),
            )
        except LedgerError as error:
            raise _ledger_error(error) from error

    @extend_schema(request=ReverseSerializer, responses={201: JournalEntrySerializer})
    @action(detail=True, methods=["post"])
    def reverse(self, request, slug=None, pk=None):
        _require_manager(request)
        entry = self.get_object()
        payload = ReverseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            reversal = services.reverse_entry(entry, actor=request.user, **payload.validated_data)
        except LedgerError as error:
            raise _ledger_error(error) from error
        return Response(JournalEntrySerializer(reversal).data, status=status.HTTP_201_CREATED)


class FiscalPeriodViewSet(TenantViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Monthly periods: a month is open for posting once its fiscal year is opened, until it (or a later
    month) is closed. Managers open a fiscal year, close and reopen months and close the year."""

    required_roles = STAFF
    serializer_class = FiscalPeriodSerializer
    filterset_fields = ["year", "status"]

    def get_queryset(self):
        return FiscalPeriod.objects.order_by("-year", "-month")

    def _run(self, request, function, serializer_class=PeriodActionSerializer, **extra):
        _require_manager(request)
        payload = serializer_class(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            result = function(actor=request.user, **payload.validated_data, **extra)
        except LedgerError as error:
            raise _ledger_error(error) from error
        return result

    @extend_schema(request=PeriodActionSerializer, responses=FiscalPeriodSerializer)
    @action(detail=False, methods=["post"])
    def close(self, request, slug=None):
        period = self._run(
            request, lambda actor, year, month, reason=None: services.close_period(actor=actor, year=year, month=month)
        )
        return Response(FiscalPeriodSerializer(period).data)

    @extend_schema(request=PeriodActionSerializer, responses=FiscalPeriodSerializer)
    @action(detail=False, methods=["post"])
    def reopen(self, request, slug=None):
        def reopen(actor, year, month, reason=""):
            if not reason:
                raise DRFValidationError({"reason": [_("Give the reason for reopening.")]})
            return services.reopen_period(actor=actor, year=year, month=month, reason=reason)

        return Response(FiscalPeriodSerializer(self._run(request, reopen)).data)

    @extend_schema(request=YearCloseSerializer, responses={200: OpenedYearSerializer})
    @action(detail=False, methods=["post"], url_path="open-year")
    def open_year(self, request, slug=None):
        """Set up a fiscal year's twelve months for posting (idempotent)."""
        periods = self._run(request, services.open_fiscal_year, YearCloseSerializer)
        payload = YearCloseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)  # it was, in _run: this gives the year as a number
        periods = FiscalPeriodSerializer(periods, many=True).data
        return Response({"fiscal_year": payload.validated_data["fiscal_year"], "periods": periods})

    @extend_schema(request=YearCloseSerializer, responses={200: JournalEntrySerializer})
    @action(detail=False, methods=["post"], url_path="close-year")
    def close_year(self, request, slug=None):
        entry = self._run(request, services.close_year, YearCloseSerializer)
        return Response(JournalEntrySerializer(entry).data if entry else {})


class FixedAssetViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    required_roles = STAFF
    serializer_class = FixedAssetSerializer

    def get_queryset(self):
        return FixedAsset.objects.order_by("code")

    def perform_create(self, serializer):
        _require_manager(self.request)
        serializer.instance = register_fixed_asset(actor=self.request.user, **serializer.validated_data)


PERIOD_PARAMETERS = [
    OpenApiParameter("from", str, description="First month, YYYY-MM (default: start of the fiscal year)"),
    OpenApiParameter("to", str, description="Last month, YYYY-MM (default: this month)"),
    OpenApiParameter("compare_from", str, description="First month of the comparison period"),
    OpenApiParameter("compare_to", str, description="Last month of the comparison period"),
]


class StatementViewSet(TenantViewSetMixin, viewsets.GenericViewSet):
    """Financial statements as JSON (the pages offer the same as HTML, PDF and XLSX)."""

    required_roles = STAFF
    serializer_class = ReportSerializer
    pagination_class = None

    def get_queryset(self):
        return Account.objects.none()

    def _periods(self, request):
        try:
            return exports.periods_from(request.query_params, request.cooperative.fiscal_year_start_month)
        except ValueError as error:
            raise DRFValidationError({"period": [str(error)]}) from error

    @extend_schema(parameters=PERIOD_PARAMETERS, responses=ReportSerializer)
    @action(detail=False, methods=["get"], url_path="trial-balance")
    def trial_balance(self, request, slug=None):
        period, compare = self._periods(request)
        return Response(ReportSerializer(statements.trial_balance(period, compare)).data)

    @extend_schema(parameters=PERIOD_PARAMETERS, responses=ReportSerializer)
    @action(detail=False, methods=["get"], url_path="balance-sheet")
    def balance_sheet(self, request, slug=None):
        period, compare = self._periods(request)
        return Response(ReportSerializer(statements.balance_sheet(period.end, compare.end if compare else None)).data)

    @extend_schema(parameters=PERIOD_PARAMETERS, responses=ReportSerializer)
    @action(detail=False, methods=["get"], url_path="income-statement")
    def income_statement(self, request, slug=None):
        period, compare = self._periods(request)
        return Response(ReportSerializer(statements.income_statement(period, compare)).data)

    @extend_schema(
        parameters=[*PERIOD_PARAMETERS[:2], OpenApiParameter("account", int, required=True)],
        responses=ReportSerializer,
    )
    @action(detail=False, methods=["get"], url_path="general-ledger")
    def general_ledger(self, request, slug=None):
        period, _compare = self._periods(request)
        try:
            account = Account.objects.get(pk=int(request.query_params.get("account", "")))
        except (ValueError, Account.DoesNotExist) as error:
            raise DRFValidationError({"account": [_("Choose an account of this cooperative.")]}) from error
        return Response(ReportSerializer(statements.general_ledger(account, period)).data)


TENANT_ROUTES = [
    ("ledger/business-units", BusinessUnitViewSet, "ledger-business-unit"),
    ("ledger/accounts", AccountViewSet, "ledger-account"),
    ("ledger/entries", JournalEntryViewSet, "ledger-entry"),
    ("ledger/periods", FiscalPeriodViewSet, "ledger-period"),
    ("ledger/fixed-assets", FixedAssetViewSet, "ledger-fixed-asset"),
    ("ledger/statements", StatementViewSet, "ledger-statement"),
]
