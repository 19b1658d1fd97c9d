"""Writes of the ledger: the posting service every module uses, reversals, the chart, periods and
year-end closing. Each function is one business action in one transaction.

Other modules post through :func:`post_entry` only::

    post_entry(
        date=day, source=deposit, purpose="savings.deposit", memo="Setoran simpanan sukarela",
        lines=[Line("cash", debit=amount), Line("voluntary_savings", credit=amount, party=member)],
    )

Accounts are given as :class:`Account` objects, primary keys or system keys (see ``chart.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.ledger import locks
from koperasi.ledger.chart import BUSINESS_UNITS, CHART_TEMPLATE
from koperasi.ledger.error_codes import LedgerError, LedgerErrorCode
from koperasi.ledger.fiscal import Month, fiscal_year_months, fiscal_year_of
from koperasi.ledger.models import (
    Account,
    AccountBalance,
    AccountType,
    BusinessUnit,
    EntryStatus,
    FiscalPeriod,
    JournalEntry,
    JournalLine,
    PeriodStatus,
)
from koperasi.ledger.selectors import current_cooperative
from koperasi.tenancy.context import current_cooperative_id

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
MANUAL_SOURCE = "ledger.manual"
REVERSAL_PURPOSE = "reversal"
YEAR_END_SOURCE = "ledger.fiscal_year"
YEAR_END_PURPOSE = "year_end_closing"


@dataclass(frozen=True)
class Line:
    """One line to post: an account (object, pk or system key) and a debit or a credit."""

    account: Account | int | str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    memo: str = ""
    party: models.Model | tuple[str, int] | None = None
    business_unit: BusinessUnit | int | None = None


def _source_key(source) -> tuple[str, str]:
    if isinstance(source, models.Model):
        return source._meta.label, str(source.pk)
    source_type, source_id = source
    return str(source_type), str(source_id)


def _party_key(party) -> tuple[str, int | None]:
    if party is None:
        return "", None
    if isinstance(party, models.Model):
        return party._meta.label, party.pk
    party_type, party_id = party
    return str(party_type), int(party_id)


def _amount(value, field: str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("Money must be Decimal, not float")
    amount = Decimal(value)
    if amount != amount.quantize(CENT):
        raise LedgerError(
            LedgerErrorCode.INVALID_LINE, _("%(field)s has more than 2 decimal places.") % {"field": field}
        )
    return amount.quantize(CENT)


def _resolve_accounts(lines: Sequence[Line]) -> dict:
    wanted = {line.account for line in lines if not isinstance(line.account, Account)}
    keys = {value for value in wanted if isinstance(value, str)}
    pks = {value for value in wanted if isinstance(value, int)}
    found: dict = {}
    if keys or pks:
        for account in Account.objects.filter(Q(system_key__in=keys) | Q(pk__in=pks)):
            found[account.pk] = account
            if account.system_key:
                found[account.system_key] = account
    missing = wanted - set(found)
    if missing:
        raise LedgerError(
            LedgerErrorCode.ACCOUNT_UNKNOWN, _("Unknown account(s): %(a)s") % {"a": sorted(map(str, missing))}
        )
    return found


def _validated_lines(lines: Sequence[Line], cooperative_id: int) -> list[JournalLine]:
    if len(lines) < 2:
        raise LedgerError(LedgerErrorCode.TOO_FEW_LINES, _("A journal entry needs at least two lines."))
    accounts = _resolve_accounts(lines)
    rows, debit_total, credit_total = [], ZERO, ZERO
    for line in lines:
        account = line.account if isinstance(line.account, Account) else accounts[line.account]
        if account.cooperative_id != cooperative_id:
            raise LedgerError(LedgerErrorCode.ACCOUNT_UNKNOWN, _("The account belongs to another cooperative."))
        if not account.is_active:
            raise LedgerError(LedgerErrorCode.ACCOUNT_INACTIVE, _("Account %(a)s is inactive.") % {"a": account})
        debit, credit = _amount(line.debit, "debit"), _amount(line.credit, "credit")
        if debit < 0 or credit < 0 or (debit > 0) == (credit > 0):
            raise LedgerError(
                LedgerErrorCode.INVALID_LINE, _("Each line needs exactly one of debit or credit, positive.")
            )
        party_type, party_id = _party_key(line.party)
        unit = line.business_unit
        rows.append(
            JournalLine(
                cooperative_id=cooperative_id,
                account=account,
                debit=debit,
                credit=credit,
                memo=line.memo[:255],
                party_type=party_type,
                party_id=party_id,
                business_unit_id=unit.pk if isinstance(unit, BusinessUnit) else unit,
            )
        )
        debit_total += debit
        credit_total += credit
    if debit_total != credit_total:
        raise LedgerError(
            LedgerErrorCode.UNBALANCED,
            _("Debits (%(d)s) and credits (%(c)s) differ.") % {"d": debit_total, "c": credit_total},
        )
    return rows


def _next_number(cooperative_id: int, fiscal_year: int) -> int:
    """The next journal number: the sequence row stays locked until commit, so numbers have no gaps."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ledger_journalsequence (cooperative_id, fiscal_year, last_number) VALUES (%s, %s, 1)"
            " ON CONFLICT (cooperative_id, fiscal_year)"
            " DO UPDATE SET last_number = ledger_journalsequence.last_number + 1 RETURNING last_number",
            [cooperative_id, fiscal_year],
        )
        return cursor.fetchone()[0]


