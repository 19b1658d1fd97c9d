"""POS sales: recording a sale (online or synced from an offline till), sync batches, returns,
member credit payments and the manager's reconciliation of flagged sales.

Each business action is one transaction. A sale, in order: lock the member (credit sales) and the
product rows (id order) → look for the client UUID (a replay returns the sale already recorded) →
price the lines → plan the stock change and prepare the ``pos.sale`` entry (the sale and its cost) →
insert the sale, its lines and stock-card rows, decrement stock (conditional for online sales) and
post the entry, in one statement (a savings payment charges simpanan sukarela in between and posts
after).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.core.templatetags.formatting import month_label
from koperasi.ledger.selectors import is_period_closed
from koperasi.ledger.services import Posting
from koperasi.money import format_rupiah, quantize_quantity, quantize_rupiah
from koperasi.tenancy.context import current_cooperative_id
from members.models import Member, MemberStatus
from members.savings.shop import charge_voluntary_savings, refund_voluntary_savings
from waserda import locks, selectors
from waserda.error_codes import WaserdaError, WaserdaErrorCode
from waserda.models import (
    CashSession,
    CreditPayment,
    MovementKind,
    PaymentMethod,
    RejectedSale,
    Sale,
    SaleLine,
    SaleReturn,
    SaleReturnLine,
    SessionStatus,
)
from waserda.services import journal, sale_store, stock

ZERO = Decimal("0")
RETURN_SOURCE = "return"
PAYMENT_METHODS = frozenset(PaymentMethod.values)


@dataclass(frozen=True)
class LineInput:
    product_id: int
    quantity: Decimal
    unit_price: Decimal | None = None  # offline sales: the price the till charged


@dataclass
class SaleInput:
    lines: Sequence[LineInput]
    payment_method: str
    member_id: int | None = None
    payment_reference: str = ""
    tendered: Decimal | None = None
    session_id: int | None = None
    client_uuid: uuid.UUID | None = None
    sold_at: datetime.datetime | None = None
    offline: bool = False


@dataclass
class SyncResult:
    client_uuid: str
    status: str  # "recorded" or "rejected"
    sale_id: int | None = None
    number: str = ""
    needs_reconciliation: bool = False
    code: str = ""
    message: str = ""
    created: bool = field(default=False, repr=False)

    def as_dict(self) -> dict:
        data = {"client_uuid": self.client_uuid, "status": self.status}
        if self.status == "recorded":
            data |= {"sale_id": self.sale_id, "number": self.number, "needs_reconciliation": self.needs_reconciliation}
        else:
            data |= {"code": self.code, "message": self.message}
        return data


def _quantity(value) -> Decimal:
    quantity = quantize_quantity(Decimal(value))
    if quantity <= 0:
        raise WaserdaError(WaserdaErrorCode.INVALID_QUANTITY, _("Quantities must be above zero."), "lines")
    return quantity


@dataclass
class _Flags:
    """What the manager must look at on an offline sale. An online sale is refused where an offline
    one (already made at the till) is recorded and flagged for reconciliation."""

    offline: bool
    notes: list[str] = field(default_factory=list)

    def refuse_or_flag(self, code: WaserdaErrorCode, message: str, field_name: str, note: str) -> None:
        if not self.offline:
            raise WaserdaError(code, message, field_name)
        self.notes.append(note)


def _session_for(cashier, data: SaleInput, session: CashSession | None, flags: _Flags) -> CashSession | None:
    """The sale's cash session (``session``: the one the till named, if found). Online sales need the
    cashier's open session; offline sales take the session they were made in, whatever its state now
    (a closed one is flagged)."""
    if session is None:
        session = CashSession.objects.filter(cashier=cashier, status=SessionStatus.OPEN).first()
    if data.offline:
        if session is not None and not session.is_open:
            flags.notes.append(_("Synced after its cash session %(s)s was closed.") % {"s": session})
        return session
    if session is None or not session.is_open:
        raise WaserdaError(WaserdaErrorCode.NO_OPEN_SESSION, _("Open a cash session first."))
    if session.cashier_id != cashier.pk:
        raise WaserdaError(WaserdaErrorCode.NOT_YOUR_SESSION, _("This cash session belongs to another cashier."))
    return session


def _member(member_id: int | None) -> Member | None:
    if member_id is None:
        return None
    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        raise WaserdaError(WaserdaErrorCode.MEMBER_UNKNOWN, _("Unknown member."), "member")
    return member


def existing_sale(client_uuid) -> Sale | None:
    return Sale.objects.filter(client_uuid=client_uuid).first()


def record_sale(*, cashier, data: SaleInput) -> tuple[Sale, bool]:
    """Record one POS sale; returns ``(sale, created)``. The same ``client_uuid`` again returns the
    sale already recorded (``created`` false) and changes nothing.

    Online sales are refused (``WaserdaError``) when stock, credit limit or savings do not cover
    them. Offline sales (``data.offline``) are always recorded: stock may go negative, the credit
    limit may be passed, a savings payment that bounces becomes member credit, a closed month posts
    today — each flagged for the manager's reconciliation list.

    One transaction: the caller's, or its own when there is none. It makes no savepoint
    (docs/performance.md): refusals come before anything is written, and the writes
    (with the posting) follow in a block that, should it fail (a closed month, a bug), marks the
    caller's transaction for rollback. Only a savings payment, which may still bounce after the sale
    is written, writes inside a savepoint.
    """
    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return record_sale(cashier=cashier, data=data)
    if not data.lines:
        raise WaserdaError(WaserdaErrorCode.EMPTY_SALE, _("The sale has no items."), "lines")
    method = data.payment_method
    if method not in PAYMENT_METHODS:
        raise WaserdaError(WaserdaErrorCode.INVALID_PRICE, _("Unknown payment method."), "payment_method")
    client_uuid = data.client_uuid or uuid.uuid4()
    quantities = [_quantity(line.quantity) for line in data.lines]

    member = _member(data.member_id)
    if method in (PaymentMethod.CREDIT, PaymentMethod.SAVINGS):
        if member is None:
            raise WaserdaError(WaserdaErrorCode.MEMBER_REQUIRED, _("Choose the member who pays."), "member")
        if method == PaymentMethod.CREDIT:
            locks.lock_members([member.pk])
    product_ids = [line.product_id for line in data.lines]
    basis = sale_store.lock_for_sale(product_ids, client_uuid, data.session_id)
    if basis.replay_id is not None:
        return Sale.objects.get(pk=basis.replay_id), False
    return _sell(cashier, data, basis, client_uuid, quantities, member)


def _sell(
    cashier, data: SaleInput, basis: sale_store.Basis, client_uuid, quantities: list[Decimal], member: Member | None
) -> tuple[Sale, bool]:
    """Price, cost and write the sale on ``basis`` (its products locked), in named steps."""
    flags = _Flags(data.offline)
    session = _session_for(cashier, data, basis.session, flags)
    sold_at = data.sold_at if (data.offline and data.sold_at) else timezone.now()
    priced = _price_lines(data, basis.products, quantities, member, flags)
    tendered, change = _settle_payment(data, priced.total, flags)
    _check_member_account(data.payment_method, member, priced.total, flags)
    stock_plan = _plan_stock(priced, basis.products, flags)
    day = _posting_day(sold_at, flags)
    sale = Sale(
        pk=basis.new_sale_id,
        client_uuid=client_uuid,
        session=session,
        cashier=cashier,
        member=member,
        sold_at=sold_at,
        offline=data.offline,
        payment_method=data.payment_method,
        payment_reference=data.payment_reference.strip()[:80],
        total=priced.total,
        cost_total=-stock_plan.total_value,
        tendered=tendered,
        change=change,
        needs_reconciliation=bool(flags.notes),
        reconciliation_note="\n".join(flags.notes),
    )
    return _write_sale(sale, stock_plan, priced, day, flags)


@dataclass
class _Priced:
    lines: list[tuple]  # (product, quantity, unit price, member price applied, amount)
    total: Decimal
    shortfall: Decimal  # what an offline till charged below the prices in force


def _price_lines(
    data: SaleInput, products: dict, quantities: list[Decimal], member: Member | None, flags: _Flags
) -> _Priced:
    """Each line at the member's or the catalogue's price; an offline till's own price is kept, and
    any amount below the price in force (or below cost) is flagged."""
    priced = _Priced([], ZERO, ZERO)
    for line, quantity in zip(data.lines, quantities, strict=True):
        product = _sellable(products.get(line.product_id), flags.offline)
        unit_price = list_price = product.price_for(member)
        if flags.offline and line.unit_price is not None:
            unit_price = quantize_rupiah(Decimal(line.unit_price))
            if unit_price < 0:
                raise WaserdaError(WaserdaErrorCode.INVALID_PRICE, _("Prices cannot be negative."), "lines")
            below, note = _below_the_price_in_force(product, quantity, unit_price, list_price)
            priced.shortfall += below
            flags.notes += [note] if note else []
        member_price = member is not None and product.member_price is not None and unit_price == product.member_price
        amount = quantize_rupiah(quantity * unit_price)
        priced.lines.append((product, quantity, unit_price, member_price, amount))
        priced.total += amount
    return priced


def _sellable(product, offline: bool):
    if product is None:
        raise WaserdaError(WaserdaErrorCode.PRODUCT_UNKNOWN, _("Unknown product."), "lines")
    if not product.is_active and not offline:
        raise WaserdaError(
            WaserdaErrorCode.PRODUCT_INACTIVE, _("%(p)s is no longer sold.") % {"p": product.name}, "lines"
        )
    return product


def _settle_payment(data: SaleInput, total: Decimal, flags: _Flags) -> tuple[Decimal | None, Decimal]:
    """Cash tendered and change; a transfer or QRIS needs its reference."""
    method, tendered, change = data.payment_method, data.tendered, ZERO
    if method == PaymentMethod.CASH:
        tendered = total if tendered is None else quantize_rupiah(Decimal(tendered))
        if tendered < total:
            flags.refuse_or_flag(
                WaserdaErrorCode.TENDERED_TOO_LITTLE,
                _("The cash given is less than the total."),
                "tendered",
                _("Cash given was less than the total."),
            )
        change = max(tendered - total, ZERO)
    elif method in (PaymentMethod.TRANSFER, PaymentMethod.QRIS) and not data.payment_reference.strip():
        flags.refuse_or_flag(
            WaserdaErrorCode.REFERENCE_REQUIRED,
            _("Enter the transfer or QRIS reference."),
            "payment_reference",
            _("No payment reference."),
        )
    return tendered, change


def _check_member_account(method: str, member: Member | None, total: Decimal, flags: _Flags) -> None:
    """Credit and savings sales are for current members; credit stays within the member's limit."""
    if method in (PaymentMethod.CREDIT, PaymentMethod.SAVINGS) and member.status == MemberStatus.EXITED:
        flags.refuse_or_flag(
            WaserdaErrorCode.MEMBER_UNKNOWN,
            _("This person is no longer a member."),
            "member",
            _("Sold on credit/savings to a former member."),
        )
    if method == PaymentMethod.CREDIT:
        limit = selectors.credit_limit_for(member)
        outstanding = selectors.member_credit_outstanding(member)
        if outstanding + total > limit:
            flags.refuse_or_flag(
                WaserdaErrorCode.CREDIT_LIMIT_EXCEEDED,
                _("Credit limit exceeded: %(o)s owed, limit %(l)s.") % {"o": outstanding, "l": limit},
                "payment_method",
                _("Credit limit exceeded."),
            )


