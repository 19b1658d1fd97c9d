"""Reports and replenishment API: shop reports over a period, reorder suggestions, draft orders."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from koperasi.core.downloads import XLSX_TYPE, file_response
from koperasi.tenancy.api import TenantViewSetMixin
from waserda import reports
from waserda.api.common import (
    STAFF,
    service_errors,
)
from waserda.api.purchasing import PurchaseOrderSerializer
from waserda.services import replenishment

PERIOD = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day (default: 30 days ago)"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (default: today)"),
    OpenApiParameter("export", str, description="xlsx for a spreadsheet (default: JSON)"),
]


def report_period(params) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    try:
        end = datetime.date.fromisoformat(params.get("to")) if params.get("to") else today
        start = datetime.date.fromisoformat(params.get("from")) if params.get("from") else end - datetime.timedelta(29)
    except ValueError as error:
        raise exceptions.ValidationError({"from": [_("Dates are YYYY-MM-DD.")]}) from error
    return min(start, end), max(start, end)


class ReportListItemSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()


class ReplenishmentRowSerializer(serializers.Serializer):
    product = serializers.IntegerField()
    sku = serializers.CharField()
    name = serializers.CharField()
    supplier = serializers.IntegerField(allow_null=True)
    daily_demand = serializers.DecimalField(max_digits=18, decimal_places=3)
    reorder_point = serializers.DecimalField(max_digits=18, decimal_places=3)
    order_up_to = serializers.DecimalField(max_digits=18, decimal_places=3)
    on_hand = serializers.DecimalField(max_digits=18, decimal_places=3)
    on_order = serializers.DecimalField(max_digits=18, decimal_places=3)
    suggested = serializers.DecimalField(max_digits=18, decimal_places=3)


class ReportViewSet(TenantViewSetMixin, viewsets.ViewSet):
    """Waserda reports as JSON (or ``?export=xlsx``): the list names them, ``<slug>/`` runs one."""

    required_roles = STAFF

    @extend_schema(responses=ReportListItemSerializer(many=True), operation_id="waserda_reports_list")
    def list(self, request, *args, **kwargs):
        return Response([{"slug": r.slug, "title": str(r.title)} for r in reports.REPORTS.values()])

    @extend_schema(parameters=PERIOD, responses=OpenApiTypes.OBJECT, operation_id="waserda_reports_run")
    @action(detail=False, methods=["get"], url_path=r"(?P<report>[a-z-]+)")
    def run(self, request, *args, report: str = "", **kwargs):
        if report not in reports.REPORTS:
            raise exceptions.NotFound()
        start, end = report_period(request.query_params)
        definition, rows, totals = reports.run(report, start, end)
        if request.query_params.get("export") == "xlsx":
            content = reports.to_xlsx(definition, rows, totals, start, end, request.cooperative.name)
            filename = f"{request.cooperative.slug}-waserda-{report}-{start}_{end}.xlsx"
            return file_response(content, filename=filename, content_type=XLSX_TYPE)
        return Response(
            {
                "report": report,
                "title": str(definition.title),
                "from": start,
                "to": end,
                "columns": [c.key for c in definition.columns],
                "rows": [_plain(row) for row in rows],
                "totals": _plain(totals),
            }
        )


def _plain(row: dict) -> dict:
    """Decimals as strings (exact, like every money field of the API), dates as ISO text."""
    plain = {}
    for key, value in row.items():
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        plain[key] = value
    return plain


class ReplenishmentViewSet(TenantViewSetMixin, viewsets.ViewSet):
    """What to reorder (GET) and draft purchase orders per supplier from a selection (POST ``orders/``)."""

    required_roles = STAFF

    @extend_schema(responses=ReplenishmentRowSerializer(many=True))
    def list(self, request, *args, **kwargs):
        return Response(
            [
                {
                    "product": row.product.pk,
                    "sku": row.product.sku,
                    "name": row.product.name,
                    "supplier": row.product.supplier_id,
                    "daily_demand": str(row.daily_demand),
                    "reorder_point": str(row.reorder_point),
                    "order_up_to": str(row.order_up_to),
                    "on_hand": str(row.on_hand),
                    "on_order": str(row.on_order),
                    "suggested": str(row.suggested),
                }
                for row in replenishment.suggestions()
            ]
        )

    @extend_schema(
        request=inline_serializer(
            "ReplenishmentOrder", fields={"products": serializers.ListField(child=serializers.IntegerField())}
        ),
        responses={201: PurchaseOrderSerializer(many=True)},
    )
    @action(detail=False, methods=["post"])
    def orders(self, request, *args, **kwargs):
        ids = request.data.get("products") if isinstance(request.data, dict) else None
        if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
            raise exceptions.ValidationError({"products": [_("A list of product ids.")]})
        with service_errors():
            orders, _left_out = replenishment.create_draft_orders(actor=request.user, product_ids=ids)
        return Response(PurchaseOrderSerializer(orders, many=True).data, status=status.HTTP_201_CREATED)
