"""The sale's own statements: what it reads (locking) and what it writes. A till waits on these.

* ``lock_for_sale``: locks the products (FOR UPDATE, id order) and reads the sale already recorded
  under the client UUID (a replay) and the cash session the till named; on PostgreSQL it also takes
  the new sale's id, so its journal entry can be prepared before anything is written.
* ``known_basis``: the same products and session as this process last saw them, when it has seen
  them all (PostgreSQL, online sales): nothing is read or locked; the sale is priced on that basis
  and ``insert_sale`` checks it in the statement that writes (``waserda_check_sale_basis``,
  migration waserda 0006), which then takes the sale's id. When the basis no longer holds, nothing
  is written and the sale is priced again on locked rows. What a sale leaves behind is remembered
  when its transaction commits (``remember_after_commit``).
* ``insert_sale``: inserts the sale, updates every product with its deltas (conditionally, unless
  stock may go negative), inserts the stock-card rows and the sale lines, and posts the sale's entry
  when given one.

On PostgreSQL each is one statement calling PL/pgSQL functions (migrations waserda 0002, 0004 and
0006: their plans are kept per connection, and planning these small statements under row-level
security cost more than running them); ``insert_sale``'s statement calls ``ledger_post_entry`` too,
after the sale's rows. Elsewhere (SQLite: development and the demo) the same reads and rows go
through the ORM (``locks.lock_products``, ``stock.write``, ``bulk_create``) and the entry is posted
after them.

A replay that commits while this sale waits for the product locks is not visible to that same
statement's snapshot; the unique (cooperative, client UUID) key then decides: the insert does
nothing and ``insert_sale`` answers ``Written(None)``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.core.db.arrays import array_literal, numbers_literal
from koperasi.core.db.prepared import PreparedStatement
from koperasi.ledger.services import Posting
from koperasi.tenancy.context import current_cooperative_id
from waserda import locks, stock
from waserda.error_codes import WaserdaError, WaserdaErrorCode
from waserda.models import CashSession, Product, Sale, SaleLine
from waserda.models.pos import UNNUMBERED_SALE

SALE_SOURCE = "sale"

# (product, quantity, unit price, member price applied, amount), as priced by the sale service
PricedLine = tuple


# What ``waserda_lock_for_sale`` answers (migration waserda 0004), in its column order.
_LOCKED_PRODUCT_FIELDS = (
    "id",
    "cooperative_id",
    "sku",
    "name",
    "is_active",
    "sell_price",
    "member_price",
    "qty_on_hand",
    "stock_value",
    "avg_cost",
)
_SESSION_FIELDS = ("id", "cooperative_id", "cashier_id", "status")
# What ``waserda_check_sale_basis`` compares (migration waserda 0006), in its argument order.
_CHECKED_FIELDS = ("id", "sell_price", "member_price", "qty_on_hand", "stock_value", "avg_cost")
_product_values = operator.attrgetter(*_LOCKED_PRODUCT_FIELDS)
_checked_values = operator.attrgetter(*_CHECKED_FIELDS)
_session_values = operator.attrgetter(*_SESSION_FIELDS)


@dataclass(frozen=True)
class Basis:
    """What a sale is priced and costed on: its products and cash session, locked (``lock_for_sale``)
    or as this process last saw them (``known_basis``; checked when the sale is written)."""

    products: dict[int, Product]
    replay_id: int | None  # the sale already recorded under the client UUID (locked bases only)
    session: CashSession | None  # the cash session the till named, if it exists
    new_sale_id: int | None  # PostgreSQL, locked: the id the new sale will have
    locked: bool = True
    # Known bases: per product (id order), what the writing statement checks is still so
    # (``_CHECKED_FIELDS``; pricing and costing change the instances, not these).
    seen: list[tuple] | None = None


def lock_for_sale(product_ids: list[int], client_uuid, session_id: int | None) -> Basis:
    """Lock the products (id order) and read what the sale needs. On PostgreSQL the products come with
    the fields a sale needs (the others load when touched)."""
    ids = sorted(set(product_ids))
    if connection.vendor != "postgresql":
        replay = Sale.objects.filter(client_uuid=client_uuid).values_list("pk", flat=True).first()
        return Basis(locks.lock_products(ids), replay, CashSession.objects.filter(pk=session_id).first(), None)
    with connection.cursor() as cursor:
        _LOCK.execute(cursor, [array_literal(ids), _uuid_value(client_uuid), session_id])
        rows = cursor.fetchall()
    width = len(_LOCKED_PRODUCT_FIELDS)
    products = {row[0]: _instance(Product, _LOCKED_PRODUCT_FIELDS, row[:width]) for row in rows if row[0] is not None}
    replay_id, session_values, new_sale_id = rows[0][width], rows[0][width + 1 : -1], rows[0][-1]
    session = _instance(CashSession, _SESSION_FIELDS, session_values) if session_values[0] else None
    return Basis(products, replay_id, session, new_sale_id)


# What this process last saw of products and cash sessions, by (cooperative, id): the values of
# ``_LOCKED_PRODUCT_FIELDS`` (with those of ``_CHECKED_FIELDS``) and of ``_SESSION_FIELDS``, as
# committed sales left them. Never trusted: ``waserda_check_sale_basis`` compares every value a
# sale was priced on with the locked row.
_KNOWN_LIMIT = 20_000
_known_products: dict[tuple[int, int], tuple] = {}
_known_sessions: dict[tuple[int, int], tuple] = {}


def known_basis(product_ids: list[int], session_id: int) -> Basis | None:
    """The products and session as this process last saw them, or ``None`` when it has not seen
    them all (PostgreSQL only: the check runs in the writing statement)."""
    if connection.vendor != "postgresql":
        return None
    cooperative_id = current_cooperative_id()
    session = _known_sessions.get((cooperative_id, session_id))
    if session is None:
        return None
    products, seen = {}, []
    for pk in sorted(set(product_ids)):
        known = _known_products.get((cooperative_id, pk))
        if known is None:
            return None
        products[pk] = _instance(Product, _LOCKED_PRODUCT_FIELDS, known[0])
        seen.append(known[1])
    return Basis(products, None, _instance(CashSession, _SESSION_FIELDS, session), None, locked=False, seen=seen)


def remember_after_commit(products: Iterable[Product], session: CashSession) -> None:
    """Once the transaction commits, remember ``products`` (as the sale left them) and ``session``
    for the next sale's ``known_basis`` (PostgreSQL; a rollback forgets them)."""
    if connection.vendor != "postgresql":
        return
    cooperative_id = current_cooperative_id()
    rows = [((cooperative_id, p.pk), (_product_values(p), _checked_values(p))) for p in products]
    session_row = ((cooperative_id, session.pk), _session_values(session))
    transaction.on_commit(lambda: _remember(rows, session_row))


