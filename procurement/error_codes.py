"""Machine-readable codes of the procurement app's refusals (clients act on these, not on the text)."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError


class ProcurementErrorCode(StrEnum):
    SUPPLIER_MEMBER = "supplier_member"
    SUPPLIER_VIA = "supplier_via"
    SUPPLIER_INACTIVE = "supplier_inactive"
    NO_PRICE_RULE = "no_price_rule"
    RULE_DATE_TAKEN = "rule_date_taken"
    UNKNOWN_READING = "unknown_reading"
    INVALID_QUANTITY = "invalid_quantity"
    DELIVERY_PAID = "delivery_paid"
    DELIVERY_REVERSED = "delivery_reversed"
    RUN_STATUS = "run_status"
    RUN_MAKER_CHECKER = "run_maker_checker"
    RUN_EMPTY = "run_empty"
    RUN_CHANGED = "run_changed"
    INVALID_ORDER = "invalid_order"
    CHANNEL_STAGES = "channel_stages"
    OBSERVATION_PRICES = "observation_prices"
    OBSERVATION_TAKEN = "observation_taken"
    OBSERVATIONS_INCOMPLETE = "observations_incomplete"
    INVALID_PLAN = "invalid_plan"


def refuse(field: str, message: str, code: ProcurementErrorCode) -> ValidationError:
    """``ValidationError({field: [message]})`` carrying ``code`` on the entry and on the error."""
    error = ValidationError({field: [ValidationError(message, code=str(code))]})
    error.code = str(code)
    return error
