"""Posting for the processing services: the ledger's refusals become an error on the date field."""

from __future__ import annotations

from koperasi.ledger.error_codes import LedgerError
from koperasi.ledger.models import JournalEntry
from koperasi.ledger.services import post_entry
from processing.error_codes import ProcessingErrorCode, refuse


def post(**kwargs) -> JournalEntry:
    """``post_entry``, with the ledger's refusals (a closed period, …) as an error on the date."""
    try:
        return post_entry(**kwargs)
    except LedgerError as error:
        raise refuse("date", error.message, ProcessingErrorCode.POSTING_REFUSED) from error