def _remember(rows: list[tuple], session_row: tuple) -> None:
    if len(_known_products) + len(rows) > _KNOWN_LIMIT:
        forget_all()
    _known_products.update(rows)
    key, values = session_row
    _known_sessions[key] = values


def forget_all() -> None:
    """Drop everything this process remembers (tests; after restoring a database)."""
    _known_products.clear()
    _known_sessions.clear()


def forget(product_ids: Iterable[int], session_id: int | None) -> None:
    """Drop what this process remembers of these products and session (their basis did not hold)."""
    cooperative_id = current_cooperative_id()
    for pk in product_ids:
        _known_products.pop((cooperative_id, pk), None)
    _known_sessions.pop((cooperative_id, session_id), None)


def _instance(model, names: tuple[str, ...], values):
    """A model instance from some of its fields, as ``Model.from_db`` makes one (the other fields load
    when touched), without running ``__init__`` over every field: a sale builds four of them."""
    instance = model.__new__(model)
    instance.__dict__.update(zip(names, values, strict=True))
    instance._state = ModelState()
    instance._state.adding, instance._state.db = False, DEFAULT_DB_ALIAS  # the alias of ``connection``
    return instance


def _uuid_value(value):
    return Sale._meta.get_field("client_uuid").get_db_prep_value(value, connection)


# The sale's entry, prepared once the sale has its id (``None``: nothing to post).
PostingFor = Callable[[Sale], Posting | None]