def _check_balanced_now() -> None:
    """Fire the deferred balance triggers now, so a failure surfaces here rather than at COMMIT."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ledger_line_balanced, ledger_entry_balanced IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ledger_line_balanced, ledger_entry_balanced DEFERRED")


def _update_balances_without_trigger(entry: JournalEntry) -> None:
    """SQLite has no posting trigger: add the entry's lines to the monthly balances here."""
    if connection.vendor == "postgresql":
        return
    period = Month.of(entry.date).key
    sums = JournalLine.objects.filter(entry=entry).values("account_id").annotate(d=Sum("debit"), c=Sum("credit"))
    for row in sums.order_by("account_id"):
        balance, _created = AccountBalance.objects.get_or_create(
            account_id=row["account_id"], period=period, closing=entry.is_closing
        )
        AccountBalance.objects.filter(pk=balance.pk).update(debit=F("debit") + row["d"], credit=F("credit") + row["c"])


def _ensure_open(day) -> None:
    month = Month.of(day)
    if FiscalPeriod.objects.filter(year=month.year, month=month.month, status=PeriodStatus.CLOSED).exists():
        raise LedgerError(LedgerErrorCode.PERIOD_CLOSED, _("The period %(p)s is closed.") % {"p": month})


def post_entry(
    *,
    date,
    lines: Sequence[Line],
    source,
    purpose: str,
    memo: str = "",
    actor=None,
    reversal_of: JournalEntry | None = None,
    is_closing: bool = False,
) -> JournalEntry:
    """Post a balanced journal entry for one business event; the only way money enters the books.

    ``source`` (a model instance or ``(type, id)``) and ``purpose`` name the event: posting the same
    event again returns the entry already posted (the database's unique constraint decides). Raises
    :class:`LedgerError` for unbalanced or invalid lines, unknown/inactive accounts, a closed period.
    """
    cooperative_id = current_cooperative_id()
    source_type, source_id = _source_key(source)
    rows = _validated_lines(lines, cooperative_id)
    fields = {
        "date": date,
        "memo": memo[:255],
        "source_type": source_type,
        "source_id": source_id,
        "purpose": purpose,
        "reversal_of": reversal_of,
        "is_closing": is_closing,
        "created_by": actor if actor is not None and actor.is_authenticated else None,
    }
    if connection.vendor == "postgresql":
        return _post_entry_postgresql(cooperative_id, rows, fields)
    _ensure_open(date)
    fiscal_year = fiscal_year_of(date, current_cooperative().fiscal_year_start_month)
    with transaction.atomic():  # one transaction (a savepoint inside the caller's)
        try:
            with transaction.atomic():
                entry = JournalEntry.objects.create(fiscal_year=fiscal_year, status=EntryStatus.DRAFT, **fields)
        except IntegrityError:
            existing = JournalEntry.objects.filter(
                source_type=source_type, source_id=source_id, purpose=purpose
            ).first()
            if existing is None:
                raise
            return existing
        for row in rows:
            row.entry = entry
        JournalLine.objects.bulk_create(rows)
        entry.number = _next_number(cooperative_id, fiscal_year)
        entry.status = EntryStatus.POSTED
        entry.posted_at = timezone.now()
        JournalEntry.objects.filter(pk=entry.pk).update(
            number=entry.number, status=entry.status, posted_at=entry.posted_at
        )
        _update_balances_without_trigger(entry)
        _check_balanced_now()
    return entry


