"""Supply network: suppliers of raw material and their producing assets; raw materials, quality
parameters and price rules; deliveries (setoran) with their lots; payment runs with deductions."""

from procurement.models.deliveries import Delivery, DeliveryStatus, RawMaterialLot
from procurement.models.materials import PriceRule, PriceStep, QualityParameter, RawMaterial, StepDirection, Unit
from procurement.models.network import AssetKind, ProducingAsset, Supplier, SupplierKind
from procurement.models.payments import (
    Deduction,
    DeductionKind,
    InputCharge,
    PaymentLine,
    PaymentMethod,
    PaymentRun,
    ProcurementSettings,
    RunStatus,
)

__all__ = [
    "AssetKind",
    "Deduction",
    "DeductionKind",
    "Delivery",
    "DeliveryStatus",
    "InputCharge",
    "PaymentLine",
    "PaymentMethod",
    "PaymentRun",
    "PriceRule",
    "PriceStep",
    "ProcurementSettings",
    "ProducingAsset",
    "QualityParameter",
    "RawMaterial",
    "RawMaterialLot",
    "RunStatus",
    "StepDirection",
    "Supplier",
    "SupplierKind",
    "Unit",
]