@dataclass(frozen=True)
class Written:
    """What ``insert_sale`` did: ``sale`` saved, or ``None`` when nothing was written: a sale with
    its client UUID exists already, or (``basis_held`` false) a known basis no longer held."""

    sale: Sale | None
    basis_held: bool = True


def insert_sale(
    sale: Sale,
    plan: stock.Plan,
    priced: list[PricedLine],
    basis: Basis,
    *,
    allow_negative: bool,
    posting: PostingFor | None = None,
) -> Written:
    """Write ``sale`` (unsaved; on PostgreSQL with the id ``lock_for_sale`` took, or none on a known
    basis, checked first) with its stock change and lines, and post ``posting(sale)``. A refused
    posting raises ``LedgerError`` after the sale's rows were written: the caller's transaction must
    roll back."""
    if connection.vendor == "postgresql":
        return _insert_sale_postgresql(sale, plan, priced, basis, allow_negative=allow_negative, posting=posting)
    saved = _insert_sale_portable(sale, plan, priced, allow_negative=allow_negative)
    prepared = posting(saved) if posting is not None else None
    if prepared is not None:
        prepared.run()
    return Written(saved)


def _insert_sale_portable(sale: Sale, plan: stock.Plan, priced: list[PricedLine], *, allow_negative: bool) -> Sale:
    sale.save()
    stock.write(
        plan,
        occurred_at=sale.sold_at,
        source_type=SALE_SOURCE,
        source_id=sale.pk,
        reference=sale.number,
        allow_negative=allow_negative,
    )
    cooperative_id = current_cooperative_id()
    SaleLine.objects.bulk_create(
        [
            SaleLine(
                cooperative_id=cooperative_id,
                sale=sale,
                product=product,
                quantity=quantity,
                unit_price=unit_price,
                member_price_applied=member_price,
                amount=amount,
                cost=-value,
            )
            for (product, quantity, unit_price, member_price, amount), value in zip(priced, plan.values, strict=True)
        ]
    )
    return sale


_INSERT_SALE_ARGUMENTS = (
    "%s::uuid, %s::bigint, %s::bigint, %s::bigint, %s::timestamptz, %s::timestamptz,"
    " %s, %s, %s, %s::numeric, %s::numeric, %s::numeric, %s::numeric, %s, %s, %s,"
    " %s::bigint[], %s::numeric[], %s::numeric[], %s::numeric[],"
    " %s::bigint[], %s::text[], %s::numeric[], %s::numeric[], %s::numeric[], %s::numeric[],"
    " %s::bigint[], %s::numeric[], %s::numeric[], %s::boolean[], %s::numeric[], %s::numeric[]"
)
_INSERT_SALE = f"waserda_insert_sale(%s::bigint, {_INSERT_SALE_ARGUMENTS}) AS s"
# On a known basis the sale's id comes from the check, in the same statement (no row: it failed).
_CHECK_AND_INSERT_SALE = (
    "waserda_check_sale_basis(%s::bigint, %s::bigint, %s::bigint[], %s::numeric[], %s::numeric[], %s::numeric[],"
    " %s::numeric[], %s::numeric[]) AS b"
    f" CROSS JOIN LATERAL waserda_insert_sale(b.new_sale_id, {_INSERT_SALE_ARGUMENTS}) AS s"
)
# ... so its entry takes the id there too: the source id is the sale's id (the unsaved sale's value
# is not used), and its number replaces the unsaved sale's in the memo.
_ID_FROM_STATEMENT = {
    "source_id": "coalesce(s.sale_id::text, %s)",
    "memo": f"replace(%s, '{UNNUMBERED_SALE}', 'WS-' || lpad(s.sale_id::text, 7, '0'))",
}
_INSERTED = "s.sale_id IS NOT NULL"  # a replay answers a null id: nothing is posted then
# The sale's statements, prepared once per connection (``koperasi.core.db.prepared``).
_LOCK = PreparedStatement("waserda_lock", "SELECT * FROM waserda_lock_for_sale(%s::bigint[], %s::uuid, %s::bigint)")
_WRITE = PreparedStatement("waserda_write", f"SELECT s.sale_id, s.products_updated FROM {_INSERT_SALE}")
_WRITE_AND_POST = PreparedStatement(
    "waserda_write_and_post",
    f"SELECT s.sale_id, s.products_updated, {Posting.sql_when(_INSERTED)} FROM {_INSERT_SALE}",
)
_CHECK_AND_WRITE = PreparedStatement(
    "waserda_check_and_write", f"SELECT s.sale_id, s.products_updated FROM {_CHECK_AND_INSERT_SALE}"
)
_CHECK_WRITE_AND_POST = PreparedStatement(
    "waserda_check_write_and_post",
    f"SELECT s.sale_id, s.products_updated, {Posting.sql_when(_INSERTED, **_ID_FROM_STATEMENT)}"
    f" FROM {_CHECK_AND_INSERT_SALE}",
)


