"""A delivery's write: its posting and its rows in one statement (docs/performance.md, "Supply: delivery
intake"). ``ledger_post_entry`` runs first; only when it posted does ``procurement_insert_delivery``
(``procurement/sql/``) insert the delivery, carrying its entry, and the delivery's lot. A refused posting
writes nothing, so the caller's transaction stays usable."""

from __future__ import annotations

import json

from django.db import connection

from koperasi.ledger.services import Posting
from procurement.models import Delivery

_INSERT = (
    "procurement_insert_delivery(%s::bigint, %s::uuid, %s::bigint, %s::bigint, %s::bigint, %s::date, %s,"
    " %s::numeric, %s::numeric, %s, %s::jsonb, %s::bigint, %s::int, %s::numeric, %s::numeric, %s::bigint,"
    " %s::timestamptz, {entry})"
)
_WRITE = f"SELECT {_INSERT.format(entry='NULL')}"
_POST_AND_WRITE = (
    f"SELECT p.{', p.'.join(Posting.COLUMNS.split(', '))},"
    f" CASE WHEN p.outcome = 'posted' THEN {_INSERT.format(entry='p.entry_id')} END"
    f" FROM {Posting.call()} AS p"
)


def insert(delivery: Delivery, posting: Posting | None) -> None:
    """Write ``delivery`` (unsaved, with the id its basis took) and its lot, after posting ``posting``
    (``None``: a delivery worth nothing posts nothing). Raises the posting's refusal, having written
    nothing; a delivery recorded meanwhile under the same key raises ``IntegrityError``."""
    params = [
        delivery.pk,
        str(delivery.key),
        delivery.supplier_id,
        delivery.farmer_id,
        delivery.material_id,
        delivery.date,
        delivery.collection_point,
        delivery.quantity,
        delivery.rejected_quantity,
        delivery.grade,
        json.dumps(delivery.readings),
        delivery.price_rule_id,
        delivery.price_rule_version,
        delivery.unit_price,
        delivery.value,
        delivery.created_by_id,
        delivery.created_at,
    ]
    with connection.cursor() as cursor:
        if posting is None:
            cursor.execute(_WRITE, params)
        else:
            cursor.execute(_POST_AND_WRITE, params + posting.params())  # in the text's order
            delivery.journal_entry = posting.entry_from(cursor.fetchone()[:5])
    delivery._state.adding, delivery._state.db = False, connection.alias
