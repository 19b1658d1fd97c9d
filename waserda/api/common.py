"""Shared pieces of the waserda API: service errors as problem answers, role checks, tenant
primary-key fields, read-only choices and the list/retrieve/create viewset base."""

from __future__ import annotations

import contextlib

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, mixins, serializers, viewsets

from koperasi.ledger.error_codes import LedgerError
from koperasi.tenancy.api import TenantViewSetMixin
from koperasi.tenancy.models import Role
from waserda.error_codes import WaserdaError, WaserdaErrorCode

STAFF = (Role.MANAGER, Role.STAFF)
CONFLICTS = {
    WaserdaErrorCode.INSUFFICIENT_STOCK,
    WaserdaErrorCode.SESSION_ALREADY_OPEN,
    WaserdaErrorCode.SESSION_CLOSED,
    WaserdaErrorCode.COUNT_POSTED,
    WaserdaErrorCode.ORDER_NOT_OPEN,
    WaserdaErrorCode.RECEIPT_ALREADY_BILLED,
}


class WaserdaProblem(exceptions.APIException):
    status_code = 400

    def __init__(self, detail: str, code: str, status_code: int = 400):
        super().__init__(detail=detail, code=code)
        self.status_code = status_code


@contextlib.contextmanager
def service_errors():
    """Service errors as API answers with their machine-readable code."""
    try:
        yield
    except WaserdaError as error:
        code = 409 if error.error_code in CONFLICTS else 400
        raise WaserdaProblem(error.text, error.error_code.value, code) from error
    except LedgerError as error:
        raise WaserdaProblem(error.message, error.code.value) from error


def read_only_choice(choices) -> serializers.CharField:
    """A read-only choice shown inline in the schema (no shared enum component to collide over)."""

    @extend_schema_field({"type": "string", "enum": [value for value, _label in choices]})
    class ChoiceText(serializers.CharField):
        pass

    return ChoiceText(read_only=True)


def require_manager(request) -> None:
    if Role.MANAGER not in request.cooperative_roles:
        raise exceptions.PermissionDenied(_("Only a manager may do this."))


class TenantCreateViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """List, retrieve and create (no update or delete). A ``POST`` runs one service: the subclass
    implements ``create_with(data)`` (or overrides ``perform_create``/``create``)."""

    def perform_create(self, serializer):
        with service_errors():
            serializer.instance = self.create_with(serializer.validated_data)

    def create_with(self, data):
        raise NotImplementedError
