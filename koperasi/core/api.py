"""API conventions shared by every viewset: pagination and the JSON error shape.

Every error answers ``{"detail": str, "code": str, "errors": {field: [messages]}}``; validation
errors keep DRF's field-level messages under ``errors`` (``non_field_errors`` for the whole object).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler


class DefaultPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def _field_errors(detail) -> dict:
    if isinstance(detail, dict):
        return detail
    if isinstance(detail, list):
        return {"non_field_errors": detail}
    return {"non_field_errors": [detail]}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "detail": _("Invalid input."),
            "code": "invalid",
            "errors": _field_errors(response.data),
        }
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        response.data = {
            "detail": str(exc.detail) if not isinstance(exc.detail, (dict, list)) else _("Error."),
            "code": codes if isinstance(codes, str) else "error",
            "errors": {},
        }
    return response