def _plan_stock(priced: _Priced, products: dict, flags: _Flags) -> stock.Plan:
    """The stock leaving at its moving-average cost; an offline sale may take stock below zero (flagged)."""
    changes = [stock.Change(product.pk, -quantity) for product, quantity, *_rest in priced.lines]
    stock_plan = stock.plan(MovementKind.SALE, changes, products, allow_negative=flags.offline)
    for product in stock_plan.went_negative:
        flags.notes.append(_("Stock of %(p)s went below zero.") % {"p": product.name})
    return stock_plan


def _posting_day(sold_at: datetime.datetime, flags: _Flags) -> datetime.date:
    """The sale's day; an offline sale of a month closed since is posted today (flagged)."""
    day = timezone.localdate(sold_at)
    if flags.offline and is_period_closed(day.year, day.month):
        flags.notes.append(_("Its month %(m)s was closed; posted today.") % {"m": month_label(day)})
        day = timezone.localdate()
    return day


def _write_sale(sale: Sale, stock_plan: stock.Plan, priced: _Priced, day: datetime.date, flags: _Flags):
    """The writes, in one block: should the posting be refused (a closed month) or anything fail, the
    caller's transaction is marked for rollback. Only a savings payment, whose charge may still bounce
    after the sale is written, needs a savepoint (and posts after the charge)."""

    def posting(sale: Sale) -> Posting | None:
        return _sale_posting(sale, day, sale.cashier)

    savings = sale.payment_method == PaymentMethod.SAVINGS
    with transaction.atomic(savepoint=savings):
        written = sale_store.insert_sale(
            sale, stock_plan, priced.lines, allow_negative=flags.offline, posting=None if savings else posting
        )
        if written is None:
            # A concurrent replay of this UUID committed while this one waited for the product locks.
            return Sale.objects.get(client_uuid=sale.client_uuid), False
        if priced.shortfall:  # rare (offline, underpriced): one more statement, for the Z report
            Sale.objects.filter(pk=sale.pk).update(price_shortfall=priced.shortfall)
            sale.price_shortfall = priced.shortfall
        if savings:
            bounced = _charge_savings(sale, day, flags.offline)
            if bounced:
                flags.notes.append(bounced)
                sale.payment_method = PaymentMethod.CREDIT
                sale.needs_reconciliation, sale.reconciliation_note = True, "\n".join(flags.notes)
                sale.save(update_fields=["needs_reconciliation", "reconciliation_note", "payment_method"])
            prepared = posting(sale)
            if prepared is not None:
                prepared.run()
        # The sale's own event: its entry is posted inside the sale's statement, which leaves none.
        after = {"total": str(sale.total), "payment_method": sale.payment_method, "lines": len(priced.lines)}
        record_event("waserda.sale", actor=sale.cashier, cooperative_id=sale.cooperative_id, obj=sale, after=after)
    return sale, True