class _AlreadyPosted(Exception):
    """The event's entry exists: roll the savepoint back (and with it the number taken)."""


# One statement: take the next number (the sequence row stays locked until commit, so numbers have
# no gaps), insert the entry as a draft (nothing when the event was posted before: its unique
# (cooperative, source, purpose) key) and its lines, in the given order. The line guard sees a draft.
_INSERT_ENTRY_SQL = """
WITH coop AS (
    SELECT %s::bigint AS id,
           %s::int - CASE WHEN %s::int >= fiscal_year_start_month THEN 0 ELSE 1 END AS fiscal_year
      FROM tenancy_cooperative WHERE id = %s
), seq AS (
    INSERT INTO ledger_journalsequence (cooperative_id, fiscal_year, last_number)
    SELECT id, fiscal_year, 1 FROM coop
    ON CONFLICT (cooperative_id, fiscal_year)
    DO UPDATE SET last_number = ledger_journalsequence.last_number + 1
    RETURNING cooperative_id, fiscal_year, last_number
), entry AS (
    INSERT INTO ledger_journalentry (cooperative_id, fiscal_year, number, date, memo, source_type, source_id,
                                     purpose, status, reversal_of_id, is_closing, created_by_id, created_at)
    SELECT seq.cooperative_id, seq.fiscal_year, seq.last_number, %s, %s, %s, %s, %s, 'draft', %s, %s, %s, %s
      FROM seq
    ON CONFLICT (cooperative_id, source_type, source_id, purpose) DO NOTHING
    RETURNING id, fiscal_year, number
), lines AS (
    INSERT INTO ledger_journalline (cooperative_id, entry_id, account_id, debit, credit, memo, party_type,
                                    party_id, business_unit_id)
    SELECT %s, entry.id, v.account_id, v.debit, v.credit, v.memo, v.party_type, v.party_id, v.unit_id
      FROM entry CROSS JOIN (VALUES {values}) AS v (ord, account_id, debit, credit, memo, party_type, party_id, unit_id)
     ORDER BY v.ord
)
SELECT id, fiscal_year, number FROM entry
"""
_LINE_VALUES = "(%s::int, %s::bigint, %s::numeric, %s::numeric, %s::varchar, %s::varchar, %s::bigint, %s::bigint)"
_POST_ENTRY_SQL = "UPDATE ledger_journalentry SET status = 'posted', posted_at = %s WHERE id = %s"


def _post_entry_postgresql(cooperative_id: int, rows: list[JournalLine], fields: dict) -> JournalEntry:
    """PostgreSQL: three statements inside a savepoint. The database's triggers refuse a closed
    period (when the entry turns posted), add the lines to the account balances, and check at
    COMMIT that the entry balances."""
    day = fields["date"]
    reversal_of, created_by = fields["reversal_of"], fields["created_by"]
    now = timezone.now()
    params: list = [cooperative_id, day.year, day.month, cooperative_id]
    params += [day, fields["memo"], fields["source_type"], fields["source_id"], fields["purpose"]]
    params += [reversal_of.pk if reversal_of else None, fields["is_closing"], created_by.pk if created_by else None]
    params += [now, cooperative_id]
    for ordinal, row in enumerate(rows):
        params += [ordinal, row.account_id, row.debit, row.credit, row.memo, row.party_type, row.party_id]
        params.append(row.business_unit_id)
    sql = _INSERT_ENTRY_SQL.format(values=", ".join([_LINE_VALUES] * len(rows)))
    try:
        with transaction.atomic(), connection.cursor() as cursor:  # one savepoint inside the caller's
            cursor.execute(sql, params)
            inserted = cursor.fetchone()
            if inserted is None:
                raise _AlreadyPosted
            pk, fiscal_year, number = inserted
            try:
                cursor.execute(_POST_ENTRY_SQL, [now, pk])
            except IntegrityError as error:  # the savepoint rolls back as the error leaves the block
                if getattr(getattr(error, "__cause__", None), "pgcode", None) == "23514" and "closed" in str(error):
                    raise LedgerError(
                        LedgerErrorCode.PERIOD_CLOSED, _("The period %(p)s is closed.") % {"p": Month.of(day)}
                    ) from error
                raise
    except _AlreadyPosted:
        existing = JournalEntry.objects.filter(
            source_type=fields["source_type"], source_id=fields["source_id"], purpose=fields["purpose"]
        ).first()
        if existing is None:  # pragma: no cover - the conflicting row is visible once ON CONFLICT waited
            raise IntegrityError("journal entry source key conflict without a visible entry") from None
        return existing
    entry = JournalEntry(
        id=pk,
        cooperative_id=cooperative_id,
        fiscal_year=fiscal_year,
        number=number,
        status=EntryStatus.POSTED,
        created_at=now,
        posted_at=now,
        **fields,
    )
    entry._state.adding, entry._state.db = False, connection.alias
    return entry


