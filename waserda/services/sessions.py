"""Cash sessions (shifts at the till): open with a float, close with a count, over/short posted, Z-report.

Sales post their entries as they happen, so closing is a handful of GROUP BY queries over the
session's sales, returns and credit payments, whatever their number.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.money import quantize_rupiah
from waserda import locks
from waserda.error_codes import WaserdaError, WaserdaErrorCode
from waserda.models import CashSession, CreditPayment, PaymentMethod, Sale, SaleReturn, SessionStatus
from waserda.services import journal

ZERO = Decimal("0.00")


@transaction.atomic
def open_session(*, cashier, opening_float: Decimal = ZERO, note: str = "") -> CashSession:
    """Open the cashier's session; one open session per cashier (the database's unique index)."""
    opening_float = quantize_rupiah(Decimal(opening_float))
    if opening_float < 0:
        raise WaserdaError(WaserdaErrorCode.INVALID_PRICE, _("The float cannot be negative."), "opening_float")
    session = CashSession(cashier=cashier, opening_float=opening_float, opened_at=timezone.now(), note=note[:255])
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError as error:
        raise WaserdaError(
            WaserdaErrorCode.SESSION_ALREADY_OPEN, _("You already have an open cash session.")
        ) from error
    record_event(
        "waserda.session_opened",
        actor=cashier,
        cooperative_id=session.cooperative_id,
        obj=session,
        after={"opening_float": str(opening_float)},
    )
    return session


def session_figures(session: CashSession) -> dict:
    """The Z-report figures of a session (4 aggregate queries, independent of the number of sales)."""
    by_method = {
        row["payment_method"]: row
        for row in Sale.objects.filter(session=session)
        .values("payment_method")
        .annotate(count=Count("id"), total=Sum("total"), cost=Sum("cost_total"), returned=Sum("returned_total"))
        .order_by("payment_method")
    }
    refunds = {
        row["sale__payment_method"]: row
        for row in SaleReturn.objects.filter(session=session)
        .values("sale__payment_method")
        .annotate(count=Count("id"), amount=Sum("amount"), cost=Sum("cost"))
        .order_by("sale__payment_method")
    }
    credit_payments = (
        CreditPayment.objects.filter(session=session).values("method").annotate(amount=Sum("amount")).order_by("method")
    )
    credit_in = {row["method"]: row["amount"] or ZERO for row in credit_payments}
    flagged = Sale.objects.filter(session=session).aggregate(
        count=Count("id", filter=Q(needs_reconciliation=True)), shortfall=Sum("price_shortfall")
    )

    methods = []
    sales_total = cost_total = refund_total = refund_cost = ZERO
    sale_count = 0
    for method, label in PaymentMethod.choices:
        row = by_method.get(method, {})
        refund = refunds.get(method, {})
        total, cost = row.get("total") or ZERO, row.get("cost") or ZERO
        refunded = refund.get("amount") or ZERO
        methods.append(
            {
                "method": method,
                "label": str(label),
                "count": row.get("count", 0),
                "total": str(total),
                "refunds": str(refunded),
                "net": str(total - refunded),
            }
        )
        sale_count += row.get("count", 0)
        sales_total += total
        cost_total += cost
        refund_total += refunded
        refund_cost += refund.get("cost") or ZERO
    cash = by_method.get(PaymentMethod.CASH, {})
    cash_refunds = refunds.get(PaymentMethod.CASH, {}).get("amount") or ZERO
    expected = session.opening_float + (cash.get("total") or ZERO) - cash_refunds + credit_in.get("cash", ZERO)
    net_sales = sales_total - refund_total
    net_cost = cost_total - refund_cost
    return {
        "sale_count": sale_count,
        "sales_total": str(sales_total),
        "refund_total": str(refund_total),
        "net_sales": str(net_sales),
        "cost_total": str(net_cost),
        "gross_margin": str(net_sales - net_cost),
        "credit_payments_cash": str(credit_in.get("cash", ZERO)),
        "credit_payments_bank": str(credit_in.get("bank", ZERO)),
        "opening_float": str(session.opening_float),
        "expected_cash": str(expected),
        "flagged_sales": flagged["count"],
        "price_shortfall": str(flagged["shortfall"] or ZERO),
        "methods": methods,
    }


@transaction.atomic
def close_session(*, actor, session: CashSession, counted_cash: Decimal, note: str = "") -> CashSession:
    """Close the session with the counted cash: the Z-report figures are frozen on the session and
    the difference from the expected cash is posted (over: Dr Kas / Cr Pendapatan lain-lain; short:
    Dr Beban lain-lain / Cr Kas)."""
    session = locks.lock_session(session.pk)
    if not session.is_open:
        raise WaserdaError(WaserdaErrorCode.SESSION_CLOSED, _("This cash session is already closed."))
    counted = quantize_rupiah(Decimal(counted_cash))
    if counted < 0:
        raise WaserdaError(WaserdaErrorCode.INVALID_PRICE, _("Counted cash cannot be negative."), "counted_cash")
    figures = session_figures(session)
    expected = Decimal(figures["expected_cash"])
    difference = counted - expected
    now = timezone.now()
    figures |= {"counted_cash": str(counted), "difference": str(difference), "closed_at": now.isoformat()}
    session.status, session.closed_at = SessionStatus.CLOSED, now
    session.counted_cash, session.expected_cash, session.difference = counted, expected, difference
    session.summary = figures
    if note:
        session.note = note[:255]
    session.save(
        update_fields=["status", "closed_at", "counted_cash", "expected_cash", "difference", "summary", "note"]
    )
    if difference > 0:
        journal.post_pair(
            date=timezone.localdate(now),
            source=session,
            purpose="pos.session_close",
            actor=actor,
            memo=_("Cash over, session %(s)s") % {"s": session},
            debit="cash",
            credit="other_income",
            amount=difference,
        )
    elif difference < 0:
        journal.post_pair(
            date=timezone.localdate(now),
            source=session,
            purpose="pos.session_close",
            actor=actor,
            memo=_("Cash short, session %(s)s") % {"s": session},
            debit="other_expense",
            credit="cash",
            amount=-difference,
        )
    record_event(
        "waserda.session_closed",
        actor=actor,
        cooperative_id=session.cooperative_id,
        obj=session,
        after={"expected": str(expected), "counted": str(counted), "difference": str(difference)},
    )
    return session