def _below_the_price_in_force(product, quantity: Decimal, charged: Decimal, in_force: Decimal) -> tuple[Decimal, str]:
    """How much less than the price in force (the member's or the catalogue's) an offline till charged
    for a line, and the manager's note when it charged less than that or less than the cost."""
    money = format_rupiah
    if charged < in_force:
        less = quantize_rupiah((in_force - charged) * quantity)
        note = _("%(p)s sold at %(c)s, below the price of %(f)s (%(d)s less).") % {
            "p": product.name, "c": money(charged), "f": money(in_force), "d": money(less)
        }  # fmt: skip
        return less, note
    if charged < product.avg_cost:
        note = _("%(p)s sold at %(c)s, below its cost of %(a)s.") % {
            "p": product.name, "c": money(charged), "a": money(product.avg_cost)
        }  # fmt: skip
        return ZERO, note
    return ZERO, ""


def _charge_savings(sale: Sale, day, offline: bool) -> str:
    """Take the total from the member's simpanan sukarela; returns a note when an offline sale's
    charge bounced (it then becomes member credit), raises for an online one."""
    try:
        with transaction.atomic():
            charge_voluntary_savings(
                member=sale.member,
                amount=sale.total,
                date=day,
                source=sale,
                purpose="pos.sale",
                memo=_("Waserda purchase %(n)s") % {"n": sale.number},
            )
    except ValidationError as error:
        if "insufficient_savings" not in _codes(error):
            raise
        if not offline:
            raise WaserdaError(
                WaserdaErrorCode.INSUFFICIENT_SAVINGS,
                _("The member's voluntary savings do not cover %(t)s.") % {"t": sale.total},
                "payment_method",
            ) from error
        return _("Voluntary savings were short; recorded as member credit.")
    return ""