@transaction.atomic
def reverse_entry(entry: JournalEntry, *, date, reason: str, actor=None) -> JournalEntry:
    """Cancel a posted entry by posting its mirror image (debits ↔ credits), linked by ``reversal_of``."""
    entry = locks.lock_entry(entry.pk)
    if not entry.is_posted:
        raise LedgerError(LedgerErrorCode.NOT_POSTED, _("Only posted entries can be reversed."))
    if entry.reversal_of_id is not None:
        raise LedgerError(LedgerErrorCode.ALREADY_REVERSED, _("A reversal cannot itself be reversed."))
    if JournalEntry.objects.filter(reversal_of=entry).exists():
        raise LedgerError(LedgerErrorCode.ALREADY_REVERSED, _("This entry has already been reversed."))
    mirror = [
        Line(
            line.account,
            debit=line.credit,
            credit=line.debit,
            memo=line.memo,
            party=(line.party_type, line.party_id) if line.party_type else None,
            business_unit=line.business_unit_id,
        )
        for line in entry.lines.select_related("account").order_by("id")
    ]
    reversal = post_entry(
        date=date,
        lines=mirror,
        source=entry,
        purpose=REVERSAL_PURPOSE,
        memo=(_("Reversal of %(n)s: %(r)s") % {"n": entry.display_number, "r": reason})[:255],
        actor=actor,
        reversal_of=entry,
        is_closing=entry.is_closing,
    )
    record_event(
        "ledger.entry_reversed",
        actor=actor,
        cooperative_id=entry.cooperative_id,
        obj=entry,
        after={"reversal": reversal.display_number, "date": str(date), "reason": reason},
    )
    return reversal


# --- chart of accounts -------------------------------------------------------------------------


def seed_chart_of_accounts(cooperative) -> None:
    """Cooperative seeder: the koperasi template chart and business units (idempotent)."""
    existing_units = set(BusinessUnit.objects.values_list("code", flat=True))
    BusinessUnit.objects.bulk_create(
        [
            BusinessUnit(cooperative_id=cooperative.pk, code=c, name=n)
            for c, n in BUSINESS_UNITS
            if c not in existing_units
        ]
    )
    existing = set(Account.objects.values_list("code", flat=True))
    existing_keys = set(Account.objects.exclude(system_key="").values_list("system_key", flat=True))
    Account.objects.bulk_create(
        [
            Account(cooperative_id=cooperative.pk, code=code, name=name, type=kind, system_key=key)
            for code, name, kind, key in CHART_TEMPLATE
            if code not in existing and key not in existing_keys
        ]
    )


@transaction.atomic
def add_account(
    *,
    actor,
    code: str,
    name: str,
    parent: Account | None = None,
    type: str | None = None,
    business_unit: BusinessUnit | None = None,
) -> Account:
    """Add an account (a manager's sub-account of ``parent`` takes the parent's type)."""
    from django.core.exceptions import ValidationError

    if parent is not None:
        type = parent.type
    if type not in AccountType.values:
        raise ValidationError({"type": _("Choose the account type.")})
    if Account.objects.filter(code=code).exists():
        raise ValidationError({"code": _("An account with this code already exists.")})
    account = Account(code=code, name=name, type=type, parent=parent, business_unit=business_unit)
    account.full_clean(exclude=["cooperative"], validate_constraints=False)
    account.save()
    record_event(
        "ledger.account_added",
        actor=actor,
        cooperative_id=account.cooperative_id,
        obj=account,
        after={"code": code, "name": name, "type": type, "parent": parent.code if parent else None},
    )
    return account


@transaction.atomic
def delete_account(*, actor, account: Account) -> None:
    """Delete an account that has no postings, no sub-accounts and is not a template account."""
    if JournalLine.objects.filter(account=account).exists() or AccountBalance.objects.filter(account=account).exists():
        raise LedgerError(LedgerErrorCode.ACCOUNT_HAS_POSTINGS, _("An account with postings cannot be deleted."))
    if account.system_key or account.children.exists():
        raise LedgerError(
            LedgerErrorCode.ACCOUNT_HAS_POSTINGS, _("Template accounts and accounts with sub-accounts stay.")
        )
    record_event(
        "ledger.account_deleted",
        actor=actor,
        cooperative_id=account.cooperative_id,
        obj=account,
        before={"code": account.code, "name": account.name},
    )
    account.delete()


