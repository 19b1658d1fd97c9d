"""Stateless REST calculators: ``POST /api/v1/calculators/<method>/`` with the method's JSON payload.

Each method gets its own path (and so its own OpenAPI operation with the seed example); the body is the
payload documented in docs/methods.md and the answer is the method's result document, unchanged. Bad
input answers 400 in the project's error shape with the method's field paths under ``errors``.
"""

from __future__ import annotations

from django.urls import path
from django.utils.text import format_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from performance.api_dashboards import TENANT_ROUTES as DASHBOARD_ROUTES
from performance.api_ratings import PLATFORM_ROUTES as RATING_PLATFORM_ROUTES
from performance.api_ratings import TENANT_ROUTES as RATING_ROUTES
from performance.api_ratings import VerificationView
from performance.api_snapshots import SnapshotViewSet
from performance.calculators import CALCULATORS, Calculator, calculate
from performance.methods._base import MethodInputError


class CalculatorErrorSerializer(serializers.Serializer):
    """The project's error shape (koperasi.core.api.exception_handler)."""

    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field path (e.g. `stages.0.buy_price`, `matrix.1.2`, `non_field_errors`) → messages.",
    )


class CalculatorView(APIView):
    """Run one analytics method on the posted JSON object and return its result document."""

    calculator: Calculator
    parser_classes = [JSONParser]

    def post(self, request: Request) -> Response:
        try:
            result = calculate(self.calculator, request.data)
        except MethodInputError as exc:
            raise ValidationError(detail=exc.errors) from exc
        return Response(result)


_INVALID_EXAMPLES = {
    "hayami": {"raw_material_qty": ["Must be greater than zero."], "output_price": ["This field is required."]},
    "income": {"quantity": ["Must be greater than zero."], "fixed_costs.0.amount": ["Must be at least 0."]},
    "margins": {"stages.0.sell_price": ["This field is required."]},
    "bsc": {"measures.0.bands": ["Gap in bands: values between bands 0 and 1 (10 to 12) get no score."]},
    "ahp": {"matrix.0.1": ["Not reciprocal: matrix.0.1 × matrix.1.0 must be 1."]},
    "scor": {"metrics.0.group": ["Unknown group 'plan'."]},
}


_DESCRIPTION = (
    "Stateless: nothing is stored. Numbers may be JSON numbers or numeric strings; decimals in the result "
    "are strings, a ratio whose divisor is zero is `null` with a note, and `published` (the printed figures "
    "of a table) adds a `reconciliation`. Formulas, payload and result: docs/methods.md, method `{slug}`."
)


def _schema(calculator: Calculator):
    payload = calculator.example()
    errors = _INVALID_EXAMPLES[calculator.slug]
    return extend_schema(
        operation_id=f"calculators_{calculator.slug}",
        summary=calculator.title,
        description=format_lazy("{}\n\n{}", calculator.summary, _DESCRIPTION.format(slug=calculator.slug)),
        tags=["calculators"],
        request={"application/json": OpenApiTypes.OBJECT},
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="The method's result document."),
            400: OpenApiResponse(CalculatorErrorSerializer, description="Invalid payload."),
            401: OpenApiResponse(CalculatorErrorSerializer, description="Not authenticated."),
            403: OpenApiResponse(CalculatorErrorSerializer, description="Not authenticated (session)."),
        },
        examples=[
            OpenApiExample("Seed example", value=payload, request_only=True),
            OpenApiExample(
                "Seed example result", value=calculate(calculator, payload), response_only=True, status_codes=["200"]
            ),
            OpenApiExample(
                "Invalid payload",
                value={"detail": "Invalid input.", "code": "invalid", "errors": errors},
                response_only=True,
                status_codes=["400"],
            ),
        ],
    )


def _view(calculator: Calculator) -> type[CalculatorView]:
    name = f"{calculator.slug.capitalize()}CalculatorView"
    view = type(name, (CalculatorView,), {"calculator": calculator})
    return extend_schema_view(post=_schema(calculator))(view)


CALCULATOR_VIEWS: dict[str, type[CalculatorView]] = {slug: _view(c) for slug, c in CALCULATORS.items()}

PLATFORM_API_URLS = [
    *(
        path(f"calculators/{slug}/", view.as_view(), name=f"calculator-{slug}")
        for slug, view in CALCULATOR_VIEWS.items()
    ),
    path("verify/<str:code>/", VerificationView.as_view(), name="api-verify"),
]

TENANT_ROUTES = [("snapshots", SnapshotViewSet, "snapshot"), *DASHBOARD_ROUTES, *RATING_ROUTES]
PLATFORM_ROUTES = RATING_PLATFORM_ROUTES
