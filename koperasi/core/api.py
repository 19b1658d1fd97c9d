"""API conventions shared by every viewset: pagination and the JSON error shape.

Every error answers ``{"detail": str, "code": str, "errors": {field: [messages]}}``; validation
errors keep DRF's field-level messages under ``errors`` (``non_field_errors`` for the whole object).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import F, UniqueConstraint
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler

EARLIEST_BUSINESS_DATE = datetime.date(1990, 1, 1)


class BusinessDateField(serializers.DateField):
    """The day something happened (a deposit, a loan decision, a receipt): never after today, in the
    cooperative's time zone, nor before 1990. A mistyped year is a field error, not a transaction
    in 2099 or in 1900 (and not a 500 when a schedule would run past the year 9999)."""

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if day > timezone.localdate():
            raise serializers.ValidationError(_("This date is in the future."), code="future_date")
        if day < EARLIEST_BUSINESS_DATE:
            raise serializers.ValidationError(_("This date is too far in the past."), code="date_too_early")
        return day


class IdempotencyKeyField(serializers.UUIDField):
    """The key every write that moves money or goods carries (required): the client makes one UUID per
    action, so a retry or a double click records nothing new (the database's unique key decides)."""

    def __init__(self, **kwargs):
        help_text = "Required: a UUID the client makes once per action; sending it again records nothing new."
        kwargs.setdefault("help_text", help_text)
        super().__init__(**kwargs)


class DefaultPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def _field_errors(detail) -> dict:
    if isinstance(detail, dict):
        return detail
    if isinstance(detail, list):
        return {"non_field_errors": detail}
    return {"non_field_errors": [detail]}


def constraint_errors(error: IntegrityError) -> dict[str, list[str]]:
    """Field errors for a database constraint a write broke, named by the constraint: a unique one
    ("already exists") or a check ("not allowed"), on the fields it is about (not the cooperative).
    A serializer that knows the rule says it better; this is the floor, so such input is a 400."""
    name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    constraint = _constraints().get(name)
    if constraint is None:
        return {"non_field_errors": [_("This conflicts with data already saved.")]}
    if isinstance(constraint, UniqueConstraint):
        fields = [field for field in constraint.fields if field != "cooperative"] or ["non_field_errors"]
        return {field: [_("This value already exists.")] for field in fields}
    fields = sorted({key.split("__")[0] for key in _condition_keys(constraint.condition)}) or ["non_field_errors"]
    return {field: [_("This value is not allowed here.")] for field in fields}


def _constraints() -> dict:
    from django.apps import apps

    return {constraint.name: constraint for model in apps.get_models() for constraint in model._meta.constraints}


def _condition_keys(condition) -> list[str]:
    keys = []
    for child in getattr(condition, "children", []):
        if isinstance(child, tuple):
            keys.append(child[0])
            value = child[1]
            if isinstance(value, F):
                keys.append(value.name)
        else:
            keys += _condition_keys(child)
    return keys


def exception_handler(exc, context):
    if isinstance(exc, IntegrityError):
        exc = exceptions.ValidationError(detail=constraint_errors(exc))
    elif isinstance(exc, DjangoValidationError):
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
