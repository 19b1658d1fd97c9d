"""PostgreSQL array literals (``'{1,2,NULL}'``) for the arguments of the hot-path functions.

psycopg2 turns a Python list into ``ARRAY[...]`` element by element (about 9 µs a list, whatever its
length); a POS sale passes 25 of them. Written here as one text literal each (the SQL casts it,
``%s::numeric[]``), a sale's statement is adapted in half the time and PostgreSQL parses one
constant per array instead of an expression per element.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal


def _element(value) -> str:
    if value is None:
        return "NULL"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    raise TypeError(f"no array literal for {type(value).__name__}")


def array_literal(values: Iterable) -> str:
    """``values`` (None, bool, int, Decimal or str) as the text of a one-dimensional array."""
    return "{" + ",".join(map(_element, values)) + "}"
