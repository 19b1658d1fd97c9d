"""Deliveries (setoran): priced by the rule in force, posted to the books, each with its lot."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.ledger.services import Line, Posting, prepare_posting, reverse_entry
from koperasi.money import quantize_quantity
from koperasi.tenancy.context import current_cooperative_id
from procurement import delivery_store, locks, pricing, selectors
from procurement.error_codes import ProcurementErrorCode, refuse
from procurement.models import Delivery, DeliveryStatus, RawMaterial, RawMaterialLot, Supplier

PURPOSE_INTAKE = "procurement.delivery"
BUSINESS_UNIT = "PGD"  # Pengadaan bahan baku


def _quantity(value, field: str) -> Decimal:
    quantity = quantize_quantity(Decimal(value))
    if quantity < 0 or (field == "quantity" and quantity == 0):
        raise refuse(field, _("The quantity must be above zero."), ProcurementErrorCode.INVALID_QUANTITY)
    return quantity


def _readings(material: RawMaterial, known: frozenset[str], readings: dict) -> dict[str, Decimal]:
    unknown = sorted(set(readings) - known)
    if unknown:
        raise refuse(
            "readings",
            _("Not a quality parameter of %(material)s: %(codes)s.")
            % {"material": material.name, "codes": ", ".join(unknown)},
            ProcurementErrorCode.UNKNOWN_READING,
        )
    return {code: Decimal(str(value)) for code, value in readings.items() if value not in (None, "")}


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
    it once, also when two requests race (the unique key decides; the loser answers the winner's)."""
    key = uuid.UUID(str(key)) if key else uuid.uuid4()
    try:
        return _record(
            actor=actor,
            supplier=supplier,
            material=material,
            date=date,
            quantity=quantity,
            rejected_quantity=rejected_quantity,
            grade=grade,
            readings=readings or {},
            farmer=farmer,
            collection_point=collection_point,
            key=key,
        )
    except IntegrityError as error:
        if getattr(error.__cause__, "diag", None) is None or error.__cause__.diag.constraint_name != _KEY:
            raise
        return Delivery.objects.get(key=key)


_KEY = "procurement_delivery_key_unique"


@transaction.atomic
def _record(*, actor, supplier, material, date, quantity, rejected_quantity, grade, readings, farmer,
            collection_point, key) -> Delivery:  # fmt: skip
    """Three statements (docs/performance.md, "Supply: delivery intake"): what the delivery is priced on,
    then its posting and its rows together; every refusal comes before anything is written."""
    if not supplier.is_active:
        raise refuse("supplier", _("This supplier is no longer active."), ProcurementErrorCode.SUPPLIER_INACTIVE)
    quantity, rejected = _quantity(quantity, "quantity"), _quantity(rejected_quantity, "rejected_quantity")
    if rejected > quantity:
        raise refuse(
            "rejected_quantity", _("More is rejected than was delivered."), ProcurementErrorCode.INVALID_QUANTITY
        )
    basis = selectors.delivery_basis(material.pk, grade, date, key)
    if basis.replay_id is not None:
        return Delivery.objects.get(pk=basis.replay_id)
    values = _readings(material, basis.parameter_codes, readings)
    rule = basis.rule
    if rule is None:
        raise refuse(
            "date",
            _("%(material)s has no price on %(date)s yet.") % {"material": material.name, "date": date},
            ProcurementErrorCode.NO_PRICE_RULE,
        )
    price = pricing.unit_price(rule.base_price, rule.steps, values)
    delivery = Delivery(
        id=basis.new_id,
        cooperative_id=current_cooperative_id(),
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
        price_rule_id=rule.id,
        price_rule_version=rule.version,
        unit_price=price.unit_price,
        value=pricing.delivery_value(quantity - rejected, price.unit_price),
        created_by=actor if actor is not None and actor.is_authenticated else None,
        created_at=timezone.now(),
    )
    delivery_store.insert(delivery, _posting(delivery, actor) if delivery.value > 0 else None)
    record_event(
        "procurement.delivery_recorded",
        actor=actor,
        cooperative_id=delivery.cooperative_id,
        obj=delivery,
        after={"supplier": supplier.pk, "quantity": str(quantity), "grade": grade, "value": str(delivery.value)},
    )
    return delivery


def _posting(delivery: Delivery, actor) -> Posting:
    memo = _("Delivery %(number)s, %(supplier)s") % {"number": delivery.number, "supplier": delivery.supplier.name}
    return prepare_posting(
        date=delivery.date,
        source=delivery,
        purpose=PURPOSE_INTAKE,
        memo=memo,
        actor=actor,
        lines=[
            Line("raw_material_inventory", debit=delivery.value, business_unit=BUSINESS_UNIT),
            Line("accounts_payable", credit=delivery.value, party=delivery.supplier.party, business_unit=BUSINESS_UNIT),
        ],
    )


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
