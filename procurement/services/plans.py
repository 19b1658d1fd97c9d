"""Seasons of a raw material and its supply plan per month."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.money import quantize_quantity
from koperasi.tenancy.context import current_cooperative_id
from procurement.error_codes import ProcurementErrorCode, refuse
from procurement.models import Delivery, DeliveryStatus, PlanBasis, RawMaterial, Supplier, SupplyPlan


def set_season(*, actor, material: RawMaterial, months: Sequence[int]) -> RawMaterial:
    """The months of the material's season (1–12); none: all year."""
    chosen = sorted({int(month) for month in months})
    if any(month < 1 or month > 12 for month in chosen):
        raise refuse("season_months", _("Months are 1 to 12."), ProcurementErrorCode.INVALID_PLAN)
    material.season_months = chosen
    material.save(update_fields=["season_months"])
    record_event("procurement.season", actor=actor, obj=material, after={"months": chosen})
    return material


def _first_day(month: datetime.date) -> datetime.date:
    return month.replace(day=1)


def save_plan(
    *, actor, material: RawMaterial, month: datetime.date, quantity: Decimal, supplier: Supplier | None = None
) -> SupplyPlan:
    """Enter (or change) what is expected of ``material`` in ``month`` from ``supplier`` (none: the
    suppliers not planned one by one)."""
    quantity = quantize_quantity(Decimal(quantity))
    if quantity < 0:
        raise refuse("expected_quantity", _("The quantity cannot be negative."), ProcurementErrorCode.INVALID_PLAN)
    plan, _created = SupplyPlan.objects.update_or_create(
        material=material,
        supplier=supplier,
        month=_first_day(month),
        defaults={"expected_quantity": quantity, "basis": PlanBasis.ENTERED, "updated_by": actor},
    )
    return plan


@transaction.atomic
def plan_from_history(*, actor, material: RawMaterial, year: int) -> int:
    """Expect, for every supplier and month of ``year``, what it delivered (accepted) in the same month of
    the year before; months someone entered by hand are kept. Returns the number of months planned."""
    last_year = Delivery.objects.filter(material=material, status=DeliveryStatus.POSTED, date__year=year - 1)
    rows = (
        last_year.annotate(month=TruncMonth("date"))
        .values("supplier_id", "month")
        .annotate(quantity=Sum(F("quantity") - F("rejected_quantity")))
        .order_by()
    )
    entered = set(
        SupplyPlan.objects.filter(material=material, month__year=year, basis=PlanBasis.ENTERED).values_list(
            "supplier_id", "month"
        )
    )
    SupplyPlan.objects.filter(material=material, month__year=year, basis=PlanBasis.HISTORY).delete()
    plans, cooperative_id = [], current_cooperative_id()
    for row in rows:
        month = row["month"].replace(year=year)
        if (row["supplier_id"], month) in entered:
            continue
        plans.append(
            SupplyPlan(cooperative_id=cooperative_id, material=material, supplier_id=row["supplier_id"], month=month,
                       expected_quantity=row["quantity"], basis=PlanBasis.HISTORY, updated_by=actor)
        )  # fmt: skip
    SupplyPlan.objects.bulk_create(plans, batch_size=1000)
    record_event("procurement.plan_from_history", actor=actor, obj=material, after={"year": year, "months": len(plans)})
    return len(plans)
