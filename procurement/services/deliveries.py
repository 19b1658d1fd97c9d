"""Deliveries (setoran): priced by the rule in force, posted to the books, each with its lot."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.ledger.services import Line, post_entry, reverse_entry
from koperasi.money import quantize_quantity
from procurement import locks, pricing, selectors
from procurement.error_codes import ProcurementErrorCode, refuse
from procurement.models import Delivery, DeliveryStatus, RawMaterial, RawMaterialLot, Supplier

PURPOSE_INTAKE = "procurement.delivery"
BUSINESS_UNIT = "PGD"  # Pengadaan bahan baku


def _quantity(value, field: str) -> Decimal:
    quantity = quantize_quantity(Decimal(value))
    if quantity < 0 or (field == "quantity" and quantity == 0):
        raise refuse(field, _("The quantity must be above zero."), ProcurementErrorCode.INVALID_QUANTITY)
    return quantity


def _readings(material: RawMaterial, readings: dict) -> dict[str, Decimal]:
    known = {parameter.code for parameter in material.parameters.all()}
    unknown = sorted(set(readings) - known)
    if unknown:
        raise refuse(
            "readings",
            _("Not a quality parameter of %(material)s: %(codes)s.")
            % {"material": material.name, "codes": ", ".join(unknown)},
            ProcurementErrorCode.UNKNOWN_READING,
        )
    return {code: Decimal(str(value)) for code, value in readings.items() if value not in (None, "")}


@transaction.atomic
def record_delivery(
    *,
    actor,
    supplier: Supplier,
    material: RawMaterial,
    date: datetime.date,
    quantity: Decimal,
    rejected_quantity: Decimal = Decimal(0),
    grade: str = "",
    readings: dict | None = None,
    farmer: Supplier | None = None,
    collection_point: str = "",
    key: uuid.UUID | str | None = None,
) -> Delivery:
    """Receive raw material: price it by the rule in force on ``date``, post Dr Persediaan bahan baku /
    Cr Hutang usaha (party: the supplier, or its member) and make its lot. The same ``key`` twice records
    it once."""
    key = uuid.UUID(str(key)) if key else uuid.uuid4()
    existing = Delivery.objects.filter(key=key).first()
    if existing is not None:
        return existing
    if not supplier.is_active:
        raise refuse("supplier", _("This supplier is no longer active."), ProcurementErrorCode.SUPPLIER_INACTIVE)
    quantity, rejected = _quantity(quantity, "quantity"), _quantity(rejected_quantity, "rejected_quantity")
    if rejected > quantity:
        raise refuse(
            "rejected_quantity", _("More is rejected than was delivered."), ProcurementErrorCode.INVALID_QUANTITY
        )
    values = _readings(material, readings or {})
    rule = selectors.rule_in_force(material, grade, date)
    if rule is None:
        raise refuse(
            "date",
            _("%(material)s has no price on %(date)s yet.") % {"material": material.name, "date": date},
            ProcurementErrorCode.NO_PRICE_RULE,
        )
    price = pricing.unit_price(rule.base_price, selectors.rule_steps(rule), values)
    delivery = Delivery(
        key=key,
        supplier=supplier,
        farmer=farmer,
        material=material,
        date=date,
        collection_point=collection_point,
        quantity=quantity,
        rejected_quantity=rejected,
        grade=grade,
        readings={k: str(v) for k, v in values.items()},
        price_rule=rule,
        price_rule_version=rule.version,
        unit_price=price.unit_price,
        value=pricing.delivery_value(quantity - rejected, price.unit_price),
        created_by=actor,
    )
    try:
        with transaction.atomic():
            delivery.save()
    except IntegrityError:  # the same key, recorded meanwhile by a retried request
        return Delivery.objects.get(key=key)
    if delivery.value > 0:
        memo = _("Delivery %(number)s, %(supplier)s") % {"number": delivery.number, "supplier": supplier.name}
        delivery.journal_entry = post_entry(
            date=date,
            source=delivery,
            purpose=PURPOSE_INTAKE,
            memo=memo,
            actor=actor,
            lines=[
                Line("raw_material_inventory", debit=delivery.value, business_unit=BUSINESS_UNIT),
                Line("accounts_payable", credit=delivery.value, party=supplier.party, business_unit=BUSINESS_UNIT),
            ],
        )
        Delivery.objects.filter(pk=delivery.pk).update(journal_entry=delivery.journal_entry)
    accepted = quantity - rejected
    if accepted > 0:
        RawMaterialLot.objects.create(
            delivery=delivery, material=material, quantity=accepted, remaining=accepted, unit_cost=price.unit_price
        )
    return delivery


@transaction.atomic
def reverse_delivery(*, actor, delivery: Delivery, reason: str, on: datetime.date | None = None) -> Delivery:
    """Correct a delivery recorded wrongly: its entry is reversed and its lot emptied. Refused once a
    payment run has taken it, or when its raw material has been used."""
    delivery = locks.lock_delivery(delivery.pk)
    if delivery.status == DeliveryStatus.REVERSED:
        raise refuse("status", _("This delivery is already reversed."), ProcurementErrorCode.DELIVERY_REVERSED)
    if delivery.payment_line_id is not None:
        raise refuse(
            "status",
            _("A payment run has taken this delivery; correct it in the next run."),
            ProcurementErrorCode.DELIVERY_PAID,
        )
    if not reason.strip():
        raise refuse("reason", _("Say why the delivery is reversed."), ProcurementErrorCode.DELIVERY_REVERSED)
    lot = RawMaterialLot.objects.select_for_update().filter(delivery=delivery).first()
    if lot is not None and lot.remaining != lot.quantity:
        raise refuse(
            "status",
            _("Part of this delivery has already gone into processing."),
            ProcurementErrorCode.DELIVERY_PAID,
        )
    if delivery.journal_entry_id:
        reverse_entry(delivery.journal_entry, date=on or timezone.localdate(), reason=reason, actor=actor)
    if lot is not None:
        RawMaterialLot.objects.filter(pk=lot.pk).update(remaining=0)
    delivery.status, delivery.reversal_reason = DeliveryStatus.REVERSED, reason.strip()[:255]
    delivery.save(update_fields=["status", "reversal_reason"])
    record_event(
        "procurement.delivery_reversed",
        actor=actor,
        cooperative_id=delivery.cooperative_id,
        obj=delivery,
        after={"reason": delivery.reversal_reason, "value": str(delivery.value)},
    )
    return delivery