def _codes(error: ValidationError) -> set[str]:
    """Every machine-readable code a (possibly per-field) ValidationError carries."""
    codes = {getattr(error, "code", None)}
    if hasattr(error, "error_dict"):
        codes |= {item.code for items in error.error_dict.values() for item in items}
    elif hasattr(error, "error_list"):
        codes |= {item.code for item in error.error_list}
    return {code for code in codes if code}


def _sale_posting(sale: Sale, day: datetime.date, actor) -> Posting | None:
    """One entry: Dr payment / Cr Penjualan waserda, and Dr HPP / Cr Persediaan at the sale's cost."""
    unit = journal.WASERDA_UNIT
    debit = journal.PAYMENT_ACCOUNTS[sale.payment_method]
    party = sale.member if debit in journal.MEMBER_ACCOUNTS else None
    return journal.pairs_posting(
        date=day,
        source=sale,
        purpose="pos.sale",
        memo=_("POS sale %(n)s") % {"n": sale.number},
        pairs=[
            journal.Pair(debit, "sales_waserda", sale.total, debit_party=party, credit_unit=unit),
            journal.Pair("cogs", "merchandise_inventory", sale.cost_total, debit_unit=unit),
        ],
        actor=actor,
    )


def sync_sales(*, cashier, sales: Sequence[SaleInput]) -> list[SyncResult]:
    """Record a batch of sales from a till, in order; each sale once (by its client UUID).

    Replaying a batch creates nothing and answers the same results: recorded sales are found by their
    UUID, refused online sales by their stored rejection. The products (and credit members) of the
    whole batch are locked first, in the lock order, so concurrent batches cannot deadlock.
    """
    results: list[SyncResult] = []
    with transaction.atomic():
        members = [s.member_id for s in sales if s.member_id and s.payment_method == PaymentMethod.CREDIT]
        locks.lock_members(members)
        locks.lock_products(line.product_id for s in sales for line in s.lines)
        for data in sales:
            data.client_uuid = data.client_uuid or uuid.uuid4()
            key = str(data.client_uuid)
            sale = existing_sale(data.client_uuid)
            if sale is not None:
                results.append(_recorded(key, sale))
                continue
            rejected = RejectedSale.objects.filter(client_uuid=data.client_uuid).first()
            if rejected is not None:
                results.append(SyncResult(key, "rejected", code=rejected.code, message=rejected.message))
                continue
            try:
                with transaction.atomic():
                    sale, created = record_sale(cashier=cashier, data=data)
            except WaserdaError as error:
                RejectedSale.objects.create(
                    client_uuid=data.client_uuid, code=error.error_code.value, message=error.text[:255], cashier=cashier
                )
                results.append(SyncResult(key, "rejected", code=error.error_code.value, message=error.text))
                continue
            result = _recorded(key, sale)
            result.created = created
            results.append(result)
    return results


