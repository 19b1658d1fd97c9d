"""A cooperative's book figures — rows per table and the ledger's totals — to compare two copies of
the same books (a backup and its restore): equal figures mean nothing was lost on the way."""

from __future__ import annotations

from decimal import Decimal

from django.apps import apps
from django.db.models import Sum

from koperasi.tenancy.models import TenantModel


def tenant_models() -> list[type[TenantModel]]:
    """Every concrete tenant table, in a stable order."""
    found = [m for m in apps.get_models() if issubclass(m, TenantModel) and not m._meta.proxy]
    return sorted(found, key=lambda model: model._meta.label)


def book_figures() -> dict:
    """Rows of every tenant table and the ledger's totals of the cooperative in context (JSON-ready)."""
    return {"rows": {model._meta.label: model.objects.count() for model in tenant_models()}, "ledger": ledger_totals()}


def ledger_totals() -> dict[str, str]:
    """The debit and credit totals of every journal line of the cooperative in context (JSON-ready)."""
    from koperasi.ledger.models import JournalLine

    totals = JournalLine.objects.aggregate(debit=Sum("debit"), credit=Sum("credit"))
    return {side: str(totals[side] or Decimal("0.00")) for side in ("debit", "credit")}