# --- periods and year-end ----------------------------------------------------------------------


@transaction.atomic
def close_period(*, actor, year: int, month: int) -> FiscalPeriod:
    period = locks.lock_period(year, month)
    if not period.is_closed:
        period.status, period.closed_at, period.closed_by = PeriodStatus.CLOSED, timezone.now(), actor
        period.save(update_fields=["status", "closed_at", "closed_by"])
        record_event("ledger.period_closed", actor=actor, cooperative_id=period.cooperative_id, obj=period)
    return period


def _year_closing_entry(fiscal_year: int) -> JournalEntry | None:
    """The fiscal year's closing entry in force (posted and not reversed), if any."""
    return (
        JournalEntry.objects.filter(source_type=YEAR_END_SOURCE, purpose=YEAR_END_PURPOSE, fiscal_year=fiscal_year)
        .filter(reversed_by__isnull=True)
        .first()
    )


@transaction.atomic
def reopen_period(*, actor, year: int, month: int, reason: str) -> FiscalPeriod:
    """Reopen a closed month (audited with the reason); not while its fiscal year is closed."""
    period = locks.lock_period(year, month)
    start_month = current_cooperative().fiscal_year_start_month
    fiscal_year = fiscal_year_of(period.start, start_month)
    if _year_closing_entry(fiscal_year) is not None:
        raise LedgerError(LedgerErrorCode.YEAR_CLOSED, _("The fiscal year is closed; reverse its closing entry first."))
    if period.is_closed:
        period.status, period.closed_at, period.closed_by = PeriodStatus.OPEN, None, None
        period.save(update_fields=["status", "closed_at", "closed_by"])
        record_event(
            "ledger.period_reopened",
            actor=actor,
            cooperative_id=period.cooperative_id,
            obj=period,
            before={"status": "closed"},
            after={"status": "open", "reason": reason},
        )
    return period


@transaction.atomic
def close_year(*, actor, fiscal_year: int) -> JournalEntry | None:
    """Year-end closing: move every income and expense balance of the fiscal year into SHU tahun
    berjalan (one entry dated the year's last day), then close all twelve months."""
    from koperasi.ledger.selectors import account_for

    if _year_closing_entry(fiscal_year) is not None:
        raise LedgerError(LedgerErrorCode.YEAR_CLOSED, _("This fiscal year is already closed."))
    first, last = fiscal_year_months(fiscal_year, current_cooperative().fiscal_year_start_month)
    nets = (
        AccountBalance.objects.filter(
            period__gte=first.key, period__lte=last.key, account__type__in=[AccountType.INCOME, AccountType.EXPENSE]
        )
        .values("account_id")
        .annotate(net=Sum(F("debit") - F("credit")))
        .exclude(net=0)
        .order_by("account_id")
    )
    lines = [
        Line(row["account_id"], credit=row["net"]) if row["net"] > 0 else Line(row["account_id"], debit=-row["net"])
        for row in nets
    ]
    entry = None
    if lines:
        shu = sum((row["net"] for row in nets), ZERO)  # debit-positive: negative means a surplus
        if shu:
            shu_account = account_for("current_shu")
            lines.append(Line(shu_account, debit=shu) if shu > 0 else Line(shu_account, credit=-shu))
        attempt = JournalEntry.objects.filter(
            source_type=YEAR_END_SOURCE, purpose=YEAR_END_PURPOSE, fiscal_year=fiscal_year
        ).count()
        entry = post_entry(
            date=last.last_day,
            lines=lines,
            source=(YEAR_END_SOURCE, f"{fiscal_year}#{attempt + 1}"),
            purpose=YEAR_END_PURPOSE,
            memo=_("Year-end closing %(y)s") % {"y": fiscal_year},
            actor=actor,
            is_closing=True,
        )
    month = first
    while month <= last:
        close_period(actor=actor, year=month.year, month=month.month)
        month = month.plus(1)
    record_event(
        "ledger.year_closed",
        actor=actor,
        cooperative_id=current_cooperative_id(),
        obj=entry,
        after={"fiscal_year": fiscal_year, "entry": entry.display_number if entry else None},
    )
    return entry