def _recorded(key: str, sale: Sale) -> SyncResult:
    return SyncResult(key, "recorded", sale.pk, sale.number, sale.needs_reconciliation)


# --- returns -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnLineInput:
    sale_line_id: int
    quantity: Decimal


@dataclass(frozen=True)
class _ReturnedLine:
    sale_line: SaleLine
    quantity: Decimal
    amount: Decimal
    cost: Decimal


@transaction.atomic
def record_return(
    *, actor, sale: Sale, lines: Sequence[ReturnLineInput], reason: str = "", key: uuid.UUID | None = None
) -> SaleReturn:
    """Take goods back: stock returns at the cost it left with, the refund goes out the way the sale
    was paid (cash, bank, member credit, savings), and the mirror entries are posted. Partial
    returns are allowed; never more than was sold. The same ``key`` again returns the first return."""
    done = SaleReturn.already_recorded(key)
    if done is not None:
        return done
    sale = locks.lock_sale(sale.pk)
    sale_lines = {line.pk: line for line in sale.lines.all()}
    wanted = _wanted_back(sale_lines, lines)
    products = locks.lock_products(sale_lines[pk].product_id for pk in wanted)
    returned = [_returned_line(sale_lines[pk], wanted[pk]) for pk in sorted(wanted)]
    changes = [stock.Change(row.sale_line.product_id, row.quantity, row.cost) for row in returned]
    stock_plan = stock.plan(MovementKind.RETURN, changes, products, allow_negative=True)
    now = timezone.now()
    sale_return = SaleReturn(
        sale=sale,
        session=CashSession.objects.filter(cashier=actor, status=SessionStatus.OPEN).first() if actor else None,
        key=key or uuid.uuid4(),
        returned_at=now,
        reason=reason[:255],
        amount=sum((row.amount for row in returned), ZERO),
        cost=sum((row.cost for row in returned), ZERO),
        user=actor,
    )
    sale_return.save()
    _write_return(sale_return, returned, stock_plan)
    _refund(sale_return, timezone.localdate(now), actor)
    record_event(
        "waserda.sale_returned",
        actor=actor,
        cooperative_id=sale_return.cooperative_id,
        obj=sale,
        after={"return": str(sale_return), "amount": str(sale_return.amount), "reason": reason},
    )
    return sale_return