def _insert_sale_postgresql(
    sale: Sale,
    plan: stock.Plan,
    priced: list[PricedLine],
    basis: Basis,
    *,
    allow_negative: bool,
    posting: PostingFor | None,
) -> Written:
    """One statement: ``waserda_check_sale_basis`` on a known basis (migration waserda 0006), then
    ``waserda_insert_sale`` (migrations waserda 0002, 0004), then ``ledger_post_entry``."""
    recorded_at = timezone.now()
    deltas = sorted(plan.deltas.items())
    moves = list(zip(*plan.rows, strict=True))  # columns: product, kind, Δq, Δv, q after, v after
    lines = [
        (product.pk, quantity, unit_price, member_price, amount, -value)
        for (product, quantity, unit_price, member_price, amount), value in zip(priced, plan.values, strict=True)
    ]
    params = [
        _uuid_value(sale.client_uuid),
        sale.session_id,
        sale.cashier_id,
        sale.member_id,
        sale.sold_at,
        recorded_at,
        sale.offline,
        sale.payment_method,
        sale.payment_reference,
        sale.total,
        sale.cost_total,
        sale.tendered,
        sale.change,
        sale.needs_reconciliation,
        sale.reconciliation_note,
        bool(allow_negative),
        numbers_literal(pk for pk, _delta in deltas),
        numbers_literal(delta[0] for _pk, delta in deltas),
        numbers_literal(delta[1] for _pk, delta in deltas),
        numbers_literal(delta[2] for _pk, delta in deltas),
        *_literals(moves, texts=(1,)),  # the kind is text
        *_literals(list(zip(*lines, strict=True)), texts=(3,)),  # member price applied: a boolean
    ]
    if basis.locked:
        params.insert(0, sale.pk)
        statements = (_WRITE, _WRITE_AND_POST)
    else:  # the member price may be NULL
        checked = _literals(list(zip(*basis.seen, strict=True)), texts=(2,))
        params[:0] = [sale.session_id, sale.cashier_id, *checked]
        statements = (_CHECK_AND_WRITE, _CHECK_WRITE_AND_POST)
    entry = posting(sale) if posting is not None else None
    statement = statements[0]
    if entry is not None:  # the posting's placeholders come first in the text
        statement, params = statements[1], entry.params() + params
    with connection.cursor() as cursor:
        statement.execute(cursor, params)
        row = cursor.fetchone()
    if row is None:
        return Written(None, basis_held=False)
    pk, updated = row[:2]
    if pk is None:
        return Written(None)
    if updated != len(deltas):  # the products are locked and planned, so only a bug gets here
        raise WaserdaError(WaserdaErrorCode.INSUFFICIENT_STOCK, _("Not enough stock."))
    if entry is not None:
        entry.check(row[2])
    sale.pk, sale.cooperative_id, sale.recorded_at = pk, current_cooperative_id(), recorded_at
    sale.returned_total = Decimal("0")
    sale._state.adding, sale._state.db = False, connection.alias
    return Written(sale)


def _literals(columns: list[tuple], *, texts: tuple[int, ...]) -> list[str]:
    """Array literals of ``columns``: numbers, but for the columns at ``texts`` (any values)."""
    return [
        array_literal(column) if index in texts else numbers_literal(column) for index, column in enumerate(columns)
    ]
