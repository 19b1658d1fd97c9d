"""Supply network: suppliers of raw material and their producing assets; raw materials, quality
parameters and price rules; deliveries (setoran) with their lots; payment runs with deductions."""

from procurement.models.deliveries import Delivery, DeliveryStatus, RawMaterialLot
from procurement.models.markets import (
    ChannelStage,
    MarketingChannel,
    ObservationCost,
    ObservationSource,
    PriceObservation,
    StageRole,
)
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
from procurement.models.plans import PlanBasis, SupplyPlan

__all__ = [
    "AssetKind",
    "ChannelStage",
    "Deduction",
    "DeductionKind",
    "Delivery",
    "DeliveryStatus",
    "InputCharge",
    "MarketingChannel",
    "ObservationCost",
    "ObservationSource",
    "PaymentLine",
    "PaymentMethod",
    "PaymentRun",
    "PlanBasis",
    "PriceObservation",
    "PriceRule",
    "PriceStep",
    "ProcurementSettings",
    "ProducingAsset",
    "QualityParameter",
    "RawMaterial",
    "RawMaterialLot",
    "RunStatus",
    "StageRole",
    "StepDirection",
    "Supplier",
    "SupplierKind",
    "SupplyPlan",
    "Unit",
]
