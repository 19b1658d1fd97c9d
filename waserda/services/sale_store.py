"""The sale's own statements: what it reads (locking) and what it writes. A till waits on these.

* ``lock_for_sale``: one statement (``waserda_lock_for_sale``, ``waserda/sql/``) locks the
  products (FOR UPDATE, id order), reads the sale already recorded under the client UUID (a replay)
  and the cash session the till named, and takes the new sale's id, so its journal entry can be
  prepared before anything is written.
* ``insert_sale``: one statement (``waserda_insert_sale``, ``waserda/sql/``) inserts
  the sale, updates every product with its deltas (conditionally, unless stock may go negative),
  inserts the stock-card rows and the sale lines, and then posts the sale's entry through
  ``ledger_post_entry``.

Why two PL/pgSQL functions and not the ORM: docs/performance.md ("Waserda: the POS sale").

A replay that commits while this sale waits for the product locks is not visible to that same
statement's snapshot; the unique (cooperative, client UUID) key then decides: the insert does
nothing and ``insert_sale`` answers ``None``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.core.db.arrays import array_literal, numbers_literal
from koperasi.ledger.services import Posting
from koperasi.tenancy.context import current_cooperative_id
from waserda.error_codes import WaserdaError, WaserdaErrorCode
from waserda.models import CashSession, Product, Sale
from waserda.services import stock

SALE_SOURCE = "sale"

# (product, quantity, unit price, member price applied, amount), as priced by the sale service
PricedLine = tuple


# What ``waserda_lock_for_sale`` answers (``waserda/sql/waserda_lock_for_sale.sql``), in its column order.
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
class Basis:
    """What a sale is priced and costed on: its products and cash session, locked."""

    products: dict[int, Product]
    replay_id: int | None  # the sale already recorded under the client UUID
    session: CashSession | None  # the cash session the till named, if it exists
    new_sale_id: int  # the id the new sale will have


_LOCK = "SELECT * FROM waserda_lock_for_sale(%s::bigint[], %s::uuid, %s::bigint)"


def lock_for_sale(product_ids: list[int], client_uuid, session_id: int | None) -> Basis:
    """Lock the products (id order) and read what the sale needs: the products come with the fields a
    sale needs (the others load when touched)."""
    ids = sorted(set(product_ids))
    with connection.cursor() as cursor:
        cursor.execute(_LOCK, [array_literal(ids), _uuid_value(client_uuid), session_id])
        rows = cursor.fetchall()
    width = len(_LOCKED_PRODUCT_FIELDS)
    products = {row[0]: _instance(Product, _LOCKED_PRODUCT_FIELDS, row[:width]) for row in rows if row[0] is not None}
    replay_id, session_values, new_sale_id = rows[0][width], rows[0][width + 1 : -1], rows[0][-1]
    session = _instance(CashSession, _SESSION_FIELDS, session_values) if session_values[0] else None
    return Basis(products, replay_id, session, new_sale_id)


def _instance(model, names: tuple[str, ...], values):
    """A model instance from some of its fields, as ``Model.from_db`` makes one (the other fields load
    when touched)."""
    instance = model.__new__(model)
    instance.__dict__.update(zip(names, values, strict=True))
    instance._state = ModelState()
    instance._state.adding, instance._state.db = False, DEFAULT_DB_ALIAS  # the alias of ``connection``
    return instance


def _uuid_value(value):
    return Sale._meta.get_field("client_uuid").get_db_prep_value(value, connection)


# The sale's entry, prepared once the sale has its id (``None``: nothing to post).
PostingFor = Callable[[Sale], Posting | None]

_INSERT_SALE = (
    "waserda_insert_sale(%s::bigint, %s::uuid, %s::bigint, %s::bigint, %s::bigint, %s::timestamptz,"
    " %s::timestamptz, %s, %s, %s, %s::numeric, %s::numeric, %s::numeric, %s::numeric, %s, %s, %s,"
    " %s::bigint[], %s::numeric[], %s::numeric[], %s::numeric[],"
    " %s::bigint[], %s::text[], %s::numeric[], %s::numeric[], %s::numeric[], %s::numeric[],"
    " %s::bigint[], %s::numeric[], %s::numeric[], %s::boolean[], %s::numeric[], %s::numeric[]) AS s"
)
_WRITE = f"SELECT s.sale_id, s.products_updated FROM {_INSERT_SALE}"
# A replay answers a null id: nothing is posted then. The posting's placeholders come first.
_POSTED_UNLESS_REPLAY = Posting.sql_when("s.sale_id IS NOT NULL")
_WRITE_AND_POST = f"SELECT s.sale_id, s.products_updated, {_POSTED_UNLESS_REPLAY} FROM {_INSERT_SALE}"


def insert_sale(
    sale: Sale,
    plan: stock.Plan,
    priced: list[PricedLine],
    *,
    allow_negative: bool,
    posting: PostingFor | None = None,
) -> Sale | None:
    """Write ``sale`` (unsaved, with the id ``lock_for_sale`` took) with its stock change and lines, and
    post ``posting(sale)``, in one statement; ``None`` when a sale with its client UUID exists already.
    A refused posting raises ``LedgerError`` after the sale's rows were written: the caller's
    transaction must roll back."""
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
        numbers_literal(pk for pk, _delta in deltas),
        numbers_literal(delta[0] for _pk, delta in deltas),
        numbers_literal(delta[1] for _pk, delta in deltas),
        numbers_literal(delta[2] for _pk, delta in deltas),
        *_literals(moves, texts=(1,)),  # the kind is text
        *_literals(list(zip(*lines, strict=True)), texts=(3,)),  # member price applied: a boolean
    ]
    entry = posting(sale) if posting is not None else None
    statement = _WRITE
    if entry is not None:
        statement, params = _WRITE_AND_POST, entry.params() + params
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
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


def _literals(columns: list[tuple], *, texts: tuple[int, ...]) -> list[str]:
    """Array literals of ``columns``: numbers, but for the columns at ``texts`` (any values)."""
    return [
        array_literal(column) if index in texts else numbers_literal(column) for index, column in enumerate(columns)
    ]