def _wanted_back(sale_lines: dict[int, SaleLine], lines: Sequence[ReturnLineInput]) -> dict[int, Decimal]:
    """The quantity asked back per line of the sale (lines named twice add up)."""
    wanted: dict[int, Decimal] = {}
    for line in lines:
        if line.sale_line_id not in sale_lines:
            raise WaserdaError(WaserdaErrorCode.RETURN_TOO_MUCH, _("That item is not on this sale."), "lines")
        wanted[line.sale_line_id] = wanted.get(line.sale_line_id, ZERO) + _quantity(line.quantity)
    if not wanted:
        raise WaserdaError(WaserdaErrorCode.EMPTY_SALE, _("Choose what is returned."), "lines")
    return wanted


def _returned_line(line: SaleLine, quantity: Decimal) -> _ReturnedLine:
    """The amount refunded and the cost taken back for ``quantity`` of ``line``, never more than is
    left; the last units returned take what is left of the line's amount and cost, so they add up."""
    remaining = line.quantity - line.returned_quantity
    if quantity > remaining:
        raise WaserdaError(
            WaserdaErrorCode.RETURN_TOO_MUCH,
            _("Only %(n)s of this item can still be returned.") % {"n": remaining},
            "lines",
        )
    if quantity == remaining:
        sums = SaleReturnLine.objects.filter(sale_line=line).aggregate(a=Sum("amount"), c=Sum("cost"))
        return _ReturnedLine(line, quantity, line.amount - (sums["a"] or ZERO), line.cost - (sums["c"] or ZERO))
    amount = quantize_rupiah(line.amount * quantity / line.quantity)
    cost = quantize_rupiah(line.cost * quantity / line.quantity)
    return _ReturnedLine(line, quantity, amount, cost)


def _write_return(sale_return: SaleReturn, returned: list[_ReturnedLine], stock_plan: stock.Plan) -> None:
    """The stock cards, the return's lines, and what is returned so far on the sale and its lines."""
    stock.write(
        stock_plan,
        occurred_at=sale_return.returned_at,
        source_type=RETURN_SOURCE,
        source_id=sale_return.pk,
        reference=str(sale_return),
        allow_negative=True,
    )
    cooperative_id = current_cooperative_id()
    SaleReturnLine.objects.bulk_create(
        [
            SaleReturnLine(
                cooperative_id=cooperative_id,
                sale_return=sale_return,
                sale_line=row.sale_line,
                quantity=row.quantity,
                amount=row.amount,
                cost=row.cost,
            )
            for row in returned
        ]
    )
    for row in returned:
        SaleLine.objects.filter(pk=row.sale_line.pk).update(returned_quantity=F("returned_quantity") + row.quantity)
    Sale.objects.filter(pk=sale_return.sale_id).update(returned_total=F("returned_total") + sale_return.amount)


