"""Machine-readable codes of the processing app's refusals (clients act on these, not on the text)."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError


class ProcessingErrorCode(StrEnum):
    INVALID_QUANTITY = "invalid_quantity"
    RECIPE_OUTPUTS = "recipe_outputs"
    RECIPE_INPUTS = "recipe_inputs"
    NO_RECIPE = "no_recipe"
    BATCH_STATUS = "batch_status"
    BATCH_OUTPUTS = "batch_outputs"
    LOT_SHORT = "lot_short"
    LOT_MATERIAL = "lot_material"
    STOCK_SHORT = "stock_short"
    WORKER_PLANT = "worker_plant"
    POSTING_REFUSED = "posting_refused"
    CUSTOMER = "customer"
    ORDER_STATUS = "order_status"
    OVER_SHIPPED = "over_shipped"
    INVOICED = "invoiced"
    OVERPAID = "overpaid"


def refuse(field: str, message: str, code: ProcessingErrorCode) -> ValidationError:
    """``ValidationError({field: [message]})`` carrying ``code`` on the entry and on the error."""
    error = ValidationError({field: [ValidationError(message, code=str(code))]})
    error.code = str(code)
    return error

