"""Reads of the ledger (small lookups; the statements live in ``statements.py``)."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict

from django.apps import apps
from django.db.models import Exists, OuterRef, Q

from koperasi.ledger.error_codes import LedgerError, LedgerErrorCode
from koperasi.ledger.models import Account, FiscalPeriod, JournalEntry, JournalLine, PeriodStatus
from koperasi.tenancy.context import current_cooperative_id
from koperasi.tenancy.models import Cooperative


def account_for(key: str) -> Account:
    """The seeded account with this system key (``cash``, ``loan_receivable``, …)."""
    try:
        return Account.objects.get(system_key=key)
    except Account.DoesNotExist:
        raise LedgerError(LedgerErrorCode.ACCOUNT_UNKNOWN, f"No account with key {key!r}") from None


def accounts_by_key(keys) -> dict[str, Account]:
    found = {account.system_key: account for account in Account.objects.filter(system_key__in=set(keys))}
    missing = set(keys) - set(found)
    if missing:
        raise LedgerError(LedgerErrorCode.ACCOUNT_UNKNOWN, f"No account with key(s) {sorted(missing)}")
    return found


def accounts_with_usage():
    """The chart with ``has_postings`` per account (one query)."""
    return Account.objects.select_related("parent", "business_unit").annotate(
        has_postings=Exists(JournalLine.objects.unscoped().filter(account=OuterRef("pk")))
    )


def current_cooperative() -> Cooperative:
    return Cooperative.objects.get(pk=current_cooperative_id())


def is_period_closed(year: int, month: int) -> bool:
    return FiscalPeriod.objects.filter(year=year, month=month, status=PeriodStatus.CLOSED).exists()


def entry_with_lines(pk: int) -> JournalEntry:
    return JournalEntry.objects.prefetch_related("lines__account", "lines__business_unit").get(pk=pk)


def entry_for_source(source_type: str, source_id: str, purpose: str) -> JournalEntry | None:
    return JournalEntry.objects.filter(source_type=source_type, source_id=str(source_id), purpose=purpose).first()


ENTRY_NUMBER = re.compile(r"^(?:JU-)?(?P<year>\d{4})/(?P<number>\d+)$", re.IGNORECASE)


def journal_entries(
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    source_type: str = "",
    account: Account | None = None,
    text: str = "",
):
    """The journal, newest first, narrowed by the filters given: a date range, a kind of source, an
    account one of the entry's lines touches, and a text found in the memos or the entry's number
    ("JU-2026/00015" or "2026/15")."""
    entries = JournalEntry.objects.select_related("reversal_of").order_by("-date", "-fiscal_year", "-number", "-id")
    if date_from:
        entries = entries.filter(date__gte=date_from)
    if date_to:
        entries = entries.filter(date__lte=date_to)
    if source_type:
        entries = entries.filter(source_type=source_type)
    if account is not None:
        entries = entries.filter(Exists(JournalLine.objects.filter(entry=OuterRef("pk"), account=account)))
    text = text.strip()
    if text:
        number = ENTRY_NUMBER.match(text)
        matches = Q(memo__icontains=text) | Q(
            Exists(JournalLine.objects.filter(entry=OuterRef("pk"), memo__icontains=text))
        )
        if number:
            matches |= Q(fiscal_year=int(number["year"]), number=int(number["number"]))
        entries = entries.filter(matches)
    return entries


def party_names(lines) -> dict[tuple[str, int], str]:
    """What each line's party is called ("A-0001 · Slamet Riyadi"), one query per kind of party."""
    ids_by_type: dict[str, set[int]] = defaultdict(set)
    for line in lines:
        if line.party_type and line.party_id is not None:
            ids_by_type[line.party_type].add(line.party_id)
    names = {}
    for party_type, ids in ids_by_type.items():
        try:
            model = apps.get_model(party_type)
        except (LookupError, ValueError):
            continue
        names.update({(party_type, party.pk): str(party) for party in model.objects.filter(pk__in=ids)})
    return names