def _refund(sale_return: SaleReturn, day: datetime.date, actor) -> None:
    """The refund the way the sale was paid (savings go back to simpanan sukarela), and the mirror
    entries: Dr Penjualan waserda / Cr payment, Dr Persediaan / Cr HPP at the cost taken back."""
    sale = sale_return.sale
    if sale.payment_method == PaymentMethod.SAVINGS and sale_return.amount > 0:
        refund_voluntary_savings(
            member=sale.member,
            amount=sale_return.amount,
            date=day,
            source=sale_return,
            purpose="pos.return",
            memo=_("Refund of waserda purchase %(n)s") % {"n": sale.number},
        )
    unit = journal.WASERDA_UNIT
    credit = journal.PAYMENT_ACCOUNTS[sale.payment_method]
    journal.post_pairs(
        date=day,
        source=sale_return,
        purpose="pos.return",
        memo=_("Return %(r)s of sale %(n)s") % {"r": sale_return, "n": sale.number},
        pairs=[
            journal.Pair(
                "sales_waserda",
                credit,
                sale_return.amount,
                credit_party=sale.member if credit in journal.MEMBER_ACCOUNTS else None,
                debit_unit=unit,
            ),
            journal.Pair("merchandise_inventory", "cogs", sale_return.cost, credit_unit=unit),
        ],
        actor=actor,
    )


# --- member credit and reconciliation ------------------------------------------------------------


@transaction.atomic
def receive_credit_payment(
    *, actor, member: Member, amount: Decimal, method: str = "cash", date=None, key: uuid.UUID | None = None
) -> CreditPayment:
    """A member pays back shop credit: Dr Kas/Bank, Cr Piutang usaha (member)."""
    amount = quantize_rupiah(Decimal(amount))
    if amount <= 0:
        raise WaserdaError(WaserdaErrorCode.INVALID_PRICE, _("The amount must be above zero."), "amount")
    if method not in ("cash", "bank"):
        raise WaserdaError(WaserdaErrorCode.INVALID_PRICE, _("Pay in cash or by bank transfer."), "method")
    payment = CreditPayment(
        member=member,
        amount=amount,
        method=method,
        date=date or timezone.localdate(),
        key=key or uuid.uuid4(),
        user=actor,
        session=CashSession.objects.filter(cashier=actor, status=SessionStatus.OPEN).first() if actor else None,
    )
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError:
        return CreditPayment.objects.get(key=payment.key)
    journal.post_pair(
        date=payment.date,
        source=payment,
        purpose="pos.credit_payment",
        memo=_("Shop credit paid by %(m)s") % {"m": member},
        debit=journal.SETTLEMENT_ACCOUNTS[method],
        credit="accounts_receivable",
        credit_party=member,
        amount=amount,
        actor=actor,
    )
    return payment


@transaction.atomic
def mark_reconciled(*, actor, sale: Sale, note: str = "") -> Sale:
    """The manager has looked at a flagged sale (and counted or corrected the stock)."""
    sale = locks.lock_sale(sale.pk)
    if sale.needs_reconciliation:
        sale.needs_reconciliation = False
        sale.reconciled_at, sale.reconciled_by = timezone.now(), actor
        if note:
            sale.reconciliation_note = f"{sale.reconciliation_note}\n{_('Reconciled')}: {note}".strip()
        sale.save(update_fields=["needs_reconciliation", "reconciled_at", "reconciled_by", "reconciliation_note"])
        record_event(
            "waserda.sale_reconciled", actor=actor, cooperative_id=sale.cooperative_id, obj=sale, after={"note": note}
        )
    return sale
