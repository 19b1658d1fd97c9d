"""Writes of credit lines: opening one (managers), drawing, repaying (billed interest first, then
principal) and billing a month's interest, each locking the line first.

Entries (docs/savings-loans.md): draw Dr Piutang pinjaman (member) / Cr Kas; repayment Dr Kas / Cr Jasa
pinjaman (interest), Cr Piutang pinjaman (member); the month's interest is billed to the line without an
entry — interest is income when received, as for loans.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.ledger.fiscal import Month
from koperasi.ledger.services import Line
from members.credit_lines.models import (
    CreditLine,
    CreditLineMovement,
    CreditLineMovementKind,
    CreditLineStatus,
)
from members.error_codes import MemberErrorCode, coded_error
from members.loans.revolving import LineInterest, credit_line_interest
from members.models import Member, MemberStatus
from members.savings.movements import positive_amount, post

SOURCE = "members.credit_line"
ZERO = Decimal("0.00")


def _lock(line: CreditLine) -> CreditLine:
    return CreditLine.objects.select_for_update(of=("self",)).select_related("member").get(pk=line.pk)


@transaction.atomic
def open_credit_line(
    *,
    actor,
    member: Member,
    limit: Decimal,
    rate: Decimal,
    on: datetime.date,
    day_count: str = "act/365",
    rounding: str = "whole",
) -> CreditLine:
    """Open a member's credit line (managers): its limit, yearly rate and day count stay with it."""
    limit = positive_amount(limit, field="limit")
    if member.status != MemberStatus.MEMBER:
        raise coded_error("member", _("Only members (anggota) can borrow."), MemberErrorCode.MEMBER_NOT_ACTIVE)
    if not Decimal(0) <= rate <= 1:
        raise coded_error("rate", _("Give the yearly rate as a share between 0 and 100 %."), MemberErrorCode.LOAN_LIMIT)
    line = CreditLine.objects.create(
        member=member, limit=limit, rate=rate, day_count=day_count, rounding=rounding, opened_on=on, opened_by=actor
    )
    record_event(
        "credit_line.opened",
        actor=actor,
        cooperative_id=line.cooperative_id,
        obj=line,
        after={"member": member.pk, "limit": str(limit), "rate": str(rate), "day_count": day_count},
    )
    return line


def _existing(line: CreditLine, key, purpose: str) -> CreditLineMovement | None:
    return CreditLineMovement.objects.filter(line=line, source_type=SOURCE, source_id=str(key), purpose=purpose).first()


def _require_open_after_billing(line: CreditLine, date: datetime.date) -> None:
    if not line.is_open:
        raise coded_error("line", _("This credit line is closed."), MemberErrorCode.LOAN_STATUS)
    if date < line.opened_on:
        raise coded_error("date", _("The line was not open yet on this day."), MemberErrorCode.DATE_ORDER)
    if line.interest_billed_until is not None and date <= line.interest_billed_until:
        raise coded_error(
            "date",
            _("Interest is billed up to %(day)s: a movement must come after it.") % {"day": line.interest_billed_until},
            MemberErrorCode.CREDIT_LINE_BILLED,
        )


def _record(line: CreditLine, *, kind, date, amount, purpose, key, actor, interest=ZERO, principal=ZERO, entry=None):
    movement = CreditLineMovement.objects.create(
        line=line,
        kind=kind,
        date=date,
        amount=amount,
        interest=interest,
        principal=principal,
        drawn_after=line.drawn,
        interest_due_after=line.interest_due,
        source_type=SOURCE,
        source_id=str(key),
        purpose=purpose,
        journal_entry=entry,
        created_by=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
    )
    record_event(
        f"credit_line.{kind}",
        actor=actor,
        cooperative_id=line.cooperative_id,
        obj=line,
        after={"movement": movement.pk, "amount": str(amount), "date": str(date), "drawn_after": str(line.drawn)},
    )
    return movement


@transaction.atomic
def draw(*, actor, line: CreditLine, amount: Decimal, date: datetime.date, key=None, cash_account: str = "cash"):
    """The member takes ``amount`` from the line: Dr Piutang pinjaman (member) / Cr Kas."""
    key = key or uuid.uuid4()
    line = _lock(line)
    if (done := _existing(line, key, "credit_line.draw")) is not None:
        return done
    amount = positive_amount(amount)
    _require_open_after_billing(line, date)
    if line.drawn + amount > line.limit:
        raise coded_error(
            "amount",
            _("Only %(available)s is left under the limit.") % {"available": line.available},
            MemberErrorCode.CREDIT_LINE_LIMIT,
        )
    line.drawn += amount
    line.save(update_fields=["drawn"])
    memo = _("Drawn from credit line %(number)s") % {"number": line.number}
    entry = post(
        date=date,
        source=(SOURCE, f"{line.pk}:{key}"),
        purpose="credit_line.draw",
        memo=memo,
        actor=actor,
        lines=[
            Line("loan_receivable", debit=amount, party=line.member, memo=line.number),
            Line(cash_account, credit=amount),
        ],
    )
    return _record(
        line,
        kind=CreditLineMovementKind.DRAW,
        date=date,
        amount=amount,
        purpose="credit_line.draw",
        key=key,
        actor=actor,
        principal=amount,
        entry=entry,
    )


