"""Processing plants, recipes, production batches and the finished-goods lots they make."""

from processing.models.batches import (
    Allocation,
    Batch,
    BatchInput,
    BatchLabour,
    BatchOtherInput,
    BatchOutput,
    BatchStatus,
    Consumption,
    CreditAccount,
    FinishedGoodsLot,
)
from processing.models.plants import (
    LabourAccount,
    Plant,
    Product,
    ProductionLine,
    WageBasis,
    Worker,
    WorkerKind,
)
from processing.models.recipes import InputKind, Recipe, RecipeInput, RecipeOtherInput, RecipeOutput

__all__ = [
    "Allocation",
    "Batch",
    "BatchInput",
    "BatchLabour",
    "BatchOtherInput",
    "BatchOutput",
    "BatchStatus",
    "Consumption",
    "CreditAccount",
    "FinishedGoodsLot",
    "InputKind",
    "LabourAccount",
    "Plant",
    "Product",
    "ProductionLine",
    "Recipe",
    "RecipeInput",
    "RecipeOtherInput",
    "RecipeOutput",
    "WageBasis",
    "Worker",
    "WorkerKind",
]
