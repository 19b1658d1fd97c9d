"""Every lock the procurement app takes, in one place so the order is written once: a material
(price versions), a supplier's deliveries, a payment run — each by id ascending."""

from __future__ import annotations

from procurement.models import Delivery, PaymentRun, RawMaterial


def lock_material(pk: int) -> RawMaterial:
    return RawMaterial.objects.select_for_update().get(pk=pk)


def lock_delivery(pk: int) -> Delivery:
    return Delivery.objects.select_for_update().get(pk=pk)


def lock_run(pk: int) -> PaymentRun:
    return PaymentRun.objects.select_for_update().get(pk=pk)
