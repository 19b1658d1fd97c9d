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

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, NamedTuple

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.core.db.arrays import array_literal, numbers_literal
from koperasi.core.templatetags.formatting import month_label
from koperasi.ledger import locks
from koperasi.ledger.chart import ACCOUNT_UNITS, BUSINESS_UNITS, CHART_TEMPLATE
from koperasi.ledger.error_codes import LedgerError, LedgerErrorCode, no_period_error
from koperasi.ledger.fiscal import fiscal_year_months, fiscal_year_of
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
from koperasi.money import MAX_LINE_AMOUNT
from koperasi.tenancy.context import current_cooperative_id

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
MANUAL_SOURCE = "ledger.manual"
REVERSAL_PURPOSE = "reversal"
YEAR_END_SOURCE = "ledger.fiscal_year"
YEAR_END_PURPOSE = "year_end_closing"


@dataclass(frozen=True)
class Line:
    """One line to post: an account (object, pk or system key) and a debit or a credit; the business
    unit is an object, a pk or a code (``"WSD"``)."""

    account: Account | int | str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    memo: str = ""
    party: models.Model | tuple[str, int] | None = None
    business_unit: BusinessUnit | int | str | None = None


class _CheckedLine(NamedTuple):
    """A line whose amounts were checked; account and unit still as the caller named them."""

    account: Account | int | str
    debit: Decimal
    credit: Decimal
    memo: str
    party_type: str
    party_id: int | None
    unit: BusinessUnit | int | str | None


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
    if amount > MAX_LINE_AMOUNT:
        message = _("%(field)s is larger than the books can hold.") % {"field": field}
        raise LedgerError(LedgerErrorCode.INVALID_LINE, message)
    return amount.quantize(CENT)


def _check_account(account: Account, cooperative_id: int) -> None:
    if account.cooperative_id != cooperative_id:
        raise LedgerError(LedgerErrorCode.ACCOUNT_UNKNOWN, _("The account belongs to another cooperative."))
    if not account.is_active:
        raise LedgerError(LedgerErrorCode.ACCOUNT_INACTIVE, _("Account %(a)s is inactive.") % {"a": account})


def _checked_lines(lines: Sequence[Line], cooperative_id: int) -> list[_CheckedLine]:
    """At least two one-sided, positive, whole-cent lines whose debits equal their credits."""
    if len(lines) < 2:
        raise LedgerError(LedgerErrorCode.TOO_FEW_LINES, _("A journal entry needs at least two lines."))
    checked, debit_total, credit_total = [], ZERO, ZERO
    for line in lines:
        if isinstance(line.account, Account):
            _check_account(line.account, cooperative_id)
        debit, credit = _amount(line.debit, "debit"), _amount(line.credit, "credit")
        if debit < 0 or credit < 0 or (debit > 0) == (credit > 0):
            raise LedgerError(
                LedgerErrorCode.INVALID_LINE, _("Each line needs exactly one of debit or credit, positive.")
            )
        party_type, party_id = _party_key(line.party)
        checked.append(
            _CheckedLine(line.account, debit, credit, line.memo[:255], party_type, party_id, line.business_unit)
        )
        debit_total += debit
        credit_total += credit
    if debit_total != credit_total:
        raise LedgerError(
            LedgerErrorCode.UNBALANCED,
            _("Debits (%(d)s) and credits (%(c)s) differ.") % {"d": debit_total, "c": credit_total},
        )
    return checked


def _unknown_accounts(names) -> LedgerError:
    return LedgerError(LedgerErrorCode.ACCOUNT_UNKNOWN, _("Unknown account(s): %(a)s") % {"a": names})


