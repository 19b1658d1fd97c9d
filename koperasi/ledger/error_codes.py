"""Machine-readable codes of ledger errors that clients act on."""

from __future__ import annotations

from enum import StrEnum


class LedgerErrorCode(StrEnum):
    UNBALANCED = "ledger_unbalanced"
    TOO_FEW_LINES = "ledger_too_few_lines"
    INVALID_LINE = "ledger_invalid_line"
    PERIOD_CLOSED = "ledger_period_closed"
    ENTRY_POSTED = "ledger_entry_posted"
    ALREADY_REVERSED = "ledger_already_reversed"
    NOT_POSTED = "ledger_not_posted"
    ACCOUNT_HAS_POSTINGS = "ledger_account_has_postings"
    ACCOUNT_INACTIVE = "ledger_account_inactive"
    ACCOUNT_UNKNOWN = "ledger_account_unknown"
    PERIOD_ORDER = "ledger_period_order"
    YEAR_CLOSED = "ledger_year_closed"
    NO_PERIOD = "ledger_no_period"
    FUTURE_DATE = "ledger_future_date"


class LedgerError(Exception):
    """A ledger rule was broken; ``code`` tells clients which one."""

    def __init__(self, code: LedgerErrorCode, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


def no_period_error(month) -> LedgerError:
    """A posting or a period action in a month (``Month`` or date) the fiscal-year set-up never made."""
    from django.utils.translation import gettext as _

    from koperasi.core.templatetags.formatting import month_label

    message = _("The period %(p)s is not set up for posting: open its fiscal year first.")
    return LedgerError(LedgerErrorCode.NO_PERIOD, message % {"p": month_label(month)})
