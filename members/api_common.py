"""Shared API helpers of members.

Business errors answer in the project's error shape with the service's machine-readable code
(``members.error_codes``) as ``code`` instead of the generic ``invalid``. Choice fields and filters
are documented inline, so ``kind`` or ``status`` of different resources do not collide as enums."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from koperasi.tenancy.models import Role
from members.error_codes import MemberErrorCode

KNOWN_CODES = frozenset(code.value for code in MemberErrorCode)


def error_code(error: DjangoValidationError) -> str | None:
    """The first known code of a Django ValidationError (its own, or one of its field errors)."""
    own = getattr(error, "code", None)
    if own in KNOWN_CODES:
        return own
    for errors in getattr(error, "error_dict", {}).values():
        for item in errors:
            if item.code in KNOWN_CODES:
                return item.code
    for item in getattr(error, "error_list", []):
        if item.code in KNOWN_CODES:
            return item.code
    return None


def validated(serializer_class, request) -> dict:
    """The request's data as ``serializer_class`` validates it (a 400 with the field errors otherwise)."""
    payload = serializer_class(data=request.data)
    payload.is_valid(raise_exception=True)
    return payload.validated_data


class CodedErrorsMixin:
    """Viewset mixin: a service's ``ValidationError`` answers 400 ``{"detail", "code", "errors"}``
    with the service's error code, so clients can act on it (e.g. ``insufficient_savings``)."""

    def handle_exception(self, exc):
        code = error_code(exc) if isinstance(exc, DjangoValidationError) else None
        response = super().handle_exception(exc)
        if code and isinstance(getattr(response, "data", None), dict):
            response.data["code"] = code
        return response


def choice_field(choices, **kwargs) -> serializers.ChoiceField:
    """A ChoiceField documented inline (a pattern of the values, and their labels): field names such as
    ``kind`` or ``status`` mean different choice sets in different resources, and the enum components
    drf-spectacular would make of them would collide by name."""

    values = [str(value) for value, _label in choices]
    schema = {
        "type": "string",
        "pattern": "^(" + "|".join(values) + ")$",
        "description": "; ".join(f"`{value}` {label}" for value, label in choices),
    }

    @extend_schema_field(schema)
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField(choices=choices, **kwargs)


def filterset_for(model, *, exact=(), text=(), dates=()):
    """A FilterSet: ``exact`` foreign keys / booleans as the model declares them, ``text`` choice
    fields as plain strings (no enum component), ``dates`` with ``__gte``/``__lte``."""
    attributes = {name: filters.CharFilter(field_name=name) for name in text}
    meta_fields = {name: ["exact"] for name in exact}
    meta_fields.update({name: ["gte", "lte"] for name in dates})
    attributes["Meta"] = type("Meta", (), {"model": model, "fields": meta_fields})
    return type(f"{model.__name__}FilterSet", (filters.FilterSet,), attributes)


def day_of(data) -> datetime.date:
    """The ``date`` of validated request data; today when left out."""
    return data.get("date") or timezone.localdate()


class ManagerWritesMixin:
    def require_manager(self) -> None:
        if Role.MANAGER not in self.request.cooperative_roles:
            self.permission_denied(self.request, message=_("Only a manager can do this."))


class ProductWritesMixin(ManagerWritesMixin):
    """Viewset mixin for products that managers create and change through a service
    ``save_product(*, actor, product=None, **fields)`` (a ``staticmethod`` on the viewset)."""

    save_product = None

    def perform_create(self, serializer):
        self.require_manager()
        serializer.instance = self.save_product(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        self.require_manager()
        serializer.instance = self.save_product(
            actor=self.request.user, product=serializer.instance, **serializer.validated_data
        )
