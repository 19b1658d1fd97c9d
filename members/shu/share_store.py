"""Writing a draft's member rows in one statement: the columns as arrays, unnested by PostgreSQL. A large
cooperative's draft writes 100.000 rows; through the ORM's ``bulk_create`` that took 6 s of the draft's
12 (docs/performance.md, "SHU: writing the draft"). Row-level security applies as to any insert."""

from __future__ import annotations

import json
from decimal import Decimal

from django.db import connection

_INSERT = """
INSERT INTO members_shushare (cooperative_id, distribution_id, member_id, capital_base, patronage_bases,
                              capital_amount, patronage_amount, total, paid)
SELECT %(cooperative)s, %(distribution)s, member, capital_base, bases::jsonb, capital, patronage,
       capital + patronage, 0
  FROM unnest(%(members)s::bigint[], %(capital_bases)s::numeric[], %(bases)s::text[], %(capital)s::numeric[],
              %(patronage)s::numeric[]) AS row (member, capital_base, bases, capital, patronage)
"""


def insert_shares(
    cooperative_id: int, distribution_id: int, rows: list[tuple[int, Decimal, dict[str, Decimal], Decimal, Decimal]]
) -> None:
    """``rows``: (member id, capital base, patronage per source, jasa modal, jasa usaha)."""
    if not rows:
        return
    members, capital_bases, bases, capital, patronage = zip(*rows, strict=True)
    with connection.cursor() as cursor:
        cursor.execute(_INSERT, {
            "cooperative": cooperative_id, "distribution": distribution_id, "members": list(members),
            "capital_bases": list(capital_bases), "capital": list(capital), "patronage": list(patronage),
            "bases": [json.dumps({key: str(value) for key, value in row.items()}) for row in bases],
        })  # fmt: skip


def delete_shares(distribution_id: int) -> None:
    """A draft's member rows, dropped before it is computed again (one statement; a draft has no payouts,
    so the ORM's collection of related rows, 8 s for 100.000 rows, buys nothing)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM members_shushare WHERE distribution_id = %s", [distribution_id])
