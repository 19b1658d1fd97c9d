"""The supply network: registering suppliers and what they produce with."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from procurement.error_codes import ProcurementErrorCode, refuse
from procurement.models import ProducingAsset, Supplier, SupplierKind

SUPPLIER_FIELDS = (
    "kind",
    "name",
    "member",
    "via",
    "leader",
    "phone",
    "village",
    "district",
    "regency",
    "province",
    "latitude",
    "longitude",
    "bank_name",
    "bank_account",
    "bank_account_holder",
    "is_active",
)
CHANNELS = (SupplierKind.GROUP, SupplierKind.COLLECTOR)


def _check(supplier: Supplier) -> None:
    if supplier.kind == SupplierKind.MEMBER and supplier.member_id is None:
        raise refuse("member", _("A member supplier names the member."), ProcurementErrorCode.SUPPLIER_MEMBER)
    if supplier.kind != SupplierKind.MEMBER and supplier.member_id is not None:
        raise refuse("member", _("Only a member supplier is linked to a member."), ProcurementErrorCode.SUPPLIER_MEMBER)
    via = supplier.via
    if via is not None:
        if via.kind not in CHANNELS:
            raise refuse(
                "via", _("Deliveries go through a farmer group or a collector."), ProcurementErrorCode.SUPPLIER_VIA
            )
        seen = {supplier.pk}
        while via is not None:  # no supplier delivers, however indirectly, through itself
            if via.pk in seen:
                raise refuse("via", _("This would make a circle of suppliers."), ProcurementErrorCode.SUPPLIER_VIA)
            seen.add(via.pk)
            via = via.via
    if supplier.leader_id is not None and supplier.kind != SupplierKind.GROUP:
        raise refuse("leader", _("Only a farmer group has a leader."), ProcurementErrorCode.SUPPLIER_VIA)


@transaction.atomic
def save_supplier(*, actor, supplier: Supplier | None = None, **fields) -> Supplier:
    """Register a supplier, or change one; a member supplier is linked to its member (once)."""
    unknown = set(fields) - set(SUPPLIER_FIELDS)
    if unknown:
        raise TypeError(f"unknown supplier fields: {sorted(unknown)}")
    created = supplier is None
    supplier = supplier or Supplier()
    for name, value in fields.items():
        setattr(supplier, name, value)
    if supplier.member_id and not supplier.name:
        supplier.name = supplier.member.name
    _check(supplier)
    if supplier.member_id and Supplier.objects.filter(member_id=supplier.member_id).exclude(pk=supplier.pk).exists():
        raise refuse("member", _("This member is already a supplier."), ProcurementErrorCode.SUPPLIER_MEMBER)
    supplier.save()
    record_event(
        "procurement.supplier_saved" if not created else "procurement.supplier_registered",
        actor=actor,
        cooperative_id=supplier.cooperative_id,
        obj=supplier,
        after={"kind": supplier.kind, "name": supplier.name, "via": supplier.via_id},
    )
    return supplier


def add_asset(*, supplier: Supplier, **fields) -> ProducingAsset:
    """Record a garden, herd or boat of a supplier (with its mortgage, if it is mortgaged)."""
    asset = ProducingAsset(supplier=supplier, **fields)
    asset.full_clean(exclude=["cooperative", "supplier"])
    asset.save()
    return asset
