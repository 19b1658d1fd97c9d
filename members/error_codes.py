"""Machine-readable codes of member errors that clients act on (carried as ``ValidationError.code``)."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError


class MemberErrorCode(StrEnum):
    INVALID_NIK = "invalid_nik"
    NIK_MISMATCH = "member_nik_mismatch"
    DUPLICATE_NIK = "member_duplicate_nik"
    DUPLICATE_MEMBER_NO = "member_duplicate_member_no"
    NOT_CANDIDATE = "member_not_candidate"
    ALREADY_EXITED = "member_already_exited"
    DATE_ORDER = "member_date_order"
    USER_ALREADY_LINKED = "member_user_already_linked"
    IMPORT_INVALID = "member_import_invalid"
    # Savings (simpanan)
    INSUFFICIENT_SAVINGS = "insufficient_savings"
    WITHDRAWAL_NOT_ALLOWED = "savings_withdrawal_not_allowed"
    ACCOUNT_CLOSED = "savings_account_closed"
    PRODUCT_INACTIVE = "savings_product_inactive"
    PRINCIPAL_EXCEEDED = "savings_principal_exceeded"
    ACCOUNT_EXISTS = "savings_account_exists"
    INVALID_AMOUNT = "invalid_amount"
    MEMBER_NOT_ACTIVE = "member_not_active"
    POSTING_REFUSED = "posting_refused"
    # Loans (pinjaman)
    LOAN_MAKER_CHECKER = "loan_maker_checker"
    LOAN_STATUS = "loan_wrong_status"
    LOAN_LIMIT = "loan_outside_product_limits"
    LOAN_SAVINGS_MULTIPLE = "loan_exceeds_savings_multiple"
    LOAN_OVERPAYMENT = "loan_overpayment"
    LOAN_NOTHING_OUTSTANDING = "loan_nothing_outstanding"
    LOAN_PRODUCT_INACTIVE = "loan_product_inactive"
    CREDIT_LINE_LIMIT = "credit_line_over_limit"
    CREDIT_LINE_BILLED = "credit_line_month_billed"
    # SHU
    SHU_RULE = "shu_rule_invalid"
    SHU_YEAR_OPEN = "shu_year_not_closed"
    SHU_FROZEN = "shu_distribution_frozen"
    SHU_STATUS = "shu_wrong_status"


def coded_error(field: str, message: str, code: MemberErrorCode | str) -> ValidationError:
    """``ValidationError({field: [message]})`` whose entry and the error itself carry ``code``."""
    code = str(code)
    error = ValidationError({field: [ValidationError(message, code=code)]})
    error.code = code
    return error
