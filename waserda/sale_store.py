"""The sale's own statements: what it reads (locking) and what it writes. A till waits on these.

* ``lock_for_sale``: locks the products (FOR UPDATE, id order) and reads the sale already recorded
  under the client UUID (a replay) and the cash session the till named; on PostgreSQL it also takes
  the new sale's id, so its journal entry can be prepared before anything is written.
* ``insert_sale``: inserts the sale, updates every product with its deltas (conditionally, unless
  stock may go negative), inserts the stock-card rows and the sale lines, and posts the sale's entry
  when given one.

On PostgreSQL each is one statement calling PL/pgSQL functions (migrations waserda 0002 and 0004:
their plans are kept per connection, and planning these small statements under row-level security
cost more than running them); ``insert_sale``'s statement calls ``ledger_post_entry`` too, after the
sale's rows. Elsewhere (SQLite: development and the demo) the same reads and rows go through the ORM
(``locks.lock_products``, ``stock.write``, ``bulk_create``) and the entry is posted after them.

A replay that commits while this sale waits for the product locks is not visible to that same
statement's snapshot; the unique (cooperative, client UUID) key then decides: the insert does
nothing and ``insert_sale`` answers ``None``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.core.db.arrays import array_literal
from koperasi.core.db.prepared import PreparedStatement
from koperasi.ledger.services import Posting
from koperasi.tenancy.context import current_cooperative_id
from waserda import locks, stock
from waserda.error_codes import WaserdaError, WaserdaErrorCode
from waserda.models import CashSession, Product, Sale, SaleLine

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


@dataclass(frozen=True)
class Locked:
    """What a sale finds once its products are locked."""

    products: dict[int, Product]
    replay_id: int | None  # the sale already recorded under the client UUID
    session: CashSession | None  # the cash session the till named, if it exists
    new_sale_id: int | None  # PostgreSQL: the id the new sale will have


def lock_for_sale(product_ids: list[int], client_uuid, session_id: int | None) -> Locked:
    """Lock the products (id order) and read what the sale needs. On PostgreSQL the products come with
    the fields a sale needs (the others load when touched)."""
    ids = sorted(set(product_ids))
    if connection.vendor != "postgresql":
        replay = Sale.objects.filter(client_uuid=client_uuid).values_list("pk", flat=True).first()
        return Locked(locks.lock_products(ids), replay, CashSession.objects.filter(pk=session_id).first(), None)
    with connection.cursor() as cursor:
        _LOCK.execute(cursor, [array_literal(ids), _uuid_value(client_uuid), session_id])
        rows = cursor.fetchall()
    width = len(_LOCKED_PRODUCT_FIELDS)
    products = {row[0]: _instance(Product, _LOCKED_PRODUCT_FIELDS, row[:width]) for row in rows if row[0] is not None}
    replay_id, session_values, new_sale_id = rows[0][width], rows[0][width + 1 : -1], rows[0][-1]
    session = _instance(CashSession, _SESSION_FIELDS, session_values) if session_values[0] else None
    return Locked(products, replay_id, session, new_sale_id)


def _instance(model, names: tuple[str, ...], values):
    """A model instance from some of its fields, as ``Model.from_db`` makes one (the other fields load
    when touched), without running ``__init__`` over every field: a sale builds four of them."""
    instance = model.__new__(model)
    instance.__dict__.update(zip(names, values, strict=True))
    instance._state = ModelState()
    instance._state.adding, instance._state.db = False, connection.alias
    return instance


def _uuid_value(value):
    return Sale._meta.get_field("client_uuid").get_db_prep_value(value, connection)


# The sale's entry, prepared once the sale has its id (``None``: nothing to post).
PostingFor = Callable[[Sale], Posting | None]


def insert_sale(
    sale: Sale, plan: stock.Plan, priced: list[PricedLine], *, allow_negative: bool, posting: PostingFor | None = None
) -> Sale | None:
    """Write ``sale`` (unsaved; on PostgreSQL with the id ``lock_for_sale`` took) with its stock change
    and lines, and post ``posting(sale)``; returns the sale saved, or ``None`` when a sale with its
    client UUID exists already (nothing is written or posted then). A refused posting raises
    ``LedgerError`` after the sale's rows were written: the caller's transaction must roll back."""
    if connection.vendor == "postgresql":
        return _insert_sale_postgresql(sale, plan, priced, allow_negative=allow_negative, posting=posting)
    saved = _insert_sale_portable(sale, plan, priced, allow_negative=allow_negative)
    prepared = posting(saved) if posting is not None else None
    if prepared is not None:
        prepared.run()
    return saved


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


_INSERT_SALE_SQL = (
    "waserda_insert_sale(%s::bigint, %s::uuid, %s::bigint, %s::bigint, %s::bigint, %s::timestamptz, %s::timestamptz,"
    " %s, %s, %s, %s::numeric, %s::numeric, %s::numeric, %s::numeric, %s, %s, %s,"
    " %s::bigint[], %s::numeric[], %s::numeric[], %s::numeric[],"
    " %s::bigint[], %s::text[], %s::numeric[], %s::numeric[], %s::numeric[], %s::numeric[],"
    " %s::bigint[], %s::numeric[], %s::numeric[], %s::boolean[], %s::numeric[], %s::numeric[]) AS s"
)
# The sale's statements, prepared once per connection (``koperasi.core.db.prepared``). With a
# posting, it runs only when the sale was inserted (a replay answers a null id).
_LOCK = PreparedStatement("waserda_lock", "SELECT * FROM waserda_lock_for_sale(%s::bigint[], %s::uuid, %s::bigint)")
_WRITE = PreparedStatement("waserda_write", f"SELECT s.sale_id, s.products_updated FROM {_INSERT_SALE_SQL}")
_WRITE_AND_POST = PreparedStatement(
    "waserda_write_and_post",
    f"SELECT s.sale_id, s.products_updated, {Posting.sql_when('s.sale_id IS NOT NULL')} FROM {_INSERT_SALE_SQL}",
)


def _insert_sale_postgresql(
    sale: Sale, plan: stock.Plan, priced: list[PricedLine], *, allow_negative: bool, posting: PostingFor | None
) -> Sale | None:
    """One statement: ``waserda_insert_sale`` (migrations waserda 0002, 0004), then ``ledger_post_entry``."""
    recorded_at = timezone.now()
    deltas = sorted(plan.deltas.items())
    moves = list(zip(*plan.rows, strict=True))  # columns: product, kind, Δq, Δv, q after, v after
    lines = [
        (product.pk, quantity, unit_price, member_price, amount, -value)
        for (product, quantity, unit_price, member_price, amount), value in zip(priced, plan.values, strict=True)
    ]
    params = [
        sale.pk,
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
        array_literal(pk for pk, _delta in deltas),
        array_literal(delta[0] for _pk, delta in deltas),
        array_literal(delta[1] for _pk, delta in deltas),
        array_literal(delta[2] for _pk, delta in deltas),
        *(array_literal(column) for column in moves),
        *(array_literal(column) for column in zip(*lines, strict=True)),
    ]
    entry = posting(sale) if posting is not None else None
    statement = _WRITE
    if entry is not None:  # the posting's placeholders come first in the text
        statement, params = _WRITE_AND_POST, entry.params() + params
    with connection.cursor() as cursor:
        statement.execute(cursor, params)
        row = cursor.fetchone()
    pk, updated = row[:2]
    if pk is None:
        return None
    if updated != len(deltas):  # the products are locked and planned, so only a bug gets here
        raise WaserdaError(WaserdaErrorCode.INSUFFICIENT_STOCK, _("Not enough stock."))
    if entry is not None:
        entry.check(row[2])
    sale.cooperative_id, sale.recorded_at = current_cooperative_id(), recorded_at
    sale.returned_total = Decimal("0")
    sale._state.adding, sale._state.db = False, connection.alias
    return sale