def _unknown_units(names) -> LedgerError:
    return LedgerError(LedgerErrorCode.INVALID_LINE, _("Unknown business unit(s): %(u)s") % {"u": names})


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
    :class:`LedgerError` for unbalanced or invalid lines, unknown/inactive accounts, a closed period;
    nothing is written then, and the caller's transaction stays usable.
    """
    return prepare_posting(
        date=date,
        lines=lines,
        source=source,
        purpose=purpose,
        memo=memo,
        actor=actor,
        reversal_of=reversal_of,
        is_closing=is_closing,
    ).run()


def prepare_posting(
    *,
    date,
    lines: Sequence[Line],
    source,
    purpose: str,
    memo: str = "",
    actor=None,
    reversal_of: JournalEntry | None = None,
    is_closing: bool = False,
) -> Posting:
    """A posting checked and ready to run, with the arguments of :func:`post_entry` (which runs it at
    once). Raises :class:`LedgerError` for invalid lines before anything reaches the database."""
    cooperative_id = current_cooperative_id()
    latest = timezone.localdate() + datetime.timedelta(days=settings.LEDGER_FUTURE_DAYS)
    if date > latest:
        raise LedgerError(
            LedgerErrorCode.FUTURE_DATE, _("An entry cannot be dated after %(d)s.") % {"d": latest.isoformat()}
        )
    source_type, source_id = _source_key(source)
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
    return Posting(cooperative_id, _checked_lines(lines, cooperative_id), fields, timezone.now())


def _pk_or_none(value, model) -> int | None:
    if isinstance(value, model):
        return value.pk
    return value if isinstance(value, int) else None


@dataclass(frozen=True)
class Posting:
    """One entry to post, checked. :meth:`run` posts it on its own. A caller whose own
    statement should post it too (the POS sale; docs/performance.md) selects
    :meth:`sql_when` with :meth:`params` and hands what it answered to :meth:`entry_from`, which
    raises as :meth:`run` would."""

    cooperative_id: int
    lines: list[_CheckedLine]
    fields: dict
    now: datetime.datetime

    # ``ledger_post_entry`` (``koperasi/ledger/sql/ledger_post_entry.sql``): resolves the accounts and
    # units, refuses a closed month, numbers, inserts and posts; its triggers check the balance and add
    # to the account balances.
    ARGUMENTS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("date", "%s::date"),
        ("memo", "%s"),
        ("source_type", "%s"),
        ("source_id", "%s"),
        ("purpose", "%s"),
        ("reversal_of", "%s::bigint"),
        ("is_closing", "%s"),
        ("created_by", "%s::bigint"),
        ("now", "%s::timestamptz"),
        ("account_ids", "%s::bigint[]"),
        ("account_keys", "%s::text[]"),
        ("unit_ids", "%s::bigint[]"),
        ("unit_codes", "%s::text[]"),
        ("debits", "%s::numeric[]"),
        ("credits", "%s::numeric[]"),
        ("line_memos", "%s::text[]"),
        ("party_types", "%s::text[]"),
        ("party_ids", "%s::bigint[]"),
    )
    COLUMNS: ClassVar[str] = "outcome, entry_id, entry_fiscal_year, entry_number, detail"

    def run(self) -> JournalEntry:
        """Post the entry and leave its audit event (``ledger.entry_posted``); an event posted before is
        answered as it is, with no second event. Callers that post inside their own statement
        (:meth:`sql_when`: the POS sale, the delivery intake) record their document's event themselves."""
        with connection.cursor() as cursor:
            cursor.execute(_POST, self.params())
            row = cursor.fetchone()
        entry = self.entry_from(row)
        if row[0] != "exists":
            self.audit(entry)
        return entry

    def audit(self, entry: JournalEntry) -> None:
        fields = self.fields
        after = {
            "number": entry.display_number,
            "date": str(fields["date"]),
            "source": f"{fields['source_type']}:{fields['source_id']}",
            "purpose": fields["purpose"],
            "total": str(sum((line.debit for line in self.lines), Decimal("0"))),
        }
        if fields["reversal_of"] is not None:
            after["reversal_of"] = fields["reversal_of"].display_number
        record_event(
            "ledger.entry_posted",
            actor=fields["created_by"],
            cooperative_id=self.cooperative_id,
            obj=entry,
            after=after,
        )

    @classmethod
    def call(cls) -> str:
        """The call of ``ledger_post_entry`` with a placeholder per argument (:meth:`params`)."""
        return f"ledger_post_entry({', '.join(placeholder for _name, placeholder in cls.ARGUMENTS)})"

    @classmethod
    def sql_when(cls, condition: str) -> str:
        """A select-list item: the call's answer (:meth:`call`) as ``text[]`` when ``condition``
        holds, else NULL. The function is not called when it does not (a CASE evaluates only the
        branch it takes)."""
        answer = "ARRAY[outcome, entry_id::text, entry_fiscal_year::text, entry_number::text, detail]"
        return f"CASE WHEN {condition} THEN (SELECT {answer} FROM {cls.call()}) END"

    def params(self) -> list:
        fields, lines = self.fields, self.lines
        reversal_of, created_by = fields["reversal_of"], fields["created_by"]
        return [
            fields["date"],
            fields["memo"],
            fields["source_type"],
            fields["source_id"],
            fields["purpose"],
            reversal_of.pk if reversal_of else None,
            fields["is_closing"],
            created_by.pk if created_by else None,
            self.now,
            array_literal(_pk_or_none(line.account, Account) for line in lines),
            array_literal(line.account if isinstance(line.account, str) else None for line in lines),
            array_literal(_pk_or_none(line.unit, BusinessUnit) for line in lines),
            array_literal(line.unit if isinstance(line.unit, str) else None for line in lines),
            numbers_literal(line.debit for line in lines),
            numbers_literal(line.credit for line in lines),
            array_literal(line.memo for line in lines),
            array_literal(line.party_type for line in lines),
            array_literal(line.party_id for line in lines),
        ]

    def entry_from(self, row) -> JournalEntry:
        """The entry ``ledger_post_entry`` answered with ``row`` (:attr:`COLUMNS`, or the text of
        :meth:`sql_when`), or its refusal raised."""
        existed, pk, fiscal_year, number = self.check(row)
        if existed:
            return JournalEntry.objects.get(pk=pk)
        entry = JournalEntry(
            id=pk,
            cooperative_id=self.cooperative_id,
            fiscal_year=fiscal_year,
            number=number,
            status=EntryStatus.POSTED,
            created_at=self.now,
            posted_at=self.now,
            **self.fields,
        )
        entry._state.adding, entry._state.db = False, connection.alias
        return entry

    def check(self, row) -> tuple[bool, int, int, int]:
        """Raise the refusal ``row`` answers; else ``(posted before, id, fiscal year, number)`` of the
        entry (what a caller needs that does not want the entry itself)."""
        outcome, pk, fiscal_year, number, detail = row
        if outcome == "unknown_account":
            raise _unknown_accounts(detail)
        if outcome == "inactive_account":
            raise LedgerError(LedgerErrorCode.ACCOUNT_INACTIVE, _("Account %(a)s is inactive.") % {"a": detail})
        if outcome == "unknown_unit":
            raise _unknown_units(detail)
        if outcome == "closed":
            raise LedgerError(
                LedgerErrorCode.PERIOD_CLOSED,
                _("The period %(p)s is closed (or a later one is).") % {"p": month_label(self.fields["date"])},
            )
        if outcome == "no_period":
            raise no_period_error(self.fields["date"])
        return outcome == "exists", int(pk), int(fiscal_year), int(number)


