"""The sale's own statements: what it reads (locking) and what it writes. A till waits on these.

* ``lock_for_sale``: locks the products (FOR UPDATE, id order) and reads the sale already recorded
  under the client UUID (a replay) and the cash session the till named.
* ``insert_sale``: inserts the sale, updates every product with its deltas (conditionally, unless
  stock may go negative), inserts the stock-card rows and the sale lines.

On PostgreSQL each is one call of a PL/pgSQL function (migration waserda 0002: their plans are kept
per connection, and planning these small statements under row-level security cost more than running
them). Elsewhere (SQLite: development and the demo) the same reads and rows go through the ORM
(``locks.lock_products``, ``stock.write``, ``bulk_create``).

A replay that commits while this sale waits for the product locks is not visible to that same
statement's snapshot; the unique (cooperative, client UUID) key then decides: the insert does
nothing and ``insert_sale`` answers ``None``.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.tenancy.context import current_cooperative_id
from waserda import locks, stock
from waserda.error_codes import WaserdaError, WaserdaErrorCode
from waserda.models import CashSession, Product, Sale, SaleLine

SALE_SOURCE = "sale"

# (product, quantity, unit price, member price applied, amount), as priced by the sale service
PricedLine = tuple


# What ``waserda_lock_for_sale`` answers (migration waserda 0002), in its column order.
_LOCKED_PRODUCT_FIELDS = [
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
]
_SESSION_FIELDS = ["id", "cooperative_id", "cashier_id", "status"]


def lock_for_sale(
    product_ids: list[int], client_uuid, session_id: int | None
) -> tuple[dict[int, Product], int | None, CashSession | None]:
    """``({pk: product}, id of the sale already recorded under client_uuid or None, the session or None)``.

    On PostgreSQL the products come with the fields a sale needs (the others load when touched)."""
    ids = sorted(set(product_ids))
    if connection.vendor != "postgresql":
        replay = Sale.objects.filter(client_uuid=client_uuid).values_list("pk", flat=True).first()
        return locks.lock_products(ids), replay, CashSession.objects.filter(pk=session_id).first()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT * FROM waserda_lock_for_sale(%s::bigint[], %s::uuid, %s::bigint)",
            [ids, _uuid_value(client_uuid), session_id],
        )
        rows = cursor.fetchall()
    width = len(_LOCKED_PRODUCT_FIELDS)
    products = {row[0]: _instance(Product, _LOCKED_PRODUCT_FIELDS, row[:width]) for row in rows if row[0] is not None}
    replay_id, session_values = rows[0][width], rows[0][width + 1 :]
    session = _instance(CashSession, _SESSION_FIELDS, session_values) if session_values[0] else None
    return products, replay_id, session


def _instance(model, names: list[str], values):
    """A model instance from some of its fields (the others load when touched). ``from_db`` wants
    the values in the model's field order."""
    by_name = dict(zip(names, values, strict=True))
    ordered = [field.attname for field in model._meta.concrete_fields if field.attname in by_name]
    return model.from_db(connection.alias, ordered, [by_name[name] for name in ordered])


def _uuid_value(value):
    return Sale._meta.get_field("client_uuid").get_db_prep_value(value, connection)


def insert_sale(sale: Sale, plan: stock.Plan, priced: list[PricedLine], *, allow_negative: bool) -> Sale | None:
    """Write ``sale`` (unsaved) with its stock change and lines; returns it saved, or ``None`` when a
    sale with its client UUID exists already (nothing is written then)."""
    if connection.vendor == "postgresql":
        return _insert_sale_postgresql(sale, plan, priced, allow_negative=allow_negative)
    return _insert_sale_portable(sale, plan, priced, allow_negative=allow_negative)


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
    "SELECT sale_id, products_updated FROM waserda_insert_sale("
    "%s::uuid, %s::bigint, %s::bigint, %s::bigint, %s::timestamptz, %s::timestamptz, %s, %s, %s,"
    " %s::numeric, %s::numeric, %s::numeric, %s::numeric, %s, %s, %s,"
    " %s::bigint[], %s::numeric[], %s::numeric[], %s::numeric[],"
    " %s::bigint[], %s::text[], %s::numeric[], %s::numeric[], %s::numeric[], %s::numeric[],"
    " %s::bigint[], %s::numeric[], %s::numeric[], %s::boolean[], %s::numeric[], %s::numeric[])"
)


def _insert_sale_postgresql(
    sale: Sale, plan: stock.Plan, priced: list[PricedLine], *, allow_negative: bool
) -> Sale | None:
    """One call of ``waserda_insert_sale`` (migration waserda 0002)."""
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
        [pk for pk, _delta in deltas],
        [delta[0] for _pk, delta in deltas],
        [delta[1] for _pk, delta in deltas],
        [delta[2] for _pk, delta in deltas],
        *(list(column) for column in moves),
        *(list(column) for column in zip(*lines, strict=True)),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_SALE_SQL, params)
        pk, updated = cursor.fetchone()
    if pk is None:
        return None
    if updated != len(deltas):  # the products are locked and planned, so only a bug gets here
        raise WaserdaError(WaserdaErrorCode.INSUFFICIENT_STOCK, _("Not enough stock."))
    sale.pk, sale.cooperative_id, sale.recorded_at = pk, current_cooperative_id(), recorded_at
    sale.returned_total = Decimal("0")
    sale._state.adding, sale._state.db = False, connection.alias
    return sale