@transaction.atomic
def repay(*, actor, line: CreditLine, amount: Decimal, date: datetime.date, key=None, cash_account: str = "cash"):
    """A repayment pays the interest billed first, then the principal drawn: Dr Kas / Cr Jasa pinjaman,
    Cr Piutang pinjaman (member). More than is owed is refused."""
    key = key or uuid.uuid4()
    line = _lock(line)
    if (done := _existing(line, key, "credit_line.repayment")) is not None:
        return done
    amount = positive_amount(amount)
    _require_open_after_billing(line, date)
    if amount > line.interest_due + line.drawn:
        raise coded_error(
            "amount",
            _("Only %(owed)s is owed on this line.") % {"owed": line.interest_due + line.drawn},
            MemberErrorCode.LOAN_OVERPAYMENT,
        )
    interest = min(amount, line.interest_due)
    principal = amount - interest
    line.interest_due -= interest
    line.drawn -= principal
    line.save(update_fields=["interest_due", "drawn"])
    lines = [Line(cash_account, debit=amount)]
    if interest:
        lines.append(Line("loan_interest_income", credit=interest, memo=line.number))
    if principal:
        lines.append(Line("loan_receivable", credit=principal, party=line.member, memo=line.number))
    memo = _("Repayment of credit line %(number)s") % {"number": line.number}
    entry = post(
        date=date,
        source=(SOURCE, f"{line.pk}:{key}"),
        purpose="credit_line.repayment",
        memo=memo,
        actor=actor,
        lines=lines,
    )
    return _record(
        line,
        kind=CreditLineMovementKind.REPAYMENT,
        date=date,
        amount=amount,
        purpose="credit_line.repayment",
        key=key,
        actor=actor,
        interest=interest,
        principal=principal,
        entry=entry,
    )


def month_interest(line: CreditLine, month: Month, *, until: datetime.date | None = None) -> LineInterest | None:
    """The interest of ``month`` (to ``until`` when given: the month so far), from the line's movements by
    the pure ``credit_line_interest``; None when the line was not open in that time."""
    start, end = max(month.first_day, line.opened_on), min(until or month.last_day, month.last_day)
    if line.closed_on is not None:
        end = min(end, line.closed_on)
    if end < start:
        return None
    before = (
        line.movements.filter(date__lt=start).exclude(kind=CreditLineMovementKind.INTEREST).order_by("-date", "-id")
    )
    opening = before.values_list("drawn_after", flat=True).first() or ZERO
    movements = [
        (day, principal if kind == CreditLineMovementKind.DRAW else -principal)
        for day, kind, principal in line.movements.filter(date__gte=start, date__lte=end, principal__gt=0)
        .order_by("date", "id")
        .values_list("date", "kind", "principal")
    ]
    return credit_line_interest(
        opening_balance=opening,
        movements=movements,
        start=start,
        end=end,
        annual_rate=line.rate,
        day_count=line.day_count,
        rounding=line.rounding,
    )


@transaction.atomic
def bill_interest(line: CreditLine, month: Month, *, actor=None) -> CreditLineMovement | None:
    """Bill the month's interest to the line (once a month; no entry until it is paid)."""
    line = _lock(line)
    if line.interest_billed_until is not None and line.interest_billed_until >= month.last_day:
        return None
    result = month_interest(line, month)
    line.interest_billed_until = month.last_day
    if result is None or result.interest <= 0:
        line.save(update_fields=["interest_billed_until"])
        return None
    line.interest_due += result.interest
    line.save(update_fields=["interest_due", "interest_billed_until"])
    return _record(
        line,
        kind=CreditLineMovementKind.INTEREST,
        date=month.last_day,
        amount=result.interest,
        purpose="credit_line.interest",
        key=str(month),
        actor=actor,
        interest=result.interest,
    )


def bill_all(month: Month, actor=None) -> int:
    """Bill the month's interest on every open line (the monthly job); returns the lines billed."""
    billed = 0
    for line in CreditLine.objects.filter(status=CreditLineStatus.OPEN, opened_on__lte=month.last_day).order_by("pk"):
        billed += bill_interest(line, month, actor=actor) is not None
    return billed