_POST = f"SELECT {Posting.COLUMNS} FROM {Posting.call()}"


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
    units = dict(BusinessUnit.objects.values_list("code", "pk"))
    for key, unit in ACCOUNT_UNITS.items():
        Account.objects.filter(system_key=key, business_unit=None).update(business_unit_id=units[unit])


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


EARLIEST_FISCAL_YEAR = 1990


@transaction.atomic
def open_fiscal_year(*, actor, fiscal_year: int) -> list[FiscalPeriod]:
    """Set up a fiscal year's twelve months for posting (idempotent). Periods come only from here:
    a posting never makes one. Refused before 1990 and after next year."""
    start_month = current_cooperative().fiscal_year_start_month
    this_year = fiscal_year_of(timezone.localdate(), start_month)
    if not EARLIEST_FISCAL_YEAR <= fiscal_year <= this_year + 1:
        raise LedgerError(
            LedgerErrorCode.PERIOD_ORDER,
            _("A fiscal year from %(a)s to %(b)s can be opened.") % {"a": EARLIEST_FISCAL_YEAR, "b": this_year + 1},
        )
    first, _last = fiscal_year_months(fiscal_year, start_month)
    months = [first.plus(offset) for offset in range(12)]
    before = FiscalPeriod.objects.count()
    FiscalPeriod.objects.bulk_create(
        [FiscalPeriod(cooperative_id=current_cooperative_id(), year=m.year, month=m.month) for m in months],
        ignore_conflicts=True,
    )
    if FiscalPeriod.objects.count() > before:
        record_event(
            "ledger.fiscal_year_opened", actor=actor, cooperative_id=current_cooperative_id(),
            after={"fiscal_year": fiscal_year},
        )  # fmt: skip
    return list(FiscalPeriod.objects.filter(year__in={m.year for m in months}).order_by("year", "month"))


def seed_fiscal_year(cooperative) -> None:
    """Cooperative seeder: the current fiscal year is open for posting."""
    open_fiscal_year(actor=None, fiscal_year=fiscal_year_of(timezone.localdate(), cooperative.fiscal_year_start_month))


@transaction.atomic
def close_period(*, actor, year: int, month: int) -> FiscalPeriod:
    """Close a month, and with it every open month before it: nothing is posted on or before a closed month."""
    period = locks.lock_period(year, month)
    now = timezone.now()
    earlier = FiscalPeriod.objects.filter(status=PeriodStatus.OPEN).filter(
        Q(year__lt=year) | Q(year=year, month__lt=month)
    )
    closed_before = earlier.update(status=PeriodStatus.CLOSED, closed_at=now, closed_by=actor)
    if not period.is_closed:
        period.status, period.closed_at, period.closed_by = PeriodStatus.CLOSED, now, actor
        period.save(update_fields=["status", "closed_at", "closed_by"])
        after = {"earlier_months_closed": closed_before}
        record_event("ledger.period_closed", actor=actor, cooperative_id=period.cooperative_id, obj=period, after=after)
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
    later = FiscalPeriod.objects.filter(status=PeriodStatus.CLOSED).filter(
        Q(year__gt=year) | Q(year=year, month__gt=month)
    )
    if later.exists():
        raise LedgerError(
            LedgerErrorCode.PERIOD_ORDER, _("A later month is closed; reopen the latest closed month first.")
        )
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
    if not FiscalPeriod.objects.filter(year=first.year, month=first.month).exists():
        raise no_period_error(first)  # a year never set up: before the books began, or not yet come
    if last.last_day > timezone.localdate():
        raise LedgerError(LedgerErrorCode.PERIOD_ORDER, _("A fiscal year can be closed once it has ended."))
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
