"""Machine-readable codes of waserda errors that clients (the POS page, API users) act on."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError


class WaserdaErrorCode(StrEnum):
    INSUFFICIENT_STOCK = "waserda_insufficient_stock"
    PRODUCT_UNKNOWN = "waserda_product_unknown"
    PRODUCT_INACTIVE = "waserda_product_inactive"
    INVALID_BARCODE = "waserda_invalid_barcode"
    DUPLICATE_CODE = "waserda_duplicate_code"
    EMPTY_SALE = "waserda_empty_sale"
    INVALID_QUANTITY = "waserda_invalid_quantity"
    INVALID_PRICE = "waserda_invalid_price"
    TENDERED_TOO_LITTLE = "waserda_tendered_too_little"
    REFERENCE_REQUIRED = "waserda_payment_reference_required"
    MEMBER_REQUIRED = "waserda_member_required"
    MEMBER_UNKNOWN = "waserda_member_unknown"
    CREDIT_LIMIT_EXCEEDED = "waserda_credit_limit_exceeded"
    INSUFFICIENT_SAVINGS = "insufficient_savings"
    NO_OPEN_SESSION = "waserda_no_open_session"
    SESSION_ALREADY_OPEN = "waserda_session_already_open"
    SESSION_CLOSED = "waserda_session_closed"
    NOT_YOUR_SESSION = "waserda_not_your_session"
    RETURN_TOO_MUCH = "waserda_return_exceeds_sold"
    ORDER_NOT_OPEN = "waserda_order_not_open"
    RECEIVE_TOO_MUCH = "waserda_receipt_exceeds_order"
    SUPPLIER_MISMATCH = "waserda_supplier_mismatch"
    BILL_OVERPAID = "waserda_bill_overpaid"
    RECEIPT_ALREADY_BILLED = "waserda_receipt_already_billed"
    RECEIPT_NOT_ON_CREDIT = "waserda_receipt_not_on_credit"
    COUNT_POSTED = "waserda_count_already_posted"
    NOTHING_TO_ORDER = "waserda_nothing_to_order"


class WaserdaError(ValidationError):
    """A waserda rule was broken. A Django ``ValidationError`` (forms and the API show the message)
    whose ``code`` is a :class:`WaserdaErrorCode` value; ``field`` names the input it concerns."""

    def __init__(self, code: WaserdaErrorCode, message: str, field: str | None = None, **details):
        self.error_code = WaserdaErrorCode(code)
        self.field = field
        self.details = details
        if field:
            super().__init__({field: ValidationError(message, code=self.error_code.value)})
        else:
            super().__init__(message, code=self.error_code.value)

    @property
    def text(self) -> str:
        return self.messages[0]
